"""Municipal processing of submitted applications (``mynastub advance`` calls ``advance_all``).

In the running server a submission also schedules ``schedule_auto_advance``: a daemon timer
moves the application to processing and then to approved after a few seconds, so a client
sees progress without the command line.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from backend_stub.network.applications import advance_all, advance_one

__all__ = ["advance_all", "advance_one", "schedule_auto_advance"]

log = logging.getLogger(__name__)


def schedule_auto_advance(db: Any, app_id: str, delays: tuple[float, ...] = (2.0, 5.0)) -> list[threading.Timer]:
    """Advance one application a step after each delay (daemon timers; harmless after shutdown)."""
    timers = []
    for delay in delays:
        t = threading.Timer(delay, _step, args=(db, app_id))
        t.daemon = True
        t.start()
        timers.append(t)
    return timers


def _step(db: Any, app_id: str) -> None:
    try:
        with db.transaction() as conn:
            advance_one(conn, app_id)
    except Exception as exc:  # a closed database at shutdown, mostly
        log.info("automatic processing step skipped: %s", type(exc).__name__)
