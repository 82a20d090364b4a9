"""The サービス検索・申請 screen (子育てワンストップ); see ui/services/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.composition import AppContext


def create_screen(ctx: AppContext) -> QWidget:
    from ui.services.screen import ServicesScreen

    return ServicesScreen(ctx)
