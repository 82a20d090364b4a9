"""A resident with large text (200 %) in a 1024×720 window at home: every page fits the window's
width. Nothing scrolls sideways (the application wizard's pages, わたしの情報, お知らせ, カード,
設定, 代理人, やりとり履歴) and no text on them is cut."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea, QWidget

from ui.a11y.layout_check import find_layout_issues, settle

FORM = "jidou-teate-nintei"
SCREENS = ("home", "history", "self_info", "notices", "card", "proxies", "settings")


def _sideways(root: QWidget) -> list[str]:
    """Page areas (not lists or tables, whose columns may scroll) that scroll sideways."""
    out = []
    for area in [root, *root.findChildren(QScrollArea)]:
        if isinstance(area, QScrollArea) and area.isVisible() and area.horizontalScrollBar().isVisible():
            inner = area.widget()
            out.append(f"{area.objectName() or type(area).__name__}: {inner.width() if inner else '?'} px "
                       f"in a {area.viewport().width()} px view")
    return out


def _cut(root: QWidget) -> list[str]:
    return [str(issue) for issue in find_layout_issues(root, overlaps=False)]


@pytest.mark.xfail(strict=True, reason="the wizard's pages are wider than the window at 200 %")
def test_pages_fit_a_1024_by_720_window_at_200_percent(home):
    j = home
    j.resize(1024, 720)
    j.login_as("r01")
    j.set_font_scale(200)
    problems: list[str] = []
    try:
        j.resize(1024, 720)
        for key in SCREENS:
            screen = j.open_screen(key)
            settle()
            j.settle()
            problems += [f"{key}: scrolls sideways: {p}" for p in _sideways(j.window.screen_scroll)]
            problems += [f"{key}: {p}" for p in _cut(screen)]
            if j.window.width() > 1024:
                problems.append(f"{key}: the window grew to {j.window.width()} px")

        screen = j.open_screen("services")
        search = screen.search
        j.wait_until(lambda: search.model.rowCount() > 0)
        assert search.select_service(FORM)
        j.click(search.apply_button)
        j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
        wizard = screen.wizard
        for step in range(wizard.review_step + 1):
            wizard.go(step)
            settle()
            j.settle()
            problems += [f"wizard page {step}: scrolls sideways: {p}" for p in _sideways(j.window.screen_scroll)]
            problems += [f"wizard page {step}: {p}" for p in _cut(wizard)]
            if j.window.width() > 1024:
                problems.append(f"wizard page {step}: the window grew to {j.window.width()} px")
        screen.close_wizard()
    finally:
        j.set_font_scale(100)
    assert not problems, "\n".join(problems)
