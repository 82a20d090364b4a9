"""The one PIN flow: read the tries left, ask for the PIN, run the card operation with it.

Every place that presents a PIN to the card (login, the card screen, the application wizard)
goes through :class:`PinFlow`, so the rules of DESIGN.md §4 hold in one place:

* The tries are known before the PIN is asked for: given by the caller (the login screen has
  them from identifying the card) or read from the card (VERIFY without data). When they
  cannot be read the read error propagates and no PIN is asked for, let alone sent.
* A blocked PIN (0 tries) is never asked for; the outcome is :class:`PinIsBlocked`, which the
  caller explains with what the resident can do.
* After a wrong PIN the count shown is the card's new one (from its answer, not a guess). With
  ``retry=True`` the resident is asked again at once; otherwise the outcome is
  :class:`PinWasWrong` and the caller says so.
* The PIN is handed to the operation once and dropped; it never reaches an outcome, a log or
  an exception text.

Qt-free: the dialog is a :class:`PinPrompt` the UI supplies, the card a :class:`PinCard`.
Card errors other than a wrong or blocked PIN (card removed, integrity...) and non-card errors
propagate to the caller, who words them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from app.card.errors import PinBlocked, WrongPin
from app.card.pin import PinKind

T = TypeVar("T")
S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)


class PinCard(Protocol):
    """The card as the flow needs it: its tries left, read without spending one."""

    async def tries_left(self, kind: PinKind) -> int: ...


class PinPrompt(Protocol[S_co]):
    """Asks the resident for the secret (a PIN, or a current and a new PIN); None if cancelled.

    ``tries`` is what the card has left (at least 1); ``after_wrong`` says the previous entry
    was wrong, so the prompt can say so.
    """

    async def __call__(self, kind: PinKind, tries: int, *, after_wrong: bool) -> S_co | None: ...


@dataclass(frozen=True)
class PinAccepted(Generic[T]):
    """The card took the PIN and the operation returned ``value``; the counter is full again."""

    value: T
    tries_left: int


@dataclass(frozen=True)
class PinCancelled:
    """The resident closed the prompt; nothing was sent."""

    tries_left: int


@dataclass(frozen=True)
class PinWasWrong:
    """The card refused the PIN and ``tries_left`` remain (only when the flow does not retry)."""

    kind: PinKind
    tries_left: int


@dataclass(frozen=True)
class PinIsBlocked:
    """The PIN is blocked: nothing was asked or sent (or the last try was just used)."""

    kind: PinKind


PinOutcome = PinAccepted[T] | PinCancelled | PinWasWrong | PinIsBlocked


class PinFlow:
    """Runs card operations that need a PIN. ``on_tries(kind, n)`` hears every count the card
    gives (read, after a wrong PIN, full after success), so a screen can keep its display and
    its cache true without another APDU."""

    def __init__(self, card: PinCard, *, on_tries: Callable[[PinKind, int], None] | None = None) -> None:
        self._card = card
        self._on_tries = on_tries

    def _heard(self, kind: PinKind, tries: int) -> None:
        if self._on_tries is not None:
            self._on_tries(kind, tries)

    async def tries_left(self, kind: PinKind) -> int:
        """The tries left for ``kind`` as the card says now (0: blocked). Card errors propagate."""
        tries = await self._card.tries_left(kind)
        self._heard(kind, tries)
        return tries

    async def run(
        self,
        kind: PinKind,
        prompt: PinPrompt[S],
        operation: Callable[[S], Awaitable[T]],
        *,
        tries: int | None = None,
        retry: bool = False,
    ) -> PinOutcome[T]:
        """Asks for the PIN (``tries`` if the caller knows them, else read from the card) and
        runs ``operation`` with it. With ``retry`` a wrong PIN asks again with the card's new
        count; without, it ends the flow as :class:`PinWasWrong`."""
        if tries is None:
            tries = await self.tries_left(kind)
        after_wrong = False
        while True:
            if tries <= 0:
                return PinIsBlocked(kind)
            secret = await prompt(kind, tries, after_wrong=after_wrong)
            if secret is None:
                return PinCancelled(tries)
            try:
                value = await operation(secret)
            except WrongPin as exc:
                tries = exc.tries_left
                self._heard(kind, tries)
                if not retry:
                    return PinWasWrong(kind, tries)
                after_wrong = True
                continue
            except PinBlocked:
                tries = 0
                self._heard(kind, 0)
                continue
            finally:
                del secret  # the PIN goes no further than the operation
            self._heard(kind, kind.max_tries)
            return PinAccepted(value, kind.max_tries)


__all__ = [
    "PinAccepted",
    "PinCancelled",
    "PinCard",
    "PinFlow",
    "PinIsBlocked",
    "PinOutcome",
    "PinPrompt",
    "PinWasWrong",
]
