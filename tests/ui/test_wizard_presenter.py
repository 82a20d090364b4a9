"""The wizard presenter without a window, on a scripted card (a card that cannot be driven on
demand): the application is prepared once and exactly that is signed and sent, a wrong signing
PIN is asked again with the card's new count, and a blocked 券面事項 PIN costs no try and is said."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from app.applications import Submitted
from app.card.errors import PinBlocked, WrongPin
from app.card.pin import PinKind
from app.drafts import Draft, MemoryDraftStore
from app.portal.models import HouseholdMember
from tests.unit.test_forms import TODAY
from ui.kosodate.wizard_presenter import SigningCancelled, WizardPresenter


class ScriptedCard:
    def __init__(self, *, sign_pin: str = "ABC123", tries: dict[PinKind, int] | None = None) -> None:
        self.sign_pin = sign_pin
        self.tries = {PinKind.SIGN: 5, PinKind.KENHOJO: 3, **(tries or {})}
        self.signed: list[bytes] = []
        self.pins_sent: list[str] = []

    def pin_tries(self, kind: PinKind) -> int:
        return self.tries[kind]

    def sign(self, kind: PinKind, pin: str, digest_info: bytes) -> bytes:
        self.pins_sent.append(pin)
        if pin != self.sign_pin:
            self.tries[kind] -= 1
            raise WrongPin(kind, self.tries[kind])
        self.signed.append(digest_info)
        return b"signature"

    def read_sign_certificate(self, pin: str) -> bytes:
        return b"certificate"

    def read_text_data(self, pin: str) -> Any:
        self.pins_sent.append(pin)
        raise PinBlocked(PinKind.KENHOJO)


class InlineWorker:
    async def run(self, fn: Any, *args: Any) -> Any:
        return fn(*args)


class Receipt:
    id = "app-1"
    receipt_number = "R00001"


class Client:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def submit_application(self, **body: Any) -> Receipt:
        self.sent.append(body["signed_payload"])
        return Receipt()

    def me(self) -> Any:
        class Me:
            display_name = "山田 花子"
            display_name_kana = "ヤマダ ハナコ"
            birth_date = dt.date(1990, 1, 1)
            postal_code = None
            household = (HouseholdMember("child", "山田 一郎", "ヤマダ イチロウ", dt.date(TODAY.year - 3, 5, 1), None, True),)

        return Me()

    def self_info(self, category: str) -> Any:
        raise LookupError(category)


class Backend:
    def __init__(self, card: ScriptedCard) -> None:
        self.store = MemoryDraftStore()
        self._card = card
        self.client = Client()
        self.calls: list[str] = []

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(fn.__name__)
        return fn(*args, **kwargs)

    def portal(self) -> Any:
        return self.client

    def card(self) -> Any:
        return InlineWorker(), lambda: self._card


class Resident:
    def __init__(self, *pins: str | None) -> None:
        self.pins = list(pins)
        self.shown: list[tuple[int, bool]] = []

    async def __call__(self, kind: PinKind, tries: int, *, after_wrong: bool) -> str | None:
        self.shown.append((tries, after_wrong))
        return self.pins.pop(0)


def run(qtbot: Any, loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    """On the app's qasync loop, as the wizard runs it (drafts are written off the Qt thread)."""
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=5_000)
    return task.result()


def ready_presenter(card: ScriptedCard) -> tuple[WizardPresenter, Backend]:
    from tests.unit.test_applications import make_draft

    backend = Backend(card)
    draft: Draft = make_draft(backend.store)
    return WizardPresenter(backend, draft, today=TODAY), backend


def test_prepared_once_signed_after_a_wrong_pin_and_sent_as_signed(qtbot: Any, aloop: Any) -> None:
    card = ScriptedCard()
    presenter, backend = ready_presenter(card)
    resident = Resident("WRONG1", "ABC123")
    steps: list[str] = []
    result = run(qtbot, aloop, presenter.submit(resident, steps.append))
    assert result == Submitted("app-1", "R00001")
    assert backend.calls.count("prepare") == 1
    assert "submit_prepared" in backend.calls
    assert resident.shown == [(5, False), (4, True)]  # the card's new count after the wrong PIN
    assert len(card.signed) == 1
    assert steps == ["signing", "signing", "sending"]
    # Filed: the draft is gone, and nothing written later brings it back.
    assert backend.store.list() == []
    presenter.edit("claimant.occupation", "看護師")
    presenter.save_now()
    assert backend.store.list() == []


def test_a_cancelled_signature_sends_nothing(qtbot: Any, aloop: Any) -> None:
    card = ScriptedCard()
    presenter, backend = ready_presenter(card)
    assert isinstance(run(qtbot, aloop, presenter.submit(Resident(None), lambda _s: None)), SigningCancelled)
    assert backend.client.sent == []
    assert card.pins_sent == []


def test_a_blocked_kenhojo_pin_costs_nothing_and_the_household_still_fills_in(qtbot: Any, aloop: Any) -> None:
    card = ScriptedCard(tries={PinKind.KENHOJO: 0})
    backend = Backend(card)
    draft = Draft.new("jidou-teate-nintei", "112305")
    backend.store.save(draft)
    presenter = WizardPresenter(backend, draft, today=TODAY)
    resident = Resident("1234")
    result = run(qtbot, aloop, presenter.prefill(resident))
    assert isinstance(result.card_problem, PinBlocked)
    assert resident.shown == []
    assert card.pins_sent == []
    assert presenter.state.get("children.children")[0]["name"] == "山田 一郎"  # type: ignore[index]
    assert "children.children[0].name" in result.filled
