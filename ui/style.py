"""Small style helpers: fonts relative to the application font (so font scaling and the
user's system size apply), and the app style sheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

import resources.icons
import resources.styles


def emphasize(widget: QWidget, scale: float = 1.0, *, bold: bool = True) -> None:
    """Makes ``widget``'s font ``scale`` times the inherited size, optionally bold."""
    font = widget.font()
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    widget.setFont(font)


def stylesheet() -> str:
    # Beside the package rather than importlib.resources (5 ms at start-up); the styles are
    # plain files in the package in every layout we ship (editable, wheel, PyInstaller folder).
    return Path(resources.styles.__file__).with_name("app.qss").read_text(encoding="utf-8")


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    return QIcon(str(Path(resources.icons.__file__).with_name("mynadesk.svg")))
