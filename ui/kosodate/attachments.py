"""The attachments page: one row per document the answers call for, a file picker with type
and size checks and a preview, and the documents information linkage makes unnecessary."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.applications import counter_slots
from app.drafts import StoredAttachment
from app.forms import AttachedFile, AttachmentStatus, FormState
from app.validators import ValidationIssue
from ui.kosodate.common import issue_text, name, set_role, text, translate
from ui.output_gate import OutputGate, OutputRefusedError, Refusal, refusal_text
from ui.portal.history_text import edition_note

MIME_BY_SUFFIX = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
READ_LIMIT = 64 * 1024 * 1024  # never read more than this from a picked file


def linkage_text(status: AttachmentStatus) -> str:
    link = status.spec.replaced_by_linkage
    assert link is not None
    if link.beppyo2_item is not None:
        return translate("ServiceAttachments", "情報連携により提出不要（別表第二 {item}項）").format(item=link.beppyo2_item)
    return translate("ServiceAttachments", "情報連携により提出不要（{via}）").format(via=link.via or translate("ServiceAttachments", "住基ネット"))


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def read_attachment(path: Path, slot: str) -> StoredAttachment:
    """A picked file as an attachment. The type comes from the name; the form's rules then
    check it against the content (a renamed file is caught)."""
    with path.open("rb") as f:
        content = f.read(READ_LIMIT + 1)
    mime = MIME_BY_SUFFIX.get(path.suffix.lower(), "application/octet-stream")
    return StoredAttachment(slot, path.name, mime, content)


def preview_widget(att: StoredAttachment, parent: QWidget) -> QWidget:
    """A thumbnail for images, a short summary for PDFs."""
    label = QLabel(parent)
    name(label, f"preview_{att.slot}_{att.name}", translate("ServiceAttachments", "{name} のプレビュー").format(name=att.name))
    if att.mime in ("image/jpeg", "image/png"):
        pixmap = QPixmap()
        if pixmap.loadFromData(att.content):
            label.setPixmap(pixmap.scaled(160, 160, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))
            return label
        label.setText(translate("ServiceAttachments", "画像を表示できません"))
        return label
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", att.content[:READ_LIMIT]))
    label.setText(translate("ServiceAttachments", "PDF（{pages}ページ）").format(pages=pages) if pages else translate("ServiceAttachments", "PDF"))
    return label


def counter_review_lines(state: FormState, attachments: Sequence[StoredAttachment], gate: OutputGate,
                         parent: QWidget) -> list[QLabel]:
    """The review page's lines for the documents declared "handed in at the counter" (a kiosk)."""
    if gate.files_allowed:
        return []
    lines = []
    for slot in counter_slots(state, (a.slot for a in attachments)):
        line = QLabel(translate("ServiceAttachments", "{document}：申請の後に窓口で提出").format(
            document=text(state.spec.attachment(slot).label)), parent)
        line.setWordWrap(True)
        name(line, f"reviewCounter_{slot}")
        lines.append(line)
    return lines


class AttachmentsPage(QWidget):
    """Edits the draft's attachments; ``changed(attachments)`` after each addition or removal."""

    changed = Signal(object)  # tuple[StoredAttachment, ...]

    def __init__(self, state: FormState, attachments: Sequence[StoredAttachment],
                 parent: QWidget | None = None, *, picker: Callable[[str], None] | None = None,
                 gate: OutputGate | None = None) -> None:
        super().__init__(parent)
        name(self, "attachmentsPage")
        self.state = state
        self.attachments = tuple(attachments)
        self._picker = picker
        self._gate = gate or OutputGate(None)
        self.messages: dict[str, QLabel] = {}
        self._layout = QVBoxLayout(self)
        self._build()

    def _build(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self.messages.clear()
        intro = QLabel(translate("ServiceAttachments", "添付できるのは PDF・JPEG・PNG です。マイナンバーカードで署名するので、本人確認書類は不要です。"), self)
        intro.setWordWrap(True)
        intro.setVisible(self._gate.files_allowed)  # a kiosk takes no file: its types do not matter
        self._layout.addWidget(intro)
        issues = self.issues()
        statuses = self.state.attachment_statuses()
        replaced = [s for s in statuses if s.replaced_by_linkage]
        wanted = [s for s in statuses if not s.replaced_by_linkage]
        if not wanted:
            none = QLabel(translate("ServiceAttachments", "今の入力内容では、添付が必要な書類はありません。"), self)
            name(none, "noAttachmentsNeeded")
            self._layout.addWidget(none)
        for status in wanted:
            self._layout.addWidget(self._slot_row(status, issues.get(status.spec.id, [])))
        if replaced:
            head = QLabel(translate("ServiceAttachments", "情報連携で提出が不要になる書類"), self)
            head.setProperty("heading", True)
            self._layout.addWidget(head)
            for status in replaced:
                row = QLabel(translate("ServiceAttachments", "・{document}：{reason}").format(document=text(status.spec.label), reason=linkage_text(status)), self)
                row.setWordWrap(True)
                name(row, f"replaced_{status.spec.id}")
                self._layout.addWidget(row)
            if any(s.spec.replaced_by_linkage and s.spec.replaced_by_linkage.beppyo2_item is not None for s in replaced):
                note = QLabel(edition_note(), self)
                note.setWordWrap(True)
                name(note, "editionNote")
                self._layout.addWidget(note)
        self._layout.addStretch(1)

    def _slot_row(self, status: AttachmentStatus, issues: Sequence[ValidationIssue]) -> QWidget:
        spec = status.spec
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        name(frame, f"slot_{spec.id}", text(spec.label))
        col = QVBoxLayout(frame)
        mark = translate("ServiceAttachments", "（必須）") if status.required else translate("ServiceAttachments", "（任意）")
        title = QLabel(f"{text(spec.label)}　{mark}", frame)
        title.setWordWrap(True)
        col.addWidget(title)
        if spec.help is not None:
            h = QLabel(text(spec.help), frame)
            h.setWordWrap(True)
            col.addWidget(h)
        limits = QLabel(translate("ServiceAttachments", "形式: {types}／1ファイル {size} まで／{n}件まで").format(
            types=translate("ServiceAttachments", "・").join(m.split("/")[1].upper() for m in spec.mime_types),
            size=size_text(spec.max_bytes), n=spec.max_files), frame)
        limits.setWordWrap(True)
        limits.setVisible(self._gate.files_allowed)
        col.addWidget(limits)
        for att in self.attachments:
            if att.slot != spec.id:
                continue
            row = QHBoxLayout()
            row.addWidget(preview_widget(att, frame))
            info = QLabel(f"{att.name}\n{size_text(len(att.content))}", frame)
            row.addWidget(info, 1)
            remove = QPushButton(translate("ServiceAttachments", "外す"), frame)
            name(remove, f"removeAttachment_{spec.id}_{att.name}", translate("ServiceAttachments", "{name} を外す").format(name=att.name))
            remove.clicked.connect(lambda _c=False, a=att: self.remove(a))
            row.addWidget(remove)
            col.addLayout(row)
        if not self._gate.files_allowed:
            # A kiosk reads no file from its disk and shows no file dialog (ui.output_gate).
            counter = QLabel(refusal_text(Refusal.NO_ATTACHING), frame)
            name(counter, f"counter_{spec.id}")
            counter.setWordWrap(True)
            col.addWidget(counter)
            if status.needed:
                col.addWidget(self._counter_note(spec.id, frame))
            return frame
        pick = QPushButton(translate("ServiceAttachments", "ファイルを選ぶ…"), frame)
        name(pick, f"pick_{spec.id}", translate("ServiceAttachments", "{doc} のファイルを選ぶ").format(doc=text(spec.label)))
        pick.clicked.connect(lambda _c=False, slot=spec.id: self._pick(slot))
        col.addWidget(pick)
        msg = QLabel("\n".join(issue_text(i) for i in issues), frame)
        name(msg, f"msg_attachment_{spec.id}")
        msg.setWordWrap(True)
        set_role(msg, "error")
        msg.setVisible(bool(issues))
        self.messages[spec.id] = msg
        col.addWidget(msg)
        return frame

    def _counter_note(self, slot: str, parent: QWidget) -> QLabel:
        """Whether the application can go ahead without this document (the form says, per
        document, whether the municipality takes it at its counter; app.applications)."""
        if slot in self.at_counter():
            note = QLabel(translate("ServiceAttachments", "この書類は、申請の後に窓口でご提出いただけます。申請はこのまま進められます。"), parent)
            set_role(note, "info")
        else:
            note = QLabel(translate("ServiceAttachments", "ただし、この書類は後から窓口に出すことはできず、電子申請に添付が必要です。"
                                    "この端末では添付できないため、ご自宅のパソコン等から電子申請するか、窓口で申請してください。"), parent)
            set_role(note, "error")
        name(note, f"counterNote_{slot}")
        note.setWordWrap(True)
        return note

    def at_counter(self) -> tuple[str, ...]:
        """The documents this application will declare "handed in at the counter": at a kiosk
        only (at home the resident attaches them)."""
        if self._gate.files_allowed:
            return ()
        return counter_slots(self.state, (a.slot for a in self.attachments))

    # -- files -----------------------------------------------------------------------------
    def issues(self) -> dict[str, list[ValidationIssue]]:
        files = [AttachedFile(a.slot, a.name, a.mime, a.content) for a in self.attachments]
        found = self.state.validate_attachments(files, self.at_counter())
        return {k: [i for i in v if i.code != "attachment.not_applicable"] for k, v in found.items()}

    def _pick(self, slot: str) -> None:
        if self._picker is not None:
            self._picker(slot)
            return
        try:
            dialog = self._gate.attach_dialog(self, translate("ServiceAttachments", "添付するファイルを選ぶ"),
                                              translate("ServiceAttachments", "PDF・画像 (*.pdf *.jpg *.jpeg *.png)"))
        except OutputRefusedError as exc:
            self._show(slot, [exc.text()])
            return
        dialog.setObjectName("attachmentFileDialog")
        dialog.fileSelected.connect(lambda path: self._on_dialog_file_selected(path, slot))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _on_dialog_file_selected(self, path: str, slot: str) -> None:
        self.add_file(Path(path), slot)

    def add_file(self, path: Path, slot: str) -> bool:
        """Adds the file if it passes the slot's checks; else shows why. Returns whether added."""
        try:
            self._gate.check_attach()
            att = read_attachment(path, slot)
        except OutputRefusedError as exc:
            self._show(slot, [exc.text()])
            return False
        except OSError:
            self._show(slot, [translate("ServiceAttachments", "ファイルを読み込めませんでした。")])
            return False
        spec = self.state.spec.attachment(slot)
        from app.validators import validate_attachment_file, validate_attachment_name

        problems = validate_attachment_name(att.name) or validate_attachment_file(
            mime=att.mime, content=att.content, accepted=spec.mime_types, max_bytes=spec.max_bytes)
        if problems:
            self._show(slot, [issue_text(i) for i in problems])
            return False
        if sum(1 for a in self.attachments if a.slot == slot) >= spec.max_files:
            self._show(slot, [translate("ServiceAttachments", "添付できるのは{max}件までです。先に外してください。").format(max=spec.max_files)])
            return False
        self.attachments = (*self.attachments, att)
        self.changed.emit(self.attachments)
        self._build()
        return True

    def remove(self, att: StoredAttachment) -> None:
        self.attachments = tuple(a for a in self.attachments if a is not att)
        self.changed.emit(self.attachments)
        self._build()

    def show_issues(self, found: Mapping[str, Sequence[ValidationIssue]]) -> None:
        """Shows, next to each document and with the page's own, issues found beyond the page's
        checks (the resident's storage, which only the backend knows)."""
        own = self.issues()
        for slot, issues in found.items():
            self._show(slot, list(dict.fromkeys(issue_text(i) for i in [*own.get(slot, []), *issues])))

    def _show(self, slot: str, lines: list[str]) -> None:
        msg = self.messages.get(slot)
        if msg is not None:
            msg.setText("\n".join(lines))
            set_role(msg, "error")
            msg.setVisible(True)
