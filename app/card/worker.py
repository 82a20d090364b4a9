"""One serial worker thread through which all card traffic runs.

PC/SC handles are not meant to be shared across threads, and two interleaved card
conversations would trample each other's selection state, so every card call goes through
this single thread. Nothing here blocks the caller's (Qt/asyncio) thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from app.card.errors import Cancelled

if TYPE_CHECKING:
    import concurrent.futures

P = ParamSpec("P")
T = TypeVar("T")


class CardWorker:
    """A single-thread executor for card operations.

    ``submit`` for synchronous callers, ``await run(...)`` for asyncio callers. Cancelling
    the awaiting task cancels the job if it has not started; a job already talking to the
    card runs to its end (an APDU cannot be taken back) and its result is dropped.

    Building one costs nothing: the thread (and its executor) come with the first job, so the
    app builds its worker at start-up, before the first paint (DESIGN.md §9).
    """

    def __init__(self, name: str = "card") -> None:
        self._name = name
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(
        self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> concurrent.futures.Future[T]:
        with self._lock:
            if self._closed:
                raise Cancelled("worker_closed")
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            future = self._executor.submit(fn, *args, **kwargs)
            self._pending.add(future)
        future.add_done_callback(self._discard)
        return future

    def _discard(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        # asyncio here, not at module level: the app builds its worker before the first paint,
        # which asyncio must not delay (DESIGN.md §9); an awaiting caller has it loaded already.
        import asyncio

        future = self.submit(fn, *args, **kwargs)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # our caller was cancelled: propagate as asyncio expects
            # The job itself was cancelled (cancel_pending / shutdown) before it ran.
            raise Cancelled("job_cancelled") from None

    def cancel_pending(self) -> int:
        """Cancel every job that has not started yet; returns how many were cancelled."""
        with self._lock:
            pending = list(self._pending)
        return sum(1 for f in pending if f.cancel())

    def shutdown(self, *, wait: bool = True, timeout: float | None = 5.0) -> bool:
        """Refuse new jobs, cancel queued ones, and (optionally) wait for the running one.

        Returns False when the running job did not finish within ``timeout``.
        """
        with self._lock:
            self._closed = True
            pending = list(self._pending)
            executor = self._executor
        if executor is None:
            return True  # no job ever ran: no thread to stop
        import concurrent.futures

        for f in pending:
            f.cancel()
        executor.shutdown(wait=False, cancel_futures=True)
        if not wait:
            return True
        _done, not_done = concurrent.futures.wait(pending, timeout=timeout)
        if not_done:
            return False
        # Every job has finished, so joining the worker thread cannot hang; callers (and the
        # UI tests' leak check) can rely on no card thread outliving shutdown().
        executor.shutdown(wait=True)
        return True

    def __enter__(self) -> CardWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
