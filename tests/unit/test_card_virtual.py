"""The card layer against the independent in-process virtual card (backend_stub)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.card.errors import CardRemovedDuringOperation, PinBlocked, PinFormatError, WrongPin
from app.card.jpki import MyNumberCard, digest_info_sha256
from app.card.pin import PinKind
from app.card.transport import CallableTransport
from backend_stub.jlis import CardProfile
from tests.fixtures.card import make_card

PINS = {PinKind.AUTH: "1234", PinKind.SIGN: "ABC123", PinKind.KENHOJO: "1234"}
WRONG = {PinKind.AUTH: "9999", PinKind.SIGN: "ZZZ999", PinKind.KENHOJO: "9999"}


def open_card(profile: CardProfile, **knobs: Any) -> tuple[MyNumberCard, Any]:
    vc = make_card(profile, **knobs)
    return MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual")), vc


def rsa_verify(cert_der: bytes, signature: bytes, message: bytes) -> None:
    key = x509.load_der_x509_certificate(cert_der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())


def test_detect_and_certificates_parse(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    assert card.detect() == "JPKIAPICCTOKEN2"
    auth = x509.load_der_x509_certificate(card.read_auth_certificate())
    auth_ca = x509.load_der_x509_certificate(card.read_auth_ca_certificate())
    sign_ca = x509.load_der_x509_certificate(card.read_sign_ca_certificate())
    sign = x509.load_der_x509_certificate(card.read_sign_certificate("abc123"))
    assert auth == demo_profile.auth_cert
    assert sign == demo_profile.sign_cert
    assert auth.issuer == auth_ca.subject
    assert sign.issuer == sign_ca.subject


def test_auth_signature_verifies_against_the_certificate(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    cert = card.read_auth_certificate()
    message = hashlib.sha256(b"https://portal.example").digest() + hashlib.sha256(b"nonce").digest()
    sig = card.sign(PinKind.AUTH, "1234", digest_info_sha256(hashlib.sha256(message).digest()))
    rsa_verify(cert, sig, message)
    with pytest.raises(InvalidSignature):
        rsa_verify(cert, sig, message + b"x")


def test_sign_key_signature_verifies_against_the_sign_certificate(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    sig = card.sign(PinKind.SIGN, "abc123", digest_info_sha256(hashlib.sha256(b"form").digest()))
    rsa_verify(card.read_sign_certificate("ABC123"), sig, b"form")


@pytest.mark.parametrize("kind", list(PinKind))
def test_tries_count_down_and_block_exactly_at_the_limit(demo_profile: CardProfile, kind: PinKind) -> None:
    card, _ = open_card(demo_profile)
    assert card.pin_tries(kind) == kind.max_tries
    for left in range(kind.max_tries - 1, 0, -1):
        with pytest.raises(WrongPin) as info:
            card.verify(kind, WRONG[kind])
        assert info.value.tries_left == left
        assert card.pin_tries(kind) == left
    with pytest.raises(PinBlocked):  # the try that blocks
        card.verify(kind, WRONG[kind])
    assert card.pin_tries(kind) == 0
    with pytest.raises(PinBlocked):  # even the right PIN, afterwards
        card.verify(kind, PINS[kind])


def test_correct_pin_resets_the_counter(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    with pytest.raises(WrongPin):
        card.verify(PinKind.AUTH, "0000")
    card.verify(PinKind.AUTH, "1234")
    assert card.pin_tries(PinKind.AUTH) == 3


def test_malformed_pin_never_reaches_the_card(demo_profile: CardProfile) -> None:
    card, vc = open_card(demo_profile)
    before = card.apdu_count
    with pytest.raises(PinFormatError):
        card.sign(PinKind.AUTH, "12345", digest_info_sha256(bytes(32)))
    with pytest.raises(PinFormatError):
        card.read_sign_certificate("short")
    assert card.apdu_count == before
    assert vc.apdu_count == 0
    assert card.pin_tries(PinKind.AUTH) == 3


def test_text_data_matches_the_holder(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    data = card.read_text_data("1234")
    h = demo_profile.holder
    assert data.my_number == h.my_number
    assert data.name == h.name
    assert data.address == h.address
    assert data.birth_date == h.birth_date.strftime("%Y%m%d")
    assert data.sex == h.sex


def test_change_pin_then_old_pin_is_wrong(demo_profile: CardProfile) -> None:
    card, _ = open_card(demo_profile)
    card.change_pin(PinKind.SIGN, "abc123", "NEWPASS9")
    with pytest.raises(WrongPin):
        card.verify(PinKind.SIGN, "ABC123")
    card.verify(PinKind.SIGN, "newpass9")


@pytest.mark.parametrize("after", [1, 3, 6, 9])
def test_removal_mid_operation_is_card_removed(demo_profile: CardProfile, after: int) -> None:
    card, _ = open_card(demo_profile, remove_after=after)

    def login() -> bytes:
        card.detect()
        card.read_auth_certificate()
        return card.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))

    with pytest.raises(CardRemovedDuringOperation):
        login()
    with pytest.raises(CardRemovedDuringOperation):  # and it stays gone, promptly
        card.pin_tries(PinKind.AUTH)


def test_expired_card_still_reads_and_shows_its_dates(expired_profile: CardProfile) -> None:
    card, _ = open_card(expired_profile)
    cert = x509.load_der_x509_certificate(card.read_auth_certificate())
    assert cert.not_valid_after_utc < datetime.datetime.now(datetime.UTC)


def test_login_apdu_count_is_the_protocol_minimum(demo_profile: CardProfile) -> None:
    """Read the auth certificate, then sign: SELECT AP, SELECT 000A, ceil(n/256) READ BINARY,
    SELECT 0018, VERIFY, SELECT 0017, SIGN. Nothing else."""
    card, _ = open_card(demo_profile)
    with card.session():
        cert = card.read_auth_certificate()
        card.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
    reads = -(-len(cert) // 256)
    assert card.apdu_count == 2 + reads + 4
