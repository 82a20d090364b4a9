"""やりとり履歴: paging as the resident scrolls, filters, the detail explanation, the chart,
export, and a network failure in the middle of the list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.history import HistoryFilters
from app.portal.models import Outcome
from tests.ui import test_history_support as support
from ui.portal import tasks
from ui.portal.history_model import COL_OUTCOME, STATUS_ROLE, HistoryModel
from ui.screens.history import HistoryScreen

# the shared fixtures
aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
GENERATED, HISTORY_RESIDENT, type_text = support.GENERATED, support.HISTORY_RESIDENT, support.type_text


@pytest.fixture
def screen(qtbot, make_access):
    access = make_access(HISTORY_RESIDENT)
    widget = HistoryScreen(access, debounce_ms=10)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.screen_shown()
    qtbot.waitUntil(lambda: len(widget.model.records) > 0, timeout=10000)
    return widget


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, make_access):
    access = make_access(HISTORY_RESIDENT)
    model = HistoryModel(access, page_size=50)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 50, timeout=10000)
    qtmodeltester.check(model)
    access.fail_next = 1
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.error is not None, timeout=5000)
    qtmodeltester.check(model)


def test_first_page_then_more_as_the_resident_scrolls(qtbot, screen):
    model = screen.model
    assert len(model.records) == 100
    assert model.total >= GENERATED
    assert f"{model.total:,} 件中 100 件" in screen.status.text()
    times = [r.requested_at for r in model.records]
    assert times == sorted(times, reverse=True)  # newest first
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(model.records) >= 200, timeout=10000)
    assert len({r.id for r in model.records}) == len(model.records)


def test_selecting_a_row_explains_who_asked_whom_and_why(qtbot, screen):
    screen.table.selectRow(3)
    record = screen.model.record(3)
    text = screen.detail.toPlainText()
    assert record.requester.name in text
    assert record.provider.name in text
    assert record.information in text
    if record.outcome != Outcome.REFUSED:
        assert f"別表第二 {record.legal_basis.beppyo2_item}項" in text
    else:
        assert "提供されませんでした" in text


def _selected_rows(screen: HistoryScreen) -> list[int]:
    return [i.row() for i in screen.table.selectionModel().selectedRows()]


def test_after_a_filter_the_first_row_is_selected_and_explained(qtbot, screen):
    # the chart and the first row's explanation follow the rows by themselves
    model = screen.model
    screen.outcome.setCurrentIndex(screen.outcome.findData(Outcome.REFUSED.value))
    screen.apply_filters_now()
    qtbot.waitUntil(lambda: model.filters.outcome == Outcome.REFUSED and model.record_count > 0, timeout=10000)
    qtbot.waitUntil(lambda: _selected_rows(screen) == [0], timeout=5000)
    first = model.record(0)
    text = screen.detail.toPlainText()
    assert first.requester.name in text
    assert first.information in text
    assert "提供されませんでした" in text
    qtbot.waitUntil(lambda: screen.chart.total == model.total, timeout=5000)  # the server's count
    assert f"合計 {model.total:,} 件" in screen.chart.describe()


def test_a_row_chosen_before_the_explanation_follows_stays_chosen(qtbot, screen):
    model = screen.model
    screen.outcome.setCurrentIndex(screen.outcome.findData(Outcome.PROVIDED.value))
    screen.apply_filters_now()
    qtbot.waitUntil(lambda: model.filters.outcome == Outcome.PROVIDED and model.record_count > 3, timeout=10000)
    screen.table.selectRow(3)  # the resident clicks before the first row's explanation came
    qtbot.waitUntil(lambda: not screen._after_rows.isActive() and not screen._first_row.isActive(), timeout=5000)
    assert _selected_rows(screen) == [3]
    assert model.record(3).provider.name in screen.detail.toPlainText()


def test_outcome_filter_and_search_restart_the_list(qtbot, screen):
    model = screen.model
    screen.outcome.setCurrentIndex(screen.outcome.findData(Outcome.REFUSED.value))
    screen.outcome.activated.emit(screen.outcome.currentIndex())
    qtbot.waitUntil(lambda: model.filters.outcome == Outcome.REFUSED and model.total is not None
                    and len(model.records) > 0, timeout=10000)
    assert all(r.outcome == Outcome.REFUSED for r in model.records)
    assert model.index(0, COL_OUTCOME).data() == "提供されず（根拠なし）"
    refused_total = model.total
    # typing: each keystroke only restarts the debounce; one request for the final text
    type_text(screen.search, "年金")
    qtbot.waitUntil(lambda: model.filters.q == "年金" and model.total is not None, timeout=10000)
    assert model.total <= refused_total
    assert all("年金" in (r.information + r.requester.name + r.provider.name + r.function + r.explanation)
               for r in model.records)


def test_stale_page_for_an_old_filter_never_lands(qtbot, screen):
    model = screen.model
    model.set_filters(HistoryFilters(outcome=Outcome.NOT_HELD))
    model.set_filters(HistoryFilters(outcome=Outcome.PROVIDED))  # before the first answered
    qtbot.waitUntil(lambda: model.total is not None and len(model.records) > 0, timeout=10000)
    # the first request still answers (its task ends); its page must not be appended
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)
    assert all(r.outcome == Outcome.PROVIDED for r in model.records)


def test_sort_oldest_first_by_header(qtbot, screen):
    screen.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: screen.model.filters.sort == "-requested_at" and len(screen.model.records) > 0,
                    timeout=10000)
    times = [r.requested_at for r in screen.model.records]
    assert times == sorted(times)


def test_chart_counts_every_matching_record_by_month(qtbot, screen):
    chart = screen.chart
    qtbot.waitUntil(lambda: bool(chart.months) and screen.model.total is not None, timeout=5000)
    qtbot.waitUntil(lambda: chart.total == screen.model.total, timeout=5000)
    assert screen.model.record_count < chart.total  # more than the rows loaded so far
    loaded = screen.model.records
    newest = loaded[0].requested_at.strftime("%Y-%m")
    assert chart.month_total(newest) == sum(1 for r in loaded if r.requested_at.strftime("%Y-%m") == newest)
    assert f"合計 {chart.total:,} 件" in chart.describe()
    image = chart.grab().toImage()
    assert image.width() > 100  # painted without error


def test_export_csv_and_pdf_of_the_filtered_records(qtbot, screen, tmp_path: Path):
    screen.outcome.setCurrentIndex(screen.outcome.findData(Outcome.REFUSED.value))
    screen.apply_filters_now()
    qtbot.waitUntil(lambda: screen.model.total is not None, timeout=10000)
    total = screen.model.total
    csv_path = tmp_path / "h.csv"
    with qtbot.waitSignal(screen.exported, timeout=30000) as sig:
        screen.csv_button.setFocus()
        from ui.portal.tasks import spawn
        spawn(screen.export(csv_path, "csv"))
    assert sig.args[1] == total
    with csv_path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "日時"
    assert len(rows) == total + 1
    assert {r[7] for r in rows[1:]} == {"提供されず（根拠なし）"}
    pdf_path = tmp_path / "h.pdf"
    with qtbot.waitSignal(screen.exported, timeout=30000):
        spawn(screen.export(pdf_path, "pdf"))
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert "書き出しました" in screen.status.text()


def test_network_failure_mid_list_keeps_rows_and_offers_retry(qtbot, screen):
    model = screen.model
    loaded = list(model.records)
    screen.table.setFocus()
    screen._access.fail_next = 1
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.error is not None, timeout=5000)
    assert list(model.records) == loaded  # nothing lost
    status_row = model.rowCount() - 1
    assert "接続できません" in model.index(status_row, 0).data(STATUS_ROLE)
    assert screen.retry_button.isVisible()
    assert "接続できません" in screen.status.text()
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(model.records) > len(loaded), timeout=10000)
    assert model.error is None
    assert not screen.retry_button.isVisible()
    assert model.records[: len(loaded)] == tuple(loaded)
