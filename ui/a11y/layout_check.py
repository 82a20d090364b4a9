"""Finds text a resident cannot read in full: labels and buttons whose text does not fit
their widget (at 200 % font or 2x scaling, in English or pseudo-translation), widgets cut off
by their parent, and text widgets that overlap each other.

Works on the widgets as laid out: show the window and let the layout settle first
(``qtbot.waitExposed``; :func:`settle`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

TOLERANCE_PX = 1
#: A widget with this dynamic property set to True is an intentional overlay (attract screen,
#: countdown): it is checked on its own but not counted as overlapping what it covers.
OVERLAY_PROPERTY = "a11y_overlay"


@dataclass(frozen=True)
class LayoutIssue:
    kind: str  # "clipped" | "cut_off" | "overlap"
    widget: str
    text: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget} {self.text!r} ({self.detail})"


def describe(widget: QWidget) -> str:
    names: list[str] = []
    w: QWidget | None = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def settle() -> None:
    """Runs pending layout requests so geometries are final."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _label_text_overflow(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rect: QRect = label.contentsRect()
    margin = label.margin()
    rect = rect.adjusted(margin, margin, -margin, -margin)
    indent = label.indent()
    if indent > 0:
        rect.setWidth(rect.width() - indent)
    width, height = rect.width(), rect.height()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(width)
            need_w, need_h = doc.idealWidth(), doc.size().height()
        else:
            need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        fm = QFontMetrics(label.font())
        shown = text.replace("&&", "\x00").replace("&", "").replace("\x00", "&") if label.buddy() else text
        if label.wordWrap():
            extra_h = label.height() - height  # frame and margins around the text
            need_h_qt = label.heightForWidth(label.width()) - extra_h
            bound = fm.boundingRect(QRect(0, 0, max(1, width), 1_000_000),
                                    int(Qt.TextFlag.TextWordWrap) | int(label.alignment()), shown)
            need_w, need_h = bound.width(), min(bound.height(), need_h_qt) if need_h_qt > 0 else bound.height()
            # A single unbreakable run (a URL, a long number) wider than the label is clipped too.
            longest = max((fm.horizontalAdvance(word) for word in shown.split()), default=0)
            if not any("\u3000" <= ch <= "\u9fff" for ch in shown):
                need_w = max(need_w, longest)
        else:
            lines = shown.split("\n")
            need_w = max(fm.horizontalAdvance(line) for line in lines)
            need_h = fm.height() * len(lines) + fm.leading() * (len(lines) - 1)
    if need_w > width + TOLERANCE_PX or need_h > height + TOLERANCE_PX:
        return f"needs {int(need_w)}x{int(need_h)}, has {width}x{height}"
    return None


def _button_text_overflow(button: QAbstractButton) -> str | None:
    """The button's text (plus its icon and a minimal 4 px padding each side) against its size.
    Not ``sizeHint()``: styles add comfortable padding and minimum widths that are not text."""
    text = button.text()
    if not text:
        return None
    fm = QFontMetrics(button.font())
    shown = text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")
    lines = shown.split("\n")
    need_w = max(fm.horizontalAdvance(line) for line in lines) + 8
    need_h = fm.height() * len(lines)
    if not button.icon().isNull():
        need_w += button.iconSize().width() + 4
    if isinstance(button, QCheckBox | QRadioButton):
        need_w = min(button.sizeHint().width(), need_w + 24)
    elif isinstance(button, QPushButton | QToolButton):
        need_w = min(button.sizeHint().width(), need_w)
    if button.width() + TOLERANCE_PX < need_w or button.height() + TOLERANCE_PX < need_h:
        return f"needs {need_w}x{need_h}, has {button.width()}x{button.height()}"
    return None


def _cut_off(widget: QWidget) -> str | None:
    """The part of ``widget`` outside an ancestor that clips it (scroll areas excepted: the
    resident can scroll there)."""
    rect = QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if grand is not None and isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return None
        parent_rect = QRect(parent.mapTo(widget.window(), parent.rect().topLeft()), parent.size())
        if not parent_rect.contains(rect):
            inside = parent_rect.intersected(rect)
            return f"{inside.width()}x{inside.height()} of {rect.width()}x{rect.height()} inside {describe(parent)}"
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return None


def _texts(root: QWidget) -> list[QLabel | QAbstractButton]:
    found: list[QLabel | QAbstractButton] = [w for w in root.findChildren(QLabel) if _shown(w) and w.text()]
    found += [w for w in root.findChildren(QAbstractButton) if _shown(w) and w.text()]
    return found


def _in_overlay(widget: QWidget) -> QWidget | None:
    w: QWidget | None = widget
    while w is not None:
        if w.property(OVERLAY_PROPERTY):
            return w
        w = w.parentWidget()
    return None


def find_layout_issues(root: QWidget, *, overlaps: bool = True) -> list[LayoutIssue]:
    """Every visible label/button under ``root`` whose text is clipped or cut off, and pairs of
    them that overlap."""
    issues: list[LayoutIssue] = []
    widgets = _texts(root)
    for widget in widgets:
        problem = _label_text_overflow(widget) if isinstance(widget, QLabel) else _button_text_overflow(widget)
        text = widget.text()
        if problem:
            issues.append(LayoutIssue("clipped", describe(widget), text, problem))
            continue
        cut = _cut_off(widget)
        if cut:
            issues.append(LayoutIssue("cut_off", describe(widget), text, cut))
    if overlaps:
        window = root.window()
        rects = [(w, QRect(w.mapTo(window, w.rect().topLeft()), w.size()), _in_overlay(w)) for w in widgets]
        for i, (a, ra, oa) in enumerate(rects):
            for b, rb, ob in rects[i + 1:]:
                if oa is not ob or a.isAncestorOf(b) or b.isAncestorOf(a):
                    continue
                inter = ra.intersected(rb)
                if inter.width() > TOLERANCE_PX and inter.height() > TOLERANCE_PX:
                    issues.append(LayoutIssue("overlap", describe(a), a.text(),
                                              f"overlaps {describe(b)} {b.text()!r} by {inter.width()}x{inter.height()}"))
    return issues
