"""A kiosk left to the next person, and the idle clock at home (issue 13, points 1 and 2).

Point 1: a kiosk without a policy starts locked down (automatic logout fixed at its default,
logout on card removal always on, no way out without an admin code, and the attract screen
says so for staff); nothing a resident sets survives the wipe; idle means real idle time.
Point 2: a wipe ends with "take your card"; in a kiosk no PIN goes to a card that was already
in the reader when the session began; at home the resident sees whose card it is before the
PIN; in demo mode the header offers 「カードを取り出す」 while logged in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.settings import Settings
from ui.card.pin_dialog import PinDialog
from ui.widgets.session_warning import SessionWarningDialog


def test_kiosk_without_a_policy_is_locked_down_and_forgets_each_resident(kiosk_no_policy):
    j = kiosk_no_policy
    footer = j.kiosk.attract.findChild(QLabel, "kioskAttractStaff")
    assert footer is not None
    assert footer.isVisible()
    assert "管理者コード" in footer.text()
    j.start_kiosk_session()
    j.login_as("r01")

    settings = j.open_screen("settings")
    idle = settings.findChild(QWidget, "idleTimeoutSpin")
    removal = settings.findChild(QWidget, "logoutOnRemovalCheck")
    assert not idle.isEnabled()
    assert idle.value() == Settings().idle_timeout_minutes
    assert not removal.isEnabled()
    assert removal.isChecked()
    j.set_idle_minutes(1)
    assert j.ctx.settings.idle_timeout_minutes == Settings().idle_timeout_minutes

    # No file output: nothing offers to save a file.
    for screen, buttons in (("history", ("historyExportCsv", "historyExportPdf")),
                            ("card", ("certPemButton", "certDerButton", "diagnosticsSaveButton"))):
        shown = j.open_screen(screen)
        for name in buttons:
            assert not shown.findChild(QWidget, name).isVisible(), f"{name} offers a file in the kiosk"

    # What the resident may change applies to them only.
    j.set_theme("high_contrast")
    j.set_font_scale(150)
    assert j.ctx.settings.theme.value == "high_contrast"
    j.logout()
    j.wait_until(lambda: j.kiosk.attract.isVisible())
    assert j.ctx.settings.theme == Settings().theme
    assert j.ctx.settings.font_scale == Settings().font_scale

    # The admin key sequence leads nowhere without an admin code.
    j.press(Qt.Key.Key_F12, j.window,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    j.settle()
    assert j.dialog() is None
    assert j.window.isVisible()


def test_idle_countdown_waits_for_real_idle_time_at_home(home):
    home.login_as("r01")
    home.set_idle_minutes(1)
    assert home.ctx.settings.idle_timeout_minutes == 1
    home.open_screen("home")
    home.press("tab")  # the resident is at the keyboard
    home.session.tick()  # the once-a-second check, a moment after login
    home.settle()
    warning = home.dialog(SessionWarningDialog)
    assert warning is None, "the idle countdown opened while the resident was busy"
    home.set_idle_minutes(10)


def test_kiosk_wipe_asks_for_the_card_and_no_pin_goes_to_a_card_left_behind(kiosk):
    j = kiosk
    j.start_kiosk_session()
    j.login_as("r01")
    j.logout()  # the card stays in the reader
    j.wait_until(lambda: j.kiosk.attract.isVisible())
    take = j.kiosk.attract.findChild(QLabel, "kioskTakeCard")
    assert take is not None
    assert take.isVisible()
    assert "カード" in take.text()

    # The next person starts while the card is still there: no PIN is asked for that card.
    j.start_kiosk_session()
    login = j.screen("login")
    j.settle()
    assert not login.login_button.isEnabled() or not login.login_button.isVisible()
    assert "もう一度" in login.status_label.text()
    assert j.dialog(PinDialog) is None

    # Taken out and placed again: the login goes ahead.
    j.remove_demo_card()
    j.login_as("r01")
    assert j.session.is_logged_in


def test_at_home_the_resident_sees_whose_card_it_is_and_can_take_it_out(home):
    home.place_demo_card("r03")
    login = home.screen("login")
    name = home.resident("r03").name
    assert name in login.status_label.text()
    home.click(login.login_button)
    dialog = home.wait_dialog(PinDialog)
    assert any(name in t for t in home.texts(dialog))
    home.close_dialog(dialog)
    home.login_as("r03")
    take_out = home.find("headerRemoveCard")
    assert take_out.isVisible()
    assert take_out.text() == "カードを取り出す"
    home.click(take_out)
    home.wait_until(lambda: not home.session.is_logged_in)  # logout on card removal (on by default)
    assert not take_out.isVisible()
