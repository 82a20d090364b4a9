"""Where the keyboard focus goes when the control that had it disappears (a page replaced, a
view closed, a dialog gone): to the first useful control of what the resident now sees, never
to whatever comes next in the window's chain (the header's ログアウト, where Space ends the
session)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QScrollArea, QWidget

_TAB = Qt.FocusPolicy.TabFocus


def first_control(root: QWidget) -> QWidget | None:
    """``root.first_focus_widget()`` when it has one and it can take the focus; otherwise the
    first visible, enabled widget under ``root`` that Tab would reach, skipping labels and bare
    scroll areas (their contents come first)."""
    chooser = getattr(root, "first_focus_widget", None)
    if callable(chooser):
        chosen = chooser()
        if isinstance(chosen, QWidget) and _usable(chosen):
            return chosen
    widget = root.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not root and seen < 2000:
        seen += 1
        if root.isAncestorOf(widget) and _usable(widget) and not isinstance(widget, QLabel) \
                and not (isinstance(widget, QScrollArea) or type(widget) is QAbstractScrollArea):
            return widget
        widget = widget.nextInFocusChain()
    return None


def _usable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & _TAB)


def focus_first_control(root: QWidget) -> QWidget | None:
    """Gives the focus to :func:`first_control` of ``root``; returns it (None: nothing to focus)."""
    widget = first_control(root)
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    return widget
