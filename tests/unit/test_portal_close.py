"""Closing a PortalClient leaves no connection behind, even when a pool thread is still in the
middle of a call: a request after close() fails at once instead of opening a TLS connection in a
session that nothing closes any more (which the garbage collector later reports as an unclosed
SSL socket, in whatever test happens to be running)."""

from __future__ import annotations

import concurrent.futures
import gc
import threading
from collections.abc import Iterator

import pytest

from app.portal import PortalClient
from tests.unit.test_portal_support import FakeBackend, Reply, TlsFiles, reply, tls_files

HEALTH = {"status": "ok", "version": "1"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return tls_files(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture
def backend(tls: TlsFiles) -> Iterator[FakeBackend]:
    b = FakeBackend(tls)
    yield b
    b.close()


def test_a_call_after_close_fails_without_connecting(backend: FakeBackend, tls: TlsFiles) -> None:
    backend.on("GET", "/health", reply(200, HEALTH))
    client = PortalClient(backend.url, str(tls.ca_a))
    assert client.health().status == "ok"
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        client.health()
    assert len(backend.seen) == 1


def test_a_job_running_during_close_leaves_no_socket_open(backend: FakeBackend, tls: TlsFiles) -> None:
    hold, arrived = threading.Event(), threading.Event()

    def held(_seen: object) -> Reply:
        arrived.set()
        return Reply(200, b'{"status": "ok", "version": "1"}', {"Content-Type": "application/json"}, hold=hold)

    backend.on("GET", "/health", held)
    client = PortalClient(backend.url, str(tls.ca_a))
    pool = concurrent.futures.ThreadPoolExecutor(1)

    def job() -> str:
        first = client.health().status  # in flight while the client is closed
        try:
            client.health()  # the same thread's session, after close
        except RuntimeError as exc:
            return f"{first}, then {exc}"
        return f"{first}, then connected again"

    future = pool.submit(job)
    try:
        assert arrived.wait(10)
        client.close()
        hold.set()
        assert future.result(timeout=10) == "ok, then the portal client is closed"
    finally:
        hold.set()
        pool.shutdown(wait=True)
    assert len(backend.seen) == 1
    gc.collect()  # an unclosed socket would be reported here (warnings are errors)
