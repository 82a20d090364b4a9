"""The サービス検索・申請 screen: search, the drafts to resume, the resident's applications,
the wizard and the status page, on one stack. Holds the session-bound pieces (draft store,
catalog index) and gives them to the views."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Unpack

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.card.pin import PinKind
from app.catalog_search import CatalogEntry, CatalogIndex
from app.drafts import (
    Draft,
    DraftError,
    DraftStore,
    DraftSummary,
    KeyStorage,
    MemoryDraftStore,
    open_draft_store,
)
from app.forms import UnknownFormError, load_form
from app.jst import jst_text
from app.portal.models import Municipality
from ui.error_words import error_text
from ui.kosodate.common import ROLE_STYLE, name, set_role, text, translate
from ui.kosodate.search import SearchView
from ui.kosodate.status import StatusView
from ui.kosodate.wizard import WizardView, storage_text
from ui.portal.tasks import spawn
from ui.style import emphasize
from ui.widgets.focus import focus_first_control

if TYPE_CHECKING:
    from app.session import Session
    from ui.card.pin_dialog import PinOptions
    from ui.screen_context import ServicesContext

log = logging.getLogger(__name__)

DraftRole = Qt.ItemDataRole.UserRole + 1
AppRole = Qt.ItemDataRole.UserRole + 2


class ServicesScreen(QWidget):
    """Entry point of 子育てワンストップ. ``today`` may be fixed (tests)."""

    wizard_opened = Signal(object)  # WizardView
    status_opened = Signal(object)  # StatusView

    def __init__(self, context: ServicesContext, parent: QWidget | None = None, *, today: dt.date | None = None,
                 poll_seconds: float | None = None) -> None:
        super().__init__(parent)
        name(self, "screen_services")
        self.setStyleSheet(ROLE_STYLE)
        self.ctx = context.app
        self.today = today
        self.poll_seconds = poll_seconds
        self.access = context.access
        self._resident_session = context.session
        self._navigator = context.navigator
        self.index = CatalogIndex()
        self.store: DraftStore = MemoryDraftStore()
        self._store_owner: bytes | None = None
        self.wizard: WizardView | None = None
        self.status_view: StatusView | None = None
        self._situations_known: set[tuple[str, str]] = set()
        self._resident_municipality: str | None = None

        layout = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self.home = QWidget(self.stack)
        name(self.home, "servicesHome")
        hl = QVBoxLayout(self.home)
        self.heading = QLabel(self.home)
        emphasize(self.heading, 1.3)
        hl.addWidget(self.heading)
        self.message = QLabel(self.home)
        name(self.message, "servicesMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        hl.addWidget(self.message)

        lists = QHBoxLayout()
        dcol = QVBoxLayout()
        self.drafts_label = QLabel(self.home)
        dcol.addWidget(self.drafts_label)
        self.drafts_model = QStandardItemModel(self)
        self.drafts_view = QListView(self.home)
        name(self.drafts_view, "draftList")
        self.drafts_view.setModel(self.drafts_model)
        self.drafts_view.setMaximumHeight(110)
        self.drafts_view.activated.connect(lambda _i: self._on_resume_button_clicked())
        self.drafts_label.setBuddy(self.drafts_view)
        dcol.addWidget(self.drafts_view)
        drow = QHBoxLayout()
        self.resume_button = QPushButton(self.home)
        name(self.resume_button, "resumeDraft")
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.delete_button = QPushButton(self.home)
        name(self.delete_button, "deleteDraft")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        drow.addWidget(self.resume_button)
        drow.addWidget(self.delete_button)
        drow.addStretch(1)
        dcol.addLayout(drow)
        # One line instead of an empty list, so the search results get the room.
        self.drafts_empty = QLabel(self.home)
        name(self.drafts_empty, "draftsEmpty")
        dcol.addWidget(self.drafts_empty)
        self.storage_label = QLabel(self.home)
        name(self.storage_label, "draftStorage")
        self.storage_label.setWordWrap(True)
        dcol.addWidget(self.storage_label)
        dcol.addStretch(1)
        lists.addLayout(dcol, 1)
        acol = QVBoxLayout()
        self.apps_label = QLabel(self.home)
        acol.addWidget(self.apps_label)
        self.apps_model = QStandardItemModel(self)
        self.apps_view = QListView(self.home)
        name(self.apps_view, "applicationList")
        self.apps_view.setModel(self.apps_model)
        self.apps_view.setMaximumHeight(110)
        self.apps_view.activated.connect(lambda _i: self._on_status_button_clicked())
        self.apps_label.setBuddy(self.apps_view)
        acol.addWidget(self.apps_view)
        self.status_button = QPushButton(self.home)
        name(self.status_button, "showStatus")
        self.status_button.clicked.connect(self._on_status_button_clicked)
        acol.addWidget(self.status_button)
        self.apps_empty = QLabel(self.home)
        name(self.apps_empty, "applicationsEmpty")
        acol.addWidget(self.apps_empty)
        acol.addStretch(1)
        lists.addLayout(acol, 1)
        self._apps_loaded = False  # the empty line only once the backend has said so
        hl.addLayout(lists)

        self.search = SearchView(self.index, self.home)
        self.search.apply_requested.connect(self._on_search_apply_requested)
        self.search.municipality_chosen.connect(self._on_search_municipality_chosen)
        self.search.municipality_query_changed.connect(self._on_search_municipality_query_changed)
        self.search.situation_chosen.connect(self._on_search_situation_chosen)
        hl.addWidget(self.search, 1)
        self.stack.addWidget(self.home)
        self.setTabOrder(self.drafts_view, self.resume_button)
        self.setTabOrder(self.resume_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.apps_view)
        self.setTabOrder(self.apps_view, self.status_button)
        self.setTabOrder(self.status_button, self.search.municipality_edit)

        self.access.logged_in.connect(self._on_access_logged_in)
        self.access.logged_out.connect(self._on_access_logged_out)
        self.retranslate()
        if self.access.is_logged_in:
            self._on_access_logged_in(None)

    # -- text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(translate("ServicesScreen", "子育てのサービスを探して申請する"))
        self.drafts_label.setText(translate("ServicesScreen", "入力途中の申請（下書き）(&D):"))
        self.drafts_view.setAccessibleName(translate("ServicesScreen", "入力途中の申請"))
        self.resume_button.setText(translate("ServicesScreen", "続きから入力(&R)"))
        self.resume_button.setAccessibleName(translate("ServicesScreen", "選んだ下書きの続きから入力する"))
        self.delete_button.setText(translate("ServicesScreen", "下書きを削除"))
        self.delete_button.setAccessibleName(translate("ServicesScreen", "選んだ下書きを削除する"))
        self.apps_label.setText(translate("ServicesScreen", "申請した手続(&P):"))
        self.apps_view.setAccessibleName(translate("ServicesScreen", "申請した手続"))
        self.status_button.setText(translate("ServicesScreen", "状況を見る"))
        self.status_button.setAccessibleName(translate("ServicesScreen", "選んだ申請の状況を見る"))
        self.storage_label.setText(translate("ServicesScreen", "下書きの保存先: {where}").format(where=storage_text(self.store.key_storage)))
        self.drafts_empty.setText(translate("ServicesScreen", "入力途中の申請はありません"))
        self.apps_empty.setText(translate("ServicesScreen", "申請した手続はありません"))
        self.refresh_drafts()
        for row in range(self.apps_model.rowCount()):  # the applications already listed
            item = self.apps_model.item(row)
            app = item.data(AppRole)
            if app is not None:
                item.setText(self._application_text(app))
        self._show_applications()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _say(self, message: str, role: str = "info") -> None:
        self.message.setText(message)
        set_role(self.message, role)
        self.message.setVisible(bool(message))

    # -- the wizard's backend ----------------------------------------------------------------
    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await self.access.call(fn, *args, **kwargs)

    def portal(self) -> Any:
        return self.access.client

    def card(self) -> tuple[Any, Callable[[], Any]] | None:
        if self._resident_session is None:
            return None
        return self._resident_session.card_access()

    async def ask_pin(self, parent: QWidget, kind: PinKind, tries: int | None, **options: Unpack[PinOptions]) -> str | None:
        from ui.card.pin_dialog import ask_pin

        # A kiosk gives every PIN dialog its keypad, as its policy says (KioskController).
        return await ask_pin(parent, kind, tries, **options)

    # -- session -----------------------------------------------------------------------------
    def _session(self) -> Session | None:
        return self._resident_session.session if self._resident_session is not None else None

    def _open_store(self) -> None:
        session = self._session()
        fingerprint = session.certificate_fingerprint if session is not None else None
        if fingerprint is None:
            if not isinstance(self.store, MemoryDraftStore):
                self.store = MemoryDraftStore()
            self._store_owner = None
            return
        if self._store_owner == fingerprint:
            return
        try:
            self.store = open_draft_store(fingerprint, kiosk=self.ctx.kiosk, data_dir=self.ctx.data_dir)
        except (DraftError, OSError):
            log.warning("cannot open the drafts folder; keeping drafts in memory")
            self.store = MemoryDraftStore()
            self._say(translate("ServicesScreen", "下書きの保存先を開けませんでした。この間の下書きはメモリだけに保持します。"), "warning")
        self._store_owner = fingerprint

    def _on_access_logged_in(self, _resident: object) -> None:
        self._open_store()
        self.retranslate()
        resident = self._resident_session.resident if self._resident_session is not None else None
        if resident is not None:
            self._resident_municipality = resident.municipality_code
            m = Municipality(resident.municipality_code, resident.municipality_name, "")
            spawn(self._choose_home_municipality(m))
        spawn(self.load_applications())
        if self.ctx.kiosk:
            self._say(translate("ServicesScreen", "この端末では、下書きはメモリにだけ保持し、ログアウトやカードを抜いたときに消去します。"), "info")

    def _on_access_logged_out(self, _reason: str) -> None:
        if self.wizard is not None:
            self.wizard.flush()
        if self.status_view is not None:
            self.status_view.stop()
        # The next resident starts on the screen's first page with a search of their own
        # municipality (set at their login), never in this resident's form, status or search (an
        # entry of another municipality cannot be filed there). The same resident coming back
        # gets the form again from session_state(), taken before this.
        self._resident_municipality = None
        self.search.reset()
        if self.ctx.kiosk and isinstance(self.store, MemoryDraftStore):
            self.store.wipe()
        self.close_wizard()
        self.stack.setCurrentWidget(self.home)
        self.drafts_model.clear()
        self.apps_model.clear()
        self._apps_loaded = False
        self._show_applications()
        if self.ctx.kiosk:
            self._store_owner = None

    # -- catalogs ----------------------------------------------------------------------------
    def _on_search_municipality_chosen(self, code: str) -> None:
        spawn(self.load_catalog(code))

    def _on_search_municipality_query_changed(self, query: str) -> None:
        spawn(self.find_municipalities(query))

    def _on_search_situation_chosen(self, municipality: str, situation: str) -> None:
        spawn(self.learn_situation(municipality, situation))

    async def _choose_home_municipality(self, m: Municipality) -> None:
        client = self.portal()
        if client is not None:
            with contextlib.suppress(Exception):
                found = await self.call(client.municipalities, m.code)
                exact = [x for x in found if x.code == m.code]
                if exact:
                    m = exact[0]
        # Still this resident's session, and nothing chosen meanwhile.
        if self.search.municipality_code is None and self._resident_municipality == m.code and self.access.is_logged_in:
            self.search.set_municipality(m)

    async def find_municipalities(self, query: str) -> None:
        client = self.portal()
        if client is None or not query.strip():
            return
        try:
            found = await self.call(client.municipalities, query.strip())
        except Exception as exc:
            self._say(error_text(exc), "error")
            return
        self.search.set_municipality_candidates(found)

    async def load_catalog(self, code: str) -> None:
        client = self.portal()
        if client is None or self.index.has(code):
            self.search.run_search()
            return
        try:
            services = await self.call(client.services, municipality=code)
        except Exception as exc:
            self._say(error_text(exc), "error")
            return
        name_ = self.search.municipality_edit.text() if self.search.municipality_code == code else code
        self.index.put(code, _short_name(name_), services)
        situation = str(self.search.situation_combo.currentData() or "")
        if situation:
            await self.learn_situation(code, situation)
        self.search.run_search()

    async def learn_situation(self, municipality: str, situation: str) -> None:
        """Which services fit a situation (the backend knows; the index keeps it)."""
        client = self.portal()
        codes = [municipality] if municipality else list(self.index.municipalities)
        for code in codes:
            if client is None or (code, situation) in self._situations_known or not self.index.has(code):
                continue
            try:
                fitting = await self.call(client.services, municipality=code, situation=situation)
            except Exception as exc:
                self._say(error_text(exc), "error")
                return
            self.index.set_situation(code, situation, [s.id for s in fitting])
            self._situations_known.add((code, situation))
        self.search.run_search()

    # -- drafts -----------------------------------------------------------------------------
    def refresh_drafts(self) -> None:
        self.drafts_model.clear()
        try:
            summaries = self.store.list()
        except DraftError:
            summaries = []
        for s in summaries:
            item = QStandardItem(self._draft_text(s))
            item.setEditable(False)
            item.setData(s, DraftRole)
            self.drafts_model.appendRow(item)
        has = bool(summaries)
        for widget in (self.drafts_label, self.drafts_view, self.resume_button, self.delete_button):
            widget.setVisible(has)
        self.drafts_empty.setVisible(not has)
        if has:
            self.drafts_view.setCurrentIndex(self.drafts_model.index(0, 0))

    def _draft_text(self, s: DraftSummary) -> str:
        if s.damaged:
            return (translate("ServicesScreen", "保存したときと別の鍵で暗号化された下書き（開けません）") if s.other_key
                    else translate("ServicesScreen", "壊れた下書き（開けません）"))
        try:
            title = text(load_form(s.form_id or "").title)
        except UnknownFormError:
            title = s.form_id or ""
        when = ""
        if s.updated_at:
            when = jst_text(s.updated_at)
        state = translate("ServicesScreen", "送信の確認待ち") if s.pending else translate("ServicesScreen", "入力途中")
        return translate("ServicesScreen", "{title}（{state}・{when}）").format(title=title, state=state, when=when)

    def _selected_draft(self) -> DraftSummary | None:
        index = self.drafts_view.currentIndex()
        value = index.data(DraftRole) if index.isValid() else None
        return value if isinstance(value, DraftSummary) else None

    def _on_resume_button_clicked(self) -> None:
        s = self._selected_draft()
        if s is None:
            return
        if s.damaged:
            self._say(translate("ServicesScreen", "この下書きは開けません。削除して、もう一度入力してください。"), "warning")
            return
        self.resume(s.draft_id)

    def resume(self, draft_id: str, step: int | None = None) -> WizardView | None:
        try:
            draft = self.store.load(draft_id)
        except DraftError:
            self._say(translate("ServicesScreen", "下書きを開けませんでした。"), "error")
            self.refresh_drafts()
            return None
        wizard = self.open_wizard(draft)
        if step is not None and draft.pending is None:
            wizard.go(step)
        return wizard

    def _on_delete_button_clicked(self) -> None:
        s = self._selected_draft()
        if s is None:
            return
        if s.pending:
            self._say(translate("ServicesScreen", "署名して送信した申請の確認待ちです。「続きから入力」で送信を確かめてください。"), "warning")
            return
        with contextlib.suppress(DraftError):
            self.store.delete(s.draft_id)
        self.refresh_drafts()

    # -- applications ------------------------------------------------------------------------
    async def load_applications(self) -> None:
        client = self.portal()
        if client is None:
            return
        try:
            apps = await self.call(client.applications)
        except Exception as exc:
            self._say(error_text(exc), "error")
            return
        self.apps_model.clear()
        for a in apps:
            item = QStandardItem(self._application_text(a))
            item.setEditable(False)
            item.setData(a, AppRole)
            self.apps_model.appendRow(item)
        self._apps_loaded = True
        self._show_applications()
        if apps:
            self.apps_view.setCurrentIndex(self.apps_model.index(0, 0))

    @staticmethod
    def _application_text(a: Any) -> str:
        """One submitted application in the list, in the UI's current language."""
        from ui.kosodate.status import status_text

        try:
            title = text(load_form(a.form_id).title)
        except UnknownFormError:
            title = a.form_id
        return translate("ServicesScreen", "{form} — {receipt}（{status}）").format(
            form=title, receipt=a.receipt_number, status=status_text(a.status))

    def _show_applications(self) -> None:
        has = self.apps_model.rowCount() > 0
        for widget in (self.apps_label, self.apps_view, self.status_button):
            widget.setVisible(has)
        self.apps_empty.setVisible(self._apps_loaded and not has)

    def _on_status_button_clicked(self) -> None:
        index = self.apps_view.currentIndex()
        app = index.data(AppRole) if index.isValid() else None
        if app is not None:
            self.open_status(app.id, app.receipt_number)

    # -- navigation ------------------------------------------------------------------------
    def _on_search_apply_requested(self, entry: CatalogEntry) -> None:
        form_id = entry.service.form_id
        if not form_id:
            return
        for s in self.store.list():
            if s.form_id == form_id and s.municipality_code == entry.municipality_code and not s.damaged:
                self._say(translate("ServicesScreen", "この手続の入力途中の下書きがあるので、その続きを開きました。"), "info")
                self.resume(s.draft_id)
                return
        draft = Draft.new(form_id, entry.municipality_code)
        try:
            self.store.save(draft)
        except DraftError:
            self._say(translate("ServicesScreen", "下書きを保存できませんでした。"), "error")
        self.open_wizard(draft, entry.municipality_name)

    def open_wizard(self, draft: Draft, municipality_name: str = "") -> WizardView:
        self.close_wizard()
        wizard = WizardView(self, draft, self.stack, today=self.today,
                            municipality_name=municipality_name or self.index.name_of(draft.municipality_code),
                            output_gate=self.ctx.output_gate)
        wizard.closed.connect(self._on_wizard_closed)
        wizard.submitted.connect(self._on_wizard_submitted)
        self.wizard = wizard
        self.stack.addWidget(wizard)
        self.stack.setCurrentWidget(wizard)
        self._remember()
        self.wizard_opened.emit(wizard)
        return wizard

    def close_wizard(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.close_draft()  # saved now; nothing is written after (a kiosk wipe stays wiped)
            self.stack.removeWidget(wizard)
            wizard.hide()
            wizard.deleteLater()

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home)
        self.refresh_drafts()
        self._remember()

    def _on_wizard_closed(self) -> None:
        self.close_wizard()
        self.show_home()
        focus_first_control(self.home)  # the focus was on 中断して一覧へ, gone with the wizard

    def has_unsaved_input(self) -> bool:
        """A form is open with input from this visit (MainWindow asks before logging out)."""
        return self.wizard is not None and self.wizard.has_unsaved_input()

    def _on_wizard_submitted(self, application_id: str, receipt_number: str) -> None:
        self.close_wizard()
        self.refresh_drafts()
        self.open_status(application_id, receipt_number)
        spawn(self.load_applications())

    def open_status(self, application_id: str, receipt_number: str) -> StatusView:
        if self.status_view is not None:
            self.status_view.stop()
            self.stack.removeWidget(self.status_view)
            self.status_view.deleteLater()
        kwargs = {} if self.poll_seconds is None else {"poll_seconds": self.poll_seconds}
        view = StatusView(self, application_id, receipt_number, self.stack, **kwargs)
        view.back_requested.connect(self._on_status_back_requested)
        view.history_requested.connect(self._on_status_history_requested)
        self.status_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        view.start()
        focused = QApplication.focusWidget()
        if focused is None or not focused.isVisible() or self.isAncestorOf(focused):
            focus_first_control(view)
        self._remember()
        self.status_opened.emit(view)
        return view

    def _on_status_back_requested(self) -> None:
        if self.status_view is not None:
            self.status_view.stop()
        self.show_home()
        spawn(self.load_applications())

    def open_application(self, application_id: str) -> StatusView:
        """The status page of one of the resident's applications (e.g. from a notice about it)."""
        receipt = ""
        for row in range(self.apps_model.rowCount()):
            app = self.apps_model.item(row).data(AppRole)
            if app is not None and app.id == application_id:
                receipt = app.receipt_number
        return self.open_status(application_id, receipt)

    def _on_status_history_requested(self, application_id: str) -> None:
        self._navigator.show_application_history(application_id)

    # -- where the resident is (SessionController) -------------------------------------------
    def session_state(self) -> object:
        if self.wizard is not None:
            self.wizard.flush()
            return {"draft_id": self.wizard.draft.draft_id, "step": self.wizard.step}
        if self.status_view is not None and self.stack.currentWidget() is self.status_view:
            return {"application_id": self.status_view.application_id,
                    "receipt_number": self.status_view.receipt_number}
        return None

    def restore_session_state(self, state: object) -> None:
        if not isinstance(state, dict):
            return
        self._open_store()
        if isinstance(state.get("draft_id"), str):
            step = state.get("step")
            self.resume(state["draft_id"], step if isinstance(step, int) else None)
        elif isinstance(state.get("application_id"), str):
            self.open_status(state["application_id"], str(state.get("receipt_number") or ""))

    def _remember(self) -> None:
        if self._resident_session is not None:
            self._resident_session.remember_location("services", None)

    @property
    def key_storage(self) -> KeyStorage:
        return self.store.key_storage

    def closeEvent(self, event: Any) -> None:
        if self.wizard is not None:
            self.wizard.flush()
        if self.status_view is not None:
            self.status_view.stop()
        super().closeEvent(event)


def _short_name(display: str) -> str:
    """「埼玉県 新座市（112305）」 → 「新座市」."""
    base = display.split("（")[0].strip()
    return base.split(" ")[-1] if " " in base else base
