"""The signing password's rule for a *new* password (6-16 of A-Z and 0-9, letters and digits
mixed; src:jpki-password) through real pcscd + vpcd + the virtual card: the client refuses an
unmixed one before the card, the card's CHANGE REFERENCE DATA refuses it too, and a card whose
password predates the rule still VERIFYs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from smartcard.System import readers

from app.card.errors import PinFormatError
from app.card.jpki import MyNumberCard
from app.card.pin import PinKind
from app.card.transport import PcscTransport
from backend_stub.jlis import CardProfile

pytestmark = pytest.mark.integration

SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
SELECT_SIGN_PIN = bytes.fromhex("00A4020C02001B")


@pytest.mark.parametrize("new", ["123456", "ABCDEF"])
def test_an_unmixed_new_password_is_refused_before_the_card(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile, new: str
) -> None:
    attached = vpcd_card(demo_profile)
    with MyNumberCard(PcscTransport(attached.reader_name)) as card, pytest.raises(PinFormatError) as err:
        card.change_pin(PinKind.SIGN, "ABC123", new)
    assert err.value.rule == "mix"
    assert attached.card.pin("sign") == "ABC123"
    assert attached.card.tries["sign"] == 5


def _transmit(conn: Any, apdu: bytes) -> int:
    _data, sw1, sw2 = conn.transmit(list(apdu))
    return int(sw1) << 8 | int(sw2)


def test_the_card_itself_refuses_an_unmixed_new_password_and_verifies_an_old_one(
    vpcd_card: Callable[..., Any], demo_profile: CardProfile
) -> None:
    attached = vpcd_card(dataclasses.replace(demo_profile, sign_pin="111111"))  # set before the rule
    (reader,) = [r for r in readers() if str(r) == attached.reader_name]
    conn = reader.createConnection()
    conn.connect()
    try:
        assert _transmit(conn, SELECT_JPKI) == 0x9000
        assert _transmit(conn, SELECT_SIGN_PIN) == 0x9000
        assert _transmit(conn, bytes.fromhex("0020008006") + b"111111") == 0x9000  # VERIFY: no rule
        for new in (b"123456", b"ABCDEF"):
            assert _transmit(conn, bytes.fromhex("0024018006") + new) == 0x6A80  # wrong data
        assert attached.card.pin("sign") == "111111"
        assert _transmit(conn, bytes.fromhex("0024018006") + b"XYZ789") == 0x9000
    finally:
        conn.disconnect()
    assert attached.card.pin("sign") == "XYZ789"
    with MyNumberCard(PcscTransport(attached.reader_name)) as card:
        card.verify(PinKind.SIGN, "xyz789")  # typed in lower case: upper-cased, as jpki.go.jp says
