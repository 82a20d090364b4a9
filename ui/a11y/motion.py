"""Reduced motion: one flag that animations ask before they move.

Sources, first that says yes wins: ``set_reduced_motion(True)`` (settings/kiosk policy),
``MYNADESK_REDUCED_MOTION=1``, and the platform (Windows: SPI_GETCLIENTAREAANIMATION off;
GNOME: ``GTK_ENABLE_ANIMATIONS=0`` in the environment). Qt's own menu/combo/tooltip effects
are switched off with it.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

ENV = "MYNADESK_REDUCED_MOTION"
_override: bool | None = None


def _platform_prefers_reduced_motion() -> bool:
    if os.environ.get(ENV, "").strip().lower() in ("1", "true", "yes"):
        return True
    if os.environ.get("GTK_ENABLE_ANIMATIONS", "").strip() == "0":
        return True
    if sys.platform == "win32":
        try:
            import ctypes

            enabled = ctypes.c_int(1)
            spi_getclientareaanimation = 0x1042
            ctypes.windll.user32.SystemParametersInfoW(spi_getclientareaanimation, 0, ctypes.byref(enabled), 0)
            return not enabled.value
        except Exception:
            return False
    return False


def reduced_motion() -> bool:
    return _override if _override is not None else _platform_prefers_reduced_motion()


def set_reduced_motion(value: bool | None) -> None:
    """True/False forces the flag; None goes back to the platform's preference."""
    global _override
    _override = value
    on = reduced_motion()
    for effect in (Qt.UIEffect.UI_AnimateMenu, Qt.UIEffect.UI_FadeMenu, Qt.UIEffect.UI_AnimateCombo,
                   Qt.UIEffect.UI_AnimateTooltip, Qt.UIEffect.UI_FadeTooltip, Qt.UIEffect.UI_AnimateToolBox):
        QApplication.setEffectEnabled(effect, not on)


def duration_ms(normal_ms: int) -> int:
    """``normal_ms``, or 0 when motion should be reduced (the change happens at once)."""
    return 0 if reduced_motion() else normal_ms
