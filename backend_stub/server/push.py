"""Notice push: ``GET /api/v1/stream/notices``, the resident's new お知らせ as Server-Sent Events.

Plain HTTP streaming (``text/event-stream``), so a client needs no WebSocket library.

* Authenticated with the bearer token like every resident resource; a resident's stream only
  ever carries that resident's notices.
* Each notice is one ``event: notice`` whose ``id`` is the notice's insertion sequence number
  and whose ``data`` is the notice as ``GET /notices/{id}`` returns it. The stream opens with an
  ``event: ready`` whose id is the resident's newest notice so far: a client that reconnects
  with that id in ``Last-Event-ID`` gets every notice published after it, none twice, none lost.
* A ``: keep-alive`` comment every :data:`KEEPALIVE_SECONDS` keeps proxies and the client's read
  timeout from cutting an idle stream.
* The stream ends when the session ends: logout, idle timeout or absolute lifetime. It does not
  itself count as activity, so an open stream never keeps an idle session alive.
* It is left out of the OpenAPI document (``include_in_schema=False``): an endless response
  cannot be described there, and schema-driven tests would wait on it forever.

New notices and ended sessions are found by one watcher per server for all open streams
(:class:`NoticeBus`), whatever code path stored or ended them (the testing trigger included).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from backend_stub.network import portal
from backend_stub.server import ApiError, StubContext, get_context, representation
from backend_stub.server.auth import Session, current_session
from backend_stub.server.db import register_migrations

log = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 15.0
WATCH_SECONDS = 0.2  # a notice stored by any code path reaches the streams within this
SESSION_CHECK_SECONDS = 1.0  # a logout or expiry ends the stream within this
RETRY_MS = 1000  # the SSE reconnection delay the server suggests
MAX_BACKLOG = 200  # notices sent at most on one (re)connection; the client pages the rest
STREAM_PATH = "/stream/notices"

register_migrations(
    "push",
    [
        # The watcher's MAX(seq) and the resume query by (resident, seq) use these.
        """
        CREATE INDEX IF NOT EXISTS notices_seq ON notices (seq);
        CREATE INDEX IF NOT EXISTS notices_resident_seq ON notices (resident_id, seq);
        """,
    ],
)

router = APIRouter()


class NoticeBus:
    """Wakes the open streams when a notice is stored or a session ends.

    One watcher does the looking for all of them: a ``MAX(seq)`` lookup every
    :data:`WATCH_SECONDS`, and one lookup of every streaming session every
    :data:`SESSION_CHECK_SECONDS`. A stream itself sleeps until woken or its keep-alive is due.
    """

    def __init__(self, ctx: StubContext) -> None:
        self._ctx = ctx
        self._changed = asyncio.Event()
        self._sessions: dict[str, int] = {}  # token hash -> open streams of that session
        self._watcher: asyncio.Task[None] | None = None
        self._last_seq = self._max_seq()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.generation = 0  # bumped whenever the newest notice changes
        self.ended: set[str] = set()  # token hashes of streaming sessions that have ended
        self.keepalive_seconds = KEEPALIVE_SECONDS
        self.ending = False

    @classmethod
    def of(cls, ctx: StubContext) -> NoticeBus:
        bus = ctx.extras.get("notice_bus")
        if not isinstance(bus, NoticeBus):
            bus = cls(ctx)
            ctx.extras["notice_bus"] = bus
        return bus

    def _max_seq(self) -> int:
        row = self._ctx.db.query_one("SELECT COALESCE(MAX(seq), 0) AS s FROM notices")
        return int(row["s"]) if row is not None else 0

    def wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Returns on the next change, or after ``seconds``."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    def end_all(self) -> None:
        """The server is stopping: every open stream ends now (any thread, or a signal handler)."""
        self.ending = True
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.wake)

    def opened(self, token_hash: str) -> None:
        self._sessions[token_hash] = self._sessions.get(token_hash, 0) + 1
        self._loop = asyncio.get_running_loop()
        if self._watcher is None or self._watcher.done():
            self._watcher = self._loop.create_task(self._watch())

    def closed(self, token_hash: str) -> None:
        left = self._sessions.get(token_hash, 1) - 1
        if left > 0:
            self._sessions[token_hash] = left
        else:
            self._sessions.pop(token_hash, None)
            self.ended.discard(token_hash)

    def _ended_sessions(self) -> set[str]:
        """Streaming sessions that were logged out or have expired (read only: not activity)."""
        hashes = [h for h in self._sessions if h not in self.ended]
        now, idle = self._ctx.now(), self._ctx.config.token_idle_seconds
        alive: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            rows = self._ctx.db.query_all(
                "SELECT token_hash, last_used_at, expires_at FROM sessions WHERE token_hash IN"
                f" ({','.join('?' * len(chunk))})", chunk,
            )
            alive |= {r["token_hash"] for r in rows if now < r["expires_at"] and now - r["last_used_at"] < idle}
        return set(hashes) - alive

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        next_session_check = loop.time() + SESSION_CHECK_SECONDS
        while self._sessions:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                seq = self._max_seq()
                ended = self._ended_sessions() if loop.time() >= next_session_check else set()
            except Exception:  # the database is closing with the server
                return
            if loop.time() >= next_session_check:
                next_session_check = loop.time() + SESSION_CHECK_SECONDS
            changed = bool(ended)
            self.ended |= ended
            if seq != self._last_seq:
                self._last_seq = seq
                self.generation += 1
                changed = True
            if changed:
                self.wake()


def end_all_streams(app: Any) -> None:
    """Ends every open stream of ``app`` at once: the server's graceful stop need not wait for them."""
    ctx = getattr(app.state, "stub", None)
    bus = ctx.extras.get("notice_bus") if isinstance(ctx, StubContext) else None
    if isinstance(bus, NoticeBus):
        bus.end_all()


def _last_event_id(value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    # ASCII digits only: a header is Latin-1, and str.isdigit takes "²", which int() refuses.
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise ApiError(400, "bad_request", "Last-Event-ID must be an event id this server gave")
    return int(value)


def _event(kind: str, event_id: int, data: dict[str, Any]) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {kind}\nid: {event_id}\ndata: {payload}\n\n".encode()


def _notices_after(ctx: StubContext, resident_id: str, after: int) -> list[tuple[int, dict[str, Any]]]:
    conn = ctx.db.connection()
    rows = conn.execute(
        "SELECT * FROM notices WHERE resident_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (resident_id, after, MAX_BACKLOG),
    ).fetchall()
    return [(int(r["seq"]), portal.notice_json(conn, r)) for r in rows]


def _newest_seq(ctx: StubContext, resident_id: str) -> int:
    row = ctx.db.query_one(
        "SELECT COALESCE(MAX(seq), 0) AS s FROM notices WHERE resident_id = ?", (resident_id,)
    )
    return int(row["s"]) if row is not None else 0


async def _stream(
    ctx: StubContext, session: Session, after: int | None, acting_for: str | None = None
) -> AsyncIterator[bytes]:
    """The notices of the session's resident, or of the person they act for (``acting_for``): that
    stream ends with ``event: end`` (reason ``grant_ended``) as soon as the grant does."""
    bus = NoticeBus.of(ctx)
    resident_id = acting_for or session.resident.id
    bus.opened(session.token_hash)
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        generation = bus.generation
        last = _newest_seq(ctx, resident_id) if after is None else after
        if after is not None:
            for seq, notice in _notices_after(ctx, resident_id, after):
                yield _event("notice", seq, notice)
                last = seq
        yield _event("ready", last, {})
        loop = asyncio.get_running_loop()
        next_keepalive = loop.time() + bus.keepalive_seconds
        while True:
            wait = next_keepalive - loop.time()
            if acting_for is not None:  # a grant can end without a notice (the municipality's block)
                wait = min(wait, SESSION_CHECK_SECONDS)
            await bus.wait(max(0.0, wait))
            if bus.ending:
                return  # the server is stopping; the client reconnects (or polls) with its last id
            if session.token_hash in bus.ended:
                yield b'event: end\ndata: {"reason":"session_ended"}\n\n'
                return
            if acting_for is not None and representation.active_grant(
                ctx.db, session.resident.id, acting_for, ctx.now()
            ) is None:
                yield b'event: end\ndata: {"reason":"grant_ended"}\n\n'
                return
            if bus.generation != generation:
                generation = bus.generation
                for seq, notice in _notices_after(ctx, resident_id, last):
                    yield _event("notice", seq, notice)
                    last = seq
            if loop.time() >= next_keepalive:
                yield b": keep-alive\n\n"
                next_keepalive = loop.time() + bus.keepalive_seconds
    finally:
        bus.closed(session.token_hash)


async def _context(request: Request) -> StubContext:
    return get_context(request)


@router.get(STREAM_PATH, include_in_schema=False)
async def notice_stream(
    session: Annotated[Session, Depends(current_session)],
    ctx: Annotated[StubContext, Depends(_context)],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    acting_for: Annotated[str | None, Header(alias=representation.ACTING_HEADER, max_length=64)] = None,
) -> StreamingResponse:
    after = _last_event_id(last_event_id)
    principal: str | None = None
    if acting_for and acting_for != session.resident.id:
        # A 代理人 may hear the represented person's notices, while the grant lasts (checked here and
        # then on every wake of the stream).
        grant = representation.active_grant(ctx.db, session.resident.id, acting_for, ctx.now())
        if grant is None:
            raise ApiError(403, "not_represented", "you do not represent this person (now)")
        representation.record_action(ctx.db, grant, session.token_hash, "GET /stream/notices", session.resident.name,
                                     ctx.now(), changes=False)
        principal = acting_for
    return StreamingResponse(
        _stream(ctx, session, after, principal),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


class PublishIn(BaseModel):
    resident_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=4000)
    sender: str = Field(default="テスト市", max_length=100)
    category: str = "system"


class PublishOut(BaseModel):
    id: str
    event_id: int


class PushSettingsIn(BaseModel):
    keepalive_seconds: float = Field(gt=0, le=3600)


def install_testing_routes(api: APIRouter) -> None:
    """``POST /testing/notices`` publishes a notice for a resident (tests and bench only), and
    ``POST /testing/push`` shortens the keep-alive interval. Mounted beside ``/testing/clock``."""

    @api.post("/testing/notices", response_model=PublishOut, status_code=201, include_in_schema=False)
    async def publish_notice(body: PublishIn, request: Request) -> PublishOut:
        ctx = get_context(request)
        if body.category not in portal.NOTICE_CATEGORIES:
            raise ApiError(400, "bad_request", "unknown notice category")
        if ctx.db.query_one("SELECT 1 FROM residents WHERE id = ?", (body.resident_id,)) is None:
            raise ApiError(404, "not_found", "resident not found")
        with ctx.db.transaction() as conn:
            nid = portal.create_notice(
                conn, body.resident_id, title=body.title, body=body.body, sender=body.sender, category=body.category
            )
            seq = conn.execute("SELECT seq FROM notices WHERE id = ?", (nid,)).fetchone()[0]
        # No direct wake-up: the streams learn of it through the watcher, as of any other
        # notice, so what the bench times is what an agency's notice takes.
        return PublishOut(id=nid, event_id=int(seq))

    @api.post("/testing/push", status_code=204, include_in_schema=False)
    async def push_settings(body: PushSettingsIn, request: Request) -> None:
        NoticeBus.of(get_context(request)).keepalive_seconds = body.keepalive_seconds
