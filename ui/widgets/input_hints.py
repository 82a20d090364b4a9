"""What a text field takes, told to input methods: Qt's input method hints, and a script for kana.

A field says what it expects once, where it is built (``hint_field(edit, InputKind.PHONE)``);
whatever enters text reads it back with ``input_kind(edit)``: a platform's input method reads
the Qt hints, the kiosk's on-screen keyboard (ui.kiosk.keyboard) both. Qt has no hint for
Japanese scripts, so kana fields carry a dynamic property besides.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

SCRIPT_PROPERTY = "mynadeskScript"  # "katakana" on a フリガナ field


class InputKind(enum.Enum):
    TEXT = "text"  # anything: Japanese text, names, addresses
    DIGITS = "digits"  # 0-9 only (a My Number, a code, an account number)
    PHONE = "phone"  # digits and hyphens (phone numbers, postal codes)
    DATE = "date"  # digits with - or / (2025-04-01)
    KATAKANA = "katakana"  # full-width katakana (フリガナ, an account holder's name)
    LATIN = "latin"  # letters, digits and symbols (an account ID, an e-mail address)


Hint = Qt.InputMethodHint
_HINTS = {
    InputKind.TEXT: Hint.ImhNone,
    InputKind.DIGITS: Hint.ImhDigitsOnly,
    InputKind.PHONE: Hint.ImhDialableCharactersOnly,
    InputKind.DATE: Hint.ImhDate | Hint.ImhFormattedNumbersOnly,
    InputKind.KATAKANA: Hint.ImhNoPredictiveText,
    InputKind.LATIN: Hint.ImhLatinOnly | Hint.ImhNoAutoUppercase | Hint.ImhNoPredictiveText,
}


def hint_field(edit: QWidget, kind: InputKind) -> None:
    """Tells input methods what ``edit`` takes (keeps a ImhSensitiveData already set)."""
    kept = edit.inputMethodHints() & Hint.ImhSensitiveData
    edit.setInputMethodHints(_HINTS[kind] | kept)
    edit.setProperty(SCRIPT_PROPERTY, "katakana" if kind is InputKind.KATAKANA else None)


def input_kind(edit: QWidget) -> InputKind:
    """What ``edit`` takes, from its hints (set here or by hand), its script property and its
    validator; TEXT when nothing says."""
    if edit.property(SCRIPT_PROPERTY) == "katakana":
        return InputKind.KATAKANA
    hints = edit.inputMethodHints()
    if hints & Hint.ImhDate:
        return InputKind.DATE
    if hints & (Hint.ImhDigitsOnly | Hint.ImhPreferNumbers):
        return InputKind.DIGITS
    if hints & (Hint.ImhDialableCharactersOnly | Hint.ImhFormattedNumbersOnly):
        return InputKind.PHONE
    if hints & (Hint.ImhLatinOnly | Hint.ImhEmailCharactersOnly | Hint.ImhUrlCharactersOnly):
        return InputKind.LATIN
    if isinstance(edit, QLineEdit):
        from PySide6.QtGui import QDoubleValidator, QIntValidator

        if isinstance(edit.validator(), QIntValidator | QDoubleValidator):
            return InputKind.DIGITS
    return InputKind.TEXT


def is_text_field(widget: object) -> bool:
    """A field a resident types into (not read-only)."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return not widget.isReadOnly() and widget.isEnabled()
    return False
