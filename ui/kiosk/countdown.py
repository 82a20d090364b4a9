"""The idle countdown: a large, unmissable notice during the last minute of a kiosk
session, with the seconds left and a big "続ける" button. Driven by the session
controller's ``session_warning(seconds)`` / ``warning_cleared``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.a11y.layout_check import OVERLAY_PROPERTY

CONTEXT = "KioskCountdown"


translate = QCoreApplication.translate


class IdleCountdownOverlay(QFrame):
    continue_requested = Signal()

    def __init__(self, host: QWidget, min_target_px: int = 64) -> None:
        super().__init__(host)
        self.setObjectName("kioskCountdown")
        self.setProperty(OVERLAY_PROPERTY, True)
        self.setAutoFillBackground(True)
        self.seconds = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        self.message = QLabel(self)
        self.message.setObjectName("kioskCountdownMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self._scale(self.message, 1.6)
        layout.addWidget(self.message)
        self.number = QLabel(self)
        self.number.setObjectName("kioskCountdownSeconds")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scale(self.number, 4.0)
        layout.addWidget(self.number)
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("kioskContinue")
        self.continue_button.setMinimumSize(min_target_px * 4, min_target_px)
        self._scale(self.continue_button, 1.4)
        self.continue_button.clicked.connect(self.continue_requested)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.hide()
        self.retranslate()

    @staticmethod
    def _scale(widget: QWidget, factor: float) -> None:
        font = widget.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        font.setBold(True)
        widget.setFont(font)

    def show_seconds(self, seconds: int) -> None:
        first = not self.isVisible()
        self.seconds = seconds
        self.number.setText(str(seconds))
        self.number.setAccessibleName(translate("KioskCountdown", "残り{n}秒").format(n=seconds))
        self.retranslate()
        if first:
            host = self.parentWidget()
            if host is not None:
                self.setGeometry(host.rect())
            self.raise_()
            self.show()
            self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.message.setText(translate("KioskCountdown", "操作がないため、まもなくログアウトし、画面の内容をすべて消去します。"))
        self.continue_button.setText(translate("KioskCountdown", "続ける"))
        self.continue_button.setAccessibleName(translate("KioskCountdown", "続ける（ログアウトしない）"))
        self.setAccessibleName(translate("KioskCountdown", "自動ログアウトの予告"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            self.setGeometry(0, 0, event.size().width(), event.size().height())
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
