"""HistoryPager: incremental pages, filter restarts, stale answers dropped, page cache."""

from __future__ import annotations

import asyncio
import datetime
import threading

import pytest

from app.history import HistoryFilters, HistoryPager
from app.portal.models import HistoryPage, Outcome, parse_history_page
from tests.unit.test_portal_support import history_page


class FakeHistory:
    """Pages of 3 over ``size`` records; the filter's outcome is echoed in the record ids."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.calls: list[tuple[dict[str, str], str | None, int]] = []

    def __call__(self, filters: HistoryFilters, cursor: str | None, limit: int) -> HistoryPage:
        self.calls.append((filters.to_params(), cursor, limit))
        start = int(cursor or 0)
        end = min(self.size, start + limit)
        page = history_page(range(start, end), str(end) if end < self.size else None, total=self.size)
        return parse_history_page(page)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_pages_load_until_the_list_is_complete() -> None:
    fake = FakeHistory(8)
    pager = HistoryPager(None, fetch=fake, page_size=3)
    sizes = []
    while pager.can_fetch_more:
        new = pager.fetch_next()
        assert new is not None
        sizes.append(len(new))
    assert sizes == [3, 3, 2]
    assert [r.id for r in pager.records] == [f"h{i:06d}" for i in range(8)]
    assert pager.total == 8
    assert pager.fetch_next() == []
    assert len(fake.calls) == 3


def test_filter_and_sort_changes_restart_the_list() -> None:
    fake = FakeHistory(8)
    pager = HistoryPager(None, fetch=fake, page_size=3)
    pager.fetch_next()
    pager.fetch_next()
    assert pager.set_filters(HistoryFilters(outcome=Outcome.REFUSED)) is True
    assert len(pager) == 0
    assert pager.total is None
    assert pager.can_fetch_more
    pager.fetch_next()
    assert fake.calls[-1] == ({"outcome": "refused"}, None, 3)
    assert pager.set_filters(HistoryFilters(outcome=Outcome.REFUSED)) is False  # unchanged: no restart
    pager.set_filters(HistoryFilters(outcome=Outcome.REFUSED).with_sort("-requested_at"))
    pager.fetch_next()
    assert fake.calls[-1] == ({"outcome": "refused", "sort": "-requested_at"}, None, 3)


def test_filters_become_the_documented_query_parameters() -> None:
    f = HistoryFilters(
        date_from=datetime.date(2024, 4, 1),
        date_to=datetime.date(2024, 6, 30),
        agency="112305",
        information="地方税関係情報",
        outcome=Outcome.NOT_HELD,
        q="  児童手当 ",
        sort="-requested_at",
    )
    assert f.to_params() == {
        "from": "2024-04-01",
        "to": "2024-06-30",
        "agency": "112305",
        "information": "地方税関係情報",
        "outcome": "not_held",
        "q": "児童手当",
        "sort": "-requested_at",
    }
    assert HistoryFilters(q="   ").to_params() == {}



def test_one_applications_records_are_the_servers_trigger_filter() -> None:
    assert HistoryFilters(application="app-1").to_params() == {"trigger_kind": "application", "trigger_ref": "app-1"}
    # With the other filters it narrows them (the server ANDs them all).
    assert HistoryFilters(application="app-1", date_from=datetime.date(2024, 4, 1), q="児童手当",
                          sort="-requested_at").to_params() == {
        "from": "2024-04-01",
        "q": "児童手当",
        "sort": "-requested_at",
        "trigger_kind": "application",
        "trigger_ref": "app-1",
    }
    assert "trigger_ref" not in HistoryFilters(application="").to_params()


def test_an_applications_records_load_one_request_per_page() -> None:
    """The pager asks the server for the application's records page by page, as for any other
    filter; the total is the server's count from the first page on."""
    fake = FakeHistory(8)
    pager = HistoryPager(None, HistoryFilters(application="app-1"), fetch=fake, page_size=3)
    assert pager.fetch_next() is not None
    assert pager.total == 8
    assert pager.can_fetch_more
    while pager.can_fetch_more:
        pager.fetch_next()
    assert len(pager) == 8
    assert [(cursor, limit) for _, cursor, limit in fake.calls] == [(None, 3), ("3", 3), ("6", 3)]
    assert all(params == {"trigger_kind": "application", "trigger_ref": "app-1"} for params, _, _ in fake.calls)


def test_an_application_without_records_is_complete_after_one_request() -> None:
    fake = FakeHistory(0)
    pager = HistoryPager(None, HistoryFilters(application="app-1"), fetch=fake, page_size=3)
    assert pager.fetch_next() == []
    assert (pager.total, pager.can_fetch_more, len(fake.calls)) == (0, False, 1)

def test_a_slow_answer_for_old_filters_never_lands_in_the_new_list() -> None:
    fake = FakeHistory(8)
    pager = HistoryPager(None, fetch=fake, page_size=3)
    old = pager.begin()
    assert old is not None
    assert pager.begin() is None  # one request at a time
    old_page = pager.load(old)
    pager.set_filters(HistoryFilters(agency="J-NENKIN"))  # the user typed while it was in flight
    assert pager.accept(old, old_page) is None
    assert len(pager) == 0
    new = pager.begin()
    assert new is not None
    assert new.filters.agency == "J-NENKIN"
    assert pager.accept(new, pager.load(new)) is not None
    assert len(pager) == 3


def test_a_failed_request_can_be_tried_again() -> None:
    calls = {"n": 0}

    def flaky(filters: HistoryFilters, cursor: str | None, limit: int) -> HistoryPage:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("down")
        return FakeHistory(8)(filters, cursor, limit)

    pager = HistoryPager(None, fetch=flaky, page_size=3)
    with pytest.raises(ConnectionError):
        pager.fetch_next()
    assert not pager.loading
    assert pager.fetch_next() is not None
    assert len(pager) == 3


def test_pages_are_cached_per_filter_for_a_while() -> None:
    fake = FakeHistory(8)
    clock = Clock()
    pager = HistoryPager(None, fetch=fake, page_size=3, clock=clock, cache_ttl=60)
    pager.fetch_next()
    pager.set_filters(HistoryFilters(q="年金"))
    pager.fetch_next()
    pager.set_filters(HistoryFilters())  # back to the first filter: served from the cache
    pager.fetch_next()
    assert len(fake.calls) == 2
    assert len(pager) == 3
    clock.now += 61
    pager.set_filters(HistoryFilters(q="x"))
    pager.set_filters(HistoryFilters())
    pager.fetch_next()  # stale cache entry: asked again
    assert len(fake.calls) == 3
    pager.refresh()
    pager.fetch_next()
    assert len(fake.calls) == 4


def test_records_repeated_across_a_page_boundary_are_shown_once() -> None:
    def shifting(filters: HistoryFilters, cursor: str | None, limit: int) -> HistoryPage:
        # A new record arrived between the pages: the second page repeats the last one.
        ids = range(0, 3) if cursor is None else range(2, 5)
        return parse_history_page(history_page(ids, None if cursor else "2", total=5))

    pager = HistoryPager(None, fetch=shifting, page_size=3)
    pager.fetch_next()
    pager.fetch_next()
    assert [r.id for r in pager.records] == [f"h{i:06d}" for i in range(5)]


def test_async_fetch_drops_a_stale_page() -> None:
    gate = threading.Event()
    fake = FakeHistory(8)

    def gated(filters: HistoryFilters, cursor: str | None, limit: int) -> HistoryPage:
        gate.wait(5)
        return fake(filters, cursor, limit)

    from app.portal import PortalClient

    client = PortalClient("https://127.0.0.1:9", None)
    pager = HistoryPager(client, fetch=gated, page_size=3)

    async def main() -> tuple[object, object]:
        first = asyncio.create_task(pager.fetch_next_async())
        await asyncio.sleep(0)  # let it start; then the filter changes under it
        pager.set_filters(HistoryFilters(q="new"))
        gate.set()
        stale = await first
        fresh = await pager.fetch_next_async()
        return stale, fresh

    try:
        stale, fresh = asyncio.run(main())
    finally:
        client.close()
    assert stale is None
    assert isinstance(fresh, list)
    assert len(fresh) == 3
    assert pager.filters.q == "new"
