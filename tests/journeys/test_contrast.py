"""Point 11: every theme readable on the real widgets, as a resident with low vision uses it.

The resident picks a theme in 設定 and goes through the screens with checkboxes, fields and
deadline warnings. What the widgets paint (not what the palette promises) must meet WCAG AA:
text 4.5:1 on its background, a checkbox's box and a field's border 3:1 on what surrounds
them, in every state the resident meets (unchecked, checked, focused).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from app.settings import Theme
from ui.a11y.contrast import widget_contrast_issues
from ui.portal.delivery import DeliveryDialog
from ui.portal.notice_model import deadline_state


def _check(j, root: QWidget, where: str, found: list[str]) -> None:
    j.settle()
    found += [f"{where}: {issue}" for issue in widget_contrast_issues(root)]


@pytest.mark.parametrize("theme", [Theme.HIGH_CONTRAST, Theme.LIGHT, Theme.DARK])
def test_every_theme_is_readable_on_the_real_widgets(home, theme):
    found: list[str] = []
    home.set_theme(theme)
    try:
        _check(home, home.screen("settings"), "設定", found)
        home.login_as("r01")  # 山田 花子: a 認定請求 past its deadline, and delivery to set up
        _check(home, home.open_screen("home"), "ホーム", found)

        notices = home.open_screen("notices")
        home.wait_until(lambda: notices.model.rowCount() > 0)
        urgent = [r for r in range(notices.model.rowCount())
                  if deadline_state(notices.model.notice(r), notices.model.today) in ("soon", "overdue")]
        assert urgent, "the demo resident has a notice whose deadline is near or past"
        notices.list.setCurrentIndex(notices.model.index(urgent[0], 0))
        home.wait_until(lambda: notices.deadline.isVisible())
        _check(home, notices, "お知らせ", found)

        # (The screen keeps its last dialog, deleted once closed: point 3's fix is elsewhere.
        # Forgetting it lets this journey open the dialog once per theme.)
        notices.delivery_dialog = None
        home.click(notices.delivery_button)
        dialog = home.wait_dialog(DeliveryDialog)
        home.wait_until(lambda: dialog.state is not None and dialog.category_checks)
        checks = list(dialog.category_checks.values())
        checks[0].setChecked(not checks[0].isChecked())  # both states side by side
        home.click(dialog.account)  # a focused field too
        _check(home, dialog, "民間送達サービス", found)
        home.press("Escape")
        home.wait_no_dialog()

        history = home.open_screen("history")
        home.wait_until(lambda: history.model.total is not None)
        _check(home, history, "やりとり履歴", found)
    finally:
        home.set_theme(Theme.SYSTEM)
    assert not found, f"{theme.value}:\n" + "\n".join(found)


def test_the_check_sees_an_invisible_checkbox(qtbot):
    """The check itself: a checkbox drawn in the window's own colour is reported."""
    from PySide6.QtWidgets import QCheckBox, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    check = QCheckBox("見えない", box)
    QVBoxLayout(box).addWidget(check)
    box.setStyleSheet("QWidget { background: black; color: white; }"
                      " QCheckBox::indicator { border: 1px solid black; background: black; }")
    box.show()
    qtbot.waitExposed(box)
    assert any(i.part.startswith("indicator") for i in widget_contrast_issues(box))
