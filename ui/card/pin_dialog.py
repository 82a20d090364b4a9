"""PIN entry: tries left shown before entry, format checked before anything is sent, explicit
confirmation before the last try, an optional on-screen keypad (:mod:`ui.card.pin_keypad`,
the one the kiosk uses too: digits, or letters and digits for the signing PIN; shuffled if asked).

The dialog never talks to the card. It hands the PIN to its caller once (:func:`ask_pin`) and
clears its field on every way out; it never retries anything on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.card.errors import PinFormatError
from app.card.pin import PinKind, validate_pin
from ui.error_words import pin_format_text
from ui.style import emphasize

if TYPE_CHECKING:
    from ui.card.pin_keypad import PinKeypadWidget

#: The keypad's key size at home (WCAG 2.5.5's minimum target); a kiosk's policy sets its own.
HOME_KEY_PX = 44


class PinOptions(TypedDict, total=False):
    """PinDialog's keyword options, as ask_pin() and its callers pass them on."""

    purpose: str
    keypad: bool
    shuffle: bool
    error: str


def pin_name(kind: PinKind) -> str:
    return {
        PinKind.AUTH: QCoreApplication.translate("PinDialog", "利用者証明用電子証明書の暗証番号"),
        PinKind.SIGN: QCoreApplication.translate("PinDialog", "署名用電子証明書の暗証番号"),
        PinKind.KENHOJO: QCoreApplication.translate("PinDialog", "券面事項入力補助用の暗証番号"),
    }[kind]


def pin_rule(kind: PinKind) -> str:
    if kind is PinKind.SIGN:
        return QCoreApplication.translate("PinDialog", "英大文字と数字の6〜16文字（小文字は大文字として扱います）")
    return QCoreApplication.translate("PinDialog", "数字4桁")


def tries_text(kind: PinKind, tries: int | None) -> str:
    if tries is None:
        return QCoreApplication.translate("PinDialog", "残り回数を確認できませんでした。")
    return QCoreApplication.translate("PinDialog", "残り{tries}回（{max}回続けて間違えるとロックされます）").format(tries=tries, max=kind.max_tries)


class PinDialog(QDialog):
    """Asks for one PIN. ``pin_value()`` returns it once after acceptance, then forgets it."""

    def __init__(self, kind: PinKind, tries: int | None, parent: QWidget | None = None, *,
                 purpose: str = "", keypad: bool = False, shuffle: bool = False,
                 error: str = "") -> None:
        # Here, not at module level: the login screen that imports this module is built before
        # the first paint, and touching the Qt namespace costs ~20 ms (DESIGN.md §9).
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.kind = kind
        self.tries = tries
        self._pin: str | None = None
        self.setObjectName("pinDialog")
        self.setWindowTitle(pin_name(kind))
        self.setModal(True)
        outer = QVBoxLayout(self)
        # With a keypad, the keys stand beside the text and the field, not under them: a kiosk
        # screen is wider than tall, and at large text sizes the text, the field and four rows of
        # keys one under another are taller than the screen (the rows were squeezed into
        # each other). Without one, everything is one column, as a kiosk's keypad for the
        # signing PIN expects it (ui.kiosk.controller inserts it under the field).
        layout = self._text_layout = QVBoxLayout()
        self._row = QHBoxLayout()  # the text and the field; a digit keypad beside them (add_keypad)
        self._row.addLayout(layout, 1)
        outer.addLayout(self._row)

        # Which PIN, in full: a window manager may cut the title bar's text.
        self.title_label = QLabel(pin_name(kind), self)
        self.title_label.setObjectName("pinTitle")
        self.title_label.setWordWrap(True)
        emphasize(self.title_label, 1.2)
        layout.addWidget(self.title_label)

        self.purpose_label = QLabel(purpose or pin_name(kind), self)
        self.purpose_label.setObjectName("pinPurpose")
        self.purpose_label.setWordWrap(True)
        emphasize(self.purpose_label, 1.1)
        layout.addWidget(self.purpose_label)

        self.tries_label = QLabel(tries_text(kind, tries), self)
        self.tries_label.setObjectName("pinTries")
        self.tries_label.setWordWrap(True)  # one long line would set the dialog's minimum width
        emphasize(self.tries_label, 1.1)
        self.tries_label.setProperty("role", "warning" if tries is not None and tries <= 1 else "info")
        layout.addWidget(self.tries_label)

        self.prompt = QLabel(QCoreApplication.translate("PinDialog", "暗証番号（{rule}）(&P):").format(rule=pin_rule(kind)), self)
        self.prompt.setObjectName("pinPrompt")
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("pinEdit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(16 if kind is PinKind.SIGN else 8)
        self.edit.setAccessibleName(pin_name(kind))
        self.edit.setAccessibleDescription(pin_rule(kind))
        self.edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        if kind is not PinKind.SIGN:
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.prompt.setBuddy(self.edit)
        layout.addWidget(self.edit)

        self.error_label = QLabel(error, self)
        self.error_label.setObjectName("pinError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.setVisible(bool(error))
        layout.addWidget(self.error_label)

        self.last_try = QCheckBox(
            QCoreApplication.translate("PinDialog", "これが最後の1回です。間違えると暗証番号がロックされ、再設定の手続きが必要になることを理解しました"),
            self,
        )
        self.last_try.setObjectName("lastTryConfirm")
        self.last_try.setAccessibleName(QCoreApplication.translate("PinDialog", "最後の1回であることの確認"))
        self.last_try.setVisible(tries == 1)
        layout.addWidget(self.last_try)

        self.keypad: PinKeypadWidget | None = None
        if keypad:
            self.add_keypad(shuffle=shuffle)

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(QCoreApplication.translate("PinDialog", "OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("pinOk")
        self.ok_button.setAccessibleName(QCoreApplication.translate("PinDialog", "暗証番号を送信"))
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QCoreApplication.translate("PinDialog", "キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("pinCancel")
        self.cancel_button.setAccessibleName(QCoreApplication.translate("PinDialog", "キャンセル"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.last_try.toggled.connect(self._update_ok)
        self._update_ok()
        self.setTabOrder(self.edit, self.last_try)
        self.setTabOrder(self.last_try, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)
        self.edit.setFocus()
        from ui.widgets.dialog_fit import fit_to_text

        fit_to_text(self, min_em=44.0 if self.keypad is not None and self.kind is not PinKind.SIGN else 28.0)

    def add_keypad(self, *, shuffle: bool, min_target_px: int = HOME_KEY_PX) -> PinKeypadWidget:
        """The on-screen keypad under the PIN field: digits, or letters and digits for the
        signing PIN. Asked again with other options (a kiosk's policy over a caller's
        defaults), the keypad is rebuilt with them; the field keeps what was typed."""
        # Here, not at module level: the keypad touches the Qt namespace (see __init__).
        from ui.card.pin_keypad import KeypadMode, PinKeypadWidget

        pad = self.keypad
        if pad is not None and pad.shuffle == shuffle and pad.min_target_px == min_target_px:
            return pad
        if pad is not None:
            pad.hide()
            pad.deleteLater()
        mode = KeypadMode.ALPHANUMERIC if self.kind is PinKind.SIGN else KeypadMode.DIGITS
        pad = PinKeypadWidget(self.edit, mode, shuffle=shuffle, min_target_px=min_target_px, parent=self)
        if mode is KeypadMode.DIGITS:
            # Beside the text and the field, not under them: a kiosk screen is wider than tall,
            # and at large text sizes the text, the field and four rows of keys one under
            # another are taller than the screen (the rows were squeezed into each other).
            from PySide6.QtCore import Qt

            self._row.addWidget(pad, 0, Qt.AlignmentFlag.AlignTop)
            from ui.widgets.dialog_fit import fit_to_text

            fit_to_text(self, min_em=44.0)  # wider, so that the text keeps its lines short
        else:  # letters and digits: too many keys to stand beside the text
            self._text_layout.insertWidget(self._text_layout.indexOf(self.error_label) + 1, pad)
        self.keypad = pad
        return pad

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.tries != 1 or self.last_try.isChecked())

    def _on_buttons_accepted(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            value = validate_pin(self.kind, self.edit.text())
        except PinFormatError as exc:
            # Nothing is sent: a typo costs no try.
            self.error_label.setText(pin_format_text(self.kind, exc.rule))
            self.error_label.setVisible(True)
            self.edit.clear()
            self.edit.setFocus()
            return
        self._pin = value
        self.edit.clear()
        self.accept()

    def reject(self) -> None:
        self._pin = None
        self.edit.clear()
        super().reject()

    def pin_value(self) -> str | None:
        """The accepted PIN, once; afterwards None."""
        pin, self._pin = self._pin, None
        return pin


async def run_dialog(dialog: QDialog) -> int:
    """Shows ``dialog`` with ``open()`` and waits for its result (no nested event loop)."""
    import asyncio  # here: the login screen that imports this module is built before the loop exists

    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()

    def _finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(_finished)
    dialog.open()
    try:
        return await future
    finally:
        dialog.finished.disconnect(_finished)
        if dialog.isVisible():
            dialog.reject()


async def ask_pin(parent: QWidget | None, kind: PinKind, tries: int | None, **options: Unpack[PinOptions]) -> str | None:
    """Asks for a PIN; None when the resident cancels. The dialog is deleted afterwards."""
    dialog = PinDialog(kind, tries, parent, **options)
    try:
        result = await run_dialog(dialog)
        return dialog.pin_value() if result == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
