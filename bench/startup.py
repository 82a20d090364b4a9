"""Launch-to-interactive-login-window time and resident memory: the app vs a bare PySide6 window.

Each run is a fresh process, the two alternating. The time is measured by this process from
just before the launch to the process's report, so interpreter start-up and imports are
included. Both report at the same point: the loop turn after the window's first paint (the
pass that paints the window and its children, flushed to the screen), so the app's text
layout, fonts and painting count, as they do for the resident. The app runs on its embedded
default with ``MYNADESK_STARTUP_PROBE=login`` and reports three marks (ui/main.py):

* ``READY``: the window has been painted with the real login screen (the demo cards listed,
  the buttons live) and the Qt loop is idle again: the launch figure;
* ``FULL``: the rest of the start-up is done too (log, asyncio loop, stub process spawned);
* ``LOGIN``: it has logged in with a demo card through the login screen, as the self-test
  does (card in the virtual reader, ログイン, PIN, /me) and landed on ホーム: the memory
  figure DESIGN.md §9 budgets ("resident memory after login").

    .venv/bin/python -m bench.startup [--runs 7] [--platform offscreen|xcb] [--no-login]

Budgets (DESIGN.md §9): the app's median time to READY ≤ 1.5 × the bare window's median;
its median RSS after login ≤ 2 × the bare window's. The machine may be noisy: only compare
figures of the same run.

Both run from compiled bytecode, as installed (pip compiles ``.pyc`` files at install, the
frozen app ships them): a ``PYTHONDONTWRITEBYTECODE`` in the environment would otherwise have
every launch compile every module from source. The cache is private to the run (a temporary
``PYTHONPYCACHEPREFIX``), filled by the warm-up launches; nothing is written into the tree.
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
MEMORY_RATIO = 2.0

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def ready():
    print(f"READY 0 {rss_kb()}", flush=True)
    app.quit()

class FirstPaint(QObject):  # as ui.main: the loop turn after the window's first paint
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1024, 700)
first_paint = FirstPaint(window)
window.installEventFilter(first_paint)
window.show()
app.exec()
"""


Marks = dict[str, tuple[float, int]]  # mark -> (seconds since launch, RSS kB)


def _measure(argv: list[str], env: dict[str, str], last: str) -> Marks:
    """The marks one launch reports, up to ``last`` (READY, FULL or LOGIN)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    marks: Marks = {}
    failure = ""
    for line in process.stdout:
        word = line.split(" ", 1)[0]
        if word in ("READY", "FULL", "LOGIN"):
            marks[word] = (time.perf_counter() - start, int(line.split()[2]))
            if word == last:
                break
        elif word == "LOGIN-FAILED":
            failure = line.strip()
    process.stdout.read()
    status = process.wait(timeout=120)
    if status != 0 or last not in marks:
        raise RuntimeError(f"{argv[1:3]} did not report {last} (status {status}) {failure}".strip())
    return marks


def _row(name: str, seconds: list[float], kb: list[int]) -> str:
    t = [x * 1000 for x in seconds]
    return (f"{name:30} {statistics.median(t):10.1f} {min(t):8.1f} {max(t):8.1f} "
            f"{statistics.median(kb) / 1024:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--no-login", action="store_true", help="stop at FULL (no demo login, no memory after login)")
    args = parser.parse_args(argv)

    last = "FULL" if args.no_login else "LOGIN"
    with tempfile.TemporaryDirectory(prefix="mynadesk-bench-") as data_dir:
        env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "MYNADESK_STARTUP_PROBE": last.lower(),
               "PYTHONPYCACHEPREFIX": os.path.join(data_dir, "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        app_cmd = [sys.executable, "-m", "ui.main", "--data-dir", os.path.join(data_dir, "app")]
        # One warm-up each (disk cache, .pyc, .qm build, the stub's first seeding), not counted.
        _measure(bare_cmd, env, "READY")
        _measure(app_cmd, env, last)
        bare: list[Marks] = []
        app: list[Marks] = []
        for _ in range(args.runs):
            bare.append(_measure(bare_cmd, env, "READY"))
            app.append(_measure(app_cmd, env, last))

    def col(runs: list[Marks], mark: str) -> tuple[list[float], list[int]]:
        return [r[mark][0] for r in runs], [r[mark][1] for r in runs]

    print(f"platform={args.platform} runs={args.runs} python={sys.version.split()[0]}")
    print(f"{'':30} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'RSS MiB':>8}")
    print(_row("bare PySide6 window", *col(bare, "READY")))
    print(_row("mynadesk (embedded default)", *col(app, "READY")))
    print(_row("  + loop, log, stub spawned", *col(app, "FULL")))
    if last == "LOGIN":
        print(_row("  + after a demo login", *col(app, "LOGIN")))
    bare_t = statistics.median(col(bare, "READY")[0])
    bare_kb = statistics.median(col(bare, "READY")[1])
    ratio = statistics.median(col(app, "READY")[0]) / bare_t
    ok = ratio <= BUDGET_RATIO
    print(f"time ratio {ratio:.2f} (budget ≤ {BUDGET_RATIO}) {'OK' if ok else 'OVER BUDGET'}"
          " (the login window painted and interactive)")
    print(f"memory ratio at the login window {statistics.median(col(app, 'READY')[1]) / bare_kb:.2f}")
    if last == "LOGIN":
        memory = statistics.median(col(app, "LOGIN")[1]) / bare_kb
        print(f"memory ratio after login {memory:.2f} (budget ≤ {MEMORY_RATIO}) "
              f"{'OK' if memory <= MEMORY_RATIO else 'OVER BUDGET'}")
        ok = ok and memory <= MEMORY_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
