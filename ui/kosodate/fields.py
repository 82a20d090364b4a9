"""Field widgets generated from a form schema (app.forms.FieldSpec), one editor per field.

Each editor shows its label (with 必須 when required), its help, the input and, under it, the
messages for its path as the resident types. Input widgets are named ``field_<path>``
(``field_claimant.name``, ``field_children.children[0].birth_date``) and their messages
``msg_<path>``, so tests and styles can find them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.forms import FieldSpec, FieldType, FormState
from app.validators import ValidationIssue, date_with_wareki, parse_date
from ui.kosodate.common import issue_role, issue_text, name, set_role, text, translate
from ui.tr import QT_TRANSLATE_NOOP
from ui.widgets.input_hints import InputKind, hint_field

PLACEHOLDERS = {
    FieldType.DATE: "2025-04-01",
    FieldType.POSTAL_CODE: "352-0011",
    FieldType.PHONE: "048-000-0000",
    FieldType.MY_NUMBER: "123456789012",
    FieldType.KANA: "ヤマダ ハナコ",
}

# What each kind of field takes, for input methods and the kiosk's on-screen keys.
INPUT_KINDS = {
    FieldType.KANA: InputKind.KATAKANA,
    FieldType.DATE: InputKind.DATE,
    FieldType.POSTAL_CODE: InputKind.PHONE,
    FieldType.PHONE: InputKind.PHONE,
    FieldType.MY_NUMBER: InputKind.DIGITS,
    FieldType.NUMBER: InputKind.DIGITS,
}
BANK_INPUT_KINDS = {"holder_kana": InputKind.KATAKANA}  # the other parts are digits

# Shown through translate("ServiceForm", ...); marked so the scanners find them with their context.
BANK_PARTS = (
    ("bank_code", QT_TRANSLATE_NOOP("ServiceForm", "金融機関コード（4桁）")),
    ("branch_code", QT_TRANSLATE_NOOP("ServiceForm", "支店コード（3桁）")),
    ("account_type", QT_TRANSLATE_NOOP("ServiceForm", "預金種別")),
    ("account_number", QT_TRANSLATE_NOOP("ServiceForm", "口座番号（7桁）")),
    ("holder_kana", QT_TRANSLATE_NOOP("ServiceForm", "口座名義（カタカナ）")),
    ("yucho_kigou", QT_TRANSLATE_NOOP("ServiceForm", "記号（5桁）")),
    ("yucho_bangou", QT_TRANSLATE_NOOP("ServiceForm", "番号（8桁まで）")),
)
BANK_ONLY = ("bank_code", "branch_code", "account_number")  # hidden for a ゆうちょ 記号・番号
YUCHO_ONLY = ("yucho_kigou", "yucho_bangou")
ACCOUNT_TYPES = (
    ("ordinary", QT_TRANSLATE_NOOP("ServiceForm", "普通")),
    ("current", QT_TRANSLATE_NOOP("ServiceForm", "当座")),
    ("savings", QT_TRANSLATE_NOOP("ServiceForm", "貯蓄")),
)


class MessageLabel(QLabel):
    def __init__(self, path: str, parent: QWidget) -> None:
        super().__init__(parent)
        name(self, f"msg_{path}")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_issues(self, issues: Sequence[ValidationIssue]) -> None:
        if not issues:
            self.clear()
            self.setVisible(False)
            return
        worst = next((i for i in issues if i.blocking), issues[0])
        self.setText("\n".join(issue_text(i) for i in issues))
        set_role(self, issue_role(worst))
        self.setAccessibleName(self.text())
        self.setVisible(True)


class FieldEditor(QWidget):
    """One field. ``edited(path, value)`` when the resident changes it."""

    edited = Signal(str, object)

    def __init__(self, spec: FieldSpec, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.path = path
        self._setting = False
        self.messages: dict[str, MessageLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        label_text = text(spec.label) + ("　" + translate("ServiceForm", "（必須）") if spec.required else "")
        self.label = QLabel(label_text, self)
        name(self.label, f"label_{path}")
        self.label.setWordWrap(True)  # large text: the label takes two lines, not the page's width
        if spec.type is not FieldType.CHECKBOX or spec.options:
            layout.addWidget(self.label)
        else:
            self.label.setVisible(False)
        if spec.help is not None:
            help_label = QLabel(text(spec.help), self)
            help_label.setWordWrap(True)
            name(help_label, f"help_{path}")
            set_role(help_label, "help")
            layout.addWidget(help_label)
        self.input = self._build(layout)
        if spec.type is FieldType.DATE and isinstance(self.input, QLineEdit):
            # The date as read, with its 和暦, so a resident sees how 「R2.5.1」 was understood.
            self.wareki = QLabel(self)
            name(self.wareki, f"wareki_{path}")
            set_role(self.wareki, "help")
            self.wareki.setVisible(False)
            layout.addWidget(self.wareki)
            self.input.textChanged.connect(self._on_input_text_changed)
        self.message = MessageLabel(path, self)
        self.messages[path] = self.message
        layout.addWidget(self.message)

    # -- building ----------------------------------------------------------------------------
    def _build(self, layout: QVBoxLayout) -> QWidget:
        t = self.spec.type
        label = text(self.spec.label)
        if t is FieldType.TEXTAREA:
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda: self._emit(edit.toPlainText()))
            w: QWidget = edit
        elif t is FieldType.SELECT:
            combo = QComboBox(self)
            combo.addItem(translate("ServiceForm", "選択してください"), None)
            for o in self.spec.options:
                combo.addItem(text(o.label), o.value)
            combo.currentIndexChanged.connect(lambda _i: self._emit(combo.currentData()))
            w = combo
        elif t is FieldType.RADIO:
            box = QWidget(self)
            # One under another: side by side, long choices made the page wider than the window.
            row = QVBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self._group = QButtonGroup(box)
            self._radios: dict[str, QRadioButton] = {}
            for o in self.spec.options:
                rb = QRadioButton(text(o.label), box)
                name(rb, f"field_{self.path}={o.value}", f"{label}: {text(o.label)}")
                self._group.addButton(rb)
                self._radios[o.value] = rb
                rb.toggled.connect(lambda on, v=o.value: self._emit(v) if on else None)
                row.addWidget(rb)
            row.addStretch(1)
            box.setAccessibleName(label)
            w = box
        elif t is FieldType.CHECKBOX and not self.spec.options:
            cb = QCheckBox(label + ("　" + translate("ServiceForm", "（必須）") if self.spec.required else ""), self)
            cb.toggled.connect(lambda on: self._emit(bool(on)))
            w = cb
        elif t is FieldType.CHECKBOX:
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            self._checks: dict[str, QCheckBox] = {}
            for o in self.spec.options:
                cb = QCheckBox(text(o.label), box)
                name(cb, f"field_{self.path}={o.value}", f"{label}: {text(o.label)}")
                self._checks[o.value] = cb
                cb.toggled.connect(lambda _on: self._emit([v for v, c in self._checks.items() if c.isChecked()]))
                col.addWidget(cb)
            w = box
        elif t is FieldType.BANK_ACCOUNT:
            w = self._build_bank(label)
        else:
            edit_line = QLineEdit(self)
            placeholder = PLACEHOLDERS.get(t)
            if placeholder:
                edit_line.setPlaceholderText(translate("ServiceForm", "例: {example}").format(example=placeholder))
            if t is FieldType.MY_NUMBER:
                edit_line.setMaxLength(14)
            hint_field(edit_line, INPUT_KINDS.get(t, InputKind.TEXT))
            edit_line.textEdited.connect(lambda s: self._emit(s))
            w = edit_line
        if t is not FieldType.BANK_ACCOUNT:
            name(w, f"field_{self.path}", label)
            if self.spec.help is not None:
                w.setAccessibleDescription(text(self.spec.help))
        self.label.setBuddy(w)
        layout.addWidget(w)
        if t is FieldType.MY_NUMBER and isinstance(w, QLineEdit):
            self._build_my_number_toggle(w, layout, label)
        return w

    def _build_my_number_toggle(self, edit: QLineEdit, layout: QVBoxLayout, label: str) -> None:
        """The 12 digits are hidden except while the resident edits them (the field has the
        focus), or asks to see them. (Qt's PasswordEchoOnEdit would empty the field at the
        first key, so a resident could not correct one digit.)"""
        self.show_number = QCheckBox(translate("ServiceForm", "番号を表示"), self)
        name(self.show_number, f"field_{self.path}.show", translate("ServiceForm", "{field}を表示する").format(field=label))
        self.show_number.toggled.connect(lambda _on: self._update_echo())
        layout.addWidget(self.show_number, 0, Qt.AlignmentFlag.AlignLeft)
        self._number_edit = edit
        edit.installEventFilter(self)
        self._update_echo()

    def _update_echo(self) -> None:
        edit = self._number_edit
        clear = self.show_number.isChecked() or edit.hasFocus()
        edit.setEchoMode(QLineEdit.EchoMode.Normal if clear else QLineEdit.EchoMode.Password)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "_number_edit", None) and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._update_echo()
        return super().eventFilter(watched, event)

    def _build_bank(self, label: str) -> QWidget:
        box = QFrame(self)
        name(box, f"field_{self.path}", label)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        self._public = QCheckBox(translate("ServiceForm", "登録済みの公金受取口座を利用する"), box)
        name(self._public, f"field_{self.path}.use_public_account", translate("ServiceForm", "公金受取口座を利用する"))
        self._public.toggled.connect(lambda _on: self._emit_bank())
        col.addWidget(self._public)
        # What 公金受取口座 is (src:digital-koukin-kouza, src:yoshikawa-koukin-kakunin); the client cannot read the account itself.
        self._public_help = QLabel(translate(
            "ServiceForm", "公金受取口座とは、給付金などを受け取るために、本人名義の預貯金口座を一人一口座、国（デジタル庁）に"
            "登録したものです。これを選ぶと、その登録済みの口座が振込先になります。どの口座が登録されているかは、"
            "このアプリでは表示できません（マイナポータルで確認できます）。"), box)
        self._public_help.setWordWrap(True)
        name(self._public_help, f"help_{self.path}.use_public_account")
        set_role(self._public_help, "help")
        self._public.setAccessibleDescription(self._public_help.text())
        col.addWidget(self._public_help)
        self.messages[f"{self.path}.use_public_account"] = MessageLabel(f"{self.path}.use_public_account", box)
        col.addWidget(self.messages[f"{self.path}.use_public_account"])
        self._yucho = QCheckBox(translate("ServiceForm", "ゆうちょ銀行の口座（通帳の記号・番号で入力）"), box)
        name(self._yucho, f"field_{self.path}.yucho", translate("ServiceForm", "ゆうちょ銀行の記号・番号で入力する"))
        self._yucho.toggled.connect(lambda _on: self._emit_bank())
        col.addWidget(self._yucho)
        self._bank_form = QWidget(box)
        form = QFormLayout(self._bank_form)
        form.setContentsMargins(0, 0, 0, 0)
        self._bank: dict[str, QWidget] = {}
        self._bank_cells: dict[str, QWidget] = {}  # each part's row in the form, to show or hide
        for key, caption in BANK_PARTS:
            cap = QLabel(translate("ServiceForm", caption), self._bank_form)
            if key == "account_type":
                combo = QComboBox(self._bank_form)
                combo.addItem(translate("ServiceForm", "選択してください"), None)
                for value, shown in ACCOUNT_TYPES:
                    combo.addItem(translate("ServiceForm", shown), value)
                combo.currentIndexChanged.connect(lambda _i: self._emit_bank())
                widget: QWidget = combo
            else:
                edit = QLineEdit(self._bank_form)
                hint_field(edit, BANK_INPUT_KINDS.get(key, InputKind.DIGITS))
                edit.textEdited.connect(lambda _s: self._emit_bank())
                widget = edit
            name(widget, f"field_{self.path}.{key}", translate("ServiceForm", caption))
            cap.setBuddy(widget)
            msg = MessageLabel(f"{self.path}.{key}", self._bank_form)
            self.messages[f"{self.path}.{key}"] = msg
            cell = QWidget(self._bank_form)
            cell_l = QVBoxLayout(cell)
            cell_l.setContentsMargins(0, 0, 0, 0)
            cell_l.addWidget(widget)
            cell_l.addWidget(msg)
            form.addRow(cap, cell)
            self._bank[key] = widget
            self._bank_cells[key] = cell
        self._bank_layout = form
        self._show_bank_rows()
        col.addWidget(self._bank_form)
        return box

    def _show_bank_rows(self) -> None:
        yucho = self._yucho.isChecked()
        self._yucho.setVisible(not self._public.isChecked())
        for key in BANK_ONLY:
            self._bank_layout.setRowVisible(self._bank_cells[key], not yucho)
        for key in YUCHO_ONLY:
            self._bank_layout.setRowVisible(self._bank_cells[key], yucho)

    # -- values ------------------------------------------------------------------------------
    def _on_input_text_changed(self, value: str) -> None:
        shown = date_with_wareki(value) if parse_date(value) is not None else ""
        self.wareki.setText(shown)
        self.wareki.setVisible(bool(shown))

    def _emit(self, value: object) -> None:
        if not self._setting:
            self.edited.emit(self.path, value)

    def _emit_bank(self) -> None:
        self._bank_form.setVisible(not self._public.isChecked())
        self._show_bank_rows()
        if self._setting:
            return
        value: dict[str, object] = {"use_public_account": self._public.isChecked()}
        if self._yucho.isChecked():
            value["yucho"] = True
        for key, w in self._bank.items():
            if key in (YUCHO_ONLY if not self._yucho.isChecked() else BANK_ONLY):
                continue
            if isinstance(w, QComboBox):
                if w.currentData() is not None:
                    value[key] = w.currentData()
            elif isinstance(w, QLineEdit) and w.text():
                value[key] = w.text()
        self.edited.emit(self.path, value)

    def set_value(self, value: object) -> None:
        self._setting = True
        try:
            self._set(value)
        finally:
            self._setting = False

    def _set(self, value: object) -> None:
        t = self.spec.type
        w = self.input
        if isinstance(w, QPlainTextEdit):
            if w.toPlainText() != (value or ""):
                w.setPlainText(str(value or ""))
        elif isinstance(w, QLineEdit):
            if w.text() != str(value or ""):
                w.setText(str(value or ""))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)) if value is not None else 0)
        elif t is FieldType.RADIO:
            for v, rb in self._radios.items():
                rb.setChecked(v == value)
        elif isinstance(w, QCheckBox):
            w.setChecked(value is True)
        elif t is FieldType.CHECKBOX:
            chosen = value if isinstance(value, list) else []
            for v, cb in self._checks.items():
                cb.setChecked(v in chosen)
        elif t is FieldType.BANK_ACCOUNT:
            account = value if isinstance(value, Mapping) else {}
            self._public.setChecked(account.get("use_public_account") is True)
            self._yucho.setChecked(account.get("yucho") is True)
            for key, bw in self._bank.items():
                if isinstance(bw, QComboBox):
                    part = account.get(key)
                    bw.setCurrentIndex(max(0, bw.findData(part)) if part is not None else 0)
                elif isinstance(bw, QLineEdit):
                    bw.setText(str(account.get(key) or ""))
            self._bank_form.setVisible(account.get("use_public_account") is not True)
            self._show_bank_rows()

    def show_issues(self, issues: Mapping[str, Sequence[ValidationIssue]]) -> None:
        for path, label in self.messages.items():
            label.show_issues(issues.get(path, ()))

    def focus_input(self) -> None:
        self.input.setFocus()


class RepeatEditor(QWidget):
    """A repeat field: one group per item with its own editors, add and remove buttons."""

    edited = Signal(str, object)
    structure_changed = Signal()

    def __init__(self, spec: FieldSpec, path: str, state: FormState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.path = path
        self.state = state
        self.editors: list[FieldEditor] = []
        self.messages: dict[str, MessageLabel] = {}
        self.added: int | None = None  # the index of the item the resident just added
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(text(spec.label) + ("　" + translate("ServiceForm", "（必須）") if spec.required else ""), self)
        name(title, f"label_{path}")
        layout.addWidget(title)
        self.message = MessageLabel(path, self)
        self.messages[path] = self.message
        items = state.get(path)
        count = len(items) if isinstance(items, list) else 0
        item_label = text(spec.item_label) or text(spec.label)
        for index in range(count):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            name(frame, f"item_{path}[{index}]", f"{item_label} {index + 1}")
            fl = QVBoxLayout(frame)
            head = QHBoxLayout()
            head.addWidget(QLabel(f"{item_label} {index + 1}", frame))
            head.addStretch(1)
            remove = QPushButton(translate("ServiceForm", "この{item}を削除").format(item=item_label), frame)
            name(remove, f"remove_{path}[{index}]", translate("ServiceForm", "{item} {n} を削除").format(item=item_label, n=index + 1))
            remove.clicked.connect(lambda _c=False, i=index: self._remove(i))
            head.addWidget(remove)
            fl.addLayout(head)
            for sub in spec.fields:
                editor = FieldEditor(sub, f"{path}[{index}].{sub.id}", frame)
                editor.edited.connect(self.edited)
                self.editors.append(editor)
                fl.addWidget(editor)
            layout.addWidget(frame)
        self.add_button = QPushButton(translate("ServiceForm", "＋ {item}を追加").format(item=item_label), self)
        name(self.add_button, f"add_{path}", translate("ServiceForm", "{item}を追加").format(item=item_label))
        self.add_button.setEnabled(count < spec.max_items)
        self.add_button.clicked.connect(self._add)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)

    def _add(self) -> None:
        count = self.state.get(self.path)
        self.added = len(count) if isinstance(count, list) else 0
        self.state.add_item(self.path)
        self.structure_changed.emit()

    def _remove(self, index: int) -> None:
        self.state.remove_item(self.path, index)
        self.structure_changed.emit()

    def show_issues(self, issues: Mapping[str, Sequence[ValidationIssue]]) -> None:
        self.message.show_issues(issues.get(self.path, ()))
        for e in self.editors:
            e.show_issues(issues)
