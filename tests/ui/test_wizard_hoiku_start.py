"""保育 利用申込: a start date in the school year the child starts primary school (学校教育法第17条,
src:egov-gakkou-17) is refused beside the start date field, with the last possible day, in Japanese
and in English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.drafts import Draft
from tests.ui.test_wizard_validation import OfflineBackend, field, go_to_section, message, type_into
from ui.kosodate.wizard import WizardView

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def hoiku_wizard(qtbot: Any, aloop: Any) -> WizardView:
    backend = OfflineBackend()
    draft = Draft.new("hoiku-riyou", "131016")
    backend.store.save(draft)
    w = WizardView(backend, draft, today=TODAY)
    qtbot.addWidget(w)
    w.resize(1000, 800)
    w.show()
    w.state.set("child.birth_date", "2020-04-02")
    w.state.set("certification.category", "1")
    go_to_section(w, "preferences")
    return w


@pytest.fixture
def english(qapp: QApplication) -> Any:
    from app.settings import Language
    from ui.i18n import install_translators

    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


def test_a_start_date_after_the_child_starts_school_is_refused_beside_it(
    qtbot: Any, qapp: QApplication, hoiku_wizard: WizardView
) -> None:
    edit = field(hoiku_wizard, "preferences.start_date")
    type_into(qapp, edit, "2027-05-01")  # type: ignore[arg-type]
    label = message(hoiku_wizard, "preferences.start_date")
    qtbot.waitUntil(label.isVisible, timeout=2_000)
    assert "小学校に就学" in label.text()
    assert "2027-03-31" in label.text()
    type_into(qapp, edit, "2027-03-31")  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=2_000)


def test_in_english_the_start_date_says_the_child_is_at_primary_school(
    english: None, qtbot: Any, qapp: QApplication, hoiku_wizard: WizardView
) -> None:
    type_into(qapp, field(hoiku_wizard, "preferences.start_date"), "2027-04-01")  # type: ignore[arg-type]
    label = message(hoiku_wizard, "preferences.start_date")
    qtbot.waitUntil(label.isVisible, timeout=2_000)
    assert "primary school" in label.text()
    assert "2027-03-31" in label.text()
