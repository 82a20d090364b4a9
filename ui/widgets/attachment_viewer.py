"""An attachment shown inside the app, from memory: a kiosk's 開く (no temporary file on its disk,
DESIGN.md §8). Images as images; a PDF as its text (app.pdf_text: no PDF renderer is bundled);
plain text as text; anything else, or a PDF whose text cannot be read, is described by name,
type and size, with where to read it instead."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.pdf_text import extract_text, page_count

translate = QCoreApplication.translate


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


class AttachmentViewerDialog(QDialog):
    """Opened with ``open()``; closes with 閉じる or Escape. Deleted when closed."""

    def __init__(self, name: str, mime: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewerDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(name)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("attachmentViewerSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.text = ""  # what the dialog shows as text (tests read it)
        kind = self._content(name, mime, data, layout)
        self.summary.setText(kind)
        self.summary.setAccessibleName(kind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(translate("AttachmentViewer", "閉じる"))
        close.setAccessibleName(translate("AttachmentViewer", "添付ファイルを閉じる"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def _content(self, name: str, mime: str, data: bytes, layout: QVBoxLayout) -> str:
        size = _size(len(data))
        if mime in ("image/png", "image/jpeg"):
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                label = QLabel(self)
                label.setObjectName("attachmentViewerImage")
                label.setAccessibleName(name)
                label.setPixmap(pixmap)
                area = QScrollArea(self)
                area.setWidget(label)
                layout.addWidget(area, 1)
                return translate("AttachmentViewer", "画像（{size}）").format(size=size)
        lines: list[str] = []
        if mime == "application/pdf" or data.startswith(b"%PDF"):
            lines = extract_text(data)
            pages = page_count(data)
            kind = translate("AttachmentViewer", "PDF 文書（{pages} ページ・{size}）。文字だけを表示しています。").format(pages=pages, size=size)
        elif mime.startswith("text/"):
            lines = data.decode("utf-8", errors="replace").splitlines()
            kind = translate("AttachmentViewer", "テキスト（{size}）").format(size=size)
        if not lines:
            return translate("AttachmentViewer", "「{name}」（{mime}・{size}）は、この端末では中身を表示できません。ご自宅のパソコンやスマートフォンのマイナポータルでご覧ください。").format(
                name=name, mime=mime, size=size)
        self.text = "\n".join(lines)
        browser = QTextBrowser(self)
        browser.setObjectName("attachmentViewerText")
        browser.setAccessibleName(translate("AttachmentViewer", "{name} の内容").format(name=name))
        browser.setPlainText(self.text)
        layout.addWidget(browser, 1)
        return kind
