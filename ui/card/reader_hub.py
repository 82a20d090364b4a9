"""The readers and cards the app can see, as one Qt object per AppContext.

:class:`ReaderHub` merges two sources:

* PC/SC readers, watched by :class:`app.card.monitor.ReaderMonitor` on its own thread; its
  events are handed to the Qt thread through a queued signal and nothing else happens there;
* virtual readers (the demo reader of :mod:`ui.demo_cards`, and tests) whose cards are
  in-process objects with ``transmit(apdu) -> bytes`` and ``atr``.

When a card arrives the hub opens it on the card worker, checks that it is a My Number Card
(SELECT of the JPKI AP and its token, never the ATR) and reads the authentication PIN's tries
left, so the login screen can show them before the resident types anything.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from PySide6.QtCore import QObject, Signal

from app.card.errors import CardError, NotMyNumberCard
from ui.card.reader_state import CardStatus, ReaderState, is_contactless

__all__ = ["CardStatus", "ReaderHub", "ReaderState", "VirtualSlot", "is_contactless"]

if TYPE_CHECKING:
    from app.card.jpki import MyNumberCard
    from app.card.transport import CardTransport
    from app.card.worker import CardWorker
    from ui.app_context import AppContext

# The card layer proper (app.card.jpki, which needs cryptography) is imported when a card is
# first opened, on the card worker; the monitor's events and the transports when the first
# event comes: the login screen is built, before the window's first paint, without them.

log = logging.getLogger(__name__)



class VirtualCardLike(Protocol):
    atr: bytes

    def transmit(self, apdu: bytes) -> bytes: ...


class VirtualSlot:
    """A virtual reader: tests and the demo insert and remove in-process cards here."""

    def __init__(self, hub: ReaderHub, name: str) -> None:
        self._hub = hub
        self.name = name
        self.card: VirtualCardLike | None = None

    def insert(self, card: VirtualCardLike) -> None:
        from app.card.monitor import CardInserted

        if self.card is not None:
            self.remove()
        self.card = card
        self._hub.feed(CardInserted(self.name, bytes(card.atr)))

    def remove(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            remove = getattr(card, "remove", None)
            if callable(remove):
                remove()  # a VirtualCard pulled out answers nothing any more
            from app.card.monitor import CardRemoved

            self._hub.feed(CardRemoved(self.name))

    def transport(self) -> CardTransport:
        card = self.card
        if card is None:
            from app.card.errors import NoCard

            raise NoCard("empty_reader")
        from app.card.transport import CallableTransport

        return CallableTransport(card.transmit, bytes(card.atr), self.name)


class ReaderHub(QObject):
    """Readers, cards and the smart-card service's state, live. One per app, made by the
    composition root (ui.composition_root); tests make theirs with ``monitor=False``."""

    readers_changed = Signal()  # a reader was added or removed
    reader_updated = Signal(str)  # a reader's ReaderState changed
    card_inserted = Signal(str)
    card_removed = Signal(str)
    service_changed = Signal(bool)  # True: available
    _event_received = Signal(object)  # monitor thread -> Qt thread

    def __init__(self, ctx: AppContext, card_worker: CardWorker, *, monitor: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else ctx)
        self._ctx = ctx
        self._worker = card_worker
        self._readers: dict[str, ReaderState] = {}
        self._slots: dict[str, VirtualSlot] = {}
        self._cards: dict[str, MyNumberCard] = {}
        self._generation: dict[str, int] = {}
        self._left_behind: set[str] = set()  # readers holding a card the person at the screen did not place
        self._service: bool | None = None
        self._monitor: Any = None
        self._event_received.connect(self._on_event_received)
        self._want_monitor = monitor
        self._stopped = False
        ctx.add_shutdown_hook(self.stop)
        if monitor:
            # After the window's first paint: the hub is made with the login screen, and the
            # monitor loads pyscard and starts a thread (DESIGN.md §9).
            ctx.after_first_paint(self._start_monitor_if_running, self)

    # -- lifecycle ---------------------------------------------------------------------------
    def start_monitor(self) -> None:
        if self._monitor is not None:
            return
        try:
            from app.card.monitor import ReaderMonitor

            self._monitor = ReaderMonitor(self._event_received.emit, interval=0.5)
        except Exception:  # pyscard missing or broken: the same as no service
            log.exception("cannot start the reader monitor")
            from app.card.monitor import ServiceUnavailable

            self.feed(ServiceUnavailable())
            return
        self._monitor.start()

    def _start_monitor_if_running(self) -> None:
        if not self._stopped:
            self.start_monitor()

    def stop(self) -> None:
        self._stopped = True
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.stop()
        if self._cards:  # no card worker is made just to find nothing to close
            worker = self._worker
            for name in list(self._cards):
                self._close_card(name, worker)

    # -- reading -----------------------------------------------------------------------------
    @property
    def service_available(self) -> bool | None:
        """None until the monitor has reported (or when there is no PC/SC monitor)."""
        return self._service

    @property
    def monitoring(self) -> bool:
        return self._monitor is not None

    def readers(self) -> list[ReaderState]:
        return list(self._readers.values())

    def reader(self, name: str) -> ReaderState | None:
        return self._readers.get(name)

    def card(self, name: str) -> MyNumberCard | None:
        """The opened My Number Card in ``name`` (use it only through the card worker)."""
        return self._cards.get(name)

    def pcsc_has_mynumber_card(self) -> bool:
        return any(not r.virtual and r.card == CardStatus.MYNUMBER for r in self._readers.values())

    def transport_factory(self, name: str) -> Callable[[], CardTransport]:
        slot = self._slots.get(name)
        if slot is not None:
            return slot.transport

        def pcsc() -> CardTransport:
            from app.card.transport import PcscTransport

            return PcscTransport(name)

        return pcsc

    # -- virtual readers ---------------------------------------------------------------------
    def add_virtual_reader(self, name: str, *, label: str = "", contactless: bool = False) -> VirtualSlot:
        slot = self._slots.get(name)
        if slot is None:
            slot = VirtualSlot(self, name)
            self._slots[name] = slot
            self._readers[name] = ReaderState(name, virtual=True, label=label, contactless_hint=contactless)
            self.readers_changed.emit()
        return slot

    def slot(self, name: str) -> VirtualSlot | None:
        return self._slots.get(name)

    # -- events ------------------------------------------------------------------------------
    def feed(self, event: object) -> None:
        """Hands a card event to the hub from any thread (the monitor's callback; tests)."""
        self._event_received.emit(event)

    def _on_event_received(self, event: object) -> None:
        self._apply(event)

    def _apply(self, event: object) -> None:
        from app.card.monitor import (
            CardInserted,
            CardRemoved,
            ReaderAdded,
            ReaderRemoved,
            ServiceAvailable,
            ServiceUnavailable,
        )

        if isinstance(event, _Identified):
            self._finish_identify(event)
            return
        if isinstance(event, ServiceUnavailable | ServiceAvailable):
            up = isinstance(event, ServiceAvailable)
            if self._service != up:
                self._service = up
                self.service_changed.emit(up)
            return
        if isinstance(event, ReaderAdded):
            if event.reader not in self._readers:
                self._readers[event.reader] = ReaderState(event.reader)
                self.readers_changed.emit()
        elif isinstance(event, ReaderRemoved):
            if event.reader in self._readers:
                if self._readers[event.reader].card != CardStatus.NONE:
                    self._card_gone(event.reader)
                self._readers.pop(event.reader, None)
                self._slots.pop(event.reader, None)
                self.readers_changed.emit()
        elif isinstance(event, CardInserted):
            if event.reader not in self._readers:
                self._readers[event.reader] = ReaderState(event.reader)
                self.readers_changed.emit()
            state = self._readers[event.reader]
            self._readers[event.reader] = replace(
                state, card=CardStatus.CHECKING, atr=event.atr, other_kind="", auth_tries=None, error_code=""
            )
            self.reader_updated.emit(event.reader)
            self.card_inserted.emit(event.reader)
            self._identify(event.reader)
        elif isinstance(event, CardRemoved) and event.reader in self._readers:
            self._card_gone(event.reader)

    def mark_cards_left_behind(self) -> list[str]:
        """Every reader that holds a card now (a kiosk's wipe, its attract screen): that card
        belongs to someone who has left, and gets no PIN until it is taken out and placed
        again (DESIGN.md §8). Returns those readers."""
        names = [name for name, r in self._readers.items() if r.card != CardStatus.NONE]
        self._left_behind.update(names)
        for name in names:
            self.reader_updated.emit(name)
        return names

    def left_behind(self, name: str) -> bool:
        return name in self._left_behind

    @property
    def any_left_behind(self) -> bool:
        return bool(self._left_behind)

    def _card_gone(self, name: str) -> None:
        self._left_behind.discard(name)
        self._generation[name] = self._generation.get(name, 0) + 1
        self._close_card(name, self._worker)
        state = self._readers[name]
        self._readers[name] = replace(state, card=CardStatus.NONE, atr=b"", other_kind="", auth_tries=None, error_code="")
        self.reader_updated.emit(name)
        self.card_removed.emit(name)

    def _close_card(self, name: str, worker: Any) -> None:
        card = self._cards.pop(name, None)
        if card is None:
            return
        if worker is not None and not worker.closed:
            with contextlib.suppress(CardError):
                worker.submit(_close_quietly, card)
        else:
            _close_quietly(card)

    # -- identification on the worker ------------------------------------------------------------
    def _identify(self, name: str) -> None:
        import asyncio

        generation = self._generation[name] = self._generation.get(name, 0) + 1
        factory = self.transport_factory(name)
        worker = self._worker
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:  # no asyncio loop yet (very early start-up): poll a plain future
            future = worker.submit(_open_and_identify, factory)
            future.add_done_callback(lambda f: self._event_received.emit(_Identified(name, generation, f)))
            return
        loop.create_task(self._identify_async(name, generation, factory, worker))

    async def _identify_async(self, name: str, generation: int, factory: Callable[[], CardTransport], worker: Any) -> None:
        import concurrent.futures

        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(await worker.run(_open_and_identify, factory))
        except Exception as exc:
            future.set_exception(exc)
        self._finish_identify(_Identified(name, generation, future))

    def _finish_identify(self, done: _Identified) -> None:
        name = done.reader
        exc = done.future.exception()
        if done.generation != self._generation.get(name) or name not in self._readers:
            if exc is None:  # stale: the card went away meanwhile
                _close_quietly(done.future.result()[0])
            return
        state = self._readers[name]
        if exc is None:
            card, tries = done.future.result()
            self._cards[name] = card
            self._readers[name] = replace(state, card=CardStatus.MYNUMBER, auth_tries=tries, error_code="")
        elif isinstance(exc, NotMyNumberCard):
            self._readers[name] = replace(state, card=CardStatus.OTHER, other_kind=exc.kind)
        else:
            code = exc.code if isinstance(exc, CardError) else "card_error"
            if code in ("card_removed", "no_card"):
                self._readers[name] = replace(state, card=CardStatus.NONE, atr=b"")
            else:
                log.warning("card in %s could not be identified: %s", name, code)
                self._readers[name] = replace(state, card=CardStatus.ERROR, error_code=code)
        self.reader_updated.emit(name)

    def refresh_tries(self, name: str, tries: int) -> None:
        """Records the tries left after a PIN attempt (the login screen reads them from the error)."""
        state = self._readers.get(name)
        if state is not None and state.card == CardStatus.MYNUMBER:
            self._readers[name] = replace(state, auth_tries=tries)
            self.reader_updated.emit(name)

    def reidentify(self, name: str) -> None:
        """Opens the card in ``name`` again (after an error)."""
        state = self._readers.get(name)
        if state is not None and state.card != CardStatus.NONE:
            from app.card.monitor import CardInserted

            self._close_card(name, self._worker)
            self._apply(CardInserted(name, state.atr))


class _Identified(NamedTuple):
    """A card's identification, done on the card worker. (A NamedTuple: this module is imported
    before the window's first paint, where a frozen dataclass takes ~0.5 ms more to make.)"""

    reader: str
    generation: int
    future: Any


def _close_quietly(card: MyNumberCard) -> None:
    with contextlib.suppress(Exception):
        card.close()


def _open_and_identify(factory: Callable[[], CardTransport]) -> tuple[MyNumberCard, int]:
    """On the card worker: open, check it is a My Number Card, read the auth PIN's tries."""
    from app.card.jpki import MyNumberCard

    card = MyNumberCard(factory())
    try:
        with card.session():
            from app.card.pin import PinKind

            card.detect()
            tries = card.pin_tries(PinKind.AUTH)
    except BaseException:
        _close_quietly(card)
        raise
    return card, tries
