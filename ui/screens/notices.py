"""お知らせ (service C): the resident's notices with unread counts, deadlines highlighted,
attachments (open, save) and the actions a notice allows: pay its charge (公金決済, F), open
the application it belongs to, and the 民間送達サービス link (D). New notices arrive by push
(:mod:`ui.portal.push`) and appear at the top without any action."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.jst import jst_text
from app.portal.errors import PortalError
from app.portal.models import Attachment, Notice
from ui.error_words import error_text
from ui.output_gate import OutputGate, OutputRefusedError, Refusal
from ui.portal import history_text
from ui.portal.access import PortalAccess
from ui.portal.delivery import DeliveryDialog
from ui.portal.i18n import ensure_portal_translations
from ui.portal.notice_model import NoticeModel, deadline_state, deadline_text, payable
from ui.portal.payment import PaymentDialog, status_text, yen
from ui.portal.push import NoticePushService
from ui.portal.tasks import spawn
from ui.screen_context import Navigator, PortalContext
from ui.style import emphasize

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


class NoticesScreen(QWidget):
    application_requested = Signal(str)  # application id
    attachment_saved = Signal(str)  # path
    attachment_opened = Signal(str)  # local path handed to the desktop ("" when shown in the app)

    def __init__(self, access: PortalAccess, parent: QWidget | None = None, *,
                 push: NoticePushService | None = None, navigator: Navigator | None = None,
                 gate: OutputGate | None = None) -> None:
        super().__init__(parent)
        ensure_portal_translations()
        self.setObjectName("screen_notices")
        self._access = access
        self._started = False
        self._current: Notice | None = None
        self._pending_open: str | None = None  # open_notice() before the list had it
        self.payment_dialog: PaymentDialog | None = None
        self.delivery_dialog: DeliveryDialog | None = None
        self._gate = gate or OutputGate(None)
        self.viewer: QDialog | None = None  # the attachment shown inside the app (kiosk)
        self._arrived = 0  # notices the last push brought (its banner is re-worded on a language switch)
        self.model = NoticeModel(access, self)
        self.push = push or NoticePushService(access, self)
        self._navigator = navigator

        self.title = QLabel(self)
        self.title.setObjectName("noticesTitle")
        emphasize(self.title, 1.3)  # follows the resident's text size (ui.style.rescale_fonts)
        self.unread = QLabel(self)
        self.unread.setObjectName("noticesUnread")
        self.status = QLabel(self)
        self.status.setObjectName("noticesStatus")
        self.status.setWordWrap(True)
        self.delivery_button = QPushButton(self)
        self.delivery_button.setObjectName("noticesDelivery")
        self.reload_button = QPushButton(self)
        self.reload_button.setObjectName("noticesReload")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.unread)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        top.addWidget(self.delivery_button)

        self.list = QListView(self)
        self.list.setObjectName("noticesList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)

        detail = QWidget(self)
        self.notice_title = QLabel(detail)
        self.notice_title.setObjectName("noticeTitle")
        self.notice_title.setWordWrap(True)
        emphasize(self.notice_title, 1.15)
        self.notice_meta = QLabel(detail)
        self.notice_meta.setObjectName("noticeMeta")
        self.notice_meta.setWordWrap(True)
        self.deadline = QLabel(detail)
        self.deadline.setObjectName("noticeDeadline")
        self.deadline.setWordWrap(True)
        self.body = QTextBrowser(detail)
        self.body.setObjectName("noticeBody")
        self.attachments_label = QLabel(detail)
        self.attachments = QListView(detail)
        self.attachments.setObjectName("noticeAttachments")
        self.attachments.setMaximumHeight(self.fontMetrics().height() * 5)
        self.attachments_label.setBuddy(self.attachments)
        from PySide6.QtGui import QStandardItemModel

        self.attachment_model = QStandardItemModel(self)
        self.attachments.setModel(self.attachment_model)
        self.open_button = QPushButton(detail)
        self.open_button.setObjectName("noticeOpenAttachment")
        self.save_button = QPushButton(detail)
        self.save_button.setObjectName("noticeSaveAttachment")
        self.pay_button = QPushButton(detail)
        self.pay_button.setObjectName("noticePay")
        self.application_button = QPushButton(detail)
        self.application_button.setObjectName("noticeOpenApplication")
        self.payment_info = QLabel(detail)
        self.payment_info.setObjectName("noticePaymentInfo")
        att_row = QHBoxLayout()
        att_row.addWidget(self.open_button)
        att_row.addWidget(self.save_button)
        att_row.addStretch(1)
        act_row = QHBoxLayout()
        act_row.addWidget(self.payment_info, 1)
        act_row.addWidget(self.pay_button)
        act_row.addWidget(self.application_button)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.notice_title)
        dl.addWidget(self.notice_meta)
        dl.addWidget(self.deadline)
        dl.addWidget(self.body, 1)
        dl.addWidget(self.attachments_label)
        dl.addWidget(self.attachments)
        dl.addLayout(att_row)
        dl.addLayout(act_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.list, self.body)
        self.setTabOrder(self.body, self.attachments)
        self.setTabOrder(self.attachments, self.open_button)
        self.setTabOrder(self.open_button, self.save_button)
        self.setTabOrder(self.save_button, self.pay_button)
        self.setTabOrder(self.pay_button, self.application_button)
        self.setTabOrder(self.application_button, self.reload_button)
        self.setTabOrder(self.reload_button, self.delivery_button)

        self.model.unread_changed.connect(self._update_unread)
        self.model.page_failed.connect(self._on_model_page_failed)
        self.model.loading_changed.connect(self._on_model_loading_changed)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.open_button.clicked.connect(lambda: self._attachment_action("open"))
        self.save_button.clicked.connect(lambda: self._attachment_action("save"))
        self.attachments.activated.connect(lambda _i: self._attachment_action("open"))
        self.pay_button.clicked.connect(self._on_pay_button_clicked)
        self.application_button.clicked.connect(self._on_application_button_clicked)
        self.delivery_button.clicked.connect(self._on_delivery_button_clicked)
        self.reload_button.clicked.connect(self.model.reload)
        self.push.notices_arrived.connect(self._on_push_notices_arrived)
        self.push.state_changed.connect(self._on_push_state_changed)
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)
        self.retranslate()
        self._show_notice(None)

    # -- lifecycle -----------------------------------------------------------------------------
    def screen_shown(self) -> None:
        if self._access.is_logged_in and not self._started:
            self.start()

    def start(self) -> None:
        self._started = True
        self.model.reload()
        self.push.start()

    def _on_access_logged_in(self, _payload: object) -> None:
        self._started = False
        self.status.clear()
        self._update_unread()
        if self.isVisible():
            self.start()

    def _on_access_logged_out(self, _reason: str) -> None:
        self._started = False
        self._pending_open = None
        self.model.clear()
        self._show_notice(None)
        self._update_unread()
        self._gate.remove_temporary()
        if self.viewer is not None:  # nothing of the resident stays on screen
            self.viewer.close()

    # -- list ----------------------------------------------------------------------------------
    def _update_unread(self, *_: object) -> None:
        n = self.model.unread
        if not self._access.is_logged_in:
            # Before login nothing is known about the resident's notices: no 「未読はありません」,
            # only what to do first (as ホーム says).
            text = ""
            self.status.setText(translate("NoticesScreen", "ログインすると、届いたお知らせがここに表示されます。"
                                                           "「ログイン」の画面でマイナンバーカードを置いてください。"))
        else:
            text = translate("NoticesScreen", "未読 {n} 件").format(n=n) if n else translate("NoticesScreen", "未読はありません")
        self.unread.setText(text)
        self.unread.setAccessibleName(text)
        self.unread.setVisible(bool(text))
        for button in (self.reload_button, self.delivery_button):
            button.setEnabled(self._access.is_logged_in)

    def _on_model_page_failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_model_loading_changed(self, loading: bool) -> None:
        if not self._access.is_logged_in:
            return  # the list was emptied at logout: the status asks to log in
        if loading:
            self.status.setText(translate("NoticesScreen", "読み込み中…"))
        elif self.model.error is None:
            self.status.setText("" if self.model.rowCount() else translate("NoticesScreen", "お知らせはありません。"))
        if not loading and self._pending_open is not None and self.select_notice(self._pending_open):
            self._pending_open = None
        # No notice is chosen for the resident: showing one is reading it (it is marked read),
        # and that is the resident's choice.

    def _on_push_notices_arrived(self, notices: tuple[Notice, ...]) -> None:
        new = self.model.add_pushed(notices)
        if self._pending_open is not None and self.select_notice(self._pending_open):
            self._pending_open = None
        if new:
            self._arrived = len(new)
            self._show_arrived()

    def _show_arrived(self) -> None:
        self.status.setText(translate("NoticesScreen", "新しいお知らせが {n} 件届きました。").format(n=self._arrived))

    def _on_push_state_changed(self, state: str) -> None:
        if state == "backing_off":
            self.status.setText(translate("NoticesScreen", "サーバーに接続できないため、新しいお知らせを確認できません。自動で再確認します。"))
        elif state == "running" and self.status.text().startswith(translate("NoticesScreen", "サーバーに接続できないため")):
            self.status.clear()

    def open_notice(self, notice_id: str) -> None:
        """Shows ``notice_id`` (a click on its desktop notification), now or once the list has it."""
        self._pending_open = None if self.select_notice(notice_id) else notice_id
        if self._pending_open is not None and not self._started:
            self.screen_shown()

    def select_notice(self, notice_id: str) -> bool:
        row = self.model.row_of(notice_id)
        if row < 0:
            return False
        self.list.setCurrentIndex(self.model.index(row, 0))
        return True

    def _on_list_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        idx = self.list.currentIndex()
        self._show_notice(self.model.notice(idx.row()) if idx.isValid() else None)

    def _show_deadline(self, notice: Notice) -> None:
        """The notice's deadline: none once its charge is paid."""
        due = deadline_text(notice, self.model.today)
        state = deadline_state(notice, self.model.today)
        self.deadline.setVisible(bool(due))
        self.deadline.setText(due)
        self.deadline.setProperty("deadline", state or "")
        # The badge's colours come with the theme (ui.a11y.themes: QLabel[deadline=…]).
        self.deadline.style().unpolish(self.deadline)
        self.deadline.style().polish(self.deadline)
        self.deadline.setAccessibleName(due)

    def _show_notice(self, notice: Notice | None) -> None:
        self._current = notice
        has = notice is not None
        for w in (self.open_button, self.save_button, self.pay_button, self.application_button):
            w.setEnabled(False)
        self.attachment_model.clear()
        if notice is None:
            self.notice_title.setText(translate("NoticesScreen", "お知らせを選んでください。") if self._access.is_logged_in else "")
            self.notice_meta.clear()
            self.deadline.clear()
            self.deadline.setVisible(False)
            self.body.clear()
            self.payment_info.clear()
            self.pay_button.setVisible(False)
            self.application_button.setVisible(False)
            self.attachments.setVisible(False)
            self.attachments_label.setVisible(False)
            self.open_button.setVisible(False)
            self.save_button.setVisible(False)
            return
        self.notice_title.setText(notice.title)
        self.notice_meta.setText(translate("NoticesScreen", "差出人: {sender}　届いた日: {at}").format(
            sender=notice.sender, at=jst_text(notice.published_at)))
        self._show_deadline(notice)
        body = notice.body
        if history_text.cites_a_row(body):  # which text the row numbers come from
            body += "\n\n" + history_text.edition_note()
        self.body.setPlainText(body)
        from PySide6.QtGui import QStandardItem

        for a in notice.attachments:
            item = QStandardItem(f"{a.name}（{_size(a.size)}）")
            item.setEditable(False)
            item.setData(a, Qt.ItemDataRole.UserRole + 1)
            self.attachment_model.appendRow(item)
        for part in (self.attachments, self.attachments_label, self.open_button, self.save_button):
            part.setVisible(bool(notice.attachments))
        self.save_button.setVisible(bool(notice.attachments) and self._gate.files_allowed)
        if notice.attachments:
            self.attachments.setCurrentIndex(self.attachment_model.index(0, 0))
            self.open_button.setEnabled(True)
            self.save_button.setEnabled(True)
        if notice.payment is not None:
            self.payment_info.setText(translate("NoticesScreen", "請求額 {amount}・{status}").format(
                amount=yen(notice.payment.amount), status=status_text(notice.payment.status)))
        else:
            self.payment_info.clear()
        self.pay_button.setVisible(notice.payment is not None)
        self.pay_button.setEnabled(notice.payment is not None)
        self.pay_button.setText(translate("NoticesScreen", "支払う") if payable(notice) else translate("NoticesScreen", "支払い状況を見る"))
        self.application_button.setVisible(notice.application_id is not None)
        self.application_button.setEnabled(notice.application_id is not None)
        if not notice.read and has:
            spawn(self._mark_read(notice.id))

    async def _mark_read(self, notice_id: str) -> None:
        client = self._access.client
        if client is None:
            return
        try:
            await self._access.call(client.mark_notice_read, notice_id)
        except PortalError as exc:
            log.info("mark read failed: %s", exc.code)
            return
        self.model.set_read(notice_id)

    # -- attachments ---------------------------------------------------------------------------
    def _selected_attachment(self) -> Attachment | None:
        idx = self.attachments.currentIndex()
        if not idx.isValid():
            return None
        value = idx.data(Qt.ItemDataRole.UserRole + 1)
        return value if isinstance(value, Attachment) else None

    def _attachment_action(self, action: str) -> None:
        notice, att = self._current, self._selected_attachment()
        if notice is None or att is None:
            return
        if action == "open":
            spawn(self.open_attachment(notice.id, att))
            return
        try:
            dialog = self._gate.save_dialog(self, translate("NoticesScreen", "添付ファイルを保存"), Path(att.name).name)
        except OutputRefusedError as exc:
            self.status.setText(exc.text())
            return
        dialog.setObjectName("noticeSaveDialog")
        dialog.fileSelected.connect(lambda path: spawn(self.save_attachment(notice.id, att, path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def _download(self, notice_id: str, att: Attachment) -> bytes | None:
        client = self._access.client
        if client is None:
            return None
        try:
            return await self._access.call(client.notice_attachment, notice_id, att.id)
        except PortalError as exc:
            self.status.setText(error_text(exc))
            return None

    async def save_attachment(self, notice_id: str, att: Attachment, path: str | Path) -> bool:
        if not self._gate.files_allowed:
            self.status.setText(OutputRefusedError(Refusal.NO_FILES).text())
            return False
        data = await self._download(notice_id, att)
        if data is None:
            return False
        client = self._access.client
        if client is None:
            return False
        try:
            await client.run(self._gate.write_bytes, path, data)
        except OutputRefusedError as exc:
            self.status.setText(exc.text())
            return False
        except OSError:
            self.status.setText(translate("NoticesScreen", "ファイルに保存できませんでした。"))
            return False
        self.status.setText(translate("NoticesScreen", "保存しました: {path}").format(path=str(path)))
        self.attachment_saved.emit(str(path))
        return True

    async def open_attachment(self, notice_id: str, att: Attachment) -> str | None:
        """Home: a private temporary copy handed to the desktop's viewer (its path returned).
        Kiosk: shown inside the app from memory (ui.widgets.attachment_viewer), "" returned."""
        data = await self._download(notice_id, att)
        if data is None:
            return None
        if self._gate.opens_in_app:
            self._show_in_app(att, data)
            self.attachment_opened.emit("")
            return ""
        path = self._gate.temporary_copy(att.name, data)
        self.attachment_opened.emit(str(path))
        if not self._launch(path):
            # Nothing on this computer opens it: say so, and offer the other way.
            self.status.setText(translate("NoticesScreen", "このパソコンには「{name}」を開くアプリが見つかりませんでした。「保存…」でファイルに保存してから、お使いのアプリで開いてください。").format(name=att.name))
            self.save_button.setFocus()
        return str(path)

    def _show_in_app(self, att: Attachment, data: bytes) -> None:
        from ui.widgets.attachment_viewer import AttachmentViewerDialog

        if self.viewer is not None:
            self.viewer.close()
        viewer = AttachmentViewerDialog(att.name, att.mime, data, self)
        viewer.finished.connect(lambda _r, v=viewer: self._forget_viewer(v))
        self.viewer = viewer
        viewer.open()

    def _forget_viewer(self, viewer: QDialog) -> None:
        if self.viewer is viewer:
            self.viewer = None

    @staticmethod
    def _launch(path: Path) -> bool:
        """Hands ``path`` to the desktop's application for its type; False where none took it
        (no desktop at all, as under the offscreen platform, or no application for the type)."""
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return False
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

    # -- actions -------------------------------------------------------------------------------
    def _on_pay_button_clicked(self) -> None:
        notice = self._current
        if notice is None or notice.payment is None:
            return
        self.open_payment(notice.payment.id)

    def open_payment(self, payment_id: str) -> PaymentDialog:
        if self.payment_dialog is not None:
            self.payment_dialog.close()
        dialog = PaymentDialog(self._access, payment_id, self)
        dialog.payment_changed.connect(self._on_payment_changed)
        # Forgotten when closed: it is deleted then, and the next click opens a new one.
        dialog.finished.connect(lambda _r, d=dialog: self._forget_dialog(d))
        dialog.finished.connect(dialog.deleteLater)
        self.payment_dialog = dialog
        dialog.open()
        return dialog

    def _on_payment_changed(self, payment: object) -> None:
        from app.portal.models import Payment

        if isinstance(payment, Payment):
            self.model.set_payment(payment)
            idx = self.list.currentIndex()
            if idx.isValid():
                current = self.model.notice(idx.row())
                if current is not None and current.payment is not None and current.payment.id == payment.id:
                    self._current = current
                    self._show_deadline(current)
                    self.payment_info.setText(translate("NoticesScreen", "請求額 {amount}・{status}").format(
                        amount=yen(payment.amount), status=status_text(payment.status)))
                    self.pay_button.setText(translate("NoticesScreen", "支払う") if payable(current) else translate("NoticesScreen", "支払い状況を見る"))

    def _on_application_button_clicked(self) -> None:
        notice = self._current
        if notice is None or notice.application_id is None:
            return
        self.application_requested.emit(notice.application_id)
        if self._navigator is not None:
            self._navigator.open_application(notice.application_id)

    def _on_delivery_button_clicked(self) -> None:
        self.open_delivery()

    def open_delivery(self) -> DeliveryDialog:
        if self.delivery_dialog is not None:
            self.delivery_dialog.close()
        dialog = DeliveryDialog(self._access, self)
        dialog.finished.connect(lambda _r, d=dialog: self._forget_dialog(d))
        dialog.finished.connect(dialog.deleteLater)
        self.delivery_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self.payment_dialog is dialog:
            self.payment_dialog = None
        if self.delivery_dialog is dialog:
            self.delivery_dialog = None

    # -- text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(translate("NoticesScreen", "お知らせ"))
        self.list.setAccessibleName(translate("NoticesScreen", "お知らせの一覧（新しい順）"))
        self.body.setAccessibleName(translate("NoticesScreen", "お知らせの本文"))
        self.attachments_label.setText(translate("NoticesScreen", "添付ファイル(&T)"))
        self.attachments.setAccessibleName(translate("NoticesScreen", "添付ファイル"))
        self.open_button.setText(translate("NoticesScreen", "開く"))
        self.open_button.setAccessibleName(translate("NoticesScreen", "選んだ添付ファイルを開く"))
        self.save_button.setText(translate("NoticesScreen", "保存…"))
        self.save_button.setAccessibleName(translate("NoticesScreen", "選んだ添付ファイルを保存する"))
        self.pay_button.setAccessibleName(translate("NoticesScreen", "このお知らせの請求を支払う"))
        self.application_button.setText(translate("NoticesScreen", "申請を開く"))
        self.application_button.setAccessibleName(translate("NoticesScreen", "このお知らせに関係する申請を開く"))
        self.delivery_button.setText(translate("NoticesScreen", "民間送達サービス…"))
        self.delivery_button.setAccessibleName(translate("NoticesScreen", "民間送達サービスとの連携を設定する"))
        self.reload_button.setText(translate("NoticesScreen", "更新"))
        self.reload_button.setAccessibleName(translate("NoticesScreen", "お知らせを読み込み直す"))
        self._update_unread()
        if self._arrived and self.status.text():
            self._show_arrived()  # the banner already shown, in the new language
        self._show_notice(self._current)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def create_screen(context: PortalContext) -> QWidget:
    return NoticesScreen(context.access, push=context.notice_push(), navigator=context.navigator, gate=context.gate)
