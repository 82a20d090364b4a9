"""Start-up budget guard (DESIGN.md §9, bench/startup.py): when the login window is shown,
none of the heavy modules has been imported. A screen that imports an HTTP client, crypto,
asyncio or the card stack at module level breaks the 1.5 × bare-window budget; import them
on first use instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("requests", "httpx", "urllib3", "cryptography", "asyncio", "qasync", "ssl", "smartcard",
         "backend_stub", "fastapi", "uvicorn", "app.portal.client", "app.card.jpki")

PROBE = """
import json, os, sys
import ui.main as m

def probe(self):
    print(json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)

m._Runner.probe_ready = probe
m.main(["--data-dir", sys.argv[1]])
"""


def test_no_heavy_module_before_the_window_is_up(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "ui.main_window" in loaded
    early = sorted(name for name in HEAVY if name in loaded)
    assert not early, f"imported before the first window (start-up budget): {early}"
