"""The API document is the truth: schemathesis drives every operation of the real stub over
HTTPS, with a resident's bearer token, and every answer must be one the OpenAPI document
declares (status, content type, headers, body), no input may produce a 5xx, data that fits the
schema is accepted and data that does not is refused.

Streaming operations (``text/event-stream``) are left out: a generated request would hold
them open. Testing-only operations (/testing/*) are not in the document at all.

Where a valid value cannot be written in a schema, positive cases get one as a real client
would: a cursor the server issued (cursors are authenticated), a real certificate, the ids of
the resident's records for half the cases with ids, a card number whose Luhn check digit is
right and whose expiry is ahead, and an application filed by the client's own submission
path with the applicant's e-signature. Negative cases are sent as generated.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.applications import SHA256_DIGEST_INFO_PREFIX, SubmitApplication
from app.drafts import Draft, MemoryDraftStore
from app.jst import today_jst
from app.portal import PortalClient
from app.portal.errors import BackendUnreachable
from backend_stub.jlis import JLIS
from tests.fixtures.stub import StubServer, card_credentials, login, start_stub_server, stub_client
from tests.unit.test_forms import nintei_values

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]
EXAMPLES_PER_MODE = 25  # per operation and generation mode: at least 25 examples per operation
RESIDENT = "r02"  # has notices with an attachment and a charge


@dataclass
class Tally:
    examples: dict[str, int] = field(default_factory=dict)
    by_mode: dict[tuple[str, GenerationMode], int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def count(self, label: str) -> None:
        self.examples[label] = self.examples.get(label, 0) + 1


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    """A server of this module's own: generated requests link services, pay and read notices.
    Failed logins and challenges per address are not limited here (generated logins all fail,
    and the run takes a challenge for every login it makes)."""
    base = tmp_path_factory.mktemp("stub-schema")
    server = start_stub_server(base / "data", "--login-failures-per-ip", "1000000",
                               "--challenge-burst", "100000", "--challenges-per-minute", "100000", log_dir=base)
    yield server
    server.stop()


def _operations(stub: StubServer) -> list[Any]:
    with stub_client(stub) as client:
        document = client.get(stub.url + "/openapi.json").json()
    assert not [p for p in document["paths"] if "/testing/" in p], "testing-only operations are in the document"
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if not _streams(op.definition.raw)]


def _streams(definition: dict[str, Any]) -> bool:
    return any(
        "text/event-stream" in (response.get("content") or {})
        for response in definition.get("responses", {}).values()
    )


def _has_inputs(definition: dict[str, Any]) -> bool:
    """The operation takes a parameter, a body or a credential (something a negative case can break)."""
    return bool(definition.get("parameters") or definition.get("requestBody") or definition.get("security"))


def luhn_complete(number: str) -> str:
    """``number`` with its last digit replaced by the Luhn check digit (separators kept)."""
    digits = [c for c in number[:-1] if c.isdigit()]
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return number[:-1] + str((10 - total % 10) % 10)


class Realistic:
    """Gives positive cases the values a schema cannot describe, taken from the server: issued
    cursors, a real certificate (of another resident than the one logged in: failed logins
    count against it), a card number with a right check digit, and, for every other case with
    path parameters, the ids of the resident's real records."""

    def __init__(self, stub: StubServer, token: str) -> None:
        cert_der, _key = card_credentials(stub.data_dir, "r01")
        self.certificate = base64.b64encode(cert_der).decode()
        with stub_client(stub, token) as client:
            self.cursors: dict[str, str | None] = {
                path: client.get(path, params={"limit": 1}).json()["next_cursor"]
                for path in ("/history", "/notices", "/applications")
            }
            notices = client.get("/notices", params={"limit": 200}).json()["items"]
            with_attachment = next(n for n in notices if n["attachments"])
            with_payment = next(n for n in notices if n["payment"])
            applications = client.get("/applications").json()["items"]
            self.ids: dict[str, dict[str, str]] = {
                "/history/{history_id}": {"history_id": client.get("/history").json()["items"][0]["id"]},
                "/self-info/{category}": {"category": client.get("/self-info").json()["categories"][0]["id"]},
                "/notices/{notice_id}": {"notice_id": notices[0]["id"]},
                "/notices/{notice_id}/read": {"notice_id": notices[0]["id"]},
                "/notices/{notice_id}/attachments/{attachment_id}": {
                    "notice_id": with_attachment["id"],
                    "attachment_id": with_attachment["attachments"][0]["id"],
                },
                "/payments/{payment_id}": {"payment_id": with_payment["payment"]["id"]},
                "/payments/{payment_id}/card": {"payment_id": with_payment["payment"]["id"]},
            }
            if applications:
                self.ids["/applications/{application_id}"] = {"application_id": applications[0]["id"]}
        self._turn = 0
        self._stub, self._token = stub, token

    def _cursor_for(self, path: str, query: dict[str, Any]) -> str | None:
        if not query:
            return self.cursors[path]
        with stub_client(self._stub, self._token) as client:
            response = client.get(path, params={**query, "limit": 1})
        issued: str | None = response.json().get("next_cursor") if response.status_code == 200 else None
        return issued

    def apply(self, case: schemathesis.Case) -> None:
        path = case.operation.path.removeprefix("/api/v1")
        if case.query and "cursor" in case.query and path in self.cursors:
            # A cursor is good for the sort and filters of the page that gave it: issue one for
            # this case's own query (the unfiltered one when it has nothing else).
            issued = self._cursor_for(path, {k: v for k, v in case.query.items() if k not in ("cursor", "limit")})
            if issued is None:  # a list too short to have a second page: no cursor to send
                del case.query["cursor"]
            else:
                case.query["cursor"] = issued
        if path in ("/auth/login", "/certificates/check") and isinstance(case.body, dict):
            case.body["certificate"] = self.certificate
        if path == "/proxies" and isinstance(case.body, dict) and isinstance(case.body.get("principal_card"), dict):
            case.body["principal_card"]["certificate"] = self.certificate  # a 代理人 registration's card
        if path == "/payments/{payment_id}/card" and isinstance(case.body, dict):
            number = case.body.get("number")
            if isinstance(number, str) and number[-1:].isdigit():
                case.body["number"] = luhn_complete(number)
            expiry = case.body.get("expiry")
            if isinstance(expiry, str) and "/" in expiry:
                case.body["expiry"] = expiry.split("/")[0] + "/99"
        if path in self.ids:
            self._turn += 1
            if self._turn % 2:
                case.path_parameters = dict(self.ids[path])


APPLICANT = "r01"  # lives in 新座市, whose 児童手当 認定請求 the filed application is


class _Capture(PortalClient):
    """The portal client, keeping the request it would send instead of sending it."""

    def __init__(self) -> None:
        super().__init__("https://127.0.0.1:9", None)
        self.sent: tuple[Any, str | None] | None = None

    def _request(self, method: str, path: str, *, json_body: object = None, idempotency_key: str | None = None,
                 **_kwargs: Any) -> Any:
        self.sent = (json_body, idempotency_key)
        raise BackendUnreachable()


class CardSigner:
    """Signs a DigestInfo with a demo resident's signing key, as the virtual card does."""

    def __init__(self, stub: StubServer, resident_id: str) -> None:
        self._card = JLIS(stub.data_dir).load_card(resident_id)

    def sign(self, digest_info: bytes) -> bytes:
        digest = digest_info[len(SHA256_DIGEST_INFO_PREFIX):]
        return self._card.sign_key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))

    def certificate(self) -> bytes:
        return self._card.sign_cert.public_bytes(Encoding.DER)


def filed_application(signer: CardSigner) -> tuple[Any, str]:
    """The body and Idempotency-Key of a 児童手当 認定請求 exactly as the client files it: a
    request made by the client's own submission path, signed with the applicant's key."""
    capture = _Capture()
    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
    store.save(draft)
    with capture:
        SubmitApplication(store, capture, today=today_jst()).submit(draft.draft_id, signer)
    assert capture.sent is not None, "the client did not get as far as sending the application"
    body, key = capture.sent
    assert key is not None
    return body, key


def _run(
    operation: Any,
    mode: GenerationMode,
    call: Callable[[schemathesis.Case], None],
    tally: Tally,
) -> None:
    label = f"{operation.label} [{mode.value}]"
    try:
        strategy = operation.as_strategy(generation_mode=mode)
    except Exception as exc:  # e.g. nothing to negate in an operation without inputs
        tally.failures.setdefault(label, f"no strategy: {exc!r}")
        return

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report, do not minimise
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        tally.count(operation.label)
        tally.by_mode[operation.label, mode] = tally.by_mode.get((operation.label, mode), 0) + 1
        call(case)

    try:
        run()
        # An operation without inputs has one possible request, which Hypothesis sends once per
        # run: it is sent again (each answer checked) until the operation has its examples.
        for _ in range(EXAMPLES_PER_MODE):
            if mode is not GenerationMode.POSITIVE or tally.examples.get(operation.label, 0) >= EXAMPLES_PER_MODE:
                break
            run()
    except Unsatisfiable:
        pass
    except (Exception, BaseExceptionGroup) as exc:  # schemathesis reports a FailureGroup
        tally.failures[label] = str(exc)[:3000]


def test_every_operation_conforms_to_the_api_document(stub: StubServer) -> None:
    token = login(stub, RESIDENT)
    applicant_token = login(stub, APPLICANT)
    applicant = CardSigner(stub, APPLICANT)
    realistic = Realistic(stub, token)
    session = requests.Session()
    verify = session.verify = str(stub.ca_file)
    tally = Tally()
    operations = _operations(stub)
    started = time.monotonic()

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            def call(case: schemathesis.Case, mode: GenerationMode = mode) -> None:
                bearer = token
                if mode is GenerationMode.POSITIVE:
                    realistic.apply(case)
                    if case.path.endswith("/applications") and case.method == "POST":
                        # A valid submission carries the applicant's e-signature over its content:
                        # what the client files, not what a generator can write.
                        case.body, key = filed_application(applicant)
                        case.headers = {**(case.headers or {}), "Idempotency-Key": key}
                        bearer = applicant_token
                # The generated Authorization header is replaced by a real token when it has the
                # form of one; a negative case that drops or mangles it is sent as generated.
                generated = (case.headers or {}).get("Authorization")
                if generated is not None and generated.startswith("Bearer "):
                    if case.path.endswith("/auth/logout"):
                        bearer = login(stub, RESIDENT)  # logging out must not end the shared session
                    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {bearer}"}
                case.call_and_validate(base_url=stub.url, session=session, checks=CHECKS, verify=verify)

            _run(operation, mode, call, tally)
    elapsed = time.monotonic() - started
    session.close()

    counts = sorted(tally.examples.values())
    negated = [op for op in operations if _has_inputs(op.definition.raw)]
    print(
        f"\nschemathesis: {len(operations)} operations, {sum(counts)} examples "
        f"(per operation min {counts[0]}, max {counts[-1]}; {len(negated)} with inputs get negative cases too), "
        f"{len(CHECKS)} checks, {len(tally.failures)} failures, {elapsed:.0f} s"
    )
    for label, text in tally.failures.items():
        print(f"--- {label}\n{text}\n")
    assert not tally.failures, "\n\n".join(f"{k}: {v}" for k, v in tally.failures.items())
    thin = {label: n for label, n in tally.examples.items() if n < EXAMPLES_PER_MODE}
    assert not thin, f"operations with fewer than {EXAMPLES_PER_MODE} examples: {thin}"
    # Each mode on its own: accepted data is tried on every operation, refused data on every
    # operation that takes an input (one without has nothing to negate).
    wanted = [(op.label, GenerationMode.POSITIVE) for op in operations]
    wanted += [(op.label, GenerationMode.NEGATIVE) for op in negated]
    thin_modes = {f"{label} [{mode.value}]": tally.by_mode.get((label, mode), 0) for label, mode in wanted
                  if tally.by_mode.get((label, mode), 0) < EXAMPLES_PER_MODE}
    assert not thin_modes, f"too few examples in a mode: {thin_modes}"
    # The server is still healthy afterwards.
    with stub_client(stub) as client:
        assert client.get("/health").status_code == 200
