"""The "your session is about to end" dialog: a visible countdown, 「続ける」 and 「ログアウト」.

Non-modal and opened with ``open()``; it closes itself when the resident is active again or
the session ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.style import emphasize

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance


class WarningSession(Protocol):
    """What the dialog uses of the session controller."""

    session_warning: SignalInstance
    warning_cleared: SignalInstance
    logged_out: SignalInstance

    def continue_session(self) -> None: ...

    def logout(self) -> None: ...


class SessionWarningDialog(QDialog):
    def __init__(self, controller: WarningSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # a QDialog is a Qt.WindowType.Dialog window already
        self._ctl = controller
        self.setObjectName("sessionWarningDialog")
        self.setWindowTitle(QCoreApplication.translate("SessionWarning", "まもなくログアウトします"))
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.countdown = QLabel(self)
        self.countdown.setObjectName("sessionCountdown")
        self.countdown.setWordWrap(True)
        emphasize(self.countdown, 1.3)
        layout.addWidget(self.countdown)
        note = QLabel(QCoreApplication.translate("SessionWarning", "入力中の内容は保存されます。続けるには「続ける」を押してください。"), self)
        note.setObjectName("sessionWarningNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        self.continue_button = QPushButton(QCoreApplication.translate("SessionWarning", "続ける"), self)
        self.continue_button.setObjectName("sessionContinueButton")
        self.continue_button.setAccessibleName(QCoreApplication.translate("SessionWarning", "ログインを続ける"))
        self.continue_button.setDefault(True)
        self.logout_button = QPushButton(QCoreApplication.translate("SessionWarning", "ログアウト"), self)
        self.logout_button.setObjectName("sessionLogoutButton")
        self.logout_button.setAccessibleName(QCoreApplication.translate("SessionWarning", "今すぐログアウト"))
        row.addWidget(self.continue_button)
        row.addWidget(self.logout_button)
        layout.addLayout(row)
        self.setTabOrder(self.continue_button, self.logout_button)
        self.continue_button.clicked.connect(self._on_continue_button_clicked)
        self.logout_button.clicked.connect(self._on_logout_button_clicked)
        controller.session_warning.connect(self._on_ctl_session_warning)
        controller.warning_cleared.connect(self._on_ctl_warning_cleared)
        controller.logged_out.connect(self._on_ctl_warning_cleared)

    @property
    def seconds(self) -> int:
        return int(self.property("seconds") or 0)

    def _on_ctl_session_warning(self, seconds: int) -> None:
        self.setProperty("seconds", seconds)
        text = QCoreApplication.translate("SessionWarning", "操作がないため、あと{n}秒でログアウトします。").format(n=seconds)
        self.countdown.setText(text)
        self.countdown.setAccessibleName(text)
        if not self.isVisible():
            self.open()
            self.continue_button.setFocus()

    def _on_ctl_warning_cleared(self, *_args: object) -> None:
        if self.isVisible():
            self.done(QDialog.DialogCode.Rejected)

    def _on_continue_button_clicked(self) -> None:
        self._ctl.continue_session()
        self.done(QDialog.DialogCode.Accepted)

    def _on_logout_button_clicked(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
        self._ctl.logout()
