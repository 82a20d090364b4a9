"""WCAG 2.x contrast: relative luminance, contrast ratio, and a check of a palette's text pairs.

AA asks 4.5:1 for normal text and 3:1 for large text and for non-text UI parts (focus rings,
control borders). Disabled controls are exempt (WCAG 1.4.3), so only the Active and Inactive
colour groups are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

AA_TEXT = 4.5
AA_LARGE_OR_UI = 3.0

#: (foreground, background, minimum ratio): every text role on the background it is drawn on.
TEXT_PAIRS: tuple[tuple[Role, Role, float], ...] = (
    (Role.WindowText, Role.Window, AA_TEXT),
    (Role.Text, Role.Base, AA_TEXT),
    (Role.Text, Role.AlternateBase, AA_TEXT),
    (Role.ButtonText, Role.Button, AA_TEXT),
    (Role.ButtonText, Role.Window, AA_TEXT),  # flat buttons
    (Role.HighlightedText, Role.Highlight, AA_TEXT),
    (Role.PlaceholderText, Role.Base, AA_TEXT),
    (Role.ToolTipText, Role.ToolTipBase, AA_TEXT),
    (Role.Link, Role.Base, AA_TEXT),
    (Role.Link, Role.Window, AA_TEXT),
    (Role.LinkVisited, Role.Base, AA_TEXT),
    # Non-text: the focus ring and selection (Highlight) against what it sits on.
    (Role.Highlight, Role.Window, AA_LARGE_OR_UI),
    (Role.Highlight, Role.Base, AA_LARGE_OR_UI),
)


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor) -> float:
    r, g, b = color.redF(), color.greenF(), color.blueF()
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    la, lb = relative_luminance(QColor(a)), relative_luminance(QColor(b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class ContrastIssue:
    group: str
    foreground: str
    background: str
    ratio: float
    required: float

    def __str__(self) -> str:
        return f"{self.group}: {self.foreground} on {self.background} is {self.ratio:.2f}:1 (needs {self.required}:1)"


def check_palette(palette: QPalette, pairs: tuple[tuple[Role, Role, float], ...] = TEXT_PAIRS) -> list[ContrastIssue]:
    issues: list[ContrastIssue] = []
    for group in (Group.Active, Group.Inactive):
        for fg, bg, required in pairs:
            ratio = contrast_ratio(palette.color(group, fg), palette.color(group, bg))
            if ratio + 1e-9 < required:
                issues.append(ContrastIssue(group.name, fg.name, bg.name, round(ratio, 2), required))
    return issues
