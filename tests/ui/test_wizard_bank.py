"""The account page: a passbook name without small kana is accepted for the claimant, and a
ゆうちょ account is entered by its 記号・番号 instead of bank and branch codes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit

from tests.ui.test_wizard_validation import field, go_to_section, message, type_into, wizard  # noqa: F401
from ui.kosodate.wizard import WizardView


def test_passbook_name_without_small_kana_is_the_claimants(qtbot: Any, qapp: QApplication, wizard: WizardView) -> None:  # noqa: F811
    wizard.set_value("claimant.name_kana", "ヤマダ キョウコ")
    go_to_section(wizard, "payment")
    holder = field(wizard, "payment.account.holder_kana")
    assert isinstance(holder, QLineEdit)
    type_into(qapp, holder, "スズキ イチロウ")
    label = message(wizard, "payment.account.holder_kana")
    qtbot.waitUntil(label.isVisible, timeout=2_000)
    type_into(qapp, holder, "ヤマダ キヨウコ")
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=2_000)


def test_yucho_kigou_and_bangou_replace_the_bank_codes(qtbot: Any, qapp: QApplication, wizard: WizardView) -> None:  # noqa: F811
    wizard.set_value("claimant.name_kana", "ヤマダ キョウコ")
    go_to_section(wizard, "payment")
    yucho = field(wizard, "payment.account.yucho")
    assert isinstance(yucho, QCheckBox)
    kigou = field(wizard, "payment.account.yucho_kigou")
    assert not kigou.isVisible()
    yucho.click()
    qtbot.waitUntil(kigou.isVisible, timeout=2_000)
    assert not field(wizard, "payment.account.bank_code").isVisible()
    assert isinstance(kigou, QLineEdit)
    type_into(qapp, kigou, "12345")
    bangou = field(wizard, "payment.account.yucho_bangou")
    assert isinstance(bangou, QLineEdit)
    type_into(qapp, bangou, "12345671")
    kind = field(wizard, "payment.account.account_type")
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("ordinary"))
    type_into(qapp, field(wizard, "payment.account.holder_kana"), "ヤマダ キヨウコ")  # type: ignore[arg-type]
    issues = wizard.state.validate().issues
    assert not [p for p in issues if p.startswith("payment.")], issues
    stored = wizard.state.submission_data()["payment"]["account"]
    assert stored["yucho_kigou"] == "12345"
    assert stored["branch_code"] == "238"
    assert stored["account_number"] == "1234567"
