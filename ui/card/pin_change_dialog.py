"""Changing one of the card's PINs: the rules, the tries left, the current PIN, the new PIN twice.

Like :class:`~ui.card.pin_dialog.PinDialog` it never talks to the card: it checks both PINs'
format and that the two new entries match before anything is sent, asks for confirmation
before the last try, and hands the values to its caller once.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.card.errors import PinFormatError
from app.card.pin import PinKind, validate_new_pin, validate_pin
from ui.card.pin_dialog import pin_name, pin_rule, tries_text
from ui.error_words import pin_format_text


def weak_pin(kind: PinKind, pin: str) -> bool:
    """Easily guessed: one repeated character, or a run like 1234 / 4321."""
    if len(set(pin)) == 1:
        return True
    if kind is PinKind.SIGN or not pin.isdigit():
        return False
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {-1})


class PinChangeDialog(QDialog):
    def __init__(self, kind: PinKind, tries: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.tries = tries
        self._values: tuple[str, str] | None = None
        self.setObjectName("pinChangeDialog")
        self.setWindowTitle(QCoreApplication.translate("PinChangeDialog", "{name}の変更").format(name=pin_name(kind)))
        layout = QVBoxLayout(self)
        rules = QCoreApplication.translate("PinChangeDialog", "新しい暗証番号: {rule}。").format(rule=pin_rule(kind))
        if kind is PinKind.SIGN:  # a new password mixes letters and digits (src:jpki-password)
            rules += QCoreApplication.translate("PinChangeDialog", "英字と数字の両方を入れてください（123456 や ABCDEF のような数字だけ・英字だけのものは設定できません）。")
        rules += QCoreApplication.translate("PinChangeDialog", "推測されやすい番号（同じ数字の繰り返し、1234 など）は避けてください。")
        self.rules = QLabel(rules, self)
        self.rules.setObjectName("pinChangeRules")
        self.rules.setWordWrap(True)
        layout.addWidget(self.rules)
        self.tries_label = QLabel(tries_text(kind, tries), self)
        self.tries_label.setObjectName("pinChangeTries")
        layout.addWidget(self.tries_label)
        form = QFormLayout()
        self.current = self._edit("pinChangeCurrent", QCoreApplication.translate("PinChangeDialog", "今の暗証番号"))
        self.new = self._edit("pinChangeNew", QCoreApplication.translate("PinChangeDialog", "新しい暗証番号"))
        self.confirm = self._edit("pinChangeConfirm", QCoreApplication.translate("PinChangeDialog", "新しい暗証番号（確認）"))
        for label_text, edit in ((QCoreApplication.translate("PinChangeDialog", "今の暗証番号(&C):"), self.current), (QCoreApplication.translate("PinChangeDialog", "新しい暗証番号(&N):"), self.new),
                                 (QCoreApplication.translate("PinChangeDialog", "もう一度(&A):"), self.confirm)):
            label = QLabel(label_text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("pinChangeError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.last_try = QCheckBox(QCoreApplication.translate("PinChangeDialog", "今の暗証番号の入力は最後の1回です。間違えるとロックされることを理解しました"), self)
        self.last_try.setObjectName("pinChangeLastTry")
        self.last_try.setAccessibleName(QCoreApplication.translate("PinChangeDialog", "最後の1回であることの確認"))
        self.last_try.setVisible(tries == 1)
        layout.addWidget(self.last_try)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(QCoreApplication.translate("PinChangeDialog", "変更する"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("pinChangeOk")
        self.ok_button.setAccessibleName(QCoreApplication.translate("PinChangeDialog", "暗証番号を変更する"))
        cancel = self.buttons.addButton(QCoreApplication.translate("PinChangeDialog", "キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("pinChangeCancel")
        cancel.setAccessibleName(QCoreApplication.translate("PinChangeDialog", "キャンセル"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.last_try.toggled.connect(lambda _on: self._update_ok())
        self._update_ok()
        self.setTabOrder(self.current, self.new)
        self.setTabOrder(self.new, self.confirm)
        self.setTabOrder(self.confirm, self.last_try)
        from ui.widgets.dialog_fit import fit_to_text

        fit_to_text(self)  # the messages below the fields are read whole
        self.setTabOrder(self.last_try, self.ok_button)

    def _edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(16)
        edit.setAccessibleName(accessible)
        return edit

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.tries != 1 or self.last_try.isChecked())

    def _fail(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _on_buttons_accepted(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            current = validate_pin(self.kind, self.current.text())
        except PinFormatError as exc:
            self._fail(QCoreApplication.translate("PinChangeDialog", "今の暗証番号: ") + pin_format_text(self.kind, exc.rule))
            return
        try:
            new = validate_new_pin(self.kind, self.new.text())
        except PinFormatError as exc:
            self._fail(QCoreApplication.translate("PinChangeDialog", "新しい暗証番号: ") + pin_format_text(self.kind, exc.rule))
            return
        if self.new.text().upper() != self.confirm.text().upper():
            self._fail(QCoreApplication.translate("PinChangeDialog", "新しい暗証番号が2回とも同じになっていません。カードには何も送っていません。"))
            return
        if new == current:
            self._fail(QCoreApplication.translate("PinChangeDialog", "新しい暗証番号が今の暗証番号と同じです。"))
            return
        if weak_pin(self.kind, new):
            self._fail(QCoreApplication.translate("PinChangeDialog", "推測されやすい暗証番号です。別の番号にしてください。"))
            return
        self._values = (current, new)
        self._clear()
        self.accept()

    def _clear(self) -> None:
        for edit in (self.current, self.new, self.confirm):
            edit.clear()

    def reject(self) -> None:
        self._values = None
        self._clear()
        super().reject()

    def values(self) -> tuple[str, str] | None:
        values, self._values = self._values, None
        return values
