"""Point 16, in a kiosk: a dialog the resident opens has no minimise, maximise or close button
in its frame (a minimised dialog would vanish behind the full-screen window, leaving a modal
nobody can reach); it closes with its own buttons or Esc. A resident who walks away sees one
countdown, the kiosk's, not a second one that says something else."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
