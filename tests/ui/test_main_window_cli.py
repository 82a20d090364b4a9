"""Command-line options of the GUI entry point that support staff rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import app_version, parse_args
from app.settings import Language

REPO = Path(__file__).resolve().parents[2]


def test_version_prints_the_release_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"mynadesk {app_version()}"
    assert app_version()[0].isdigit()


def test_lang_is_checked_and_parsed() -> None:
    assert parse_args(["--lang", "en"]).language is Language.EN
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])


def test_lang_en_wins_for_the_run_without_being_saved(make_ctx) -> None:  # type: ignore[no-untyped-def]
    from app.config import LaunchOptions
    from app.settings import MemorySettingsStore

    store = MemorySettingsStore()
    ctx = make_ctx(LaunchOptions(language=Language.EN), store=store)
    assert ctx.settings.language is Language.EN
    assert store.load().language is Language.JA


def test_kiosk_refuses_a_broken_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"schema_version": 1, "settings": {"themes": "dark"}}', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYNADESK_KIOSK_POLICY": str(policy)}
    result = subprocess.run([sys.executable, "-m", "ui.main", "--kiosk", "--data-dir", str(tmp_path)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "settings.themes" in result.stderr


KIOSK_PROBE = """
import json, sys
import ui.main as m
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget

def probe(self):
    try:
        report(self.window, self)
    finally:
        self.request_quit(0)

def report(window, runner):
    attract = window.findChild(QWidget, "kioskAttract")
    closing = QCloseEvent()
    QApplication.sendEvent(window, closing)
    window.close()
    print(json.dumps({
        "full_screen": window.isFullScreen(),
        "window": window.geometry().getRect(),
        "screen": QApplication.primaryScreen().geometry().getRect(),
        "attract_visible": bool(attract and attract.isVisible()),
        "attract": attract.geometry().getRect() if attract else None,
        "invite": attract.invite.text() if attract else "",
        "visible_after_close": window.isVisible(),
        "close_accepted": closing.isAccepted(),
        "quitting": runner.quitting,
    }), flush=True)

m._Runner.after_first_paint = probe
sys.exit(m.main(["--kiosk", "--data-dir", sys.argv[1]]))
"""


def test_kiosk_opens_full_screen_on_the_attract_screen_and_refuses_to_close(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"schema_version": 1, "attract_after_seconds": 60}', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYNADESK_KIOSK_POLICY": str(policy)}
    result = subprocess.run([sys.executable, "-c", KIOSK_PROBE, str(tmp_path)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["full_screen"]
    assert report["window"] == report["screen"]
    assert report["attract_visible"]
    assert report["attract"] == [0, 0, report["window"][2], report["window"][3]]
    assert report["invite"] == "マイナンバーカードを読み取り機に置いてください"
    assert report["visible_after_close"], "a resident must not be able to close the kiosk"
    assert not report["close_accepted"]
    assert not report["quitting"]
    assert not (tmp_path / "settings.ini").exists(), "a kiosk writes no settings to disk"
