"""A one-line label that elides its text to the width it gets and shows the whole text as its
tooltip (and accessible name) when cut: it never asks its layout for more width, so a long
translation or a large font cannot force the window wider than the screen, and new text never
changes its height (no relayout of the screen for each update)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(False)
        # Its whole text when there is room (sizeHint), down to a few characters when not.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._sync_tooltip()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._sync_tooltip()

    def clear(self) -> None:
        super().clear()
        self._sync_tooltip()  # no tooltip left with the old text (a kiosk wipe checks)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _sync_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")
        if not self.accessibleName() or self.accessibleName() == self.property("_elided_name"):
            self.setAccessibleName(self.text())
            self.setProperty("_elided_name", self.text())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(rect, int(self.alignment()) | int(Qt.AlignmentFlag.AlignVCenter), text)
        p.end()
