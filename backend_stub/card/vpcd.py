"""Attaches a VirtualCard to pcscd through vsmartcard's vpcd driver (``reference/jpki-card-protocol.md`` §8).

vpcd listens inside pcscd on TCP 35963 + slot; the virtual card is the TCP client. Connecting
inserts the card into the "Virtual PCD 00 0<slot>" reader, closing the socket removes it.
Every message is a 2-byte big-endian length N and N bytes: N == 1 is a control byte
(00 power off, 01 power on, 02 reset, 04 ATR request, answered with the framed ATR), anything
longer is a command APDU, answered with the framed response APDU.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading

from backend_stub.card.virtual import CardRemovedError, VirtualCard

VPCD_PORT = 0x8C7B  # 35963, slot 0

_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0x00, 0x01, 0x02, 0x04
_POLL = 0.1  # how often a blocked read looks at the stop and removal flags
_BACKOFF_FIRST, _BACKOFF_MAX = 0.05, 1.0

log = logging.getLogger(__name__)


class _ClosedError(Exception):
    """The connection ended: EOF from vpcd, stop() or the card was removed."""


class VpcdConnection:
    """Keeps one VirtualCard inserted in a vpcd slot from a background thread.

    ``connected`` is set while the TCP connection stands; ``atr_polled`` once vpcd has asked for
    the ATR on it (then PC/SC sees the card). ``reached`` stays set once any TCP connection was
    made, and ``last_error`` keeps the last failed attempt's error: together they tell "nothing
    listens" (no pcscd or no vpcd driver) from "vpcd took the connection but never polled".
    If pcscd restarts, the connection is made again with backoff until ``stop()``. A card whose
    ``removed`` flag is set is taken out for good.
    """

    def __init__(self, card: VirtualCard, host: str = "127.0.0.1", port: int = VPCD_PORT) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.connected = threading.Event()
        self.atr_polled = threading.Event()
        self.reached = threading.Event()
        self.last_error: OSError | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self._run, name=f"vpcd-{self.port}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Closes the socket (the card is removed from the reader) and ends the thread."""
        with self._lock:
            self._stopping.set()
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout)

    def wait_connected(self, timeout: float | None = None) -> bool:
        """Waits until vpcd has polled the ATR over a standing connection (the card is seen)."""
        return self.atr_polled.wait(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- The thread -------------------------------------------------------------------------

    def _run(self) -> None:
        backoff = _BACKOFF_FIRST
        while not self._stopping.is_set() and not self.card.removed.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2.0)
            except OSError as exc:
                self.last_error = exc
                self._stopping.wait(backoff)  # pcscd not (yet) up
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            with self._lock:
                if self._stopping.is_set():
                    sock.close()
                    break
                self._sock = sock
            self.reached.set()
            self.connected.set()
            log.info("virtual card connected to vpcd at %s:%d", self.host, self.port)
            try:
                self._serve(sock)
            except (_ClosedError, OSError):
                pass
            except Exception:  # the card must never take the thread down silently
                log.exception("virtual card: unexpected error; reconnecting")
            finally:
                with self._lock:
                    self._sock = None
                attached = self.atr_polled.is_set()
                self.connected.clear()
                self.atr_polled.clear()
                with contextlib.suppress(OSError):
                    sock.close()
                log.info("virtual card disconnected from vpcd")
            if attached:  # pcscd restarted: come back at once
                backoff = _BACKOFF_FIRST
            else:  # something took the connection and dropped it: do not spin
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(_POLL)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            (n,) = struct.unpack("!H", self._recv_exact(sock, 2))
            msg = self._recv_exact(sock, n)
            if n == 1:
                self._control(sock, msg[0])
                continue
            try:
                response = self.card.transmit(msg)
            except CardRemovedError:
                raise _ClosedError from None
            self._send(sock, response)
            if self.card.removed.is_set():  # pulled out right after answering
                raise _ClosedError

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == _GET_ATR:
            if self.card.removed.is_set():
                raise _ClosedError
            self._send(sock, self.card.atr)
            self.atr_polled.set()
        elif code == _POWER_OFF:
            self.card.power_off()
        elif code == _POWER_ON:
            self.card.power_on()
        elif code == _RESET:
            self.card.reset()
        else:
            log.warning("vpcd sent an unknown control byte %02X", code)

    def _recv_exact(self, sock: socket.socket, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            if self._stopping.is_set() or self.card.removed.is_set():
                raise _ClosedError
            _quick_ack(sock)
            try:
                chunk = sock.recv(n - len(buf))
            except TimeoutError:
                continue
            if not chunk:
                raise _ClosedError  # vpcd (pcscd) went away
            buf += chunk
        return bytes(buf)

    @staticmethod
    def _send(sock: socket.socket, payload: bytes) -> None:
        sock.sendall(struct.pack("!H", len(payload)) + payload)


def _quick_ack(sock: socket.socket) -> None:
    """Acknowledge at once. vpcd writes the length and the APDU in two send() calls; with Nagle
    on its side and delayed ACKs on ours every APDU would wait ~40 ms for the second one.
    Linux clears TCP_QUICKACK after a while, hence before every read."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
