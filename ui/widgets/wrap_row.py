"""A row of two groups that wraps: the leading group at the left and the trailing group at the
right on one line when both fit, the trailing group on a line of its own, right-aligned, when
they do not (large text, a narrow window). The row is never wider than the wider group, so a
header with many controls cannot force the window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class WrapRowLayout(QLayout):
    """Holds exactly two items (``set_groups``): leading, trailing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def set_groups(self, leading: QWidget, trailing: QWidget) -> None:
        self.addWidget(leading)
        self.addWidget(trailing)

    # -- QLayout -----------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        shown = self._shown()
        m = self.contentsMargins()
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # -- placing -----------------------------------------------------------------------------
    def _spacing(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Places the groups in ``rect`` (when ``apply``); returns the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        shown = self._shown()
        if not shown:
            return m.top() + m.bottom()
        width = area.width()
        if len(shown) == 1:
            only = shown[0]
            h = only.heightForWidth(width) if only.hasHeightForWidth() else only.sizeHint().height()
            if apply:
                only.setGeometry(QRect(area.x(), area.y(), width, h))
            return h + m.top() + m.bottom()
        lead, trail = shown[0], shown[1]
        lead_w = min(lead.sizeHint().width(), width)
        spacing = self._spacing()
        if lead_w + spacing + trail.sizeHint().width() <= width:
            trail_w = trail.sizeHint().width()
            h = max(lead.sizeHint().height(), trail.sizeHint().height())
            if apply:
                lead.setGeometry(QRect(area.x(), area.y(), lead_w, h))
                trail.setGeometry(QRect(area.right() + 1 - trail_w, area.y(), trail_w, h))
            return h + m.top() + m.bottom()
        trail_w = min(trail.sizeHint().width(), width)
        h1, h2 = lead.sizeHint().height(), trail.sizeHint().height()
        if apply:
            lead.setGeometry(QRect(area.x(), area.y(), lead_w, h1))
            trail.setGeometry(QRect(area.right() + 1 - trail_w, area.y() + h1 + spacing, trail_w, h2))
        return h1 + spacing + h2 + m.top() + m.bottom()
