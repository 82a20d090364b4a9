"""Light, dark and high-contrast themes as QPalettes.

Colours live here and nowhere else: the style sheet (resources/styles/app.qss) uses palette
roles, so a theme is one ``QApplication.setPalette``. Every text/background pair is checked
against WCAG AA by ``tests/ui/test_a11y_contrast.py`` (:mod:`ui.a11y.contrast`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.settings import Theme

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# role -> (active/inactive colour, disabled colour)
_LIGHT: Mapping[Role, tuple[str, str]] = {
    Role.Window: ("#f6f6f4", "#f6f6f4"),
    Role.WindowText: ("#1b1b1b", "#6e6e6e"),
    Role.Base: ("#ffffff", "#f2f2f2"),
    Role.AlternateBase: ("#eef2f6", "#eef2f6"),
    Role.Text: ("#1b1b1b", "#6e6e6e"),
    Role.PlaceholderText: ("#5f6368", "#7a7a7a"),
    Role.Button: ("#e8eaed", "#eeeeee"),
    Role.ButtonText: ("#1b1b1b", "#6e6e6e"),
    Role.BrightText: ("#ffffff", "#ffffff"),
    Role.Highlight: ("#0b57d0", "#9e9e9e"),
    Role.HighlightedText: ("#ffffff", "#ffffff"),
    Role.Link: ("#0b57d0", "#6e6e6e"),
    Role.LinkVisited: ("#6a1b9a", "#6e6e6e"),
    Role.ToolTipBase: ("#1b1b1b", "#1b1b1b"),
    Role.ToolTipText: ("#ffffff", "#ffffff"),
    Role.Light: ("#ffffff", "#ffffff"),
    Role.Midlight: ("#f0f0f0", "#f0f0f0"),
    Role.Mid: ("#8a8a8a", "#b0b0b0"),
    Role.Dark: ("#5f5f5f", "#9e9e9e"),
    Role.Shadow: ("#000000", "#000000"),
}

_DARK: Mapping[Role, tuple[str, str]] = {
    Role.Window: ("#1e1f22", "#1e1f22"),
    Role.WindowText: ("#e8e8e8", "#8c8c8c"),
    Role.Base: ("#141518", "#1e1f22"),
    Role.AlternateBase: ("#262a31", "#262a31"),
    Role.Text: ("#e8e8e8", "#8c8c8c"),
    Role.PlaceholderText: ("#a8abb0", "#7a7a7a"),
    Role.Button: ("#2d3036", "#26282c"),
    Role.ButtonText: ("#e8e8e8", "#8c8c8c"),
    Role.BrightText: ("#ffffff", "#ffffff"),
    Role.Highlight: ("#8ab4f8", "#4a4a4a"),
    Role.HighlightedText: ("#0b0b0b", "#d0d0d0"),
    Role.Link: ("#8ab4f8", "#8c8c8c"),
    Role.LinkVisited: ("#d7aefb", "#8c8c8c"),
    Role.ToolTipBase: ("#e8e8e8", "#e8e8e8"),
    Role.ToolTipText: ("#141518", "#141518"),
    Role.Light: ("#4a4d54", "#4a4d54"),
    Role.Midlight: ("#3a3d43", "#3a3d43"),
    Role.Mid: ("#8a8d93", "#5a5d63"),
    Role.Dark: ("#101114", "#101114"),
    Role.Shadow: ("#000000", "#000000"),
}

# White on black with yellow selection and thick cues, after Windows' "High Contrast Black":
# every text pair is at least 7:1 (WCAG AAA).
_HIGH_CONTRAST: Mapping[Role, tuple[str, str]] = {
    Role.Window: ("#000000", "#000000"),
    Role.WindowText: ("#ffffff", "#c0c0c0"),
    Role.Base: ("#000000", "#000000"),
    Role.AlternateBase: ("#1a1a1a", "#1a1a1a"),
    Role.Text: ("#ffffff", "#c0c0c0"),
    Role.PlaceholderText: ("#d0d0d0", "#a0a0a0"),
    Role.Button: ("#000000", "#000000"),
    Role.ButtonText: ("#ffffff", "#c0c0c0"),
    Role.BrightText: ("#ffff00", "#ffff00"),
    Role.Highlight: ("#ffff00", "#c0c0c0"),
    Role.HighlightedText: ("#000000", "#000000"),
    Role.Link: ("#00ffff", "#c0c0c0"),
    Role.LinkVisited: ("#ff80ff", "#c0c0c0"),
    Role.ToolTipBase: ("#000000", "#000000"),
    Role.ToolTipText: ("#ffffff", "#ffffff"),
    Role.Light: ("#ffffff", "#ffffff"),
    Role.Midlight: ("#c0c0c0", "#c0c0c0"),
    Role.Mid: ("#ffffff", "#c0c0c0"),
    Role.Dark: ("#ffffff", "#c0c0c0"),
    Role.Shadow: ("#ffffff", "#ffffff"),
}

THEME_COLORS: Mapping[Theme, Mapping[Role, tuple[str, str]]] = {
    Theme.LIGHT: _LIGHT,
    Theme.DARK: _DARK,
    Theme.HIGH_CONTRAST: _HIGH_CONTRAST,
}

#: Colours the style sheet uses outside the palette (warnings must look the same in every
#: theme); per theme, the one to use so that it keeps 4.5:1 on that theme's Window colour.
WARNING_COLORS: Mapping[Theme, str] = {
    Theme.LIGHT: "#b3261e",
    Theme.DARK: "#ffb4ab",
    Theme.HIGH_CONTRAST: "#ffff00",
}


#: The やりとり履歴 chart's series colours, per theme: each keeps at least 3:1 against the theme's
#: Base and Window (WCAG 1.4.11, graphics), after Okabe–Ito's colour-blind-safe set.
CHART_COLORS: Mapping[Theme, tuple[str, ...]] = {
    Theme.LIGHT: ("#0072B2", "#B35900", "#007A5A", "#A8457E", "#5A5AC8", "#8C6D00", "#C2185B"),
    Theme.DARK: ("#56B4E9", "#E69F00", "#3CCB9C", "#F08CC4", "#F0E442", "#FF8A50", "#B8A8FF"),
    Theme.HIGH_CONTRAST: ("#00FFFF", "#FFFF00", "#00FF00", "#FF80FF", "#FFFFFF", "#FFA040", "#80A0FF"),
}
#: The chart's その他 (agencies beyond the seven with colours of their own).
CHART_OTHER: Mapping[Theme, str] = {
    Theme.LIGHT: "#6e6e6e",
    Theme.DARK: "#a0a0a0",
    Theme.HIGH_CONTRAST: "#c0c0c0",
}


#: Borders of fields (line edits, combo and spin boxes, lists) and of checkbox and radio button
#: boxes: at least 3:1 on the theme's Window, Base and AlternateBase (WCAG 1.4.11).
FIELD_BORDER: Mapping[Theme, str] = {
    Theme.LIGHT: "#6e6e6e",
    Theme.DARK: "#9a9da3",
    Theme.HIGH_CONTRAST: "#ffffff",
}
#: Cautions (less than an error: e.g. "check this"), 4.5:1 on the theme's Window.
CAUTION_COLORS: Mapping[Theme, str] = {
    Theme.LIGHT: "#8a5300",
    Theme.DARK: "#ffcf70",
    Theme.HIGH_CONTRAST: "#ffff00",
}
#: A deadline that is near or past, as a badge: (text, background), 4.5:1 between them and the
#: badge 3:1 on the Window around it.
ALERT_BADGE: Mapping[Theme, tuple[str, str]] = {
    Theme.LIGHT: ("#ffffff", "#b3261e"),
    Theme.DARK: ("#1b1b1b", "#ffb4ab"),
    Theme.HIGH_CONTRAST: ("#000000", "#ffff00"),
}


#: The check mark drawn on a ticked checkbox's Highlight box: the asset whose colour is the
#: theme's HighlightedText (resources/icons).
CHECK_MARK: Mapping[Theme, str] = {
    Theme.LIGHT: "check-white.svg",
    Theme.DARK: "check-black.svg",
    Theme.HIGH_CONTRAST: "check-black.svg",
}

#: The spin boxes' arrows (drawn by the style sheet once fields have a border): the asset in the
#: theme's ButtonText colour.
ARROW_COLOR: Mapping[Theme, str] = {
    Theme.LIGHT: "black",
    Theme.DARK: "white",
    Theme.HIGH_CONTRAST: "white",
}


def effective_theme(theme: Theme | None = None) -> Theme:
    """``theme``, or the application's current one; the system theme counts as light or dark
    by its window colour (for the few fixed colours that must suit it)."""
    if theme is None:
        app = QApplication.instance()
        value = app.property("mynadesk_theme") if isinstance(app, QApplication) else None
        try:
            theme = Theme(value) if value else Theme.SYSTEM
        except ValueError:
            theme = Theme.SYSTEM
    if theme in THEME_COLORS:
        return theme
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.palette().color(Role.Window).lightness() < 128:
        return Theme.DARK
    return Theme.LIGHT


def alert_color(theme: Theme | None = None) -> QColor:
    """Text that warns (an overdue deadline, a refused exchange) in ``theme`` (default: the current one)."""
    return QColor(WARNING_COLORS[effective_theme(theme)])


def palette_for(theme: Theme) -> QPalette:
    """The palette for ``theme``; SYSTEM gives the platform style's standard palette."""
    if theme == Theme.SYSTEM:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            return app.style().standardPalette()
        return QPalette()
    palette = QPalette()
    for role, (normal, disabled) in THEME_COLORS[theme].items():
        for group in (Group.Active, Group.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(Group.Disabled, role, QColor(disabled))
    return palette


def theme_stylesheet(theme: Theme) -> str:
    """Additions to the app style sheet for ``theme``: thicker focus rings in high contrast,
    visible field borders and checkbox boxes, and the theme's warning colours (appended after
    resources/styles/app.qss). The system theme gets the light or dark set, by its colours."""
    theme = effective_theme(theme)
    warning = WARNING_COLORS[theme]
    caution = CAUTION_COLORS[theme]
    border = FIELD_BORDER[theme]
    badge_text, badge = ALERT_BADGE[theme]
    ring = "3px" if theme == Theme.HIGH_CONTRAST else "2px"
    return (
        # Styles draw field frames and checkbox boxes in shades of Window that vanish on a
        # white or black window: a border in the theme's field colour instead.
        f"QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QAbstractItemView"
        f" {{ border: 1px solid {border}; }}\n"
        f"QLineEdit, QComboBox, QAbstractSpinBox {{ padding: 0.15em 0.3em; }}\n"
        f"QCheckBox::indicator, QRadioButton::indicator {{ width: 0.9em; height: 0.9em;"
        f" border: 2px solid {border}; background: palette(base); }}\n"
        f"QRadioButton::indicator {{ border-radius: 0.45em; }}\n"
        f"QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: palette(highlight); }}\n"
        f"QCheckBox::indicator:checked {{ image: url({_icon(CHECK_MARK[theme])}); }}\n"
        f"QAbstractSpinBox::up-arrow {{ image: url({_icon(f'arrow-up-{ARROW_COLOR[theme]}.svg')}); width: 0.6em; }}\n"
        f"QAbstractSpinBox::down-arrow {{ image: url({_icon(f'arrow-down-{ARROW_COLOR[theme]}.svg')}); width: 0.6em; }}\n"
        f"QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: palette(mid); }}\n"
        f"QLabel[role=\"error\"], QLabel[alert=\"true\"] {{ color: {warning}; font-weight: bold; }}\n"
        f"QLabel[role=\"warning\"] {{ color: {caution}; font-weight: bold; }}\n"
        f"QLabel[deadline=\"soon\"], QLabel[deadline=\"overdue\"] {{ color: {badge_text}; background: {badge};"
        f" padding: 0.3em; font-weight: bold; }}\n"
        f"#backendStatus[state=\"error\"] {{ color: {warning}; }}\n"
        # QSS has no outline for most widgets: a border in the highlight colour is the ring.
        f"QPushButton:focus, QToolButton:focus, QComboBox:focus, QLineEdit:focus, QAbstractItemView:focus,"
        f" QAbstractScrollArea:focus {{ border: {ring} solid palette(highlight); }}\n"
        f"QCheckBox:focus, QRadioButton:focus {{ border: {ring} solid palette(highlight); padding: 1px; }}\n"
        + ("QPushButton, QToolButton { border: 2px solid palette(button-text); }\n"
           if theme == Theme.HIGH_CONTRAST else "")
    )


def _icon(name: str) -> str:
    import resources.icons

    return Path(resources.icons.__file__).with_name(name).as_posix()


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Sets ``theme``'s palette on the application (widgets repaint; a LanguageChange is not needed)."""
    app.setPalette(palette_for(theme))
    app.setProperty("mynadesk_theme", theme.value)
