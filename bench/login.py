"""Login benchmark (DESIGN.md §9): client time beyond card and network, and the whole login.

    .venv/bin/python bench/login.py [--rounds 30] [--resident r01] [--backend URL --ca-file F --data-dir D]

Without --backend it starts the stub server on a fresh data dir. Every login runs the real path:
PortalClient over HTTPS + LoginFlow + the in-process virtual card through app/card.

Client time = whole login − time inside the card layer − time inside HTTP exchanges (request
sent → response read, server time included). It is what the client itself spends: building M,
JSON encoding, parsing and validating responses, making the session. The budget is 50 ms.
A second, network-free figure times the same client steps on canned responses.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.card.jpki import MyNumberCard  # noqa: E402
from app.card.transport import CallableTransport  # noqa: E402
from app.login import CardAuthSigner, LoginFlow  # noqa: E402
from app.portal import PortalClient  # noqa: E402
from app.portal.models import parse_challenge, parse_login  # noqa: E402
from app.session import Session  # noqa: E402
from backend_stub.card import VirtualCard  # noqa: E402
from backend_stub.jlis import JLIS  # noqa: E402

BUDGET_MS = 50.0


@contextmanager
def stub_server(data_dir: Path) -> Iterator[tuple[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        # Every login here comes from one address, faster than any resident could: the per-source
        # challenge limit (120 a minute, burst 20) is lifted, since the client's time is what is timed.
        [sys.executable, "-m", "backend_stub", "serve", "--port", "0", "--data-dir", str(data_dir),
         "--challenges-per-minute", "100000", "--challenge-burst", "1000"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        found: dict[str, str] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if key in ("URL", "CA"):
                found[key] = value
            if len(found) == 2:
                break
        if len(found) != 2:
            raise SystemExit("the stub server did not start")
        yield found["URL"], found["CA"]
    finally:
        proc.terminate()
        proc.wait(15)


class Timed:
    """Accumulates seconds spent inside wrapped calls."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t

        return inner


class TimedSigner:
    def __init__(self, inner: CardAuthSigner, timer: Timed) -> None:
        self.certificate = timer.wrap(inner.certificate)
        self.sign = timer.wrap(inner.sign)


def one_login(url: str, ca: str, profile: Any, client: PortalClient) -> dict[str, float]:
    card_t, net_t = Timed(), Timed()
    vc = VirtualCard(profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))
    signer = TimedSigner(CardAuthSigner(card, profile.auth_pin), card_t)
    original = client._send_once
    client._send_once = net_t.wrap(original)  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        session = LoginFlow(client).run(signer)  # type: ignore[arg-type]
        total = time.perf_counter() - t0
    finally:
        client._send_once = original  # type: ignore[method-assign]
    assert not session.is_expired
    client.logout()
    return {
        "total": total * 1000,
        "card": card_t.seconds * 1000,
        "network": net_t.seconds * 1000,
        "client": (total - card_t.seconds - net_t.seconds) * 1000,
        "apdus": float(card.apdu_count),
    }


def offline_client_steps(rounds: int) -> list[float]:
    """The client's own steps on canned responses: parse challenge, build M and DigestInfo,
    encode the login body, parse the login answer, make the session."""
    challenge_bytes = json.dumps(
        {"challenge_id": "x" * 24, "nonce": base64.b64encode(os.urandom(32)).decode(), "expires_at": "2030-01-01T00:05:00+09:00"}
    ).encode()
    login_bytes = json.dumps(
        {"access_token": "t" * 43, "token_type": "Bearer", "expires_in": 28800, "idle_timeout": 900,
         "resident": {"display_name": "山田 花子", "municipality_code": "112305", "municipality_name": "新座市"}},
        ensure_ascii=False,
    ).encode()
    cert = os.urandom(1100)
    signature = os.urandom(256)
    flow = LoginFlow(PortalClient("https://127.0.0.1:8443", None))
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        prepared = flow.prepare(parse_challenge(json.loads(challenge_bytes)))
        body = {"format": "jpki-auth:1", "challenge_id": prepared.challenge.challenge_id, "origin": prepared.origin,
                "certificate": base64.b64encode(cert).decode(), "algorithm": "RS256",
                "signature": base64.b64encode(signature).decode()}
        json.dumps(body, separators=(",", ":")).encode()
        result = parse_login(json.loads(login_bytes))
        Session(result.access_token, expires_in=result.expires_in, idle_timeout=result.idle_timeout, resident=result.resident)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--resident", default="r01")
    ap.add_argument("--backend")
    ap.add_argument("--ca-file")
    ap.add_argument("--data-dir")
    args = ap.parse_args()

    def run(url: str, ca: str, data_dir: Path) -> int:
        profile = JLIS(data_dir).load_card(args.resident)
        client = PortalClient(url, ca)
        try:
            cold = one_login(url, ca, profile, client)
            warm = [one_login(url, ca, profile, client) for _ in range(args.rounds)]
        finally:
            client.close()
        offline = offline_client_steps(1000)
        print(f"login against {url} ({args.rounds} warm logins after 1 cold; times in ms)")
        print(f"{'figure':<34}{'cold':>9}{'median':>9}{'p95':>9}{'max':>9}")
        for key, label in (("total", "whole login"), ("card", "  card (virtual, in-process)"),
                           ("network", "  HTTP exchanges (incl. server)"), ("client", "  client beyond card+network")):
            vals = [w[key] for w in warm]
            print(f"{label:<34}{cold[key]:>9.2f}{statistics.median(vals):>9.2f}{pct(vals, 0.95):>9.2f}{max(vals):>9.2f}")
        print(f"{'client steps, canned responses':<34}{'':>9}{statistics.median(offline):>9.3f}{pct(offline, 0.95):>9.3f}{max(offline):>9.3f}")
        print(f"APDUs per login: {int(warm[0]['apdus'])} (cold: {int(cold['apdus'])})")
        worst = max(cold["client"], *(w["client"] for w in warm))
        verdict = "within" if worst <= BUDGET_MS else "OVER"
        print(f"budget: client beyond card and network <= {BUDGET_MS:.0f} ms: {verdict} (worst {worst:.2f} ms)")
        return 0 if worst <= BUDGET_MS else 1

    if args.backend:
        if not (args.ca_file and args.data_dir):
            ap.error("--backend needs --ca-file and --data-dir (for the virtual card)")
        return run(args.backend, args.ca_file, Path(args.data_dir))
    with tempfile.TemporaryDirectory(prefix="bench-login-") as tmp, stub_server(Path(tmp) / "data") as (url, ca):
        return run(url, ca, Path(tmp) / "data")


if __name__ == "__main__":
    raise SystemExit(main())
