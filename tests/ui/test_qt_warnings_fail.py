"""Qt's warnings fail a test (STYLE.md 16): pytest-qt's qt_log_level_fail in pyproject.toml,
with an allow-list (qt_log_ignore) for what the offscreen platform always says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_qt_warning_fails_the_test_and_only_the_offscreen_notices_are_let_through(tmp_path: Path) -> None:
    (tmp_path / "test_warns.py").write_text(
        "from PySide6.QtCore import qWarning\n\n\n"
        "def test_qt_warns(qtbot):\n"
        "    qWarning('QObject::connect: No such signal QObject::nothing()')\n\n\n"
        "def test_offscreen_says_it_cannot(qtbot):\n"
        "    qWarning('This plugin does not support propagateSizeHints()')\n"
        "    qWarning('This plugin does not support raise()')\n",
        encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(REPO / "pyproject.toml"),
         "--rootdir", str(tmp_path), str(tmp_path / "test_warns.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "1 failed, 1 passed" in result.stdout, result.stdout[-3000:]
    assert "FAILED test_warns.py::test_qt_warns" in result.stdout
