"""Submitting an application: signature over the canonical payload, exactly once under retries."""

import base64
import datetime as dt
import json
from dataclasses import dataclass, replace

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from app.applications import (
    SHA256_DIGEST_INFO_PREFIX,
    NotReady,
    Rejected,
    RetryLater,
    SubmitApplication,
    Submitted,
    digest_info_sha256,
)
from app.drafts import Draft, DraftNotFoundError, FileDraftStore, MemoryDraftStore, StoredAttachment
from app.portal.errors import BackendTimeout, ServerError, SessionExpired, ValidationFailed
from tests.unit.test_forms import TODAY, nintei_values

PDF = b"%PDF-1.7\n..."


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class CardSigner:
    """Signs a DigestInfo the way the card does (PKCS#1 v1.5 over the given DigestInfo)."""

    def __init__(self, key):
        self.key = key
        self.calls = 0

    def sign(self, digest_info):
        self.calls += 1
        assert digest_info.startswith(SHA256_DIGEST_INFO_PREFIX)
        return self.key.sign(digest_info[len(SHA256_DIGEST_INFO_PREFIX):], padding.PKCS1v15(), Prehashed(hashes.SHA256()))

    def certificate(self):
        return b"\x30\x82sign-cert"


class PinWrongError(Exception):
    pass


class FailingSigner(CardSigner):
    def sign(self, digest_info):
        raise PinWrongError


@dataclass(frozen=True)
class Receipt:
    id: str
    receipt_number: str


class Crash(BaseException):
    """The process dies mid-request."""


class FakePortal:
    """Remembers Idempotency-Keys like the backend: the same key returns the same application."""

    def __init__(self, failures=()):
        self.failures = list(failures)
        self.calls = []
        self.created = {}

    def submit_application(self, *, idempotency_key, **body):
        self.calls.append((idempotency_key, body))
        if idempotency_key not in self.created:
            failure = self.failures.pop(0) if self.failures else None
            if failure == "lost_reply":  # created, but the answer never arrived
                self.created[idempotency_key] = Receipt(f"app-{len(self.created) + 1}", f"R{len(self.created) + 1:05d}")
                raise BackendTimeout("read")
            if failure is not None:
                raise failure
            self.created[idempotency_key] = Receipt(f"app-{len(self.created) + 1}", f"R{len(self.created) + 1:05d}")
        return self.created[idempotency_key]


def make_draft(store, **overrides):
    draft = Draft.new("jidou-teate-nintei", "112305", nintei_values(**overrides))
    store.save(draft)
    return draft


@pytest.fixture
def store():
    return MemoryDraftStore()


def test_digest_info_is_der_sha256():
    di = digest_info_sha256(b"abc")
    assert di.hex().startswith("3031300d060960864801650304020105000420")
    assert len(di) == 19 + 32


def test_successful_submission_is_signed_sent_once_and_forgets_the_draft(store, rsa_key):
    account = {"use_public_account": False, "bank_code": "0001", "branch_code": "001", "account_type": "ordinary",
               "account_number": "1234567", "holder_kana": "ヤマダ　タロウ"}
    draft = make_draft(store, **{"payment.account": account})
    store.save(draft.with_attachments((StoredAttachment("bank_proof", "通帳.pdf", "application/pdf", PDF),)))
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer)
    assert outcome == Submitted("app-1", "R00001")
    with pytest.raises(DraftNotFoundError):
        store.load(draft.draft_id)
    ((key, body),) = portal.calls
    assert key == draft.idempotency_key
    # The signature verifies over exactly the signed payload, which matches what is sent.
    rsa_key.public_key().verify(body["signature"], body["signed_payload"], padding.PKCS1v15(), hashes.SHA256())
    signed = json.loads(body["signed_payload"])
    assert signed["form_id"] == body["form_id"] == "jidou-teate-nintei"
    assert signed["municipality_code"] == body["municipality_code"] == "112305"
    assert signed["data"] == json.loads(json.dumps(body["data"]))
    assert body["attachments"] == [("bank_proof", "通帳.pdf", "application/pdf", PDF)]
    assert signed["attachments"][0]["name"] == "通帳.pdf"
    assert signed["attachments"][0]["slot"] == "bank_proof"
    # The signature names the request's Idempotency-Key: it can file one application only.
    assert signed["idempotency_key"] == key
    assert dt.datetime.fromisoformat(signed["signed_at"]).tzinfo is not None
    assert body["certificate"] == signer.certificate()


def test_timeout_then_retry_reuses_the_key_and_the_signature(store, rsa_key):
    draft = make_draft(store)
    portal, signer = FakePortal(failures=["lost_reply"]), CardSigner(rsa_key)
    use_case = SubmitApplication(store, portal, today=TODAY)
    outcome = use_case.submit(draft.draft_id, signer)
    assert outcome == RetryLater("backend_timeout")
    kept = store.load(draft.draft_id)
    assert kept.pending is not None
    assert use_case.retry(draft.draft_id) == Submitted("app-1", "R00001")
    assert signer.calls == 1  # no second PIN entry
    (k1, b1), (k2, b2) = portal.calls
    assert k1 == k2 == draft.idempotency_key
    assert b1 == b2
    assert len(portal.created) == 1


def test_submit_again_after_failure_resends_the_pending_request(store, rsa_key):
    draft = make_draft(store)
    portal = FakePortal(failures=[ServerError(503)])
    use_case = SubmitApplication(store, portal, today=TODAY)
    assert use_case.submit(draft.draft_id, CardSigner(rsa_key)) == RetryLater("server_error")
    signer = CardSigner(rsa_key)
    assert isinstance(use_case.submit(draft.draft_id, signer), Submitted)
    assert signer.calls == 0
    assert len({k for k, _ in portal.calls}) == 1


def test_crash_mid_request_then_restart_never_makes_two_applications(tmp_path, rsa_key):
    class Keyring(dict):
        def get_password(self, s, u):
            return self.get((s, u))

        def set_password(self, s, u, p):
            self[(s, u)] = p

    keyring, cert = Keyring(), b"auth-cert"
    store = FileDraftStore.open(tmp_path, cert, keyring)
    draft = make_draft(store)
    portal = FakePortal(failures=[Crash()])
    with pytest.raises(Crash):
        SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, CardSigner(rsa_key))
    restarted = FileDraftStore.open(tmp_path, cert, keyring)
    assert restarted.list()[0].pending
    outcome = SubmitApplication(restarted, portal, today=TODAY).retry(draft.draft_id)
    assert isinstance(outcome, Submitted)
    assert [k for k, _ in portal.calls] == [draft.idempotency_key] * 2
    assert restarted.list() == []


def test_invalid_form_is_not_signed_or_sent(store, rsa_key):
    draft = make_draft(store, **{"claimant.my_number": "123456789019", "payment.account": {"use_public_account": False}})
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer)
    assert isinstance(outcome, NotReady)
    assert [i.code for i in outcome.field_errors["claimant.my_number"]] == ["my_number.check_digit"]
    assert [i.code for i in outcome.attachment_errors["bank_proof"]] == ["attachment.missing"]
    assert (signer.calls, portal.calls) == (0, [])
    assert store.load(draft.draft_id).pending is None


def test_card_failure_saves_and_sends_nothing(store, rsa_key):
    draft = make_draft(store)
    portal = FakePortal()
    with pytest.raises(PinWrongError):
        SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, FailingSigner(rsa_key))
    assert portal.calls == []
    assert store.load(draft.draft_id).pending is None


def test_rejection_keeps_the_draft_for_editing_with_a_new_key(store, rsa_key):
    draft = make_draft(store)
    portal = FakePortal(failures=[ValidationFailed("invalid_form", {"claimant.phone": "invalid"})])
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, CardSigner(rsa_key))
    assert outcome == Rejected("invalid_form", {"claimant.phone": "invalid"})
    kept = store.load(draft.draft_id)
    assert kept.pending is None
    assert kept.idempotency_key != draft.idempotency_key
    assert kept.values == draft.values
    # Sending again signs again, over the new key: the old signature names the old one.
    signer = CardSigner(rsa_key)
    assert isinstance(SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer), Submitted)
    assert signer.calls == 1
    (first_key, first), (second_key, second) = portal.calls
    assert json.loads(first["signed_payload"])["idempotency_key"] == first_key == draft.idempotency_key
    assert json.loads(second["signed_payload"])["idempotency_key"] == second_key == kept.idempotency_key


def test_expired_session_asks_for_login_and_keeps_the_request(store, rsa_key):
    draft = make_draft(store)
    portal = FakePortal(failures=[SessionExpired("token_expired", status=401)])
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, CardSigner(rsa_key))
    assert outcome == RetryLater("token_expired", needs_login=True)
    assert store.load(draft.draft_id).idempotency_key == draft.idempotency_key
    assert store.load(draft.draft_id).pending is not None


def test_documents_the_answers_no_longer_call_for_are_not_sent(store, rsa_key):
    draft = make_draft(store)  # public account: no account proof needed
    stray = StoredAttachment("bank_proof", "old.pdf", "application/pdf", PDF)
    store.save(replace(draft, attachments=(stray,)))
    portal = FakePortal()
    assert isinstance(SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, CardSigner(rsa_key)), Submitted)
    ((_, body),) = portal.calls
    assert body["attachments"] == []
    assert json.loads(body["signed_payload"])["attachments"] == []


def test_duplicate_file_names_are_made_unique(store, rsa_key):
    draft = make_draft(store, **{"jan1.same_as_now": "no", "jan1.address": "東京都千代田区1-1", "jan1.abroad": True})
    files = tuple(StoredAttachment("passport", "scan.pdf", "application/pdf", PDF + bytes([i])) for i in range(2))
    store.save(replace(draft, attachments=files))
    portal = FakePortal()
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, CardSigner(rsa_key))
    assert isinstance(outcome, Submitted), outcome
    ((_, body),) = portal.calls
    assert [n for _, n, _, _ in body["attachments"]] == ["scan.pdf", "scan (2).pdf"]


def test_prepare_shows_what_will_be_signed(store):
    draft = make_draft(store)
    prepared = SubmitApplication(store, FakePortal(), today=TODAY).prepare(draft.draft_id)
    assert prepared.digest_info == digest_info_sha256(prepared.signed_payload)
    assert base64.b64encode(prepared.signed_payload)  # bytes, ready for the request
    assert prepared.data["claimant"]["name"] == "山田 太郎"


def test_the_signed_moment_is_kept_so_the_signed_bytes_can_be_rebuilt(store, rsa_key):
    """The wizard signs what prepare() showed and submits later: the same signed_at gives the
    same bytes, and a signer asked for other bytes refuses."""
    draft = make_draft(store)
    clock = iter([dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))),
                  dt.datetime(2025, 6, 10, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=9)))])
    use_case = SubmitApplication(store, FakePortal(), now=lambda: next(clock))
    prepared = use_case.prepare(draft.draft_id)
    assert prepared.signed_at == "2025-06-10T09:00:00+09:00"
    assert json.loads(prepared.signed_payload)["signed_at"] == prepared.signed_at
    again = use_case.prepare(draft.draft_id, signed_at=prepared.signed_at)
    assert again.signed_payload == prepared.signed_payload
    assert use_case.prepare(draft.draft_id).signed_payload != prepared.signed_payload  # 09:05


def test_what_was_prepared_is_signed_and_sent_without_preparing_again(store, rsa_key):
    """The wizard prepares once (off the Qt thread), the card signs that, and exactly those bytes
    are sent: the use case builds no second payload."""
    draft = make_draft(store)
    portal, signer = FakePortal(), CardSigner(rsa_key)
    use_case = SubmitApplication(store, portal, today=TODAY)
    prepared = use_case.prepare(draft.draft_id)
    prepares: list[str] = []
    use_case.prepare = lambda *a, **k: prepares.append("again")  # type: ignore[method-assign]
    assert isinstance(use_case.submit_prepared(prepared, signer), Submitted)
    assert prepares == []
    ((_key, body),) = portal.calls
    assert body["signed_payload"] == prepared.signed_payload


MIB = 1024 * 1024


def _passport_draft(store, sizes):
    draft = make_draft(store, **{"jan1.same_as_now": "no", "jan1.address": "東京都千代田区1-1", "jan1.abroad": True})
    files = tuple(StoredAttachment("passport", f"p{i}.pdf", "application/pdf", PDF + bytes(n - len(PDF)))
                  for i, n in enumerate(sizes))
    store.save(replace(draft, attachments=files))
    return draft


def test_files_over_the_backends_limits_are_refused_before_the_pin(store, rsa_key):
    """Five 4.5 MiB passport pages are each within the form's 5 MiB, but together over the
    20 MiB an application may carry: nothing is signed, and the documents page says why."""
    draft = _passport_draft(store, [int(4.5 * MIB)] * 5)
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer)
    assert isinstance(outcome, NotReady)
    assert [i.code for i in outcome.attachment_errors["passport"]] == ["attachment.total_too_large"]
    assert (signer.calls, portal.calls) == (0, [])
    one_too_big = _passport_draft(store, [5 * MIB + 1])
    outcome = SubmitApplication(store, portal, today=TODAY).submit(one_too_big.draft_id, signer)
    assert [i.code for i in outcome.attachment_errors["passport"]] == ["attachment.too_large"]
    assert (signer.calls, portal.calls) == (0, [])


def test_files_within_the_limits_are_signed(store, rsa_key):
    draft = _passport_draft(store, [4 * MIB] * 5)  # 20 MiB exactly
    portal, signer = FakePortal(), CardSigner(rsa_key)
    assert isinstance(SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer), Submitted)
    assert signer.calls == 1


OLDER = {"has_older": "yes", "children": [{"name": "山田 一郎", "birth_date": "2004-06-01", "relationship": "child",
                                          "supported": True}]}


def test_a_kiosk_declares_in_the_signed_payload_the_document_it_hands_in_at_the_counter(store, rsa_key):
    draft = Draft.new("jidou-teate-nintei", "112305", {**nintei_values(), "older_children": OLDER})
    store.save(draft)
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY, counter_documents=True).submit(draft.draft_id, signer)
    assert isinstance(outcome, Submitted)
    ((_key, body),) = portal.calls
    assert body["attachments_at_counter"] == ("older_child_confirmation",)
    assert body["attachments"] == []
    assert json.loads(body["signed_payload"])["attachments_at_counter"] == ["older_child_confirmation"]


def test_at_home_the_same_document_is_to_be_attached(store, rsa_key):
    draft = Draft.new("jidou-teate-nintei", "112305", {**nintei_values(), "older_children": OLDER})
    store.save(draft)
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer)
    assert isinstance(outcome, NotReady)
    assert [i.code for i in outcome.attachment_errors["older_child_confirmation"]] == ["attachment.missing"]
    assert (signer.calls, portal.calls) == (0, [])


def test_a_kiosk_still_refuses_a_document_no_source_says_the_counter_takes(store, rsa_key):
    draft = make_draft(store, **{"payment.account": {"use_public_account": False}})
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY, counter_documents=True).submit(draft.draft_id, signer)
    assert isinstance(outcome, NotReady)
    assert [i.code for i in outcome.attachment_errors["bank_proof"]] == ["attachment.missing"]
    assert portal.calls == []


def test_a_kiosk_that_attached_the_file_declares_nothing(store, rsa_key):
    draft = Draft.new("jidou-teate-nintei", "112305", {**nintei_values(), "older_children": OLDER})
    store.save(draft.with_attachments((StoredAttachment("older_child_confirmation", "k.pdf", "application/pdf", PDF),)))
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY, counter_documents=True).submit(draft.draft_id, signer)
    assert isinstance(outcome, Submitted)
    assert json.loads(portal.calls[0][1]["signed_payload"])["attachments_at_counter"] == []


def test_a_pending_counter_declaration_survives_a_restart(store, rsa_key):
    draft = Draft.new("jidou-teate-nintei", "112305", {**nintei_values(), "older_children": OLDER})
    store.save(draft)
    portal = FakePortal(failures=[BackendTimeout("read")])
    submit = SubmitApplication(store, portal, today=TODAY, counter_documents=True)
    assert isinstance(submit.submit(draft.draft_id, CardSigner(rsa_key)), RetryLater)
    from app.drafts import draft_from_json, draft_to_json

    again = draft_from_json(draft_to_json(store.load(draft.draft_id)))
    assert again.pending is not None
    assert again.pending.at_counter == ("older_child_confirmation",)
    assert isinstance(submit.retry(draft.draft_id), Submitted)
    assert portal.calls[1][1]["attachments_at_counter"] == ("older_child_confirmation",)


@pytest.mark.parametrize("name", ["請求書\u202efdp.pdf", "a\nb.pdf", "a\x00.pdf", "x\u2066.pdf", "a/b.pdf", ".."])
def test_a_file_name_the_backend_refuses_is_refused_before_the_pin(store, rsa_key, name):
    """Names with separators, control characters or bidi controls answer 400 at the backend
    (the same rule, app.validators): the resident learns it before signing, not after."""
    draft = _passport_draft(store, [1024])
    store.save(replace(store.load(draft.draft_id),
                       attachments=(StoredAttachment("passport", name, "application/pdf", PDF),)))
    portal, signer = FakePortal(), CardSigner(rsa_key)
    outcome = SubmitApplication(store, portal, today=TODAY).submit(draft.draft_id, signer)
    assert isinstance(outcome, NotReady)
    assert [i.code for i in outcome.attachment_errors["passport"]] == ["attachment.name"]
    assert (signer.calls, portal.calls) == (0, [])
