"""On-screen PIN keypad: digits for the 4-digit PINs, A-Z and 0-9 for the signing PIN.

Types into a target QLineEdit (the PIN field keeps the value, masked; the keypad keeps
nothing). Large targets (``min_touch_target_px``), optional shuffle (a new order each time
the pad is shown, so smudges and shoulder-surfing give nothing away), and usable by touch,
mouse and keyboard: the keys are in the tab order and arrow keys move between them.
"""

from __future__ import annotations

import enum
import itertools
import random
import string
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

CONTEXT = "PinKeypad"


translate = QCoreApplication.translate


class KeypadMode(enum.Enum):
    DIGITS = "digits"
    ALPHANUMERIC = "alphanumeric"


class PinKeypadWidget(QWidget):
    key_pressed = Signal()  # a key was used (never says which)

    def __init__(self, target: QLineEdit, mode: KeypadMode = KeypadMode.DIGITS, *, shuffle: bool = False,
                 min_target_px: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinKeypad")
        self.target = target
        self.mode = mode
        self.shuffle = shuffle
        self.min_target_px = min_target_px
        self._rng = random.SystemRandom()
        self._grid = QGridLayout(self)
        self._grid.setSpacing(max(6, min_target_px // 8))
        self.columns = 3 if mode is KeypadMode.DIGITS else 6
        symbols = list("1234567890") if mode is KeypadMode.DIGITS else list(string.ascii_uppercase + string.digits)
        self.keys: list[QPushButton] = []
        for index, symbol in enumerate(symbols):
            button = self._make_button(f"pinKey{index}")
            button.setText(symbol)
            button.clicked.connect(lambda _=False, b=button: self._type(b.text()))
            self.keys.append(button)
        self.backspace = self._make_button("pinKeyBackspace")
        self.backspace.clicked.connect(self._on_backspace_clicked)
        self.clear_button = self._make_button("pinKeyClear")
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self._place()
        self.retranslate()

    def _make_button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setMinimumSize(self.min_target_px, self.min_target_px)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = button.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.4)
        button.setFont(font)
        return button

    # -- layout ----------------------------------------------------------------------------
    def _place(self) -> None:
        for button in [*self.keys, self.backspace, self.clear_button]:
            self._grid.removeWidget(button)
        if self.shuffle:
            symbols = [b.text() for b in self.keys]
            self._rng.shuffle(symbols)
            for button, symbol in zip(self.keys, symbols, strict=True):
                button.setText(symbol)
        if self.mode is KeypadMode.DIGITS:
            # Phone layout: 1-9 in three rows, then clear, 0, backspace.
            for index, button in enumerate(self.keys[:9]):
                self._grid.addWidget(button, index // 3, index % 3)
            self._grid.addWidget(self.clear_button, 3, 0)
            self._grid.addWidget(self.keys[9], 3, 1)
            self._grid.addWidget(self.backspace, 3, 2)
        else:
            for index, button in enumerate(self.keys):
                self._grid.addWidget(button, index // self.columns, index % self.columns)
            row = (len(self.keys) + self.columns - 1) // self.columns
            self._grid.addWidget(self.clear_button, row, 0, 1, self.columns // 2)
            self._grid.addWidget(self.backspace, row, self.columns // 2, 1, self.columns - self.columns // 2)
        for button in self.keys:
            button.setAccessibleName(button.text())
        order = [*self.keys, self.clear_button, self.backspace]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def reshuffle(self) -> None:
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        if self.shuffle:
            self._place()
        super().showEvent(event)

    # -- typing ----------------------------------------------------------------------------
    def _type(self, symbol: str) -> None:
        if len(self.target.text()) < self.target.maxLength():
            self.target.insert(symbol)
        self.key_pressed.emit()

    def _on_backspace_clicked(self) -> None:
        self.target.backspace()
        self.key_pressed.emit()

    def _on_clear_button_clicked(self) -> None:
        self.target.clear()
        self.key_pressed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys move between keys as on the grid; digits/letters typed on a focused key
        go to the PIN field as they would from a hardware keyboard."""
        focused = self.focusWidget()
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
        key = Qt.Key(event.key())
        if key in moves and isinstance(focused, QPushButton):
            index = self._grid.indexOf(focused)
            if index >= 0:
                # PySide6's stub types the (row, column, rowSpan, columnSpan) tuple as object.
                row, col, _rs, _cs = cast(tuple[int, int, int, int], self._grid.getItemPosition(index))
                dr, dc = moves[key]
                target = self._grid.itemAtPosition(row + dr, col + dc)
                neighbour = target.widget() if target is not None else None
                if neighbour is not None:
                    neighbour.setFocus(Qt.FocusReason.TabFocusReason)
                event.accept()
                return
        text = event.text().upper()
        allowed = string.digits if self.mode is KeypadMode.DIGITS else string.ascii_uppercase + string.digits
        if len(text) == 1 and text in allowed:
            self._type(text)
            event.accept()
            return
        if key == Qt.Key.Key_Backspace:
            self._on_backspace_clicked()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(translate("PinKeypad", "画面の暗証番号キー"))
        self.backspace.setText(translate("PinKeypad", "1文字消す"))
        self.backspace.setAccessibleName(translate("PinKeypad", "1文字消す"))
        self.clear_button.setText(translate("PinKeypad", "全部消す"))
        self.clear_button.setAccessibleName(translate("PinKeypad", "入力した暗証番号を全部消す"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

