"""The card's three PINs and their client-side format rules."""

from __future__ import annotations

import enum
import re

from app.card.errors import PinFormatError


class PinKind(enum.Enum):
    """A PIN of the My Number Card."""

    AUTH = "auth"  # 利用者証明用電子証明書 PIN (JPKI EF 0018)
    SIGN = "sign"  # 署名用電子証明書 password (JPKI EF 001B)
    KENHOJO = "kenhojo"  # 券面事項入力補助用 PIN (kenhojo EF 0011)

    @property
    def max_tries(self) -> int:
        return 5 if self is PinKind.SIGN else 3


_DIGITS4 = re.compile(r"[0-9]{4}")
_SIGN = re.compile(r"[A-Z0-9]{6,16}")


def validate_pin(kind: PinKind, pin: str) -> str:
    """Return the PIN as the card expects it, or raise PinFormatError.

    Called before anything is sent, so a malformed PIN never costs a try.
    The signing password is upper-cased, as the official client does.
    """
    if not pin.isascii():
        # Checked first: str.upper() maps some non-ASCII letters into A-Z (e.g. "ı" -> "I").
        raise PinFormatError(kind, "charset")
    if kind is PinKind.SIGN:
        value = pin.upper()
        if not 6 <= len(value) <= 16:
            raise PinFormatError(kind, "length")
        if not _SIGN.fullmatch(value):
            raise PinFormatError(kind, "charset")
        return value
    if len(pin) != 4:
        raise PinFormatError(kind, "length")
    if not _DIGITS4.fullmatch(pin):
        raise PinFormatError(kind, "charset")
    return pin


def validate_new_pin(kind: PinKind, pin: str) -> str:
    """Like `validate_pin`, plus the rules for a PIN being *set*: the signing password must
    mix letters and digits (src:jpki-password). Raises PinFormatError(kind, "mix").

    Only a new PIN is held to this: a card's existing password is presented to VERIFY as it is.
    """
    value = validate_pin(kind, pin)
    if kind is PinKind.SIGN and (value.isdigit() or value.isalpha()):
        raise PinFormatError(kind, "mix")
    return value
