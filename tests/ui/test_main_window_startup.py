"""The window comes first: the login screen is a light placeholder until the loop turn after
the first paint, then the real screen takes its place (DESIGN.md §9)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from ui import screens
from ui.composition_root import CompositionRoot
from ui.main_window import MainWindow


@pytest.fixture
def fake_login():  # type: ignore[no-untyped-def]
    screens.register_screen("login", lambda ctx: QLabel("カードを置いてください"))
    yield
    screens.unregister_screen("login")


def _deferred_window(make_ctx, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(CompositionRoot(make_ctx()), defer_first_screen=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _texts(widget) -> str:  # type: ignore[no-untyped-def]
    return " ".join(label.text() for label in [widget, *widget.findChildren(QLabel)] if isinstance(label, QLabel))


def test_placeholder_first_then_the_real_login_screen(make_ctx, qtbot, fake_login) -> None:  # type: ignore[no-untyped-def]
    window = _deferred_window(make_ctx, qtbot)
    assert window.current_key == "login"
    assert "準備しています" in _texts(window.stack.currentWidget())

    with qtbot.waitSignal(window.screen_changed) as shown:
        window.build_deferred_screens()

    assert shown.args == ["login"]
    assert not window.has_deferred_screens
    assert window.stack.currentWidget().text() == "カードを置いてください"
    assert window.stack.currentWidget().objectName() == "screen_login"
    assert window.stack.count() == 1  # the placeholder is gone


def test_a_login_screen_that_fails_to_build_is_worded_not_a_crash(make_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    def broken(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("card stack missing")

    screens.register_screen("login", broken)
    try:
        window = _deferred_window(make_ctx, qtbot)
        window.build_deferred_screens()
        assert "開けませんでした" in _texts(window.stack.currentWidget())
        # The rest of the window still works.
        assert window.show_screen("settings").isVisible()
    finally:
        screens.unregister_screen("login")
