"""A virtual card's contents as plain bytes and integers: what the emulator needs at run time.

The stub J-LIS writes a card's image (``card-image.json``: both RSA keys as their private
numbers, the 券面事項入力補助 EFs) next to the card's certificates when it issues the card,
so a process that only hosts the card (demo mode's in-process reader) loads it without
``cryptography``: the certificates are DER files already, a signature is ``EM^d mod n``.
:func:`image_of` builds the same image from a full :class:`backend_stub.jlis.CardProfile`
(that path imports ``cryptography``).
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from backend_stub.jlis import CardProfile

IMAGE_FILE = "card-image.json"
IMAGE_VERSION = 1
_KEY_FIELDS = ("n", "e", "d", "p", "q", "dp", "dq", "qinv")
KENHOJO_FIDS = (0x0001, 0x0002, 0x0003, 0x0005)


@dataclass(frozen=True)
class RsaKey:
    """An RSA private key by its numbers (n, e, d and the CRT parameters)."""

    n: int
    e: int
    d: int
    p: int
    q: int
    dp: int
    dq: int
    qinv: int

    @property
    def size(self) -> int:
        """The modulus length in bytes."""
        return (self.n.bit_length() + 7) // 8

    def private_op(self, m: int) -> int:
        """``m^d mod n`` by the Chinese remainder theorem (about four times faster)."""
        m1 = pow(m, self.dp, self.p)
        m2 = pow(m, self.dq, self.q)
        h = self.qinv * (m1 - m2) % self.p
        return m2 + h * self.q

    def to_json(self) -> dict[str, str]:
        return {f: format(getattr(self, f), "x") for f in _KEY_FIELDS}

    @classmethod
    def from_json(cls, d: dict[str, str]) -> RsaKey:
        return cls(**{f: int(d[f], 16) for f in _KEY_FIELDS})

    @classmethod
    def of(cls, key: rsa.RSAPrivateKey) -> RsaKey:
        nums = key.private_numbers()
        pub = nums.public_numbers
        return cls(pub.n, pub.e, nums.d, nums.p, nums.q, nums.dmp1, nums.dmq1, nums.iqmp)


@dataclass(frozen=True)
class CardImage:
    """Everything a virtual card holds, as bytes, integers and strings."""

    auth_key: RsaKey
    auth_cert: bytes  # DER
    auth_ca_cert: bytes
    sign_key: RsaKey | None  # None, and so sign_cert and sign_pin: a card without 署名用 (under 15)
    sign_cert: bytes | None
    sign_ca_cert: bytes
    kenhojo: dict[int, bytes]  # the 券面事項入力補助 AP's transparent EFs 0001, 0002, 0003, 0005
    auth_pin: str
    sign_pin: str | None
    kenhojo_pin: str
    card_dir: pathlib.Path | None = None


def image_of(profile: CardProfile) -> CardImage:
    """The image of a full card profile (imports ``cryptography``). A profile without a
    kenhojo signing key gets a throwaway one, so EF 0003 still carries a valid signature."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from backend_stub.card import efs

    der = serialization.Encoding.DER
    kenhojo_key = profile.kenhojo_sign_key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    my_number = efs.my_number_ef(profile.holder.my_number)
    basic4, basic4_start = efs.basic4_ef(profile.holder)
    return CardImage(
        auth_key=RsaKey.of(profile.auth_key),
        auth_cert=profile.auth_cert.public_bytes(der),
        auth_ca_cert=profile.auth_ca_cert.public_bytes(der),
        sign_key=RsaKey.of(profile.sign_key) if profile.sign_key is not None else None,
        sign_cert=profile.sign_cert.public_bytes(der) if profile.sign_cert is not None else None,
        sign_ca_cert=profile.sign_ca_cert.public_bytes(der),
        kenhojo={
            0x0001: my_number,
            0x0002: basic4,
            0x0003: efs.kenhojo_signature_ef(my_number, basic4, basic4_start, kenhojo_key),
            0x0005: efs.kenhojo_ap_info_ef(kenhojo_key),
        },
        auth_pin=profile.auth_pin,
        sign_pin=profile.sign_pin,
        kenhojo_pin=profile.kenhojo_pin,
        card_dir=profile.card_dir,
    )


def image_file_bytes(image: CardImage) -> bytes:
    """The ``card-image.json`` of a card: what its DER and PIN files do not already hold."""
    doc: dict[str, Any] = {
        "version": IMAGE_VERSION,
        "keys": {"auth": image.auth_key.to_json(),
                 **({"sign": image.sign_key.to_json()} if image.sign_key is not None else {})},
        "kenhojo": {f"{fid:04X}": image.kenhojo[fid].hex() for fid in KENHOJO_FIDS},
    }
    return json.dumps(doc, indent=1).encode("ascii")


def load_card_image(data_dir: pathlib.Path, resident_id: str) -> CardImage:
    """The image of the card J-LIS issued to ``resident_id`` in ``data_dir`` (no ``cryptography``).

    Raises KeyError when that resident has no card, FileNotFoundError when the card predates
    card images (``JLIS.card_image`` writes its image then)."""
    data_dir = pathlib.Path(data_dir)
    card_dir = data_dir / "cards" / resident_id
    if (
        not resident_id
        or "/" in resident_id
        or resident_id.startswith(".")
        or not (card_dir / "auth.der").exists()
    ):
        raise KeyError(resident_id)
    doc = json.loads((card_dir / IMAGE_FILE).read_bytes())
    if doc.get("version") != IMAGE_VERSION:
        raise FileNotFoundError(card_dir / IMAGE_FILE)  # another format: rewritten like a missing one
    pins = json.loads((card_dir / "pins.json").read_text())
    ca_dir = data_dir / "jlis"
    return CardImage(
        auth_key=RsaKey.from_json(doc["keys"]["auth"]),
        auth_cert=(card_dir / "auth.der").read_bytes(),
        auth_ca_cert=(ca_dir / "auth_ca.der").read_bytes(),
        sign_key=RsaKey.from_json(doc["keys"]["sign"]) if "sign" in doc["keys"] else None,
        sign_cert=(card_dir / "sign.der").read_bytes() if "sign" in doc["keys"] else None,
        sign_ca_cert=(ca_dir / "sign_ca.der").read_bytes(),
        kenhojo={int(fid, 16): bytes.fromhex(data) for fid, data in doc["kenhojo"].items()},
        auth_pin=pins["auth"],
        sign_pin=pins.get("sign"),
        kenhojo_pin=pins["kenhojo"],
        card_dir=card_dir,
    )
