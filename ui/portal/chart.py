"""Month-by-month bar chart of exchanges over a true time axis, stacked by requesting agency.

Fed with the server's monthly counts (``GET /history/monthly``) under the list's filters, so it
counts every matching record, not only the rows loaded so far. Every calendar month of the
range has its slot, empty months included. Each agency keeps its colour for the whole session
(filters never repaint an agency in another's colour); the legend says what colour means; a
bar's tooltip gives the month's counts; 「表で見る」 shows the same numbers as a table.

Painted by hand (QtCharts is not in PySide6-Essentials). Colours come from
:data:`ui.a11y.themes.CHART_COLORS` for the current theme.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.portal.models import Agency, HistoryMonthly
from app.settings import Theme
from ui.a11y.themes import CHART_COLORS, CHART_OTHER
from ui.portal.names import agency_name
from ui.widgets.elided_label import ElidedLabel

MAX_SERIES = 7  # agencies with a colour of their own; the rest are drawn together as その他
OTHER = "__other__"
AnyIndex = QModelIndex | QPersistentModelIndex


translate = QCoreApplication.translate


def month_range(first: str, last: str) -> list[str]:
    """Every calendar month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    y, m = int(first[:4]), int(first[5:])
    ly, lm = int(last[:4]), int(last[5:])
    out: list[str] = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def month_label(month: str) -> str:
    return translate("MonthlyChart", "{y}年{m}月").format(y=int(month[:4]), m=int(month[5:]))


def _theme() -> Theme:
    app = QApplication.instance()
    value = app.property("mynadesk_theme") if app is not None else None
    try:
        return Theme(value) if value else Theme.LIGHT
    except ValueError:
        return Theme.LIGHT


class _Plot(QWidget):
    """The bars. Tooltips and the arrow keys tell a month's counts."""

    def __init__(self, chart: MonthlyChartWidget) -> None:
        super().__init__(chart)
        self.setObjectName("historyChartPlot")
        self._chart = chart
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.current = -1  # the month chosen with the arrow keys

    def sizeHint(self) -> QSize:
        return QSize(400, 140)

    def plot_rect(self) -> QRectF:
        line = self.fontMetrics().height()
        left = self.fontMetrics().horizontalAdvance("00000") + 8
        return QRectF(left, line * 0.5, max(10.0, self.width() - left - 6), max(10.0, self.height() - line * 2.2))

    def slot_of(self, x: float) -> int:
        months = self._chart.months
        plot = self.plot_rect()
        if not months or not plot.left() <= x <= plot.right():
            return -1
        return min(len(months) - 1, int((x - plot.left()) / (plot.width() / len(months))))

    def bar_center(self, index: int) -> QPoint:
        months = self._chart.months
        plot = self.plot_rect()
        slot = plot.width() / max(1, len(months))
        total = self._chart.month_total(months[index]) if months else 0
        peak = self._chart.peak or 1
        height = plot.height() * total / peak
        return QPoint(int(plot.left() + index * slot + slot / 2), int(plot.bottom() - max(1.0, height / 2)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.slot_of(event.pos().x())
            if index < 0:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), self._chart.month_text(self._chart.months[index]), self)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        months = self._chart.months
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Home: -10_000, Qt.Key.Key_End: 10_000}.get(
            Qt.Key(event.key()))
        if not months or step is None:
            super().keyPressEvent(event)
            return
        start = self.current if self.current >= 0 else len(months) - 1
        self.current = max(0, min(len(months) - 1, start + step if self.current >= 0 else start))
        text = self._chart.month_text(months[self.current])
        self.setAccessibleDescription(text)
        QToolTip.showText(self.mapToGlobal(self.bar_center(self.current)), text, self)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self._chart
        p = QPainter(self)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        line = fm.height()
        months = chart.months
        if not months:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, chart.empty_text())
            p.end()
            return
        plot = self.plot_rect()
        peak = chart.peak or 1
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.setPen(text)
        for value, y in ((peak, plot.top()), (0, plot.bottom())):
            p.drawText(QRectF(0, y - line / 2, plot.left() - 4, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:,}")
        slot = plot.width() / len(months)
        bar_w = max(1.0, slot * 0.7)
        # One drawRects call per agency (thousands of fillRect calls cost a frame); the pen in
        # the Base colour keeps neighbouring segments apart when bars are wide enough.
        rects: dict[str, list[QRectF]] = {}
        for i, month in enumerate(months):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            y = plot.bottom()
            for key, n in chart.stack(month):
                bh = plot.height() * n / peak
                rects.setdefault(key, []).append(QRectF(x, y - bh, bar_w, bh))
                y -= bh
        if bar_w >= 4:
            p.setPen(pal.color(QPalette.ColorRole.Base))
        else:
            p.setPen(Qt.PenStyle.NoPen)
        for key, boxes in rects.items():
            p.setBrush(chart.color_of(key))
            p.drawRects(boxes)
        # Month labels: every few months on a short axis; on a long one, the years.
        p.setPen(text)
        label_w = fm.horizontalAdvance("0000/00") + 6
        if len(months) <= 24:
            every = max(1, int(label_w // slot) + 1)
            labels = [(i, m.replace("-", "/")) for i, m in enumerate(months) if i % every == 0]
        else:
            step = max(1, int(label_w // (slot * 12)) + 1)
            first_year = int(months[0][:4])
            labels = [(i, m[:4]) for i, m in enumerate(months)
                      if m.endswith("-01") and (int(m[:4]) - first_year) % step == 0]
        for i, label in labels:
            p.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 2, label_w, line), Qt.AlignmentFlag.AlignLeft, label)
        if self.hasFocus() and 0 <= self.current < len(months):
            p.setPen(pal.color(QPalette.ColorRole.Highlight))
            p.drawRect(QRectF(plot.left() + self.current * slot, plot.top(), slot, plot.height()))
        p.end()


class _MonthTableModel(QAbstractTableModel):
    """The chart as a table: a row per month; total, then one column per agency."""

    def __init__(self, chart: MonthlyChartWidget) -> None:
        super().__init__(chart)
        self._chart = chart
        self._columns: list[str] = []

    def set_columns(self, columns: list[str]) -> None:
        self.beginResetModel()
        self._columns = columns
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._chart.months)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None  # (the tooltip: an agency's whole name where its column cuts it)
        if section == 0:
            return translate("MonthlyChart", "月")
        if section == 1:
            return translate("MonthlyChart", "合計")
        return self._chart.name_of(self._columns[section - 2]) if section - 2 < len(self._columns) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        months = self._chart.months
        if not index.isValid() or index.row() >= len(months):
            return None
        month, col = months[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return month_label(month)
            if col == 1:
                return f"{self._chart.month_total(month):,}"
            return f"{dict(self._chart.stack(month)).get(self._columns[col - 2], 0):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MonthlyChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._data: HistoryMonthly | None = None
        self._loading = False
        self._months: list[str] = []
        self._counts: dict[str, dict[str, int]] = {}
        self._names: dict[str, Agency] = {}
        # Agency code → colour slot, for the whole session: a filter never recolours an agency.
        self._slots: dict[str, int] = {}

        self.caption = ElidedLabel("", self)
        self.caption.setObjectName("historyChartCaption")
        self.table_button = QPushButton(self)
        self.table_button.setObjectName("historyChartTableButton")
        self.table_button.setCheckable(True)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.caption, 1)
        head.addWidget(self.table_button)

        self.plot = _Plot(self)
        self.legend = QWidget(self)
        self.legend.setObjectName("historyChartLegend")
        self.legend_title = QLabel(self.legend)
        self.legend_title.setObjectName("historyChartLegendTitle")
        self.legend_title.setWordWrap(True)
        self._legend_grid = QGridLayout()
        self._legend_grid.setContentsMargins(0, 0, 0, 0)
        self._legend_labels: list[QLabel] = []
        self._legend_key: list[tuple[str, str]] = []
        ll = QVBoxLayout(self.legend)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.legend_title)
        ll.addLayout(self._legend_grid)
        ll.addStretch(1)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The legend scrolls inside the chart's own height rather than growing it: new counts
        # with other agencies then repaint the chart alone, instead of re-laying out the screen
        # and repainting the table and the explanation in the same turn (DESIGN.md §9: ≤ 16 ms).
        self.legend_area = QScrollArea(self)
        self.legend_area.setObjectName("historyChartLegendArea")
        self.legend_area.setFrameShape(QFrame.Shape.NoFrame)
        self.legend_area.setWidgetResizable(True)
        self.legend_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.legend_area.setWidget(self.legend)
        # Not a tab stop: the legend is read through its swatches' names, and every count is in 表で見る.
        self.legend_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.table_model = _MonthTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("historyChartTable")
        self.table.setModel(self.table_model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Fixed widths: sizing to contents would read every cell at each update, even hidden.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(self.fontMetrics().horizontalAdvance("国") * 8)
        self._table_stale = False
        self.table.setVisible(False)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.plot, 3)
        body.addWidget(self.table, 3)
        body.addWidget(self.legend_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        self.table_button.toggled.connect(self._on_table_button_toggled)
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(600, self._height())

    def _height(self) -> int:
        """One height whatever the legend holds: room for its title and every entry it can
        have (MAX_SERIES and その他), with one line to spare for a long name that wraps; a longer
        legend scrolls. When the screen is short the chart may get less (its minimum is the
        plot's), and the legend scrolls."""
        line = self.fontMetrics().height()
        style_gap = max(0, self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutVerticalSpacing))

        def gap(spacing: int) -> int:
            return spacing if spacing >= 0 else style_gap

        rows = MAX_SERIES + 1
        legend_layout = self.legend.layout()
        legend = (self.legend_title.sizeHint().height() + gap(legend_layout.spacing() if legend_layout else -1)
                  + (rows + 1) * line + (rows - 1) * gap(self._legend_grid.verticalSpacing()))
        head = max(self.caption.sizeHint().height(), self.table_button.sizeHint().height())
        layout = self.layout()
        return max(line * 11, head + gap(layout.spacing() if layout else -1) + legend)

    # -- data ----------------------------------------------------------------------------------
    def reset_colors(self) -> None:
        """Forgets the agencies' colours (a new resident's session)."""
        self._slots.clear()

    def set_loading(self) -> None:
        """New counts are on their way: the caption says so; the bars stay until they come
        (clearing them would rebuild the legend twice for every filter)."""
        self._loading = True
        self.caption.setText(translate("MonthlyChart", "月別の件数を読み込み中…"))
        if not self._months:
            self.plot.update()

    def set_monthly(self, data: HistoryMonthly | None, first: str | None = None, last: str | None = None) -> None:
        """Shows ``data`` over every month from ``first`` to ``last`` (``YYYY-MM``), widened to
        the data's own months; either bound defaults to the data's."""
        self._loading = False
        self._data = data
        self._counts = {m.month: dict(m.counts) for m in data.months} if data else {}
        if data is not None:
            self._names.update({a.code: a for a in data.agencies})
        have = sorted(self._counts)
        lo = min([x for x in (first, have[0] if have else None) if x], default=None)
        hi = max([x for x in (last, have[-1] if have else None) if x], default=None)
        self._months = month_range(lo, hi) if lo and hi and (have or first) else []
        # New agencies get the next free colours, the busiest first.
        totals: dict[str, int] = {}
        for counts in self._counts.values():
            for code, n in counts.items():
                totals[code] = totals.get(code, 0) + n
        for code in sorted(totals, key=lambda c: (-totals[c], c)):
            if code not in self._slots and len(self._slots) < MAX_SERIES:
                self._slots[code] = len(self._slots)
        self._refresh()

    @property
    def months(self) -> list[str]:
        """Every month on the time axis, oldest first (months without records included)."""
        return list(self._months)

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self._counts.values())

    @property
    def peak(self) -> int:
        return max((self.month_total(m) for m in self._months), default=0)

    def month_total(self, month: str) -> int:
        return sum(self._counts.get(month, {}).values())

    def color_of(self, code: str) -> QColor:
        """The colour of an agency (by code) in the current theme; その他 for agencies past
        the first MAX_SERIES seen in this session."""
        colors = CHART_COLORS[_theme()] if _theme() in CHART_COLORS else CHART_COLORS[Theme.LIGHT]
        slot = self._slots.get(code)
        return QColor(colors[slot] if slot is not None else CHART_OTHER[_theme()] if _theme() in CHART_OTHER
                      else CHART_OTHER[Theme.LIGHT])

    def name_of(self, code: str) -> str:
        if code == OTHER:
            return translate("MonthlyChart", "その他の機関")
        agency = self._names.get(code)
        return agency_name(agency) if agency is not None else code

    def stack(self, month: str) -> list[tuple[str, int]]:
        """(agency code or OTHER, count) from the bottom of the month's bar up."""
        counts = self._counts.get(month, {})
        own = sorted((c for c in counts if c in self._slots), key=lambda c: self._slots[c])
        other = sum(n for c, n in counts.items() if c not in self._slots)
        return [(c, counts[c]) for c in own] + ([(OTHER, other)] if other else [])

    def legend_entries(self) -> list[tuple[str, QColor]]:
        """The agencies in the chart with their colours, as the legend lists them."""
        return [(self.name_of(c), self.color_of(c)) for c in self._legend_order()]

    def month_text(self, month: str) -> str:
        """One month in words (the bar's tooltip, the arrow keys, screen readers)."""
        parts = [translate("MonthlyChart", "{agency} {n} 件").format(agency=self.name_of(c), n=f"{n:,}")
                 for c, n in self.stack(month)]
        head = translate("MonthlyChart", "{month}: {n} 件").format(month=month_label(month), n=f"{self.month_total(month):,}")
        return head + ("\n" + "\n".join(parts) if parts else "")

    def empty_text(self) -> str:
        if self._loading:
            return translate("MonthlyChart", "月別の件数を読み込み中…")
        return translate("MonthlyChart", "表示するやりとりはまだありません。")

    def describe(self) -> str:
        """The chart in words (screen readers, tests)."""
        if not self._months:
            return self.empty_text()
        busy = [m for m in self._months if self.month_total(m)]
        return translate("MonthlyChart", "{first}から{last}までの {n} か月、合計 {total} 件。件数のある月: {months}").format(
            first=month_label(self._months[0]), last=month_label(self._months[-1]), n=len(self._months),
            total=f"{self.total:,}", months="、".join(f"{month_label(m)} {self.month_total(m):,}" for m in busy))

    # -- views ---------------------------------------------------------------------------------
    def _refresh(self) -> None:
        if self._months:
            self.caption.setText(translate("MonthlyChart", "月別のやりとり件数（{first}〜{last}、合計 {total} 件）").format(
                first=month_label(self._months[0]), last=month_label(self._months[-1]), total=f"{self.total:,}"))
        else:
            self.caption.setText(translate("MonthlyChart", "月別のやりとり件数"))
        self.plot.current = -1
        self.plot.setAccessibleDescription(self.describe())
        self.setAccessibleDescription(self.describe())
        self._fill_legend()
        self._table_stale = True
        if self.table.isVisible():
            self._update_table()
        self.plot.update()

    def _fill_legend(self) -> None:
        entries = self.legend_entries()
        key = [(name, color.name()) for name, color in entries]
        if key == self._legend_key:
            return  # most filters keep the same agencies: no new widgets
        self._legend_key = key
        for label in self._legend_labels:
            self._legend_grid.removeWidget(label)
            label.deleteLater()
        self._legend_labels = []
        size = max(8, self.fontMetrics().height() - 4)
        for row, (name, color) in enumerate(entries):
            swatch = QLabel(self.legend)
            pixmap = QPixmap(size, size)
            pixmap.fill(color)
            swatch.setPixmap(pixmap)
            swatch.setAccessibleName(translate("MonthlyChart", "{agency}の色").format(agency=name))
            label = QLabel(name, self.legend)
            label.setObjectName("historyChartLegendEntry")
            label.setWordWrap(True)
            label.setToolTip(name)
            self._legend_grid.addWidget(swatch, row, 0, Qt.AlignmentFlag.AlignTop)
            self._legend_grid.addWidget(label, row, 1)
            self._legend_labels += [swatch, label]

    def _legend_order(self) -> list[str]:
        present = {c for counts in self._counts.values() for c in counts}
        own = sorted((c for c in present if c in self._slots), key=lambda c: self._slots[c])
        return own + ([OTHER] if any(c not in self._slots for c in present) else [])

    def bar_center(self, month: str) -> QPoint:
        """Where ``month``'s bar is, in the plot's coordinates (its tooltip shows there)."""
        return self.plot.bar_center(self._months.index(month))

    def _update_table(self) -> None:
        self._table_stale = False
        self.table_model.set_columns(self._legend_order())

    def _on_table_button_toggled(self, on: bool) -> None:
        if on and self._table_stale:
            self._update_table()
        self.table.setVisible(on)
        self.plot.setVisible(not on)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._legend_key = []  # agency names change with the language
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(translate("MonthlyChart", "月別のやりとり件数（照会した機関別）"))
        self.plot.setAccessibleName(translate("MonthlyChart", "月別のやりとり件数のグラフ。左右の矢印キーで月を選ぶと件数を読み上げます。"))
        self.table.setAccessibleName(translate("MonthlyChart", "月別のやりとり件数の表"))
        self.legend_title.setText(translate("MonthlyChart", "色は照会した機関を表します:"))
        self.table_button.setText(translate("MonthlyChart", "グラフで見る") if self.table_button.isChecked()
                                  else translate("MonthlyChart", "表で見る"))
        self.table_button.setAccessibleName(translate("MonthlyChart", "月別の件数をグラフと表で切り替える"))
        self._refresh()
