"""NoticePoller: new notices only, `since` advances, exponential backoff without storms."""

from __future__ import annotations

import asyncio
import datetime
import math
from collections.abc import Sequence

from app.notices import NoticePoller
from app.portal import BackendUnreachable, PortalClient, PortalError, RateLimited, ServerError, SessionExpired
from app.portal.models import Notice, NoticePage, parse_notice_page
from tests.unit.test_portal_support import notice, notice_page


class FakeNotices:
    def __init__(self) -> None:
        self.items: list[dict[str, object]] = []
        self.fail: list[PortalError] = []
        self.calls: list[tuple[str | None, str | None]] = []

    def add(self, i: int, minute: int) -> None:
        self.items.append(notice(i, f"2024-06-01T09:{minute:02d}:00+09:00"))

    def __call__(self, since: str | None, cursor: str | None) -> NoticePage:
        self.calls.append((since, cursor))
        if self.fail:
            raise self.fail.pop(0)
        chosen = [
            n for n in self.items
            if since is None or datetime.datetime.fromisoformat(str(n["published_at"])) >= datetime.datetime.fromisoformat(since)
        ]
        # two per page, to exercise paging
        start = int(cursor or 0)
        nxt = str(start + 2) if start + 2 < len(chosen) else None
        return parse_notice_page(notice_page(chosen[start : start + 2], nxt))


def make(fake: FakeNotices, **kw: object) -> tuple[NoticePoller, list[list[str]], list[PortalError]]:
    got: list[list[str]] = []
    errors: list[PortalError] = []

    def on_new(ns: Sequence[Notice]) -> None:
        got.append([n.id for n in ns])

    poller = NoticePoller(None, on_new, fetch=fake, on_error=errors.append, rand=lambda: 0.5, **kw)  # type: ignore[arg-type]
    return poller, got, errors


def test_first_poll_primes_then_only_new_notices_are_reported() -> None:
    fake = FakeNotices()
    for i in range(3):
        fake.add(i, i)
    poller, got, _ = make(fake)
    assert poller.poll_once() == 5.0
    assert got == []
    assert [c[1] for c in fake.calls] == [None, "2"]  # followed the pages
    fake.add(10, 30)
    fake.add(11, 31)
    poller.poll_once()
    assert got == [["n10", "n11"]]
    assert fake.calls[-1][0] == "2024-06-01T09:02:00+09:00"  # asked from the newest seen before
    poller.poll_once()
    assert fake.calls[-1][0] == "2024-06-01T09:31:00+09:00"
    assert got == [["n10", "n11"]]  # a notice published at `since` is not reported twice
    assert poller.since == datetime.datetime.fromisoformat("2024-06-01T09:31:00+09:00")


def test_notify_existing_reports_the_first_batch() -> None:
    fake = FakeNotices()
    fake.add(1, 1)
    poller, got, _ = make(fake, notify_existing=True)
    poller.poll_once()
    assert got == [["n1"]]


def test_backoff_doubles_to_the_cap_and_resets_on_success() -> None:
    fake = FakeNotices()
    fake.fail = [BackendUnreachable() for _ in range(7)]
    poller, _, errors = make(fake)
    delays = [poller.poll_once() for _ in range(7)]
    assert delays == [10.0, 20.0, 40.0, 60.0, 60.0, 60.0, 60.0]
    assert len(errors) == 7
    assert poller.failures == 7
    assert poller.poll_once() == 5.0
    assert poller.failures == 0


def test_jitter_spreads_a_fleet_but_never_exceeds_the_cap() -> None:
    fake = FakeNotices()
    fake.fail = [ServerError(503) for _ in range(20)]
    low = NoticePoller(None, lambda ns: None, fetch=fake, rand=lambda: 0.0)
    high = NoticePoller(None, lambda ns: None, fetch=fake, rand=lambda: 1.0)
    assert low.poll_once() == 9.0
    assert high.poll_once() == 11.0
    for _ in range(8):
        assert high.poll_once() <= 60.0


def test_rate_limit_waits_at_least_retry_after() -> None:
    fake = FakeNotices()
    fake.fail = [RateLimited(300.0)]
    poller, _, _ = make(fake)
    assert poller.poll_once() == 300.0


def test_an_expired_session_stops_polling() -> None:
    fake = FakeNotices()
    fake.fail = [SessionExpired("token_expired")]
    poller, _, errors = make(fake)
    assert math.isinf(poller.poll_once())
    assert poller.stopped
    assert [e.code for e in errors] == ["token_expired"]
    calls = len(fake.calls)
    assert math.isinf(poller.poll_once())
    assert len(fake.calls) == calls


def test_run_loop_sleeps_the_returned_delays_and_ends_on_stop() -> None:
    fake = FakeNotices()
    fake.fail = [BackendUnreachable(), BackendUnreachable()]
    client = PortalClient("https://127.0.0.1:9", None)
    poller = NoticePoller(client, lambda ns: None, fetch=fake, rand=lambda: 0.5)
    slept: list[float] = []

    async def fake_sleep(delay: float) -> None:
        slept.append(delay)
        if len(slept) == 4:
            poller.stop()

    try:
        asyncio.run(poller.run(sleep=fake_sleep))
    finally:
        client.close()
    assert slept == [10.0, 20.0, 5.0, 5.0]
