"""The client checks the card-face text against kenhojo EF 0003 (DF31, DF32), on the independent
in-process virtual card: a good card verifies, a changed EF is withheld, a card without EF 0003
still reads, and a garbled EF 0003 ends in a typed error."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.card.errors import CardError, TextIntegrityFailed
from app.card.jpki import MyNumberCard, TextData, TextIntegrity, check_text_integrity
from app.card.transport import CallableTransport
from backend_stub.card import VirtualCard, efs
from backend_stub.card.image import CardImage
from backend_stub.jlis import CardProfile
from tests.fixtures.card import DEMO_KENHOJO_PIN

KENHOJO_AID = "D3921000310001010408"


@pytest.fixture(scope="module")
def image(demo_profile: CardProfile) -> CardImage:
    return VirtualCard(demo_profile).image


def with_efs(image: CardImage, **efs_by_name: bytes | None) -> CardImage:
    """The image with kenhojo EFs replaced (``ef0002=...``) or left out (``ef0003=None``)."""
    kenhojo = dict(image.kenhojo)
    for name, data in efs_by_name.items():
        fid = int(name.removeprefix("ef"), 16)
        if data is None:
            kenhojo.pop(fid)
        else:
            kenhojo[fid] = data
    return dataclasses.replace(image, kenhojo=kenhojo)


class Recorder:
    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.sent: list[bytes] = []

    def __call__(self, command: bytes) -> bytes:
        self.sent.append(command)
        return self.card.transmit(command)


def read(image: CardImage) -> tuple[TextData | CardError, Recorder]:
    """Reads the text data; returns it (or the CardError raised) and the APDUs sent."""
    vc = VirtualCard(image)
    recorder = Recorder(vc)
    card = MyNumberCard(CallableTransport(recorder, vc.atr, "Virtual"))
    try:
        return card.read_text_data(DEMO_KENHOJO_PIN), recorder
    except CardError as exc:
        return exc, recorder


def tlv(tag: str, value: bytes) -> bytes:
    return efs.ber_tlv(bytes.fromhex(tag), value)


def signature_ef(df31: bytes, df32: bytes, df33: bytes = bytes(256)) -> bytes:
    return tlv("FF30", tlv("DF31", df31) + tlv("DF32", df32) + tlv("DF33", df33))


# -- the normal card ----------------------------------------------------------------------------


def test_a_good_card_verifies(image: CardImage, demo_profile: CardProfile) -> None:
    data, _ = read(image)
    assert isinstance(data, TextData)
    assert data.integrity is TextIntegrity.VERIFIED
    assert data.my_number == demo_profile.holder.my_number
    assert data.name == demo_profile.holder.name
    assert "verified" in repr(data)


def test_the_check_costs_one_select_and_one_read(image: CardImage) -> None:
    """SELECT AP, SELECT 0011, VERIFY, SELECT 0001, READ, SELECT 0002, READ, then for EF 0003
    SELECT 0003 and one READ BINARY of 256 bytes (DF31 and DF32 fit in it), all in one go."""
    _, recorder = read(image)
    assert len(image.kenhojo[0x0002]) <= 256  # one READ for EF 0002 on this card
    assert [c.hex().upper() for c in recorder.sent] == [
        "00A4040C0A" + KENHOJO_AID,
        "00A4020C020011",
        "0020008004" + DEMO_KENHOJO_PIN.encode().hex().upper(),
        "00A4020C020001",
        "00B0000000",
        "00A4020C020002",
        "00B0000000",
        "00A4020C020003",
        "00B0000000",
    ]


# -- changed after signing ------------------------------------------------------------------------


def test_basic4_changed_after_signing_is_withheld(image: CardImage, demo_profile: CardProfile) -> None:
    forged, _ = efs.basic4_ef(dataclasses.replace(demo_profile.holder, name="架空 次郎"))
    result, _ = read(with_efs(image, ef0002=forged))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MISMATCH
    assert result.code == "text_integrity_failed"
    # No personal data in the error: neither what the card holds nor what was forged.
    for secret in ("架空", demo_profile.holder.name, demo_profile.holder.my_number, DEMO_KENHOJO_PIN):
        assert secret not in str(result)


def test_one_byte_of_the_address_changed_is_a_mismatch(image: CardImage) -> None:
    basic4 = bytearray(image.kenhojo[0x0002])
    basic4[-12] ^= 0x01  # inside DF23 (address), before DF24 and DF25
    result, _ = read(with_efs(image, ef0002=bytes(basic4)))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MISMATCH


def test_my_number_changed_after_signing_is_withheld(image: CardImage) -> None:
    other = efs.my_number_ef("123456789018")
    assert other != image.kenhojo[0x0001]
    result, _ = read(with_efs(image, ef0001=other))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MISMATCH


def test_the_padding_after_the_my_number_is_hashed_too(image: CardImage) -> None:
    # DF31 covers all 17 bytes of EF 0001, not only its TLV.
    result, _ = read(with_efs(image, ef0001=image.kenhojo[0x0001][:15] + b"\x00\x00"))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MISMATCH


def test_a_text_item_before_the_hashed_part_is_refused(image: CardImage, demo_profile: CardProfile) -> None:
    """EF 0003 matches EF 0002 from offset[0] on, but a DF22 placed before offset[0] would be a
    name outside what the hashes cover: nothing of it is shown."""
    genuine = image.kenhojo[0x0002]
    outer_header = 3 if genuine[2] < 0x80 else 4
    start = int.from_bytes(genuine[outer_header + 3 : outer_header + 5], "big")  # DF21's offset[0]
    covered = genuine[start:]
    fake_name = tlv("DF22", "架空 次郎".encode())
    body_len = 11 + len(fake_name) + len(covered)  # DF21 08 <8 bytes>, the fake, the genuine items
    new_start = len(tlv("FF20", bytes(body_len))) - body_len + 11 + len(fake_name)
    forged = tlv("FF20", tlv("DF21", new_start.to_bytes(2, "big") * 4) + fake_name + covered)
    assert forged[new_start:] == covered
    number_hash = hashlib.sha256(image.kenhojo[0x0001]).digest()
    record = signature_ef(number_hash, hashlib.sha256(covered).digest())
    result, _ = read(with_efs(image, ef0002=forged, ef0003=record))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MISMATCH


# -- no EF 0003 ----------------------------------------------------------------------------------


def test_a_card_without_ef_0003_still_reads(image: CardImage, demo_profile: CardProfile) -> None:
    data, recorder = read(with_efs(image, ef0003=None))
    assert isinstance(data, TextData)
    assert data.integrity is TextIntegrity.ABSENT
    assert data.address == demo_profile.holder.address
    assert recorder.sent[-1].hex().upper() == "00A4020C020003"  # answered 6A82; nothing more
    assert len(recorder.sent) == 8


# -- a garbled EF 0003 ---------------------------------------------------------------------------

GOOD_HASH = bytes(32)


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(bytes.fromhex("FF30"), id="header-cut"),
        pytest.param(bytes.fromhex("FF30 82 01 4B DF 31 20") + bytes(10), id="df31-cut"),
        pytest.param(bytes.fromhex("FF30 82 01 4B") + tlv("DF31", GOOD_HASH), id="df32-missing"),
        pytest.param(tlv("FF31", tlv("DF31", GOOD_HASH) + tlv("DF32", GOOD_HASH)), id="wrong-outer-tag"),
        pytest.param(tlv("FF30", tlv("DF31", GOOD_HASH[:31]) + tlv("DF32", GOOD_HASH)), id="short-hash"),
        pytest.param(tlv("FF30", tlv("DF31", GOOD_HASH) + tlv("DF31", GOOD_HASH) + tlv("DF32", GOOD_HASH)),
                     id="duplicate-df31"),
        pytest.param(tlv("FF30", tlv("DF33", bytes(256))), id="signature-only"),
        pytest.param(bytes.fromhex("FF30 84 00 00 01 4B") + bytes(60), id="absurd-length"),
        pytest.param(bytes.fromhex("FF30 80") + bytes(70), id="indefinite-length"),
        pytest.param(bytes(336), id="zeros"),
        pytest.param(b"\xff" * 336, id="erased"),
        pytest.param(bytes(range(256)) + bytes(80), id="noise"),
    ],
)
def test_a_garbled_record_is_a_typed_refusal(image: CardImage, record: bytes) -> None:
    result, _ = read(with_efs(image, ef0003=record))
    assert isinstance(result, TextIntegrityFailed)
    assert result.integrity is TextIntegrity.MALFORMED


def test_an_empty_record_is_a_card_error(image: CardImage) -> None:
    result, _ = read(with_efs(image, ef0003=b""))
    assert isinstance(result, CardError)  # READ BINARY answers 6B00: a protocol error


def test_the_signature_itself_is_not_checked(image: CardImage) -> None:
    """DF33 cannot be checked against J-LIS here (see check_text_integrity): a record whose
    hashes match verifies whatever its signature bytes are."""
    record = bytearray(image.kenhojo[0x0003])
    record[-1] ^= 0xFF
    data, _ = read(with_efs(image, ef0003=bytes(record)))
    assert isinstance(data, TextData)
    assert data.integrity is TextIntegrity.VERIFIED


@settings(max_examples=300, deadline=None)
@given(number=st.binary(max_size=40), basic4=st.binary(max_size=300), record=st.binary(max_size=400))
def test_the_check_returns_an_outcome_for_any_bytes(number: bytes, basic4: bytes, record: bytes) -> None:
    assert check_text_integrity(number, basic4, record) in set(TextIntegrity)


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(0, 336), flip=st.integers(0, 335), bit=st.integers(0, 7))
def test_cut_or_flipped_records_never_verify_wrongly(image: CardImage, cut: int, flip: int, bit: int) -> None:
    number, basic4, record = image.kenhojo[0x0001], image.kenhojo[0x0002], image.kenhojo[0x0003]
    assert check_text_integrity(number, basic4, record) is TextIntegrity.VERIFIED
    flipped = bytearray(record)
    flipped[flip] ^= 1 << bit
    outcome = check_text_integrity(number, basic4, bytes(flipped))
    assert outcome is not TextIntegrity.ABSENT
    if 8 <= flip < 40 or 43 <= flip < 75:  # inside the DF31 or DF32 hash
        assert outcome is TextIntegrity.MISMATCH
    assert check_text_integrity(number, basic4, record[:cut]) in (
        {TextIntegrity.VERIFIED} if cut >= 75 else {TextIntegrity.MALFORMED}
    )
