"""Behind a municipal proxy: the client's traffic to a backend that has a name (not loopback)
goes through the environment's HTTPS proxy by CONNECT, TLS still ends at the backend and is
checked against the configured CA only; loopback never goes through the proxy."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.portal.client import PortalClient
from app.portal.errors import BackendUnreachable
from backend_stub.server.tls import ensure_tls
from tests.fixtures.stub import StubServer, start_stub_server

pytestmark = pytest.mark.integration

BACKEND_NAME = "portal.city.example"


class ConnectProxy:
    """A minimal CONNECT proxy on loopback that resolves BACKEND_NAME to 127.0.0.1 and records
    every CONNECT line it was asked for."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, name="proxy", daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, client: socket.socket) -> None:
        with contextlib.closing(client), contextlib.suppress(OSError):  # either side may reset
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n", 1)[0].decode("ascii")
            method, target, _ = line.split(" ", 2)
            self.requests.append(f"{method} {target}")
            host, _, port = target.rpartition(":")
            if method != "CONNECT" or host != BACKEND_NAME:
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            with contextlib.closing(socket.create_connection(("127.0.0.1", int(port)))) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                pair = {client: upstream, upstream: client}
                while not self._stop.is_set():
                    ready, _, _ = select.select(list(pair), [], [], 0.2)
                    for s in ready:
                        data = s.recv(65536)
                        if not data:
                            return
                        pair[s].sendall(data)

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        self._accepting.join(5)
        for t in self._threads:
            t.join(5)


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    p = ConnectProxy()
    try:
        yield p
    finally:
        p.close()


@pytest.fixture
def named_stub(tmp_path: Path) -> Iterator[StubServer]:
    """The real stub, with a server certificate that also names BACKEND_NAME."""
    data_dir = tmp_path / "stub"
    data_dir.mkdir()
    ensure_tls(data_dir, (BACKEND_NAME,))
    stub = start_stub_server(data_dir)
    try:
        yield stub
    finally:
        stub.stop()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


def test_a_named_backend_is_reached_through_the_https_proxy(
    named_stub: StubServer, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    # requests' own environment must stay out: a CA bundle there would widen the trusted CAs.
    bogus = tmp_path / "bogus-ca.pem"
    bogus.write_text("not a certificate\n")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bogus))
    port = _port(named_stub.url)
    with PortalClient(f"https://{BACKEND_NAME}:{port}", str(named_stub.ca_file), retries=0) as client:
        assert client.health().status == "ok"
    assert proxy.requests == [f"CONNECT {BACKEND_NAME}:{port}"]


def test_without_the_proxy_that_name_cannot_be_reached(
    named_stub: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name only resolves through the proxy: this is what makes the test above prove the route.
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with (
        PortalClient(f"https://{BACKEND_NAME}:{_port(named_stub.url)}", str(named_stub.ca_file), retries=0) as client,
        pytest.raises(BackendUnreachable),
    ):
        client.health()


def test_loopback_bypasses_the_proxy(
    named_stub: StubServer, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    with PortalClient(named_stub.url, str(named_stub.ca_file), retries=0) as client:
        assert client.health().status == "ok"
    assert proxy.requests == []


def test_the_health_check_takes_the_same_route(
    named_stub: StubServer, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app_context import check_health

    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    port = _port(named_stub.url)
    assert check_health(named_stub.url, str(named_stub.ca_file))["status"] == "ok"
    assert proxy.requests == []  # loopback: direct, although urllib's default opener would proxy it
    assert check_health(f"https://{BACKEND_NAME}:{port}", str(named_stub.ca_file))["status"] == "ok"
    assert proxy.requests == [f"CONNECT {BACKEND_NAME}:{port}"]
