"""Point 16, in a kiosk: a dialog the resident opens has no minimise, maximise or close button
in its frame (a minimised dialog would vanish behind the full-screen window, leaving a modal
nobody can reach); it closes with its own buttons or Esc. A resident who walks away sees one
countdown, the kiosk's, not a second one that says something else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ui.portal.delivery import DeliveryDialog

FRAME_BUTTONS = (Qt.WindowType.WindowMinimizeButtonHint, Qt.WindowType.WindowMaximizeButtonHint,
                 Qt.WindowType.WindowCloseButtonHint)


def test_kiosk_dialogs_have_no_frame_buttons(kiosk):
    kiosk.start_kiosk_session()
    kiosk.login_as("r05")
    notices = kiosk.open_screen("notices")
    kiosk.click(notices.delivery_button)
    dialog = kiosk.wait_dialog(DeliveryDialog)
    flags = dialog.windowFlags()
    present = [hint.name for hint in FRAME_BUTTONS if flags & hint]
    assert flags & Qt.WindowType.CustomizeWindowHint, "the frame's buttons are the platform's default"
    assert not present, present
    kiosk.press("Escape")  # the dialog still closes, as every dialog does
    kiosk.wait_no_dialog()


def test_kiosk_shows_one_countdown_when_the_resident_walks_away(kiosk):
    from ui.widgets.session_warning import SessionWarningDialog

    kiosk.start_kiosk_session()
    kiosk.login_as("r01")
    # The resident walks away: all but 30 s of the automatic logout time pass without input.
    kiosk.session._last_activity -= kiosk.ctx.settings.idle_timeout_minutes * 60 - 30
    kiosk.session.tick()  # the once-a-second check
    kiosk.settle()
    overlay = kiosk.kiosk.countdown.isVisible()
    dialog = kiosk.dialog(SessionWarningDialog)
    shown = [name for name, on in (("kiosk countdown", overlay), ("session dialog", dialog is not None)) if on]
    assert shown == ["kiosk countdown"], shown
    kiosk.click(kiosk.kiosk.countdown.continue_button)  # 続ける
    kiosk.settle()
    assert kiosk.session.is_logged_in


def test_kiosk_dialogs_are_frameless_and_say_their_title_themselves(kiosk):
    # Qt's hints only ask: a window manager (openbox on the kiosk's X session) still drew
    # minimise, maximise and close buttons. Frameless, there is no frame to draw them in.
    kiosk.start_kiosk_session()
    kiosk.login_as("r05")
    notices = kiosk.open_screen("notices")
    kiosk.click(notices.delivery_button)
    dialog = kiosk.wait_dialog(DeliveryDialog)
    assert dialog.windowFlags() & Qt.WindowType.FramelessWindowHint, "the window manager draws the frame's buttons"
    title = dialog.windowTitle()
    assert title
    assert kiosk.sees(title, dialog), "the dialog's title is not shown without a frame"
    kiosk.press("Escape")
    kiosk.wait_no_dialog()
    kiosk.click(notices.delivery_button)  # opened again: still without a frame, one title
    dialog = kiosk.wait_dialog(DeliveryDialog)
    assert dialog.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.texts(dialog).count(title) == 1
    kiosk.close_dialog(dialog)


def _keyboard(j):
    from PySide6.QtWidgets import QApplication

    def shown():
        return next((w for w in QApplication.topLevelWidgets()
                     if w.objectName() == "kioskKeyboard" and w.isVisible()), None)
    j.wait_until(lambda: shown() is not None, 3_000)
    keyboard = shown()
    assert isinstance(keyboard, QWidget)
    return keyboard


def _key(keyboard, label):
    keys = [b for b in keyboard.findChildren(QPushButton) if b.isVisible() and b.text() == label]
    assert keys, f"no key {label!r} on the on-screen keyboard"
    return keys[0]


def _clear_of(keyboard, field):
    from PySide6.QtCore import QRect

    shown = QRect(field.mapToGlobal(field.rect().topLeft()), field.size())
    return not keyboard.frameGeometry().intersects(shown) and not field.visibleRegion().isEmpty()


def test_a_resident_fills_phone_and_kana_with_the_on_screen_keys(kiosk):
    # A kiosk has a touch screen and no keyboard: every field a resident fills brings up
    # on-screen keys that fit it (digits for a phone number, katakana for a フリガナ), which
    # never cover the field being filled.
    from tests.journeys.test_birth_journey import open_form, page_of

    kiosk.start_kiosk_session()
    _screen, wizard = open_form(kiosk, "r01")
    wizard.go(page_of(wizard, "claimant"))
    kiosk.activate()  # the kiosk's window, the only one on its screen
    phone = kiosk.find("field_claimant.phone")
    kiosk.click(phone)
    keyboard = _keyboard(kiosk)
    assert not any(b.isVisible() and b.text() in ("ア", "A") for b in keyboard.findChildren(QPushButton))
    for label in "048-000-1234":
        kiosk.click(_key(keyboard, label))
    kiosk.click(_key(keyboard, "1文字消す"))
    kiosk.click(_key(keyboard, "5"))
    assert phone.text() == "048-000-1235"
    assert phone.hasFocus(), "a key took the focus away from the field"
    assert _clear_of(keyboard, phone), "the keys cover the phone number being typed"
    kiosk.wait_until(lambda: wizard.state.get("claimant.phone") == "048-000-1235", 3_000)

    wizard.go(page_of(wizard, "children"))
    if not any(w.isVisible() for w in wizard.findChildren(QWidget, "field_children.children[0].name_kana")):
        kiosk.click(kiosk.find("add_children.children"))  # ＋ 児童を追加
    kana = kiosk.find("field_children.children[0].name_kana")
    kiosk.click(kana)
    keyboard = _keyboard(kiosk)
    for label in ("ヤ", "マ", "タ", "゛", "ソ", "ウ", "タ"):
        kiosk.click(_key(keyboard, label))
    assert kana.text() == "ヤマダソウタ"
    assert _clear_of(keyboard, kana), "the keys cover the フリガナ being typed"
    kiosk.wait_until(lambda: wizard.state.get("children.children[0].name_kana") == "ヤマダソウタ", 3_000)
    keys = [b for b in keyboard.findChildren(QPushButton) if b.isVisible()]
    assert all(b.accessibleName() for b in keys), "a key without an accessible name"
    target = kiosk.kiosk.policy.min_touch_target_px
    assert all(b.width() >= target and b.height() >= target for b in keys), "keys smaller than a finger"
    kiosk.click(_key(keyboard, "閉じる"))
    kiosk.wait_until(lambda: not keyboard.isVisible(), 3_000)
