"""Reader and card presence monitoring over PC/SC, as plain-Python events.

A background thread waits in SCardGetStatusChange (at most ``interval`` seconds at a time,
so stop() and reader changes are noticed within a second) and hands events to a callback.
The callback runs on the monitor thread: the UI must only forward the event to its loop.
pcscd going away and coming back is reported as ServiceUnavailable / ServiceAvailable.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from app.card.transport import (
    SCARD_E_CANCELLED,
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_TIMEOUT,
    SCARD_S_SUCCESS,
    _hr,
)

log = logging.getLogger(__name__)

SCARD_STATE_UNAWARE = 0x0000
SCARD_STATE_CHANGED = 0x0002
SCARD_STATE_PRESENT = 0x0020


@dataclass(frozen=True)
class ReaderAdded:
    reader: str


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str


@dataclass(frozen=True)
class CardInserted:
    reader: str
    atr: bytes


@dataclass(frozen=True)
class CardRemoved:
    """A card left ``reader`` (the event; a card operation it cut short raises
    :class:`app.card.errors.CardRemovedDuringOperation`)."""

    reader: str


@dataclass(frozen=True)
class ServiceUnavailable:
    """The smart-card service is not running (or stopped)."""


@dataclass(frozen=True)
class ServiceAvailable:
    """The smart-card service is reachable again (also the first event once it is up)."""


CardEvent = ReaderAdded | ReaderRemoved | CardInserted | CardRemoved | ServiceUnavailable | ServiceAvailable


class ScardApi(Protocol):
    """The few PC/SC calls the monitor makes; pyscard's ``smartcard.scard`` fits."""

    def SCardEstablishContext(self, scope: int) -> tuple[int, Any]: ...  # noqa: N802
    def SCardReleaseContext(self, ctx: Any) -> int: ...  # noqa: N802
    def SCardListReaders(self, ctx: Any, groups: list[str]) -> tuple[int, list[str]]: ...  # noqa: N802
    def SCardGetStatusChange(  # noqa: N802
        self, ctx: Any, timeout_ms: int, states: list[tuple[str, int]]
    ) -> tuple[int, list[tuple[str, int, list[int]]]]: ...
    def SCardCancel(self, ctx: Any) -> int: ...  # noqa: N802


def _default_api() -> ScardApi:
    from smartcard import scard

    return cast(ScardApi, scard)


class ReaderMonitor:
    """Polls PC/SC and reports reader/card changes to ``callback``.

    ``poll_once()`` performs one step (tests drive it directly); ``start()`` runs the
    steps on a daemon thread until ``stop()``.
    """

    def __init__(
        self,
        callback: Callable[[CardEvent], object],
        *,
        interval: float = 0.5,
        api: ScardApi | None = None,
    ) -> None:
        self._callback = callback
        self._interval_ms = max(1, min(500, int(interval * 1000)))
        self._api = api if api is not None else _default_api()
        self._ctx: Any = None
        self._service_up: bool | None = None
        self._readers: dict[str, tuple[bool, bytes]] = {}  # name -> (present, atr)
        self._states: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ctx_lock = threading.Lock()

    # -------------------------------------------------------------- lifecycle

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        with self._ctx_lock:
            if self._ctx is not None:
                self._api.SCardCancel(self._ctx)  # wakes a pending GetStatusChange
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._release()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                waited = self.poll_once()
            except Exception:  # never let the monitor thread die silently
                log.exception("card monitor step failed")
                self._release()
                waited = False
            if not waited:
                self._stop.wait(self._interval_ms / 1000)

    # ------------------------------------------------------------------- steps

    def _emit(self, event: CardEvent) -> None:
        try:
            self._callback(event)
        except Exception:
            log.exception("card monitor callback failed")

    def _release(self) -> None:
        with self._ctx_lock:
            if self._ctx is not None:
                with contextlib.suppress(Exception):  # the service may already be gone
                    self._api.SCardReleaseContext(self._ctx)
                self._ctx = None

    def _service_down(self) -> None:
        self._release()
        for name in list(self._readers):
            present, _atr = self._readers.pop(name)
            if present:
                self._emit(CardRemoved(name))
            self._emit(ReaderRemoved(name))
        self._states.clear()
        if self._service_up is not False:
            self._service_up = False
            self._emit(ServiceUnavailable())

    def poll_once(self) -> bool:
        """One monitoring step. Returns True when it already waited (in GetStatusChange)."""
        if self._ctx is None:
            try:
                hr, ctx = self._api.SCardEstablishContext(0)  # SCARD_SCOPE_USER
            except Exception:
                hr, ctx = 0x8010001D, None
            if _hr(hr) != SCARD_S_SUCCESS:
                self._service_down()
                return False
            with self._ctx_lock:
                self._ctx = ctx
            if self._service_up is not True:
                self._service_up = True
                self._emit(ServiceAvailable())

        hr, names = self._api.SCardListReaders(self._ctx, [])
        hr = _hr(hr)
        if hr == SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif hr != SCARD_S_SUCCESS:
            self._service_down()
            return False
        names = [str(n) for n in names]

        for gone in [n for n in self._readers if n not in names]:
            present, _atr = self._readers.pop(gone)
            self._states.pop(gone, None)
            if present:
                self._emit(CardRemoved(gone))
            self._emit(ReaderRemoved(gone))
        for new in names:
            if new not in self._readers:
                self._readers[new] = (False, b"")
                self._states[new] = SCARD_STATE_UNAWARE
                self._emit(ReaderAdded(new))

        if not names:
            return False
        states = [(n, self._states.get(n, SCARD_STATE_UNAWARE)) for n in names]
        states_before = dict(states)
        hr, new_states = self._api.SCardGetStatusChange(self._ctx, self._interval_ms, states)
        hr = _hr(hr)
        if hr in (SCARD_E_TIMEOUT, SCARD_E_CANCELLED):
            return True
        if hr != SCARD_S_SUCCESS:
            # Unknown reader (unplugged between list and wait) is picked up next step;
            # a dead service shows up in the next EstablishContext/ListReaders.
            self._release()
            return False
        for name, event_state, atr in new_states:
            name = str(name)
            if name not in self._readers:
                continue
            self._states[name] = event_state & ~SCARD_STATE_CHANGED
            present = bool(event_state & SCARD_STATE_PRESENT)
            was_present, _old_atr = self._readers[name]
            atr_bytes = bytes(atr) if present else b""
            old_count = (states_before.get(name, 0) >> 16) & 0xFFFF
            new_count = (event_state >> 16) & 0xFFFF
            if present and was_present and old_count and (new_count - old_count) & 0xFFFF >= 2:
                # pcsc-lite counts card events in the high word: pulled and reinserted
                # (another card, perhaps) between two waits.
                self._emit(CardRemoved(name))
                was_present = False
            if present and not was_present:
                self._readers[name] = (True, atr_bytes)
                self._emit(CardInserted(name, atr_bytes))
            elif was_present and not present:
                self._readers[name] = (False, b"")
                self._emit(CardRemoved(name))
        return True

    @property
    def readers(self) -> dict[str, bool]:
        """Known readers and whether each holds a card."""
        return {name: present for name, (present, _atr) in self._readers.items()}
