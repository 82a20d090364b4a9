"""The virtual card through real pcscd + vpcd, seen by pyscard like a card in a real reader."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from smartcard.CardConnection import CardConnection
from smartcard.Exceptions import CardConnectionException, NoCardException
from smartcard.scard import SCARD_SHARE_EXCLUSIVE
from smartcard.System import readers

from backend_stub.card import ATR
from backend_stub.jlis import CardProfile
from tests.fixtures.card import VPCD_READER_PREFIX, AttachedCard

pytestmark = pytest.mark.integration

Attach = Callable[..., AttachedCard]
SHA256_PREFIX = bytes.fromhex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20")


def connect(attached: AttachedCard) -> CardConnection:
    """Connects as a PC/SC program would; right after a power-down pcscd may briefly report
    the card unpowered (0x80100067), which real programs retry. The connection is exclusive:
    these tests send raw APDU sequences, and another PC/SC program on the machine (a reader
    monitor identifying new cards) must not select other files in between."""
    (reader,) = [r for r in readers() if str(r) == attached.reader_name]
    deadline = time.monotonic() + 3
    while True:
        connection = reader.createConnection()
        try:
            connection.connect(CardConnection.T1_protocol, mode=SCARD_SHARE_EXCLUSIVE)
            return connection
        except CardConnectionException as exc:
            if "0x80100067" not in str(exc) or time.monotonic() > deadline:
                raise
            threading.Event().wait(0.05)


def tx(connection: CardConnection, apdu: bytes | str) -> tuple[bytes, int]:
    raw = bytes.fromhex(apdu) if isinstance(apdu, str) else apdu
    data, sw1, sw2 = connection.transmit(list(raw))
    return bytes(data), (sw1 << 8) | sw2


def read_certificate(connection: CardConnection, fid: int) -> bytes:
    """SELECT the EF, read the DER header, then the rest in short chunks."""
    assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == (b"", 0x9000)
    assert tx(connection, f"00 A4 02 0C 02 {fid:04X}") == (b"", 0x9000)
    head, sw = tx(connection, "00 B0 00 00 04")
    assert sw == 0x9000
    total = int.from_bytes(head[2:4], "big") + 4
    out = head
    while len(out) < total:
        n = min(256, total - len(out))
        data, sw = tx(connection, bytes([0x00, 0xB0, len(out) >> 8, len(out) & 0xFF, n & 0xFF]))
        assert sw == 0x9000
        out += data
    return out


def test_pcsc_sees_the_card_in_the_vpcd_reader(vpcd_card: Attach, demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile)
    assert attached.reader_name.startswith(VPCD_READER_PREFIX)
    assert attached.reader_name in [str(r) for r in readers()]
    connection = connect(attached)
    try:
        assert bytes(connection.getATR()) == ATR
        assert connection.getProtocol() == CardConnection.T1_protocol
    finally:
        connection.disconnect()


def test_read_certificates_through_pcsc(vpcd_card: Attach, demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile)
    connection = connect(attached)
    try:
        assert read_certificate(connection, 0x000A) == demo_profile.auth_cert.public_bytes(
            serialization.Encoding.DER
        )
        assert read_certificate(connection, 0x000B) == demo_profile.auth_ca_cert.public_bytes(
            serialization.Encoding.DER
        )
        # Extended APDUs pass vpcd too.
        data, sw = tx(connection, "00 B0 8A 00 00 00 00")
        assert sw == 0x9000
        assert data == demo_profile.auth_cert.public_bytes(serialization.Encoding.DER)
        token, sw = tx(connection, "00 A4 02 0C 02 00 06")
        assert sw == 0x9000
        token, sw = tx(connection, "00 B0 00 00 20")
        assert (token.rstrip(b" "), sw) == (b"JPKIAPICCTOKEN2", 0x9000)
    finally:
        connection.disconnect()


@pytest.mark.parametrize(
    ("pin_fid", "pin", "key_fid", "cert_attr"),
    [(0x0018, "1234", 0x0017, "auth_cert"), (0x001B, "ABC123", 0x001A, "sign_cert")],
)
def test_signature_through_pcsc_verifies(
    vpcd_card: Attach, demo_profile: CardProfile, pin_fid: int, pin: str, key_fid: int, cert_attr: str
) -> None:
    attached = vpcd_card(demo_profile)
    digest = hashlib.sha256(b"https://portal.example:443" + b"nonce").digest()
    digest_info = SHA256_PREFIX + digest
    connection = connect(attached)
    try:
        assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")[1] == 0x9000
        assert tx(connection, f"00 A4 02 0C 02 {pin_fid:04X}")[1] == 0x9000
        assert tx(connection, "00 20 00 80 " + bytes([len(pin)]).hex() + pin.encode().hex())[1] == 0x9000
        assert tx(connection, f"00 A4 02 0C 02 {key_fid:04X}")[1] == 0x9000
        signature, sw = tx(
            connection, bytes([0x80, 0x2A, 0x00, 0x80, len(digest_info)]) + digest_info + b"\x00"
        )
    finally:
        connection.disconnect()
    assert sw == 0x9000
    key = getattr(demo_profile, cert_attr).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))


def test_disconnect_unpowers_the_card_and_clears_the_pin_state(
    vpcd_card: Attach, demo_profile: CardProfile
) -> None:
    attached = vpcd_card(demo_profile)
    connection = connect(attached)
    try:
        assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")[1] == 0x9000
        assert tx(connection, "00 A4 02 0C 02 00 1B")[1] == 0x9000
        assert tx(connection, "00 20 00 80 06" + b"ABC123".hex())[1] == 0x9000
        assert tx(connection, "00 A4 02 0C 02 00 01")[1] == 0x9000
        assert tx(connection, "00 B0 00 00 04")[1] == 0x9000
    finally:
        connection.disconnect()  # pyscard's default disposition: SCARD_UNPOWER_CARD
    connection = connect(attached)
    try:
        assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")[1] == 0x9000
        assert tx(connection, "00 A4 02 0C 02 00 01")[1] == 0x9000
        assert tx(connection, "00 B0 00 00 04")[1] == 0x6982
    finally:
        connection.disconnect()


def test_blocked_pin_through_pcsc(vpcd_card: Attach, demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile, tries={"auth": 1})
    connection = connect(attached)
    try:
        assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")[1] == 0x9000
        assert tx(connection, "00 A4 02 0C 02 00 18")[1] == 0x9000
        assert tx(connection, "00 20 00 80") == (b"", 0x63C1)
        assert tx(connection, "00 20 00 80 04" + b"0000".hex()) == (b"", 0x63C0)
        assert tx(connection, "00 20 00 80 04" + b"1234".hex()) == (b"", 0x6984)
    finally:
        connection.disconnect()
    assert attached.card.tries["auth"] == 0


def test_removal_is_seen_by_pcsc(vpcd_card: Attach, demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile)
    attached.detach()  # stop() closes the socket; detach waits until PC/SC reports the reader empty
    (reader,) = [r for r in readers() if str(r) == attached.reader_name]
    with pytest.raises(NoCardException):
        reader.createConnection().connect()


def test_card_pulled_mid_operation(vpcd_card: Attach, demo_profile: CardProfile) -> None:
    attached = vpcd_card(demo_profile, remove_after=3)
    connection = connect(attached)
    try:
        assert tx(connection, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")[1] == 0x9000
        assert tx(connection, "00 A4 02 0C 02 00 0A")[1] == 0x9000
        assert tx(connection, "00 B0 00 00 00")[1] == 0x9000  # the third command, then it is gone
        with pytest.raises(CardConnectionException):
            tx(connection, "00 B0 01 00 00")
    finally:
        with contextlib.suppress(CardConnectionException):  # disconnecting from a pulled card may fail too
            connection.disconnect()
    assert attached.card.removed.is_set()


def test_a_second_card_replaces_the_first(
    vpcd_card: Attach, demo_profile: CardProfile, expired_profile: CardProfile
) -> None:
    vpcd_card(demo_profile)
    attached = vpcd_card(expired_profile)
    connection = connect(attached)
    try:
        assert read_certificate(connection, 0x000A) == expired_profile.auth_cert.public_bytes(
            serialization.Encoding.DER
        )
    finally:
        connection.disconnect()
