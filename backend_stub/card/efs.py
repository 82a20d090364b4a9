"""The bytes a virtual My Number Card holds in its elementary files.

Built from a :class:`backend_stub.jlis.CardProfile` following
``reference/jpki-card-protocol.md`` §2 (JPKI AP) and §5 (券面事項入力補助 AP).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the two kenhojo EFs that need a key import cryptography when built
    from cryptography.hazmat.primitives.asymmetric import rsa

    from backend_stub.jlis import CardHolder

TOKEN_MY_NUMBER_CARD = b"JPKIAPICCTOKEN2"
TOKEN_EF_SIZE = 32


def ber_tlv(tag: bytes, value: bytes) -> bytes:
    """A BER TLV with the tag bytes as given and a minimal definite length."""
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n <= 0xFF:
        length = bytes([0x81, n])
    elif n <= 0xFFFF:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    else:
        raise ValueError("TLV value too long")
    return tag + length + value


def token_ef() -> bytes:
    """JPKI EF 0006: the token label, space padded."""
    return TOKEN_MY_NUMBER_CARD.ljust(TOKEN_EF_SIZE, b" ")


def my_number_ef(my_number: str) -> bytes:
    """Kenhojo EF 0001: ``FF 10 0C`` + 12 ASCII digits + ``FF FF`` (17 bytes)."""
    digits = my_number.encode("ascii")
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError("a My Number is 12 digits")
    return b"\xff\x10\x0c" + digits + b"\xff\xff"


def basic4_ef(holder: CardHolder) -> tuple[bytes, int]:
    """Kenhojo EF 0002 (``FF 20``: DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex).

    Returns the EF bytes and offset[0], the absolute offset of the DF22 TLV.
    """
    items = [
        ber_tlv(b"\xdf\x22", holder.name.encode("utf-8")),
        ber_tlv(b"\xdf\x23", holder.address.encode("utf-8")),
        ber_tlv(b"\xdf\x24", holder.birth_date.strftime("%Y%m%d").encode("ascii")),
        ber_tlv(b"\xdf\x25", holder.sex.encode("ascii")),
    ]
    header_len = 3 + 8  # DF 21 08 + four 16-bit offsets
    body_len = header_len + sum(len(i) for i in items)
    outer_header_len = len(ber_tlv(b"\xff\x20", bytes(body_len))) - body_len
    offsets = []
    pos = outer_header_len + header_len
    for item in items:
        offsets.append(pos)
        pos += len(item)
    header = ber_tlv(b"\xdf\x21", b"".join(o.to_bytes(2, "big") for o in offsets))
    ef = ber_tlv(b"\xff\x20", header + b"".join(items))
    assert len(ef) == pos
    return ef, offsets[0]


def kenhojo_signature_ef(my_number: bytes, basic4: bytes, basic4_start: int, key: rsa.RSAPrivateKey) -> bytes:
    """Kenhojo EF 0003: ``FF 30`` with DF31/DF32 (SHA-256 of EF 0001 / of EF 0002 from
    offset[0]) and DF33, an RSA PKCS#1 v1.5 SHA-256 signature over ``DF31 TLV || DF32 TLV``."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    df31 = ber_tlv(b"\xdf\x31", hashlib.sha256(my_number).digest())
    df32 = ber_tlv(b"\xdf\x32", hashlib.sha256(basic4[basic4_start:]).digest())
    signature = key.sign(df31 + df32, padding.PKCS1v15(), hashes.SHA256())
    return ber_tlv(b"\xff\x30", df31 + df32 + ber_tlv(b"\xdf\x33", signature))


def kenhojo_ap_info_ef(key: rsa.RSAPrivateKey) -> bytes:
    """Kenhojo EF 0005: ``FF 40`` with DF41 (4 bytes AP info) and DF42 (16-byte key id)."""
    from cryptography.hazmat.primitives import serialization

    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_id = hashlib.sha256(spki).digest()[:16]
    return ber_tlv(b"\xff\x40", ber_tlv(b"\xdf\x41", b"\x00\x01\x00\x00") + ber_tlv(b"\xdf\x42", key_id))
