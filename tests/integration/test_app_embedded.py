"""The app on its embedded default against the real stub server, and against --backend."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.config import BackendConfig, LaunchOptions
from app.settings import MemorySettingsStore
from ui.app_context import AppContext, BackendError, BackendState
from ui.composition_root import CompositionRoot
from ui.main_window import MainWindow

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_self_test_passes_and_leaves_no_server(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "ui.main", "--self-test", "--data-dir", str(tmp_path)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = re.findall(r"^STEP (.+?) \.\.\. (ok|FAILED.*)", result.stdout, re.M)
    assert [name for name, _ in steps][:4] == ["backend ready", "health over HTTPS", "main window shown",
                                               "every screen opens"]
    # Every capability the README says the self-test covers, each named in its output.
    names = [name for name, _ in steps]
    for capability in ("log in with a demo card", "history: first page", "notices: list", "わたしの情報: one category",
                       "services: open the child allowance form", "delivery: link a private delivery service",
                       "payment: pay a charge by card", "application: prefill, sign with the card, submit, status"):
        assert any(name.startswith(capability) for name in names), (capability, names)
    assert all(outcome.startswith("ok") for _, outcome in steps), result.stdout
    assert result.stdout.rstrip().endswith("SELF-TEST PASSED")
    pid = int(re.search(r"pid (\d+)", result.stdout).group(1))  # type: ignore[union-attr]
    assert not _alive(pid)
    log = (tmp_path / "logs" / "mynadesk.log").read_text(encoding="utf-8")
    assert "backend connected" in log
    assert not re.search(r"(?<![0-9])[0-9]{12}(?![0-9])", log)  # no My Number-like value


def test_self_test_names_the_failed_step(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--self-test", "--data-dir", str(tmp_path),
         "--backend", "https://127.0.0.1:9"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1
    assert "STEP backend ready ... FAILED: unreachable" in result.stdout
    assert "self-test failed at step: backend ready" in result.stderr


def test_embedded_stub_starts_with_the_app_and_stops_on_quit(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(LaunchOptions(), tmp_path, MemorySettingsStore())
    window = MainWindow(CompositionRoot(ctx))
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(ctx.backend_ready, timeout=90_000):
            ctx.start_backend()
        assert ctx.embedded is not None
        pid = ctx.embedded.pid
        assert pid is not None
        assert _alive(pid)
        assert ctx.backend_url is not None
        assert ctx.backend_url.startswith("https://127.0.0.1:")
        assert ctx.ca_file is not None
        assert ctx.ca_file.is_file()
        assert window.backend_status.text() == "サーバー: 接続済み"
        assert not window.banner.isVisible()
    finally:
        ctx.shutdown()
    assert not _alive(pid)


def test_separate_backend_with_its_ca(qtbot, tmp_path: Path, stub_server) -> None:  # type: ignore[no-untyped-def]
    options = LaunchOptions(backend=BackendConfig(url=stub_server.url, ca_file=stub_server.ca_file))
    ctx = AppContext(options, tmp_path, MemorySettingsStore())
    window = MainWindow(CompositionRoot(ctx))
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(ctx.backend_ready, timeout=30_000):
            ctx.start_backend()
        assert not window.demo_badge.isVisible()
        assert ctx.backend_state is BackendState.CONNECTED
    finally:
        ctx.shutdown()


def test_separate_backend_without_its_ca_is_a_clear_tls_error(qtbot, tmp_path: Path, stub_server) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(LaunchOptions(backend=BackendConfig(url=stub_server.url)), tmp_path, MemorySettingsStore())
    window = MainWindow(CompositionRoot(ctx))
    qtbot.addWidget(window)
    window.show()
    try:
        ctx.start_backend()
        qtbot.waitUntil(lambda: ctx.backend_state is BackendState.ERROR, timeout=30_000)
        assert ctx.backend_error is BackendError.TLS
        assert window.banner.isVisible()
        assert "--ca-file" in window.banner.findChild(QLabel, "backendBannerText").text()
    finally:
        ctx.shutdown()


def test_the_embedded_demo_backend_is_the_users_alone(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_stub_private_files import assert_private

    # A demo folder left by an older version: folders 0755, files 0644.
    older = tmp_path / "demo-backend" / "cards" / "r03"
    older.mkdir(parents=True)
    (older / "pins.json").write_text("{}")
    for path in (tmp_path / "demo-backend", older.parent, older):
        os.chmod(path, 0o755)
    os.chmod(older / "pins.json", 0o644)
    ctx = AppContext(LaunchOptions(), tmp_path, MemorySettingsStore())
    try:
        with qtbot.waitSignal(ctx.backend_ready, timeout=90_000):
            ctx.start_backend()
        assert_private(tmp_path / "demo-backend")
    finally:
        ctx.shutdown()


def test_self_test_against_a_configured_backend_files_and_pays_nothing(tmp_path: Path, stub_server) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--self-test", "--data-dir", str(tmp_path),
         "--backend", stub_server.url, "--ca-file", str(stub_server.ca_file)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    steps = dict(re.findall(r"^STEP (.+?) \.\.\. (ok.*|FAILED.*)", result.stdout, re.M))
    apply = next(v for k, v in steps.items() if k.startswith("application:"))
    pay = next(v for k, v in steps.items() if k.startswith("payment:"))
    assert apply == "ok (skipped: files a real application; runs on the embedded stub only)"
    assert pay == "ok (skipped: pays for real; runs on the embedded stub only)"
