"""Shared set-up for the portal screens' UI tests (history, notices, self-info, payments,
delivery, home): the shared qasync loop on the test's QApplication, a private stub server over real
HTTPS (so these tests can change notices and payments without touching other tests' data),
and logged-in :class:`DirectAccess` objects. Imported by the test modules; holds no tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.portal.client import PortalClient
from app.portal.errors import BackendUnreachable
from tests.fixtures.stub import StubServer, login, run_stub_cli, start_stub_server

# The run's one qasync loop (tests/ui/conftest.py), re-exported for the modules that take
# their fixtures from here (``aloop = support.aloop``); its teardown cancels this test's tasks.
from tests.ui import conftest as _shared
from ui.portal.access import DirectAccess

aloop = _shared.aloop
qasync_loop = _shared.qasync_loop

HISTORY_RESIDENT = "r07"
GENERATED = 1500


@pytest.fixture(scope="session")
def portal_stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    base = tmp_path_factory.mktemp("portal-stub")
    # r07 gets a long history (several pages); the others keep their seeded years.
    done = run_stub_cli("generate", "--resident", HISTORY_RESIDENT, "--history", str(GENERATED),
                        "--data-dir", str(base / "data"))
    assert done.returncode == 0, done.stderr
    server = start_stub_server(base / "data", "--login-failures-per-ip", "100000", log_dir=base)
    yield server
    server.stop()


class FlakyAccess(DirectAccess):
    """A DirectAccess whose calls can be made to fail like a dropped network (``fail_next``)."""

    def __init__(self, client: PortalClient) -> None:
        super().__init__(client)
        self.fail_next = 0
        self.calls = 0

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.fail_next:
            self.fail_next -= 1
            raise BackendUnreachable()
        return await super().call(fn, *args, **kwargs)


@pytest.fixture
def make_access(portal_stub: StubServer, aloop: asyncio.AbstractEventLoop) -> Iterator[Callable[[str], FlakyAccess]]:
    clients: list[PortalClient] = []

    def make(resident: str) -> FlakyAccess:
        client = PortalClient(portal_stub.url, str(portal_stub.ca_file), session_token=login(portal_stub, resident),
                              retries=0)
        clients.append(client)
        return FlakyAccess(client)

    yield make
    for client in clients:
        executor = client._executor
        client.close()
        if executor is not None:
            executor.shutdown(wait=True)


def stub_db(stub: StubServer) -> Any:
    from backend_stub.server.db import Database

    return Database.in_data_dir(Path(stub.data_dir))


def type_text(widget: Any, text: str) -> None:
    """Types ``text`` key by key (QTest.keyClicks asserts on non-ASCII characters)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def add_notice(stub: StubServer, resident: str, **fields: Any) -> str:
    """Publishes a notice on the running stub (as an agency would); returns its id."""
    from backend_stub.network import portal

    fields.setdefault("body", "テスト用のお知らせです。")
    fields.setdefault("sender", "テスト市")
    fields.setdefault("category", "child")
    db = stub_db(stub)
    try:
        with db.transaction() as conn:
            return str(portal.create_notice(conn, resident, **fields))
    finally:
        db.close()


def payment_for(stub: StubServer, notice_id: str) -> str:
    db = stub_db(stub)
    try:
        row = db.query_one("SELECT id FROM payments WHERE notice_id = ?", (notice_id,))
    finally:
        db.close()
    assert row is not None
    return str(row[0])
