"""やりとり履歴 (情報提供等記録表示, service A): every exchange of the resident's data between
agencies, paged from the server as the resident scrolls, with filters, search, sort, a
plain-language explanation of the selected record, a monthly chart and CSV/PDF export.
:meth:`HistoryScreen.show_application` narrows it to the exchanges one application caused
(from the application's status page), with a banner and a button back to everything.

Budget (DESIGN.md §9): first rows ≤ 300 ms after opening; a filter keystroke blocks the UI
≤ 16 ms. A keystroke only restarts a debounce timer; when it fires, the model resets (empty)
and the first page is requested on the client's pool. Stale pages are dropped by the pager.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.history import HistoryFilters
from app.jst import jst_text, now_jst, today_jst
from app.portal.errors import NotFound, PortalError
from app.portal.models import Facets, HistoryRecord, Outcome
from ui.error_words import error_text
from ui.output_gate import OutputGate, OutputRefusedError
from ui.portal import history_text as ht
from ui.portal.access import PortalAccess
from ui.portal.chart import MonthlyChartWidget
from ui.portal.export import history_html, history_to_csv
from ui.portal.history_model import (
    COL_BASIS,
    COL_FUNCTION,
    COL_INFORMATION,
    COL_OUTCOME,
    COL_PROVIDER,
    COL_REQUESTER,
    COL_WHEN,
    HistoryModel,
)
from ui.portal.i18n import ensure_portal_translations
from ui.portal.names import agency_name
from ui.portal.tasks import spawn
from ui.screen_context import PortalContext
from ui.style import emphasize

log = logging.getLogger(__name__)

CONTEXT = "HistoryScreen"
DEBOUNCE_MS = 250
EXPORT_MAX = 100_000
EXPORT_PAGE = 200  # the API's largest page
FOLLOW_UP_MS = 25  # between a page's rows, the chart and the first row's explanation


translate = QCoreApplication.translate


PERIODS: tuple[tuple[str, int | None], ...] = (
    ("all", None), ("1m", 31), ("3m", 92), ("1y", 366), ("3y", 3 * 366),
)


class HistoryScreen(QWidget):
    exported = Signal(str, int)  # path, rows written
    export_failed = Signal(str)

    def __init__(self, access: PortalAccess, parent: QWidget | None = None,
                 *, today: datetime.date | None = None, debounce_ms: int = DEBOUNCE_MS,
                 gate: OutputGate | None = None) -> None:
        super().__init__(parent)
        ensure_portal_translations()
        self.setObjectName("screen_history")
        self._access = access
        self._gate = gate or OutputGate(None)
        self._today = today
        self._facets: Facets | None = None
        self._started = False
        self.model = HistoryModel(access, self)

        # -- filters ------------------------------------------------------------------------
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.period_label = QLabel(self)
        self.period = QComboBox(self)
        self.period.setObjectName("historyPeriod")
        self.period_label.setBuddy(self.period)
        self.agency_label = QLabel(self)
        self.agency = QComboBox(self)
        self.agency.setObjectName("historyAgency")
        self.agency_label.setBuddy(self.agency)
        self.information_label = QLabel(self)
        self.information = QComboBox(self)
        self.information.setObjectName("historyInformation")
        self.information_label.setBuddy(self.information)
        self.outcome_label = QLabel(self)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("historyOutcome")
        self.outcome_label.setBuddy(self.outcome)
        self.sort_label = QLabel(self)
        self.sort = QComboBox(self)
        self.sort.setObjectName("historySort")
        self.sort_label.setBuddy(self.sort)
        for combo in (self.period, self.outcome, self.sort):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # "Newest first" whole
        for combo in (self.agency, self.information):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)

        filters = QWidget(self)
        row1 = QHBoxLayout()
        row1.addWidget(self.search_label)
        row1.addWidget(self.search, 2)
        row1.addWidget(self.period_label)
        row1.addWidget(self.period)
        row1.addWidget(self.sort_label)
        row1.addWidget(self.sort)
        row2 = QHBoxLayout()
        row2.addWidget(self.agency_label)
        row2.addWidget(self.agency, 1)
        row2.addWidget(self.information_label)
        row2.addWidget(self.information, 1)
        row2.addWidget(self.outcome_label)
        row2.addWidget(self.outcome)
        fl = QVBoxLayout(filters)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addLayout(row1)
        fl.addLayout(row2)

        # -- status, table, detail, chart ------------------------------------------------------
        self.status = QLabel(self)
        self.status.setObjectName("historyStatus")
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("historyRetry")
        self.retry_button.setVisible(False)
        self.csv_button = QPushButton(self)
        self.csv_button.setObjectName("historyExportCsv")
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("historyExportPdf")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_button)
        status_row.addWidget(self.csv_button)
        status_row.addWidget(self.pdf_button)
        for button in (self.csv_button, self.pdf_button):  # a kiosk writes no file (ui.output_gate)
            button.setVisible(self._gate.files_allowed)

        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(COL_WHEN, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        fm = self.fontMetrics()
        self._column_chars = (11, 12, 12, 14, 12, 8, 8)  # preferred widths, in full-width characters
        for col, chars in enumerate(self._column_chars):
            self.table.setColumnWidth(col, fm.horizontalAdvance("国") * chars)
        self.table.viewport().installEventFilter(self)

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("historyDetail")
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.chart = MonthlyChartWidget(self)

        self.title = QLabel(self)
        self.title.setObjectName("historyTitle")
        emphasize(self.title, 1.3)  # follows the resident's text size (ui.style.rescale_fonts)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self._application: str | None = None
        self._application_receipt = ""
        self._application_missing = False
        self.focus_label = QLabel(self)
        self.focus_label.setObjectName("historyApplicationFocus")
        self.focus_label.setWordWrap(True)
        self.show_all_button = QPushButton(self)
        self.show_all_button.setObjectName("historyShowAll")
        focus_row = QHBoxLayout()
        focus_row.addWidget(self.focus_label, 1)
        focus_row.addWidget(self.show_all_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(focus_row)
        layout.addWidget(filters)
        layout.addLayout(status_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.chart)

        self.setTabOrder(self.show_all_button, self.search)
        self.setTabOrder(self.search, self.period)
        self.setTabOrder(self.period, self.sort)
        self.setTabOrder(self.sort, self.agency)
        self.setTabOrder(self.agency, self.information)
        self.setTabOrder(self.information, self.outcome)
        self.setTabOrder(self.outcome, self.table)
        self.setTabOrder(self.table, self.detail)
        self.setTabOrder(self.detail, self.retry_button)
        self.setTabOrder(self.retry_button, self.csv_button)
        self.setTabOrder(self.csv_button, self.pdf_button)
        self.setTabOrder(self.pdf_button, self.chart)

        # -- wiring --------------------------------------------------------------------------
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        # After a page arrives the table paints its rows first; the chart follows FOLLOW_UP_MS
        # later and the first row's explanation FOLLOW_UP_MS after that, so each of the three
        # paints has an event-loop turn of its own (DESIGN.md §9: ≤ 16 ms). A zero interval is
        # not enough: it fires in the same turn as the table's delayed layout, and the rows,
        # the chart and the explanation were then painted together.
        self._after_rows = QTimer(self)
        self._after_rows.setSingleShot(True)
        self._after_rows.setInterval(FOLLOW_UP_MS)
        self._after_rows.timeout.connect(self._on_after_rows_timeout)
        self._first_row = QTimer(self)
        self._first_row.setSingleShot(True)
        self._first_row.setInterval(FOLLOW_UP_MS)
        self._first_row.timeout.connect(self._on_first_row_timeout)
        # The chart counts on the server (GET /history/monthly) under the list's filters; it is
        # asked once the first page is in, so the rows stay first in line (§9 budget).
        self._monthly = QTimer(self)
        self._monthly.setSingleShot(True)
        self._monthly.setInterval(FOLLOW_UP_MS * 2)
        self._monthly.timeout.connect(self._on_monthly_timeout)
        self._monthly_generation = 0
        self._monthly_wanted = False  # the filters changed; counts are asked once the first page is in
        self.search.textEdited.connect(self._on_filter_edited)
        for combo in (self.period, self.agency, self.information, self.outcome, self.sort):
            combo.activated.connect(self._on_filter_edited)
        self.model.loading_changed.connect(self._update_status)
        self.model.total_changed.connect(self._update_status)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.model.page_failed.connect(self._on_model_page_failed)
        self.model.records_added.connect(self._on_model_records_added)
        self.model.records_reset.connect(self._on_model_records_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.show_all_button.clicked.connect(self._on_show_all_button_clicked)
        self.csv_button.clicked.connect(lambda: self._ask_export_path("csv"))
        self.pdf_button.clicked.connect(lambda: self._ask_export_path("pdf"))
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)
        self._file_dialog: QFileDialog | None = None
        self.retranslate()

    # -- lifecycle -----------------------------------------------------------------------------
    def screen_shown(self) -> None:
        if self._access.is_logged_in and not self._started:
            self.start()

    def start(self) -> None:
        """Loads the facets and the first page (idempotent until logout)."""
        self._started = True
        self.model.refresh()
        spawn(self._load_facets())

    def _on_access_logged_in(self, _payload: object) -> None:
        self._started = False
        if self.isVisible():
            self.start()

    def _on_access_logged_out(self, _reason: str) -> None:
        self._started = False
        self._facets = None
        self.chart.reset_colors()
        self._set_application(None)
        self.model.set_filters(HistoryFilters())
        self._monthly.stop()
        self._monthly_wanted = False
        self._monthly_generation += 1
        self.chart.set_monthly(None)
        self.detail.clear()

    async def _load_facets(self) -> None:
        try:
            facets = await self._access.call(self._client_call("history_facets"))
        except PortalError as exc:
            log.info("history facets failed: %s", exc.code)
            return
        self._facets = facets
        self._fill_facet_combos()

    def _client_call(self, name: str) -> Any:
        client = self._access.client
        assert client is not None
        return getattr(client, name)

    # -- filters -------------------------------------------------------------------------------
    def current_filters(self) -> HistoryFilters:
        today = self._today or today_jst()
        days = self.period.currentData()
        outcome = self.outcome.currentData()
        date_from = today - datetime.timedelta(days=days) if isinstance(days, int) else None
        return HistoryFilters(
            date_from=date_from,
            application=self._application,
            agency=self.agency.currentData() or None,
            information=self.information.currentData() or None,
            outcome=Outcome(outcome) if outcome else None,
            q=self.search.text().strip() or None,
            sort=self.sort.currentData() or "requested_at",
        )

    def _on_filter_edited(self, *_: object) -> None:
        # The whole keystroke cost on the Qt thread: restarting a timer.
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        filters = self.current_filters()
        header = self.table.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if filters.sort == "requested_at" else Qt.SortOrder.AscendingOrder
        if header.sortIndicatorOrder() != order:
            header.blockSignals(True)
            header.setSortIndicator(COL_WHEN, order)
            header.blockSignals(False)
        self.model.set_filters(filters)

    def _on_header_sort_indicator_changed(self, _section: int, order: Qt.SortOrder) -> None:
        value = "requested_at" if order == Qt.SortOrder.DescendingOrder else "-requested_at"
        self.sort.setCurrentIndex(max(0, self.sort.findData(value)))

    def apply_filters_now(self) -> None:
        """Applies the filter fields without waiting for the debounce (tests, Enter)."""
        self._debounce.stop()
        self._on_debounce_timeout()

    def _fill_facet_combos(self) -> None:
        facets = self._facets
        for combo, items in (
            (self.agency, [(agency_name(a), a.code) for a in facets.agencies] if facets else []),
            (self.information, [(i, i) for i in facets.information] if facets else []),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(translate("HistoryScreen", "すべて"), "")
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    # -- model feedback ------------------------------------------------------------------------
    def _update_status(self, *_: object) -> None:
        m = self.model
        loaded = m.record_count
        if m.error is not None:
            text = m.error
        elif m.total is None:
            text = translate("HistoryScreen", "読み込み中…") if m.loading or self._access.is_logged_in else translate("HistoryScreen", "ログインすると表示されます。")
        elif m.total == 0 and self._application is not None and not m.loading:
            text = translate("HistoryScreen", "この申請のための情報連携は、まだありません。")
        elif m.total == 0:
            text = translate("HistoryScreen", "条件に合うやりとりはありません。") + (" " + translate("HistoryScreen", "読み込み中…") if m.loading else "")
        else:
            if loaded < m.total:
                text = translate("HistoryScreen", "{total} 件中 {loaded} 件を表示（下へスクロールすると続きを読み込みます）").format(
                    total=f"{m.total:,}", loaded=f"{loaded:,}")
            else:
                text = translate("HistoryScreen", "{total} 件すべてを表示").format(total=f"{m.total:,}")
            if m.loading:
                text += " " + translate("HistoryScreen", "読み込み中…")
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.retry_button.setVisible(m.error is not None)

    def _on_model_page_failed(self, _message: str) -> None:
        self._update_status()

    def _on_model_records_added(self, _records: list[HistoryRecord]) -> None:
        self._update_status()
        self._after_rows.start()

    def _on_model_total_changed(self, *_: object) -> None:
        if self._monthly_wanted and self.model.total is not None:
            self._monthly_wanted = False
            self._monthly.start()

    def _on_monthly_timeout(self) -> None:
        if self._access.is_logged_in and self._access.client is not None:
            self._monthly_generation += 1
            spawn(self._load_monthly(self._monthly_generation, self.model.filters))

    async def _load_monthly(self, generation: int, filters: HistoryFilters) -> None:
        try:
            data = await self._access.call(self._client_call("history_monthly"), filters.to_params())
        except PortalError as exc:
            log.info("history monthly counts failed: %s", exc.code)
            if generation == self._monthly_generation:
                self.chart.set_monthly(None)
            return
        if generation != self._monthly_generation:
            return  # the filters changed while it was asked: a newer answer is on its way
        today = self._today or today_jst()
        first = filters.date_from.strftime("%Y-%m") if filters.date_from else None
        last = (filters.date_to or today).strftime("%Y-%m")
        self.chart.set_monthly(data, first, last if data.months or first else None)

    def _on_after_rows_timeout(self) -> None:
        if not self.table.selectionModel().hasSelection() and self.model.record_count:
            self._first_row.start()

    def _on_first_row_timeout(self) -> None:
        if not self.table.selectionModel().hasSelection() and self.model.record_count:
            self.table.selectRow(0)

    def _on_model_records_reset(self) -> None:
        self._after_rows.stop()
        self._first_row.stop()
        self._monthly_generation += 1
        self._monthly_wanted = True
        self._monthly.stop()
        self.chart.set_loading()
        self.detail.clear()

    def _on_model_reset(self) -> None:
        self._update_status()

    def _on_table_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        record = self.model.record(rows[0].row()) if rows else None
        if record is None:
            return
        self.detail.setHtml(ht.detail_html(record))
        self.detail.setAccessibleDescription(ht.summary_sentence(record))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.record(index.row()) is None and self.model.error is not None:
            self.model.retry()

    def _on_retry_button_clicked(self) -> None:
        self.model.retry()
        self._update_status()

    # -- one application's exchanges -----------------------------------------------------------
    def show_application(self, application_id: str) -> None:
        """Shows only the exchanges made for ``application_id`` (e.g. the municipality's queries
        while processing it), through the server's trigger filter. The application's own record
        gives the receipt number the heading names, or tells that it does not exist."""
        self.search.clear()
        for combo in (self.period, self.agency, self.information, self.outcome):
            combo.setCurrentIndex(0)
        self._set_application(application_id)
        if not self._started and self._access.is_logged_in:
            self._started = True
            spawn(self._load_facets())
        self._reload_now()
        spawn(self._learn_application(application_id))

    @property
    def application(self) -> str | None:
        """The application whose exchanges alone are shown, if any."""
        return self._application

    def _set_application(self, application_id: str | None) -> None:
        self._application = application_id
        self._application_receipt = ""
        self._application_missing = False
        self._update_focus()

    def _reload_now(self) -> None:
        self._debounce.stop()
        before = self.model.filters
        self._on_debounce_timeout()
        if self.model.filters == before:
            self.model.refresh()  # the same question again: ask the server anew

    async def _learn_application(self, application_id: str) -> None:
        client = self._access.client
        if client is None:
            return
        try:
            app = await self._access.call(client.application, application_id)
        except PortalError as exc:
            if self._application != application_id:
                return
            if isinstance(exc, NotFound):
                self._application_missing = True
                self._update_focus()
            else:  # the records are still shown, under the id instead of the receipt number
                log.info("application lookup for the history filter failed: %s", exc.code)
            return
        if self._application != application_id:
            return
        self._application_receipt = app.receipt_number
        self._update_focus()

    def _on_show_all_button_clicked(self) -> None:
        self._set_application(None)
        self._reload_now()
        self.search.setFocus()

    def _update_focus(self) -> None:
        shown = self._application is not None
        self.focus_label.setVisible(shown)
        self.show_all_button.setVisible(shown)
        if not shown:
            self.focus_label.clear()
            return
        if self._application_missing:
            text = translate("HistoryScreen", "この申請は見つかりませんでした。")
        elif self._application_receipt:
            text = translate("HistoryScreen", "申請（受付番号 {n}）のための情報連携だけを表示しています。").format(n=self._application_receipt)
        else:
            text = translate("HistoryScreen", "選んだ申請のための情報連携だけを表示しています。")
        self.focus_label.setText(text)
        self.focus_label.setAccessibleName(text)
        self._update_status()

    # -- export --------------------------------------------------------------------------------
    def _ask_export_path(self, fmt: str) -> None:
        try:
            dialog = self._gate.save_dialog(self, translate("HistoryScreen", "やりとり履歴を書き出す"), f"yaritori-rireki.{fmt}",
                                            name_filter="CSV (*.csv)" if fmt == "csv" else "PDF (*.pdf)", suffix=fmt)
        except OutputRefusedError as exc:
            self.status.setText(exc.text())
            self.export_failed.emit(exc.text())
            return
        dialog.setObjectName("historyExportDialog")
        dialog.fileSelected.connect(lambda path: spawn(self.export(path, fmt)))
        dialog.finished.connect(dialog.deleteLater)
        self._file_dialog = dialog
        dialog.open()

    def _fetch_all(self, filters: HistoryFilters) -> list[HistoryRecord]:
        """Blocking, on the pool: every record matching ``filters`` (up to EXPORT_MAX)."""
        client = self._access.client
        assert client is not None
        out: list[HistoryRecord] = []
        cursor: str | None = None
        while len(out) < EXPORT_MAX:
            page = client.history(limit=EXPORT_PAGE, cursor=cursor, filters=filters.to_params())
            out.extend(page.items)
            cursor = page.next_cursor
            if cursor is None or not page.items:
                break
        return out

    async def export(self, path: str | Path, fmt: str) -> int:
        """Exports every record matching the current filters; returns the rows written."""
        filters = self.model.filters
        self.csv_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.status.setText(translate("HistoryScreen", "書き出しています…"))
        try:
            records = await self._access.call(self._fetch_all, filters)
            if fmt == "csv":
                client = self._access.client
                assert client is not None
                count = await client.run(history_to_csv, self._gate, path, records)
            else:
                subtitle = translate("HistoryScreen", "{n} 件（{at} 現在）").format(
                    n=len(records), at=jst_text(now_jst()))
                self._gate.write_pdf(path, history_html(records, subtitle), translate("HistoryScreen", "やりとり履歴"))
                count = min(len(records), 1000)
        except (PortalError, OutputRefusedError, OSError) as exc:
            if isinstance(exc, PortalError):
                message = error_text(exc)
            elif isinstance(exc, OutputRefusedError):
                message = exc.text()
            else:
                message = translate("HistoryScreen", "ファイルに書き込めませんでした。")
            self.status.setText(message)
            self.export_failed.emit(message)
            return 0
        finally:
            self.csv_button.setEnabled(True)
            self.pdf_button.setEnabled(True)
        self.status.setText(translate("HistoryScreen", "{n} 件を書き出しました: {path}").format(n=count, path=str(path)))
        self.exported.emit(str(path), count)
        return count

    # -- text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(translate("HistoryScreen", "やりとり履歴"))
        self.intro.setText(translate("HistoryScreen", "行政機関の間で、あなたの情報がいつ・どの機関から・どの機関へ・どの法律に基づいてやりとりされたかの記録です。"
                              "行を選ぶと、わかりやすい説明が右に表示されます。"))
        self.search_label.setText(translate("HistoryScreen", "検索(&S)"))
        self.search.setPlaceholderText(translate("HistoryScreen", "機関名・情報・事務で検索"))
        self.search.setAccessibleName(translate("HistoryScreen", "やりとり履歴を検索"))
        self.period_label.setText(translate("HistoryScreen", "期間(&P)"))
        self.period.setAccessibleName(translate("HistoryScreen", "期間"))
        self.agency_label.setText(translate("HistoryScreen", "機関(&A)"))
        self.agency.setAccessibleName(translate("HistoryScreen", "照会者または提供者の機関"))
        self.information_label.setText(translate("HistoryScreen", "情報(&I)"))
        self.information.setAccessibleName(translate("HistoryScreen", "特定個人情報の種類"))
        self.outcome_label.setText(translate("HistoryScreen", "結果(&R)"))
        self.outcome.setAccessibleName(translate("HistoryScreen", "結果"))
        self.sort_label.setText(translate("HistoryScreen", "並び順(&O)"))
        self.sort.setAccessibleName(translate("HistoryScreen", "並び順"))
        self.show_all_button.setText(translate("HistoryScreen", "すべてのやりとりを表示"))
        self.show_all_button.setAccessibleName(translate("HistoryScreen", "申請での絞り込みをやめて、すべてのやりとりを表示する"))
        self._update_focus()
        self._fill_static_combos()
        self._fill_facet_combos()
        self.retry_button.setText(translate("HistoryScreen", "再試行"))
        self.retry_button.setAccessibleName(translate("HistoryScreen", "続きの読み込みを再試行"))
        self.csv_button.setText(translate("HistoryScreen", "CSV で書き出す"))
        self.csv_button.setAccessibleName(translate("HistoryScreen", "絞り込んだやりとり履歴を CSV ファイルに書き出す"))
        self.pdf_button.setText(translate("HistoryScreen", "PDF で書き出す"))
        self.pdf_button.setAccessibleName(translate("HistoryScreen", "絞り込んだやりとり履歴を PDF ファイルに書き出す"))
        self.table.setAccessibleName(translate("HistoryScreen", "やりとり履歴の一覧"))
        self.detail.setAccessibleName(translate("HistoryScreen", "選んだやりとりの説明"))
        self.model.retranslate()
        self._on_table_selection_changed(QItemSelection(), QItemSelection())  # the explanation shown
        self._update_status()

    def _fill_static_combos(self) -> None:
        labels = {"all": translate("HistoryScreen", "すべて"), "1m": translate("HistoryScreen", "過去1か月"), "3m": translate("HistoryScreen", "過去3か月"), "1y": translate("HistoryScreen", "過去1年"), "3y": translate("HistoryScreen", "過去3年")}
        self._refill(self.period, [(labels[k], d) for k, d in PERIODS])
        self._refill(self.outcome, [(translate("HistoryScreen", "すべて"), "")] + [(ht.outcome_text(o), o.value) for o in Outcome])
        self._refill(self.sort, [(translate("HistoryScreen", "新しい順"), "requested_at"), (translate("HistoryScreen", "古い順"), "-requested_at")])

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        index = max(0, combo.currentIndex())
        combo.blockSignals(True)
        combo.clear()
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(min(index, combo.count() - 1))
        combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            # Rows as tall as the text now is (set once at construction otherwise), then columns.
            self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
            self._fit_columns()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Whole columns in the width the list has: when, who asked, who provided and the outcome
        always; information, function and legal basis as room allows (the explanation beside
        the list has them all). Never wider than the list, so nothing scrolls sideways."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        unit = self.fontMetrics().horizontalAdvance("国")
        preferred = [unit * chars for chars in self._column_chars]
        essential = (COL_WHEN, COL_REQUESTER, COL_PROVIDER, COL_OUTCOME)
        shown = list(essential)
        used = sum(preferred[c] for c in essential)
        for col in (COL_INFORMATION, COL_FUNCTION, COL_BASIS):
            if used + preferred[col] <= available:
                shown.append(col)
                used += preferred[col]
        # The date and time is never cut; the others share what is left.
        when = max(preferred[COL_WHEN], self.fontMetrics().horizontalAdvance("2026-12-31 23:59") + unit)
        rest = used - preferred[COL_WHEN]
        scale = min(1.0, max(0, available - when) / rest) if rest else 1.0
        for col in range(len(preferred)):
            header.setSectionHidden(col, col not in shown)
            if col == COL_WHEN:
                header.resizeSection(col, when)
            elif col in shown:
                header.resizeSection(col, max(unit * 3, int(preferred[col] * scale)))


def create_screen(context: PortalContext) -> QWidget:
    return HistoryScreen(context.access, gate=context.gate)
