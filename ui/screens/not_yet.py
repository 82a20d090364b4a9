"""The placeholder for a screen whose work has not landed: it says so and what it will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.style import emphasize

if TYPE_CHECKING:
    from ui.screens import NavEntry

class NotYetScreen(QWidget):
    def __init__(self, nav: NavEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = nav
        self.setObjectName(f"screen_{nav.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        title = QLabel(nav.translated_title(), self)
        title.setObjectName("screenTitle")
        emphasize(title, 1.5)
        title.setAccessibleName(nav.translated_title())
        notice = QLabel(QCoreApplication.translate("NotYetScreen", "この機能はまだ準備中です。"), self)
        notice.setObjectName("notYetNotice")
        emphasize(notice, 1.15)
        summary = QLabel(
            QCoreApplication.translate("NotYetScreen", "できるようになること: {summary}").format(summary=nav.translated_summary()),
            self,
        )
        summary.setObjectName("notYetSummary")
        summary.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(notice)
        layout.addWidget(summary)
        layout.addStretch(1)
        self.setAccessibleName(QCoreApplication.translate("NotYetScreen", "{title}（準備中）").format(title=nav.translated_title()))
