"""Paging through やりとり履歴 (情報提供等記録) for a list view, Qt-free.

:class:`HistoryPager` loads pages one after another as the view asks for more
(``canFetchMore``/``fetchMore`` in the UI's item model), keeps the records loaded so far, and
restarts when the filters or the sort change. A request that was in flight when the filters
changed is *stale*: its page is dropped when it arrives (a generation counter), so a slow answer
for an old filter can never land in the new list. Pages already fetched for a filter are
cached for a while, so flipping back to an earlier filter is instant.

The records one application caused (``HistoryFilters.application``) are a filter of the server
like the others (``trigger_kind=application&trigger_ref=<id>``, docs/api.md): one request per
page, and the page's ``total`` counts only that application's records.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from app.portal.client import PortalClient
from app.portal.models import HistoryPage, HistoryRecord, Outcome, TriggerKind

__all__ = ["FetchTicket", "HistoryFilters", "HistoryPager", "HistoryRecord", "Sort"]

Sort = Literal["requested_at", "-requested_at"]


@dataclass(frozen=True)
class HistoryFilters:
    """The query of the history list. ``sort="requested_at"`` is newest first (the default);
    ``"-requested_at"`` oldest first (docs/api.md)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    agency: str | None = None
    information: str | None = None
    outcome: Outcome | None = None
    q: str | None = None
    sort: Sort = "requested_at"
    #: Only the records made for this application (trigger ``application`` with this ref).
    application: str | None = None

    def to_params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.date_from is not None:
            params["from"] = self.date_from.isoformat()
        if self.date_to is not None:
            params["to"] = self.date_to.isoformat()
        if self.agency:
            params["agency"] = self.agency
        if self.information:
            params["information"] = self.information
        if self.outcome is not None:
            params["outcome"] = self.outcome.value
        q = (self.q or "").strip()
        if q:
            params["q"] = q
        if self.sort != "requested_at":
            params["sort"] = self.sort
        if self.application:
            params["trigger_kind"] = TriggerKind.APPLICATION.value
            params["trigger_ref"] = self.application
        return params

    def with_sort(self, sort: Sort) -> HistoryFilters:
        return replace(self, sort=sort)


@dataclass(frozen=True)
class FetchTicket:
    """One page request, tied to the generation (filters) it was made for."""

    generation: int
    filters: HistoryFilters
    cursor: str | None


PageFetcher = Callable[[HistoryFilters, str | None, int], HistoryPage]


class HistoryPager:
    """Incremental loading of the history list for the current filters. Thread-safe.

    Two ways to drive it:

    * blocking: :meth:`fetch_next` (CLI, tests, a worker thread);
    * split, for an event loop: ``t = begin()``, run ``load(t)`` on a worker, then ``accept(t, page)``
      on the loop thread (``None`` back means the page was stale and dropped), or ``abandon(t)`` on failure.
      :meth:`fetch_next_async` does exactly that on the client's thread pool.
    """

    def __init__(
        self,
        client: PortalClient | None,
        filters: HistoryFilters | None = None,
        *,
        page_size: int = 100,
        cache_pages: int = 64,
        cache_ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        fetch: PageFetcher | None = None,
    ) -> None:
        if fetch is None:
            if client is None:
                raise ValueError("a client or a fetch function is needed")
            fetch = lambda f, cursor, limit: client.history(limit=limit, cursor=cursor, filters=f.to_params())  # noqa: E731
        self._client = client
        self._fetch = fetch
        self._page_size = page_size
        self._cache: OrderedDict[tuple[HistoryFilters, str | None, int], tuple[float, HistoryPage]] = OrderedDict()
        self._cache_pages = cache_pages
        self._cache_ttl = cache_ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._filters = filters or HistoryFilters()
        self._generation = 0
        self._records: list[HistoryRecord] = []
        self._ids: set[str] = set()
        self._cursor: str | None = None
        self._total: int | None = None
        self._exhausted = False
        self._in_flight: FetchTicket | None = None

    # -- state -----------------------------------------------------------------------------

    @property
    def filters(self) -> HistoryFilters:
        return self._filters

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def records(self) -> tuple[HistoryRecord, ...]:
        with self._lock:
            return tuple(self._records)

    def __len__(self) -> int:
        return len(self._records)

    @property
    def total(self) -> int | None:
        """The backend's count for the current filters (None before the first page)."""
        return self._total

    @property
    def can_fetch_more(self) -> bool:
        return not self._exhausted

    @property
    def loading(self) -> bool:
        return self._in_flight is not None

    # -- changes ---------------------------------------------------------------------------

    def set_filters(self, filters: HistoryFilters) -> bool:
        """Restarts the list for ``filters`` (sort included). False if nothing changed."""
        with self._lock:
            if filters == self._filters:
                return False
            self._filters = filters
            self._restart()
            return True

    def refresh(self) -> None:
        """Starts the current list over, dropping cached pages (e.g. after new records were made)."""
        with self._lock:
            self._cache.clear()
            self._restart()

    def _restart(self) -> None:
        self._generation += 1
        self._records = []
        self._ids = set()
        self._cursor = None
        self._total = None
        self._exhausted = False
        self._in_flight = None

    # -- fetching --------------------------------------------------------------------------

    def begin(self) -> FetchTicket | None:
        """Reserves the next page request; None when the list is complete or a request is in flight."""
        with self._lock:
            if self._exhausted or self._in_flight is not None:
                return None
            ticket = FetchTicket(self._generation, self._filters, self._cursor)
            self._in_flight = ticket
            return ticket

    def load(self, ticket: FetchTicket) -> HistoryPage:
        """Blocking: the page for ``ticket``, from the cache when fresh, else from the backend."""
        key = (ticket.filters, ticket.cursor, self._page_size)
        now = self._clock()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and now - hit[0] <= self._cache_ttl:
                self._cache.move_to_end(key)
                return hit[1]
        page = self._fetch(ticket.filters, ticket.cursor, self._page_size)
        with self._lock:
            self._cache[key] = (self._clock(), page)
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_pages:
                self._cache.popitem(last=False)
        return page

    def accept(self, ticket: FetchTicket, page: HistoryPage) -> list[HistoryRecord] | None:
        """Appends ``page`` if ``ticket`` is still current; returns the new records, or None if stale."""
        with self._lock:
            if ticket.generation != self._generation or self._in_flight is not ticket:
                return None
            self._in_flight = None
            # A record can move across a page boundary when new ones arrive; show it once.
            new = [r for r in page.items if r.id not in self._ids]
            self._records.extend(new)
            self._ids.update(r.id for r in new)
            self._cursor = page.next_cursor
            self._total = page.total
            self._exhausted = page.next_cursor is None or not page.items
            return new

    def abandon(self, ticket: FetchTicket) -> None:
        """Releases ``ticket`` after a failure so the next :meth:`begin` can try again."""
        with self._lock:
            if self._in_flight is ticket:
                self._in_flight = None

    def fetch_next(self) -> list[HistoryRecord] | None:
        """Blocking: loads the next page. [] when nothing more (or a request is already in
        flight), None when the filters changed meanwhile."""
        ticket = self.begin()
        if ticket is None:
            return []
        try:
            page = self.load(ticket)
        except BaseException:
            self.abandon(ticket)
            raise
        return self.accept(ticket, page)

    async def fetch_next_async(self) -> list[HistoryRecord] | None:
        """:meth:`fetch_next` with the request on the client's thread pool."""
        if self._client is None:
            raise RuntimeError("no client to run the request on")
        ticket = self.begin()
        if ticket is None:
            return []
        try:
            page = await self._client.run(self.load, ticket)
        except BaseException:  # includes cancellation
            self.abandon(ticket)
            raise
        return self.accept(ticket, page)
