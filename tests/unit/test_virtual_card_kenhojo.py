"""The virtual card's 券面事項入力補助 AP (kenhojo) and 券面事項確認 AP (kenkaku) SELECT."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.card import make_card
from tests.unit.test_virtual_card import SELECT_KENHOJO, SELECT_KENKAKU, select_ef, sw, tx, verify


def _tlvs(data: bytes) -> list[tuple[bytes, bytes, int]]:
    """Parses a run of BER TLVs with 2-byte tags: (tag, value, offset of the tag)."""
    out, pos = [], 0
    while pos < len(data):
        start, tag = pos, data[pos : pos + 2]
        pos += 2
        length = data[pos]
        pos += 1
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        out.append((tag, data[pos : pos + length], start))
        pos += length
    return out


def _read(card: VirtualCard, fid: int) -> bytes:
    assert select_ef(card, fid) == 0x9000
    data, status = tx(card, "00 B0 00 00 00 00 00")  # extended Le: the whole EF
    assert status == 0x9000
    return data


@pytest.fixture
def card(demo_card: VirtualCard) -> VirtualCard:
    assert sw(demo_card, SELECT_KENHOJO) == 0x9000
    assert verify(demo_card, 0x0011, "1234") == 0x9000
    return demo_card


def test_text_data_needs_the_kenhojo_pin(demo_card: VirtualCard) -> None:
    assert sw(demo_card, SELECT_KENHOJO) == 0x9000
    for fid in (0x0001, 0x0002, 0x0003):
        assert select_ef(demo_card, fid) == 0x9000
        assert sw(demo_card, "00 B0 00 00 00") == 0x6982
    assert select_ef(demo_card, 0x0011) == 0x9000
    assert tx(demo_card, "00 20 00 80") == (b"", 0x63C3)


def test_my_number_ef_is_17_bytes(card: VirtualCard, demo_profile: CardProfile) -> None:
    data = _read(card, 0x0001)
    assert data == b"\xff\x10\x0c" + demo_profile.holder.my_number.encode() + b"\xff\xff"
    assert len(data) == 17
    # Read by short EF id, as JSA does.
    assert tx(card, "00 B0 81 00 00 00 00") == (data, 0x9000)


def test_basic_four_ef(card: VirtualCard, demo_profile: CardProfile) -> None:
    data = _read(card, 0x0002)
    assert data[:2] == b"\xff\x20"
    ((outer_tag, body, _),) = _tlvs(data)
    assert outer_tag == b"\xff\x20"
    header_len = len(data) - len(body)
    items = _tlvs(body)
    assert [t for t, _, _ in items] == [b"\xdf\x21", b"\xdf\x22", b"\xdf\x23", b"\xdf\x24", b"\xdf\x25"]
    values = {t: v for t, v, _ in items}
    h = demo_profile.holder
    assert values[b"\xdf\x22"].decode("utf-8") == h.name
    assert values[b"\xdf\x23"].decode("utf-8") == h.address
    assert values[b"\xdf\x24"] == h.birth_date.strftime("%Y%m%d").encode()
    assert values[b"\xdf\x25"] == h.sex.encode()
    # DF21: four big-endian absolute EF offsets of the DF22..DF25 TLVs.
    offsets = [int.from_bytes(values[b"\xdf\x21"][i : i + 2], "big") for i in range(0, 8, 2)]
    assert len(values[b"\xdf\x21"]) == 8
    assert offsets == [header_len + start for _, _, start in items[1:]]
    for offset, tag in zip(offsets, (b"\xdf\x22", b"\xdf\x23", b"\xdf\x24", b"\xdf\x25"), strict=True):
        assert data[offset : offset + 2] == tag


def test_signature_ef(card: VirtualCard, jlis: JLIS) -> None:
    my_number = _read(card, 0x0001)
    basic4 = _read(card, 0x0002)
    data = _read(card, 0x0003)
    assert len(data) == 336
    assert data[:5] == bytes.fromhex("FF 30 82 01 4B")
    body = data[5:]
    assert body[:3] == b"\xdf\x31\x20"
    assert body[3:35] == hashlib.sha256(my_number).digest()
    ((_, basic4_body, _),) = _tlvs(basic4)
    offset0 = int.from_bytes(_tlvs(basic4_body)[0][1][:2], "big")
    assert basic4[offset0 : offset0 + 2] == b"\xdf\x22"
    assert body[35:38] == b"\xdf\x32\x20"
    assert body[38:70] == hashlib.sha256(basic4[offset0:]).digest()
    assert body[70:75] == bytes.fromhex("DF 33 82 01 00")
    jlis.kenhojo_public_key.verify(body[75:], body[:70], padding.PKCS1v15(), hashes.SHA256())


def test_ap_info_ef_is_free(demo_card: VirtualCard) -> None:
    assert sw(demo_card, SELECT_KENHOJO) == 0x9000
    data = _read(demo_card, 0x0005)
    assert data[:3] == b"\xff\x40\x1a"
    assert data[3:6] == b"\xdf\x41\x04"
    assert data[10:13] == b"\xdf\x42\x10"
    assert len(data) == 29


def test_long_address_uses_long_form_lengths(jlis: JLIS) -> None:
    from tests.fixtures.card import DEMO_PINS, holder

    address = "北海道" + "札幌市中央区北一条西二丁目" * 8 + "1番地"
    profile = jlis.issue_card(holder("r-long-address", address=address), **DEMO_PINS)
    card = make_card(profile)
    assert sw(card, SELECT_KENHOJO) == 0x9000
    assert verify(card, 0x0011, "1234") == 0x9000
    data = _read(card, 0x0002)
    assert data[2] == 0x82  # outer length > 255
    ((_, body, _),) = _tlvs(data)
    values = {t: v for t, v, _ in _tlvs(body)}
    assert values[b"\xdf\x23"].decode("utf-8") == address
    offset0 = int.from_bytes(values[b"\xdf\x21"][:2], "big")
    assert data[offset0 : offset0 + 2] == b"\xdf\x22"
    signature_ef = _read(card, 0x0003)
    assert signature_ef[40:43] == b"\xdf\x32\x20"
    assert signature_ef[43:75] == hashlib.sha256(data[offset0:]).digest()


def test_kenhojo_pin_is_separate(card: VirtualCard) -> None:
    assert verify(card, 0x0011, "0000") == 0x63C2
    assert card.tries == {"auth": 3, "sign": 5, "kenhojo": 2}


def test_jpki_efs_are_not_in_the_kenhojo_ap(card: VirtualCard) -> None:
    assert select_ef(card, 0x000A) == 0x6A82
    assert select_ef(card, 0x0017) == 0x6A82


def test_kenkaku_ap_answers_select(demo_card: VirtualCard) -> None:
    assert tx(demo_card, SELECT_KENKAKU) == (b"", 0x9000)
    assert select_ef(demo_card, 0x0002) == 0x6A82
