"""What the screens see of a card reader: an immutable :class:`ReaderState` per reader, which
the reader hub (:mod:`ui.card.reader_hub`) replaces on every change. Kept apart from the hub so
that a screen can read reader states without importing the hub itself."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

_CONTACTLESS_WORDS = ("contactless", "picc", "nfc", "非接触", "rf ")


class CardStatus(enum.Enum):
    NONE = "none"  # reader empty
    CHECKING = "checking"  # card present, being identified
    MYNUMBER = "mynumber"  # a My Number Card; tries known
    OTHER = "other"  # a card, but not a My Number Card
    ERROR = "error"  # the card could not be read (code in error_code)


@dataclass(frozen=True)
class ReaderState:
    """What the UI shows about one reader (immutable; the hub replaces it on each change)."""

    name: str
    virtual: bool = False
    card: CardStatus = CardStatus.NONE
    atr: bytes = b""
    other_kind: str = ""  # for OTHER: jukicard / smartphone / unknown
    auth_tries: int | None = None
    error_code: str = ""
    contactless_hint: bool = False
    label: str = field(default="", compare=False)  # a friendlier name for virtual readers

    @property
    def contactless(self) -> bool:
        return self.contactless_hint or is_contactless(self.name, self.atr)


def is_contactless(reader_name: str, atr: bytes) -> bool:
    """A best guess whether the card is on a contactless (NFC) reader: the reader's name, or a
    PC/SC part 3 contactless ATR (3B 8x 80 01 ...)."""
    lowered = reader_name.casefold() + " "
    if any(word in lowered for word in _CONTACTLESS_WORDS):
        return True
    return len(atr) >= 4 and atr[0] == 0x3B and (atr[1] & 0xF0) == 0x80 and atr[2] == 0x80 and atr[3] == 0x01
