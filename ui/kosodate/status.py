"""The status of one application: receipt number, its events as the municipality processes
it, the decision notice, and the linkage queries the municipality made for it (やりとり履歴)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.forms.schema import Text
from app.history import HistoryFilters
from app.jst import jst_text
from app.portal.models import Application, ApplicationStatus, HistoryRecord, Notice
from ui.error_words import error_text
from ui.kosodate.common import name, set_role, text, translate
from ui.kosodate.wording import status_text as status_text  # re-exported: its home before
from ui.portal import history_text
from ui.portal.names import agency_name
from ui.portal.tasks import spawn
from ui.style import emphasize

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0
LINKAGE_PAGE = 200  # the API's largest page: one application's queries fit in one
RECORD_SCHEME = "history"  # a query's link in the status text: history:<record id>
FINAL = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.DOCUMENTS_REQUESTED,
         ApplicationStatus.VISIT_BOOKED)


class StatusView(QWidget):
    """Follows one application until its decision notice."""

    back_requested = Signal()
    history_requested = Signal(str)  # application id

    def __init__(self, backend: Any, application_id: str, receipt_number: str = "",
                 parent: QWidget | None = None, *, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__(parent)
        name(self, "applicationStatus")
        self.backend = backend
        self.application_id = application_id
        self.receipt_number = receipt_number
        self.poll_seconds = poll_seconds
        self.application: Application | None = None
        self.notice: Notice | None = None
        self.linkage: list[HistoryRecord] = []
        self._task: asyncio.Task[Any] | None = None

        layout = QVBoxLayout(self)
        self.receipt = QLabel(self)
        name(self.receipt, "receiptNumber")
        emphasize(self.receipt, 1.3)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.receipt)
        self.state_label = QLabel(self)
        name(self.state_label, "applicationState")
        emphasize(self.state_label, 1.1)
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        # The documents the resident declared (signed) they hand in at the counter, and where.
        self.counter = QLabel(self)
        name(self.counter, "counterDocuments")
        self.counter.setWordWrap(True)
        self.counter.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.counter, "info")
        self.counter.setVisible(False)
        layout.addWidget(self.counter)
        self.details = QTextBrowser(self)
        name(self.details, "statusDetails")
        # A query's record opens in やりとり履歴 (with this application's other queries).
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._on_details_anchor_clicked)
        layout.addWidget(self.details, 1)
        self.error = QLabel(self)
        name(self.error, "statusError")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.history_button = QPushButton(self)
        name(self.history_button, "openHistory")
        self.history_button.clicked.connect(self._on_history_button_clicked)
        layout.addWidget(self.history_button)
        self.back_button = QPushButton(self)
        name(self.back_button, "statusBack")
        self.back_button.clicked.connect(self.back_requested)
        layout.addWidget(self.back_button)
        self.retranslate()

    def _on_history_button_clicked(self) -> None:
        self.history_requested.emit(self.application_id)

    def _on_details_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == RECORD_SCHEME and any(r.id == url.path() for r in self.linkage):
            self.history_requested.emit(self.application_id)

    def retranslate(self) -> None:
        self.receipt.setText(translate("ServiceStatus", "受付番号: {n}").format(n=self.receipt_number or "…"))
        self.receipt.setAccessibleName(self.receipt.text())
        self.details.setAccessibleName(translate("ServiceStatus", "申請の経過"))
        self.history_button.setText(translate("ServiceStatus", "この申請の情報連携をやりとり履歴で見る(&H)"))
        self.history_button.setAccessibleName(translate("ServiceStatus", "この申請のための情報のやりとりを、やりとり履歴で見る"))
        self.back_button.setText(translate("ServiceStatus", "サービス検索・申請へ戻る(&B)"))
        self.back_button.setAccessibleName(translate("ServiceStatus", "サービス検索・申請へ戻る"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- polling ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = spawn(self.follow())

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    @property
    def decided(self) -> bool:
        return self.application is not None and self.application.status in FINAL and self.notice is not None

    async def follow(self) -> None:
        """Refreshes until the decision notice is there."""
        while True:
            await self.refresh()
            if self.decided:
                return
            await asyncio.sleep(self.poll_seconds)

    async def refresh(self) -> None:
        client = self.backend.portal()
        if client is None:
            return
        try:
            # Everything is fetched first and shown at once, so "decided" never precedes its text.
            app = await self.backend.call(client.application, self.application_id)
            notice = self.notice
            if app.notice_id and notice is None:
                page = await self.backend.call(client.notices, limit=100)
                notice = next((n for n in page.items if n.id == app.notice_id), None)
            linkage = self.linkage
            if app.status is not ApplicationStatus.SUBMITTED:
                linkage = await self._linkage(client)
            self.application, self.notice, self.linkage = app, notice, linkage
            self.receipt_number = app.receipt_number
            self.error.setVisible(False)
        except Exception as exc:
            log.info("status refresh failed: %s", type(exc).__name__)
            self.error.setText(error_text(exc) + " " + translate("ServiceStatus", "自動でもう一度確認します。"))
            self.error.setVisible(True)
        self.retranslate()

    async def _linkage(self, client: Any) -> list[HistoryRecord]:
        """Every record made for this application, newest first: the server's trigger filter,
        one request per page."""
        filters = HistoryFilters(application=self.application_id).to_params()
        records: list[HistoryRecord] = []
        cursor: str | None = None
        while True:
            page = await self.backend.call(client.history, limit=LINKAGE_PAGE, cursor=cursor, filters=filters)
            records += page.items
            cursor = page.next_cursor
            if cursor is None or not page.items:
                return records

    # -- view ------------------------------------------------------------------------------
    def _render_counter(self, app: Application) -> None:
        c = app.at_counter
        if c is None or not c.documents:
            self.counter.setVisible(False)
            return
        office = (translate("ServiceStatus", "{office}（{department}）").format(office=c.office_name, department=c.department)
                  if c.department else c.office_name)
        lines = [translate("ServiceStatus", "次の書類を {office} の窓口にご提出ください（受付番号をお伝えください）:").format(office=office)]
        lines += [translate("ServiceStatus", "・{document}").format(document=text(Text(d.name, d.name_en))) for d in c.documents]
        self.counter.setText("\n".join(lines))
        self.counter.setAccessibleName(self.counter.text())
        self.counter.setVisible(True)

    def _render(self) -> None:
        import html

        app = self.application
        if app is None:
            self.state_label.setText(translate("ServiceStatus", "申請の状況を確認しています…"))
            self.details.clear()
            return
        self.state_label.setText(translate("ServiceStatus", "状況: {s}").format(s=status_text(app.status)))
        set_role(self.state_label, "info")
        self._render_counter(app)
        parts = ["<h3>" + html.escape(translate("ServiceStatus", "経過")) + "</h3><ul>"]
        for ev in app.events:
            note = f" — {html.escape(ev.note)}" if ev.note else ""
            parts.append(f"<li>{jst_text(ev.at)} {html.escape(status_text(ev.status))}{note}</li>")
        parts.append("</ul>")
        if self.linkage:
            # Who asked is said per query: for a town's 児童扶養手当 the prefecture asks.
            parts.append("<h3>" + html.escape(translate("ServiceStatus", "この申請の審査のために行われた情報連携")) + "</h3><ul>")
            for r in self.linkage:
                line = translate("ServiceStatus", "{requester} → {provider}：{information}（{basis}）— {outcome}").format(
                    requester=agency_name(r.requester), provider=agency_name(r.provider), information=r.information,
                    basis=history_text.basis_text(r), outcome=history_text.outcome_text(r.outcome))
                link = translate("ServiceStatus", "記録ID {id}").format(id=r.id)
                parts.append(f"<li>{html.escape(line)} <a href=\"{RECORD_SCHEME}:{html.escape(r.id)}\">"
                             f"{html.escape(link)}</a></li>")
            parts.append("</ul>")
        if self.notice is not None:
            heading = (translate("ServiceStatus", "書類の提出のお願い") if app.status is ApplicationStatus.DOCUMENTS_REQUESTED
                       else translate("ServiceStatus", "来庁日時のお知らせ") if app.status is ApplicationStatus.VISIT_BOOKED
                       else translate("ServiceStatus", "決定通知"))
            body = html.escape(self.notice.body).replace("\n", "<br>")
            parts.append("<h3>" + html.escape(heading) + f"</h3><p><b>{html.escape(self.notice.title)}</b></p><p>{body}</p>")
        elif app.status in FINAL:
            parts.append("<p>" + html.escape(translate("ServiceStatus", "決定通知を取得しています…")) + "</p>")
        if self.linkage or (self.notice is not None and history_text.cites_a_row(self.notice.body)):
            parts.append(f"<p><small>{html.escape(history_text.edition_note())}</small></p>")
        self.details.setHtml("".join(parts))
