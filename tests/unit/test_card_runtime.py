"""CardWorker (serial executor) and ReaderMonitor (driven step by step over a fake PC/SC)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from app.card.errors import Cancelled
from app.card.monitor import (
    CardEvent,
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderMonitor,
    ReaderRemoved,
    ServiceAvailable,
    ServiceUnavailable,
)
from app.card.worker import CardWorker

# ------------------------------------------------------------------------- worker


def test_all_jobs_run_on_one_thread_in_order() -> None:
    with CardWorker() as worker:
        threads = [worker.submit(lambda: threading.get_ident()) for _ in range(5)]
        idents = {f.result(timeout=5) for f in threads}
        order: list[int] = []
        futures = [worker.submit(order.append, i) for i in range(20)]
        for f in futures:
            f.result(timeout=5)
    assert len(idents) == 1
    assert threading.get_ident() not in idents
    assert order == list(range(20))


def test_shutdown_leaves_no_card_thread_behind() -> None:
    worker = CardWorker()
    ident = worker.submit(threading.get_ident).result(timeout=5)
    assert worker.shutdown(timeout=5)
    assert ident not in {t.ident for t in threading.enumerate()}


def test_run_awaits_the_result_and_propagates_errors() -> None:
    async def main() -> tuple[int, str]:
        with CardWorker() as worker:
            value = await worker.run(lambda a, b: a + b, 2, 3)
            with pytest.raises(ZeroDivisionError):
                await worker.run(lambda: 1 // 0)
            return value, "ok"

    assert asyncio.run(main()) == (5, "ok")


def test_queued_jobs_are_cancelled_and_shutdown_refuses_new_ones() -> None:
    gate = threading.Event()
    started = threading.Event()
    worker = CardWorker()

    def blocker() -> str:
        started.set()
        gate.wait(5)
        return "done"

    first = worker.submit(blocker)
    assert started.wait(5)
    queued = worker.submit(lambda: "never")
    assert worker.cancel_pending() == 1
    assert queued.cancelled()
    gate.set()
    assert first.result(timeout=5) == "done"
    assert worker.shutdown(timeout=5)
    with pytest.raises(Cancelled):
        worker.submit(lambda: None)


def test_cancelled_job_surfaces_as_cancelled_to_the_awaiting_task() -> None:
    gate = threading.Event()

    async def main() -> None:
        worker = CardWorker()
        try:
            worker.submit(gate.wait, 5)
            task = asyncio.ensure_future(worker.run(lambda: "never"))
            await asyncio.sleep(0)
            worker.cancel_pending()
            with pytest.raises(Cancelled):
                await task
        finally:
            gate.set()
            worker.shutdown()

    asyncio.run(main())


def test_cancelling_the_awaiting_task_drops_a_queued_job() -> None:
    gate = threading.Event()
    ran: list[str] = []

    async def main() -> None:
        worker = CardWorker()
        try:
            worker.submit(gate.wait, 5)
            task = asyncio.ensure_future(worker.run(ran.append, "x"))
            await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        finally:
            gate.set()
            worker.shutdown()

    asyncio.run(main())
    assert ran == []


# ------------------------------------------------------------------------ monitor

S_OK, E_TIMEOUT, E_NO_SERVICE, E_NO_READERS = 0, 0x8010000A, 0x8010001D, 0x8010002E
PRESENT, EMPTY, CHANGED = 0x20, 0x10, 0x02


class FakePcsc:
    """A scriptable pcscd: readers, cards, and whether the service is up."""

    def __init__(self) -> None:
        self.up = True
        self.readers: dict[str, bytes | None] = {}  # name -> ATR or None (empty)
        self.counters: dict[str, int] = {}
        self.released = 0

    def SCardEstablishContext(self, scope: int) -> tuple[int, Any]:
        return (S_OK, object()) if self.up else (E_NO_SERVICE, None)

    def SCardReleaseContext(self, ctx: Any) -> int:
        self.released += 1
        return S_OK

    def SCardListReaders(self, ctx: Any, groups: list[str]) -> tuple[int, list[str]]:
        if not self.up:
            return E_NO_SERVICE, []
        return (S_OK, list(self.readers)) if self.readers else (E_NO_READERS, [])

    def SCardGetStatusChange(self, ctx: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        assert timeout_ms <= 500  # events must arrive within 1 s
        if not self.up:
            return E_NO_SERVICE, []
        out = []
        changed = False
        for name, current in states:
            atr = self.readers.get(name)
            state = (PRESENT if atr is not None else EMPTY) | (self.counters.get(name, 0) << 16)
            if state != current:
                changed = True
                state |= CHANGED
            out.append((name, state, list(atr or b"")))
        return (S_OK, out) if changed else (E_TIMEOUT, out)

    def SCardCancel(self, ctx: Any) -> int:
        return S_OK

    def insert(self, name: str, atr: bytes) -> None:
        self.readers[name] = atr
        self.counters[name] = self.counters.get(name, 0) + 1

    def remove(self, name: str) -> None:
        self.readers[name] = None
        self.counters[name] = self.counters.get(name, 0) + 1


ATR = bytes.fromhex("3BC5FF8131FB458073C6010000")


def monitor() -> tuple[ReaderMonitor, FakePcsc, list[CardEvent]]:
    events: list[CardEvent] = []
    fake = FakePcsc()
    return ReaderMonitor(events.append, api=fake), fake, events


def test_reader_and_card_events() -> None:
    mon, fake, events = monitor()
    mon.poll_once()
    assert events == [ServiceAvailable()]
    fake.readers["R1"] = None
    mon.poll_once()
    fake.insert("R1", ATR)
    mon.poll_once()
    fake.remove("R1")
    mon.poll_once()
    mon.poll_once()  # nothing changed: no event
    del fake.readers["R1"]
    mon.poll_once()
    assert events[1:] == [ReaderAdded("R1"), CardInserted("R1", ATR), CardRemoved("R1"), ReaderRemoved("R1")]


def test_card_already_present_is_reported_at_start() -> None:
    mon, fake, events = monitor()
    fake.insert("R1", ATR)
    mon.poll_once()
    assert events == [ServiceAvailable(), ReaderAdded("R1"), CardInserted("R1", ATR)]


def test_card_swapped_between_polls_is_seen_as_removed_and_inserted() -> None:
    mon, fake, events = monitor()
    fake.insert("R1", ATR)
    mon.poll_once()
    fake.remove("R1")
    other = bytes.fromhex("3B8880010000")
    fake.insert("R1", other)
    mon.poll_once()
    assert events[-2:] == [CardRemoved("R1"), CardInserted("R1", other)]


def test_service_going_away_and_coming_back() -> None:
    mon, fake, events = monitor()
    fake.insert("R1", ATR)
    mon.poll_once()
    fake.up = False
    mon.poll_once()
    mon.poll_once()  # still down: reported once
    assert events[3:] == [CardRemoved("R1"), ReaderRemoved("R1"), ServiceUnavailable()]
    fake.up = True
    mon.poll_once()
    assert events[6:] == [ServiceAvailable(), ReaderAdded("R1"), CardInserted("R1", ATR)]


def test_service_down_at_start_is_reported() -> None:
    mon, fake, events = monitor()
    fake.up = False
    mon.poll_once()
    assert events == [ServiceUnavailable()]


def test_background_thread_delivers_events_and_stops() -> None:
    fake = FakePcsc()
    fake.insert("R1", ATR)
    got = threading.Event()
    events: list[CardEvent] = []

    def callback(event: CardEvent) -> None:
        events.append(event)
        if isinstance(event, CardInserted):
            got.set()

    mon = ReaderMonitor(callback, api=fake, interval=0.01)
    mon.start()
    try:
        assert got.wait(5)
    finally:
        mon.stop()
    assert CardInserted("R1", ATR) in events
    assert not any(t.name == "card-monitor" for t in threading.enumerate())


def test_a_failing_callback_does_not_stop_monitoring() -> None:
    fake = FakePcsc()
    seen: list[CardEvent] = []

    def callback(event: CardEvent) -> None:
        seen.append(event)
        raise RuntimeError("ui bug")

    mon = ReaderMonitor(callback, api=fake)
    fake.insert("R1", ATR)
    mon.poll_once()
    assert seen == [ServiceAvailable(), ReaderAdded("R1"), CardInserted("R1", ATR)]
