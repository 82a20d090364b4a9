"""The 設定 screen: each change applies at once, app-wide, and survives a restart; in a kiosk
what the administrator's policy fixes cannot be changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.config import LaunchOptions
from app.kiosk_policy import parse_policy
from app.settings import Language, Settings, Theme
from ui.screens.settings import SettingsScreen
from ui.settings_store import QSettingsStore


def _open_settings(window: Any) -> SettingsScreen:
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    return screen


def _select(combo: Any, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def _nav_titles(window: Any) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_changes_are_saved_and_survive_a_restart(make_ctx, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.ini"
    window = make_window(make_ctx(store=QSettingsStore(path)))
    screen = _open_settings(window)
    screen.font_scale.setValue(130)
    _select(screen.theme, Theme.DARK.value)
    screen.logout_on_removal.setChecked(False)
    screen.idle_timeout.setValue(25)
    screen.reduced_motion.setChecked(True)
    _select(screen.language, Language.EN.value)

    assert QSettingsStore(path).load() == Settings(
        language=Language.EN, font_scale=1.3, theme=Theme.DARK, logout_on_card_removal=False,
        idle_timeout_minutes=25, reduced_motion=True)
    # A fresh window over the same file shows what was chosen.
    again = _open_settings(make_window(make_ctx(store=QSettingsStore(path))))
    assert again.font_scale.value() == 130
    assert again.theme.currentData() == Theme.DARK.value
    assert not again.logout_on_removal.isChecked()
    assert again.idle_timeout.value() == 25
    assert again.reduced_motion.isChecked()
    assert again.language.currentText() == "English"


def test_font_size_grows_every_label_at_once(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    screen = _open_settings(window)
    body = screen.findChild(QLabel, "settingsNote")
    title = screen.title
    body_before, title_before = body.fontInfo().pointSizeF(), title.fontInfo().pointSizeF()
    nav_before = window.navigation.fontInfo().pointSizeF()

    screen.font_scale.setValue(150)

    assert body.fontInfo().pointSizeF() == pytest.approx(body_before * 1.5, rel=0.05)
    assert title.fontInfo().pointSizeF() == pytest.approx(title_before * 1.5, rel=0.05)  # emphasized: keeps its ratio
    assert window.navigation.fontInfo().pointSizeF() == pytest.approx(nav_before * 1.5, rel=0.05)
    # The longest navigation entry still fits without a horizontal scroll bar.
    assert not window.navigation.horizontalScrollBar().isVisible()
    screen.font_scale.setValue(100)
    assert body.fontInfo().pointSizeF() == pytest.approx(body_before, rel=0.05)


def test_font_size_range_is_100_to_200_percent(make_window) -> None:  # type: ignore[no-untyped-def]
    screen = _open_settings(make_window())
    assert (screen.font_scale.minimum(), screen.font_scale.maximum()) == (100, 200)


def test_language_switch_retranslates_navigation_and_screen_and_back(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    screen = _open_settings(window)
    assert _nav_titles(window)[-1] == "設定"

    _select(screen.language, Language.EN.value)

    qtbot.waitUntil(lambda: _nav_titles(window)[0] == "Log in")  # LanguageChange is posted
    assert _nav_titles(window)[:3] == ["Log in", "Home", "Data exchange history"]
    assert _nav_titles(window)[-1] == "Settings"
    assert screen.title.text() == "Settings"
    assert screen.logout_on_removal.text() == "Log out"
    assert screen.theme.itemText(screen.theme.findData(Theme.DARK.value)) == "Dark"
    assert window.demo_badge.text() == "DEMO"

    _select(screen.language, Language.JA.value)

    qtbot.waitUntil(lambda: _nav_titles(window)[0] == "ログイン")
    assert _nav_titles(window)[:3] == ["ログイン", "ホーム", "やりとり履歴"]
    assert screen.title.text() == "設定"
    assert screen.language.currentText() == "日本語"


def test_dark_theme_darkens_the_window_and_system_restores_it(make_window, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    screen = _open_settings(window)
    light = window.palette().window().color().lightness()

    _select(screen.theme, Theme.DARK.value)
    assert window.palette().window().color().lightness() < 80
    assert window.palette().windowText().color().lightness() > 180

    _select(screen.theme, Theme.SYSTEM.value)
    assert window.palette().window().color().lightness() == light


def test_reduced_motion_switches_animations_off(make_window) -> None:  # type: ignore[no-untyped-def]
    motion = pytest.importorskip("ui.a11y.motion")
    screen = _open_settings(make_window())
    screen.reduced_motion.setChecked(True)
    assert motion.reduced_motion()
    assert motion.duration_ms(250) == 0


def test_every_control_is_named_and_labelled(make_window) -> None:  # type: ignore[no-untyped-def]
    screen = _open_settings(make_window())
    for _setting, control, label, _lock in screen._rows:
        assert control.accessibleName(), control.objectName()
        assert label.buddy() is control
        assert "&" not in control.accessibleName()


def test_kiosk_policy_values_show_locked_and_cannot_change(make_ctx, make_window) -> None:  # type: ignore[no-untyped-def]
    policy = parse_policy({"schema_version": 1, "settings": {"theme": "high_contrast", "idle_timeout_minutes": 2}})
    ctx = make_ctx(LaunchOptions(kiosk=True), policy=policy)
    screen = _open_settings(make_window(ctx))

    assert screen.theme.currentData() == Theme.HIGH_CONTRAST.value
    assert screen.idle_timeout.value() == 2
    for control in (screen.theme, screen.idle_timeout, screen.logout_on_removal):
        assert not control.isEnabled(), control.objectName()
        assert screen.findChild(QLabel, f"{control.objectName()}Lock").isVisible()
        assert "管理者" in control.accessibleDescription()
    # Logout on card removal is always on in a kiosk.
    assert screen.logout_on_removal.isChecked()
    # What the policy leaves open stays open.
    assert screen.font_scale.isEnabled()
    assert screen.language.isEnabled()
    assert not screen.findChild(QLabel, "fontScaleSpinLock").isVisible()
    # Nothing gets round the lock, not even a direct update.
    ctx.update_settings(ctx.settings.with_changes(theme=Theme.DARK, logout_on_card_removal=False,
                                                  idle_timeout_minutes=30))
    assert ctx.settings.theme is Theme.HIGH_CONTRAST
    assert ctx.settings.logout_on_card_removal
    assert ctx.settings.idle_timeout_minutes == 2
    assert "保存しません" in screen.note.text()


def test_kiosk_without_a_policy_file_still_locks_logout_on_removal(make_ctx, make_window) -> None:  # type: ignore[no-untyped-def]
    screen = _open_settings(make_window(make_ctx(LaunchOptions(kiosk=True))))
    assert screen.logout_on_removal.isChecked()
    assert not screen.logout_on_removal.isEnabled()
    assert screen.theme.isEnabled()


def test_at_home_nothing_is_locked(make_window) -> None:  # type: ignore[no-untyped-def]
    screen = _open_settings(make_window())
    assert all(control.isEnabled() for _s, control, _l, _lock in screen._rows)
    assert not any(lock.isVisible() for *_rest, lock in screen._rows)
