"""Point 7: the やりとり履歴 chart, read by a resident who filters the list.

The chart's x-axis is time: every month of the range has its slot, empty ones too, and the
bars count every matching record (the server's count), not just the rows loaded so far. An
agency keeps its colour when the resident filters; the legend says that colour means the
requesting agency; hovering a bar tells its month and counts; 「表で見る」 gives the same numbers
as a table.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from app.jst import today_jst
from app.portal.models import Outcome


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    return f"{y + (m == 12):04d}-{m % 12 + 1:02d}"


def _legend(chart) -> dict[str, str]:
    """Agency name → colour, as the legend shows it."""
    entries = getattr(chart, "legend_entries", None)
    if entries is not None:
        return {name: color.name() for name, color in entries()}
    from ui.portal.chart import PALETTE  # the chart before its rework: series in palette order

    return {name: PALETTE[i % len(PALETTE)].lower() for i, name in enumerate(chart.series)}


def _chart_ready(history) -> bool:
    chart = history.chart
    return bool(chart.months) and history.model.total is not None and not history.model.loading


def test_history_chart_has_a_time_axis_stable_colours_a_legend_tooltips_and_a_table(home):
    home.login_as("r01")
    history = home.open_screen("history")
    chart = history.chart
    home.wait_until(lambda: _chart_ready(history))
    home.wait_until(lambda: sum(chart.month_total(m) for m in chart.months) == history.model.total, 5000)

    # A time axis: consecutive months, and every record counted (not only the loaded rows).
    months = chart.months
    assert all(_next_month(a) == b for a, b in itertools.pairwise(months)), months
    assert len(months) > len([m for m in months if chart.month_total(m)]), "no empty month shown"
    # The axis runs to this month (a time axis ends at now, not at the last busy month).
    assert months[-1] == today_jst().strftime("%Y-%m")

    # The legend says what colour means.
    assert home.sees("照会した機関", history)
    before = _legend(chart)
    assert len(before) >= 2

    # A filter keeps each agency in its colour.
    history.outcome.setCurrentIndex(history.outcome.findData(Outcome.PROVIDED.value))
    history.outcome.activated.emit(history.outcome.currentIndex())
    home.wait_until(lambda: history.model.filters.outcome == Outcome.PROVIDED and _chart_ready(history))
    home.wait_until(lambda: sum(chart.month_total(m) for m in chart.months) == history.model.total, 5000)
    after = _legend(chart)
    shared = set(before) & set(after)
    assert shared
    assert {a: after[a] for a in shared} == {a: before[a] for a in shared}

    # Hovering a bar tells its month and count.
    busy = next(m for m in reversed(chart.months) if chart.month_total(m))
    plot = getattr(chart, "plot", chart)
    pos = chart.bar_center(busy) if hasattr(chart, "bar_center") else chart.rect().center()
    QApplication.sendEvent(plot, QHelpEvent(QEvent.Type.ToolTip, pos, plot.mapToGlobal(pos)))
    home.settle()
    tip = QToolTip.text()
    assert f"{int(busy[:4])}年{int(busy[5:])}月" in tip, tip
    assert f"{chart.month_total(busy)} 件" in tip, tip
    QToolTip.hideText()

    # The same numbers as a table.
    home.click("表で見る")
    table = chart.table
    home.wait_until(lambda: table.isVisible())
    model = table.model()
    assert model.rowCount() == len(chart.months)
    row = chart.months.index(busy)
    assert model.index(row, 1).data() == f"{chart.month_total(busy):,}"
    home.click("グラフで見る")
    assert not table.isVisible()
