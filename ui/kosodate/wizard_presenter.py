"""The application wizard's presenter: the form's state, prefill, drafts and submission.

It holds no widget. :class:`ui.kosodate.wizard.WizardView` renders what it says and forwards the
resident's input; the presenter answers with outcomes the view words:

* prefill reads the card's text data through the PIN flow (one 券面事項入力補助 PIN), わたしの情報
  and the household (住民票) as the form definition asks (:func:`app.forms.prefill_household`);
* drafts are written off the Qt thread, and only when something changed (:class:`DraftAutosave`);
* submission prepares the application once (off the Qt thread), has the card sign exactly that
  (the PIN flow again, with the signing PIN) and sends it (:class:`SubmitApplication`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.applications import (
    NotReady,
    Outcome,
    PreparedApplication,
    SubmitApplication,
    Submitted,
)
from app.card.errors import CardError, PinBlocked
from app.card.pin import PinKind
from app.drafts import Draft, DraftAutosave, DraftStore, StoredAttachment
from app.forms import FormState, load_form, prefill, prefill_household, self_info_from_api
from app.forms.limits import resident_quota_issues
from app.forms.schema import FormSpec
from app.pin_flow import PinAccepted, PinCancelled, PinIsBlocked, PinPrompt
from app.portal.errors import PortalError
from app.portal.models import AttachmentStorage
from app.validators import ValidationIssue
from ui.card.pin_flow import card_pin_flow

log = logging.getLogger(__name__)


class Backend(Protocol):
    """What the wizard needs from its screen: the session, the card and the drafts."""

    store: DraftStore

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
    def portal(self) -> Any: ...
    def card(self) -> tuple[Any, Callable[[], Any]] | None: ...


@dataclass
class CardSignature:
    """A signature the card already made over one prepared payload (the PIN is gone by then)."""

    digest_info: bytes
    signature: bytes
    cert: bytes

    def sign(self, digest_info: bytes) -> bytes:
        if digest_info != self.digest_info:
            raise ValueError("the application changed after it was signed")
        return self.signature

    def certificate(self) -> bytes:
        return self.cert


# -- outcomes the view words -------------------------------------------------------------------


@dataclass(frozen=True)
class Prefilled:
    """What a prefill did. ``card_problem``: why the card's text was not used (a card error, or
    a blocked PIN); ``portal_error``: the resident's record could not be read."""

    filled: tuple[str, ...]
    card_read: bool
    self_info_read: bool
    card_problem: CardError | None = None
    portal_error: Exception | None = None


@dataclass(frozen=True)
class NoSigningCard:
    """No card to sign with (the reader is empty or the session has none)."""


@dataclass(frozen=True)
class SigningCancelled:
    """The resident closed the PIN dialog; nothing was signed or sent."""


@dataclass(frozen=True)
class SigningFailed:
    """The card could not sign (removed, blocked PIN...): nothing was saved or sent."""

    error: CardError


@dataclass(frozen=True)
class DraftNotSaved:
    """The draft could not be written before signing; nothing was signed."""


SubmissionResult = Outcome | NoSigningCard | SigningCancelled | SigningFailed | DraftNotSaved


# A claim for a resident who already receives the allowance: わたしの情報's category that shows
# it, and the procedure to use instead (src:kariya-jidouteate-nintei: 既に受給している方で出生など
# により額が変わる場合は額改定認定請求書).
ALREADY_RECEIVING = {"jidou-teate-nintei": "child_allowance"}


class WizardPresenter:
    """One draft being filled in. ``page`` is the wizard page the resident is on (kept with the draft)."""

    def __init__(self, backend: Backend, draft: Draft, *, today: dt.date | None = None,
                 counter_documents: bool = False) -> None:
        """``counter_documents``: no file can be attached here (a kiosk): a document the form
        lets the resident hand in at the counter is declared so instead (app.applications)."""
        self.backend = backend
        self.counter_documents = counter_documents
        self.draft = draft
        self.spec: FormSpec = load_form(draft.form_id)
        self.today = today
        self.state = FormState(self.spec, draft.values, today=today)
        self.attachments: tuple[StoredAttachment, ...] = draft.attachments
        self.page = 0
        self.prefilled: tuple[str, ...] = ()
        self.submissions = 0  # how many times a submission was started (tests, diagnostics)
        self._autosave = DraftAutosave(backend.store, draft)
        self._me: Any = None  # the resident's /me, read once per form (the pre-check, then prefill)

    @property
    def pending(self) -> bool:
        """A signed request waits for the backend's answer: the contents no longer change."""
        return self.draft.pending is not None

    # -- input ---------------------------------------------------------------------------
    def edit(self, path: str, value: object) -> bool:
        """The resident typed ``value`` at ``path``; True when that showed or hid a page."""
        before = [s.id for s in self.state.visible_sections()]
        self.state.set(path, value)
        return [s.id for s in self.state.visible_sections()] != before

    # -- validation ------------------------------------------------------------------------
    def section_errors(self, index: int) -> dict[str, tuple[ValidationIssue, ...]]:
        """The blocking issues of the visible section at ``index``."""
        section = self.state.visible_sections()[index]
        return {p: i for p, i in self.state.validate().errors().items() if p.split(".")[0] == section.id}

    def step_of(self, outcome: NotReady) -> int | None:
        """The visible section that holds the first field error, or None (only documents)."""
        for step, section in enumerate(self.state.visible_sections()):
            if any(p.split(".")[0] == section.id for p in outcome.field_errors):
                return step
        return None

    # -- drafts ----------------------------------------------------------------------------
    def _current(self) -> Draft:
        draft = self.draft
        if draft.pending is None:
            draft = draft.with_values(self.state.values).with_attachments(self.attachments).with_page(self.page)
        return draft

    def changed(self) -> bool:
        return not self.pending and self._autosave.changed(self._current())

    async def save(self) -> bool:
        """Writes the draft off the Qt thread if anything changed; True when written.
        Raises DraftError when the disk refuses it (the previous version stays)."""
        if self.pending:
            return False  # a signed request waits: its contents no longer change
        draft = self._current()
        written = await self._autosave.save(draft)
        if written:
            self.draft = draft
        return written

    def save_now(self) -> bool:
        """Writes the draft at once (the screen goes away, or logout); True when written."""
        if self.pending:
            return False
        draft = self._current()
        written = self._autosave.save_now(draft)
        if written:
            self.draft = draft
        return written

    @property
    def saving(self) -> bool:
        return self._autosave.writing

    def close(self) -> None:
        """Nothing more is written for this wizard (it was closed, or the kiosk wiped)."""
        self._autosave.close()

    def reload(self) -> None:
        """Reads the draft back after the use case changed it (a pending request, a new key)."""
        from app.drafts import DraftError

        with contextlib.suppress(DraftError):
            self.draft = self.backend.store.load(self.draft.draft_id)
            self._autosave.reset(self.draft)

    # -- prefill ---------------------------------------------------------------------------
    async def already_receiving(self) -> bool:
        """Whether わたしの情報 shows the resident already receives what this form claims."""
        category = ALREADY_RECEIVING.get(self.spec.form_id)
        client = self.backend.portal()
        if category is None or client is None:
            return False
        try:
            info = await self.backend.call(client.self_info, category)
        except Exception:  # no record (or no answer): nothing to say
            return False
        return bool(info.items)

    async def prefill(self, prompt: PinPrompt[str]) -> Prefilled:
        """Fills the empty fields from the card's text data (券面事項入力補助, with its PIN),
        わたしの情報 and the household. Card and network run off the Qt thread."""
        card_text: Any = None
        card_problem: CardError | None = None
        card = self.backend.card()
        if card is not None:
            worker, open_card = card

            async def read_text(pin: str) -> Any:
                return await worker.run(lambda: open_card().read_text_data(pin))

            try:
                outcome = await card_pin_flow(worker, open_card).run(
                    PinKind.KENHOJO, prompt, read_text, retry=True)
            except CardError as exc:
                card_problem = exc
            else:
                if isinstance(outcome, PinAccepted):
                    card_text = outcome.value
                elif isinstance(outcome, PinIsBlocked):
                    card_problem = PinBlocked(PinKind.KENHOJO)
        me: Any = None
        info: dict[str, dict[str, str]] = {}
        portal_error: Exception | None = None
        client = self.backend.portal()
        if client is not None:
            try:
                me = await self.resident()
            except Exception as exc:
                portal_error = exc
            else:
                info = await self._self_info(client)
        filled = prefill(self.state, card=card_text, self_info=info, me=me)
        if me is not None:
            filled += prefill_household(self.state, me.household)
        self.prefilled = filled
        return Prefilled(filled, card_text is not None, bool(info), card_problem, portal_error)

    async def resident(self) -> Any:
        """The portal's record of the resident (``GET /me``), read once for this form; None
        without a portal. A failed read raises and is tried again on the next call."""
        if self._me is None:
            client = self.backend.portal()
            if client is None:
                return None
            self._me = await self.backend.call(client.me)
        return self._me

    async def _self_info(self, client: Any) -> dict[str, dict[str, str]]:
        wanted = {f.prefill.split(".")[1] for s in self.spec.sections for f in s.fields
                  if f.prefill and f.prefill.startswith("self_info.")}
        payloads: list[Mapping[str, object]] = []
        for category in sorted(wanted):
            with contextlib.suppress(Exception):
                info = await self.backend.call(client.self_info, category)
                payloads.append({"category": info.category,
                                 "items": [{"label": i.label, "value": i.value} for i in info.items]})
        return self_info_from_api(payloads)

    # -- submission ------------------------------------------------------------------------
    def _use_case(self) -> SubmitApplication:
        return SubmitApplication(self.backend.store, _PortalOnGuard(self.backend), today=self.today,
                                 counter_documents=self.counter_documents)

    async def submit(self, prompt: PinPrompt[str], progress: Callable[[str], None]) -> SubmissionResult:
        """Saves, prepares once, has the card sign that, sends it. ``progress("signing")`` once
        the PIN is in, ``progress("sending")`` before the request leaves."""
        from app.drafts import DraftError

        self.submissions += 1
        try:
            await self.save()
            await self._autosave.settle()  # no older write can land over what gets signed
        except DraftError:
            log.warning("saving the draft before signing failed")
            return DraftNotSaved()
        use_case = self._use_case()
        prepared: PreparedApplication | NotReady = await self.backend.call(use_case.prepare, self.draft.draft_id)
        if isinstance(prepared, NotReady):
            return prepared
        over_quota = await self._over_quota(prepared)
        if over_quota is not None:
            return over_quota
        card = self.backend.card()
        if card is None:
            return NoSigningCard()
        worker, open_card = card
        digest_info = prepared.digest_info

        async def sign(pin: str) -> CardSignature:
            progress("signing")

            def sign_on_card() -> tuple[bytes, bytes]:
                c = open_card()
                return c.sign(PinKind.SIGN, pin, digest_info), c.read_sign_certificate(pin)

            signature, cert = await worker.run(sign_on_card)
            return CardSignature(digest_info, signature, cert)

        try:
            outcome = await card_pin_flow(worker, open_card).run(PinKind.SIGN, prompt, sign, retry=True)
        except CardError as exc:
            return SigningFailed(exc)
        if isinstance(outcome, PinCancelled):
            return SigningCancelled()
        if isinstance(outcome, PinIsBlocked):
            return SigningFailed(PinBlocked(PinKind.SIGN))
        assert isinstance(outcome, PinAccepted)
        progress("sending")
        result: Outcome = await self.backend.call(use_case.submit_prepared, prepared, outcome.value)
        self._after(result)
        return result

    async def _over_quota(self, prepared: PreparedApplication) -> NotReady | None:
        """The files would pass what the resident may store, with what their earlier applications
        keep (the backend says how much): refused here, before the PIN, as the backend would."""
        if not prepared.attachments:
            return None

        def storage() -> AttachmentStorage | None:
            client = self.backend.portal()
            if client is None:
                return None
            try:
                found: AttachmentStorage = client.attachment_storage()
            except PortalError:
                return None  # not known now: the backend checks it when the application arrives
            return found

        known = await self.backend.call(storage)
        if known is None:
            return None
        issues = resident_quota_issues(prepared.attachments, known.stored_bytes, known.quota_bytes)
        return NotReady({}, {slot: tuple(found) for slot, found in issues.items()}) if issues else None

    async def retry(self) -> Outcome:
        """Sends the pending signed request again (no PIN: it is the very same request)."""
        result: Outcome = await self.backend.call(self._use_case().retry, self.draft.draft_id)
        self._after(result)
        return result

    def _after(self, result: Outcome) -> None:
        if isinstance(result, Submitted):
            self.close()  # filed: the draft is gone, and no save brings it back
        else:
            self.reload()


class _PortalOnGuard:
    """The use case's portal: the logged-in client (its calls already run on a worker)."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def submit_application(self, **kwargs: Any) -> Any:
        client = self._backend.portal()
        if client is None:
            from app.portal.errors import SessionExpired

            raise SessionExpired("token_invalid")
        return client.submit_application(**kwargs)
