"""Puts a MainWindow into kiosk mode under a policy and keeps it there.

Full screen and frameless, closing refused (only the admin gesture and code leave), locked
settings re-applied whenever something changes them, large touch targets, the attract screen
while nobody is using it (and after ``attract_after_seconds`` of idleness before login), the
idle countdown during a session's last minute, a wipe on every logout, on-screen keypads and
capture protection on every PIN dialog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

from app.kiosk_policy import KioskPolicy, find_policy
from app.settings import Language, Settings
from ui.kiosk.admin_exit import AdminExitDialog, AdminGesture
from ui.kiosk.attract import AttractOverlay
from ui.kiosk.countdown import IdleCountdownOverlay
from ui.kiosk.keypad import attach_keypad
from ui.kiosk.screenshot import Protection, protect
from ui.kiosk.wipe import discard_screens

if TYPE_CHECKING:
    from ui.composition_root import CompositionRoot

log = logging.getLogger(__name__)

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel})


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
        ctx.policy = policy  # the policy in force: the context enforces the same locks
        self._lock_settings()
        ctx.settings_changed.connect(self._on_ctx_settings_changed)

        window.add_style_sheet(kiosk_stylesheet(policy))  # kept when the theme changes
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        window.installEventFilter(self)

        self.wipe = root.wipe
        self.wipe.add_discard_hook(lambda: discard_screens(window))
        self.attract = AttractOverlay(window, policy.min_touch_target_px)
        self.attract.set_exit_locked(policy.admin_exit.code_hash is None)
        self.attract.start_requested.connect(self._on_attract_start_requested)
        self.attract.language_requested.connect(self._on_attract_language_requested)
        self.countdown = IdleCountdownOverlay(window, policy.min_touch_target_px)
        self.gesture = AdminGesture(window, policy.admin_exit, clock=clock)
        self.gesture.triggered.connect(self._on_gesture_triggered)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.installEventFilter(self.gesture)
            # Dialogs built before the kiosk was (the login screen's PIN dialog); new ones as
            # they are polished (eventFilter).
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog):
                    _frame_without_buttons(widget)

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
        if kind == QEvent.Type.Show and isinstance(watched, QDialog) and watched.objectName() == "pinDialog":
            self._harden_pin_dialog(watched)
        if kind == QEvent.Type.Polish and isinstance(watched, QDialog) and watched.isWindow():
            _frame_without_buttons(watched)
        return False

    def _harden_pin_dialog(self, dialog: QDialog) -> None:
        if self.policy.screenshot_protection:
            self.capture_protection = protect(dialog)
        edit = getattr(dialog, "edit", None)
        if not self.policy.keypad.enabled or not isinstance(edit, QLineEdit):
            return
        existing = dialog.findChild(QWidget, "pinKeypad")
        if existing is not None and existing.isVisibleTo(dialog):
            return
        kind = getattr(getattr(dialog, "kind", None), "name", "")
        pad = attach_keypad(edit, alphanumeric=kind == "SIGN", shuffle=self.policy.keypad.shuffle,
                            min_target_px=self.policy.min_touch_target_px, parent=dialog)
        layout = dialog.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(edit) + 1, pad)
        pad.show()

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
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.window:
                widget.reject()
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


def _frame_without_buttons(dialog: QDialog) -> None:
    """A kiosk dialog keeps its title but no minimise, maximise or close button: minimised it
    would hide behind the full-screen window with its modality still on. Set as it is polished,
    before it is first shown (flags set later would hide it again)."""
    flags = dialog.windowFlags()
    flags &= ~(Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowMaximizeButtonHint
               | Qt.WindowType.WindowCloseButtonHint | Qt.WindowType.WindowContextHelpButtonHint)
    flags |= Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint
    if flags != dialog.windowFlags() and not dialog.isVisible():
        dialog.setWindowFlags(flags)


def install_kiosk(window: Any, root: CompositionRoot, policy: KioskPolicy | None = None,
                  **kwargs: Any) -> KioskController:
    """Kiosk mode for ``window`` (built from ``root``) under ``policy`` (default: the machine's
    policy file)."""
    return KioskController(window, root, policy or find_policy(), **kwargs)
