"""Wherever a 別表第二 row number is shown, the screen says which text the number comes from: the
2015 text of 番号法 (平成二十五年法律第二十七号), whose numbering later amendments changed
(src:bangouho-h27). The one sentence is ui.portal.history_text.edition_note(), as on the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.forms import FormState, load_form
from app.portal.models import Municipality, parse_application, parse_notice
from app.settings import Language
from tests.ui.test_notices import aloop, make_access, portal_stub, screen  # noqa: F401 (fixtures)
from tests.ui.test_services_search import index_of
from tests.unit.test_forms import TODAY, nintei_values
from ui.i18n import install_translators
from ui.kosodate.attachments import AttachmentsPage
from ui.kosodate.search import SearchView
from ui.kosodate.status import StatusView
from ui.output_gate import OutputGate
from ui.portal.history_text import edition_note

NOTICE = {
    "id": "n1", "title": "児童手当 認定請求：決定通知", "sender": "新座市長", "published_at": "2026-12-06T10:00:00+09:00",
    "read": False, "deadline": None, "category": "application", "attachments": [], "application_id": "a1",
    "body": "受付番号 112305-20261206-000001 の児童手当 認定請求について審査が完了し、承認されました。\n"
            "・新座市の地方税関係情報（別表第二 74の項、記録ID h1）",
}


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


def _detail(qtbot: Any, service_id: str) -> str:
    view = SearchView(index_of("112305"))
    qtbot.addWidget(view)
    view.set_municipality(Municipality("112305", "新座市", "埼玉県"))
    assert view.select_service(service_id)
    return view.details.toPlainText()


def test_a_service_detail_with_a_row_says_which_text_numbers_it(qtbot: Any) -> None:
    shown = _detail(qtbot, "jidou-teate-nintei")
    assert "別表第二 " in shown
    assert edition_note() in shown


def test_in_english_the_service_detail_says_it_too(english: None, qtbot: Any) -> None:
    shown = _detail(qtbot, "jidou-teate-nintei")
    assert edition_note().startswith("Article and item numbers")  # the English sentence, not the Japanese
    assert edition_note() in shown


def test_the_decision_view_says_which_text_numbers_its_rows(qtbot: Any) -> None:
    app = parse_application({"id": "a1", "receipt_number": "112305-20261206-000001", "form_id": "jidou-teate-nintei",
                             "status": "approved", "events": [], "notice_id": "n1"})
    view = StatusView(None, app.id, app.receipt_number)
    qtbot.addWidget(view)
    view.application, view.notice = app, parse_notice(NOTICE)
    view.retranslate()
    shown = view.details.toPlainText()
    assert "別表第二 74の項" in shown
    assert edition_note() in shown
    # A decision that cites no row needs no note.
    view.notice = parse_notice({**NOTICE, "body": "審査が完了し、承認されました。"})
    view.retranslate()
    assert edition_note() not in view.details.toPlainText()


def test_a_notice_that_cites_a_row_says_which_text_numbers_it(screen: Any) -> None:  # noqa: F811
    screen._show_notice(parse_notice(NOTICE))
    shown = screen.body.toPlainText()
    assert "別表第二 74の項" in shown
    assert edition_note() in shown


def test_the_wizards_documents_page_says_which_text_numbers_its_rows(qtbot: Any) -> None:
    state = FormState(load_form("jidou-teate-nintei"), nintei_values(), today=TODAY)
    state.set("claimant.pension", "kosei")  # 年金給付関係情報 under row 75 replaces the insurance proof
    page = AttachmentsPage(state, (), gate=OutputGate(None))
    qtbot.addWidget(page)
    rows = [w.text() for w in page.findChildren(QLabel) if w.objectName().startswith("replaced_")]
    assert any("別表第二" in r for r in rows)
    assert edition_note() in [w.text() for w in page.findChildren(QLabel)]


def test_the_wizards_review_page_says_it_too(qtbot: Any, aloop: Any) -> None:  # noqa: F811
    from tests.ui.test_wizard_validation import open_wizard

    wizard = open_wizard(qtbot)
    wizard.set_value("eligibility.public_servant", "no")
    wizard.state.set("claimant.pension", "kosei")  # row 75 replaces the insurance proof
    wizard.go(wizard.review_step)
    replaced = wizard.findChild(QLabel, "reviewReplaced_insurance_proof")
    assert replaced is not None
    assert "別表第二 75項" in replaced.text()
    note = wizard.findChild(QLabel, "reviewEditionNote")
    assert note is not None
    assert note.text() == edition_note()
