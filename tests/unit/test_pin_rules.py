"""A new signing password must mix letters and digits (6–16 of A–Z and 0–9; jpki.go.jp), in the
client, in the stub J-LIS that issues cards and in the virtual card; an existing password is
still presented to VERIFY as it is."""

from __future__ import annotations

import dataclasses
import pathlib

import pytest

from app.card.errors import PinFormatError
from app.card.jpki import MyNumberCard
from app.card.pin import PinKind, validate_new_pin, validate_pin
from app.card.transport import CallableTransport
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.card import holder, make_card


@pytest.mark.parametrize("new", ["123456", "ABCDEF", "abcdefgh", "0000000000000000"])
def test_client_refuses_a_new_signing_password_without_letters_and_digits(new: str) -> None:
    with pytest.raises(PinFormatError) as err:
        validate_new_pin(PinKind.SIGN, new)
    assert err.value.rule == "mix"
    assert new not in str(err.value)


def test_client_accepts_a_mixed_password_and_upper_cases_it() -> None:
    assert validate_new_pin(PinKind.SIGN, "abc123") == "ABC123"
    assert validate_new_pin(PinKind.SIGN, "ABC123") == "ABC123"
    assert validate_new_pin(PinKind.AUTH, "1234") == "1234"


def test_an_existing_all_digit_password_is_still_accepted_for_verify() -> None:
    assert validate_pin(PinKind.SIGN, "123456") == "123456"


def _card_with(profile: CardProfile, sign_pin: str) -> VirtualCard:
    return make_card(dataclasses.replace(profile, sign_pin=sign_pin))


def test_change_to_123456_is_refused_before_the_card_and_costs_no_try(demo_profile: CardProfile) -> None:
    vc = make_card(demo_profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))
    with card, pytest.raises(PinFormatError):
        card.change_pin(PinKind.SIGN, "ABC123", "123456")
    assert vc.pin("sign") == "ABC123"
    assert vc.tries["sign"] == 5


def test_change_to_a_mixed_password_works_and_verify_of_an_all_digit_one_still_works(
    demo_profile: CardProfile,
) -> None:
    vc = _card_with(demo_profile, "123456")  # a card whose password predates the rule
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))
    with card:
        card.verify(PinKind.SIGN, "123456")
        card.change_pin(PinKind.SIGN, "123456", "xyz789")
    assert vc.pin("sign") == "XYZ789"


SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")


def _sw(card: VirtualCard, apdu: bytes) -> int:
    return int.from_bytes(card.transmit(apdu)[-2:], "big")


@pytest.mark.parametrize(("new", "expected"), [("123456", 0x6A80), ("ABCDEF", 0x6A80), ("ABC999", 0x9000)])
def test_virtual_card_change_reference_data_wants_letters_and_digits(
    demo_profile: CardProfile, new: str, expected: int
) -> None:
    vc = _card_with(demo_profile, "111111")
    assert _sw(vc, SELECT_JPKI) == 0x9000
    assert _sw(vc, bytes.fromhex("00A4020C02001B")) == 0x9000
    assert _sw(vc, bytes.fromhex("0020008006") + b"111111") == 0x9000  # VERIFY of the old one
    assert _sw(vc, bytes.fromhex("0024018006") + new.encode()) == expected
    assert vc.pin("sign") == (new if expected == 0x9000 else "111111")


@pytest.mark.parametrize("sign_pin", ["123456", "ABCDEF"])
def test_stub_jlis_does_not_issue_a_card_with_an_unmixed_password(tmp_path: pathlib.Path, sign_pin: str) -> None:
    jlis = JLIS(tmp_path)
    with pytest.raises(ValueError, match="mixed") as err:
        jlis.issue_card(holder("r-pin-rule"), auth_pin="1234", sign_pin=sign_pin, kenhojo_pin="1234")
    assert sign_pin not in str(err.value)
    assert jlis.issue_card(holder("r-pin-rule"), auth_pin="1234", sign_pin="ABC123", kenhojo_pin="1234")
