"""ホーム: after login, what needs the resident's attention: unread notices, deadlines that
are near, charges to pay, the latest applications with their status (each opens its status
page on the services screen), and how many exchanges of their data are on record; with
shortcuts to each portal screen. Starts the notice push for the session."""

from __future__ import annotations

import asyncio
import datetime
import logging

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.jst import today_jst
from app.portal.errors import PortalError
from app.portal.models import Application, Me, Notice
from ui.card.card_life import CardLifePanel, card_texts, facts_today
from ui.error_words import error_text
from ui.kosodate.wording import lang, status_text
from ui.portal.access import PortalAccess
from ui.portal.i18n import ensure_portal_translations
from ui.portal.notice_model import deadline_state, deadline_text, payable
from ui.portal.push import NoticePushService
from ui.portal.tasks import spawn
from ui.screen_context import Navigator, PortalContext
from ui.style import emphasize

log = logging.getLogger(__name__)

LATEST_APPLICATIONS = 3


translate = QCoreApplication.translate


class HomeScreen(QWidget):
    navigate_requested = Signal(str)  # screen key
    summary_loaded = Signal()

    def __init__(self, access: PortalAccess, parent: QWidget | None = None, *,
                 push: NoticePushService | None = None, today: datetime.date | None = None,
                 navigator: Navigator | None = None) -> None:
        super().__init__(parent)
        ensure_portal_translations()
        self.setObjectName("screen_home")
        self._access = access
        self._today = today
        self.push = push or NoticePushService(access, self)
        self._navigator = navigator
        self.me: Me | None = None
        self.notices: tuple[Notice, ...] = ()
        self.unread = 0
        self.history_total: int | None = None
        self.applications: tuple[Application, ...] | None = None  # None: not loaded
        self.error: str | None = None

        self.greeting = QLabel(self)
        self.greeting.setObjectName("homeGreeting")
        emphasize(self.greeting, 1.4)  # bold from the regular face (ui.style.set_bold: no second font file)
        self.greeting.setWordWrap(True)
        self.login_prompt = QLabel(self)  # before login, instead of facts not known yet
        self.login_prompt.setObjectName("homeLoginPrompt")
        self.login_prompt.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("homeStatus")
        self.status.setWordWrap(True)

        # The card's and its certificates' ends, announced ahead; a lapsed 署名用 certificate.
        self.card_life = CardLifePanel(self, object_name="homeCardLife", text_name="homeCardLifeText")

        self.notices_box = QGroupBox(self)
        self.notices_box.setObjectName("homeNotices")
        self.unread_label = QLabel(self.notices_box)
        self.unread_label.setObjectName("homeUnread")
        self.deadlines = QLabel(self.notices_box)
        self.deadlines.setObjectName("homeDeadlines")
        self.deadlines.setWordWrap(True)
        self.payments = QLabel(self.notices_box)
        self.payments.setObjectName("homePayments")
        self.payments.setWordWrap(True)
        self.notices_button = QPushButton(self.notices_box)
        self.notices_button.setObjectName("homeOpenNotices")
        nl = QVBoxLayout(self.notices_box)
        nl.addWidget(self.unread_label)
        nl.addWidget(self.deadlines)
        nl.addWidget(self.payments)
        nl.addWidget(self.notices_button)

        self.history_box = QGroupBox(self)
        self.history_box.setObjectName("homeHistory")
        self.history_label = QLabel(self.history_box)
        self.history_label.setObjectName("homeHistoryCount")
        self.history_label.setWordWrap(True)
        self.history_button = QPushButton(self.history_box)
        self.history_button.setObjectName("homeOpenHistory")
        self.self_info_button = QPushButton(self.history_box)
        self.self_info_button.setObjectName("homeOpenSelfInfo")
        hl = QVBoxLayout(self.history_box)
        hl.addWidget(self.history_label)
        hl.addWidget(self.history_button)
        hl.addWidget(self.self_info_button)

        self.apps_box = QGroupBox(self)
        self.apps_box.setObjectName("homeApplications")
        self.apps_summary = QLabel(self.apps_box)
        self.apps_summary.setObjectName("homeApplicationsSummary")
        self.apps_summary.setWordWrap(True)
        self.app_buttons: list[QPushButton] = []  # the latest applications, one button each
        self.apps_layout = QVBoxLayout(self.apps_box)
        self.apps_layout.addWidget(self.apps_summary)
        self.services_button = QPushButton(self.apps_box)
        self.services_button.setObjectName("homeOpenServices")
        self.apps_layout.addWidget(self.services_button)

        grid = QGridLayout()
        grid.addWidget(self.notices_box, 0, 0)
        grid.addWidget(self.history_box, 0, 1)
        grid.addWidget(self.apps_box, 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.login_prompt)
        layout.addWidget(self.status)
        layout.addWidget(self.card_life)
        layout.addLayout(grid)
        layout.addStretch(1)

        self.setTabOrder(self.notices_button, self.history_button)
        self.setTabOrder(self.history_button, self.self_info_button)
        self.notices_button.clicked.connect(lambda: self._go("notices"))
        self.history_button.clicked.connect(lambda: self._go("history"))
        self.self_info_button.clicked.connect(lambda: self._go("self_info"))
        self.services_button.clicked.connect(lambda: self._go("services"))
        self.push.notices_arrived.connect(self._on_push_notices_arrived)
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)
        self.retranslate()

    @property
    def today(self) -> datetime.date:
        return self._today or today_jst()

    def screen_shown(self) -> None:
        if self._access.is_logged_in:
            self.push.start()
            spawn(self.refresh())

    def _on_access_logged_in(self, _p: object) -> None:
        self.push.start()
        self._render()
        if self.isVisible():
            spawn(self.refresh())

    def _on_access_logged_out(self, _r: str) -> None:
        self.me, self.notices, self.unread, self.history_total = None, (), 0, None
        self.applications = None
        self.status.clear()
        self._render()

    async def refresh(self) -> None:
        client = self._access.client
        if client is None:
            return
        self.status.setText(translate("HomeScreen", "読み込み中…"))
        try:
            me, page, history, applications = await asyncio.gather(
                self._access.call(client.me),
                self._access.call(client.notices, limit=100),
                self._access.call(client.history, limit=1),
                self._access.call(client.applications),
            )
        except PortalError as exc:
            self.error = error_text(exc)
            self.status.setText(self.error)
            return
        self.error = None
        self.status.clear()
        self.me, self.notices, self.unread, self.history_total = me, page.items, page.unread, history.total
        self.applications = applications
        self._render()
        self.summary_loaded.emit()

    def _on_push_notices_arrived(self, notices: tuple[Notice, ...]) -> None:
        known = {n.id for n in self.notices}
        new = [n for n in notices if n.id not in known]
        self.notices = tuple(sorted(new, key=lambda n: n.published_at, reverse=True)) + self.notices
        self.unread += sum(1 for n in new if not n.read)
        self._render()

    def _card_today(self) -> datetime.date:
        """Today by the backend's clock (an expiry is counted from the date the backend keeps)."""
        if self._today is not None:
            return self._today
        client = self._access.client
        return facts_today(client.server_now() if client is not None else None)

    def _go(self, key: str) -> QWidget | None:
        self.navigate_requested.emit(key)
        return self._navigator.show_screen(key) if self._navigator is not None else None

    def open_application(self, application_id: str) -> None:
        """The services screen's status page of one of the resident's applications."""
        self.navigate_requested.emit("services")
        if self._navigator is not None:
            self._navigator.open_application(application_id)

    @staticmethod
    def _set_alert(label: QLabel, on: bool) -> None:
        label.setProperty("alert", "true" if on else "")
        label.style().unpolish(label)
        label.style().polish(label)

    def _render(self) -> None:
        self.greeting.setText(translate("HomeScreen", "{name} さん、こんにちは").format(name=self.me.display_name) if self.me
                              else translate("HomeScreen", "マイナポータル"))
        logged_in = self._access.is_logged_in
        # Before login nothing is known about the resident's notices or applications: no count
        # of 0, no "no deadlines"; only what to do first.
        for box in (self.notices_box, self.history_box, self.apps_box):
            box.setVisible(logged_in)
        self.login_prompt.setVisible(not logged_in)
        self.login_prompt.setText(translate("HomeScreen", "ログインすると、お知らせ・期限のある手続き・申請の状況がここに表示されます。"
                                                          "「ログイン」の画面でマイナンバーカードを置いてください。"))
        # Until the summary is loaded, nothing about the notices is known: no 「0 件」.
        loaded = self.me is not None
        self.deadlines.setVisible(loaded)
        self.payments.setVisible(loaded)
        self.unread_label.setText(translate("HomeScreen", "未読のお知らせ: {n} 件").format(n=self.unread) if loaded
                                  else translate("HomeScreen", "お知らせを読み込んでいます…"))
        # Overdue first (still unpaid or not yet done), then those due soon; a paid charge is neither.
        overdue = [n for n in self.notices if deadline_state(n, self.today) == "overdue"]
        soon = [n for n in self.notices if deadline_state(n, self.today) == "soon"]
        urgent = overdue + soon
        if urgent:
            heading = (translate("HomeScreen", "期限を過ぎた手続き・期限が近い手続き:") if overdue
                       else translate("HomeScreen", "期限が近い手続き:"))
            self.deadlines.setText(heading + "\n" + "\n".join(
                translate("HomeScreen", "・{title}（{deadline}）").format(title=n.title, deadline=deadline_text(n, self.today))
                for n in urgent[:5]))
            self._set_alert(self.deadlines, True)  # the theme's warning colour; bold through the font
            emphasize(self.deadlines)
        else:
            self.deadlines.setText(translate("HomeScreen", "期限が近い手続きはありません。"))
            self._set_alert(self.deadlines, False)
            emphasize(self.deadlines, bold=False)
        due = [n for n in self.notices if payable(n)]
        if due:
            total = sum(n.payment.amount for n in due if n.payment)
            self.payments.setText(translate("HomeScreen", "支払いが必要なお知らせ: {n} 件（合計 {amount} 円）").format(n=len(due), amount=f"{total:,}"))
        else:
            self.payments.setText(translate("HomeScreen", "支払いが必要なお知らせはありません。"))
        if self.history_total is None:
            self.history_label.setText(translate("HomeScreen", "やりとり履歴を読み込んでいます…") if self._access.is_logged_in else "")
        else:
            self.history_label.setText(translate("HomeScreen", "あなたの情報のやりとりの記録: {n} 件").format(n=f"{self.history_total:,}"))
        self._render_applications()
        card = self.me.card if logged_in and self.me is not None else None
        self.card_life.show_texts((lambda: card_texts(self._card_today(), facts=card)) if card is not None else None)
        for label in (self.login_prompt, self.unread_label, self.deadlines, self.payments, self.history_label, self.apps_summary):
            label.setAccessibleName(label.text())

    def _render_applications(self) -> None:
        apps = self.applications
        latest = sorted(apps or (), key=_last_change, reverse=True)[:LATEST_APPLICATIONS]
        if apps is None:
            self.apps_summary.setText(translate("HomeScreen", "申請の状況を読み込んでいます…") if self._access.is_logged_in else "")
        elif not apps:
            self.apps_summary.setText(translate("HomeScreen", "申請した手続はありません。"))
        elif len(apps) > len(latest):
            self.apps_summary.setText(translate("HomeScreen", "申請した手続: {n} 件（新しい順に {shown} 件）").format(
                n=len(apps), shown=len(latest)))
        else:
            self.apps_summary.setText(translate("HomeScreen", "申請した手続の状況:"))
        while len(self.app_buttons) > len(latest):
            button = self.app_buttons.pop()
            self.apps_layout.removeWidget(button)
            button.deleteLater()
        while len(self.app_buttons) < len(latest):
            button = QPushButton(self.apps_box)
            button.setObjectName(f"homeApplication{len(self.app_buttons)}")
            button.clicked.connect(lambda _=False, b=button: self._on_app_button_clicked(b))
            self.apps_layout.insertWidget(self.apps_layout.indexOf(self.services_button), button)
            self.app_buttons.append(button)
        for button, app in zip(self.app_buttons, latest, strict=True):
            title = _form_title(app.form_id)
            button.setProperty("applicationId", app.id)
            button.setText(translate("HomeScreen", "{form}: {status}").format(form=title, status=status_text(app.status)))
            button.setAccessibleName(translate("HomeScreen", "{form}（受付番号 {receipt}）: {status}。状況を見る").format(
                form=title, receipt=app.receipt_number, status=status_text(app.status)))
            button.setToolTip(translate("HomeScreen", "受付番号 {receipt}").format(receipt=app.receipt_number))
        previous: QWidget = self.self_info_button
        for widget in [*self.app_buttons, self.services_button]:
            self.setTabOrder(previous, widget)
            previous = widget

    def _on_app_button_clicked(self, button: QPushButton) -> None:
        application_id = button.property("applicationId")
        if isinstance(application_id, str):
            self.open_application(application_id)

    def retranslate(self) -> None:
        self.notices_box.setTitle(translate("HomeScreen", "お知らせ"))
        self.history_box.setTitle(translate("HomeScreen", "あなたの情報"))
        self.notices_button.setText(translate("HomeScreen", "お知らせを開く"))
        self.notices_button.setAccessibleName(translate("HomeScreen", "お知らせの画面を開く"))
        self.history_button.setText(translate("HomeScreen", "やりとり履歴を見る"))
        self.history_button.setAccessibleName(translate("HomeScreen", "やりとり履歴の画面を開く"))
        self.self_info_button.setText(translate("HomeScreen", "わたしの情報を見る"))
        self.self_info_button.setAccessibleName(translate("HomeScreen", "わたしの情報の画面を開く"))
        self.apps_box.setTitle(translate("HomeScreen", "申請"))
        self.services_button.setText(translate("HomeScreen", "サービス検索・申請を開く"))
        self.services_button.setAccessibleName(translate("HomeScreen", "サービス検索・申請の画面を開く"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _last_change(app: Application) -> datetime.datetime:
    return max((e.at for e in app.events), default=datetime.datetime.min.replace(tzinfo=datetime.UTC))


def _form_title(form_id: str) -> str:
    from app.forms.titles import form_title

    return form_title(form_id, lang()) or form_id


def create_screen(context: PortalContext) -> QWidget:
    return HomeScreen(context.access, push=context.notice_push(), navigator=context.navigator)
