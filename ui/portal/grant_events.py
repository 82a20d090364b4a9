"""Word that the resident's 代理人 grants changed (one registered or ended from わたしの代理人), so
the header's 「だれとして使う」 reads its choices again at once. Built by the composition root and
handed to the screen that changes grants and to the window that owns the switcher (screens do not
know the window)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class GrantEvents(QObject):
    changed = Signal()
