"""A misbehaving backend over real HTTPS (DESIGN.md §10): slow, timing out, malformed JSON, 5xx,
a certificate from the wrong CA. Each gives the portal client's typed error after bounded
retries, and a submission caught in one keeps its signed request (nothing lost).

The backend here is a tiny threaded HTTPS server with a certificate from a stub-style local CA;
each test scripts its answers. Waits are on events with deadlines, never on sleeps.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from app.applications import SHA256_DIGEST_INFO_PREFIX, RetryLater, SubmitApplication
from app.drafts import Draft, MemoryDraftStore
from app.portal import PortalClient
from app.portal.errors import BackendTimeout, BackendUnreachable, MalformedResponse, ServerError, TlsError
from backend_stub.server.tls import ensure_tls
from tests.unit.test_forms import TODAY, nintei_values

pytestmark = pytest.mark.integration

HOLD_DEADLINE_S = 30.0  # a held answer is released at teardown at the latest
HEALTH = b'{"status": "ok", "version": "0.1.0"}'
RESET = -1  # a status that makes the backend reset the connection instead of answering
CUT = -2  # a status that makes the backend send the head of a 200 and part of its body, then close


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class FakeBackend:
    """Answers every request with ``respond(seen) -> (status, body bytes)``; records what it saw."""

    url: str
    ca_file: Path
    seen: list[Seen] = field(default_factory=list)
    respond: Callable[[Seen], tuple[int, bytes]] = lambda _s: (200, b"{}")
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[FakeBackend]:
    tls = ensure_tls(tmp_path / "tls-ok")
    state = FakeBackend(url="", ca_file=tls.ca_file)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen = Seen(self.command, self.path, dict(self.headers))
            state.seen.append(seen)
            state.arrived.set()
            status, body = state.respond(seen)
            if status == RESET:
                # A TCP reset once the request is in, before any byte of an answer (SO_LINGER 0).
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            if status == CUT:
                # Part of an answer is out: the status line, headers and half of the body.
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                # Closed, not reset: a reset could discard the bytes before the client reads them.
                self.connection.close()
                self.close_connection = True
                return
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass  # the client gave up (timeout): that is the point of some tests

        def finish(self) -> None:
            with contextlib.suppress(OSError, ValueError):  # the socket is gone after a reset
                super().finish()

        do_GET = do_POST = _answer  # noqa: N815 (http.server's method names)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls.cert_file, tls.key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    state.url = f"https://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-backend", daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(HOLD_DEADLINE_S)


def client_for(backend: FakeBackend, *, ca_file: Path | None = None, read_timeout: float = 10.0,
               token: str | None = "token") -> tuple[PortalClient, list[float]]:
    pauses: list[float] = []
    client = PortalClient(backend.url, str(ca_file or backend.ca_file), timeout=(5.0, read_timeout),
                          session_token=token, retries=2, sleep=pauses.append)
    return client, pauses


def held(backend: FakeBackend) -> Callable[[Seen], tuple[int, bytes]]:
    """An answer that only comes when the test releases it (at teardown): a hung backend."""

    def respond(_seen: Seen) -> tuple[int, bytes]:
        backend.release.wait(HOLD_DEADLINE_S)
        return 200, b"{}"

    return respond


# --- timeouts and a slow backend ----------------------------------------------------------------


def test_a_hung_backend_gives_a_read_timeout_without_retrying(backend: FakeBackend) -> None:
    backend.respond = held(backend)
    client, pauses = client_for(backend, read_timeout=0.3)
    with client, pytest.raises(BackendTimeout) as info:
        client.me()
    assert (info.value.phase, len(backend.seen), pauses) == ("read", 1, [])


def test_a_slow_backend_within_the_timeout_is_simply_waited_for(backend: FakeBackend) -> None:
    def slow(_seen: Seen) -> tuple[int, bytes]:
        backend.release.wait(0.2)  # slower than a healthy backend, well within the read timeout
        return 200, HEALTH

    backend.respond = slow
    client, pauses = client_for(backend, read_timeout=10.0)
    with client:
        assert client.health().status == "ok"
    assert (len(backend.seen), pauses) == (1, [])


def test_an_unanswered_submission_keeps_its_signed_request_for_the_same_key(backend: FakeBackend) -> None:
    backend.respond = held(backend)
    client, _ = client_for(backend, read_timeout=0.3)
    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
    store.save(draft)
    with client:
        outcome = SubmitApplication(store, client, today=TODAY).submit(draft.draft_id, SoftSigner())
    kept = store.load(draft.draft_id)
    assert isinstance(outcome, RetryLater)
    assert (kept.pending is not None, kept.idempotency_key, kept.values) == (
        True, draft.idempotency_key, draft.values)
    assert {s.headers.get("Idempotency-Key") for s in backend.seen} == {draft.idempotency_key}


# --- malformed answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"{not json", "$"),
        (b"", "$"),
        (b"[1, 2, 3]", None),
        (json.dumps({"display_name": 42, "municipality_code": "112305", "municipality_name": "x"}).encode(), None),
        (b"\xff\xfe\x00garbage", "$"),
    ],
    ids=["truncated", "empty", "wrong-type", "wrong-field-type", "not-utf8"],
)
def test_malformed_json_is_a_typed_error(backend: FakeBackend, body: bytes, where: str | None) -> None:
    backend.respond = lambda _s: (200, body)
    client, _ = client_for(backend)
    with client, pytest.raises(MalformedResponse) as info:
        client.me()
    if where is not None:
        assert info.value.where == where


def test_malformed_json_from_the_login_endpoint_is_a_typed_error(backend: FakeBackend) -> None:
    backend.respond = lambda _s: (200, b'{"challenge_id": ')
    client, _ = client_for(backend, token=None)
    with client, pytest.raises(MalformedResponse):
        client.create_challenge()


# --- 5xx ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_failing_read_is_retried_a_bounded_number_of_times(backend: FakeBackend, status: int) -> None:
    backend.respond = lambda _s: (status, b'{"error": "boom"}')
    client, pauses = client_for(backend)
    with client, pytest.raises(ServerError) as info:
        client.me()
    assert (info.value.status, len(backend.seen), len(pauses)) == (status, 3, 2)


def test_a_server_error_on_login_is_never_retried(backend: FakeBackend) -> None:
    backend.respond = lambda _s: (503, b"{}")
    client, pauses = client_for(backend, token=None)
    with client, pytest.raises(ServerError):
        client.create_challenge()
    assert (len(backend.seen), pauses) == (1, [])


def test_a_recovering_backend_answers_after_a_retry(backend: FakeBackend) -> None:
    answers = [(503, b"{}"), (200, HEALTH)]
    backend.respond = lambda _s: answers.pop(0)
    client, pauses = client_for(backend)
    with client:
        assert client.health().version == "0.1.0"
    assert len(pauses) == 1


def test_a_5xx_submission_is_resent_under_the_same_key_and_then_kept(backend: FakeBackend) -> None:
    backend.respond = lambda _s: (503, b'{"error": "unavailable"}')
    client, pauses = client_for(backend)
    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
    store.save(draft)
    with client:
        outcome = SubmitApplication(store, client, today=TODAY).submit(draft.draft_id, SoftSigner())
    assert outcome == RetryLater("server_error")
    assert [s.headers.get("Idempotency-Key") for s in backend.seen] == [draft.idempotency_key] * 3
    assert store.load(draft.draft_id).pending is not None
    assert len(pauses) == 2


# --- a connection reset before the answer ------------------------------------------------------

ME = json.dumps({"display_name": "テスト 花子", "display_name_kana": "テスト ハナコ", "municipality_code": "112305",
                 "municipality_name": "新座市", "birth_date": "1990-01-01", "household": []}).encode()
PAYMENT = json.dumps({"id": "p1", "notice_id": "n1", "amount": 100, "status": "paid",
                      "payeasy": {"collecting_agency_no": "51234", "customer_no": "1" * 16,
                                  "confirmation_no": "123456"}, "receipt": None}).encode()


def reset_first(answer: tuple[int, bytes], times: int = 1) -> Callable[[Seen], tuple[int, bytes]]:
    remaining = [times]

    def respond(_seen: Seen) -> tuple[int, bytes]:
        if remaining[0] > 0:
            remaining[0] -= 1
            return RESET, b""
        return answer

    return respond


def test_a_read_reset_before_any_answer_is_sent_again_once_at_once(backend: FakeBackend) -> None:
    backend.respond = reset_first((200, ME))
    pauses: list[float] = []
    # No retry budget at all: the resend on a reset is not the backoff retry of a failing backend.
    with PortalClient(backend.url, str(backend.ca_file), session_token="token", retries=0,
                      sleep=pauses.append) as client:
        assert client.me().display_name == "テスト 花子"
    assert [(s.method, s.path) for s in backend.seen] == [("GET", "/api/v1/me")] * 2
    assert pauses == []


def test_a_read_reset_again_is_not_resent_a_second_time(backend: FakeBackend) -> None:
    backend.respond = reset_first((200, ME), times=5)
    with PortalClient(backend.url, str(backend.ca_file), session_token="token", retries=0,
                      sleep=lambda _s: None) as client, pytest.raises(BackendUnreachable):
        client.me()
    assert len(backend.seen) == 2


def test_a_submission_reset_before_any_answer_is_sent_again_under_its_key(backend: FakeBackend) -> None:
    receipt = json.dumps({"id": "a1", "receipt_number": "R-1", "status": "submitted"}).encode()
    backend.respond = reset_first((201, receipt))
    with PortalClient(backend.url, str(backend.ca_file), session_token="token", retries=0,
                      sleep=lambda _s: None) as client:
        got = client.submit_application(
            idempotency_key="key-1", form_id="jidou-teate-nintei", municipality_code="112305", data={},
            attachments=[], signed_payload=b"{}", signature=b"sig", certificate=b"cert",
        )
    assert got.created
    assert [(s.method, s.headers.get("Idempotency-Key")) for s in backend.seen] == [("POST", "key-1")] * 2


def test_a_read_cut_after_part_of_its_answer_is_not_sent_again_at_once(backend: FakeBackend) -> None:
    # The resend is for a reset before any byte of the answer: once part of it arrived, the
    # request reached the server and the failure is an ordinary one (here with no retry budget).
    cut = [True]

    def respond(_seen: Seen) -> tuple[int, bytes]:
        if cut[0]:
            cut[0] = False
            return CUT, ME
        return 200, ME

    backend.respond = respond
    with PortalClient(backend.url, str(backend.ca_file), session_token="token", retries=0,
                      sleep=lambda _s: None) as client, pytest.raises(BackendUnreachable):
        client.me()
    assert len(backend.seen) == 1


def test_a_submission_cut_after_part_of_its_answer_is_not_sent_again_at_once(backend: FakeBackend) -> None:
    receipt = json.dumps({"id": "a1", "receipt_number": "R-1", "status": "submitted"}).encode()
    backend.respond = lambda _seen: (CUT, receipt)
    with PortalClient(backend.url, str(backend.ca_file), session_token="token", retries=0,
                      sleep=lambda _s: None) as client, pytest.raises(BackendUnreachable):
        client.submit_application(
            idempotency_key="key-1", form_id="jidou-teate-nintei", municipality_code="112305", data={},
            attachments=[], signed_payload=b"{}", signature=b"sig", certificate=b"cert",
        )
    assert len(backend.seen) == 1


def test_a_login_reset_before_any_answer_is_never_sent_again(backend: FakeBackend) -> None:
    backend.respond = reset_first((200, b"{}"))
    client, pauses = client_for(backend, token=None)
    with client, pytest.raises(BackendUnreachable):
        client.login(challenge_id="c", origin=backend.url, certificate=b"cert", signature=b"sig")
    assert ([s.path for s in backend.seen], pauses) == (["/api/v1/auth/login"], [])


def test_a_payment_reset_before_any_answer_is_never_sent_again(backend: FakeBackend) -> None:
    backend.respond = reset_first((200, PAYMENT))
    client, pauses = client_for(backend)
    with client, pytest.raises(BackendUnreachable):
        client.pay_by_card("p1", number="4111111111111111", expiry="12/30", cvc="123")
    assert ([s.path for s in backend.seen], pauses) == (["/api/v1/payments/p1/card"], [])


# --- TLS ----------------------------------------------------------------------------------------


def test_a_server_certificate_from_another_ca_is_refused_before_any_request(
    backend: FakeBackend, tmp_path: Path
) -> None:
    other_ca = ensure_tls(tmp_path / "tls-other").ca_file
    client, pauses = client_for(backend, ca_file=other_ca)
    with client, pytest.raises(TlsError):
        client.me()
    assert (backend.seen, pauses) == ([], [])


def test_an_unreadable_ca_file_is_a_tls_error(backend: FakeBackend, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-ca.pem"
    bogus.write_text("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    client, _ = client_for(backend, ca_file=bogus)
    with client, pytest.raises(TlsError):
        client.me()
    assert backend.seen == []


def test_the_system_store_does_not_trust_the_local_ca(backend: FakeBackend) -> None:
    client = PortalClient(backend.url, None, session_token="token", sleep=lambda _s: None)
    with client, pytest.raises(TlsError):
        client.me()


# --- helpers ------------------------------------------------------------------------------------

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class SoftSigner:
    """Signs a DigestInfo as the card does (PKCS#1 v1.5); the backend here checks nothing."""

    def sign(self, digest_info: bytes) -> bytes:
        assert digest_info.startswith(SHA256_DIGEST_INFO_PREFIX)
        digest = digest_info[len(SHA256_DIGEST_INFO_PREFIX):]
        return _KEY.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))

    def certificate(self) -> bytes:
        return b"\x30\x82sign-cert"
