"""The acting stream's end (issue 16 §1): when the server ends the stream of a person the resident
acts for with ``grant_ended``, the feed says so once and stops, rather than reconnecting to be
refused; it asked for that person's stream (X-Acting-For), not the resident's own."""

from __future__ import annotations

import threading
from typing import Any

from app.notice_stream import NoticeFeed


class _Response:
    def __init__(self, text: str) -> None:
        self._lines = [line.encode() for line in text.split("\n")]
        self.raw = None

    def iter_lines(self, **_kw: Any) -> list[bytes]:
        return self._lines

    def close(self) -> None:
        pass


class _Client:
    def __init__(self, text: str) -> None:
        self.text = text
        self.opened: list[str | None] = []

    def open_notice_stream(self, last_event_id: str | None, *, read_timeout: float,
                           acting_for: str | None = None) -> _Response:
        self.opened.append(acting_for)
        return _Response(self.text)


def test_a_grant_that_ended_stops_the_acting_feed_and_says_so() -> None:
    client = _Client('retry: 100\n\nevent: ready\nid: 4\ndata: {}\n\nevent: end\ndata: {"reason":"grant_ended"}\n\n')
    ended: list[str] = []
    done = threading.Event()

    def on_end(reason: str) -> None:
        ended.append(reason)
        done.set()

    feed = NoticeFeed(client, lambda _n: None, on_end=on_end, acting_for="r08")  # type: ignore[arg-type]
    feed.start()
    assert done.wait(5)
    feed.stop()
    assert ended == ["grant_ended"]
    assert client.opened == ["r08"]  # once: no reconnect after the end
    assert feed.stopped


def test_a_session_end_is_not_a_grant_end() -> None:
    client = _Client('event: ready\nid: 1\ndata: {}\n\nevent: end\ndata: {"reason":"session_ended"}\n\n')
    ended: list[str] = []
    reopened = threading.Event()
    original = client.open_notice_stream

    def open_again(*args: Any, **kw: Any) -> _Response:
        if client.opened:
            reopened.set()
        return original(*args, **kw)

    client.open_notice_stream = open_again  # type: ignore[method-assign]
    feed = NoticeFeed(client, lambda _n: None, on_end=ended.append)  # type: ignore[arg-type]
    feed._retry = 0.01
    feed.start()
    assert reopened.wait(5)  # an ordinary end: the feed reconnects (a 401 would stop it)
    feed.stop()
    assert ended == []
    assert client.opened[0] is None  # the resident's own stream
