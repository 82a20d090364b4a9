"""The サービス検索・申請 screen (子育てワンストップ); see ui/kosodate/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.screen_context import ServicesContext


def create_screen(context: ServicesContext) -> QWidget:
    from ui.kosodate.screen import ServicesScreen

    return ServicesScreen(context)
