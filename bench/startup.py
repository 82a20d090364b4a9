"""Launch-to-interactive-window time and resident memory: the app vs a bare PySide6 window.

Each run is a fresh process, the two alternating. A run ends when the process reports that
its window is shown and its event loop is idle (the app: the login window, on its embedded
default, with ``MYNADESK_STARTUP_PROBE=1``). The app also reports when its deferred start-up
(log file, asyncio loop, stub process spawned, then the real login screen built in place of
its placeholder; see ui/main.py) is done: the second app line, the one a resident feels.
The time is measured by this process from just
before the launch to that report, so interpreter start-up and imports are included.

    .venv/bin/python -m bench.startup [--runs 7] [--platform offscreen|xcb]

Budget (DESIGN.md §9): the app's median ≤ 1.5 × the bare window's median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_RATIO = 1.5

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1024, 700)
window.show()

def ready():
    print(f"READY 0 {rss_kb()}", flush=True)
    app.quit()

QTimer.singleShot(0, ready)
app.exec()
"""


def _measure(argv: list[str], env: dict[str, str]) -> tuple[float, int, float | None, int | None]:
    """(seconds to READY, RSS kB at READY, seconds to FULL, RSS kB at FULL) of one launch."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    ready: tuple[float, int] | None = None
    full: tuple[float, int] | None = None
    for line in process.stdout:
        if line.startswith(("READY", "FULL")):
            mark = (time.perf_counter() - start, int(line.split()[2]))
            if line.startswith("READY"):
                ready = mark
            else:
                full = mark
                break
    process.stdout.read()
    if process.wait(timeout=60) != 0 or ready is None:
        raise RuntimeError(f"{argv[1:3]} did not report READY (status {process.returncode})")
    return ready[0], ready[1], full[0] if full else None, full[1] if full else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args(argv)

    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "MYNADESK_STARTUP_PROBE": "1"}
    with tempfile.TemporaryDirectory(prefix="mynadesk-bench-") as data_dir:
        commands = {
            "bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
            "mynadesk (embedded default)": [sys.executable, "-m", "ui.main", "--data-dir", data_dir],
        }
        # One warm-up each (disk cache, .pyc, .qm build), not counted.
        for command in commands.values():
            _measure(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, list[int]] = {name: [] for name in commands}
        full_times: list[float] = []
        full_rss: list[int] = []
        for _ in range(args.runs):
            for name, command in commands.items():
                elapsed, kb, full_s, full_kb = _measure(command, env)
                times[name].append(elapsed)
                rss[name].append(kb)
                if full_s is not None and full_kb is not None:
                    full_times.append(full_s)
                    full_rss.append(full_kb)

    print(f"platform={args.platform} runs={args.runs} python={sys.version.split()[0]}")
    print(f"{'':30} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'RSS MiB':>8}")
    for name in commands:
        t = [x * 1000 for x in times[name]]
        print(f"{name:30} {statistics.median(t):10.1f} {min(t):8.1f} {max(t):8.1f} "
              f"{statistics.median(rss[name]) / 1024:8.1f}")
    if full_times:
        t = [x * 1000 for x in full_times]
        print(f"{'  + loop, stub, login screen':30} {statistics.median(t):10.1f} {min(t):8.1f} {max(t):8.1f} "
              f"{statistics.median(full_rss) / 1024:8.1f}")
    bare, app = (statistics.median(times[name]) for name in commands)
    bare_rss, app_rss = (statistics.median(rss[name]) for name in commands)
    ratio = app / bare
    print(f"time ratio {ratio:.2f} (budget ≤ {BUDGET_RATIO}) {'OK' if ratio <= BUDGET_RATIO else 'OVER BUDGET'}")
    if full_times:
        print(f"time ratio with the deferred start-up done {statistics.median(full_times) / bare:.2f}")
    print(f"memory ratio {app_rss / bare_rss:.2f} (at the window; DESIGN.md §9 budgets ≤ 2 after login)")
    if full_rss:
        print(f"memory ratio with the login screen built {statistics.median(full_rss) / bare_rss:.2f} (before any login)")
    return 0 if ratio <= BUDGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
