"""The PIN dialog's on-screen keypad at home (no kiosk): one keypad for every PIN, typed into
the masked field, and the PIN comes back once on OK."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from app.card.pin import PinKind
from ui.card.pin_dialog import HOME_KEY_PX, PinDialog
from ui.card.pin_keypad import PinKeypadWidget


def _press(qtbot: Any, pad: PinKeypadWidget, text: str) -> None:
    for symbol in text:
        key = next(b for b in pad.findChildren(QPushButton) if b.text() == symbol)
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)


def test_the_home_keypad_types_a_4_digit_pin_that_ok_hands_back(qtbot: Any) -> None:
    dialog = PinDialog(PinKind.AUTH, 3, keypad=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    pads = dialog.findChildren(PinKeypadWidget)
    assert pads == [dialog.keypad]
    pad = dialog.keypad
    assert pad is not None
    assert pad.isVisible()
    assert sorted(b.text() for b in pad.keys) == list("0123456789")
    assert all(b.width() >= HOME_KEY_PX and b.height() >= HOME_KEY_PX for b in pad.keys)
    _press(qtbot, pad, "12345")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()  # five digits: said at once, nothing sent
    assert dialog.result() != QDialog.DialogCode.Accepted
    _press(qtbot, pad, "1234")
    qtbot.mouseClick(pad.backspace, Qt.MouseButton.LeftButton)
    _press(qtbot, pad, "9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.pin_value() == "1239"
    assert dialog.pin_value() is None  # once
    assert dialog.edit.text() == ""


def test_the_signing_pin_keypad_has_letters_and_digits(qtbot: Any) -> None:
    dialog = PinDialog(PinKind.SIGN, 5, keypad=True)
    qtbot.addWidget(dialog)
    pad = dialog.keypad
    assert pad is not None
    assert "".join(sorted(b.text() for b in pad.keys)) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    _press(qtbot, pad, "ABC123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.pin_value() == "ABC123"


def test_no_keypad_unless_asked(qtbot: Any) -> None:
    dialog = PinDialog(PinKind.AUTH, 3)
    qtbot.addWidget(dialog)
    assert dialog.keypad is None
    assert dialog.findChildren(PinKeypadWidget) == []
