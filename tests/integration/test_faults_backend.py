"""The backend killed (SIGKILL) during a submission and restarted on the same data (DESIGN.md §10).

The client talks to the stub through a small TCP relay on loopback, so the stub can be killed
at an exact point of the exchange and restarted on another port behind the same address
(the same origin for the login protocol). After the restart the client resends the very same
signed request under the very same Idempotency-Key: exactly one application exists, and what
the client reports (receipt, list of applications) is what the server holds.
"""

from __future__ import annotations

import contextlib
import selectors
import signal
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.applications import RetryLater, SubmitApplication, Submitted
from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.drafts import Draft, DraftNotFoundError, MemoryDraftStore
from app.login import CardAuthSigner, LoginFlow
from app.portal import PortalClient
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from tests.fixtures.stub import StubServer
from tests.integration.test_faults_card import SignSigner
from tests.unit.test_forms import TODAY, nintei_values

pytestmark = pytest.mark.integration

KILL_DEADLINE_S = 30.0


@dataclass
class Relay:
    """Forwards 127.0.0.1:port to the current upstream port. When ``kill_on_answer`` is set, the
    first bytes the server sends back trigger it instead of being forwarded (the answer is lost)."""

    port: int = 0
    upstream: int = 0
    kill_on_answer: Callable[[], None] | None = None
    killed: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _conns: list[socket.socket] = field(default_factory=list)

    def drop_all(self) -> None:
        for s in list(self._conns):
            with contextlib.suppress(OSError):
                s.close()
        self._conns.clear()

    def serve(self, listener: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(listener, selectors.EVENT_READ, None)
        while not self._stop.is_set():
            for key, _ in sel.select(timeout=0.05):
                if key.data is None:
                    client, _ = listener.accept()
                    try:
                        upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
                    except OSError:
                        # The backend is down: reset the connection (as a refused one would be),
                        # rather than close it cleanly in the middle of the TLS handshake.
                        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        client.close()
                        continue
                    self._conns += [client, upstream]
                    sel.register(client, selectors.EVENT_READ, (upstream, False))
                    sel.register(upstream, selectors.EVENT_READ, (client, True))
                    continue
                peer, from_server = key.data
                src: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = src.recv(65536)
                except OSError:
                    data = b""
                if data and from_server and self.kill_on_answer is not None:
                    kill, self.kill_on_answer = self.kill_on_answer, None
                    kill()
                    self.killed.set()
                    data = b""  # the answer never reaches the client
                if data:
                    with contextlib.suppress(OSError):
                        peer.sendall(data)
                    continue
                for s in (src, peer):
                    with contextlib.suppress(KeyError, ValueError):
                        sel.unregister(s)
                    with contextlib.suppress(OSError):
                        s.close()
        sel.close()


@pytest.fixture
def relay() -> Iterator[Relay]:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    r = Relay(port=listener.getsockname()[1])
    thread = threading.Thread(target=r.serve, args=(listener,), name="relay", daemon=True)
    thread.start()
    yield r
    r._stop.set()
    thread.join(KILL_DEADLINE_S)
    listener.close()
    r.drop_all()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sigkill(stub: StubServer) -> None:
    stub.process.send_signal(signal.SIGKILL)
    stub.process.wait(KILL_DEADLINE_S)


@pytest.fixture
def setup(stub_server_factory: Callable[..., StubServer], relay: Relay, tmp_path: Path) -> Callable[[], tuple]:
    data_dir = tmp_path / "stub-kill"
    origin = f"https://127.0.0.1:{relay.port}"

    def start() -> StubServer:
        # URL= shows the public origin (the relay), so the stub's own port is chosen here.
        relay.upstream = free_port()
        return stub_server_factory("--public-origin", origin, "--port", str(relay.upstream), data_dir=data_dir)

    def make() -> tuple:
        stub = start()
        ca = str(stub.ca_file)
        pauses: list[float] = []
        client = PortalClient(origin, ca, retries=2, sleep=pauses.append)
        profile = JLIS(data_dir).load_card("r02")
        vc = VirtualCard(profile)
        card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))
        LoginFlow(client).run(CardAuthSigner(card, profile.auth_pin))
        store = MemoryDraftStore()
        draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
        store.save(draft)
        signer = SignSigner(MyNumberCard(CallableTransport(VirtualCard(profile).transmit, vc.atr)), profile.sign_pin)
        return stub, start, client, store, draft, signer, pauses

    return make


def test_killed_after_creating_it_but_before_answering_gives_exactly_one_application(
    setup: Callable[[], tuple], relay: Relay
) -> None:
    stub, start, client, store, draft, signer, pauses = setup()
    submit = SubmitApplication(store, client, today=TODAY)
    with client:
        relay.kill_on_answer = lambda: sigkill(stub)
        first = submit.submit(draft.draft_id, signer)
        assert relay.killed.is_set()
        # The answer was lost and the backend stayed down through the bounded retries.
        assert first == RetryLater("backend_unreachable")
        assert len(pauses) == 2
        kept = store.load(draft.draft_id)
        assert (kept.pending is not None, kept.idempotency_key) == (True, draft.idempotency_key)

        relay.drop_all()
        start()  # same data directory, new process, same address through the relay
        again = submit.retry(draft.draft_id)
        assert isinstance(again, Submitted)
        (application,) = client.applications()
    assert (application.id, application.receipt_number) == (again.application_id, again.receipt_number)
    with pytest.raises(DraftNotFoundError):
        store.load(draft.draft_id)


def test_killed_before_the_submission_then_restarted_gives_exactly_one_application(
    setup: Callable[[], tuple], relay: Relay
) -> None:
    stub, start, client, store, draft, signer, pauses = setup()
    submit = SubmitApplication(store, client, today=TODAY)
    with client:
        sigkill(stub)
        relay.drop_all()
        first = submit.submit(draft.draft_id, signer)
        assert first == RetryLater("backend_unreachable")
        assert len(pauses) == 2
        start()
        again = submit.retry(draft.draft_id)
        assert isinstance(again, Submitted)
        # Resending once more (a second crash before the draft was deleted) changes nothing.
        assert len(client.applications()) == 1
        (application,) = client.applications()
    assert application.id == again.application_id
