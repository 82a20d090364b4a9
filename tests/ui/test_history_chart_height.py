"""やりとり履歴's monthly chart keeps one height whatever agencies its legend lists, so the
table above it does not jump when a filter brings counts for fewer or more agencies."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QTableView, QVBoxLayout, QWidget

from app.portal.models import Agency, HistoryMonthly, MonthCounts
from ui.portal.chart import MAX_SERIES, MonthlyChartWidget

LONG = "マイナポータル（情報提供等記録開示システム）"


def _monthly(codes: list[str]) -> HistoryMonthly:
    agencies = tuple(Agency(code, LONG if i == 0 else f"機関{code}") for i, code in enumerate(codes))
    counts = tuple((code, 10 + i) for i, code in enumerate(codes))
    return HistoryMonthly(months=(MonthCounts("2026-10", counts), MonthCounts("2026-11", counts)),
                          agencies=agencies, total=2 * sum(n for _, n in counts))


def test_the_table_keeps_its_height_when_the_legend_lists_more_or_fewer_agencies(qapp: QApplication, qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    table = QTableView(window)
    chart = MonthlyChartWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(table, 1)
    layout.addWidget(chart)
    window.resize(1200, 800)
    window.show()
    heights, entries = [], []
    for codes in (["a1", "a2"], [f"b{i}" for i in range(MAX_SERIES + 2)], ["a1"]):
        chart.set_monthly(_monthly(codes))
        for _ in range(5):
            qapp.processEvents()
        entries.append(len(chart.legend_entries()))
        heights.append(table.height())
    assert entries[0] < entries[1] > entries[2]  # the legend did change
    assert heights[0] == heights[1] == heights[2], heights
