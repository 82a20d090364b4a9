"""Open notice streams held while the kiosk fleet runs (bench/fleet.py ``--streams N``).

Each holder is one resident's desktop at home: its own HTTPS connection, a login, then
``GET /stream/notices`` kept open (the push of ui/portal/push.py). The fleet's load starts only
once every stream has said ``ready``, and the streams are counted again when the load ends: a
stream the server dropped under load is an error of the run.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
API = "/api/v1"
READY_DEADLINE_S = 120.0


HOME_ADDRESSES_FROM = 30_000  # homes' loopback addresses start here (kiosks' start at 0)


@dataclass
class Held:
    wanted: int
    ready: int = 0
    open_at_end: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"wanted": self.wanted, "ready": self.ready, "open_at_end": self.open_at_end,
                "errors": sum(self.errors.values()), "error_kinds": dict(self.errors)}


async def _hold(n: int, url: str, ssl_ctx: ssl.SSLContext, creds: list[tuple[str, Any]],
                sign: Callable[[Any, str, str], str], held: Held, all_ready: asyncio.Event,
                stop: asyncio.Event, alive: set[int]) -> None:
    from bench.fleet import _httpx, kiosk_address

    httpx = _httpx()
    cert_b64, key = creds[n % len(creds)]
    # Each home connects from its own address, apart from the kiosks' (as homes do: the server
    # limits challenges per source, so 200 homes behind one address would be refused).
    transport = httpx.AsyncHTTPTransport(verify=ssl_ctx, local_address=kiosk_address(HOME_ADDRESSES_FROM + n),
                                         limits=httpx.Limits(max_connections=1))
    try:
        async with httpx.AsyncClient(base_url=url + API, transport=transport,
                                     timeout=httpx.Timeout(30.0, read=None)) as client:
            c = (await client.post("/auth/challenge")).json()
            body = {"format": "jpki-auth:1", "challenge_id": c["challenge_id"], "origin": url,
                    "certificate": cert_b64, "algorithm": "RS256", "signature": sign(key, url, c["nonce"])}
            login = await client.post("/auth/login", json=body)
            login.raise_for_status()
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            async with client.stream("GET", "/stream/notices", headers=headers) as r:
                r.raise_for_status()
                lines = r.aiter_lines()
                async for line in lines:
                    if line == "event: ready":
                        break
                held.ready += 1
                alive.add(n)
                if held.ready + sum(held.errors.values()) >= held.wanted:
                    all_ready.set()
                reading = asyncio.ensure_future(_drain(lines))
                stopping = asyncio.ensure_future(stop.wait())
                await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if reading.done():
                    alive.discard(n)
                    held.errors["stream ended under load"] = held.errors.get("stream ended under load", 0) + 1
                for task in (reading, stopping):
                    task.cancel()
    except Exception as exc:
        alive.discard(n)
        kind = type(exc).__name__
        held.errors[kind] = held.errors.get(kind, 0) + 1
        if held.ready + sum(held.errors.values()) >= held.wanted:
            all_ready.set()


async def _drain(lines: Any) -> None:
    async for _line in lines:
        pass


async def with_open_streams(n: int, url: str, ssl_ctx: ssl.SSLContext, creds: list[tuple[str, Any]],
                            sign: Callable[[Any, str, str], str],
                            load: Callable[[], Awaitable[T]]) -> tuple[T, dict[str, Any]]:
    """Opens ``n`` streams, runs ``load()`` while they are open, then closes them."""
    held = Held(n)
    if n <= 0:
        return await load(), held.as_dict()
    all_ready, stop = asyncio.Event(), asyncio.Event()
    alive: set[int] = set()
    holders = []
    for i in range(n):
        holders.append(asyncio.create_task(_hold(i, url, ssl_ctx, creds, sign, held, all_ready, stop, alive)))
        if i % 20 == 19:
            await asyncio.sleep(0.05)  # logins in small waves: these are homes, not the fleet's load
    await asyncio.wait_for(all_ready.wait(), READY_DEADLINE_S)
    try:
        result = await load()
    finally:
        held.open_at_end = len(alive)
        stop.set()
        await asyncio.wait(holders, timeout=30)
    return result, held.as_dict()
