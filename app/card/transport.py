"""Card transports: one small interface over PC/SC (pyscard) and in-process cards.

A transport moves one command APDU to the card and returns ``(data, sw)``. It knows
nothing of JPKI; status words are the caller's business. PC/SC failures become the typed
errors of :mod:`app.card.errors`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from app.card.errors import (
    CardError,
    CardProtocolError,
    CardRemovedDuringOperation,
    CardReset,
    NoCard,
    NoReader,
    SmartcardServiceUnavailable,
)

# PC/SC result codes (winscard.h). Kept here so the mapping works without pyscard loaded.
SCARD_S_SUCCESS = 0x00000000
SCARD_E_CANCELLED = 0x80100002
SCARD_E_INVALID_HANDLE = 0x80100003
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_PROTO_MISMATCH = 0x8010000F
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
# Pauses before reconnecting to a card the reader still reports unpowered (seconds).
CONNECT_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

_REMOVAL_SETTLE_MS = 1500  # how long a failed transmit waits to see whether the card was pulled
_SERVICE_GONE = {SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED}


def _hr(value: int) -> int:
    """Normalise a PC/SC result code (some platforms hand back a negative LONG)."""
    return value & 0xFFFFFFFF


def pcsc_error(hresult: int, *, during: str) -> CardError:
    """Map a PC/SC result code to a typed card error."""
    hr = _hr(hresult)
    if hr in _SERVICE_GONE:
        return SmartcardServiceUnavailable(f"{during} {hr:#010x}")
    if hr in (SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD):
        return CardRemovedDuringOperation(f"{during} {hr:#010x}") if during != "connect" else NoCard(f"{hr:#010x}")
    if hr == SCARD_W_RESET_CARD:
        return CardReset(during)
    if hr in (SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE, SCARD_E_NO_READERS_AVAILABLE):
        return NoReader(f"{during} {hr:#010x}")
    if hr in (SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNPOWERED_CARD):
        return CardProtocolError(f"{during} unresponsive_card {hr:#010x}")
    return CardProtocolError(f"{during} pcsc {hr:#010x}")


@runtime_checkable
class CardTransport(Protocol):
    """Moves APDUs to one card."""

    @property
    def reader_name(self) -> str: ...

    @property
    def atr(self) -> bytes: ...

    def transmit(self, command: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return the response data and the status word."""
        ...

    def begin_transaction(self) -> None:
        """Keep other programs off the card until :meth:`end_transaction`."""
        ...

    def end_transaction(self) -> None: ...

    def close(self) -> None: ...


def split_response(response: bytes) -> tuple[bytes, int]:
    if len(response) < 2:
        raise CardProtocolError("short_response")
    return bytes(response[:-2]), (response[-2] << 8) | response[-1]


def _sets_security_state(command: bytes) -> bool:
    """True for VERIFY / CHANGE REFERENCE DATA carrying a PIN (case 3)."""
    return len(command) > 5 and command[1] in (0x20, 0x24)


class CallableTransport:
    """A transport over a function that takes a command APDU and returns data + SW.

    Used for in-process cards (the virtual card). The function may raise a
    :class:`CardError` itself; any other exception counts as the card going away.
    """

    exclusive = True  # no other program shares an in-process card

    def __init__(
        self,
        fn: Callable[[bytes], bytes],
        atr: bytes = b"",
        reader_name: str = "In-process card",
        *,
        close_fn: Callable[[], object] | None = None,
    ) -> None:
        self._fn = fn
        self.atr = atr
        self.reader_name = reader_name
        self._close_fn = close_fn
        self._closed = False

    def transmit(self, command: bytes) -> tuple[bytes, int]:
        if self._closed:
            raise CardRemovedDuringOperation("transport_closed")
        try:
            response = self._fn(bytes(command))
        except CardError:
            raise
        except Exception as exc:  # the card object is gone or broke: same thing to the user
            raise CardRemovedDuringOperation(type(exc).__name__) from exc
        if not isinstance(response, bytes | bytearray):
            raise CardProtocolError("response_not_bytes")
        return split_response(bytes(response))

    def begin_transaction(self) -> None:
        pass

    def end_transaction(self) -> None:
        pass

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._close_fn is not None:
                self._close_fn()


@dataclass(frozen=True)
class TraceEntry:
    """One exchanged APDU, redacted: only the header and the status word."""

    cla: int
    ins: int
    p1: int
    p2: int
    sw: int | None


class CountingTransport:
    """Wraps a transport and counts (and traces, redacted) the APDUs sent through it."""

    def __init__(self, inner: CardTransport) -> None:
        self.inner = inner
        self.count = 0
        self.trace: list[TraceEntry] = []
        self.trace_enabled = False

    @property
    def reader_name(self) -> str:
        return self.inner.reader_name

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    @property
    def exclusive(self) -> bool:
        return bool(getattr(self.inner, "exclusive", False))

    def transmit(self, command: bytes) -> tuple[bytes, int]:
        self.count += 1
        sw: int | None = None
        try:
            data, sw = self.inner.transmit(command)
            return data, sw
        finally:
            if self.trace_enabled and len(command) >= 4:
                self.trace.append(TraceEntry(command[0], command[1], command[2], command[3], sw))

    def begin_transaction(self) -> None:
        self.inner.begin_transaction()

    def end_transaction(self) -> None:
        self.inner.end_transaction()

    def close(self) -> None:
        self.inner.close()


# ---------------------------------------------------------------------------- PC/SC


def _scard() -> Any:
    from smartcard import scard

    return scard


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    card_present: bool
    atr: bytes


def _establish(scard: Any) -> Any:
    try:
        hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except Exception as exc:  # pyscard wraps some failures in its own exceptions
        raise SmartcardServiceUnavailable(type(exc).__name__) from exc
    if _hr(hr) != SCARD_S_SUCCESS:
        err = pcsc_error(hr, during="establish")
        if isinstance(err, CardProtocolError):
            raise SmartcardServiceUnavailable(f"establish {_hr(hr):#010x}")
        raise err
    return ctx


def _list(scard: Any, ctx: Any) -> list[str]:
    hr, names = scard.SCardListReaders(ctx, [])
    hr = _hr(hr)
    if hr == SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hr != SCARD_S_SUCCESS:
        raise pcsc_error(hr, during="list")
    return [str(n) for n in names]


def list_readers() -> list[ReaderInfo]:
    """The PC/SC readers with card presence and ATR, without connecting to any card."""
    scard = _scard()
    ctx = _establish(scard)
    try:
        names = _list(scard, ctx)
        if not names:
            return []
        states = [(n, scard.SCARD_STATE_UNAWARE) for n in names]
        hr, new_states = scard.SCardGetStatusChange(ctx, 0, states)
        hr = _hr(hr)
        if hr not in (SCARD_S_SUCCESS, SCARD_E_TIMEOUT):
            raise pcsc_error(hr, during="status")
        result = []
        for name, event_state, atr in new_states:
            present = bool(event_state & scard.SCARD_STATE_PRESENT)
            result.append(ReaderInfo(str(name), present, bytes(atr) if present else b""))
        return result
    finally:
        scard.SCardReleaseContext(ctx)


class PcscTransport:
    """A transport over PC/SC (pyscard's low-level ``smartcard.scard``).

    Connects in shared mode, T=1 preferred. ``begin_transaction`` holds
    SCardBeginTransaction so no other program can slip an APDU (or a reset) between
    VERIFY and SIGN. The card is reset only when a PIN was presented on this connection
    (at the end of that transaction, and on close) so no other program inherits the
    verified state; otherwise the card is left as it is.
    """

    exclusive = False

    def __init__(self, reader_name: str) -> None:
        self._scard = _scard()
        self.reader_name = reader_name
        self.atr = b""
        self._ctx = _establish(self._scard)
        self._card: Any = None
        self._protocol = 0
        self._in_transaction = False
        self._pin_in_transaction = False
        self._pin_presented = False
        self._self_reset = False
        self._lock = threading.Lock()
        try:
            self._connect()
        except BaseException:
            self._scard.SCardReleaseContext(self._ctx)
            raise

    def _connect(self) -> None:
        s = self._scard
        hr, card, proto = s.SCardConnect(
            self._ctx, self.reader_name, s.SCARD_SHARE_SHARED, s.SCARD_PROTOCOL_T1
        )
        # Right after a card was powered down (our own reset after PIN use, another program's
        # disconnect) the reader may still report it unpowered for a moment: try again briefly.
        for delay in CONNECT_RETRY_DELAYS:
            if _hr(hr) not in (SCARD_W_UNPOWERED_CARD, SCARD_W_UNRESPONSIVE_CARD):
                break
            threading.Event().wait(delay)
            hr, card, proto = s.SCardConnect(
                self._ctx, self.reader_name, s.SCARD_SHARE_SHARED, s.SCARD_PROTOCOL_T1
            )
        if _hr(hr) == SCARD_E_PROTO_MISMATCH:
            hr, card, proto = s.SCardConnect(
                self._ctx, self.reader_name, s.SCARD_SHARE_SHARED, s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1
            )
        if _hr(hr) != SCARD_S_SUCCESS:
            raise pcsc_error(hr, during="connect")
        self._card, self._protocol = card, proto
        hr, _reader, _state, _proto, atr = s.SCardStatus(card)
        if _hr(hr) != SCARD_S_SUCCESS:
            raise pcsc_error(hr, during="status")
        self.atr = bytes(atr)

    def _reconnect(self) -> None:
        s = self._scard
        hr, proto = s.SCardReconnect(
            self._card, s.SCARD_SHARE_SHARED, s.SCARD_PROTOCOL_T1 | s.SCARD_PROTOCOL_T0, s.SCARD_LEAVE_CARD
        )
        if _hr(hr) != SCARD_S_SUCCESS:
            raise pcsc_error(hr, during="reconnect")
        self._protocol = proto

    def transmit(self, command: bytes) -> tuple[bytes, int]:
        if self._card is None:
            raise CardRemovedDuringOperation("transport_closed")
        s = self._scard
        hr, response = s.SCardTransmit(self._card, self._protocol, list(command))
        if _hr(hr) == SCARD_W_RESET_CARD:
            # The handle only learns of a reset now; the command was not sent.
            self._reconnect()
            if self._self_reset:
                # Our own reset (after a PIN operation); the caller already forgot its state.
                self._self_reset = False
                hr, response = s.SCardTransmit(self._card, self._protocol, list(command))
            else:
                raise CardReset("transmit")
        if _hr(hr) != SCARD_S_SUCCESS:
            raise self._transmit_error(hr)
        self._self_reset = False
        if _sets_security_state(command):
            self._pin_presented = True
            if self._in_transaction:
                self._pin_in_transaction = True
        return split_response(bytes(response))

    def _transmit_error(self, hresult: int) -> CardError:
        """Map a failed transmit; a vague failure is a removal if the reader turns out empty.

        A card pulled mid-APDU often shows up as SCARD_E_NOT_TRANSACTED (or a comm error)
        before pcscd notices the removal, so wait briefly for the reader state to settle.
        """
        err = pcsc_error(hresult, during="transmit")
        if not isinstance(err, CardProtocolError):
            return err
        s = self._scard
        try:
            rc, states = s.SCardGetStatusChange(
                self._ctx, _REMOVAL_SETTLE_MS, [(self.reader_name, s.SCARD_STATE_PRESENT)]
            )
        except Exception:
            return err
        if _hr(rc) == SCARD_S_SUCCESS and states and not states[0][1] & s.SCARD_STATE_PRESENT:
            return CardRemovedDuringOperation(f"transmit {_hr(hresult):#010x}")
        if _hr(rc) in (SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE):
            return CardRemovedDuringOperation(f"reader_gone {_hr(hresult):#010x}")
        return err

    def begin_transaction(self) -> None:
        if self._card is None:
            raise CardRemovedDuringOperation("transport_closed")
        hr = self._scard.SCardBeginTransaction(self._card)
        if _hr(hr) == SCARD_W_RESET_CARD:
            self._reconnect()
            hr = self._scard.SCardBeginTransaction(self._card)
            if _hr(hr) == SCARD_S_SUCCESS and not self._self_reset:
                self._scard.SCardEndTransaction(self._card, self._scard.SCARD_LEAVE_CARD)
                raise CardReset("begin_transaction")
            self._self_reset = False
        if _hr(hr) != SCARD_S_SUCCESS:
            raise pcsc_error(hr, during="begin_transaction")
        self._in_transaction = True
        self._pin_in_transaction = False

    def end_transaction(self) -> None:
        if self._card is None or not self._in_transaction:
            return
        s = self._scard
        disposition = s.SCARD_RESET_CARD if self._pin_in_transaction else s.SCARD_LEAVE_CARD
        self._in_transaction = False
        hr = s.SCardEndTransaction(self._card, disposition)
        if self._pin_in_transaction:
            self._pin_in_transaction = False
            self._pin_presented = False
            self._self_reset = True
        if _hr(hr) not in (SCARD_S_SUCCESS, SCARD_W_RESET_CARD, SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD):
            raise pcsc_error(hr, during="end_transaction")

    def close(self) -> None:
        with self._lock:
            s = self._scard
            if self._card is not None:
                disposition = s.SCARD_RESET_CARD if self._pin_presented else s.SCARD_LEAVE_CARD
                s.SCardDisconnect(self._card, disposition)
                self._card = None
            if self._ctx is not None:
                s.SCardReleaseContext(self._ctx)
                self._ctx = None

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_reader(reader: str | None = None) -> PcscTransport:
    """Connect to a card: in the reader named (exact, else unique substring match), or in
    the first reader that has a card."""
    infos = list_readers()
    if not infos:
        raise NoReader("none")
    if reader is not None:
        exact = [i for i in infos if i.name == reader]
        matches = exact or [i for i in infos if reader.casefold() in i.name.casefold()]
        if len(matches) != 1:
            raise NoReader("no_match" if not matches else "ambiguous")
        chosen = matches[0]
    else:
        with_card = [i for i in infos if i.card_present]
        if not with_card:
            raise NoCard("no_reader_has_a_card")
        chosen = with_card[0]
    if not chosen.card_present:
        raise NoCard("empty_reader")
    return PcscTransport(chosen.name)
