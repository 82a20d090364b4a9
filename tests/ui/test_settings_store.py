"""Settings persist through QSettings, survive restarts and upgrade from older schemas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.settings import SCHEMA_VERSION, Language, Settings, Theme
from ui.settings_store import GROUP, QSettingsStore


def test_fresh_store_gives_defaults(tmp_path: Path) -> None:
    assert QSettingsStore(tmp_path / "settings.ini").load() == Settings()


def test_round_trip_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    changed = Settings(language=Language.EN, font_scale=1.25, theme=Theme.DARK,
                       logout_on_card_removal=False, idle_timeout_minutes=7, reduced_motion=True,
                       last_reader="Virtual PCD 00 00")
    QSettingsStore(path).save(changed)
    assert QSettingsStore(path).load() == changed
    assert "Virtual PCD" in path.read_text(encoding="utf-8")


def test_old_schema_is_upgraded_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.beginGroup(GROUP)
    old.setValue("schema_version", "1")
    old.setValue("dark_mode", "true")
    old.endGroup()
    old.sync()
    del old
    store = QSettingsStore(path)
    settings = store.load()
    assert settings.theme is Theme.DARK
    store.save(settings)
    text = path.read_text(encoding="utf-8")
    assert "dark_mode" not in text
    assert f"schema_version={SCHEMA_VERSION}" in text
