"""The client's reading of a text/event-stream (WHATWG HTML §9.2): what the stub sends and what
a proxy in between may do to it (CRLF line ends, comments, split data lines)."""

from __future__ import annotations

from app.notice_stream import SseEvent, parse_sse


def lines(text: str) -> list[bytes]:
    return [line.encode() for line in text.split("\n")]


def test_events_ids_and_retry_are_read_and_comments_skipped() -> None:
    stream = "retry: 1000\n\n: keep-alive\n\nevent: ready\nid: 7\ndata: {}\n\nevent: notice\nid: 8\ndata: {\"a\":\ndata: 1}\n\n"
    assert list(parse_sse(lines(stream))) == [
        1.0,
        SseEvent("ready", "7", "{}"),
        SseEvent("notice", "8", '{"a":\n1}'),
    ]


def test_crlf_line_ends_and_a_missing_space_after_the_colon() -> None:
    stream = "event:notice\r\nid:9\r\ndata:x\r\n\r\n"
    assert list(parse_sse(lines(stream))) == [SseEvent("notice", "9", "x")]


def test_the_last_id_carries_over_and_an_event_without_data_is_not_dispatched() -> None:
    stream = "id: 3\nevent: ready\n\ndata: y\n\n"
    assert list(parse_sse(lines(stream))) == [SseEvent("message", "3", "y")]


def test_a_retry_of_other_digits_is_ignored() -> None:
    # WHATWG HTML §9.2.6: the retry field counts only when it is ASCII digits. "²" passes
    # str.isdigit, and "１０００" would be read as 1000.
    stream = "retry: ²\n\nretry: １０００\n\nevent: ready\nid: 1\ndata: {}\n\n"
    assert list(parse_sse(lines(stream))) == [SseEvent("ready", "1", "{}")]
