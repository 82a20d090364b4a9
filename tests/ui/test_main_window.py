"""The main window: navigation entries, keyboard-only use, the デモ marker, backend state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
)

from app.config import BackendConfig, LaunchOptions
from app.settings import Language
from ui import screens
from ui.app_context import BackendState
from ui.i18n import install_translators
from ui.screens import NAV_ENTRIES

from .conftest import fake_stub

EXPECTED_TITLES = ["ログイン", "ホーム", "やりとり履歴", "わたしの情報", "お知らせ",
                   "サービス検索・申請", "カードと証明書", "わたしの代理人", "設定"]


def _titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count())]


def test_window_opens_on_login_with_all_nine_entries(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.isVisible()
    assert _titles(window) == EXPECTED_TITLES
    assert window.current_key == "login"
    assert window.stack.currentWidget().objectName() == "screen_login"


def test_keyboard_alone_reaches_every_screen(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.navigation.hasFocus())
    seen = [window.current_key]
    for _ in NAV_ENTRIES[1:]:
        qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
        seen.append(window.current_key)
        assert window.stack.currentWidget().objectName() == f"screen_{window.current_key}"
        assert window.stack.currentWidget().isVisible()
    assert seen == [nav.key for nav in NAV_ENTRIES]
    qtbot.keyClick(window.navigation, Qt.Key.Key_Home)
    assert window.current_key == "login"


@pytest.mark.parametrize(("digit", "key"), [(i + 1, nav.key) for i, nav in enumerate(NAV_ENTRIES)])
def test_ctrl_digit_opens_the_entry(make_window, qtbot, digit: int, key: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.screen_changed, timeout=1000, raising=False) as blocker:
        qtbot.keyClick(window.navigation, getattr(Qt.Key, f"Key_{digit}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == key
    assert window.stack.currentWidget().objectName() == f"screen_{key}"
    if key != "login":
        assert blocker.signal_triggered


def _user_facing_controls(window) -> list:  # type: ignore[no-untyped-def]
    """Visible widgets a user can focus and operate, without Qt's own internal children."""
    candidates = [*window.findChildren(QAbstractButton), *window.findChildren(QAbstractItemView),
                  *window.findChildren(QLineEdit), *window.findChildren(QComboBox)]

    def internal(widget) -> bool:  # type: ignore[no-untyped-def]
        parent = widget
        while parent is not None and parent is not window:
            if parent.objectName().startswith("qt_") or isinstance(parent.parentWidget(), QComboBox | QLineEdit):
                return True
            parent = parent.parentWidget()
        return False

    return [w for w in candidates if w.isVisibleTo(window) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not internal(w)]


def test_every_interactive_widget_has_an_accessible_name(make_window, make_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(stub=fake_stub("fail"))
    window = make_window(ctx)
    ctx.start_backend()
    qtbot.waitUntil(lambda: window.retry_button.isVisible(), timeout=10_000)
    unnamed: list[str] = []
    checked = 0
    for nav in NAV_ENTRIES:
        window.show_screen(nav.key)
        controls = _user_facing_controls(window)
        checked += len(controls)
        unnamed += [f"{nav.key}:{w.objectName() or type(w).__name__}" for w in controls if not w.accessibleName()]
    assert checked >= 2  # at least the navigation and the retry button
    assert not unnamed


def test_demo_marker_in_demo_mode(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.demo_badge.isVisible()
    assert window.demo_badge.text() == "デモ"
    assert "デモ" in window.windowTitle()


def test_no_demo_marker_with_backend(make_window, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(LaunchOptions(backend=BackendConfig(url="https://portal.example:8443")))
    window = make_window(ctx)
    assert not window.demo_badge.isVisible()
    assert "デモ" not in window.windowTitle()
    assert ctx.embedded is None


def test_window_is_up_while_the_backend_is_still_starting(make_window, make_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(stub=fake_stub("hang"))
    window = make_window(ctx)
    ctx.start_backend()
    qtbot.waitUntil(lambda: ctx.embedded is not None and ctx.embedded.running)
    assert window.isVisible()
    assert ctx.backend_state is BackendState.STARTING
    assert window.backend_status.text() == "サーバー: 起動中…"
    assert not window.banner.isVisible()


def test_stub_failure_shows_a_message_and_retry_by_keyboard(make_window, make_ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counter = tmp_path / "starts"
    ctx = make_ctx(stub=fake_stub("fail", counter))
    window = make_window(ctx)
    ctx.start_backend()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert window.backend_status.text() == "サーバー: エラー"
    assert window.banner_text.text() == "デモ用サーバーを起動できませんでした。"
    assert "address already in use" in window.banner_text.toolTip()
    window.retry_button.setFocus()
    with qtbot.waitSignal(ctx.backend_state_changed, timeout=2000):
        qtbot.keyClick(window.retry_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.banner.isVisible() and counter.read_text().count("start") == 2, timeout=10_000)


def test_missing_stub_is_named(make_window, make_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(stub=fake_stub("missing"))
    window = make_window(ctx)
    ctx.start_backend()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "見つかりません" in window.banner_text.text()


def test_unreachable_backend_is_an_error_not_a_hang(make_window, make_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(stub=fake_stub("ready"))
    window = make_window(ctx)
    ctx.start_backend()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15_000)
    assert ctx.backend_state is BackendState.ERROR
    assert ctx.backend_url is None


def test_english_ui(make_window, qapp) -> None:  # type: ignore[no-untyped-def]
    assert install_translators(qapp, Language.EN)
    window = make_window()
    assert _titles(window)[:3] == ["Log in", "Home", "Data exchange history"]
    assert window.demo_badge.text() == "DEMO"


def test_language_switch_retranslates_the_open_window(make_window, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert install_translators(qapp, Language.EN)
    qtbot.waitUntil(lambda: _titles(window)[0] == "Log in")
    assert window.backend_status.text() == "Server: starting…"
    install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: _titles(window)[0] == "ログイン")


def test_a_new_screen_is_one_registration(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel as Label

    screens.register_screen("home", lambda ctx: Label("ようこそ"))
    try:
        window = make_window()
        widget = window.show_screen("home")
        assert isinstance(widget, Label)
        assert widget.text() == "ようこそ"
        assert widget.objectName() == "screen_home"
    finally:
        screens.unregister_screen("home")


class _FakeClient:
    """Enough of PortalClient for a session adopted without a backend."""

    def set_token(self, _token: str) -> None: ...
    def drop_token(self, _token: str) -> None: ...
    def close(self) -> None: ...


def _log_in(window, name: str = "山田 花子") -> None:  # type: ignore[no-untyped-def]
    from app.portal.models import ResidentSummary
    from app.session import Session

    ctl = window.session
    ctl.set_navigator(lambda _key: None)
    session = Session("t" * 43, expires_in=3600, idle_timeout=900,
                      resident=ResidentSummary(name, "112305", "新座市"))
    ctl.for_tests_login_with_token(_FakeClient(), session)  # type: ignore[arg-type]


def test_header_logout_button_while_logged_in_by_keyboard(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert not window.header_logout.isVisible()
    assert not window.resident_label.isVisible()
    _log_in(window)
    assert window.header_logout.isVisible()
    assert window.resident_label.text() == "山田 花子 さん"
    assert window.header_logout.text() == "ログアウト"
    assert "山田 花子" in window.header_logout.accessibleName()
    # Reachable with Tab from the navigation (the focus chain wraps through the header).
    window.activateWindow()
    window.navigation.setFocus()
    qtbot.waitUntil(lambda: window.navigation.hasFocus())
    for _ in range(60):
        if QApplication.focusWidget() is window.header_logout:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.header_logout
    with qtbot.waitSignal(window.session.logged_out) as ended:
        qtbot.keyClick(window.header_logout, Qt.Key.Key_Space)
    assert ended.args == ["logout"]
    assert not window.session.is_logged_in
    assert not window.header_logout.isVisible()
    assert window.resident_label.text() == ""
    assert "山田" not in window.resident_label.accessibleName() + window.header_logout.accessibleName()


def test_shutdown_hooks_run_once_in_order_before_the_workers_stop(make_ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.composition_root import CompositionRoot

    ctx = make_ctx()
    root = CompositionRoot(ctx, monitor=False)  # owns the card worker
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    ctx.add_shutdown_hook(lambda: calls.append(f"first, worker open: {not root.card_worker.closed}"))
    ctx.add_shutdown_hook(broken)
    ctx.add_shutdown_hook(lambda: calls.append("last"))
    ctx.shutdown()
    ctx.shutdown()
    assert calls == ["first, worker open: True", "broken", "last"]
    assert root.card_worker.closed  # a card job after quit is refused, not queued


def test_each_catalog_is_installed_once_and_portal_screens_follow(make_window, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTranslator

    from ui.i18n import installed_catalogs

    window = make_window()
    home = window.show_screen("home")  # a portal screen (it used to install its own catalog)
    install_translators(qapp, Language.EN)
    catalogs = [c for c in installed_catalogs() if c.endswith(".qm") and not c.startswith("qtbase")]
    assert "portal_en.qm" in catalogs
    assert "mynadesk_en.qm" in catalogs
    assert len(catalogs) == len(set(catalogs))
    live = [Path(t.filePath()).name for t in qapp.findChildren(QTranslator)]
    assert live.count("portal_en.qm") == 1, live
    qtbot.waitUntil(lambda: home.notices_button.text() == "Open notices", timeout=2000)
    install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: home.notices_button.text() == "お知らせを開く", timeout=2000)
    assert [Path(t.filePath()).name for t in qapp.findChildren(QTranslator)].count("portal_en.qm") == 0


@pytest.mark.parametrize(("area", "expected"), [
    ((0, 0, 2560, 1440), (192, 108, 2176, 1224)),  # large screen: 85 %, centred
    ((1920, 0, 1920, 1050), (2064, 79, 1632, 892)),  # second screen, below a panel: its own area
    ((0, 0, 1280, 760), (96, 20, 1088, 720)),  # laptop: at least 720 high
    ((0, 0, 1024, 600), (0, 0, 1024, 600)),  # small screen: all of it, never more
])
def test_window_opens_at_most_of_the_screen_centred(make_window, area, expected) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect

    window = make_window(show=False)
    window.fit_to_screen(QRect(*area))
    assert (window.x(), window.y(), window.width(), window.height()) == expected
