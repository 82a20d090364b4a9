"""A resident files an application at a kiosk although it asks for a document a kiosk cannot take.

At a kiosk no file dialog opens (ui.output_gate). For a document the municipality also takes at
its counter (the form says so per slot, with its source), the kiosk files the application with the
document declared "to be handed in at the counter": the resident gets a 受付番号 and is told
which document to bring, and where.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.journeys.test_birth_journey import FILL, open_form, page_of, prefill

RESIDENT = "r01"  # 山田 花子, 新座市
OFFICE = "新座市"
DOCUMENT = "監護相当・生計費の負担についての確認書"
OLDER_CHILD = [{"name": "山田 一郎", "birth_date": "2006-06-01", "relationship": "child", "supported": True}]


def test_a_kiosk_files_an_application_whose_document_goes_to_the_counter(kiosk):
    j = kiosk
    j.start_kiosk_session()
    screen, wizard = open_form(j, RESIDENT)
    prefill(j, wizard, RESIDENT)
    for path, value in FILL:
        wizard.set_value(path, "yes" if path == "older_children.has_older" else value)
    wizard.set_value("older_children.children", OLDER_CHILD)
    wizard.go(page_of(wizard, "children"))
    j.click(j.find("field_children.children[0].my_number_pending"))
    while wizard.step < wizard.attachments_step:
        step = wizard.step
        j.click(wizard.next_button)
        assert wizard.step == step + 1, f"page {step + 1} did not pass: {wizard.issue_texts()}"
    page = wizard.attachments_page
    assert page is not None
    assert page.findChild(QWidget, "slot_older_child_confirmation") is not None, "the journey would prove nothing"
    assert j.sees("窓口", page)
    while wizard.step < wizard.review_step:
        step = wizard.step
        j.click(wizard.next_button)
        assert wizard.step == step + 1, f"page {step + 1} did not pass: {wizard.issue_texts()}"
    assert j.sees(DOCUMENT, wizard)
    j.click(wizard.submit_button)
    j.type_pin(j.resident(RESIDENT).sign_pin)
    j.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible(), 20_000)
    status = screen.status_view
    j.wait_until(lambda: status.receipt_number != "" and j.sees(status.receipt_number, status), 20_000)
    j.wait_until(lambda: j.sees(DOCUMENT, status), 20_000)
    counter = status.findChild(QWidget, "counterDocuments")
    assert counter is not None
    assert counter.isVisible()
    assert OFFICE in counter.text()
    assert "窓口" in counter.text()
    assert DOCUMENT in counter.text()
