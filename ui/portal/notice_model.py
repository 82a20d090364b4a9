"""お知らせ as a list model: paged from the server, newest first, with pushed notices
prepended, unread state and deadline emphasis. Rows are immutable :class:`Notice` objects;
marking one read replaces it with a copy."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from app.jst import DATE, jst_text, today_jst
from app.portal.errors import PortalError, SessionExpired
from app.portal.models import Notice, NoticePage, Payment, PaymentRef, PaymentStatus
from ui.a11y.themes import alert_color
from ui.error_words import error_text
from ui.portal.access import PortalAccess
from ui.portal.tasks import spawn

log = logging.getLogger(__name__)

NOTICE_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 3
DEADLINE_ROLE = Qt.ItemDataRole.UserRole + 4  # "overdue" | "soon" | "later" | None
PAGE_SIZE = 50
SOON_DAYS = 14

AnyIndex = QModelIndex | QPersistentModelIndex


translate = QCoreApplication.translate


def deadline_state(notice: Notice, today: datetime.date) -> str | None:
    """How near the notice's deadline is; None without one, and once its charge is paid (a paid
    charge is not due any more)."""
    if notice.deadline is None:
        return None
    if notice.payment is not None and notice.payment.status is PaymentStatus.PAID:
        return None
    deadline = notice.deadline.date() if isinstance(notice.deadline, datetime.datetime) else notice.deadline
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= SOON_DAYS:
        return "soon"
    return "later"


def deadline_text(notice: Notice, today: datetime.date) -> str:
    state = deadline_state(notice, today)
    if state is None or notice.deadline is None:
        return ""
    date = notice.deadline.strftime("%Y-%m-%d")
    if state == "overdue":
        return translate("NoticeModel", "期限 {date}（過ぎています）").format(date=date)
    if state == "soon":
        deadline = notice.deadline.date() if isinstance(notice.deadline, datetime.datetime) else notice.deadline
        return translate("NoticeModel", "期限 {date}（あと {days} 日）").format(date=date, days=(deadline - today).days)
    return translate("NoticeModel", "期限 {date}").format(date=date)


class NoticeModel(QAbstractListModel):
    loading_changed = Signal(bool)
    unread_changed = Signal(int)
    page_failed = Signal(str)

    def __init__(self, access: PortalAccess, parent: QObject | None = None, *,
                 today: datetime.date | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._access = access
        self._today = today
        self._page_size = page_size
        self._notices: list[Notice] = []
        self._ids: set[str] = set()
        self._cursor: str | None = None
        self._exhausted = False
        self._loading = False
        self._generation = 0
        self._unread = 0
        self.error: str | None = None

    @property
    def today(self) -> datetime.date:
        return self._today or today_jst()

    @property
    def unread(self) -> int:
        return self._unread

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(self._notices)

    @property
    def loading(self) -> bool:
        return self._loading

    def notice(self, row: int) -> Notice | None:
        return self._notices[row] if 0 <= row < len(self._notices) else None

    def row_of(self, notice_id: str) -> int:
        return next((i for i, n in enumerate(self._notices) if n.id == notice_id), -1)

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notices)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.row() >= len(self._notices):
            return None
        n = self._notices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            sep = translate("NoticeModel", "・")  # between the parts of the second line
            line2 = f"{n.sender}{sep}{jst_text(n.published_at, DATE)}"
            due = deadline_text(n, self.today)
            if due:
                line2 += f"{sep}{due}"
            mark = "● " if not n.read else ""
            return f"{mark}{n.title}\n{line2}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [translate("NoticeModel", "未読") if not n.read else "", n.title, n.sender, jst_text(n.published_at, DATE),
                     deadline_text(n, self.today)]
            return "、".join(p for p in parts if p)
        if role == Qt.ItemDataRole.FontRole and not n.read:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and deadline_state(n, self.today) in ("soon", "overdue"):
            return QBrush(alert_color())
        if role == NOTICE_ROLE:
            return n
        if role == SORT_ROLE:
            return n.published_at.isoformat()
        if role == UNREAD_ROLE:
            return not n.read
        if role == DEADLINE_ROLE:
            return deadline_state(n, self.today)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (not parent.isValid() and not self._exhausted and not self._loading and self.error is None
                and self._access.is_logged_in)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        self.loading_changed.emit(True)
        spawn(self._load(self._generation, self._cursor))

    def _fetch(self, cursor: str | None) -> NoticePage:
        client = self._access.client
        if client is None:
            raise SessionExpired("token_invalid")
        return client.notices(limit=self._page_size, cursor=cursor)

    async def _page(self, generation: int, cursor: str | None) -> NoticePage | None:
        """A page for the load of ``generation``; None when it failed (worded in ``error``) or
        a newer load has begun meanwhile."""
        try:
            page = await self._access.call(self._fetch, cursor)
        except asyncio.CancelledError:
            if generation == self._generation:
                self._loading = False
            raise
        except PortalError as exc:
            if generation != self._generation:
                return None
            self._loading = False
            self.loading_changed.emit(False)
            self.error = error_text(exc)
            self.page_failed.emit(self.error)
            return None
        return page if generation == self._generation else None

    async def _load(self, generation: int, cursor: str | None) -> None:
        page = await self._page(generation, cursor)
        if page is None:
            return
        self._loading = False
        new = [n for n in page.items if n.id not in self._ids]
        if new:
            first = len(self._notices)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._notices.extend(new)
            self._ids.update(n.id for n in new)
            self.endInsertRows()
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None or not page.items
        self._set_unread(page.unread)
        self.loading_changed.emit(False)

    def reload(self) -> None:
        """Loads the first page again; the rows shown stay until it has arrived, and stay as
        they are when it fails (a dead server must not empty the list the resident reads)."""
        if not self._notices:
            self._generation += 1
            self._cursor, self._exhausted, self._loading, self.error = None, False, False, None
            self.fetchMore(QModelIndex())
            return
        if not self._access.is_logged_in:
            return
        self._generation += 1
        self._loading = True
        self.error = None
        self.loading_changed.emit(True)
        spawn(self._reload(self._generation))

    async def _reload(self, generation: int) -> None:
        page = await self._page(generation, None)
        if page is None:
            return
        self.beginResetModel()
        self._notices = list(page.items)
        self._ids = {n.id for n in page.items}
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None or not page.items
        self._loading = False
        self.endResetModel()
        self._set_unread(page.unread)
        self.loading_changed.emit(False)

    def clear(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._notices, self._ids = [], set()
        self._cursor, self._exhausted, self._loading, self.error = None, True, False, None
        self.endResetModel()
        self._set_unread(0)

    def retry(self) -> None:
        self.error = None
        self.fetchMore(QModelIndex())

    # -- changes -------------------------------------------------------------------------------
    def add_pushed(self, notices: Sequence[Notice]) -> list[Notice]:
        """Puts notices that arrived by push at the top (newest first); returns those new here."""
        new = [n for n in sorted(notices, key=lambda n: n.published_at, reverse=True) if n.id not in self._ids]
        if not new:
            return []
        self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
        self._notices[0:0] = new
        self._ids.update(n.id for n in new)
        self.endInsertRows()
        self._set_unread(self._unread + sum(1 for n in new if not n.read))
        return new

    def _replace(self, row: int, notice: Notice) -> None:
        self._notices[row] = notice
        idx = self.index(row, 0)
        self.dataChanged.emit(idx, idx)

    def set_read(self, notice_id: str) -> bool:
        row = self.row_of(notice_id)
        if row < 0 or self._notices[row].read:
            return False
        self._replace(row, dataclasses.replace(self._notices[row], read=True))
        self._set_unread(max(0, self._unread - 1))
        return True

    def set_payment(self, payment: Payment) -> None:
        for row, n in enumerate(self._notices):
            if n.payment is not None and n.payment.id == payment.id:
                self._replace(row, dataclasses.replace(n, payment=PaymentRef(payment.id, payment.amount, payment.status)))

    def _set_unread(self, count: int) -> None:
        if count != self._unread:
            self._unread = count
            self.unread_changed.emit(count)


def payable(notice: Notice) -> bool:
    return notice.payment is not None and notice.payment.status in (PaymentStatus.UNPAID, PaymentStatus.FAILED)
