"""Puts a MainWindow into kiosk mode under a policy and keeps it there.

Full screen and frameless, closing refused (only the admin gesture and code leave), locked
settings re-applied whenever something changes them, large touch targets, the attract screen
while nobody is using it (and after ``attract_after_seconds`` of idleness before login), the
idle countdown during a session's last minute, a wipe on every logout, on-screen keypads and
capture protection on every PIN dialog, and the on-screen keyboard for every other text field.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QPlainTextEdit, QWidget

from app.kiosk_policy import KioskPolicy, find_policy
from app.settings import Language, Settings
from ui.card.pin_dialog import PinDialog
from ui.kiosk.admin_exit import AdminExitDialog, AdminGesture
from ui.kiosk.attract import AttractOverlay
from ui.kiosk.countdown import IdleCountdownOverlay
from ui.kiosk.dialog_frame import frame_for_kiosk
from ui.kiosk.keyboard import OnScreenKeyboardWidget
from ui.kiosk.screenshot import Protection, protect
from ui.kiosk.wipe import discard_screens
from ui.widgets.input_hints import is_text_field

if TYPE_CHECKING:
    from ui.composition_root import CompositionRoot

log = logging.getLogger(__name__)

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel})


# The events eventFilter acts on beyond the activity clock and the window's Close.
_HANDLED = frozenset({QEvent.Type.Show, QEvent.Type.Polish, QEvent.Type.FocusIn, QEvent.Type.FocusOut,
                      QEvent.Type.MouseButtonRelease})
_RESIDENT_FOCUS = frozenset({Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason,
                             Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason})


def kiosk_stylesheet(policy: KioskPolicy) -> str:
    px = policy.min_touch_target_px
    return (
        f"\n/* kiosk: touch targets at least {px} px */\n"
        f"QPushButton, QToolButton, QComboBox, QLineEdit {{ min-height: {px}px; }}\n"
        f"QPushButton {{ min-width: {px}px; }}\n"
        f"QCheckBox::indicator, QRadioButton::indicator {{ width: {px // 2}px; height: {px // 2}px; }}\n"
        f"#navigation::item {{ min-height: {px}px; }}\n"
        f"#kioskStart, #kioskContinue {{ min-width: {px * 4}px; }}\n"
        f"#kioskLangJa, #kioskLangEn {{ min-width: {px * 2}px; }}\n"
    )


class KioskController(QObject):
    exit_confirmed = Signal()  # the administrator left kiosk mode: the app should quit
    attract_shown = Signal()

    def __init__(self, window: Any, root: CompositionRoot, policy: KioskPolicy, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        if root.wipe is None:
            raise ValueError("kiosk mode needs a kiosk context (LaunchOptions.kiosk)")
        # The kiosk's English is resources/i18n/kiosk_en.ts, installed with every other catalog.
        self.window = window
        self.ctx = ctx = root.ctx
        self.policy = policy
        self._clock = clock
        self._last_activity = clock()
        self._exiting = False
        self.capture_protection: Protection | None = None
        self.keyboard: OnScreenKeyboardWidget | None = None  # before the first event reaches eventFilter
        ctx.policy = policy  # the policy in force: the context enforces the same locks
        self._lock_settings()
        ctx.settings_changed.connect(self._on_ctx_settings_changed)

        window.add_style_sheet(kiosk_stylesheet(policy))  # kept when the theme changes
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        window.installEventFilter(self)

        # Every dialog of this window, as the event filter frames it: closed on every wipe and
        # when the attract screen comes back (the next resident must not see the last one's).
        self._dialogs: weakref.WeakSet[QDialog] = weakref.WeakSet()
        self.wipe = root.wipe
        self.wipe.add_discard_hook(self.close_dialogs)  # before the screens go
        self.wipe.add_discard_hook(lambda: discard_screens(window))
        self.attract = AttractOverlay(window, policy.min_touch_target_px)
        self.attract.set_exit_locked(policy.admin_exit.code_hash is None)
        self.attract.start_requested.connect(self._on_attract_start_requested)
        self.attract.language_requested.connect(self._on_attract_language_requested)
        self.countdown = IdleCountdownOverlay(window, policy.min_touch_target_px)
        # A touch screen has no keys: every text field a resident fills gets on-screen keys
        # (PIN fields have their keypad). Off with the keypads, for a kiosk with a keyboard.
        if policy.keypad.enabled:
            self.keyboard = OnScreenKeyboardWidget(policy.min_touch_target_px, window)
            self.keyboard.hide()
        self.gesture = AdminGesture(window, policy.admin_exit, clock=clock)
        self.gesture.triggered.connect(self._on_gesture_triggered)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.installEventFilter(self.gesture)
            # Dialogs built before the kiosk was (the login screen's PIN dialog); new ones as
            # they are polished (eventFilter).
            for dialog in window.findChildren(QDialog):
                if dialog.isWindow():
                    self._frame_dialog(dialog)

        self.session = root.session
        self.session.logged_out.connect(self._on_session_logged_out)
        self.session.logged_in.connect(self._on_session_logged_in)
        self.session.session_warning.connect(self.countdown.show_seconds)
        self.session.warning_cleared.connect(self.countdown.hide)
        self.countdown.continue_requested.connect(self._on_countdown_continue_requested)
        self.hub = root.hub
        self.hub.card_inserted.connect(self._on_hub_card_inserted)
        self.hub.card_removed.connect(self._on_hub_card_removed)
        # What a resident may change (language, font size, theme) is theirs for one visit:
        # every wipe puts the kiosk's own settings back (DESIGN.md §8).
        self._kiosk_settings = ctx.settings
        self.wipe.register(self._restore_kiosk_settings)

        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1000)
        self._idle_timer.timeout.connect(self.tick)
        self._idle_timer.start()
        self.attract.show_over()

    # -- window ----------------------------------------------------------------------------
    def show(self) -> None:
        # The screen's whole geometry first: a bare X session (no window manager, the usual
        # kiosk set-up) does not act on the full-screen request and would leave the window at
        # its normal size. Where a window manager runs, the full-screen state takes over.
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.window.setGeometry(screen.geometry())
        self.window.showFullScreen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Close and not self._exiting:
            event.ignore()
            return True
        if kind in _ACTIVITY:
            self._last_activity = self._clock()
        if kind not in _HANDLED or (isinstance(watched, QWidget) and not self._ours(watched)):
            # Nothing else is handled below, and another window of the process (tests run
            # several apps side by side) is not this kiosk's: no parent walk for every event.
            return False
        if kind == QEvent.Type.Show and isinstance(watched, PinDialog):
            self._harden_pin_dialog(watched)
        if kind == QEvent.Type.Polish and isinstance(watched, QDialog) and watched.isWindow():
            self._frame_dialog(watched)
        if self.keyboard is not None:
            if (kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent) and event.reason() in _RESIDENT_FOCUS
                    and _takes_keyboard(watched)):
                # The resident moved to the field (a touch, Tab, a label's shortcut); a page that
                # puts the focus on its first field does not cover itself with keys.
                self.keyboard.attach(watched)  # type: ignore[arg-type]  # _takes_keyboard checked it
            elif kind == QEvent.Type.FocusOut and watched is self.keyboard.target:
                QTimer.singleShot(0, self._on_focus_moved)
            elif kind == QEvent.Type.MouseButtonRelease and isinstance(watched, QWidget):
                # A touch on a field brings its keys (back, if the resident closed them).
                field = watched.parentWidget() if isinstance(watched.parentWidget(), QPlainTextEdit) else watched
                if _takes_keyboard(field) and (field is not self.keyboard.target or not self.keyboard.isVisible()):
                    self.keyboard.attach(field)  # type: ignore[arg-type]  # _takes_keyboard checked it
        return False

    def _ours(self, widget: QWidget) -> bool:
        """Whether ``widget`` is in this kiosk's window or one of its dialogs (a dialog without
        a parent counts: in a kiosk there is no other window)."""
        top: QWidget = widget
        while (parent := top.parentWidget()) is not None:
            top = parent
        return top is self.window or not isinstance(top, QMainWindow)

    def _frame_dialog(self, dialog: QDialog) -> None:
        frame_for_kiosk(dialog)
        self._dialogs.add(dialog)

    def close_dialogs(self) -> None:
        """Rejects every open dialog of this kiosk's window (those the resident left open)."""
        for dialog in list(self._dialogs):
            try:
                if dialog.isVisible() and dialog is not self.window:
                    dialog.reject()
            except RuntimeError:  # deleted on the C++ side since it was framed
                self._dialogs.discard(dialog)

    def _on_focus_moved(self) -> None:
        keyboard = self.keyboard
        if keyboard is None or keyboard.target is None:
            return
        focused = QApplication.focusWidget()
        if focused is None or focused is keyboard.target:
            return  # the window lost the focus for a moment (the keys never take it)
        if not _takes_keyboard(focused):
            keyboard.detach()  # a button, a choice: no typing

    def _harden_pin_dialog(self, dialog: PinDialog) -> None:
        if self.policy.screenshot_protection:
            self.capture_protection = protect(dialog)
        if self.policy.keypad.enabled:
            # The dialog's own keypad, with the policy's shuffle and touch size.
            dialog.add_keypad(shuffle=self.policy.keypad.shuffle, min_target_px=self.policy.min_touch_target_px).show()

    # -- settings ----------------------------------------------------------------------------
    def _lock_settings(self) -> None:
        forced = self.policy.apply(self.ctx.settings)
        if forced != self.ctx.settings:
            self.ctx.update_settings(forced)

    def _on_ctx_settings_changed(self, _settings: Settings) -> None:
        self._lock_settings()

    # -- attract and idle ------------------------------------------------------------------
    def _restore_kiosk_settings(self) -> None:
        if self.ctx.settings != self._kiosk_settings:
            self.ctx.update_settings(self._kiosk_settings)

    def _on_hub_card_removed(self, _reader: str) -> None:
        if not self.hub.any_left_behind:
            self.attract.set_take_card(False)

    def show_attract(self) -> None:
        # A card still in a reader belongs to someone who has left: ask for it to be taken,
        # and send it no PIN until it has been placed again.
        self.attract.set_take_card(bool(self.hub.mark_cards_left_behind()))
        self.close_dialogs()
        self.countdown.hide()
        self.window.show_screen("login")
        self.attract.show_over()
        self.attract_shown.emit()

    def tick(self) -> None:
        """Once a second: back to the attract screen after ``attract_after_seconds`` without
        input while nobody is logged in (the session controller handles logged-in idleness)."""
        if self.session.is_logged_in or self.attract.isVisible():
            return
        if self._clock() - self._last_activity >= self.policy.attract_after_seconds:
            self.show_attract()

    def _on_attract_start_requested(self) -> None:
        self._last_activity = self._clock()
        self.attract.hide()
        self.window.show_screen("login")

    def _on_attract_language_requested(self, language: Language) -> None:
        if self.policy.is_locked("language"):
            # The policy fixes the default language; a resident may still read in another one
            # for their visit (reset on the next attract screen).
            pass
        from ui.i18n import install_translators

        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_translators(app, language)

    def _on_hub_card_inserted(self, _reader: str) -> None:
        self._last_activity = self._clock()
        if self.attract.isVisible():
            self._on_attract_start_requested()

    def _on_countdown_continue_requested(self) -> None:
        self.countdown.hide()
        self.session.continue_session()

    # -- session -----------------------------------------------------------------------------
    def _on_session_logged_in(self, _resident: object) -> None:
        self.attract.hide()

    def _on_session_logged_out(self, reason: str) -> None:
        self.countdown.hide()
        if self.keyboard is not None:
            self.keyboard.detach()
        self.wipe.wipe(reason)
        language = self.ctx.settings.language
        app = QApplication.instance()
        if isinstance(app, QApplication):
            from ui.i18n import install_translators

            install_translators(app, language)  # the next resident starts in the kiosk's language
        self._last_activity = self._clock()
        self.show_attract()

    # -- leaving -----------------------------------------------------------------------------
    def _on_gesture_triggered(self) -> None:
        if self.policy.admin_exit.code_hash is None:
            log.info("admin gesture seen, but the policy sets no admin code: the kiosk cannot be left")
            return
        dialog = AdminExitDialog(self.policy.admin_exit, self.window, min_target_px=self.policy.min_touch_target_px)
        dialog.accepted.connect(self._on_admin_dialog_accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_admin_dialog_accepted(self) -> None:
        log.info("kiosk mode left by the administrator")
        if self.session.is_logged_in:
            self.session.logout()
        self._exiting = True
        self.exit_confirmed.emit()

    def close(self) -> None:
        """Stops watching (tests, quit)."""
        self._idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.removeEventFilter(self.gesture)
        self._exiting = True


def _takes_keyboard(widget: object) -> bool:
    """A text field the on-screen keyboard types into: not a PIN field, which has its keypad
    (the PIN and admin dialogs), nor one inside the keyboard itself."""
    if not is_text_field(widget):
        return False
    assert isinstance(widget, QLineEdit | QPlainTextEdit)
    window = widget.window()
    if window.objectName() in ("pinDialog", "kioskAdminDialog") or window.findChild(QWidget, "pinKeypad") is not None:
        return False
    return window.objectName() != "kioskKeyboard"


def install_kiosk(window: Any, root: CompositionRoot, policy: KioskPolicy | None = None,
                  **kwargs: Any) -> KioskController:
    """Kiosk mode for ``window`` (built from ``root``) under ``policy`` (default: the machine's
    policy file)."""
    return KioskController(window, root, policy or find_policy(), **kwargs)
