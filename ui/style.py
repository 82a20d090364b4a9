"""Appearance: fonts relative to the application font (so the font-size setting and the
user's system size apply), the theme (palette), reduced motion and the app style sheet.

The light/dark/high-contrast palettes and the reduced-motion flag come from :mod:`ui.a11y`
when it is installed; without it the shell falls back to its own light and dark palettes
here. ``apply_appearance`` is what the settings screen (through ``AppContext``) and the
start-up call; everything takes effect at once, in every open window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QIcon, QPalette
    from PySide6.QtWidgets import QApplication

    from app.settings import Settings, Theme

import resources.icons
import resources.styles

log = logging.getLogger(__name__)

# Dynamic properties: an emphasized widget's scale and weight (so a font-size change can
# recompute it), and the application's unscaled point size.
SCALE_PROPERTY = "mynadesk_font_scale"
BOLD_PROPERTY = "mynadesk_font_bold"
BASE_SIZE_PROPERTY = "mynadesk_base_point_size"  # the same name ui.a11y.fonts uses
DEFAULT_POINT_SIZE = 10.0


def set_bold(font: QFont, bold: bool) -> None:
    """Bold drawn from the regular face (synthetic emboldening): a CJK family's bold face is a
    second font file of 15-20 MB, ~3-4 MiB of it resident once headings use it (DESIGN.md §9).
    A family without a "Regular" style (Hiragino's W3/W6) keeps its designed bold."""
    font.setBold(bold)
    font.setStyleName("Regular" if bold else "")


def emphasize(widget: QWidget, scale: float = 1.0, *, bold: bool = True) -> None:
    """Makes ``widget``'s font ``scale`` times the inherited size, optionally bold.
    The widget keeps that ratio when the font size setting changes (:func:`rescale_fonts`)."""
    font = widget.font()
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    set_bold(font, bold)
    widget.setFont(font)
    widget.setProperty(SCALE_PROPERTY, float(scale))
    widget.setProperty(BOLD_PROPERTY, 1 if bold else 0)  # an int: PySide6 mis-counts bool QVariants


def _base_point_size(app: QApplication) -> float:
    base = app.property(BASE_SIZE_PROPERTY)
    if not base:
        base = app.font().pointSizeF()
        if base <= 0:
            base = DEFAULT_POINT_SIZE
        app.setProperty(BASE_SIZE_PROPERTY, float(base))
    return float(base)


def apply_font_scale(app: QApplication, scale: float) -> None:
    """Sets the application font to ``scale`` × the platform's size and re-sizes every widget
    that :func:`emphasize` gave a relative font. Widgets without their own font follow the
    application font by themselves."""
    base = _base_point_size(app)
    font = app.font()
    if abs(font.pointSizeF() - base * scale) < 0.01:
        return
    font.setPointSizeF(base * scale)
    app.setFont(font)
    rescale_fonts(app)
    # Widgets under a style sheet keep the font they were polished with: re-polish them, which
    # also recomputes the sheet's em-based sizes (navigation width, paddings).
    if app.styleSheet():
        app.setStyleSheet(app.styleSheet())
    # Every window, whoever made it: a font size applies to all of them (not a collaborator lookup).
    for window in app.topLevelWidgets():
        if window.styleSheet():
            window.setStyleSheet(window.styleSheet())


def rescale_fonts(app: QApplication) -> None:
    app_size = app.font().pointSizeF()
    for widget in app.allWidgets():
        scale = widget.property(SCALE_PROPERTY)
        if scale is None:
            continue
        font = widget.font()
        font.setPointSizeF(app_size * float(scale))
        set_bold(font, bool(widget.property(BOLD_PROPERTY)))
        widget.setFont(font)


# -- themes (ui.a11y.themes holds the palettes, checked for WCAG AA contrast) --------------
def available_themes() -> list[Theme]:
    """The themes the settings screen offers."""
    from app.settings import Theme
    from ui.a11y.themes import THEME_COLORS

    return [Theme.SYSTEM, *(t for t in (Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST) if t in THEME_COLORS)]


def palette_for(theme: Theme) -> QPalette:
    from ui.a11y.themes import palette_for as a11y_palette_for

    return a11y_palette_for(theme)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Sets ``theme``'s palette on the application; every window repaints with it."""
    if app.property("mynadesk_theme") == theme.value:
        return
    app.setPalette(palette_for(theme))
    app.setProperty("mynadesk_theme", theme.value)


def apply_reduced_motion(on: bool) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        if bool(app.property("mynadesk_reduced_motion")) == on:
            return
        app.setProperty("mynadesk_reduced_motion", 1 if on else 0)
    from ui.a11y.motion import set_reduced_motion

    # Off means "as the platform prefers", not "force animations on".
    set_reduced_motion(True if on else None)


# Japanese UI faces, best first, for each platform. The text is mostly Japanese: naming a
# Japanese face spares Qt a fontconfig fallback search for every run of kana and kanji and a
# second (Latin) face (~3 % of the launch, DESIGN.md §9), and gives Japanese glyph forms where a
# fallback could pick a Chinese face. The first one installed becomes the application font's
# only family: with more than one, Qt asks fontconfig for the fallbacks of every size and
# weight before the first paint (~1.5 % of the launch); with one, only for a character the face
# lacks. Where none is installed, the platform's font stays.
JAPANESE_FAMILIES: dict[str, tuple[str, ...]] = {
    "win32": ("Yu Gothic UI", "Meiryo UI", "Meiryo"),
    "darwin": ("Hiragino Sans", "Hiragino Kaku Gothic ProN"),
    "other": ("Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "IPAexGothic", "IPAGothic",
              "TakaoGothic", "VL Gothic"),
}


def japanese_family(installed: list[str], platform: str | None = None) -> str | None:
    """The platform's first Japanese UI face among the ``installed`` families, or None."""
    import sys

    names = {family.casefold() for family in installed}
    preferred = JAPANESE_FAMILIES.get(platform or sys.platform, JAPANESE_FAMILIES["other"])
    return next((family for family in preferred if family.casefold() in names), None)


def prefer_japanese_font(app: QApplication) -> None:
    """Makes the platform's Japanese UI face the application font's family (see above)."""
    from PySide6.QtGui import QFontDatabase

    family = japanese_family(QFontDatabase.families())
    font = app.font()
    if family is None or font.families() == [family]:
        return
    font.setFamilies([family])
    app.setFont(font)


def apply_appearance(app: QApplication, settings: Settings, *, startup: bool = False) -> None:
    """Font size, theme and reduced motion from ``settings``, at once and app-wide.
    At start-up the defaults cost nothing (no palette is built for the system theme)."""
    from app.settings import Theme

    if startup:
        prefer_japanese_font(app)
    if not startup or settings.font_scale != 1.0:
        apply_font_scale(app, settings.font_scale)
    if not startup or settings.theme != Theme.SYSTEM:
        apply_theme(app, settings.theme)
    if not startup or settings.reduced_motion:
        apply_reduced_motion(settings.reduced_motion)


def stylesheet(theme: Theme | None = None) -> str:
    """The app style sheet, plus the theme's additions (focus rings, field borders, warning
    colours) when ui.a11y provides them; the system theme gets the light or dark ones."""
    # Beside the package rather than importlib.resources (5 ms at start-up); the styles are
    # plain files in the package in every layout we ship (editable, wheel, PyInstaller folder).
    base = Path(resources.styles.__file__).with_name("app.qss").read_text(encoding="utf-8")
    if theme is None:
        return base
    from ui.a11y.themes import theme_stylesheet

    return base + "\n" + theme_stylesheet(theme)


#: The window icon's sizes, rendered from resources/icons/mynadesk.svg by scripts/render-icons:
#: PNGs need no SVG support loaded into the app (about 1 MiB resident after login).
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = Path(resources.icons.__file__).parent
    for size in APP_ICON_SIZES:
        icon.addFile(str(folder / f"mynadesk-{size}.png"))
    return icon
