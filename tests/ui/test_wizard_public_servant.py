"""The 児童手当 wizard asks on its first page whether the claimant is a civil servant; 「はい」
stops there with the guidance to claim at the employer."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QRadioButton

from tests.ui.test_wizard_validation import message, wizard  # noqa: F401 - fixture
from ui.kosodate.wizard import WizardView


def test_yes_shows_the_employer_guidance_and_goes_no_further(wizard: WizardView, qtbot: Any) -> None:  # noqa: F811
    assert wizard.step == 0
    yes = wizard.findChild(QRadioButton, "field_eligibility.public_servant=yes")
    assert yes is not None
    assert yes.isVisible()
    yes.click()
    msg = message(wizard, "eligibility.public_servant")
    qtbot.waitUntil(msg.isVisible)
    assert "勤務先" in msg.text()
    wizard.next_button.click()
    assert wizard.step == 0
