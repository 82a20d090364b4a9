"""The one PIN flow (app.pin_flow) with a scripted card: no PIN is sent when the tries are
unknown or the PIN is blocked, the count shown after a wrong PIN is the card's new one, and a
blocked PIN ends the flow with what the caller needs to explain it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.card.errors import CardRemovedDuringOperation, PinBlocked, WrongPin
from app.card.pin import PinKind
from app.pin_flow import PinAccepted, PinCancelled, PinFlow, PinIsBlocked, PinWasWrong


class ScriptedCard:
    """A card whose PIN is ``right``; ``tries`` counts down on each wrong PIN, as the card does."""

    def __init__(self, right: str, tries: int, *, unreadable: bool = False) -> None:
        self.right = right
        self.tries = tries
        self.unreadable = unreadable
        self.sent: list[str] = []
        self.reads = 0

    async def tries_left(self, kind: PinKind) -> int:
        self.reads += 1
        if self.unreadable:
            raise CardRemovedDuringOperation("gone")
        return self.tries

    async def operation(self, pin: str) -> str:
        self.sent.append(pin)
        if self.tries == 0:
            raise PinBlocked(PinKind.AUTH)
        if pin != self.right:
            self.tries -= 1
            if self.tries == 0:
                raise PinBlocked(PinKind.AUTH)
            raise WrongPin(PinKind.AUTH, self.tries)
        self.tries = PinKind.AUTH.max_tries
        return "signed"


class Resident:
    """Types the given PINs in turn (None: closes the dialog) and notes what the dialog showed."""

    def __init__(self, *pins: str | None) -> None:
        self.pins = list(pins)
        self.shown: list[tuple[int, bool]] = []  # (tries shown, said "wrong")

    async def __call__(self, kind: PinKind, tries: int, *, after_wrong: bool) -> str | None:
        self.shown.append((tries, after_wrong))
        return self.pins.pop(0)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_a_wrong_pin_is_asked_again_with_the_cards_new_count() -> None:
    card = ScriptedCard("1234", 3)
    heard: list[tuple[PinKind, int]] = []
    resident = Resident("0000", "1234")
    outcome = run(PinFlow(card, on_tries=lambda k, n: heard.append((k, n))).run(
        PinKind.AUTH, resident, card.operation, retry=True))
    assert outcome == PinAccepted("signed", 3)
    assert resident.shown == [(3, False), (2, True)]
    assert heard == [(PinKind.AUTH, 3), (PinKind.AUTH, 2), (PinKind.AUTH, 3)]


def test_without_retry_a_wrong_pin_ends_the_flow_with_the_new_count() -> None:
    card = ScriptedCard("1234", 3)
    outcome = run(PinFlow(card).run(PinKind.AUTH, Resident("0000"), card.operation))
    assert outcome == PinWasWrong(PinKind.AUTH, 2)
    assert card.sent == ["0000"]


def test_a_blocked_pin_is_never_asked_for_nor_sent() -> None:
    card = ScriptedCard("1234", 0)
    resident = Resident("1234")
    outcome = run(PinFlow(card).run(PinKind.AUTH, resident, card.operation, retry=True))
    assert outcome == PinIsBlocked(PinKind.AUTH)
    assert resident.shown == []
    assert card.sent == []


def test_the_last_wrong_try_blocks_and_nothing_more_is_sent() -> None:
    card = ScriptedCard("1234", 2)
    resident = Resident("0000", "1111", "1234")
    outcome = run(PinFlow(card).run(PinKind.AUTH, resident, card.operation, retry=True))
    assert outcome == PinIsBlocked(PinKind.AUTH)
    assert card.sent == ["0000", "1111"]
    assert resident.shown == [(2, False), (1, True)]


def test_tries_that_cannot_be_read_send_no_pin() -> None:
    card = ScriptedCard("1234", 3, unreadable=True)
    resident = Resident("1234")
    with pytest.raises(CardRemovedDuringOperation):
        run(PinFlow(card).run(PinKind.AUTH, resident, card.operation, retry=True))
    assert resident.shown == []
    assert card.sent == []


def test_known_tries_are_not_read_again() -> None:
    """The login screen has the tries from identifying the card: no extra APDU."""
    card = ScriptedCard("1234", 3)
    outcome = run(PinFlow(card).run(PinKind.AUTH, Resident("1234"), card.operation, tries=3))
    assert isinstance(outcome, PinAccepted)
    assert card.reads == 0


def test_a_cancel_sends_nothing() -> None:
    card = ScriptedCard("1234", 3)
    outcome = run(PinFlow(card).run(PinKind.AUTH, Resident(None), card.operation, retry=True))
    assert outcome == PinCancelled(3)
    assert card.sent == []


def test_tries_left_reads_the_card_and_tells_the_listener() -> None:
    card = ScriptedCard("1234", 2)
    heard: list[tuple[PinKind, int]] = []
    assert run(PinFlow(card, on_tries=lambda k, n: heard.append((k, n))).tries_left(PinKind.SIGN)) == 2
    assert heard == [(PinKind.SIGN, 2)]



def test_only_the_flow_catches_a_wrong_pin() -> None:
    """`except WrongPin` lives in app/pin_flow.py alone: every PIN of the app goes through it."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = sorted(str(p.relative_to(root)) for d in ("app", "ui") for p in (root / d).rglob("*.py")
                   if "except WrongPin" in p.read_text(encoding="utf-8")
                   or "except (WrongPin" in p.read_text(encoding="utf-8"))
    assert found == ["app/pin_flow.py"]
