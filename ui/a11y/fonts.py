"""Font size 100-200 %: the application font scaled from the platform's default.

Apply before windows are built: widgets that set a relative font (``ui.style.emphasize``)
compute it from the application font when they are constructed.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

_BASE_PROPERTY = "mynadesk_base_point_size"


def apply_font_scale(app: QApplication, scale: float) -> QFont:
    base = app.property(_BASE_PROPERTY)
    if not base:
        base = app.font().pointSizeF()
        if base <= 0:
            base = 10.0
        app.setProperty(_BASE_PROPERTY, base)
    font = app.font()
    font.setPointSizeF(float(base) * scale)
    app.setFont(font)
    return font
