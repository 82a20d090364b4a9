"""When linkage cannot confirm something, the status page says the office asks for a document
and shows which one, instead of a decision (issue 15, point 14)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from backend_stub.server.db import Database
from tests.ui.test_services_links import decided_application
from tests.ui.test_services_support import Env, env_factory, qloop  # noqa: F401 - fixtures
from ui.kosodate.screen import ServicesScreen

_R01_TAX = ("agency_code = '085421' AND category = 'tax' AND fugo ="
            " (SELECT fugo FROM link_codes WHERE resident_id = 'r01' AND agency_code = '085421')")


@pytest.fixture
def env(env_factory: Any) -> Iterator[Env]:  # noqa: F811
    """r01, whose tax municipality on 1 January holds nothing this year (current and dated
    holdings removed); the rows are put back afterwards, since the stub is shared with later tests."""
    e = env_factory("r01")
    db = Database.in_data_dir(e.stub.data_dir)
    saved: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    try:
        with db.transaction() as conn:
            for table in ("agency_records", "agency_records_dated"):
                cur = conn.execute(f"SELECT * FROM {table} WHERE {_R01_TAX}")
                saved[table] = ([d[0] for d in cur.description], [tuple(r) for r in cur.fetchall()])
                conn.execute(f"DELETE FROM {table} WHERE {_R01_TAX}")
    finally:
        db.close()
    assert any(rows for _, rows in saved.values())
    yield e
    db = Database.in_data_dir(e.stub.data_dir)
    try:
        with db.transaction() as conn:
            for table, (columns, rows) in saved.items():
                marks = ", ".join("?" for _ in columns)
                conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    finally:
        db.close()


def _decided_status(qtbot: Any, env: Env) -> tuple[Any, Any]:
    """r01's 児童手当 application, decided, and its status page (stopped polling)."""
    outcome = decided_application(env)
    services = ServicesScreen(env.services_context(), poll_seconds=0.2)
    qtbot.addWidget(services)
    services.show()
    status = services.open_status(outcome.application_id, outcome.receipt_number)
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()
    return outcome, status


def test_a_document_request_is_shown_not_a_decision(qtbot: Any, env: Env) -> None:
    _outcome, status = _decided_status(qtbot, env)
    assert "書類の提出をお願いしています" in status.state_label.text()
    shown = status.details.toPlainText()
    assert "書類の提出のお願い" in shown
    assert "課税（所得）証明書" in shown
    assert "承認" not in shown


def test_the_status_page_lists_each_query_with_its_outcome_and_a_link_to_its_record(qtbot: Any, env: Env) -> None:
    outcome, status = _decided_status(qtbot, env)
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
