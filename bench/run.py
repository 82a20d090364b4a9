"""Every budget of DESIGN.md §9 in one run, each next to its floor, as a markdown table.

    .venv/bin/python -m bench [--quick] [--only startup,apdus,login,history,search,fleet,push]

Each benchmark runs in its own process (bench/startup.py, card_apdus.py, login.py,
history.py, search.py, fleet.py, push.py) and this runner reads its figures. A benchmark that is not
there yet gets a "not yet" row instead of failing the run. Exit status: 0 when every budget
that was measured is met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_TIMEOUT_S = 900


@dataclass
class Row:
    what: str
    measured: str
    floor: str
    budget: str
    ok: bool | None  # None: not measured

    @property
    def result(self) -> str:
        return {True: "pass", False: "**FAIL**", None: "not yet"}[self.ok]


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {PySide6.__version__} (Qt {qVersion()})"
    except ImportError:
        qt = "PySide6 missing"
    return (f"{cpu}, {os.cpu_count()} cores, {mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; {qt}")


def _run(args: list[str], timeout: float = BENCH_TIMEOUT_S) -> subprocess.CompletedProcess[str] | None:
    """Runs a benchmark script; None when the script does not exist (yet)."""
    script = ROOT / args[0]
    if not script.exists():
        return None
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, str(script), *args[1:]], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _num(pattern: str, text: str, group: int = 1) -> float | None:
    m = re.search(pattern, text, re.MULTILINE)
    return float(m.group(group)) if m else None


def _broken(what: str, proc: subprocess.CompletedProcess[str], budget: str) -> Row:
    tail = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or ["no output"])[-1]
    return Row(what, f"error: {tail[:80]}", "", budget, False)


def not_yet(what: str, budget: str) -> list[Row]:
    return [Row(what, "not yet", "", budget, None)]


# --- each benchmark --------------------------------------------------------------------------------


def startup(quick: bool) -> list[Row]:
    budget_t, budget_m = "≤ 1.5 × bare", "≤ 2 × bare"
    # Launch times on a shared machine spread widely: 15 alternating launches steady the medians.
    proc = _run(["bench/startup.py", "--runs", "3" if quick else "15"])
    if proc is None:
        return not_yet("launch to login window", budget_t) + not_yet("resident memory", budget_m)
    out = proc.stdout
    row = r"\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)"
    bare = re.search(r"^bare PySide6 window" + row, out, re.MULTILINE)
    app = re.search(r"^mynadesk \(embedded default\)" + row, out, re.MULTILINE)
    login = re.search(r"^\s+\+ after a demo login" + row, out, re.MULTILINE)
    if not (bare and app and login):
        return [_broken("launch to login window", proc, budget_t)]
    bt, bm, at, _ = (float(x) for x in (*bare.groups(), *app.groups()))
    lm = float(login.group(2))
    return [
        Row("launch to login window painted (median)", f"{at:.0f} ms", f"{bt:.0f} ms bare window painted",
            f"{at / bt:.2f} × (budget ≤ 1.5 ×)", at / bt <= 1.5),
        Row("resident memory after a demo login (median)", f"{lm:.0f} MiB", f"{bm:.0f} MiB bare window",
            f"{lm / bm:.2f} × (budget ≤ 2 ×)", lm / bm <= 2.0),
    ]


def apdus(quick: bool) -> list[Row]:
    budget = "= protocol minimum"
    proc = _run(["bench/card_apdus.py"])
    if proc is None:
        return not_yet("login APDUs", budget)
    rows = []
    for label, pattern in (("login APDUs (certificate + signature)", r"^login \(cert \+ sign\)\s+(\d+)\s+(\d+)"),
                           ("login APDUs as the UI runs it (+ card check, + PIN tries)",
                            r"^login as the UI runs it[^\d]*?(\d+)\s+(\d+)")):
        count = _num(pattern, proc.stdout)
        minimum = _num(pattern, proc.stdout, 2)
        if count is None or minimum is None:
            return [_broken(label, proc, budget)]
        rows.append(Row(label, f"{count:.0f}", f"{minimum:.0f} protocol minimum", budget, count <= minimum))
    return rows


def login(quick: bool) -> list[Row]:
    budget = "≤ 50 ms"
    proc = _run(["bench/login.py", "--rounds", "10" if quick else "30"])
    if proc is None:
        return not_yet("login: client time beyond card and network", budget)
    out = proc.stdout
    worst = _num(r"worst ([\d.]+) ms", out)
    median = _num(r"^\s+client beyond card\+network\s+[\d.]+\s+([\d.]+)", out)
    canned = _num(r"^client steps, canned responses\s+([\d.]+)", out)
    whole = _num(r"^whole login\s+[\d.]+\s+([\d.]+)", out)
    if worst is None or median is None:
        return [_broken("login: client time beyond card and network", proc, budget)]
    return [
        Row("login: client time beyond card and network", f"median {median:.1f} ms, worst {worst:.1f} ms",
            f"{canned:.2f} ms same steps on canned answers" if canned is not None else "",
            f"{budget} (whole login median {whole:.0f} ms)" if whole is not None else budget, worst <= 50.0),
    ]


def _generic(what: str, script: str, budget: str, quick: bool) -> list[Row]:
    """A benchmark written by someone else: its own last verdict line, and its exit status."""
    proc = _run([script, *(["--quick"] if quick and "--quick" in _help(script) else [])])
    if proc is None:
        return not_yet(what, budget)
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    verdicts = [ln for ln in lines if re.search(r"budget|floor|ms", ln, re.IGNORECASE)]
    shown = "; ".join(verdicts[-2:]) if verdicts else (lines[-1] if lines else "no output")
    return [Row(what, shown.replace("|", "/")[:160], "see its output", budget, proc.returncode == 0)]


def _help(script: str) -> str:
    proc = _run([script, "--help"], timeout=60)
    return proc.stdout if proc is not None else ""


def history(quick: bool) -> list[Row]:
    what, budget = "やりとり履歴, 100,000 records", "first rows ≤ 300 ms; keystroke blocks ≤ 16 ms"
    proc = _run(["bench/history.py", *(["--quick"] if quick and "--quick" in _help("bench/history.py") else [])])
    if proc is None:
        return not_yet(what, budget)
    out = proc.stdout
    first = _num(r"^open → first rows painted \(median\)\s+([\d.]+) ms", out)
    floor = _num(r"^raw GET /history\S*\s+\(floor\)\s+([\d.]+) ms", out)
    key = _num(r"^keystroke handling on the Qt thread \(max\)\s+([\d.]+) ms", out)
    stall = _num(r"^longest Qt-thread stall while filtering\s+([\d.]+) ms", out)
    paint = re.search(r"^table repaint: ours / bare QTableView floor\s+([\d.]+) ms.*?bare ([\d.]+) ms", out, re.MULTILINE)
    if first is None or key is None or stall is None:
        return [_broken(what, proc, budget)]
    paint_floor = f"bare QTableView repaint {paint.group(2)} ms (ours {paint.group(1)} ms)" if paint else "see its output"
    return [
        Row(f"{what}: open → first rows", f"{first:.0f} ms",
            f"raw page GET {floor:.0f} ms" if floor is not None else "see its output", "≤ 300 ms", first <= 300.0),
        Row(f"{what}: filter keystroke on the Qt thread", f"{key:.1f} ms", "–", "≤ 16 ms", key <= 16.0),
        Row(f"{what}: longest Qt-thread turn while a filtered page is applied", f"{stall:.1f} ms", paint_floor,
            "≤ 16 ms", stall <= 16.0),
    ]


def search(quick: bool) -> list[Row]:
    return _generic("service search, every municipality", "bench/search.py", "≤ 20 ms a query", quick)


def fleet(quick: bool) -> list[Row]:
    budget = "p99 ≤ 200 ms, 0 errors"
    proc = _run(["bench/fleet.py", "--json", *(["--pages", "2"] if quick else [])])
    if proc is None:
        return not_yet("kiosk fleet", budget)
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [_broken("kiosk fleet", proc, budget)]
    s, f = out["stub"], out["floor"]
    held = out.get("streams") or {}
    streams = f", {held['open_at_end']}/{held['wanted']} notice streams held open" if held.get("wanted") else ""
    return [Row(
        f"kiosk fleet: {s['clients']} clients in session at once (login + {out['pages']} history pages, "
        f"arrivals over {out['ramp_s']:g} s, {out['think_ms']:.0f} ms mean think time{streams}), loopback HTTPS",
        f"p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms, {s['errors']} errors / {s['requests']} requests",
        f"bare uvicorn: p50 {f['p50_ms']:.0f} ms, p99 {f['p99_ms']:.0f} ms, {f['errors']} errors",
        budget, bool(out["ok"]),
    )]


def push(quick: bool) -> list[Row]:
    budget = "median ≤ 1 s, p99 ≤ 2 s (push, not polling)"
    proc = _run(["bench/push.py", "--json", *(["--quick"] if quick else [])])
    if proc is None:
        return not_yet("notice published → desktop notification sent", budget)
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [_broken("notice published → desktop notification sent", proc, budget)]
    s, p = out["push"], out["poll"]
    return [Row(
        "notice published on the stub → desktop notification sent (D-Bus Notify), SSE push",
        f"median {s['median_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms ({s['n']} notices)",
        f"today's {out['poll_interval_s']:g} s polling: median {p['median_ms']:.0f} ms, p99 {p['p99_ms']:.0f} ms "
        f"({p['n']} notices)",
        budget, bool(out["ok"]),
    )]


BENCHES: dict[str, Callable[[bool], list[Row]]] = {
    "startup": startup, "apdus": apdus, "login": login, "history": history, "search": search, "fleet": fleet,
    "push": push,
}


def table(rows: list[Row]) -> str:
    lines = ["| What | Measured | Floor (same run) | Budget | Result |", "|---|---|---|---|---|"]
    lines += [f"| {r.what} | {r.measured} | {r.floor} | {r.budget} | {r.result} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run, not the figures to publish)")
    ap.add_argument("--only", help="comma-separated subset of: " + ",".join(BENCHES))
    args = ap.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(BENCHES)
    unknown = set(chosen) - BENCHES.keys()
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    rows: list[Row] = []
    started = time.monotonic()
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows += BENCHES[name](args.quick)
        except subprocess.TimeoutExpired:
            rows.append(Row(name, f"timed out after {BENCH_TIMEOUT_S} s", "", "", False))
    print(f"Machine: {machine()}")
    print(f"Run: {time.strftime('%Y-%m-%d %H:%M %Z')}, {time.monotonic() - started:.0f} s"
          f"{' (--quick)' if args.quick else ''}")
    print()
    print(table(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
