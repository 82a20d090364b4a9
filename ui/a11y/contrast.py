"""WCAG 2.x contrast: relative luminance, contrast ratio, and a check of a palette's text pairs.

AA asks 4.5:1 for normal text and 3:1 for large text and for non-text UI parts (focus rings,
control borders). Disabled controls are exempt (WCAG 1.4.3), so only the Active and Inactive
colour groups are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

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


# -- on the real widgets ---------------------------------------------------------------------
# The palette check above cannot see what a style draws from it: a checkbox's box or a field's
# border may be drawn in a colour derived from Window (darker(), lighter()) that vanishes on a
# black or white window. These read the pixels the widgets actually paint.


@dataclass(frozen=True)
class WidgetContrastIssue:
    widget: str
    part: str  # "text" | "indicator" | "border"
    ratio: float
    required: float

    def __str__(self) -> str:
        return f"{self.widget}: {self.part} is {self.ratio:.2f}:1 (needs {self.required}:1)"


def _pixels(image: QImage, rect: QRect) -> list[int]:
    import struct

    img = image.convertToFormat(QImage.Format.Format_RGB32).copy(rect)
    data = bytes(img.constBits())[: img.sizeInBytes()]
    return [p[0] for p in struct.iter_unpack("<I", data)]


def _ratio_to(rgb: int, background: QColor) -> float:
    return contrast_ratio(QColor.fromRgb(rgb & 0xFFFFFF), background)


def best_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The highest contrast any pixel of ``rect`` has with ``background`` (text: its glyphs'
    cores; a control part: its most visible pixel)."""
    colours = set(_pixels(image, rect.intersected(image.rect())))
    return max((_ratio_to(c, background) for c in colours), default=1.0)


def edge_contrast(image: QImage, background: QColor, depth: int = 3) -> float:
    """How visible a field's border is: along the middle of each edge, the best contrast within
    ``depth`` pixels of the edge, and the worst of those along all four edges (a border that
    is there on three sides only, or in spots, does not count)."""
    w, h = image.width(), image.height()
    if w < 8 or h < 8:
        return 1.0
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    worst = 99.0
    cache: dict[int, float] = {}

    def ratio(x: int, y: int) -> float:
        rgb = img.pixel(x, y) & 0xFFFFFF
        if rgb not in cache:
            cache[rgb] = _ratio_to(rgb, background)
        return cache[rgb]

    for x in range(w // 4, 3 * w // 4, max(1, w // 40)):
        worst = min(worst, max(ratio(x, d) for d in range(depth)), max(ratio(x, h - 1 - d) for d in range(depth)))
    for y in range(h // 4, 3 * h // 4, max(1, h // 20)):
        worst = min(worst, max(ratio(d, y) for d in range(depth)), max(ratio(w - 1 - d, y) for d in range(depth)))
    return worst


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__}#{widget.objectName() or '?'}" + (f" {text[:20]!r}" if text else "")


def _background_of(widget: QWidget) -> QColor:
    """The colour around ``widget``: the pixel just outside it in its parent's painting."""
    parent = widget.parentWidget()
    if parent is None:
        return widget.palette().color(Role.Window)
    image = parent.grab(widget.geometry().adjusted(-2, -2, 2, 2)).toImage()
    return QColor(image.pixel(0, 0))


def _item_colour_issues(view: QAbstractItemView, rows: int = 60) -> list[WidgetContrastIssue]:
    """Rows whose model gives a text colour of its own (ForegroundRole), on the view's Base and
    AlternateBase: the colour the delegate paints them in."""
    model = view.model()
    palette = view.palette()
    out: list[WidgetContrastIssue] = []
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model: its columnCount is private to C++
        columns = 1
    for row in range(min(rows, model.rowCount(QModelIndex()))):
        for col in range(columns):
            brush = model.index(row, col).data(Qt.ItemDataRole.ForegroundRole)
            color = brush.color() if isinstance(brush, QBrush) else brush if isinstance(brush, QColor) else None
            if color is None:
                continue
            ratio = min(contrast_ratio(color, palette.color(Role.Base)),
                        contrast_ratio(color, palette.color(Role.AlternateBase)))
            if ratio + 1e-9 < AA_TEXT:
                out.append(WidgetContrastIssue(f"{_name(view)} row {row}", "text", round(ratio, 2), AA_TEXT))
                return out
    return out


def widget_contrast_issues(root: QWidget) -> list[WidgetContrastIssue]:
    """WCAG AA on what the visible, enabled widgets under ``root`` paint: label text 4.5:1 on
    the label's own background; a checkbox's or radio button's box and a text field's, combo
    box's or spin box's border 3:1 on what surrounds it (WCAG 1.4.11)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    issues: list[WidgetContrastIssue] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled() or widget.width() < 4 or widget.height() < 4:
            continue
        if isinstance(widget, QLabel):
            if not widget.text().strip() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
                continue
            image = widget.grab().toImage()
            background = QColor(image.pixel(0, 0))
            ratio = best_contrast(image, image.rect(), background)
            if ratio + 1e-9 < AA_TEXT:
                issues.append(WidgetContrastIssue(_name(widget), "text", round(ratio, 2), AA_TEXT))
        elif isinstance(widget, QCheckBox | QRadioButton):
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(widget, QCheckBox)
                       else QStyle.SubElement.SE_RadioButtonIndicator)
            rect = widget.style().subElementRect(element, option, widget)
            ratio = best_contrast(widget.grab().toImage(), rect, _background_of(widget))
            if ratio + 1e-9 < AA_LARGE_OR_UI:
                state = "checked" if widget.isChecked() else "unchecked"
                issues.append(WidgetContrastIssue(_name(widget), f"indicator ({state})", round(ratio, 2), AA_LARGE_OR_UI))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            issues += _item_colour_issues(widget)
            if not isinstance(widget.parentWidget(), QComboBox) and not isinstance(widget, QHeaderView):
                ratio = edge_contrast(widget.grab().toImage(), _background_of(widget), depth=3)
                if ratio + 1e-9 < AA_LARGE_OR_UI:
                    issues.append(WidgetContrastIssue(_name(widget), "border", round(ratio, 2), AA_LARGE_OR_UI))
        elif isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox):
            if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
                continue  # the editor inside a combo or spin box: its owner's border counts
            ratio = edge_contrast(widget.grab().toImage(), _background_of(widget))
            if ratio + 1e-9 < AA_LARGE_OR_UI:
                issues.append(WidgetContrastIssue(_name(widget), "border", round(ratio, 2), AA_LARGE_OR_UI))
    return issues
