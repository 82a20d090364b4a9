"""Submitting an application: validate, sign, send once, forget the draft.

The use case is synchronous (the card and the HTTP client block); the UI runs it in its
card worker / executor. Exactly-once submission rests on three rules:

1. Each draft carries one Idempotency-Key from the moment it is created.
2. Before the request leaves, the signed request is saved in the draft (`pending`).
   A timeout, a dead network or a crash leaves it there; `submit` or `retry` then sends
   the very same request under the very same key, without asking for the PIN again,
   so the backend answers with the application it already made.
3. Only a definite refusal (400/422) clears `pending` and gives the draft a new key: the
   backend created nothing, and the corrected form is a new request.
4. The signed payload names the Idempotency-Key (and when it was signed), so the backend files
   one signature at most once. A new key therefore means a new payload and a new signature:
   after a refusal `submit` signs again; it never sends the old signature under the new key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from app.card.jpki import SHA256_DIGEST_INFO_PREFIX as SHA256_DIGEST_INFO_PREFIX  # re-exported for signers
from app.card.jpki import digest_info_sha256 as _digest_info_of_digest
from app.drafts import Draft, DraftNotFoundError, DraftStore, PendingSubmission, StoredAttachment
from app.forms import AttachedFile, AttachmentDigest, FormState, canonical_payload, load_form
from app.jst import now_jst
from app.portal.errors import PortalError, RequestRejected, SessionExpired, ValidationFailed
from app.validators import ValidationIssue


def digest_info_sha256(data: bytes) -> bytes:
    """The DigestInfo the card signs (RSASSA-PKCS1-v1_5) for SHA-256 over `data`."""
    return _digest_info_of_digest(hashlib.sha256(data).digest())


class Signer(Protocol):
    """The card's signature key, e.g. an adapter over ``MyNumberCard.sign(PinKind.SIGN, pin, ...)``."""

    def sign(self, digest_info: bytes) -> bytes: ...
    def certificate(self) -> bytes: ...  # DER of the 署名用電子証明書


class SubmissionReceipt(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def receipt_number(self) -> str: ...


class ApplicationPortal(Protocol):
    """The part of the portal client this use case needs (``POST /applications``)."""

    def submit_application(
        self,
        *,
        idempotency_key: str,
        form_id: str,
        municipality_code: str,
        data: Mapping[str, Any],
        attachments: Sequence[tuple[str, str, str, bytes]],  # (slot, name, mime, content)
        signed_payload: bytes,
        signature: bytes,
        certificate: bytes,
        attachments_at_counter: Sequence[str] = (),
    ) -> SubmissionReceipt: ...


# --- outcomes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    """Accepted; the draft is deleted."""

    application_id: str
    receipt_number: str


@dataclass(frozen=True)
class NotReady:
    """The form has errors or documents are missing; nothing was signed or sent."""

    field_errors: Mapping[str, tuple[ValidationIssue, ...]]
    attachment_errors: Mapping[str, tuple[ValidationIssue, ...]]


@dataclass(frozen=True)
class Rejected:
    """The backend refused the application (nothing was created); the draft stays for editing."""

    code: str
    field_errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RetryLater:
    """It is unknown whether the backend got it (network, timeout, 5xx, expired session).
    The signed request is kept with the draft; `retry` sends it again under the same key."""

    code: str
    needs_login: bool = False


Outcome = Submitted | NotReady | Rejected | RetryLater


@dataclass(frozen=True)
class PreparedApplication:
    """What the review page shows before the PIN is asked for, and what gets signed."""

    draft: Draft
    data: Mapping[str, Any]
    attachments: tuple[StoredAttachment, ...]
    signed_payload: bytes
    signed_at: str  # RFC 3339 with the local offset, as signed
    at_counter: tuple[str, ...] = ()  # slots declared "handed in at the counter", as signed

    @property
    def digest_info(self) -> bytes:
        return digest_info_sha256(self.signed_payload)


def _unique_names(atts: Sequence[StoredAttachment]) -> tuple[StoredAttachment, ...]:
    """Attachment names are how the backend tells files apart: make them unique."""
    seen: set[str] = set()
    out = []
    for a in atts:
        name, n = a.name, 2
        while name in seen:
            stem, dot, ext = a.name.rpartition(".")
            name = f"{stem} ({n}).{ext}" if dot else f"{a.name} ({n})"
            n += 1
        seen.add(name)
        out.append(replace(a, name=name))
    return tuple(out)


def counter_slots(state: FormState, attached: Iterable[str]) -> tuple[str, ...]:
    """Where no file can be attached: the needed documents, not attached, that the form says the
    municipality takes at its counter (sorted). The others still block the submission."""
    have = set(attached)
    return tuple(sorted(s.spec.id for s in state.attachment_statuses()
                        if s.needed and s.spec.at_counter and s.spec.id not in have))


class SubmitApplication:
    """``counter_documents``: where no file can be attached (a kiosk), each needed document that
    is not attached and that the form says its municipality takes at the counter (``at_counter``
    of the slot, with its source) is declared, in the signed payload, as handed in there; the
    backend then files the application without it. Elsewhere (at home) nothing is declared:
    the resident attaches the file, as the form asks."""

    def __init__(self, store: DraftStore, portal: ApplicationPortal, *, today: dt.date | None = None,
                 now: Callable[[], dt.datetime] | None = None, counter_documents: bool = False) -> None:
        self._store = store
        self._portal = portal
        self._today = today
        self._now = now or now_jst
        self._counter_documents = counter_documents

    def at_counter(self, state: FormState, attachments: Sequence[StoredAttachment]) -> tuple[str, ...]:
        """The slots this submission declares "handed in at the counter" (sorted)."""
        if not self._counter_documents:
            return ()
        return counter_slots(state, {a.slot for a in attachments})

    def prepare(self, draft_id: str, *, signed_at: str | None = None) -> PreparedApplication | NotReady:
        """Validate the draft and build the canonical payload (no card, no network).

        ``signed_at`` defaults to now; pass the prepared one again to rebuild the same bytes.
        The form's date rules are checked on its day, as the backend checks them.
        """
        draft = self._store.load(draft_id)
        if signed_at is None:
            signed_at = self._now().isoformat(timespec="seconds")
        today = self._today or dt.datetime.fromisoformat(signed_at).date()
        state = FormState(load_form(draft.form_id), draft.values, today=today)
        applicable = {s.spec.id for s in state.attachment_statuses()}
        files = [AttachedFile(a.slot, a.name, a.mime, a.content) for a in draft.attachments]
        at_counter = self.at_counter(state, draft.attachments)
        field_errors = state.validate().errors()
        attachment_errors = {
            slot: tuple(i for i in issues if i.code != "attachment.not_applicable")
            for slot, issues in state.validate_attachments(files, at_counter).items()
        }
        attachment_errors = {k: v for k, v in attachment_errors.items() if v}
        if field_errors or attachment_errors:
            return NotReady(field_errors, attachment_errors)
        # Files left in slots the answers no longer call for are not sent.
        attachments = _unique_names([a for a in draft.attachments if a.slot in applicable])
        data = state.submission_data()
        payload = canonical_payload(
            draft.form_id,
            data,
            [AttachmentDigest.of(a.slot, a.name, a.mime, a.content) for a in attachments],
            municipality_code=draft.municipality_code,
            idempotency_key=draft.idempotency_key,
            signed_at=signed_at,
            attachments_at_counter=at_counter,
        )
        return PreparedApplication(draft, data, attachments, payload, signed_at, at_counter)

    def submit(self, draft_id: str, signer: Signer, *, signed_at: str | None = None) -> Outcome:
        """Sign and send. A draft with a pending request resends that one (no signing).

        ``signed_at``: that of the :class:`PreparedApplication` the signer signed, if any.
        """
        draft = self._store.load(draft_id)
        if draft.pending is not None:
            return self._send(draft)
        prepared = self.prepare(draft_id, signed_at=signed_at)
        if isinstance(prepared, NotReady):
            return prepared
        return self.submit_prepared(prepared, signer)

    def submit_prepared(self, prepared: PreparedApplication, signer: Signer) -> Outcome:
        """Sign and send what :meth:`prepare` built (and the resident reviewed), without building
        it again. A draft that meanwhile got a pending request resends that one (no signing)."""
        current = self._store.load(prepared.draft.draft_id)
        if current.pending is not None:
            return self._send(current)
        # Card errors (wrong PIN, card removed...) propagate: nothing was saved or sent.
        signature = signer.sign(prepared.digest_info)
        certificate = signer.certificate()
        pending = PendingSubmission(
            data=prepared.data,
            attachments=prepared.attachments,
            signed_payload=prepared.signed_payload,
            signature=signature,
            certificate=certificate,
            at_counter=prepared.at_counter,
        )
        draft = replace(prepared.draft, pending=pending)
        self._store.save(draft)  # before sending: a crash from here on resends, never re-creates
        return self._send(draft)

    def retry(self, draft_id: str) -> Outcome:
        """Resend a pending submission (after RetryLater or a crash)."""
        draft = self._store.load(draft_id)
        if draft.pending is None:
            raise ValueError("no submission is pending for this draft")
        return self._send(draft)

    def _send(self, draft: Draft) -> Outcome:
        p = draft.pending
        assert p is not None
        try:
            receipt = self._portal.submit_application(
                idempotency_key=draft.idempotency_key,
                form_id=draft.form_id,
                municipality_code=draft.municipality_code,
                data=p.data,
                attachments=[(a.slot, a.name, a.mime, a.content) for a in p.attachments],
                signed_payload=p.signed_payload,
                signature=p.signature,
                certificate=p.certificate,
                attachments_at_counter=p.at_counter,
            )
        except SessionExpired as exc:
            return RetryLater(str(exc.code), needs_login=True)
        except ValidationFailed as exc:
            self._store.save(replace(draft, pending=None, idempotency_key=str(uuid.uuid4())))
            return Rejected(str(exc.code), dict(exc.field_errors))
        except RequestRejected as exc:
            if exc.status == 409:  # the same key is still being processed
                return RetryLater(str(exc.code))
            self._store.save(replace(draft, pending=None, idempotency_key=str(uuid.uuid4())))
            return Rejected(str(exc.code))
        except PortalError as exc:
            # Unreachable, timeout, 5xx, TLS, a malformed answer: it may or may not have arrived.
            return RetryLater(str(exc.code))
        with contextlib.suppress(DraftNotFoundError):
            self._store.delete(draft.draft_id)
        return Submitted(receipt.id, receipt.receipt_number)
