"""Notice push over Server-Sent Events, Qt-free: one stream on a thread of its own.

:class:`NoticeFeed` keeps ``GET /stream/notices`` open (:meth:`PortalClient.open_notice_stream`:
the client's TLS context and session set-up) and hands each new notice to ``on_new`` within
the server's watch interval, well inside a second.

* A dropped stream (network cut, server restart, read timeout with no keep-alive) is reopened
  after the server's ``retry`` delay with ``Last-Event-ID``: the server sends what was
  published meanwhile, and notices are also deduplicated by id here, so none is shown twice
  and none is missed.
* When the stream cannot be opened (backend down, an older backend without the endpoint, a
  proxy that refuses it), the feed falls back to :class:`app.notices.NoticePoller`: one poll,
  then its delay (5 s; 10, 20, 40 … 60 s with jitter while failing, ``Retry-After`` honoured),
  then the stream is tried again. So at most two requests per poll period, never a storm.
* An expired or ended session (401) stops the feed; ``on_error`` hears why.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import random
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from app.notices import NoticeFetcher, NoticePoller
from app.portal import models as m
from app.portal.client import PortalClient
from app.portal.errors import BackendUnreachable, MalformedResponse, PortalError, SessionExpired

log = logging.getLogger(__name__)

READ_TIMEOUT = 45.0  # three of the server's 15 s keep-alives: silence this long is a dead stream
DEFAULT_RETRY = 1.0  # before reopening a dropped stream, until the server names its own
MAX_LINE = 1024 * 1024


@dataclass(frozen=True)
class SseEvent:
    event: str
    id: str | None
    data: str


def parse_sse(lines: Iterable[bytes]) -> Iterator[SseEvent | float]:
    """Events of a ``text/event-stream`` (WHATWG HTML §9.2), one line at a time.

    Yields :class:`SseEvent` for each dispatched event, and a float (seconds) for each
    ``retry`` field. Comments (keep-alives) and unknown fields are skipped."""
    event, event_id = "", None
    data: list[str] = []
    for raw in lines:
        if len(raw) > MAX_LINE:
            raise MalformedResponse("body_too_large")
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        if line == "":
            if data:
                yield SseEvent(event or "message", event_id, "\n".join(data))
            event, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
        elif name == "id" and "\0" not in value:
            event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():  # ASCII digits only (§9.2.6)
            yield int(value) / 1000.0


class NoticeFeed:
    """New notices by push, with polling as the fallback. :meth:`start` runs it on its own
    thread; :meth:`stop` ends it at once (an open stream is cut) and joins the thread."""

    def __init__(
        self,
        client: PortalClient,
        on_new: Callable[[Sequence[m.Notice]], None],
        *,
        on_state: Callable[[str], None] | None = None,
        on_error: Callable[[PortalError], None] | None = None,
        on_end: Callable[[str], None] | None = None,
        acting_for: str | None = None,
        interval: float = 5.0,
        max_interval: float = 60.0,
        read_timeout: float = READ_TIMEOUT,
        fetch: NoticeFetcher | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._client = client
        self._on_new = on_new
        self.on_state = on_state
        self._on_error = on_error
        #: Hears why the server ended the stream for good ("grant_ended": the person acted for is
        #: no longer represented); the feed stops then, as a reconnect would only be refused.
        self.on_end = on_end
        #: The represented person whose notices this feed follows (None: the resident's own).
        self.acting_for = acting_for
        self._read_timeout = read_timeout
        self._retry = DEFAULT_RETRY
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._response: Any = None
        self._thread: threading.Thread | None = None
        self.last_event_id: str | None = None
        self.state = "stopped"
        self.streams_opened = 0
        self.poller = NoticePoller(
            client, self._deliver, interval=interval, max_interval=max_interval, on_error=self._report,
            rand=rand, fetch=fetch,
        )

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="notice-stream", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        self.poller.stop()
        self._cut()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _cut(self) -> None:
        """Interrupts a read blocked on the open stream (closing alone would not wake it)."""
        with self._lock:
            response, self._response = self._response, None
        if response is None:
            return
        sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        try:
            response.close()
        except Exception:  # already torn down by the reading thread
            log.debug("closing the notice stream failed", exc_info=True)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            if self.on_state is not None:
                self.on_state(state)

    def _report(self, exc: PortalError) -> None:
        if self._on_error is not None:
            self._on_error(exc)

    # -- the thread ------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self.stopped:
                try:
                    self._stream_once()
                except SessionExpired as exc:
                    self._report(exc)
                    return
                except PortalError as exc:
                    if self.stopped:
                        return
                    self._report(exc)
                    if self._connected:
                        self._stopped.wait(self._retry)  # a drop: resume soon with Last-Event-ID
                        continue
                    # The stream is unavailable: poll (which also catches up), then back off.
                    delay = self.poller.poll_once()
                    if math.isinf(delay):
                        return
                    self._set_state("polling" if self.poller.failures == 0 else "backing_off")
                    self._stopped.wait(delay)
                    continue
                if not self.stopped:  # the server ended the stream: reopen (a 401 stops us)
                    self._stopped.wait(self._retry)
        except RuntimeError:  # the client was closed under us (logout, quit)
            return
        finally:
            self._stopped.set()
            self._cut()
            self._set_state("stopped")

    _connected = False

    def _stream_once(self) -> None:
        self._connected = False
        response = self._client.open_notice_stream(self.last_event_id, read_timeout=self._read_timeout,
                                                   acting_for=self.acting_for)
        with self._lock:
            if self.stopped:
                response.close()
                return
            self._response = response
        self.streams_opened += 1
        try:
            for item in parse_sse(response.iter_lines(chunk_size=None, delimiter=b"\n")):
                if self.stopped:
                    return
                if isinstance(item, float):
                    self._retry = min(max(item, 0.1), 60.0)
                    continue
                self._handle(item)
        except PortalError:
            raise
        except Exception:  # requests/urllib3 errors while reading: the stream dropped
            if self.stopped:
                return
            raise BackendUnreachable() from None
        finally:
            self._cut()

    def _handle(self, event: SseEvent) -> None:
        if event.event == "ready":
            # Only a stream that said "ready" counts as working: one that opens and then stays
            # silent (a buffering proxy) and drops is "unavailable", so polling takes over.
            self._connected = True
            if event.id is not None:
                self.last_event_id = event.id
            self._set_state("streaming")
            return
        if event.event == "end":
            try:
                reason = str(json.loads(event.data).get("reason", ""))
            except (ValueError, AttributeError):
                reason = ""
            if reason == "grant_ended":
                self._stopped.set()
                if self.on_end is not None:
                    self.on_end(reason)
            return
        if event.event != "notice":
            return
        try:
            notice = m.parse_notice(json.loads(event.data))
        except (ValueError, MalformedResponse):
            log.warning("a pushed notice was malformed; it will show on the next reload")
            return
        if event.id is not None:
            self.last_event_id = event.id
        self._deliver((notice,))

    def _deliver(self, notices: Sequence[m.Notice]) -> None:
        new = [n for n in notices if n.id not in self._seen]
        for n in new:
            self._seen[n.id] = None
        while len(self._seen) > 2000:
            self._seen.popitem(last=False)
        if new:
            self._on_new(tuple(new))
