"""和暦 in the wizard: what the resident types is shown back as the date and its 和暦, an
impossible date is called impossible, and the review page shows 和暦 beside each date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.test_wizard_validation import field, go_to_section, message, open_wizard, type_into
from ui.kosodate.wizard import WizardView

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def wizard(qtbot: Any, aloop: Any) -> WizardView:
    """Drafts are written off the Qt thread: the loop runs (and is closed), as in the app."""
    w = open_wizard(qtbot, TODAY)
    w.set_value("eligibility.public_servant", "no")
    go_to_section(w, "claimant")
    return w


def test_a_wareki_birth_date_is_read_and_shown_with_its_western_date(
    wizard: WizardView, qapp: QApplication, qtbot: Any
) -> None:
    edit = field(wizard, "claimant.birth_date")
    type_into(qapp, edit, "H7.7.7")
    hint = wizard.findChild(QLabel, "wareki_claimant.birth_date")
    assert hint is not None
    qtbot.waitUntil(hint.isVisible)
    assert hint.text() == "1995-07-07（平成7年7月7日）"
    assert not message(wizard, "claimant.birth_date").isVisible()


def test_an_impossible_date_says_it_does_not_exist(wizard: WizardView, qapp: QApplication, qtbot: Any) -> None:
    type_into(qapp, field(wizard, "claimant.birth_date"), "1994-02-30")
    msg = message(wizard, "claimant.birth_date")
    qtbot.waitUntil(msg.isVisible)
    assert "存在しない日付です" in msg.text()
    hint = wizard.findChild(QLabel, "wareki_claimant.birth_date")
    assert hint is not None
    assert not hint.isVisible()


def test_the_review_page_shows_wareki_beside_dates(wizard: WizardView, qtbot: Any) -> None:
    wizard.state.set("claimant.birth_date", "令和2年5月1日")
    wizard.go(wizard.review_step)
    row = wizard.findChild(QLabel, "reviewRow_claimant.birth_date")
    assert row is not None
    assert row.text().endswith("2020-05-01（令和2年5月1日）")


@pytest.fixture
def english(qapp: QApplication) -> Any:
    from app.settings import Language
    from ui.i18n import install_translators

    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


@pytest.mark.parametrize(("typed", "said"), [
    ("1994-02-30", "This date does not exist."),
    ("平成31年5月1日", "This date does not exist: 平成 ended on 2019-04-30."),
    ("令和元年4月30日", "This date does not exist: 令和 began on 2019-05-01."),
])
def test_in_english_an_impossible_date_is_called_impossible(
    english: None, wizard: WizardView, qapp: QApplication, qtbot: Any, typed: str, said: str
) -> None:
    type_into(qapp, field(wizard, "claimant.birth_date"), typed)
    msg = message(wizard, "claimant.birth_date")
    qtbot.waitUntil(msg.isVisible)
    assert said in msg.text()


@pytest.mark.parametrize(("typed", "shown"), [
    ("Ｒ２．５．１", "2020-05-01（令和2年5月1日）"),
    ("２０２０－０５－０１", "2020-05-01（令和2年5月1日）"),
    ("平成31年4月30日", "2019-04-30（平成31年4月30日）"),
    ("令和元年5月1日", "2019-05-01（令和元年5月1日）"),
])
def test_full_width_and_era_boundary_dates_are_read(
    wizard: WizardView, qapp: QApplication, qtbot: Any, typed: str, shown: str
) -> None:
    type_into(qapp, field(wizard, "claimant.birth_date"), typed)
    hint = wizard.findChild(QLabel, "wareki_claimant.birth_date")
    assert hint is not None
    qtbot.waitUntil(hint.isVisible)
    assert hint.text() == shown
    assert not message(wizard, "claimant.birth_date").isVisible()
