"""A resident with large text (200 %) in a 1024×720 window at home: every page fits the window's
width. Nothing scrolls sideways (the application wizard's pages, わたしの情報, お知らせ, カード,
設定, 代理人, やりとり履歴), no text on them is cut, and the window stays 1024 px wide."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea, QWidget

from ui.a11y.layout_check import find_layout_issues, settle

FORM = "jidou-teate-nintei"


def _sideways(root: QWidget) -> list[str]:
    """Page areas (not lists or tables, whose columns may scroll) that scroll sideways."""
    out = []
    for area in [root, *root.findChildren(QScrollArea)]:
        if isinstance(area, QScrollArea) and area.isVisible() and area.horizontalScrollBar().isVisible():
            inner = area.widget()
            out.append(f"{area.objectName() or type(area).__name__}: {inner.width() if inner else '?'} px "
                       f"in a {area.viewport().width()} px view")
    return out


def _problems(j, where: str, root: QWidget) -> list[str]:
    settle()
    j.settle()
    out = [f"{where}: scrolls sideways: {p}" for p in _sideways(j.window.screen_scroll)]
    out += [f"{where}: {issue}" for issue in find_layout_issues(root, overlaps=False)]
    if j.window.width() > 1024:
        out.append(f"{where}: the window grew to {j.window.width()} px")
    return out


def _screens_at_200_percent(j, screens: tuple[str, ...], *, wizard: bool = False) -> list[str]:
    j.resize(1024, 720)
    j.login_as("r01")
    j.set_font_scale(200)
    problems: list[str] = []
    try:
        j.resize(1024, 720)
        for key in screens:
            problems += _problems(j, key, j.open_screen(key))
        if wizard:
            screen = j.open_screen("services")
            search = screen.search
            j.wait_until(lambda: search.model.rowCount() > 0)
            assert search.select_service(FORM)
            j.click(search.apply_button)
            j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
            for step in range(screen.wizard.review_step + 1):
                screen.wizard.go(step)
                problems += _problems(j, f"wizard page {step}", screen.wizard)
            screen.close_wizard()
    finally:
        j.set_font_scale(100)
    return problems


def test_the_wizard_and_screens_fit_a_1024_by_720_window_at_200_percent(home):
    problems = _screens_at_200_percent(home, ("home", "self_info", "notices", "proxies", "settings"), wizard=True)
    assert not problems, "\n".join(problems)


@pytest.mark.xfail(strict=True, reason="the history filters and the card's PIN rows need more than 1024 px at 200 %")
def test_history_and_card_fit_a_1024_by_720_window_at_200_percent(home):
    problems = _screens_at_200_percent(home, ("history", "card"))
    assert not problems, "\n".join(problems)
