"""The virtual My Number Card, APDU by APDU: JPKI AP, PINs, signatures, status words, state."""

from __future__ import annotations

import hashlib
import json
import pathlib
import time

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from backend_stub.card import ATR, CardRemovedError, VirtualCard
from backend_stub.jlis import CardProfile
from tests.fixtures.card import make_card

SELECT_JPKI = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
SELECT_KENHOJO = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"
SELECT_KENKAKU = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02"
SHA256_PREFIX = bytes.fromhex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20")
SHA1_PREFIX = bytes.fromhex("30 21 30 09 06 05 2B 0E 03 02 1A 05 00 04 14")


def tx(card: VirtualCard, apdu: str | bytes) -> tuple[bytes, int]:
    raw = bytes.fromhex(apdu) if isinstance(apdu, str) else apdu
    response = card.transmit(raw)
    assert len(response) >= 2
    return response[:-2], int.from_bytes(response[-2:], "big")


def sw(card: VirtualCard, apdu: str | bytes) -> int:
    return tx(card, apdu)[1]


def select_ef(card: VirtualCard, fid: int) -> int:
    return sw(card, f"00 A4 02 0C 02 {fid:04X}")


def verify(card: VirtualCard, pin_fid: int, pin: str) -> int:
    assert select_ef(card, pin_fid) == 0x9000
    data = pin.encode()
    return sw(card, bytes.fromhex("00 20 00 80") + bytes([len(data)]) + data)


def read_ef(card: VirtualCard, chunk: int = 256) -> bytes:
    """Reads the current EF in short chunks until 6B00, like a careful client."""
    out = b""
    while True:
        data, status = tx(card, bytes([0x00, 0xB0, len(out) >> 8, len(out) & 0xFF, chunk & 0xFF]))
        if status == 0x6B00:
            return out
        assert status == 0x9000
        assert data
        out += data


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def sign_apdu(digest_info: bytes, p2: int = 0x80) -> bytes:
    return bytes([0x80, 0x2A, 0x00, p2, len(digest_info)]) + digest_info + b"\x00"


def verify_sig(
    cert: x509.Certificate, signature: bytes, digest: bytes, algorithm: hashes.HashAlgorithm
) -> None:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(algorithm))


@pytest.fixture
def card(demo_card: VirtualCard) -> VirtualCard:
    assert sw(demo_card, SELECT_JPKI) == 0x9000
    return demo_card


# -- ATR, SELECT ---------------------------------------------------------------------------


def test_atr_is_the_t1_contact_atr() -> None:
    assert bytes.fromhex("3B C5 FF 81 31 FB 45 80 73 C6 01 00 00") == ATR
    assert VirtualCard.atr == ATR


def test_select_applications(demo_card: VirtualCard) -> None:
    assert tx(demo_card, SELECT_JPKI) == (b"", 0x9000)
    assert tx(demo_card, SELECT_KENHOJO) == (b"", 0x9000)
    assert tx(demo_card, SELECT_KENKAKU) == (b"", 0x9000)
    assert sw(demo_card, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02") == 0x6A82
    assert sw(demo_card, "00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01") == 0x9000  # P2=00 tolerated
    assert sw(demo_card, "00 A4 04 04 0A D3 92 F0 00 26 01 00 00 00 01") == 0x6A86
    assert sw(demo_card, "00 A4 04 0C") == 0x6700


def test_select_ef_needs_a_df(demo_card: VirtualCard) -> None:
    assert select_ef(demo_card, 0x000A) == 0x6986
    assert sw(demo_card, SELECT_JPKI) == 0x9000
    assert select_ef(demo_card, 0x000A) == 0x9000
    assert select_ef(demo_card, 0x0011) == 0x6A82  # a kenhojo FID, not in the JPKI AP
    assert sw(demo_card, "00 A4 02 0C 01 0A") == 0x6700
    assert sw(demo_card, "00 A4 02 0C 03 00 0A 00") == 0x6700
    assert sw(demo_card, "00 A4 02 00 02 00 0A") == 0x9000
    assert sw(demo_card, "00 A4 01 0C 02 00 0A") == 0x6A86


def test_failed_aid_select_keeps_the_current_application(card: VirtualCard) -> None:
    assert sw(card, "00 A4 04 0C 05 A0 00 00 00 03") == 0x6A82
    assert select_ef(card, 0x000A) == 0x9000


# -- READ BINARY ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fid", "attr"), [(0x000A, "auth_cert"), (0x000B, "auth_ca_cert"), (0x0002, "sign_ca_cert")]
)
def test_free_certificates_read_in_short_chunks(
    card: VirtualCard, demo_profile: CardProfile, fid: int, attr: str
) -> None:
    assert select_ef(card, fid) == 0x9000
    assert read_ef(card) == der(getattr(demo_profile, attr))


def test_read_header_then_exact_length_like_opensc(card: VirtualCard, demo_profile: CardProfile) -> None:
    expected = der(demo_profile.auth_cert)
    assert select_ef(card, 0x000A) == 0x9000
    head, status = tx(card, "00 B0 00 00 04")
    assert status == 0x9000
    assert head[:2] == b"\x30\x82"
    total = int.from_bytes(head[2:4], "big") + 4
    assert total == len(expected)
    data, status = tx(card, bytes.fromhex("00 B0 00 04 00") + (total - 4).to_bytes(2, "big"))  # extended Le
    assert status == 0x9000
    assert head + data == expected


def test_extended_le_zero_reads_the_whole_ef(card: VirtualCard, demo_profile: CardProfile) -> None:
    assert select_ef(card, 0x000A) == 0x9000
    assert tx(card, "00 B0 00 00 00 00 00") == (der(demo_profile.auth_cert), 0x9000)


def test_short_le_zero_means_256(card: VirtualCard, demo_profile: CardProfile) -> None:
    assert select_ef(card, 0x000A) == 0x9000
    assert tx(card, "00 B0 00 00 00") == (der(demo_profile.auth_cert)[:256], 0x9000)
    assert tx(card, "00 B0 01 00 10") == (der(demo_profile.auth_cert)[256:272], 0x9000)


def test_short_ef_id_read(card: VirtualCard, demo_profile: CardProfile) -> None:
    expected = der(demo_profile.auth_cert)
    assert tx(card, "00 B0 8A 00 00 00 00") == (expected, 0x9000)  # JSA: P1 = 0x80|SFI, Le = 65536
    assert tx(card, "00 B0 8A 10 08") == (expected[16:24], 0x9000)
    # READ BINARY by SFI makes that EF current.
    assert tx(card, "00 B0 00 00 04") == (expected[:4], 0x9000)
    assert sw(card, "00 B0 9F 00 00") == 0x6A82
    assert sw(card, "00 B0 C0 00 00") == 0x6A86


def test_token_ef(card: VirtualCard) -> None:
    assert select_ef(card, 0x0006) == 0x9000
    data, status = tx(card, "00 B0 00 00 20")
    assert status == 0x9000
    assert data == b"JPKIAPICCTOKEN2".ljust(32, b" ")
    assert data.rstrip(b" ") == b"JPKIAPICCTOKEN2"
    assert tx(card, "00 B0 00 00 00") == (data, 0x9000)  # Le=00 gives what exists


def test_read_past_the_end(card: VirtualCard, demo_profile: CardProfile) -> None:
    size = len(der(demo_profile.auth_cert))
    assert select_ef(card, 0x000A) == 0x9000
    assert tx(card, bytes([0, 0xB0, (size - 1) >> 8, (size - 1) & 0xFF, 0])) == (
        der(demo_profile.auth_cert)[-1:],
        0x9000,
    )
    assert sw(card, bytes([0, 0xB0, size >> 8, size & 0xFF, 0])) == 0x6B00
    assert sw(card, "00 B0 7F FF 01") == 0x6B00


def test_read_binary_errors(card: VirtualCard) -> None:
    assert sw(card, "00 B0 00 00 04") == 0x6986  # no current EF
    assert select_ef(card, 0x000A) == 0x9000
    assert sw(card, "00 B0 00 00") == 0x6700  # no Le
    assert sw(card, "00 B0 00 00 01 00") == 0x6700  # data instead of Le
    assert sw(card, "00 B0 00 00 01 00 00") == 0x6700  # case 4
    assert select_ef(card, 0x0017) == 0x9000
    assert sw(card, "00 B0 00 00 00") == 0x6982  # private keys never leave the card
    assert select_ef(card, 0x0018) == 0x9000
    assert sw(card, "00 B0 00 00 00") == 0x6981


def test_read_binary_without_an_application(demo_card: VirtualCard) -> None:
    assert sw(demo_card, "00 B0 00 00 00") == 0x6986
    assert sw(demo_card, "00 B0 8A 00 00") == 0x6986


def test_sign_certificate_needs_the_sign_pin(card: VirtualCard, demo_profile: CardProfile) -> None:
    assert select_ef(card, 0x0001) == 0x9000
    assert sw(card, "00 B0 00 00 04") == 0x6982
    assert sw(card, "00 B0 81 00 04") == 0x6982
    assert verify(card, 0x0018, "1234") == 0x9000  # the auth PIN does not open it
    assert select_ef(card, 0x0001) == 0x9000
    assert sw(card, "00 B0 00 00 04") == 0x6982
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert select_ef(card, 0x0001) == 0x9000
    assert read_ef(card) == der(demo_profile.sign_cert)


# -- VERIFY ------------------------------------------------------------------------------


@pytest.mark.parametrize(("pin_fid", "kind", "tries"), [(0x0018, "auth", 3), (0x001B, "sign", 5)])
def test_pin_status_query_spends_nothing(card: VirtualCard, pin_fid: int, kind: str, tries: int) -> None:
    assert select_ef(card, pin_fid) == 0x9000
    for _ in range(4):
        assert tx(card, "00 20 00 80") == (b"", 0x63C0 | tries)
    assert card.tries[kind] == tries


@pytest.mark.parametrize(
    ("select", "pin_fid", "kind", "right", "wrong", "tries"),
    [
        (SELECT_JPKI, 0x0018, "auth", "1234", "9999", 3),
        (SELECT_JPKI, 0x001B, "sign", "ABC123", "ABC124", 5),
        (SELECT_KENHOJO, 0x0011, "kenhojo", "1234", "0000", 3),
    ],
)
def test_pin_blocks_exactly_after_its_tries(
    demo_card: VirtualCard, select: str, pin_fid: int, kind: str, right: str, wrong: str, tries: int
) -> None:
    assert sw(demo_card, select) == 0x9000
    for left in range(tries - 1, -1, -1):
        assert verify(demo_card, pin_fid, wrong) == 0x63C0 | left
        assert demo_card.tries[kind] == left
    # Blocked: even the right PIN and the status query answer 6984.
    assert verify(demo_card, pin_fid, right) == 0x6984
    assert sw(demo_card, "00 20 00 80") == 0x6984
    assert demo_card.tries[kind] == 0
    # It stays blocked across power cycles and resets.
    demo_card.power_off()
    demo_card.power_on()
    demo_card.reset()
    assert sw(demo_card, select) == 0x9000
    assert verify(demo_card, pin_fid, right) == 0x6984


def test_right_pin_resets_the_counter(card: VirtualCard) -> None:
    assert verify(card, 0x001B, "WRONG1") == 0x63C4
    assert verify(card, 0x001B, "WRONG2") == 0x63C3
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert card.tries["sign"] == 5
    assert verify(card, 0x001B, "WRONG3") == 0x63C4


def test_status_query_after_verify_answers_9000(card: VirtualCard) -> None:
    assert verify(card, 0x0018, "1234") == 0x9000
    assert sw(card, "00 20 00 80") == 0x9000
    assert verify(card, 0x0018, "0000") == 0x63C2  # a wrong try clears the verified state
    assert sw(card, "00 20 00 80") == 0x63C2
    assert "auth" not in card.verified


def test_pin_is_compared_exactly(card: VirtualCard) -> None:
    assert verify(card, 0x001B, "abc123") == 0x63C4  # clients upper-case; the card does not
    assert verify(card, 0x0018, "12345") == 0x63C2  # malformed input still burns a try
    assert verify(card, 0x0018, "123") == 0x63C1


def test_verify_by_short_ef_id_without_select(card: VirtualCard) -> None:
    assert select_ef(card, 0x000A) == 0x9000
    assert tx(card, "00 20 00 98") == (b"", 0x63C3)  # 0x80 | 0x18
    assert sw(card, "00 20 00 9B 06" + b"ABC123".hex()) == 0x9000
    # The current EF stays the certificate.
    assert sw(card, "00 B0 00 00 04") == 0x9000
    assert sw(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08") == 0x9000
    assert tx(card, "00 20 00 91") == (b"", 0x63C3)  # kenhojo EF 11, as JSA sends it


def test_verify_errors(card: VirtualCard) -> None:
    assert select_ef(card, 0x000A) == 0x9000
    assert sw(card, "00 20 00 80 04 31 32 33 34") == 0x6A88  # current EF is not a PIN
    assert sw(card, "00 20 00 8A") == 0x6A88
    assert sw(card, "00 20 00 01") == 0x6A86
    assert sw(card, "00 20 01 80") == 0x6A86
    assert sw(card, "00 20 00 98 00") == 0x6700  # an Le
    assert sw(card, "00 20 00 98 04 31 32") == 0x6700  # Lc says 4, 2 bytes follow
    assert card.tries["auth"] == 3


def test_verify_needs_an_application(demo_card: VirtualCard) -> None:
    assert sw(demo_card, "00 20 00 80") == 0x6986
    assert sw(demo_card, "00 20 00 98") == 0x6986


# -- COMPUTE DIGITAL SIGNATURE -----------------------------------------------------------


def _digest_info(message: bytes) -> tuple[bytes, bytes]:
    digest = hashlib.sha256(message).digest()
    return digest, SHA256_PREFIX + digest


@pytest.mark.parametrize(
    ("pin_fid", "pin", "key_fid", "cert_attr"),
    [(0x0018, "1234", 0x0017, "auth_cert"), (0x001B, "ABC123", 0x001A, "sign_cert")],
)
def test_signature_verifies_with_the_certificate(
    card: VirtualCard, demo_profile: CardProfile, pin_fid: int, pin: str, key_fid: int, cert_attr: str
) -> None:
    digest, digest_info = _digest_info(b"M = SHA-256(origin) || SHA-256(nonce)")
    assert len(digest_info) == 0x33
    assert verify(card, pin_fid, pin) == 0x9000
    assert select_ef(card, key_fid) == 0x9000
    signature, status = tx(card, sign_apdu(digest_info))
    assert status == 0x9000
    assert len(signature) == 256
    verify_sig(getattr(demo_profile, cert_attr), signature, digest, hashes.SHA256())
    # The other key did not make it.
    other = "sign_cert" if cert_attr == "auth_cert" else "auth_cert"
    with pytest.raises(InvalidSignature):
        verify_sig(getattr(demo_profile, other), signature, digest, hashes.SHA256())


def test_signature_matches_standard_pkcs1v15(card: VirtualCard, demo_profile: CardProfile) -> None:
    digest, digest_info = _digest_info(b"deterministic")
    assert verify(card, 0x0018, "1234") == 0x9000
    assert select_ef(card, 0x0017) == 0x9000
    signature, _ = tx(card, sign_apdu(digest_info))
    expected = demo_profile.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    assert signature == expected


def test_sha1_digest_info_and_case3_apdu(card: VirtualCard, demo_profile: CardProfile) -> None:
    digest = hashlib.sha1(b"old clients").digest()
    assert verify(card, 0x0018, "1234") == 0x9000
    assert select_ef(card, 0x0017) == 0x9000
    signature, status = tx(card, sign_apdu(SHA1_PREFIX + digest)[:-1])  # no Le
    assert status == 0x9000
    verify_sig(demo_profile.auth_cert, signature, digest, hashes.SHA1())


def test_signature_needs_pin_and_key_ef(card: VirtualCard) -> None:
    _, digest_info = _digest_info(b"x")
    assert select_ef(card, 0x0017) == 0x9000
    assert sw(card, sign_apdu(digest_info)) == 0x6982  # no PIN
    assert verify(card, 0x0018, "1234") == 0x9000
    assert sw(card, sign_apdu(digest_info)) == 0x6982  # PIN EF is current, not the key
    assert select_ef(card, 0x000A) == 0x9000
    assert sw(card, sign_apdu(digest_info)) == 0x6982  # a certificate is not a key
    assert select_ef(card, 0x001A) == 0x9000
    assert sw(card, sign_apdu(digest_info)) == 0x6982  # the sign key needs the sign PIN
    assert select_ef(card, 0x0017) == 0x9000
    assert sw(card, sign_apdu(digest_info)) == 0x9000


def test_signature_without_any_application(demo_card: VirtualCard) -> None:
    assert sw(demo_card, sign_apdu(_digest_info(b"x")[1])) == 0x6982


def test_signature_by_key_short_ef_id(card: VirtualCard, demo_profile: CardProfile) -> None:
    digest, digest_info = _digest_info(b"p2 = 9A")
    assert verify(card, 0x001B, "ABC123") == 0x9000
    signature, status = tx(card, sign_apdu(digest_info, p2=0x9A))
    assert status == 0x9000
    verify_sig(demo_profile.sign_cert, signature, digest, hashes.SHA256())
    assert sw(card, sign_apdu(digest_info, p2=0x97)) == 0x6982
    assert sw(card, sign_apdu(digest_info, p2=0x81)) == 0x6A86


def test_signature_input_length_limits(card: VirtualCard, demo_profile: CardProfile) -> None:
    assert verify(card, 0x0018, "1234") == 0x9000
    assert select_ef(card, 0x0017) == 0x9000
    signature, status = tx(card, sign_apdu(b"\x5a" * 245))
    assert status == 0x9000
    key = demo_profile.auth_cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    em = pow(int.from_bytes(signature, "big"), key.public_numbers().e, key.public_numbers().n).to_bytes(
        256, "big"
    )
    assert em == b"\x00\x01" + b"\xff" * 8 + b"\x00" + b"\x5a" * 245  # PKCS#1 type-01 padding by the card
    assert sw(card, b"\x80\x2a\x00\x80\x00\x00\xf6" + b"\x5a" * 246 + b"\x00\x00") == 0x6700
    assert sw(card, "80 2A 00 80") == 0x6700
    assert sw(card, "80 2A 00 80 00") == 0x6700
    assert sw(card, "80 2A 01 80 01 00") == 0x6A86


def test_signing_waits_for_sign_latency(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, sign_latency=0.2)
    assert sw(card, SELECT_JPKI) == 0x9000
    assert verify(card, 0x0018, "1234") == 0x9000
    assert select_ef(card, 0x0017) == 0x9000
    started = time.monotonic()
    assert sw(card, sign_apdu(_digest_info(b"slow")[1])) == 0x9000
    assert time.monotonic() - started >= 0.2


def test_every_apdu_waits_for_apdu_latency(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, apdu_latency=0.05)
    started = time.monotonic()
    for _ in range(3):
        assert sw(card, SELECT_JPKI) == 0x9000
    assert time.monotonic() - started >= 0.15


# -- CHANGE REFERENCE DATA ------------------------------------------------------------------


def test_change_pin_after_verify(card: VirtualCard, demo_profile: CardProfile) -> None:
    assert select_ef(card, 0x0018) == 0x9000
    assert sw(card, "00 24 01 80 04" + b"4321".hex()) == 0x6982  # not verified yet
    assert verify(card, 0x0018, "1234") == 0x9000
    assert sw(card, "00 24 01 80 04" + b"12a4".hex()) == 0x6A80  # not 4 digits
    assert sw(card, "00 24 01 80 03" + b"432".hex()) == 0x6A80
    assert sw(card, "00 24 01 80 04" + b"4321".hex()) == 0x9000
    assert card.pin("auth") == "4321"
    assert demo_profile.auth_pin == "1234"  # the shared profile is untouched
    assert verify(card, 0x0018, "1234") == 0x63C2
    assert verify(card, 0x0018, "4321") == 0x9000
    assert card.tries["auth"] == 3


def test_change_sign_pin_by_short_ef_id(card: VirtualCard) -> None:
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert sw(card, "00 24 01 9B 05" + b"SHORT".hex()) == 0x6A80
    assert sw(card, "00 24 01 9B 08" + b"NEWPIN99".hex()) == 0x9000
    assert verify(card, 0x001B, "NEWPIN99") == 0x9000


def test_change_pin_errors(card: VirtualCard) -> None:
    assert verify(card, 0x0018, "1234") == 0x9000
    assert sw(card, "00 24 00 80 08" + b"12344321".hex()) == 0x6A86  # old+new form unsupported
    assert sw(card, "00 24 01 80") == 0x6700
    assert select_ef(card, 0x000A) == 0x9000
    assert sw(card, "00 24 01 80 04" + b"4321".hex()) == 0x6A88


def test_change_blocked_pin(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, tries={"auth": 0})
    assert sw(card, SELECT_JPKI) == 0x9000
    assert select_ef(card, 0x0018) == 0x9000
    assert sw(card, "00 24 01 80 04" + b"4321".hex()) == 0x6984


# -- Class, instruction, length -----------------------------------------------------------


@pytest.mark.parametrize(
    ("apdu", "status"),
    [
        ("00 CA 00 00 00", 0x6D00),  # GET DATA: not on this card
        ("00 C0 00 00 00", 0x6D00),  # GET RESPONSE is never needed (T=1)
        ("00 88 00 00 00", 0x6D00),
        ("90 A4 04 0C 01 00", 0x6E00),
        ("FF CA 00 00 00", 0x6E00),  # a reader pseudo-APDU reaching the card
        ("80 A4 04 0C 01 00", 0x6E00),  # proprietary class for an ISO command
        ("00 2A 00 80 01 00", 0x6E00),  # ISO class for the proprietary signature
        ("01 A4 04 0C 01 00", 0x6881),  # logical channel 1
        ("00 A4 04", 0x6700),
        ("00", 0x6700),
        ("", 0x6700),
        ("00 A4 04 0C 05 01 02", 0x6700),  # Lc longer than the data
        ("00 A4 04 0C 00 00 05 01 02", 0x6700),  # extended Lc longer than the data
        ("00 A4 04 0C 00 00 00 01", 0x6700),  # extended Lc of zero
    ],
)
def test_class_instruction_and_length_errors(card: VirtualCard, apdu: str, status: int) -> None:
    assert tx(card, apdu) == (b"", status)


def test_extended_case_3_select(demo_card: VirtualCard) -> None:
    assert sw(demo_card, "00 A4 04 0C 00 00 0A D3 92 F0 00 26 01 00 00 00 01") == 0x9000
    assert sw(demo_card, "00 A4 02 0C 00 00 02 00 0A 00 00") == 0x9000  # extended case 4


# -- Security state -----------------------------------------------------------------------


def _signing_ready(card: VirtualCard) -> None:
    assert sw(card, SELECT_JPKI) == 0x9000
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert select_ef(card, 0x0001) == 0x9000
    assert sw(card, "00 B0 00 00 04") == 0x9000


@pytest.mark.parametrize("clear", ["reset", "power_cycle", "power_off", "df_change", "reselect_same_df"])
def test_security_state_is_cleared(demo_card: VirtualCard, clear: str) -> None:
    _signing_ready(demo_card)
    if clear == "reset":
        demo_card.reset()
    elif clear == "power_cycle":
        demo_card.power_off()
        demo_card.power_on()
    elif clear == "power_off":
        demo_card.power_off()
    elif clear == "df_change":
        assert sw(demo_card, SELECT_KENHOJO) == 0x9000
    else:
        assert sw(demo_card, SELECT_JPKI) == 0x9000
    assert demo_card.verified == frozenset()
    # No current DF or EF survives either.
    if clear not in ("df_change", "reselect_same_df"):
        assert sw(demo_card, "00 B0 00 00 04") == 0x6986
    assert sw(demo_card, SELECT_JPKI) == 0x9000
    assert select_ef(demo_card, 0x0001) == 0x9000
    assert sw(demo_card, "00 B0 00 00 04") == 0x6982
    assert select_ef(demo_card, 0x001A) == 0x9000
    assert sw(demo_card, sign_apdu(_digest_info(b"x")[1])) == 0x6982
    assert demo_card.tries["sign"] == 5


def test_verified_state_survives_ef_selection(card: VirtualCard) -> None:
    assert verify(card, 0x001B, "ABC123") == 0x9000
    for fid in (0x000A, 0x0006, 0x0018, 0x0001):
        assert select_ef(card, fid) == 0x9000
    assert sw(card, "00 B0 00 00 04") == 0x9000


def test_failed_select_keeps_the_verified_state(card: VirtualCard) -> None:
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert sw(card, "00 A4 04 0C 05 A0 00 00 00 03") == 0x6A82
    assert select_ef(card, 0x0099) == 0x6A82
    assert select_ef(card, 0x0001) == 0x9000
    assert sw(card, "00 B0 00 00 04") == 0x9000


# -- Knobs ------------------------------------------------------------------------------


def test_remove_after_n_commands(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, remove_after=3)
    assert sw(card, SELECT_JPKI) == 0x9000
    assert select_ef(card, 0x000A) == 0x9000
    assert not card.removed.is_set()
    assert sw(card, "00 B0 00 00 00") == 0x9000  # the third is still answered
    assert card.removed.is_set()
    with pytest.raises(CardRemovedError):
        card.transmit(bytes.fromhex("00 B0 01 00 00"))
    card.power_on()
    with pytest.raises(CardRemovedError):
        card.transmit(bytes.fromhex(SELECT_JPKI))


def test_remove_after_zero_commands(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, remove_after=0)
    assert card.removed.is_set()
    with pytest.raises(CardRemovedError):
        card.transmit(bytes.fromhex(SELECT_JPKI))


def test_remove_by_hand(demo_card: VirtualCard) -> None:
    demo_card.remove()
    with pytest.raises(CardRemovedError):
        demo_card.transmit(bytes.fromhex(SELECT_JPKI))


def test_initial_tries_knob_and_block_pin(demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, tries={"sign": 1})
    assert card.tries == {"auth": 3, "sign": 1, "kenhojo": 3}
    assert sw(card, SELECT_JPKI) == 0x9000
    assert select_ef(card, 0x001B) == 0x9000
    assert sw(card, "00 20 00 80") == 0x63C1
    assert verify(card, 0x0018, "1234") == 0x9000
    card.block_pin("auth")
    assert card.tries["auth"] == 0
    assert "auth" not in card.verified
    assert verify(card, 0x0018, "1234") == 0x6984
    with pytest.raises(ValueError, match="tries"):
        make_card(demo_profile, tries={"sign": 6})
    with pytest.raises(ValueError, match="tries"):
        card.block_pin("puk")


def test_powered_off_card_is_powered_up_by_a_command(card: VirtualCard) -> None:
    card.power_off()
    assert not card.powered
    assert sw(card, SELECT_JPKI) == 0x9000
    assert card.powered


def test_state_file_keeps_counters_and_changed_pins(
    demo_profile: CardProfile, tmp_path: pathlib.Path
) -> None:
    state = tmp_path / "card-state.json"
    card = make_card(demo_profile, state_path=state)
    assert sw(card, SELECT_JPKI) == 0x9000
    assert verify(card, 0x0018, "0000") == 0x63C2
    assert verify(card, 0x001B, "ABC123") == 0x9000
    assert sw(card, "00 24 01 80 08" + b"NEWSIGN1".hex()) == 0x9000
    saved = json.loads(state.read_text())
    assert saved["tries"] == {"auth": 2, "sign": 5, "kenhojo": 3}
    assert set(saved["pins"]) == {"sign"}  # unchanged PINs are not copied

    again = make_card(demo_profile, state_path=state)
    assert again.tries == {"auth": 2, "sign": 5, "kenhojo": 3}
    assert sw(again, SELECT_JPKI) == 0x9000
    assert verify(again, 0x001B, "ABC123") == 0x63C4
    assert verify(again, 0x001B, "NEWSIGN1") == 0x9000
    again.block_pin("kenhojo")
    assert make_card(demo_profile, state_path=state).tries["kenhojo"] == 0


def test_ef_bytes_for_tests(demo_card: VirtualCard, demo_profile: CardProfile) -> None:
    from backend_stub.card import AID_JPKI

    assert demo_card.ef_bytes(AID_JPKI, 0x000A) == der(demo_profile.auth_cert)
    with pytest.raises(KeyError):
        demo_card.ef_bytes(AID_JPKI, 0x0017)
