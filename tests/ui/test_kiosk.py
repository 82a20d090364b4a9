"""Kiosk mode as a resident and an administrator meet it: the attract screen, the on-screen
keypad, no way out without the admin gesture and code, the idle countdown, and a wipe that
leaves nothing of the resident in memory-held models or on disk after the card is pulled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from app.card.pin import PinKind
from app.kiosk_policy import AdminExit, Corner, Keypad, KioskPolicy, Printing, hash_admin_code
from app.settings import Language, Settings, Theme
from tests.ui.test_login_support import TEST_READER, LoginEnv, aloop, make_env, pin_dialog  # noqa: F401
from ui.card.pin_dialog import PinDialog
from ui.card.pin_keypad import KeypadMode, PinKeypadWidget
from ui.kiosk.controller import KioskController, install_kiosk
from ui.kiosk.screenshot import Protection, platform_support
from ui.kiosk.wipe import residue_in_memory, residue_on_disk
from ui.main_window import MainWindow
from ui.style import stylesheet

ADMIN_CODE = "246810"
POLICY = KioskPolicy(
    settings={"theme": Theme.HIGH_CONTRAST, "idle_timeout_minutes": 2, "logout_on_card_removal": True},
    attract_after_seconds=30,
    keypad=Keypad(enabled=True, shuffle=True),
    admin_exit=AdminExit(code_hash=hash_admin_code(ADMIN_CODE, iterations=100_000), within_seconds=5),
    printing=Printing(allowed=True, printer="Kiosk-Printer-1"),
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(qtbot: Any, make_env: Any,  # noqa: F811
          stub_server: Any) -> Iterator[tuple[LoginEnv, MainWindow, KioskController, FakeClock]]:
    env = make_env(stub_server, kiosk=True, settings=Settings(theme=Theme.DARK, idle_timeout_minutes=30))
    window = MainWindow(env.root)
    window.setStyleSheet(stylesheet())
    qtbot.addWidget(window)
    env.ctl.set_navigator(window.show_screen)
    clock = FakeClock()
    controller = install_kiosk(window, env.root, POLICY, clock=clock)
    window.show()
    qtbot.waitExposed(window)
    yield env, window, controller, clock
    controller.close()


def _needles(env: LoginEnv, resident_id: str) -> list[str]:
    from backend_stub.jlis import JLIS

    assert env.stub is not None
    holder = JLIS(env.stub.data_dir).load_card(resident_id).holder
    name = holder.name
    return [name, name.replace(" ", ""), name.replace(" ", "\u3000"), holder.address, holder.my_number,
            holder.birth_date.isoformat()]


def _type_on_keypad(qtbot: Any, pad: Any, text: str) -> None:
    keys = pad.findChildren(QPushButton)
    for symbol in text:
        key = next(b for b in keys if b.text() == symbol)
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)


def test_attract_screen_invites_the_card_and_locked_settings_apply(kiosk: Any) -> None:
    env, window, controller, _clock = kiosk
    assert controller.attract.isVisible()
    assert "マイナンバーカードを読み取り機に置いてください" in controller.attract.invite.text()
    assert env.ctx.settings.theme is Theme.HIGH_CONTRAST  # the policy's, not the resident's dark
    assert env.ctx.settings.idle_timeout_minutes == 2
    env.ctx.update_settings(env.ctx.settings.with_changes(idle_timeout_minutes=60))
    assert env.ctx.settings.idle_timeout_minutes == 2  # locked
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert controller.attract.start_button.height() >= POLICY.min_touch_target_px
    assert controller.attract.start_button.width() >= POLICY.min_touch_target_px * 4


def test_english_from_the_attract_screen_and_back_to_japanese_after_logout(kiosk: Any, qapp: QApplication,
                                                                            qtbot: Any) -> None:
    _env, _window, controller, _clock = kiosk
    qtbot.mouseClick(controller.attract.en_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: controller.attract.start_button.text() == "Start")
    finally:
        from ui.i18n import install_translators

        install_translators(qapp, Language.JA)


def test_window_cannot_be_closed_by_the_resident(kiosk: Any, qtbot: Any) -> None:
    _env, window, _controller, _clock = kiosk
    window.close()
    assert window.isVisible()


def test_admin_corner_gesture_and_code_leave_the_kiosk(kiosk: Any, qtbot: Any) -> None:
    _env, window, controller, clock = kiosk
    w, h = window.width(), window.height()
    points = {Corner.TOP_LEFT: QPoint(5, 5), Corner.TOP_RIGHT: QPoint(w - 5, 5),
              Corner.BOTTOM_RIGHT: QPoint(w - 5, h - 5), Corner.BOTTOM_LEFT: QPoint(5, h - 5)}
    # Wrong order, then too slow: nothing happens.
    for corner in (Corner.TOP_LEFT, Corner.BOTTOM_RIGHT, Corner.TOP_RIGHT, Corner.BOTTOM_LEFT):
        controller.gesture.press_at(window.mapToGlobal(points[corner]))
    for corner in POLICY.admin_exit.corners:
        clock.now += 2.0
        controller.gesture.press_at(window.mapToGlobal(points[corner]))
    assert window.findChild(QPushButton, "kioskAdminOk") is None
    for corner in POLICY.admin_exit.corners:
        clock.now += 0.5
        controller.gesture.press_at(window.mapToGlobal(points[corner]))
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "kioskAdminCode") is not None)
    dialog = window.findChild(QLineEdit, "kioskAdminCode").window()
    dialog.edit.setText("000000")
    dialog.ok_button.click()
    assert dialog.error.isVisible()
    assert dialog.edit.text() == ""
    with qtbot.waitSignal(controller.exit_confirmed):
        _type_on_keypad(qtbot, dialog.keypad, ADMIN_CODE)
        dialog.ok_button.click()
    window.close()
    assert not window.isVisible()


def test_admin_gesture_by_real_clicks_in_the_corners(kiosk: Any, qtbot: Any) -> None:
    """Each click reaches the application filter several times (window, then the widgets it
    propagates to); the gesture still counts it once."""
    _env, window, _controller, clock = kiosk
    w, h = window.width(), window.height()
    points = {Corner.TOP_LEFT: QPoint(5, 5), Corner.TOP_RIGHT: QPoint(w - 5, 5),
              Corner.BOTTOM_RIGHT: QPoint(w - 5, h - 5), Corner.BOTTOM_LEFT: QPoint(5, h - 5)}
    for corner in POLICY.admin_exit.corners:
        clock.now += 0.5
        target = window.childAt(points[corner]) or window  # what is there (the attract screen)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, points[corner]))
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "kioskAdminCode") is not None)
    window.findChild(QLineEdit, "kioskAdminCode").window().reject()


def test_keypad_digits_shuffled_large_and_keyboard_usable(qtbot: Any) -> None:
    edit = QLineEdit()
    edit.setMaxLength(4)
    qtbot.addWidget(edit)
    orders = set()
    pad = PinKeypadWidget(edit, KeypadMode.DIGITS, shuffle=True, min_target_px=64)
    qtbot.addWidget(pad)
    for _ in range(6):
        pad.reshuffle()
        orders.add(tuple(b.text() for b in pad.keys))
    assert len(orders) > 1
    assert sorted(b.text() for b in pad.keys) == list("0123456789")
    pad.show()
    qtbot.waitExposed(pad)
    assert all(b.width() >= 64 and b.height() >= 64 for b in pad.keys)
    assert all(b.accessibleName() for b in [*pad.keys, pad.backspace, pad.clear_button])
    _type_on_keypad(qtbot, pad, "12345")
    assert edit.text() == "1234"  # max length respected
    qtbot.mouseClick(pad.backspace, Qt.MouseButton.LeftButton)
    assert edit.text() == "123"
    pad.keys[0].setFocus()
    qtbot.keyClick(pad.keys[0], Qt.Key.Key_Right)
    assert pad.focusWidget() is pad.keys[1]
    qtbot.keyClick(pad.keys[1], Qt.Key.Key_Space)
    assert edit.text() == "123" + pad.keys[1].text()
    qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert edit.text() == ""


def test_signing_keypad_has_letters_and_digits(qtbot: Any) -> None:
    edit = QLineEdit()
    edit.setMaxLength(16)
    qtbot.addWidget(edit)
    pad = PinKeypadWidget(edit, KeypadMode.ALPHANUMERIC)
    qtbot.addWidget(pad)
    assert "".join(sorted(b.text() for b in pad.keys)) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    _type_on_keypad(qtbot, pad, "ABC123")
    qtbot.keyClicks(pad.keys[0], "x9")
    assert edit.text() == "ABC123X9"


@pytest.mark.parametrize(("kind", "pin"), [(PinKind.AUTH, "1234"), (PinKind.SIGN, "AB12CD")])
def test_a_kiosk_pin_dialog_has_one_keypad_with_the_policys_touch_size_and_shuffle(
        kiosk: Any, qtbot: Any, kind: PinKind, pin: str) -> None:
    _env, window, _controller, _clock = kiosk
    # A caller that asks for a keypad of its own gets the kiosk's: one keypad, the policy's.
    dialog = PinDialog(kind, 3, window, keypad=True)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    qtbot.waitExposed(dialog)
    pads = [p for p in dialog.findChildren(PinKeypadWidget) if p.isVisible()]
    assert pads == [dialog.keypad]
    pad = pads[0]
    assert pad.shuffle is POLICY.keypad.shuffle
    px = POLICY.min_touch_target_px
    assert all(b.width() >= px and b.height() >= px for b in [*pad.keys, pad.backspace, pad.clear_button])
    _type_on_keypad(qtbot, pad, pin)
    assert dialog.edit.text() == pin
    dialog.ok_button.click()
    assert dialog.pin_value() == pin


def test_idle_before_login_returns_to_the_attract_screen(kiosk: Any, qtbot: Any) -> None:
    _env, window, controller, clock = kiosk
    qtbot.mouseClick(controller.attract.start_button, Qt.MouseButton.LeftButton)
    assert not controller.attract.isVisible()
    clock.now += POLICY.attract_after_seconds - 1
    controller.tick()
    assert not controller.attract.isVisible()
    clock.now += 2
    with qtbot.waitSignal(controller.attract_shown):
        controller.tick()
    assert controller.attract.isVisible()
    assert window.current_key == "login"


def test_countdown_is_visible_and_continue_keeps_the_session(kiosk: Any, qtbot: Any) -> None:
    env, _window, controller, _clock = kiosk
    env.ctl.session_warning.emit(42)
    assert controller.countdown.isVisible()
    assert controller.countdown.number.text() == "42"
    assert "ログアウト" in controller.countdown.message.text()
    env.ctl.session_warning.emit(41)
    assert controller.countdown.number.text() == "41"
    qtbot.mouseClick(controller.countdown.continue_button, Qt.MouseButton.LeftButton)
    assert not controller.countdown.isVisible()


def test_pulling_the_card_wipes_the_resident_from_memory_and_disk(kiosk: Any, qtbot: Any) -> None:
    env, window, controller, _clock = kiosk
    card = env.card("r01")
    needles = _needles(env, "r01")
    cleared: list[str] = []

    class ScreenCache:
        def __init__(self) -> None:
            self.rows = [needles[0]]

        def clear_personal_data(self) -> None:
            self.rows.clear()
            cleared.append("cache")

    cache = ScreenCache()
    env.root.wipe.register(cache)
    slot = env.reader()
    slot.insert(card)
    qtbot.waitUntil(lambda: not controller.attract.isVisible(), timeout=10_000)
    login = window.screen_for("login")
    qtbot.waitUntil(lambda: login.state == "ready", timeout=10_000)
    login.login_button.click()
    dialog = pin_dialog(qtbot, window)
    pad = dialog.findChild(QWidget, "pinKeypad")  # the login screen's own, else the kiosk's
    assert pad is not None, "kiosk PIN entry has an on-screen keypad"
    assert pad.isVisible()
    assert controller.capture_protection is platform_support()[0]
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15_000):
        _type_on_keypad(qtbot, pad, card.pin("auth"))
        dialog.ok_button.click()
    for key in ("home", "history", "self_info", "notices", "services", "card"):
        window.show_screen(key)
    qtbot.waitUntil(lambda: bool(residue_in_memory(needles)), timeout=10_000)  # the resident is on screen
    with qtbot.waitSignal(controller.wipe.wiped, timeout=10_000) as wiped:
        slot.remove()
    assert wiped.args == ["card_removed"]
    assert cleared == ["cache"]
    assert cache.rows == []
    assert controller.attract.isVisible()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert residue_in_memory(needles) == []
    assert residue_on_disk(env.ctx.data_dir, needles) == []
    assert QApplication.clipboard().text() == ""


@pytest.mark.parametrize(("platform", "qpa", "expected"), [
    ("win32", "windows", Protection.EXCLUDED),
    ("darwin", "cocoa", Protection.EXCLUDED),
    ("linux", "xcb", Protection.UNSUPPORTED),
    ("linux", "wayland", Protection.UNSUPPORTED),
    ("linux", "offscreen", Protection.UNSUPPORTED),
])
def test_capture_protection_is_stated_per_platform(platform: str, qpa: str, expected: Protection) -> None:
    status, how = platform_support(platform, qpa)
    assert status is expected
    assert how
