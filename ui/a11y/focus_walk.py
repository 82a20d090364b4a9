"""Walks a window with the Tab key, as a keyboard-only resident would, and reports each stop:
what it is (accessible role and name) and whether focus is visible on it.

``walk(window)`` sends real key events (QTest) to the focused widget, so it exercises the
window's actual tab order, focus policies and any key handling on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ui.a11y.layout_check import describe


@dataclass(frozen=True)
class FocusStop:
    path: str
    class_name: str
    role: str
    name: str

    def __str__(self) -> str:
        return f"{self.path} [{self.role}] {self.name!r}"


def stop_for(widget: QWidget) -> FocusStop:
    iface = QAccessible.queryAccessibleInterface(widget)
    role = iface.role().name if iface is not None else "NoRole"
    name = iface.text(QAccessible.Text.Name) if iface is not None else widget.accessibleName()
    return FocusStop(describe(widget), type(widget).__name__, role, name or "")


def walk(window: QWidget, *, max_steps: int = 200, backwards: bool = False) -> list[QWidget]:
    """The widgets focus visits when Tab (Shift+Tab with ``backwards``) is pressed from the
    current focus until it comes back round (or ``max_steps``)."""
    window.activateWindow()
    QApplication.processEvents()
    start = QApplication.focusWidget()
    if start is None or (not window.isAncestorOf(start) and start is not window):
        window.focusNextChild()
        start = QApplication.focusWidget()
    visited: list[QWidget] = []
    current = start
    for _ in range(max_steps):
        if current is None:
            break
        modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
        key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
        QTest.keyClick(current, key, modifier)
        current = QApplication.focusWidget()
        if current is None or current is start or current in visited:
            break
        visited.append(current)
    if start is not None and start not in visited:
        visited.insert(0, start)
    return visited


def unnamed_stops(widgets: list[QWidget]) -> list[FocusStop]:
    return [stop for stop in map(stop_for, widgets) if not stop.name.strip()]


def focus_is_visible(widget: QWidget) -> bool:
    """True when the widget looks different with keyboard focus than without (a focus ring,
    a border, a highlight): rendered both ways and compared pixel by pixel."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    focused: QImage = widget.grab().toImage()
    widget.clearFocus()
    QApplication.processEvents()
    plain: QImage = widget.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    return focused != plain
