"""One application's やりとり履歴 from the server's trigger filter, on a real stub server over HTTPS:
the client's pager and the status view get exactly that application's linkage records, and only
the logged-in resident's, however many newer records the history holds."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.history import HistoryFilters, HistoryPager
from app.portal.client import PortalClient
from app.portal.models import HistoryRecord, TriggerKind
from backend_stub.server.db import Database
from tests.fixtures.stub import (
    StubServer,
    login,
    run_stub_cli,
    signed_application_body,
    start_stub_server,
    stub_client,
)
from tests.ui.test_services_support import qloop  # noqa: F401 - fixture
from ui.kosodate.status import StatusView

pytestmark = pytest.mark.integration

GENERATED = 1000  # records spread over the years up to now
# Years back, yet within the 7 years records are kept (older ones are purged, src:myna-faq-2397).
LONG_AGO = (dt.datetime.now(dt.timezone(dt.timedelta(hours=9))) - dt.timedelta(days=5 * 365)).strftime(
    "%Y-%m-%dT10:00:00+09:00"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    """A server of its own: r01's history gets many records, which the shared one must not."""
    base = tmp_path_factory.mktemp("stub-history-by-application")
    data_dir = base / "data"
    done = run_stub_cli("generate", "--data-dir", str(data_dir), "--resident", "r01", "--history", str(GENERATED))
    assert done.returncode == 0, done.stderr
    stub = start_stub_server(data_dir, log_dir=base)
    yield stub
    stub.stop()


def submit(stub: StubServer, resident_id: str) -> str:
    """A signed 児童手当 認定請求 of that resident; its id."""
    key = str(uuid.uuid4())
    body = signed_application_body(stub.data_dir, resident_id, idempotency_key=key)
    with stub_client(stub, login(stub, resident_id)) as client:
        response = client.post("/applications", json=body, headers={"Idempotency-Key": key})
    assert response.status_code == 201, response.text
    app_id: str = response.json()["id"]
    return app_id


def processed_long_ago(stub: StubServer, app_id: str) -> None:
    """The municipality's queries for ``app_id`` are dated years back, so hundreds of newer
    records come before them in the history's newest-first pages."""
    db = Database.in_data_dir(stub.data_dir)
    try:
        with db.transaction() as conn:
            conn.execute("UPDATE history SET requested_at = ?, provided_at = CASE WHEN provided_at IS NULL"
                         " THEN NULL ELSE ? END WHERE trigger_ref = ?", (LONG_AGO, LONG_AGO, app_id))
    finally:
        db.close()


@pytest.fixture(scope="module")
def applications(server: StubServer) -> dict[str, str]:
    """r01's and r02's applications, both decided; r01's linkage records long ago."""
    apps = {"r01": submit(server, "r01"), "r02": submit(server, "r02")}
    done = run_stub_cli("advance", "--data-dir", str(server.data_dir))
    assert done.returncode == 0, done.stderr
    processed_long_ago(server, apps["r01"])
    return apps


@pytest.fixture
def client_of(server: StubServer) -> Iterator[Callable[[str], PortalClient]]:
    made: list[PortalClient] = []

    def make(resident_id: str) -> PortalClient:
        client = PortalClient(server.url, str(server.ca_file), session_token=login(server, resident_id))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def everything(client: PortalClient) -> list[HistoryRecord]:
    out: list[HistoryRecord] = []
    cursor = None
    while True:
        page = client.history(limit=200, cursor=cursor)
        out += page.items
        cursor = page.next_cursor
        if cursor is None:
            return out


def linked_to(records: list[HistoryRecord], app_id: str) -> list[str]:
    return [r.id for r in records if r.trigger is not None and r.trigger.ref == app_id]


def test_an_applications_records_come_page_by_page_and_only_the_residents_own(
    applications: dict[str, str], client_of: Callable[[str], PortalClient]
) -> None:
    mine = client_of("r01")
    all_mine = everything(mine)
    assert len(all_mine) > GENERATED
    expected = linked_to(all_mine, applications["r01"])
    assert len(expected) >= 2, "the municipality queried more than one agency for it"
    assert all_mine.index(next(r for r in all_mine if r.id == expected[0])) > 200, "beyond the newest 200"

    requests: list[tuple[str | None, int]] = []

    def fetch(filters: HistoryFilters, cursor: str | None, limit: int) -> Any:
        requests.append((cursor, limit))
        return mine.history(limit=limit, cursor=cursor, filters=filters.to_params())

    pager = HistoryPager(None, HistoryFilters(application=applications["r01"]), fetch=fetch, page_size=1)
    while pager.can_fetch_more:
        pager.fetch_next()
    assert [r.id for r in pager.records] == expected  # all of them, newest first, nothing else
    assert pager.total == len(expected)
    assert len(requests) == len(expected)  # one request per page
    assert all(r.trigger is not None and r.trigger.kind is TriggerKind.APPLICATION for r in pager.records)

    # Another resident asking for r01's application id gets nothing; their own gives theirs.
    theirs = client_of("r02")
    page = theirs.history(filters=HistoryFilters(application=applications["r01"]).to_params())
    assert (page.items, page.next_cursor, page.total) == ((), None, 0)
    own = theirs.history(limit=200, filters=HistoryFilters(application=applications["r02"]).to_params())
    assert [r.id for r in own.items] == linked_to(everything(theirs), applications["r02"])
    assert not {r.id for r in own.items} & {r.id for r in all_mine}


class _Backend:
    """What StatusView needs of the services screen: the client and a way to call it."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client

    def portal(self) -> PortalClient:
        return self.client

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await self.client.run(fn, *args, **kwargs)


def test_the_status_view_shows_the_applications_linkage(
    qtbot: Any, qloop: Any, applications: dict[str, str], client_of: Callable[[str], PortalClient]  # noqa: F811
) -> None:
    client = client_of("r01")
    expected = linked_to(everything(client), applications["r01"])
    status = StatusView(_Backend(client), applications["r01"], poll_seconds=0.2)
    qtbot.addWidget(status)
    status.start()
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()
    assert [r.id for r in status.linkage] == expected
    shown = status.details.toPlainText()
    assert "この申請の審査のために行われた情報連携" in shown
    for record in status.linkage:
        assert f"{record.requester.name} → {record.provider.name}：{record.information}" in shown
