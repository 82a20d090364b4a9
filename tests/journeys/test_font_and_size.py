"""Point 10: a resident who needs large text sets 200 % in 設定 and goes through the screens;
another uses a 1024×720 window.

At 200 % headings stay larger than body text, the window does not grow by itself, and no
button is cut; back at 100 % the window can be as small as before. At 1024×720 the history
list shows whole columns (less important ones give way; the explanation beside the list has
them), without scrolling sideways.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

SCREENS = ("history", "notices", "self_info", "home", "services", "card", "settings")
HEADINGS = {"history": "historyTitle", "notices": "noticesTitle", "self_info": "selfInfoTitle"}


def _cut_buttons(screen) -> list[str]:
    out = []
    for button in screen.findChildren(QPushButton):
        if button.isVisible() and button.text() and button.width() < button.minimumSizeHint().width():
            out.append(f"{button.objectName()} {button.text()!r}: {button.width()} < {button.minimumSizeHint().width()}")
    return out


def test_200_percent_keeps_headings_large_and_the_window_its_size(home):
    home.resize(1280, 860)
    home.login_as("r01")
    for key in SCREENS:  # the screens are open before the resident changes the size
        home.open_screen(key)
    home.settle()
    min_before = home.window.minimumSizeHint().width()
    problems: list[str] = []
    home.set_font_scale(200)
    try:
        for key in SCREENS:
            screen = home.open_screen(key)
            home.settle()
            if key in HEADINGS:
                heading = screen.findChild(QLabel, HEADINGS[key])
                assert heading is not None, HEADINGS[key]
                body = home.window.font().pointSizeF()
                if heading.font().pointSizeF() <= body:
                    problems.append(f"{key}: heading {heading.font().pointSizeF()} pt ≤ body {body} pt")
            problems += [f"{key}: cut {b}" for b in _cut_buttons(screen)]
            if home.window.width() > 1280:
                problems.append(f"{key}: the window grew to {home.window.width()} px")
            if home.window.minimumSizeHint().width() > 1024:
                problems.append(f"{key}: the window cannot be narrower than {home.window.minimumSizeHint().width()} px")
        # A screen that fits scrolls not at all, whatever the others need.
        home.open_screen("settings")
        home.settle()
        if home.window.screen_scroll.horizontalScrollBar().isVisible():
            problems.append("settings: scrolls sideways although it fits (the history screen's width counts)")
    finally:
        home.set_font_scale(100)
    home.settle()
    if home.window.minimumSizeHint().width() > max(min_before, 1024):
        problems.append(f"back at 100 %: minimum width {home.window.minimumSizeHint().width()} px")
    assert not problems, "\n".join(problems)


def test_history_at_1024_by_720_shows_whole_columns(home):
    home.resize(1024, 720)
    home.login_as("r01")
    history = home.open_screen("history")
    home.wait_until(lambda: history.model.record_count > 0)
    home.settle()
    table = history.table
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    right = max(header.sectionViewportPosition(c) + header.sectionSize(c) for c in shown)
    assert right <= table.viewport().width(), f"columns run {right - table.viewport().width()} px past the list"
    assert len(shown) >= 4, shown
    assert home.window.width() <= 1024
