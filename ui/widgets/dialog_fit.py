"""Dialogs that grow (and shrink) with their text.

A top-level dialog is laid out from its size hint, which does not know how tall a word-wrapped
label becomes at the dialog's width: a message set later (a wrong PIN, a declined card) was
cut through the middle of its lines, and a section hidden later left gaps. A fitted dialog is
wide enough for its title (``min_em`` wide at least, never wider than the screen) and exactly
as tall as its content at that width, re-measured whenever its layout changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog

TITLE_BAR_PX = 96  # the window manager's buttons and margins beside a title
SCREEN_SHARE = 0.9


def fit_to_text(dialog: QDialog, *, min_em: float = 28.0) -> None:
    """Keeps ``dialog`` fitted to its content from now on (see the module docstring)."""
    fitter = _Fitter(dialog, min_em)
    dialog.installEventFilter(fitter)


class _Fitter(QObject):
    def __init__(self, dialog: QDialog, min_em: float) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._min_em = min_em
        self._pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._dialog and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show,
                                                         QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            if not self._pending:
                self._pending = True
                QTimer.singleShot(0, self, self.fit)
            if event.type() == QEvent.Type.Show:
                self.fit()
        return False

    def fit(self) -> None:
        self._pending = False
        dialog = self._dialog
        layout = dialog.layout()
        if layout is None or not dialog.isVisible():
            return
        metrics = dialog.fontMetrics()
        screen = dialog.screen().availableGeometry() if dialog.screen() is not None else None
        max_w = int(screen.width() * SCREEN_SHARE) if screen is not None else 10_000
        max_h = int(screen.height() * SCREEN_SHARE) if screen is not None else 10_000
        width = max(layout.totalMinimumSize().width(), round(metrics.horizontalAdvance("M") * self._min_em),
                    metrics.horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_PX, dialog.width())
        width = min(width, max_w)
        height = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        height = min(max(height, layout.totalMinimumSize().height()), max_h)
        dialog.setMinimumSize(min(width, max_w), height)
        if dialog.size().toTuple() != (width, height):
            dialog.resize(width, height)
