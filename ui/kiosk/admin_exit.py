"""The administrator's way out: tap the screen corners in the configured order within a few
seconds (or press the configured key sequence), then enter the admin code. Residents see no
button and no hint. The code is checked against the policy's PBKDF2 hash; it is never kept."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut, QTouchEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.kiosk_policy import AdminExit, Corner
from ui.card.pin_keypad import KeypadMode, PinKeypadWidget

CONTEXT = "KioskAdmin"
CORNER_FRACTION = 0.08  # a corner zone is 8 % of the shorter side, at least 48 px


translate = QCoreApplication.translate


def corner_of(window: QWidget, pos: QPoint) -> Corner | None:
    size = max(48, int(min(window.width(), window.height()) * CORNER_FRACTION))
    left, top = pos.x() < size, pos.y() < size
    right, bottom = pos.x() >= window.width() - size, pos.y() >= window.height() - size
    if top and left:
        return Corner.TOP_LEFT
    if top and right:
        return Corner.TOP_RIGHT
    if bottom and right:
        return Corner.BOTTOM_RIGHT
    if bottom and left:
        return Corner.BOTTOM_LEFT
    return None


class AdminGesture(QObject):
    """Watches presses anywhere in ``window`` (application event filter) for the corner sequence."""

    triggered = Signal()

    def __init__(self, window: QWidget, config: AdminExit, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self._config = config
        self._clock = clock
        self._taps: list[tuple[Corner, float]] = []
        self._last_press: tuple[int, int, int] | None = None
        self.shortcut = QShortcut(QKeySequence(config.key_sequence), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.triggered)

    def press_at(self, global_pos: QPoint) -> None:
        corner = corner_of(self._window, self._window.mapFromGlobal(global_pos))
        now = self._clock()
        sequence = self._config.corners
        if corner is None:
            self._taps.clear()
            return
        self._taps = [(c, t) for c, t in self._taps if now - t <= self._config.within_seconds]
        self._taps.append((corner, now))
        taps = [c for c, _ in self._taps][-len(sequence):]
        if tuple(taps) == sequence:
            self._taps.clear()
            self.triggered.emit()
        elif tuple(taps) != sequence[: len(taps)]:
            # Keep the longest suffix that is still a prefix of the sequence.
            while taps and tuple(taps) != sequence[: len(taps)]:
                taps.pop(0)
            self._taps = self._taps[len(self._taps) - len(taps):] if taps else []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._press_once(event.timestamp(), event.globalPosition().toPoint())
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent) and event.points():
            self._press_once(event.timestamp(), event.points()[0].globalPosition().toPoint())
        return False

    def _press_once(self, timestamp: int, global_pos: QPoint) -> None:
        # The application filter sees one press several times: at the native window, then at
        # each widget it propagates to. Counted twice, a corner would break the sequence.
        key = (timestamp, global_pos.x(), global_pos.y())
        if key == self._last_press:
            return
        self._last_press = key
        self.press_at(global_pos)


class AdminExitDialog(QDialog):
    """Asks the admin code; accepted only when it matches the policy's hash."""

    def __init__(self, config: AdminExit, parent: QWidget | None = None, *, min_target_px: int = 64) -> None:
        super().__init__(parent)
        self.setObjectName("kioskAdminDialog")
        self._config = config
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("kioskAdminPrompt")
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("kioskAdminCode")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(32)
        self.prompt.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.error = QLabel(self)
        self.error.setObjectName("kioskAdminError")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.keypad = PinKeypadWidget(self.edit, KeypadMode.DIGITS, min_target_px=min_target_px, parent=self)
        layout.addWidget(self.keypad)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(translate("KioskAdmin", "終了する"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("kioskAdminOk")
        self.cancel_button = self.buttons.addButton(translate("KioskAdmin", "キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("kioskAdminCancel")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setWindowTitle(translate("KioskAdmin", "キオスクの管理"))
        self.prompt.setText(translate("KioskAdmin", "管理者コード(&C):"))
        self.edit.setAccessibleName(translate("KioskAdmin", "管理者コード"))
        self.ok_button.setAccessibleName(translate("KioskAdmin", "キオスクモードを終了する"))
        self.cancel_button.setAccessibleName(translate("KioskAdmin", "キャンセル"))
        self.edit.setFocus()

    def _on_buttons_accepted(self) -> None:
        code = self.edit.text()
        self.edit.clear()
        if self._config.verify(code):
            self.accept()
            return
        self.error.setText(translate("KioskAdmin", "管理者コードが違います。"))
        self.error.setVisible(True)

    def reject(self) -> None:
        self.edit.clear()
        super().reject()
