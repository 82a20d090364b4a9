"""やりとり履歴 as a Qt table model over :class:`app.history.HistoryPager` (server-side paging).

* Rows are immutable :class:`HistoryRecord` objects; ``RECORD_ROLE`` gives the object,
  ``SORT_ROLE`` a sortable value.
* ``canFetchMore``/``fetchMore`` load the next page on the portal client's pool as the view
  scrolls; a page for filters that changed meanwhile is dropped (the pager's generation).
* A failed page keeps the loaded rows and adds one status row at the end (``STATUS_ROLE``)
  saying what went wrong; :meth:`retry` removes it and asks again.
* Only the date column sorts (the backend's ``sort``); other columns are a page's order.
* ``HistoryFilters.application`` is one more server-side filter (the records an application
  triggered), paged like the others.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from app.history import HistoryFilters, HistoryPager, Sort
from app.jst import jst_text
from app.portal.errors import PortalError, SessionExpired
from app.portal.models import HistoryRecord, Outcome
from ui.a11y.themes import alert_color
from ui.error_words import error_text
from ui.portal import history_text as ht
from ui.portal.access import PortalAccess
from ui.portal.names import agency_name
from ui.portal.tasks import spawn

log = logging.getLogger(__name__)

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

COL_WHEN, COL_REQUESTER, COL_PROVIDER, COL_FUNCTION, COL_INFORMATION, COL_BASIS, COL_OUTCOME = range(7)
COLUMN_COUNT = 7
PAGE_SIZE = 100

AnyIndex = QModelIndex | QPersistentModelIndex

_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole})
_ROLES = _TEXT_ROLES | {RECORD_ROLE, SORT_ROLE, STATUS_ROLE, Qt.ItemDataRole.ForegroundRole}
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_STATUS_FLAGS = Qt.ItemFlag.ItemIsEnabled


def _headers() -> tuple[str, ...]:
    t = QCoreApplication.translate
    return (
        t("HistoryModel", "日時"),
        t("HistoryModel", "照会者"),
        t("HistoryModel", "提供者"),
        t("HistoryModel", "事務"),
        t("HistoryModel", "特定個人情報"),
        t("HistoryModel", "根拠"),
        t("HistoryModel", "結果"),
    )


class HistoryModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    page_failed = Signal(str)  # translated message
    total_changed = Signal(int)  # the backend's count for the current filters
    records_added = Signal(list)  # list[HistoryRecord] just appended
    records_reset = Signal()
    session_expired = Signal()

    def __init__(self, access: PortalAccess, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._access = access
        self._pager = HistoryPager(None, fetch=self._fetch, page_size=page_size)
        self._records: list[HistoryRecord] = []
        self._texts: list[tuple[str, ...]] = []  # display texts, parallel to _records
        self._error: str | None = None
        self._task: asyncio.Task[Any] | None = None
        self._headers = _headers()
        self._text_epoch = 0  # bumped by retranslate(): texts built before it are redone
        self.pages_loaded = 0

    # -- the pager's blocking fetch (runs on the client's pool) -------------------------------
    def _fetch(self, filters: HistoryFilters, cursor: str | None, limit: int) -> Any:
        client = self._access.client
        if client is None:
            raise SessionExpired("token_invalid")
        return client.history(limit=limit, cursor=cursor, filters=filters.to_params())

    # -- state ---------------------------------------------------------------------------------
    @property
    def filters(self) -> HistoryFilters:
        return self._pager.filters

    @property
    def records(self) -> tuple[HistoryRecord, ...]:
        return tuple(self._records)

    @property
    def record_count(self) -> int:
        """``len(records)`` without copying them (the status line asks on every page)."""
        return len(self._records)

    @property
    def total(self) -> int | None:
        return self._pager.total

    @property
    def loading(self) -> bool:
        return self._pager.loading

    @property
    def error(self) -> str | None:
        return self._error

    def record(self, row: int) -> HistoryRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def set_filters(self, filters: HistoryFilters) -> bool:
        """Starts the list over for ``filters`` (cheap: the request goes to the pool)."""
        if not self._pager.set_filters(filters):
            return False
        self._restart()
        return True

    def refresh(self) -> None:
        self._pager.refresh()
        self._restart()

    def _restart(self) -> None:
        self.beginResetModel()
        self._records = []
        self._texts = []
        self._error = None
        self.endResetModel()
        self.records_reset.emit()
        self.loading_changed.emit(False)
        self.fetchMore(QModelIndex())

    def retry(self) -> None:
        if self._error is None:
            return
        row = len(self._records)
        self.beginRemoveRows(QModelIndex(), row, row)
        self._error = None
        self.endRemoveRows()
        self.fetchMore(QModelIndex())

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._records) + (1 if self._error is not None else 0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self._headers[section]
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return _ROW_FLAGS if index.row() < len(self._records) else _STATUS_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Hot path: the view asks ~10 roles per visible cell on every paint. Texts are built
        # once per record (on arrival) and unhandled roles return at the first test.
        if role not in _ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row < len(self._texts):
            if role in _TEXT_ROLES:
                return self._texts[row][col]
            if role == RECORD_ROLE:
                return self._records[row]
            if role == SORT_ROLE:
                return self._records[row].requested_at.isoformat() if col == COL_WHEN else self._texts[row][col]
            if role == Qt.ItemDataRole.ForegroundRole and col == COL_OUTCOME and self._records[row].outcome == Outcome.REFUSED:
                return QBrush(alert_color())
            return None
        if row == len(self._records) and self._error is not None:
            if role == STATUS_ROLE:
                return self._error
            if col == 0 and role in _TEXT_ROLES:
                return QCoreApplication.translate("HistoryModel", "{error} ここをダブルクリック（Enter）で再試行します。").format(
                    error=self._error
                )
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(alert_color())
        return None

    def _row_texts(self, r: HistoryRecord) -> tuple[str, ...]:
        return tuple(self._text(r, c) for c in range(COLUMN_COUNT))

    @staticmethod
    def _text(r: HistoryRecord, col: int) -> str:
        if col == COL_WHEN:
            return ht.when_text(r)
        if col == COL_REQUESTER:
            return agency_name(r.requester)
        if col == COL_PROVIDER:
            return agency_name(r.provider)
        if col == COL_FUNCTION:
            return r.function
        if col == COL_INFORMATION:
            return r.information
        if col == COL_BASIS:
            return ht.basis_text(r)
        return ht.outcome_text(r.outcome)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column != COL_WHEN:
            return
        sort: Sort = "-requested_at" if order == Qt.SortOrder.AscendingOrder else "requested_at"
        self.set_filters(self._pager.filters.with_sort(sort))

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() or self._error is not None or not self._access.is_logged_in:
            return False
        return self._pager.can_fetch_more and not self._pager.loading

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        ticket = self._pager.begin()
        if ticket is None:
            return
        self.loading_changed.emit(True)
        self._task = spawn(self._load(ticket))

    def _load_page(self, ticket: Any, epoch: int) -> tuple[Any, dict[str, tuple[str, ...]], int]:
        """On the pool: the page and its rows' display texts, so the Qt thread only inserts them."""
        page = self._pager.load(ticket)
        return page, {r.id: self._row_texts(r) for r in page.items}, epoch

    async def _load(self, ticket: Any) -> None:
        try:
            page, texts_by_id, epoch = await self._access.call(self._load_page, ticket, self._text_epoch)
        except asyncio.CancelledError:
            self._pager.abandon(ticket)
            raise
        except PortalError as exc:
            self._pager.abandon(ticket)
            if ticket.generation != self._pager.generation:
                return
            log.info("history page failed: %s", exc.code)
            self.loading_changed.emit(False)
            if isinstance(exc, SessionExpired):
                self.session_expired.emit()
            self._set_error(error_text(exc))
            return
        new = self._pager.accept(ticket, page)
        if new is None:  # stale: the filters changed while it was in flight
            return
        self.pages_loaded += 1
        if new:
            first = len(self._records)
            if epoch == self._text_epoch:
                texts = [texts_by_id[r.id] for r in new]
            else:  # the language changed while the page was in flight
                texts = [self._row_texts(r) for r in new]
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._records.extend(new)
            self._texts.extend(texts)
            self.endInsertRows()
        self.loading_changed.emit(False)
        self.total_changed.emit(self._pager.total or 0)
        if new:
            self.records_added.emit(new)

    def _set_error(self, message: str) -> None:
        row = len(self._records)
        if self._error is None:
            self.beginInsertRows(QModelIndex(), row, row)
            self._error = message
            self.endInsertRows()
        else:
            self._error = message
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx)
        self.page_failed.emit(message)

    def retranslate(self) -> None:
        self._headers = _headers()
        self._text_epoch += 1
        self._texts = [self._row_texts(r) for r in self._records]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMN_COUNT - 1))


def monthly_counts(records: list[HistoryRecord] | tuple[HistoryRecord, ...],
                   into: collections.Counter[tuple[str, str]] | None = None) -> collections.Counter[tuple[str, str]]:
    """(YYYY-MM, requesting agency) → number of exchanges."""
    counter = into if into is not None else collections.Counter()
    for r in records:
        counter[(jst_text(r.requested_at, "%Y-%m"), r.requester.name)] += 1
    return counter
