"""The virtual My Number Card: an APDU emulator (``virtual``), its EF contents (``efs``), and the
vpcd connector that attaches it to pcscd as a card in a "Virtual PCD" reader (``vpcd``, ``serve``)."""

from backend_stub.card.virtual import (
    AID_JPKI,
    AID_KENHOJO,
    AID_KENKAKU,
    ATR,
    PIN_MAX_TRIES,
    CardRemovedError,
    VirtualCard,
)
from backend_stub.card.vpcd import VPCD_PORT, VpcdConnection

__all__ = [
    "AID_JPKI",
    "AID_KENHOJO",
    "AID_KENKAKU",
    "ATR",
    "PIN_MAX_TRIES",
    "VPCD_PORT",
    "CardRemovedError",
    "VirtualCard",
    "VpcdConnection",
]
