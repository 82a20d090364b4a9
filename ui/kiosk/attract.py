"""The attract screen: what a kiosk shows while nobody is using it. Invites the card in
large type, in the current language, with a language switch and a start button (for
residents who use the keyboard or need to read first). Covers the whole window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEasingCurve, QEvent, QObject, QPropertyAnimation, Qt, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.settings import Language
from ui.a11y.layout_check import OVERLAY_PROPERTY
from ui.a11y.motion import duration_ms

CONTEXT = "KioskAttract"


translate = QCoreApplication.translate


class AttractOverlay(QFrame):
    start_requested = Signal()
    language_requested = Signal(object)  # Language

    def __init__(self, host: QWidget, min_target_px: int = 64) -> None:
        super().__init__(host)
        self.setObjectName("kioskAttract")
        self.setProperty(OVERLAY_PROPERTY, True)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        self.title = QLabel(self)
        self.title.setObjectName("kioskAttractTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self._scale(self.title, 2.2, bold=True)
        layout.addWidget(self.title)
        self.invite = QLabel(self)
        self.invite.setObjectName("kioskAttractInvite")
        self.invite.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.invite.setWordWrap(True)
        self._scale(self.invite, 1.6, bold=False)
        layout.addWidget(self.invite)
        self.hint = QLabel(self)
        self.hint.setObjectName("kioskAttractHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self._scale(self.hint, 1.2, bold=False)
        layout.addWidget(self.hint)
        # After a wipe, while the last person's card is still in the reader (DESIGN.md §8).
        self.take_card = QLabel(self)
        self.take_card.setObjectName("kioskTakeCard")
        self.take_card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.take_card.setWordWrap(True)
        self.take_card.setProperty("role", "warning")
        self._scale(self.take_card, 1.6, bold=True)
        self.take_card.setVisible(False)
        layout.addWidget(self.take_card)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("kioskStart")
        self.start_button.setMinimumSize(min_target_px * 4, min_target_px)
        self._scale(self.start_button, 1.4, bold=True)
        self.start_button.clicked.connect(self.start_requested)
        row.addWidget(self.start_button)
        row.addSpacing(min_target_px // 2)
        self.ja_button = QPushButton("日本語", self)
        self.ja_button.setObjectName("kioskLangJa")
        self.en_button = QPushButton("English", self)
        self.en_button.setObjectName("kioskLangEn")
        for button, lang in ((self.ja_button, Language.JA), (self.en_button, Language.EN)):
            button.setMinimumSize(min_target_px * 2, min_target_px)
            self._scale(button, 1.2, bold=False)
            button.clicked.connect(lambda _=False, lang=lang: self.language_requested.emit(lang))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        # For staff: shown when the policy sets no admin code (the kiosk cannot be left).
        self.staff = QLabel(self)
        self.staff.setObjectName("kioskAttractStaff")
        self.staff.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.staff.setWordWrap(True)
        self.staff.setVisible(False)
        layout.addWidget(self.staff)
        self.ja_button.setAccessibleName("日本語で表示")  # each language names itself
        self.en_button.setAccessibleName("Show in English")
        self._pulse: QPropertyAnimation | None = None
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.retranslate()

    def set_take_card(self, shown: bool) -> None:
        """「カードをお取りください」 while a card left by the last person is in a reader."""
        self.take_card.setVisible(shown)
        self.take_card.setAccessibleName(self.take_card.text() if shown else "")

    def set_exit_locked(self, locked: bool) -> None:
        """Tells staff, on the attract screen, that the kiosk cannot be left without an admin code."""
        self.staff.setVisible(locked)

    @staticmethod
    def _scale(widget: QWidget, factor: float, *, bold: bool) -> None:
        font = widget.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        font.setBold(bold)
        widget.setFont(font)

    def retranslate(self) -> None:
        self.title.setText(translate("KioskAttract", "マイナンバーカードで手続き"))
        self.invite.setText(translate("KioskAttract", "マイナンバーカードを読み取り機に置いてください"))
        self.hint.setText(translate("KioskAttract", "利用者証明用の暗証番号（数字4桁）を使います。終わったらカードを取ってください。画面の内容はすべて消去されます。"))
        self.start_button.setText(translate("KioskAttract", "はじめる"))
        self.start_button.setAccessibleName(translate("KioskAttract", "はじめる（ログイン画面へ）"))
        self.take_card.setText(translate("KioskAttract", "カードの取り忘れにご注意ください。読み取り機からカードをお取りください。"))
        self.staff.setText(translate("KioskAttract", "職員の方へ: この端末のポリシーには管理者コードがないため、画面から終了することはできません。終了するには、管理者コードを設定したポリシーファイルを置いてください。"))
        self.setAccessibleName(translate("KioskAttract", "待ち受け画面"))

    def show_over(self) -> None:
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.raise_()
        self.show()
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._start_pulse()

    def _start_pulse(self) -> None:
        # A slow pulse draws the eye to the invitation; none with reduced motion.
        if duration_ms(1) == 0:
            self.invite.setGraphicsEffect(None)  # type: ignore[arg-type]  # None removes the effect; the stub omits it
            return
        effect = QGraphicsOpacityEffect(self.invite)
        self.invite.setGraphicsEffect(effect)
        self._pulse = QPropertyAnimation(effect, b"opacity", self)
        self._pulse.setStartValue(1.0)
        self._pulse.setKeyValueAt(0.5, 0.55)
        self._pulse.setEndValue(1.0)
        self._pulse.setDuration(2400)
        self._pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._pulse.setLoopCount(-1)
        self._pulse.start()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._pulse is not None:
            self._pulse.stop()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            self.setGeometry(0, 0, event.size().width(), event.size().height())
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
