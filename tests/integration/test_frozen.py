"""The frozen build (build.spec): PyInstaller builds it into a temporary folder, then the frozen
app runs its self-test offscreen (embedded stub included), prints its version, prints a page
to PDF through the bundled QtPrintSupport, and uses pyscard from the bundle to list the PC/SC
readers.

Measured on the 2-core CI machine: about 1.5 min to build, 11 s for the self-test, so it runs in
every CI run (marked slow). ``MYNADESK_FROZEN_TEST=0`` skips it for a quick local run.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.version import __version__

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("MYNADESK_FROZEN_TEST") == "0":
        pytest.skip("MYNADESK_FROZEN_TEST=0")
    base = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(base / "dist"), "--workpath", str(base / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    app = base / "dist" / "mynadesk" / "mynadesk"
    assert app.is_file()
    size_mib = sum(p.stat().st_size for p in app.parent.rglob("*") if p.is_file()) / 2**20
    print(f"frozen build: {size_mib:.0f} MiB")
    return app


def clean_env(home: Path) -> dict[str, str]:
    """Nothing from the source tree or the venv: the bundle must be self-sufficient."""
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}


def test_the_frozen_app_passes_its_self_test(frozen_app: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(frozen_app), "--self-test", "--data-dir", str(tmp_path / "data")],
        env=clean_env(tmp_path), capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "SELF-TEST PASSED" in result.stdout


def test_the_frozen_app_reports_its_version(frozen_app: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(frozen_app), "--version"], env=clean_env(tmp_path), capture_output=True,
                            text=True, timeout=RUN_TIMEOUT_S, check=False)
    assert result.stdout.strip() == f"mynadesk {__version__}"


def test_the_frozen_app_prints_a_page_to_pdf(frozen_app: Path, tmp_path: Path) -> None:
    target = tmp_path / "page.pdf"
    result = subprocess.run([str(frozen_app), "-m", "ui.output_gate", "print-test-page", str(target)],
                            env=clean_env(tmp_path), capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert target.read_bytes().startswith(b"%PDF")
    assert b"/Type /Page" in target.read_bytes() or b"/Type/Page" in target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_frozen_app_reaches_pcsc_through_pyscard(frozen_app: Path, tmp_path: Path, pcscd: None) -> None:
    result = subprocess.run([str(frozen_app), "-m", "app.cli.card", "readers", "--json"], env=clean_env(tmp_path),
                            capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)
