"""Self-test step for a whole 子育て application, on the embedded stub only: the first demo
resident files 児童手当 認定請求 through the real wizard, as a resident would. Prefill from the
card (券面事項入力補助 PIN in the PIN dialog) and わたしの情報, the answers only the resident
knows, 次へ through every page, 申請する with the signing PIN, then the status view with its
受付番号. Against a configured backend (``--backend``) it is skipped and says so: it would file
a real application."""

from __future__ import annotations

import asyncio
from typing import Any

from ui.selftest import SelfTest, register_step, until

FORM_ID = "jidou-teate-nintei"
KEYWORD = "児童手当"
# What the first demo resident (r01, a mother of a newborn) answers that neither her card nor
# the backend knows.
RESIDENT_ANSWERS: dict[str, Any] = {
    "eligibility.public_servant": "no",
    "claimant.phone": "048-000-0000",
    "claimant.occupation": "会社員",
    "claimant.pension": "kosei",
    "claimant.marital_status": "single",
    "jan1.same_as_now": "yes",
    "older_children.has_older": "no",
    "declaration.truthful": True,
    "payment.account": {"use_public_account": True},
}



async def _type_pin(pin: str, what: str) -> None:
    """Types ``pin`` into the PIN dialog that the step's last click opened, and presses OK."""
    from PySide6.QtWidgets import QApplication

    from ui.card.pin_dialog import PinDialog

    def dialog() -> PinDialog | None:
        # The PIN dialog is modal (opened with open()): the one the click brought up is the
        # active modal window, no search among the windows needed.
        active = QApplication.activeModalWidget()
        return active if isinstance(active, PinDialog) and active.isVisible() else None

    await until(lambda: dialog() is not None, f"the PIN dialog for {what}")
    found = dialog()
    assert found is not None
    found.edit.setText(pin)
    found.ok_button.click()


async def _step_apply(t: SelfTest) -> str | None:
    from ui.demo_cards import demo_household_my_numbers
    from ui.kosodate.screen import ServicesScreen
    from ui.kosodate.status import StatusView
    from ui.kosodate.wizard import WizardView

    if not t.ctx.demo:
        return "skipped: files a real application; runs on the embedded stub only"
    access = t.root.access
    if not access.is_logged_in:
        raise RuntimeError("not logged in (the login step must run first)")
    resident = t.demo_cards().residents()[0]
    screen = t.window.show_screen("services")
    if not isinstance(screen, ServicesScreen):
        raise RuntimeError("the services screen did not open")
    search = screen.search
    search.keyword_edit.setText(KEYWORD)
    search.run_search()
    await until(lambda: search.select_service(FORM_ID), "児童手当 認定請求 in the search results")
    opened: list[WizardView] = []
    statuses: list[StatusView] = []
    screen.wizard_opened.connect(opened.append)
    screen.status_opened.connect(statuses.append)
    try:
        search.apply_button.click()
        await until(lambda: bool(opened), "the application form")
        wizard = opened[0]
        wizard.prefill_button.click()
        await _type_pin(resident.kenhojo_pin, "the card's text data")
        await until(lambda: not wizard.busy and bool(wizard.prefilled), "prefill from the card and わたしの情報")
        prefilled = len(wizard.prefilled)
        children = wizard.state.get("children.children")
        children = children if isinstance(children, list) else []
        numbers = demo_household_my_numbers(resident.resident_id)
        for i, child in enumerate(children):
            if not child.get("my_number") and child.get("name") in numbers:
                wizard.set_value(f"children.children[{i}].my_number", numbers[child["name"]])
        for path, value in RESIDENT_ANSWERS.items():
            wizard.set_value(path, value)
        while wizard.step < wizard.review_step:
            step = wizard.step
            wizard.next_button.click()
            await asyncio.sleep(0)
            if wizard.step != step + 1:
                raise RuntimeError(f"page {step + 1} did not pass: {'; '.join(wizard.issue_texts()) or wizard.notice.text()}")
        wizard.submit_button.click()
        await _type_pin(resident.sign_pin, "the signature")
        await until(lambda: bool(statuses) or (wizard.notice.isVisible() and not wizard.busy), "the application's status")
        if not statuses:
            raise RuntimeError(f"not submitted: {wizard.notice.text()}")
        status = statuses[0]
        receipt = status.receipt_number
        if not receipt:
            raise RuntimeError("no 受付番号 on the status page")
    finally:
        screen.wizard_opened.disconnect(opened.append)
        screen.status_opened.disconnect(statuses.append)
    for view in statuses:
        view.stop()
    screen.show_home()
    return f"{prefilled} fields prefilled, signed, 受付番号 {receipt}"


register_step("application: prefill, sign with the card, submit, status", _step_apply, order=430, timeout=120.0)
