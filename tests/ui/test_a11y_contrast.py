"""Text contrast at least 4.5:1 (3:1 for focus and selection cues) in every theme, checked
from the palettes themselves, and the fixed colours of the style sheet on each theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from app.settings import Theme
from ui.a11y.contrast import AA_TEXT, check_palette, contrast_ratio
from ui.a11y.themes import WARNING_COLORS, apply_theme, palette_for


def test_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near-miss
    assert contrast_ratio("#767676", "#ffffff") >= AA_TEXT


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_every_text_pair_meets_aa(theme: Theme) -> None:
    issues = check_palette(palette_for(theme))
    assert not issues, "\n".join(map(str, issues))


def test_high_contrast_reaches_aaa() -> None:
    assert not check_palette(palette_for(Theme.HIGH_CONTRAST), pairs=(
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window, 7.0),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base, 7.0),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button, 7.0),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight, 7.0)))


def test_the_checker_catches_a_bad_palette() -> None:
    palette = palette_for(Theme.LIGHT)
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.Window).darker(115))
    assert any(issue.foreground == "WindowText" for issue in check_palette(palette))


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_fixed_style_sheet_colours_readable_in_every_theme(theme: Theme) -> None:
    window = palette_for(theme).color(QPalette.ColorRole.Window)
    assert contrast_ratio(WARNING_COLORS[theme], window) >= AA_TEXT
    assert contrast_ratio("#ffffff", "#b3261e") >= AA_TEXT  # the デモ badge, the same in every theme


def test_applying_a_theme_changes_what_widgets_draw(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    before = qapp.palette()
    try:
        apply_theme(qapp, Theme.DARK)
        label = QLabel("テスト")
        qtbot.addWidget(label)
        assert label.palette().color(QPalette.ColorRole.Window).name() == "#1e1f22"
    finally:
        qapp.setPalette(before)


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_real_controls_are_visible_in_every_theme(qapp, qtbot, theme: Theme) -> None:  # type: ignore[no-untyped-def]
    """What the controls paint under the app's style sheet and palette, in every state a
    resident meets: unchecked and checked boxes, a field with and without focus, a combo box,
    a spin box, a list."""
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QFormLayout,
        QLineEdit,
        QListWidget,
        QRadioButton,
        QSpinBox,
        QWidget,
    )

    from ui.a11y.contrast import widget_contrast_issues
    from ui.style import stylesheet

    before = qapp.palette()
    try:
        apply_theme(qapp, theme)
        form = QWidget()
        qtbot.addWidget(form)
        form.setStyleSheet(stylesheet(theme))
        layout = QFormLayout(form)
        unchecked, checked = QCheckBox("通知を受け取る", form), QCheckBox("同意します", form)
        checked.setChecked(True)
        radio = QRadioButton("はい", form)
        focused, plain = QLineEdit(form), QLineEdit("山田 花子", form)
        combo, spin, items = QComboBox(form), QSpinBox(form), QListWidget(form)
        combo.addItems(["すべて", "過去1年"])
        items.addItems(["お知らせ 1", "お知らせ 2"])
        for label, widget in (("未選択", unchecked), ("選択", checked), ("ラジオ", radio), ("入力中", focused),
                              ("氏名", plain), ("期間", combo), ("数", spin), ("一覧", items)):
            layout.addRow(label, widget)
        form.show()
        qtbot.waitExposed(form)
        focused.setFocus()
        qtbot.waitUntil(focused.hasFocus)
        issues = widget_contrast_issues(form)
        assert not issues, "\n".join(map(str, issues))
    finally:
        qapp.setPalette(before)
        qapp.setProperty("mynadesk_theme", None)
