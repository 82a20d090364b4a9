"""How long a draft save holds up the Qt thread, with a large attachment in the draft.

The wizard saves the draft after each change. Written on the Qt thread (as before the wizard
presenter), the screen froze for the whole encrypt-and-fsync; written on a thread of its own,
the Qt thread only shares the interpreter with it. Both ways run here on the same encrypted file
store, alternating: the figure is the longest gap between two ticks of a 1 ms QTimer while one
save of an edited draft is under way (what a resident typing would feel), per attachment size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.autosave [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


class _Backend:
    def __init__(self, store: Any) -> None:
        self.store = store

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    def portal(self) -> Any:
        return None

    def card(self) -> Any:
        return None


async def _stall_during(work: Any) -> float:
    """The longest gap (ms) between ticks of a 1 ms timer while ``work`` runs."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    await work()
    ended = time.perf_counter()
    await asyncio.sleep(0.005)
    timer.stop()
    inside = [started, *(t for t in ticks if started <= t <= ended), ended]
    return max(b - a for a, b in itertools.pairwise(inside)) * 1000


async def _run(rounds: int, sizes: list[int]) -> dict[str, Any]:
    from app.drafts import Draft, FileDraftStore, KeyStorage, StoredAttachment
    from ui.kosodate.wizard_presenter import WizardPresenter

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = FileDraftStore(Path(tmp), b"bench-resident", secrets.token_bytes(32), KeyStorage.FILE)
        for mib in sizes:
            draft = Draft.new("jidou-teate-nintei", "112305")
            page = b"%PDF-1.7\n" + os.urandom(mib * 1024 * 1024)
            draft = draft.with_attachments((StoredAttachment("passport", "p.pdf", "application/pdf", page),))
            store.save(draft)
            presenter = WizardPresenter(_Backend(store), draft)
            on_qt: list[float] = []
            off_qt: list[float] = []
            for i in range(rounds):
                presenter.state.set("claimant.occupation", f"会社員{i}a")

                async def sync_save(presenter: WizardPresenter = presenter) -> None:
                    presenter.save_now()

                on_qt.append(await _stall_during(sync_save))
                presenter.state.set("claimant.occupation", f"会社員{i}b")

                async def async_save(presenter: WizardPresenter = presenter) -> None:
                    await presenter.save()

                off_qt.append(await _stall_during(async_save))
            out[f"{mib} MiB"] = {
                "on the Qt thread: stall ms (median, max)": [round(statistics.median(on_qt), 1), round(max(on_qt), 1)],
                "off the Qt thread: stall ms (median, max)": [round(statistics.median(off_qt), 1), round(max(off_qt), 1)],
            }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", default="5,20", help="attachment sizes in MiB")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        result = loop.run_until_complete(_run(args.rounds, [int(s) for s in args.sizes.split(",")]))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for size, rows in result.items():
            for what, (median, worst) in rows.items():
                print(f"{size:>7}  {what}: {median} / {worst}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
