"""The kiosk attachment slot: a document its municipality takes at the counter lets the
application go ahead; one that must be attached says so; at home nothing changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from app.forms import FormState, load_form
from app.kiosk_policy import no_policy
from tests.unit.test_forms import TODAY, nintei_values
from ui.kosodate.attachments import AttachmentsPage
from ui.output_gate import OutputGate

OLDER = {"has_older": "yes", "children": [{"name": "山田 一郎", "birth_date": "2004-06-01", "relationship": "child",
                                          "supported": True}]}


def _state() -> FormState:
    values = {**nintei_values(**{"payment.account": {"use_public_account": False}}), "older_children": OLDER}
    return FormState(load_form("jidou-teate-nintei"), values, today=TODAY)


def _note(page: AttachmentsPage, slot: str) -> str:
    label = page.findChild(QLabel, f"counterNote_{slot}")
    assert label is not None, slot
    return label.text()


def test_at_a_kiosk_only_the_documents_the_counter_takes_stop_blocking(qtbot: Any) -> None:
    kiosk = AttachmentsPage(_state(), (), gate=OutputGate(no_policy()))
    qtbot.addWidget(kiosk)
    assert kiosk.at_counter() == ("older_child_confirmation",)
    assert "申請はこのまま進められます" in _note(kiosk, "older_child_confirmation")
    assert "添付が必要" in _note(kiosk, "bank_proof")
    issues = kiosk.issues()
    assert "older_child_confirmation" not in issues
    assert [i.code for i in issues["bank_proof"]] == ["attachment.missing"]


def test_at_home_every_needed_document_is_still_to_be_attached(qtbot: Any) -> None:
    home = AttachmentsPage(_state(), (), gate=OutputGate(None))
    qtbot.addWidget(home)
    assert home.at_counter() == ()
    assert home.findChild(QLabel, "counterNote_older_child_confirmation") is None
    assert [i.code for i in home.issues()["older_child_confirmation"]] == ["attachment.missing"]


def test_the_status_page_names_the_documents_and_the_counter(qtbot: Any) -> None:
    from app.portal.models import parse_application
    from ui.kosodate.status import StatusView

    app = parse_application({
        "id": "a1", "receipt_number": "112305-20261206-000001", "form_id": "jidou-teate-nintei",
        "status": "submitted", "events": [], "notice_id": None,
        "at_counter": {"office": {"code": "112305", "name": "新座市"}, "department": None,
                       "documents": [{"slot": "older_child_confirmation", "name": "監護相当・生計費の負担についての確認書",
                                      "name_en": "Confirmation of support for university-age children"}]},
    })
    view = StatusView(None, app.id, app.receipt_number)
    qtbot.addWidget(view)
    view.application = app
    view.retranslate()
    view.show()
    counter = view.findChild(QLabel, "counterDocuments")
    assert counter is not None
    assert counter.isVisible()
    assert "新座市 の窓口" in counter.text()
    assert "監護相当・生計費の負担についての確認書" in counter.text()
    plain = parse_application({**{"id": "a2", "receipt_number": "r", "form_id": "ninshin-todoke",
                                  "status": "submitted", "events": [], "notice_id": None}})
    assert plain.at_counter is None
