"""Reusable widgets and Qt adapters of the login flow and the card screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def set_shown(widget: QWidget, shown: bool) -> None:
    """``widget.setVisible(shown)``, except that a widget that is not hidden is not shown
    explicitly: it appears with its parent all the same. On a window that is not shown yet,
    an explicit show polishes the widget's subtree and lays it out at once (its texts shaped
    and measured), work the window's first show does again; the login screen is built before
    the first paint (DESIGN.md §9)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)
