"""Where the app's files go: --data-dir holds everything; without it settings, logs and data
each go to the desktop's folder for them, and an old settings.ini in the data folder moves once."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import app_paths, move_legacy_settings


def test_data_dir_option_holds_everything(tmp_path: Path) -> None:
    paths = app_paths(tmp_path)
    assert paths.data_dir == tmp_path
    assert paths.settings_file == tmp_path / "settings.ini"
    assert paths.log_dir == tmp_path / "logs"


def test_without_it_each_kind_goes_to_its_xdg_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    paths = app_paths(None)
    assert paths.settings_file == tmp_path / "config" / "mynadesk" / "settings.ini"
    assert paths.data_dir == tmp_path / "data" / "mynadesk"
    assert paths.log_dir == tmp_path / "state" / "mynadesk" / "log"


def _xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CONFIG", "DATA", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))


def test_an_old_settings_file_moves_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _xdg(monkeypatch, tmp_path)
    paths = app_paths(None)
    paths.data_dir.mkdir(parents=True)
    (paths.data_dir / "settings.ini").write_text("[General]\nlanguage=en\n")
    assert move_legacy_settings(paths)
    assert paths.settings_file.read_text() == "[General]\nlanguage=en\n"
    assert not (paths.data_dir / "settings.ini").exists()
    assert not move_legacy_settings(paths)  # nothing left to move


def test_a_newer_settings_file_is_never_overwritten(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _xdg(monkeypatch, tmp_path)
    paths = app_paths(None)
    paths.data_dir.mkdir(parents=True)
    paths.settings_file.parent.mkdir(parents=True)
    (paths.data_dir / "settings.ini").write_text("old")
    paths.settings_file.write_text("new")
    assert not move_legacy_settings(paths)
    assert paths.settings_file.read_text() == "new"


def test_with_data_dir_nothing_moves(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text("kept")
    assert not move_legacy_settings(app_paths(tmp_path))
    assert (tmp_path / "settings.ini").read_text() == "kept"
