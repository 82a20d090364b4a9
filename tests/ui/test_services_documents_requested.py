"""When linkage cannot confirm something, the status page says the office asks for a document
and shows which one, instead of a decision (issue 15, point 14)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QUrl

from backend_stub.server.db import Database
from tests.ui.test_services_links import decided_application
from tests.ui.test_services_support import Env, env_factory, qloop  # noqa: F401 - fixtures
from ui.kosodate.screen import ServicesScreen


@pytest.fixture
def env(env_factory: Any) -> Env:  # noqa: F811
    return env_factory("r01")


def test_a_document_request_is_shown_not_a_decision(qtbot: Any, env: Env) -> None:
    db = Database.in_data_dir(env.stub.data_dir)
    try:
        with db.transaction() as conn:  # r01's tax municipality on 1 January holds nothing this year
            for table in ("agency_records", "agency_records_dated"):  # current and dated holdings
                conn.execute(f"DELETE FROM {table} WHERE agency_code = '085421' AND category = 'tax' AND fugo ="
                             " (SELECT fugo FROM link_codes WHERE resident_id = 'r01' AND agency_code = '085421')")
    finally:
        db.close()
    outcome = decided_application(env)
    services = ServicesScreen(env.services_context(), poll_seconds=0.2)
    qtbot.addWidget(services)
    services.show()
    status = services.open_status(outcome.application_id, outcome.receipt_number)
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()
    assert "書類の提出をお願いしています" in status.state_label.text()
    shown = status.details.toPlainText()
    assert "書類の提出のお願い" in shown
    assert "課税（所得）証明書" in shown
    assert "承認" not in shown


def test_the_status_page_lists_each_query_with_its_outcome_and_a_link_to_its_record(qtbot: Any, env: Env) -> None:
    db = Database.in_data_dir(env.stub.data_dir)
    try:
        with db.transaction() as conn:  # as above: the tax municipality holds nothing this year
            for table in ("agency_records", "agency_records_dated"):
                conn.execute(f"DELETE FROM {table} WHERE agency_code = '085421' AND category = 'tax' AND fugo ="
                             " (SELECT fugo FROM link_codes WHERE resident_id = 'r01' AND agency_code = '085421')")
    finally:
        db.close()
    outcome = decided_application(env)
    services = ServicesScreen(env.services_context(), poll_seconds=0.2)
    qtbot.addWidget(services)
    services.show()
    status = services.open_status(outcome.application_id, outcome.receipt_number)
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()
    assert status.linkage
    shown = status.details.toPlainText()
    # Who asked is said per query (a prefecture may ask for a town's application), not 「市区町村が」.
    assert "市区町村が行った情報連携" not in shown
    page = status.details.toHtml()
    for r in status.linkage:
        assert f"history:{r.id}" in page  # each query links to its record
    (not_held,) = [r for r in status.linkage if r.outcome.value == "not_held"]
    assert "該当する情報なし" in shown
    assert "提供済み" in shown
    with qtbot.waitSignal(status.history_requested, timeout=2_000) as opened:
        status.details.anchorClicked.emit(QUrl(f"history:{not_held.id}"))
    assert opened.args == [outcome.application_id]
