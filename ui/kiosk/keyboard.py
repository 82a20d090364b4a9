"""On-screen keyboard of the kiosk: a touch screen has no keys, yet residents fill in forms.

The kiosk controller attaches it to every text field that gets the focus (an event filter, so
no screen knows about it); the field's input hints (ui.widgets.input_hints) choose the keys:

- digits for a phone number, postal code, date or My Number (with - or / where they belong);
- katakana in the 五十音 order for a フリガナ field, with 濁点, 半濁点 and small-kana keys
  that change the character just typed, as on a bank's ATM;
- for other text, ひらがな, カタカナ and 英数 (A-Z in alphabetical order, digits, symbols).

Kanji cannot be typed: a kiosk has no input method to convert kana, and a kanji keyboard is
not something a resident can use. Names and addresses in kanji come from the card (the
claimant's, through 券面事項入力補助), and where a resident must write a name the card does not
hold (a child's), the keyboard says it takes kana and offers ひらがな first.

Keys type into the field as a hardware keyboard would (key events: validators, completers and
the field's signals see them). The keyboard never takes the focus (its window does not accept
it and its keys have no focus), and it sits on the half of the screen the field is not on,
scrolling the field into the other half when it must.
"""

from __future__ import annotations

import enum
import unicodedata

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.tr import QT_TRANSLATE_NOOP
from ui.widgets.input_hints import InputKind, input_kind

translate = QCoreApplication.translate

# The 五十音 table by column (あ行 … わ行), five rows (あ段 … お段); "" is an empty cell.
_GOJUON = (
    "あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの",
    "はひふへほ", "まみむめも", "や\0ゆ\0よ", "らりるれろ", "わをん\0\0",
)
_SMALL = dict(zip("あいうえおつやゆよわアイウエオツヤユヨワカケ", "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", strict=True))
_LARGE = {small: large for large, small in _SMALL.items()}
_DAKUTEN, _HANDAKUTEN = "\u3099", "\u309a"  # combining marks: NFC puts them on the kana before
_LATIN_ROWS = ("1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-.@_")
_DIGIT_ROWS = ("123", "456", "789")


class Layout(enum.Enum):
    HIRAGANA = "hiragana"
    KATAKANA = "katakana"
    LATIN = "latin"
    DIGITS = "digits"


# Which key sets a field offers (the first is shown first), and which symbols its digit keys add.
_LAYOUTS = {
    InputKind.TEXT: (Layout.HIRAGANA, Layout.KATAKANA, Layout.LATIN),
    InputKind.KATAKANA: (Layout.KATAKANA,),
    InputKind.LATIN: (Layout.LATIN,),
    InputKind.DIGITS: (Layout.DIGITS,),
    InputKind.PHONE: (Layout.DIGITS,),
    InputKind.DATE: (Layout.DIGITS,),
}
_DIGIT_EXTRAS = {InputKind.PHONE: ("-", ""), InputKind.DATE: ("-", "/")}


def _katakana(ch: str) -> str:
    return chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch


def modified(previous: str, mark: str) -> str | None:
    """``previous`` with 濁点 (``mark`` = ゛), 半濁点 (゜) or made small/large (小), or
    None when it takes no such mark. A second press takes the mark off again."""
    if mark == "小":
        return _SMALL.get(previous) or _LARGE.get(previous)
    combining = _DAKUTEN if mark == "゛" else _HANDAKUTEN
    decomposed = unicodedata.normalize("NFD", previous)
    base, marks = decomposed[0], decomposed[1:]
    if marks:  # already marked: the same mark comes off, the other one replaces it
        other = unicodedata.normalize("NFC", base + combining)
        return base if marks[0] == combining else (other if len(other) == 1 else None)
    composed = unicodedata.normalize("NFC", previous + combining)
    return composed if len(composed) == 1 else None


class OnScreenKeyboardWidget(QWidget):
    """A frameless tool window of keys typing into ``target`` (see the module docstring)."""

    closed = Signal()  # the resident closed the keyboard with its 閉じる key

    def __init__(self, min_target_px: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent, self._flags())
        self.setObjectName("kioskKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(True)
        self.min_target_px = min_target_px
        self.target: QLineEdit | QPlainTextEdit | None = None
        self.kind = InputKind.TEXT
        self.layout_shown = Layout.HIRAGANA
        self.lower_case = False
        self._keys: list[QPushButton] = []
        box = QVBoxLayout(self)
        spacing = max(4, min_target_px // 10)
        box.setContentsMargins(spacing, spacing, spacing, spacing)
        box.setSpacing(spacing)
        self.note = QLabel(self)
        self.note.setObjectName("kioskKeyboardNote")
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)
        box.addWidget(self._grid_host, 1)
        bottom = QHBoxLayout()
        bottom.setSpacing(spacing)
        self.tabs: dict[Layout, QPushButton] = {}
        for layout in (Layout.HIRAGANA, Layout.KATAKANA, Layout.LATIN):
            tab = self._button(f"kioskKeyboard_{layout.value}", self)
            tab.setCheckable(True)
            tab.clicked.connect(lambda _=False, lay=layout: self.show_layout(lay))
            self.tabs[layout] = tab
            bottom.addWidget(tab)
        self.case_button = self._button("kioskKeyboardCase", self)
        self.case_button.clicked.connect(self._on_case_button_clicked)
        bottom.addWidget(self.case_button)
        self.space_button = self._button("kioskKeyboardSpace", self)
        self.space_button.clicked.connect(self._on_space_button_clicked)
        bottom.addWidget(self.space_button, 2)
        self.backspace_button = self._button("kioskKeyboardBackspace", self)
        self.backspace_button.clicked.connect(self._on_backspace_button_clicked)
        bottom.addWidget(self.backspace_button, 1)
        self.close_button = self._button("kioskKeyboardClose", self)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        bottom.addWidget(self.close_button, 1)
        box.addLayout(bottom)
        self.retranslate()
        self.show_layout(Layout.HIRAGANA)

    @staticmethod
    def _flags() -> Qt.WindowType:
        # A tool window over the field's window that never takes the focus from the field.
        return (Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                | Qt.WindowType.WindowDoesNotAcceptFocus)

    def _button(self, name: str, parent: QWidget) -> QPushButton:
        button = QPushButton(parent)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoDefault(False)
        button.setMinimumSize(self.min_target_px, self.min_target_px)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return button

    # -- attaching ---------------------------------------------------------------------------
    def attach(self, field: QLineEdit | QPlainTextEdit) -> None:
        """Shows the keys ``field`` takes, typing into it, where they leave it in view."""
        if self.target is not None and self.target is not field:
            self.target.destroyed.disconnect(self._on_target_destroyed)
        same = self.target is field  # the same field again: the keys the resident chose
        if not same:
            field.destroyed.connect(self._on_target_destroyed)
        self.target = field
        self.kind = input_kind(field)
        window = field.window()
        if self.parentWidget() is not window:
            # A child of the field's window: above it, and not blocked when that is a modal dialog.
            self.setParent(window, self._flags())
        layouts = _LAYOUTS[self.kind]
        for layout, tab in self.tabs.items():
            tab.setVisible(len(layouts) > 1 and layout in layouts)
        self.space_button.setVisible(self.kind in (InputKind.TEXT, InputKind.KATAKANA, InputKind.LATIN))
        self.show_layout(self.layout_shown if same and self.layout_shown in layouts else layouts[0])
        self.show()
        self.raise_()
        self.place()

    def detach(self) -> None:
        if self.target is not None:
            self.target.destroyed.disconnect(self._on_target_destroyed)
        self.target = None
        self.hide()

    def _on_target_destroyed(self) -> None:
        self.target = None
        self.hide()

    # -- keys --------------------------------------------------------------------------------
    def show_layout(self, layout: Layout) -> None:
        self.layout_shown = layout
        for tab_layout, tab in self.tabs.items():
            tab.setChecked(tab_layout is layout)
        self.case_button.setVisible(layout is Layout.LATIN)
        for key in self._keys:
            self._grid.removeWidget(key)
            key.hide()
            key.deleteLater()
        self._keys = []
        if layout in (Layout.HIRAGANA, Layout.KATAKANA):
            for column, kana in enumerate(_GOJUON):
                for row, ch in enumerate(kana):
                    if ch != "\0":
                        self._add_key(_katakana(ch) if layout is Layout.KATAKANA else ch, row, column)
            marks = ("゛", "゜", "小", "ー", "・" if layout is Layout.KATAKANA else "、")
            for row, mark in enumerate(marks):
                self._add_key(mark, row, len(_GOJUON))
        elif layout is Layout.LATIN:
            for row, keys in enumerate(_LATIN_ROWS):
                for column, ch in enumerate(keys):
                    self._add_key(ch.lower() if self.lower_case else ch, row, column)
        else:
            left, right = _DIGIT_EXTRAS.get(self.kind, ("", ""))
            for row, keys in enumerate(_DIGIT_ROWS):
                for column, ch in enumerate(keys):
                    self._add_key(ch, row, column)
            for column, ch in enumerate((left, "0", right)):
                if ch:
                    self._add_key(ch, 3, column)
        self._update_note()
        if self.isVisible() and self.target is not None:
            self.place()

    def _add_key(self, symbol: str, row: int, column: int) -> None:
        key = self._button(f"kioskKey_{ord(symbol[0]):04x}" if len(symbol) == 1 else "kioskKey", self._grid_host)
        key.setText(symbol)
        key.setAccessibleName(translate("KioskKeyboard", _MARK_NAMES[symbol]) if symbol in _MARK_NAMES else symbol)
        font = key.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        key.setFont(font)
        key.clicked.connect(lambda _=False, s=symbol: self._on_key_clicked(s))
        self._grid.addWidget(key, row, column)
        key.setVisible(True)  # now, not when the layout gets round to it: place() measures the keys
        self._keys.append(key)

    def _on_key_clicked(self, symbol: str) -> None:
        if symbol in ("゛", "゜", "小"):
            previous = self._previous_character()
            changed = modified(previous, symbol) if previous else None
            if changed is not None:
                self._send(Qt.Key.Key_Backspace)
                self._send(Qt.Key.Key_unknown, changed)
            return
        self._send(Qt.Key.Key_unknown, symbol)

    def _on_space_button_clicked(self) -> None:
        # Japanese text takes the full-width space (a フリガナ's family and given name).
        self._send(Qt.Key.Key_Space, " " if self.layout_shown is Layout.LATIN else "\u3000")

    def _on_backspace_button_clicked(self) -> None:
        self._send(Qt.Key.Key_Backspace)

    def _on_case_button_clicked(self) -> None:
        self.lower_case = not self.lower_case
        self.retranslate()
        self.show_layout(Layout.LATIN)

    def _on_close_button_clicked(self) -> None:
        self.detach()
        self.closed.emit()

    def _previous_character(self) -> str:
        field = self.target
        if isinstance(field, QLineEdit):
            position = field.cursorPosition()
            return field.text()[position - 1] if position > 0 else ""
        if isinstance(field, QPlainTextEdit):
            cursor = field.textCursor()
            block = cursor.block().text()
            position = cursor.positionInBlock()
            return block[position - 1] if position > 0 else ""
        return ""

    def _send(self, key: Qt.Key, text: str = "") -> None:
        """The key as a hardware keyboard would type it into the field."""
        field = self.target
        if field is None:
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    # -- where -------------------------------------------------------------------------------
    def place(self) -> None:
        """On the half of the screen the field is not on; when the field would still be under
        the keys, its scroll areas (and a dialog's window) move it into the free part."""
        field = self.target
        if field is None:
            return
        avail = field.screen().availableGeometry()
        for layout in (self._grid, self.layout()):
            if layout is not None:
                layout.activate()  # the size of the keys just laid out, not of the ones before
        hint, least = self.sizeHint(), self.minimumSizeHint()
        width = max(least.width(), min(hint.width(), avail.width()))
        # At least what the keys need at this width (the note wraps: height for width), so no
        # row is cut off at a large font; else no more than two thirds of the screen.
        outer = self.layout()
        needed = outer.totalHeightForWidth(width) if outer is not None and outer.hasHeightForWidth() else least.height()
        height = max(least.height(), needed, min(hint.height(), avail.height() * 2 // 3))
        left = avail.left() + (avail.width() - width) // 2
        bottom = QRect(left, avail.bottom() - height + 1, width, height)
        top = QRect(left, avail.top(), width, height)
        sides = (bottom, top) if _global_rect(field).center().y() <= avail.center().y() else (top, bottom)
        chosen = sides[0]
        for side in sides:
            free = QRect(avail.left(), avail.top(), avail.width(), avail.height() - height)
            if side is top:
                free.moveTop(avail.top() + height)
            _bring_into(field, free)
            if not side.intersects(_global_rect(field)):
                chosen = side
                break
        self.setGeometry(chosen)

    # -- words -------------------------------------------------------------------------------
    def _update_note(self) -> None:
        if self.kind is InputKind.TEXT:
            text = translate("KioskKeyboard", "このキーボードでは漢字を入力できません。ひらがな・カタカナ・英数字で入力してください。")
        elif self.kind is InputKind.KATAKANA:
            text = translate("KioskKeyboard", "カタカナで入力します。「゛」「゜」「小」は直前の文字を変えます（タ→ダ、ハ→パ、ツ→ッ）。")
        else:
            text = ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def retranslate(self) -> None:
        self.setAccessibleName(translate("KioskKeyboard", "画面のキーボード"))
        names = {Layout.HIRAGANA: translate("KioskKeyboard", "ひらがな"),
                 Layout.KATAKANA: translate("KioskKeyboard", "カタカナ"),
                 Layout.LATIN: translate("KioskKeyboard", "英数")}
        for layout, tab in self.tabs.items():
            tab.setText(names[layout])
            tab.setAccessibleName(translate("KioskKeyboard", "{keys}のキーにする").format(keys=names[layout]))
        self.case_button.setText(translate("KioskKeyboard", "大文字") if self.lower_case else translate("KioskKeyboard", "小文字"))
        self.case_button.setAccessibleName(translate("KioskKeyboard", "大文字と小文字を切り替える"))
        self.space_button.setText(translate("KioskKeyboard", "空白"))
        self.space_button.setAccessibleName(translate("KioskKeyboard", "空白を入れる"))
        self.backspace_button.setText(translate("KioskKeyboard", "1文字消す"))
        self.backspace_button.setAccessibleName(translate("KioskKeyboard", "1文字消す"))
        self.close_button.setText(translate("KioskKeyboard", "閉じる"))
        self.close_button.setAccessibleName(translate("KioskKeyboard", "キーボードを閉じる"))
        for key in self._keys:
            symbol = key.text()
            key.setAccessibleName(translate("KioskKeyboard", _MARK_NAMES[symbol]) if symbol in _MARK_NAMES else symbol)
        self._update_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.target is not None:
            # Where the platform activates it anyway (no window manager), the field's window
            # gets the activation back: the field keeps the focus and its cursor.
            self.target.window().activateWindow()
        super().changeEvent(event)


# The keys whose symbol a screen reader would not say as what it does.
_MARK_NAMES = {
    "゛": QT_TRANSLATE_NOOP("KioskKeyboard", "濁点（直前の文字に付ける）"),
    "゜": QT_TRANSLATE_NOOP("KioskKeyboard", "半濁点（直前の文字に付ける）"),
    "小": QT_TRANSLATE_NOOP("KioskKeyboard", "小さい文字にする（直前の文字）"),
    "ー": QT_TRANSLATE_NOOP("KioskKeyboard", "長音"),
    "・": QT_TRANSLATE_NOOP("KioskKeyboard", "中点"),
    "、": QT_TRANSLATE_NOOP("KioskKeyboard", "読点"),
    "-": QT_TRANSLATE_NOOP("KioskKeyboard", "ハイフン"),
    "/": QT_TRANSLATE_NOOP("KioskKeyboard", "スラッシュ"),
    ".": QT_TRANSLATE_NOOP("KioskKeyboard", "ピリオド"),
    "@": QT_TRANSLATE_NOOP("KioskKeyboard", "アットマーク"),
    "_": QT_TRANSLATE_NOOP("KioskKeyboard", "アンダースコア"),
}


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _bring_into(field: QWidget, free: QRect) -> None:
    """Scrolls ``field``'s scroll areas (innermost first), then moves its window if that is a
    dialog, until the field lies inside ``free`` (global coordinates), as far as they can."""
    margin = 8
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            _shift(field, free, margin, parent)
        parent = parent.parentWidget()
    window = field.window()
    if not isinstance(window, QDialog):
        return  # the kiosk's full-screen window stays where it is
    rect = _global_rect(field)
    dy = 0
    if rect.bottom() > free.bottom():
        dy = free.bottom() - rect.bottom() - margin
    elif rect.top() < free.top():
        dy = free.top() - rect.top() + margin
    if dy:
        window.move(window.x(), window.y() + dy)


def _shift(field: QWidget, free: QRect, margin: int, area: QAbstractScrollArea) -> None:
    bar = area.verticalScrollBar()
    viewport = _global_rect(area.viewport()).intersected(free)
    rect = _global_rect(field)
    if viewport.isEmpty() or rect.height() + 2 * margin > viewport.height():
        return
    if rect.bottom() > viewport.bottom():
        bar.setValue(bar.value() + rect.bottom() - viewport.bottom() + margin)
    elif rect.top() < viewport.top():
        bar.setValue(bar.value() - (viewport.top() - rect.top()) - margin)
