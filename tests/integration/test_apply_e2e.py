"""End to end, as a resident: search → 児童手当 認定請求 → prefill from the card and わたしの情報 →
sign with the virtual card → submit → status → decision notice → the municipality's linkage
queries in the history. Real stub server over HTTPS, virtual card through the card worker."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.jst import today_jst
from backend_stub.network.applications import advance_one
from backend_stub.server.db import Database
from tests.fixtures.stub import StubServer
from tests.ui.test_services_support import Env, enter_pin, env_factory, qloop  # noqa: F401 - fixtures

pytestmark = pytest.mark.integration

CHILD_MY_NUMBER = "658742761814"  # r01's child (from the demo data)


def advance(stub: StubServer, application_id: str) -> None:
    """The municipality processes the application one step (as `mynastub advance` does)."""
    db = Database.in_data_dir(stub.data_dir)
    try:
        with db.transaction() as conn:
            advance_one(conn, application_id)
    finally:
        db.close()


def apply_for_jidou_teate(qtbot: Any, qapp: QApplication, env: Env) -> Any:
    """Search, open the 児童手当 wizard, prefill, fill the rest; returns (screen, wizard)."""
    screen = env.screen(qtbot, today=today_jst())
    search = screen.search
    # The resident's own municipality is chosen and its catalog loaded.
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=15_000)
    assert "新座市" in search.municipality_edit.text()
    search.keyword_edit.insert("児童手当")  # as an input method commits it
    assert search.select_service("jidou-teate-nintei")
    details = search.details.toPlainText()
    assert "児童手当法第7条" in details
    assert "情報連携により提出不要（別表第二 75項）" in details
    assert search.apply_button.isEnabled()
    with qtbot.waitSignal(screen.wizard_opened, timeout=5_000) as opened:
        search.apply_button.click()
    wizard = opened.args[0]
    # Prefill: the kenhojo PIN is asked for, card text data and わたしの情報 come in.
    wizard.prefill_button.click()
    enter_pin(qtbot, qapp, env.pins["kenhojo"])
    qtbot.waitUntil(lambda: not wizard.busy and bool(wizard.prefilled), timeout=15_000)
    assert wizard.state.get("claimant.name") == "山田 花子"
    assert wizard.state.get("claimant.name_kana").replace("\u3000", " ") == "ヤマダ ハナコ"
    assert wizard.state.get("claimant.my_number")
    assert wizard.state.get("children.children")[0]["name"] == "山田 蒼"
    # What the card and the backend do not know, the resident types.
    for path, value in (("eligibility.public_servant", "no"), ("claimant.postal_code", "352-0011"), ("claimant.phone", "048-000-0000"),
                        ("claimant.occupation", "会社員"), ("claimant.pension", "kosei"),
                        ("claimant.marital_status", "single"), ("jan1.same_as_now", "yes"),
                        ("older_children.has_older", "no"), ("declaration.truthful", True),
                        ("payment.account", {"use_public_account": True}),
                        ("children.children[0].my_number", CHILD_MY_NUMBER)):
        wizard.set_value(path, value)
    return screen, wizard


def test_apply_for_child_allowance_end_to_end(qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811
    env = env_factory("r01")
    before = len(env.client.applications())
    screen, wizard = apply_for_jidou_teate(qtbot, qapp, env)
    # Walk the pages with 次へ; each passes validation.
    while wizard.step < wizard.review_step:
        step = wizard.step
        wizard.next_button.click()
        assert wizard.step == step + 1, (wizard.notice.text(), wizard.issue_texts())
    review = wizard.page_area.widget()
    texts = " ".join(lbl.text() for lbl in review.findChildren(type(wizard.title)))
    assert "山田 花子" in texts
    assert "情報連携により提出不要（別表第二 75項）" in texts  # 被用者 proof replaced by linkage
    # The My Numbers are masked on the review page: only their last four digits show.
    assert f"●●●● ●●●● {CHILD_MY_NUMBER[-4:]}" in texts
    assert CHILD_MY_NUMBER not in texts.replace(" ", "")
    with qtbot.waitSignal(screen.status_opened, timeout=20_000) as opened:
        wizard.submit_button.click()
        enter_pin(qtbot, qapp, env.pins["sign"])
    status = opened.args[0]
    assert status.receipt_number
    assert status.receipt_number in status.receipt.text()
    # The draft is gone once the backend has the application.
    assert screen.store.list() == []
    assert len(env.client.applications()) == before + 1
    # The municipality processes it: its linkage queries appear, then the decision notice.
    status.stop()
    advance(env.stub, status.application_id)
    advance(env.stub, status.application_id)
    qtbot.waitUntil(lambda: status._task is None or status._task.done(), timeout=2_000)
    status.poll_seconds = 0.2
    status.start()
    qtbot.waitUntil(lambda: status.decided, timeout=20_000)
    shown = status.details.toPlainText()
    assert "決定通知" in shown
    assert status.notice is not None
    assert status.notice.title in shown
    assert status.linkage, "the municipality's queries for this application are in the history"
    assert "この申請の審査のために行われた情報連携" in shown
    assert any(r.legal_basis.beppyo2_item for r in status.linkage)
    status.stop()
