"""The PIN flow's Qt side: the card read on the card worker, and the PIN dialog as its prompt.

:class:`app.pin_flow.PinFlow` holds the rules (tries first, never a PIN to a blocked card, the
card's new count after a wrong PIN); this module only adapts the card worker and the dialog to
it. Screens build a flow with :func:`card_pin_flow` and a prompt with :class:`DialogPinPrompt`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Unpack

from app.card.pin import PinKind
from app.pin_flow import PinFlow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.card.pin_dialog import PinOptions


class WorkerPinCard:
    """A card opened by ``open_card`` on the serial card ``worker`` (nothing on the Qt thread)."""

    def __init__(self, worker: Any, open_card: Callable[[], Any]) -> None:
        self._worker = worker
        self._open_card = open_card

    async def tries_left(self, kind: PinKind) -> int:
        open_card = self._open_card
        tries: int = await self._worker.run(lambda: open_card().pin_tries(kind))
        return tries


def card_pin_flow(worker: Any, open_card: Callable[[], Any], *,
                  on_tries: Callable[[PinKind, int], None] | None = None) -> PinFlow:
    """The PIN flow for the card ``open_card`` returns, its traffic on ``worker``."""
    return PinFlow(WorkerPinCard(worker, open_card), on_tries=on_tries)


AskPin = Callable[..., Any]  # ask_pin's signature: (parent, kind, tries, **PinOptions) -> awaitable


class DialogPinPrompt:
    """Asks with the PIN dialog (tries shown, format checked, last try confirmed); after a wrong
    PIN the dialog says so with the card's new count. ``ask`` replaces the dialog (a kiosk's
    keypad defaults, tests)."""

    def __init__(self, parent: QWidget | None, *, ask: AskPin | None = None, **options: Unpack[PinOptions]) -> None:
        self._parent = parent
        self._ask = ask
        self._options = options

    async def __call__(self, kind: PinKind, tries: int, *, after_wrong: bool) -> str | None:
        # Here, not at module level: the login screen is built before the first paint.
        from ui.card.pin_dialog import PinOptions, ask_pin
        from ui.error_words import wrong_pin_text

        options = PinOptions(**self._options)
        if after_wrong:
            options["error"] = wrong_pin_text(tries)
        if self._ask is not None:
            pin: str | None = await self._ask(self._parent, kind, tries, **options)
            return pin
        return await ask_pin(self._parent, kind, tries, **options)
