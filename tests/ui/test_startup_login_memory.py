"""Memory budget guard (DESIGN.md §9 "resident memory after login", bench/startup.py): after a
demo login the GUI process has not loaded cryptography. The client's login sends the card's
DER certificate and signature bytes as they are, and the in-process demo card runs on its image
(backend_stub.card.image: key numbers and DER files written by the stub's J-LIS at issuance);
cryptography alone is ~9 MiB of the process's resident memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOT_AFTER_LOGIN = (
    "cryptography",
    "backend_stub.jlis",
    "backend_stub.server",
    "fastapi",
    "pydantic",
    "uvicorn",
)

PROBE = """
import json, os, sys
import ui.main as m

async def probe_login(self):
    from ui.selftest import SelfTest
    from ui.selftest_steps.login import _login_with_demo_card

    await _login_with_demo_card(SelfTest(self.ctx, self.window))
    print(json.dumps({"modules": sorted(sys.modules)}), flush=True)
    os._exit(0)

m._Runner._probe_login = probe_login
m.main(["--data-dir", sys.argv[1]])
"""


def test_no_cryptography_in_the_client_after_a_demo_login(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYNADESK_STARTUP_PROBE": "login"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stdout[-3000:]
    loaded = set(json.loads(lines[-1])["modules"])
    assert "backend_stub.card" in loaded, "the demo card ran in this process"
    heavy = sorted(name for name in NOT_AFTER_LOGIN if name in loaded)
    assert not heavy, f"loaded by a demo login (memory budget): {heavy}"
