"""Kiosk-fleet load on the stub (DESIGN.md §9): 200 concurrent clients on loopback, next to a
bare uvicorn endpoint under the same load in the same run (the floor).

    .venv/bin/python -m bench.fleet [--clients 200] [--pages 5] [--think-ms 1000] [--ramp-s 5] [--json]

Each stub client is one kiosk: its own HTTPS connection (trusting only the stub's CA), then
``POST /auth/challenge``, ``POST /auth/login`` signed with a demo resident's card key (loaded
through backend_stub.jlis, as the virtual card holds it), ``--pages`` pages of
``GET /history`` following ``next_cursor``, and ``POST /auth/logout``. A kiosk fleet has a resident at each
terminal: the kiosks arrive spread over ``--ramp-s`` seconds and pause ``--think-ms`` on
average (exponentially distributed) between requests, so all 200 sessions overlap (each lasts
several seconds). ``--think-ms 0 --ramp-s 0`` gives the worst case: every request at once. The floor client makes the same number of requests, over the same TLS
certificate, to a trivial Starlette app on uvicorn that answers ``{"ok": true}``.

Each kiosk connects from its own loopback address (127.0.0.2, 127.0.0.3, …), as real kiosks
have their own addresses: the stub limits challenges and failed logins per source address, and a
fleet sharing one address would be one very busy client to it.

Latency is per request, from sending it to reading the whole answer; errors are any
exception or non-2xx answer. Bounded: every request has a timeout, the whole run a deadline,
and both servers are stopped at the end. Budget: the stub's p99 ≤ 200 ms with zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import queue
import random
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUDGET_P99_MS = 200.0
REQUEST_TIMEOUT_S = 30.0
RUN_DEADLINE_S = 300.0
START_DEADLINE_S = 60.0
API = "/api/v1"

from bench.fleet_streams import with_open_streams  # noqa: E402

FLOOR_APP = r"""
import socket, sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def ping(request):
    return JSONResponse({"ok": True})

app = Starlette(routes=[Route("/ping", ping, methods=["GET", "POST"])])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so asyncio sets TCP_NODELAY
sock.bind(("127.0.0.1", 0))
port = sock.getsockname()[1]

class Server(uvicorn.Server):
    async def startup(self, sockets=None):
        await super().startup(sockets)
        print(f"URL=https://127.0.0.1:{port}", flush=True)

config = uvicorn.Config(app, ssl_certfile=sys.argv[1], ssl_keyfile=sys.argv[2], log_level="warning",
                        access_log=False, lifespan="off")
Server(config).run(sockets=[sock])
"""


@dataclass
class LoadResult:
    clients: int
    requests: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # latencies per request kind

    def pct(self, q: float, latencies: list[float] | None = None) -> float:
        latencies = self.latencies_ms if latencies is None else latencies
        if not latencies:
            return float("nan")
        ordered = sorted(latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def as_dict(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "requests": self.requests,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "p50_ms": round(self.pct(0.50), 2),
            "p99_ms": round(self.pct(0.99), 2),
            "max_ms": round(max(self.latencies_ms, default=float("nan")), 2),
            "wall_s": round(self.wall_s, 2),
            "rps": round(self.requests / self.wall_s, 1) if self.wall_s else 0.0,
            "by_kind": {
                kind: {"n": len(v), "p50_ms": round(self.pct(0.50, v), 2), "p99_ms": round(self.pct(0.99, v), 2)}
                for kind, v in self.by_kind.items()
            },
        }


# ---------------------------------------------------------------------------------------------
# servers


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Starts a server that prints KEY=VALUE lines; waits (bounded) for URL= (and CA= if asked)."""
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    found: dict[str, str] = {}
    deadline = time.monotonic() + START_DEADLINE_S
    want = {"URL", "CA"} if "backend_stub" in argv else {"URL"}
    while not want <= found.keys():
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"server did not start: {' '.join(argv[:4])}")
        key, sep, value = line.partition("=")
        if sep:
            found[key] = value
    return proc, found


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYNASTUB_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@contextmanager
def stub_server(data_dir: Path) -> Iterator[tuple[str, str]]:
    proc, found = _spawn(
        [sys.executable, "-m", "backend_stub", "serve", "--port", "0", "--data-dir", str(data_dir)], _env()
    )
    try:
        yield found["URL"], found["CA"]
    finally:
        _stop(proc)


@contextmanager
def floor_server(data_dir: Path) -> Iterator[str]:
    """The bare endpoint, served with the stub's own TLS certificate (same handshake cost)."""
    from backend_stub.server.tls import ensure_tls

    tls = ensure_tls(data_dir)
    proc, found = _spawn([sys.executable, "-c", FLOOR_APP, str(tls.cert_file), str(tls.key_file)], _env())
    try:
        yield found["URL"]
    finally:
        _stop(proc)


# ---------------------------------------------------------------------------------------------
# load


def _credentials(data_dir: Path) -> list[tuple[str, Any]]:
    """(certificate base64, private key) of every demo resident's card."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from backend_stub.jlis import JLIS

    residents = json.loads((ROOT / "backend_stub" / "data" / "residents.json").read_text(encoding="utf-8"))
    jlis = JLIS(data_dir)
    out = []
    for resident in residents["residents"]:
        profile = jlis.load_card(resident["id"])
        out.append((base64.b64encode(profile.auth_cert.public_bytes(Encoding.DER)).decode(), profile.auth_key))
    return out


def _sign(key: Any, origin: str, nonce_b64: str) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    message = hashlib.sha256(origin.encode()).digest() + hashlib.sha256(base64.b64decode(nonce_b64)).digest()
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()


class _Recorder:
    def __init__(self, result: LoadResult) -> None:
        self.result = result

    async def call(self, kind: str, send: Callable[[], Awaitable[Any]]) -> Any | None:
        t0 = time.perf_counter()
        try:
            response = await send()
            await response.aread()
        except Exception as exc:
            self._error(type(exc).__name__)
            return None
        ms = (time.perf_counter() - t0) * 1000
        self.result.latencies_ms.append(ms)
        self.result.by_kind.setdefault(kind, []).append(ms)
        self.result.requests += 1
        if not 200 <= response.status_code < 300:
            self._error(f"HTTP {response.status_code}")
            return None
        return response

    def _error(self, kind: str) -> None:
        self.result.requests += 1
        self.result.errors += 1
        self.result.error_kinds[kind] = self.result.error_kinds.get(kind, 0) + 1


async def _think(think_ms: float, rng: random.Random) -> None:
    if think_ms > 0:
        await asyncio.sleep(rng.expovariate(1000.0 / think_ms))


def _httpx() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette/httpx import-time notices are not ours
        import httpx
    return httpx


def _kiosk_client(n: int, base_url: str, ssl_ctx: ssl.SSLContext) -> Any:
    """Kiosk ``n``'s HTTPS client: one connection, from its own loopback address."""
    httpx = _httpx()
    transport = httpx.AsyncHTTPTransport(
        verify=ssl_ctx, local_address=kiosk_address(n), limits=httpx.Limits(max_connections=1)
    )
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=REQUEST_TIMEOUT_S)


def kiosk_address(n: int) -> str:
    """127.0.0.2 upwards (127.0.0.1 is left to everything else on the machine)."""
    host = 2 + n % 65_000
    return f"127.0.{host // 256}.{host % 256}" if host > 255 else f"127.0.0.{host}"


async def _arrive(n: int, clients: int, ramp_s: float) -> None:
    """Kiosk n opens its session n/clients of the way through the ramp (evenly spread)."""
    if ramp_s > 0:
        await asyncio.sleep(ramp_s * n / clients)


async def _stub_kiosk(n: int, url: str, ssl_ctx: ssl.SSLContext, creds: list[tuple[str, Any]], pages: int,
                      think_ms: float, rec: _Recorder, start: asyncio.Event, arrive: Awaitable[None]) -> None:
    rng = random.Random(n)
    cert_b64, key = creds[n % len(creds)]
    async with _kiosk_client(n, url + API, ssl_ctx) as client:
        await start.wait()
        await arrive
        challenge = await rec.call("challenge (connects)", lambda: client.post("/auth/challenge"))
        if challenge is None:
            return
        c = challenge.json()
        body = {"format": "jpki-auth:1", "challenge_id": c["challenge_id"], "origin": url,
                "certificate": cert_b64, "algorithm": "RS256", "signature": _sign(key, url, c["nonce"])}
        await _think(think_ms, rng)
        login = await rec.call("login", lambda: client.post("/auth/login", json=body))
        if login is None:
            return
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        cursor: str | None = None
        for _ in range(pages):
            await _think(think_ms, rng)
            params = {"limit": "50", **({"cursor": cursor} if cursor else {})}
            page = await rec.call("history", lambda p=params: client.get("/history", params=p, headers=headers))
            if page is None:
                return
            cursor = page.json().get("next_cursor")
        await _think(think_ms, rng)
        await rec.call("logout", lambda: client.post("/auth/logout", headers=headers))


async def _floor_kiosk(n: int, url: str, ssl_ctx: ssl.SSLContext, requests: int, think_ms: float,
                       rec: _Recorder, start: asyncio.Event, arrive: Awaitable[None]) -> None:
    rng = random.Random(n)
    async with _kiosk_client(n, url, ssl_ctx) as client:
        await start.wait()
        await arrive
        for i in range(requests):
            if i:
                await _think(think_ms, rng)
            if await rec.call("first (connects)" if i == 0 else "ping", lambda: client.get("/ping")) is None:
                return


async def _run(make: Callable[[int, _Recorder, asyncio.Event], Awaitable[None]], clients: int) -> LoadResult:
    result = LoadResult(clients)
    rec = _Recorder(result)
    start = asyncio.Event()
    tasks = [asyncio.create_task(make(i, rec, start)) for i in range(clients)]
    await asyncio.sleep(0)  # every client is waiting on the start line
    t0 = time.perf_counter()
    start.set()
    done, pending = await asyncio.wait(tasks, timeout=RUN_DEADLINE_S)
    result.wall_s = time.perf_counter() - t0
    for task in pending:
        task.cancel()
        rec._error("run deadline")
    for task in done:
        if task.exception() is not None:
            rec._error(type(task.exception()).__name__)
    return result


def measure(clients: int = 200, pages: int = 5, think_ms: float = 1000.0, ramp_s: float = 5.0,
            streams: int = 200) -> dict[str, Any]:
    """Runs both loads; returns ``{"stub": {...}, "floor": {...}, "budget_p99_ms": 200, ...}``."""
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        data_dir = Path(tmp) / "data"
        with stub_server(data_dir) as (url, ca):
            creds = _credentials(data_dir)
            ssl_ctx = ssl.create_default_context(cafile=ca)
            # A warm-up kiosk (first-request imports, SQLite cache), not counted.
            asyncio.run(_run(lambda i, r, s: _stub_kiosk(i, url, ssl_ctx, creds, pages, 0.0, r, s,
                                                         _arrive(0, 1, 0)), 1))
            # The fleet runs while `streams` residents at home hold their notice streams open (bench/fleet_streams.py).
            stub, held = asyncio.run(with_open_streams(
                streams, url, ssl_ctx, creds, _sign,
                lambda: _run(lambda i, r, s: _stub_kiosk(i, url, ssl_ctx, creds, pages, think_ms, r, s,
                                                         _arrive(i, clients, ramp_s)), clients)))
        with floor_server(data_dir) as floor_url:
            per_client = 2 + pages + 1  # as many as a kiosk: challenge, login, pages, logout
            asyncio.run(_run(lambda i, r, s: _floor_kiosk(i, floor_url, ssl_ctx, per_client, 0.0, r, s,
                                                          _arrive(0, 1, 0)), 1))
            floor = asyncio.run(_run(lambda i, r, s: _floor_kiosk(i, floor_url, ssl_ctx, per_client, think_ms, r, s,
                                                                  _arrive(i, clients, ramp_s)), clients))
    s, f = stub.as_dict(), floor.as_dict()
    return {
        "stub": s,
        "floor": f,
        "pages": pages,
        "think_ms": think_ms,
        "ramp_s": ramp_s,
        "budget_p99_ms": BUDGET_P99_MS,
        "streams": held,
        "ok": s["errors"] == 0 and s["p99_ms"] <= BUDGET_P99_MS and held["errors"] == 0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--pages", type=int, default=5, help="history pages each kiosk reads after logging in")
    ap.add_argument("--think-ms", type=float, default=1000.0, help="mean pause between a kiosk's requests")
    ap.add_argument("--ramp-s", type=float, default=5.0, help="spread the kiosks' arrivals over this many seconds")
    ap.add_argument("--streams", type=int, default=200, help="notice streams held open while the fleet runs")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    out = measure(args.clients, args.pages, args.think_ms, args.ramp_s, args.streams)
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{args.clients} concurrent kiosks, loopback HTTPS, {args.pages} history pages each, "
              f"think time {args.think_ms:.0f} ms, arrivals over {args.ramp_s:g} s")
        print(f"{'':24}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'req/s':>8}")
        for name in ("stub", "floor"):
            r = out[name]
            print(f"{name:24}{r['requests']:>9}{r['errors']:>7}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}"
                  f"{r['max_ms']:>9.1f}{r['rps']:>8.0f}")
            for kind, k in r["by_kind"].items():
                print(f"  {kind:22}{k['n']:>9}{'':>7}{k['p50_ms']:>9.1f}{k['p99_ms']:>9.1f}")
        h = out["streams"]
        print(f"notice streams held open meanwhile: {h['ready']} of {h['wanted']} ready, "
              f"{h['open_at_end']} still open at the end, {h['errors']} errors")
        print(f"budget: stub p99 <= {BUDGET_P99_MS:.0f} ms, zero errors: {'within' if out['ok'] else 'OVER'}")
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
