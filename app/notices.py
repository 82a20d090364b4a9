"""Polling for new お知らせ, Qt-free.

:class:`NoticePoller` asks ``GET /notices?since=…`` every ``interval`` seconds (5 s) and hands
notices it has not seen before to ``on_new``. When the backend is down or failing it backs off
exponentially (10, 20, 40 … up to ``max_interval``, 60 s, with ±10 % jitter so a kiosk fleet
does not poll in step), and honours ``Retry-After`` on 429: no request storm. One success
returns it to the normal interval. An expired session stops it (``on_error`` hears why).

The first poll only primes it (notices already there are not "new") unless ``notify_existing``.
"""

from __future__ import annotations

import asyncio
import datetime
import math
import random
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence

from app.portal.client import PortalClient
from app.portal.errors import PortalError, RateLimited, SessionExpired
from app.portal.models import Notice, NoticePage

NoticeFetcher = Callable[[str | None, str | None], NoticePage]  # (since, cursor) -> page


class NoticePoller:
    """Finds new notices. :meth:`poll_once` is one blocking poll that returns the delay before
    the next; :meth:`run` is the loop for an event loop (requests on the client's pool)."""

    def __init__(
        self,
        client: PortalClient | None,
        on_new: Callable[[Sequence[Notice]], None],
        *,
        interval: float = 5.0,
        max_interval: float = 60.0,
        since: datetime.datetime | None = None,
        notify_existing: bool = False,
        on_error: Callable[[PortalError], None] | None = None,
        jitter: float = 0.1,
        rand: Callable[[], float] = random.random,
        max_pages: int = 20,
        fetch: NoticeFetcher | None = None,
    ) -> None:
        if fetch is None:
            if client is None:
                raise ValueError("a client or a fetch function is needed")
            # The resident's own notices, like the push stream, also while they act for someone.
            fetch = lambda since_, cursor: client.notices(  # noqa: E731
                limit=100, cursor=cursor, since=since_, as_self=True)
        self._client = client
        self._fetch = fetch
        self._on_new = on_new
        self._on_error = on_error
        self.interval = interval
        self.max_interval = max_interval
        self._jitter = jitter
        self._rand = rand
        self._max_pages = max_pages
        self._since = since
        self._primed = since is not None or notify_existing
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._failures = 0
        self._stopped = threading.Event()

    @property
    def failures(self) -> int:
        """Consecutive failed polls (0 when the backend is answering)."""
        return self._failures

    @property
    def since(self) -> datetime.datetime | None:
        """Publication time of the newest notice seen: the next poll's ``since``."""
        return self._since

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()

    def poll_once(self) -> float:
        """One poll: calls ``on_new`` with unseen notices; returns seconds until the next poll
        (``math.inf`` once stopped)."""
        if self.stopped:
            return math.inf
        try:
            notices = self._fetch_all()
        except SessionExpired as exc:
            self.stop()
            self._report(exc)
            return math.inf
        except PortalError as exc:
            self._failures += 1
            self._report(exc)
            delay = self._jittered(min(self.max_interval, self.interval * 2.0**self._failures))
            if isinstance(exc, RateLimited) and exc.retry_after is not None:
                delay = max(delay, min(exc.retry_after, 3600.0))
            return delay
        self._failures = 0
        new = [n for n in notices if n.id not in self._seen]
        for n in new:
            self._seen[n.id] = None
            if self._since is None or n.published_at > self._since:
                self._since = n.published_at
        while len(self._seen) > 2000:
            self._seen.popitem(last=False)
        if new and self._primed:
            self._on_new(tuple(sorted(new, key=lambda n: n.published_at)))
        self._primed = True
        return self.interval

    def _fetch_all(self) -> list[Notice]:
        since = self._since.isoformat() if self._since is not None else None
        out: list[Notice] = []
        cursor: str | None = None
        for _ in range(self._max_pages):
            page = self._fetch(since, cursor)
            out.extend(page.items)
            cursor = page.next_cursor
            if cursor is None or not page.items:
                break
        return out

    def _jittered(self, delay: float) -> float:
        factor = 1.0 + self._jitter * (2.0 * self._rand() - 1.0)
        return min(self.max_interval, delay * factor)

    def _report(self, exc: PortalError) -> None:
        if self._on_error is not None:
            self._on_error(exc)

    async def run(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        """Polls until :meth:`stop` or an expired session. Cancel the task to end it at once."""
        if self._client is None:
            raise RuntimeError("no client to run the requests on")
        while not self.stopped:
            delay = await self._client.run(self.poll_once)
            if self.stopped or math.isinf(delay):
                return
            await sleep(delay)
