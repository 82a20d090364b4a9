"""Command-line options of the GUI entry point that support staff rely on."""

from __future__ import annotations

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
