"""Starting coroutines from Qt slots on the qasync loop, with their failures logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()


def current_loop() -> asyncio.AbstractEventLoop | None:
    """The loop coroutines run on: the running one, else the one set for this thread (qasync's,
    seen from a Qt slot). Never makes one: ``policy.get_event_loop()`` would create a loop that
    nothing runs or closes (a window built without an event loop, as some tests build it)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    policy = asyncio.get_event_loop_policy()
    local = getattr(policy, "_local", None)  # the default policy keeps the set loop here
    if local is not None:
        loop: asyncio.AbstractEventLoop | None = getattr(local, "_loop", None)
        return loop
    try:
        return policy.get_event_loop()
    except RuntimeError:
        return None


def spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
    """Schedules ``coro`` on the event loop (qasync's, on the Qt thread). The task is kept
    referenced until it ends; an exception it did not handle is logged by type only (a
    message may carry personal data)."""
    loop = current_loop()  # from a Qt slot: qasync's loop is the current one and counts as running
    if loop is None or loop.is_closed() or not loop.is_running():
        coro.close()
        log.warning("no running event loop for %s", getattr(coro, "__qualname__", "a coroutine"))
        return None
    task = loop.create_task(coro)
    _running.add(task)
    task.add_done_callback(_done)
    return task


def _done(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("background task %s failed: %s", getattr(task.get_coro(), "__qualname__", "?"), type(exc).__name__)


def cancel_all() -> None:
    """Cancels every task started here (logout, tests' teardown)."""
    for task in list(_running):
        task.cancel()


def pending() -> int:
    return len(_running)
