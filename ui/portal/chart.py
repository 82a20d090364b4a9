"""A small month-by-month bar chart of exchanges, stacked by requesting agency.

Painted by hand (QtCharts is not in PySide6-Essentials). Fed with counts from the rows
loaded so far (:func:`ui.portal.history_model.monthly_counts`): the backend's facets carry
no monthly totals, so the chart says how many records it is based on.
"""

from __future__ import annotations

import collections

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

# Distinguishable on light and dark backgrounds (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
MAX_MONTHS = 12
MAX_SERIES = 7  # the rest are drawn as その他


translate = QCoreApplication.translate


class MonthlyChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyChart")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self._based_on = 0
        self._months: list[str] = []
        self._series: list[str] = []
        self._stacks: dict[str, list[int]] = {}
        self.setAccessibleName(translate("MonthlyChart", "月別のやりとり件数（照会した機関別）"))

    def sizeHint(self) -> QSize:
        return QSize(600, 180)

    # -- data ----------------------------------------------------------------------------------
    def set_counts(self, counts: collections.Counter[tuple[str, str]], based_on: int) -> None:
        self._counts = collections.Counter(counts)
        self._based_on = based_on
        months = sorted({m for m, _ in counts})[-MAX_MONTHS:]
        by_agency: collections.Counter[str] = collections.Counter()
        for (m, agency), n in counts.items():
            if m in months:
                by_agency[agency] += n
        top = [a for a, _ in by_agency.most_common(MAX_SERIES)]
        other = translate("MonthlyChart", "その他")
        series = top + ([other] if len(by_agency) > len(top) else [])
        stacks = {m: [0] * len(series) for m in months}
        for (m, agency), n in counts.items():
            if m not in stacks:
                continue
            i = top.index(agency) if agency in top else len(series) - 1
            stacks[m][i] += n
        self._months, self._series, self._stacks = months, series, stacks
        self.setAccessibleDescription(self.describe())
        self.update()

    @property
    def months(self) -> list[str]:
        return list(self._months)

    @property
    def series(self) -> list[str]:
        return list(self._series)

    def month_total(self, month: str) -> int:
        return sum(self._stacks.get(month, []))

    def describe(self) -> str:
        """The chart in words (screen readers, tests)."""
        if not self._months:
            return translate("MonthlyChart", "表示するやりとりはまだありません。")
        parts = [f"{m}: {self.month_total(m)}" for m in self._months]
        return translate("MonthlyChart", "読み込んだ {n} 件に基づく月別件数: {months}").format(n=self._based_on, months="、".join(parts))

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        line = fm.height()
        w, h = self.width(), self.height()
        p.setPen(text)
        caption = translate("MonthlyChart", "月別のやりとり件数（読み込んだ {n} 件）").format(n=self._based_on)
        p.drawText(QRectF(4, 0, w - 8, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)
        if not self._months:
            p.drawText(QRectF(0, line, w, h - line), Qt.AlignmentFlag.AlignCenter, translate("MonthlyChart", "表示するやりとりはまだありません。"))
            p.end()
            return
        legend_w = min(int(w * 0.35), max(fm.horizontalAdvance(s) for s in self._series) + line * 2)
        plot = QRectF(line * 2.5, line * 1.5, w - legend_w - line * 3.5, h - line * 3.2)
        peak = max(self.month_total(m) for m in self._months) or 1
        # axis and peak label
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.setPen(text)
        p.drawText(QRectF(0, plot.top() - line / 2, plot.left() - 4, line),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(peak))
        p.drawText(QRectF(0, plot.bottom() - line / 2, plot.left() - 4, line),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "0")
        slot = plot.width() / len(self._months)
        bar_w = max(2.0, slot * 0.6)
        for i, month in enumerate(self._months):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            y = plot.bottom()
            for s, n in enumerate(self._stacks[month]):
                if not n:
                    continue
                bh = plot.height() * n / peak
                p.fillRect(QRectF(x, y - bh, bar_w, bh), QColor(PALETTE[s % len(PALETTE)]))
                y -= bh
            if len(self._months) <= 6 or i % 2 == 0 or i == len(self._months) - 1:
                p.drawText(QRectF(plot.left() + i * slot - 10, plot.bottom() + 2, slot + 20, line),
                           Qt.AlignmentFlag.AlignHCenter, month[2:].replace("-", "/"))
        # legend
        lx = w - legend_w
        for s, name in enumerate(self._series):
            ly = line * 1.5 + s * (line + 2)
            if ly + line > h:
                break
            p.fillRect(QRectF(lx, ly + line * 0.2, line * 0.7, line * 0.7), QColor(PALETTE[s % len(PALETTE)]))
            p.drawText(QRectF(lx + line, ly, legend_w - line, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, int(legend_w - line)))
        p.end()
