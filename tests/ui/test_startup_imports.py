"""Start-up budget guard (DESIGN.md §9, bench/startup.py): when the window is shown it holds
the real login screen (with the demo residents' cards listed), and none of the heavy modules
has been imported. A screen that imports an HTTP client, crypto, asyncio, pyscard or the stub
at module level breaks the 1.5 × bare-window budget; import them on first use instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("requests", "httpx", "urllib3", "cryptography", "asyncio", "qasync", "ssl", "smartcard",
         "backend_stub.server", "backend_stub.card", "backend_stub.jlis", "fastapi", "pydantic", "uvicorn",
         "app.portal.client", "app.card.jpki", "app.login", "app.session")

PROBE = """
import json, linecache, os, sys
import ui.main as m

def probe(self):
    login = self.window.stack.currentWidget()
    demo_cards = login.demo_list.count() if hasattr(login, "demo_list") else -1
    from PySide6.QtGui import QGuiApplication

    area = QGuiApplication.primaryScreen().availableGeometry()
    print(json.dumps({"modules": sorted(sys.modules), "screen": login.objectName(),
                      "sources_kept": sorted(linecache.cache),
                      "size": [self.window.width(), self.window.height()],
                      "area": [area.width(), area.height()],
                      "demo_cards": demo_cards, "visible": self.window.isVisible()}), flush=True)
    os._exit(0)

m._Runner.probe_ready = probe
m.main(["--data-dir", sys.argv[1]])
"""


def test_no_heavy_module_before_the_window_is_up(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["visible"]
    assert report["screen"] == "screen_login", "the window must come up with the real login screen"
    assert report["demo_cards"] > 0, "the demo residents' cards are listed from the start"
    # The window fits the screen (offscreen: 800×600, smaller than the 1024×720 minimum).
    assert report["size"] == [min(report["area"][0], max(1024, round(report["area"][0] * 0.85))),
                              min(report["area"][1], max(720, round(report["area"][1] * 0.85)))]
    loaded = set(report["modules"])
    early = sorted(name for name in HEAVY if name in loaded)
    assert not early, f"imported before the first window (start-up budget): {early}"
    kiosk = sorted(name for name in loaded if name == "ui.kiosk" or name.startswith("ui.kiosk."))
    assert not kiosk, f"kiosk modules loaded without --kiosk: {kiosk}"
    # PySide6 checks each module imported after it for "PySide6" in its source; through
    # inspect.getsource that kept every source file in memory (~10 MiB after a login).
    kept = [path for path in report["sources_kept"] if path.startswith(str(REPO / "ui"))]
    assert not kept, f"source files held in linecache: {kept}"
