"""A cap on request bodies, counted as the bytes arrive (ASGI middleware).

Content-Length is only a claim, and a chunked body has none, so the bytes are counted as
they stream in. A body over the cap answers 413 ``payload_too_large`` with
``Connection: close``. The rest of an oversized body is read and dropped up to a bound
(so that an ordinary client, which sends its whole body before it reads the answer, sees the
413 rather than a broken connection); beyond that bound the connection is simply closed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int, drain_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes if drain_bytes is not None else 2 * max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(receive, send, already=0, declared=declared)
            return
        # Read the body here, counting; the app gets it replayed once it is known to fit.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away mid-body: let the app see the disconnect.
                await self.app(scope, _replay([], message, receive), send)
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._refuse(receive, send, already=size, declared=declared,
                                   more=bool(message.get("more_body", False)))
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def _refuse(self, receive: Receive, send: Send, *, already: int, declared: int | None,
                      more: bool = True) -> None:
        seen = already
        while more and seen <= self.drain_bytes and (declared is None or declared <= self.drain_bytes):
            message = await receive()
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = json.dumps({
            "error": "payload_too_large",
            "message": f"the request body is larger than {self.max_bytes} bytes",
        }).encode()
        await send({
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        })
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(chunks: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    """A receive that hands out the body read already, as one message, then defers to ``receive``."""
    state = {"sent": False}

    async def replayed() -> Message:
        if not state["sent"]:
            state["sent"] = True
            if pending is not None:
                return pending
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        return await receive()

    return replayed
