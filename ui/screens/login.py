"""The login screen: live readers and card, PIN entry with the tries shown first, progress
while the card signs, a worded message for every failure, and the session's end.

States (``LoginScreen.state``): service_down, no_reader, choose_reader, no_card, checking,
not_mynumber, card_error, ready, blocked, signing, logged_in. Nothing here retries a login on
its own: each attempt starts from the resident pressing 「ログイン」 and entering the PIN.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.card.errors import CardError
from app.card.pin import PinKind
from ui import error_words
from ui.card.reader_state import CardStatus, ReaderState
from ui.style import emphasize
from ui.widgets import set_shown

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Coroutine

    from ui.screen_context import DemoCardsView, LoginContext
    from ui.widgets.session_warning import SessionWarningDialog

# Built with the main window, before its first paint (DESIGN.md §9): asyncio, the portal client
# (requests) and the card layer (cryptography) are imported on first use, or warmed up in the
# background by ui.main once the window is shown.

log = logging.getLogger(__name__)

USER_ROLE = 0x0100


class LoginScreen(QWidget):
    state_changed = Signal(str)
    login_finished = Signal(bool)  # True: logged in

    def __init__(self, context: LoginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_login")
        self.ctx = ctx = context.app
        self.hub = context.readers
        self.ctl = context.session
        self.card_worker = context.card_worker
        self._chosen: str | None = None
        self._busy = False
        self._blocked_readers: set[str] = set()
        # The 署名用 PIN's tries of the card in each reader whose 利用者証明用 PIN is locked: the
        # router offers the convenience-store reset only while that one works (app.card_life).
        self._sign_tries: dict[str, int | None] = {}
        self._message = ""
        self._message_role = "error"
        self._state = ""
        self._task: asyncio.Task[object] | None = None
        # False until first shown: style() builds QStyle's Python type and with it the Qt
        # namespace's enums (~20 ms), which the screen need not pay before the first paint.
        self._polished = False
        self._demo: DemoCardsView | None = context.demo
        if self._demo is not None:
            self._demo.reader()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.title = QLabel(self)
        self.title.setObjectName("loginTitle")
        emphasize(self.title, 1.5)
        layout.addWidget(self.title)
        self.steps = QLabel(self)
        self.steps.setObjectName("loginSteps")
        self.steps.setWordWrap(True)
        layout.addWidget(self.steps)

        # Logged-in panel
        self.logged_in_panel = QFrame(self)
        self.logged_in_panel.setObjectName("loggedInPanel")
        row = QHBoxLayout(self.logged_in_panel)
        self.logged_in_label = QLabel(self.logged_in_panel)
        self.logged_in_label.setObjectName("loggedInLabel")
        emphasize(self.logged_in_label, 1.2)
        self.home_button = QPushButton(self.logged_in_panel)
        self.home_button.setObjectName("homeButton")
        self.logout_button = QPushButton(self.logged_in_panel)
        self.logout_button.setObjectName("logoutButton")
        row.addWidget(self.logged_in_label, 1)
        row.addWidget(self.home_button)
        row.addWidget(self.logout_button)
        layout.addWidget(self.logged_in_panel)

        # Reader and card
        self.reader_frame = QFrame(self)
        self.reader_frame.setObjectName("readerPanel")
        reader_layout = QVBoxLayout(self.reader_frame)
        choose = QHBoxLayout()
        self.reader_label = QLabel(self.reader_frame)
        self.reader_label.setObjectName("readerComboLabel")
        self.reader_combo = QComboBox(self.reader_frame)
        self.reader_combo.setObjectName("readerCombo")
        self.reader_label.setBuddy(self.reader_combo)
        choose.addWidget(self.reader_label)
        choose.addWidget(self.reader_combo, 1)
        reader_layout.addLayout(choose)
        self.status_label = QLabel(self.reader_frame)
        self.status_label.setObjectName("cardStatus")
        self.status_label.setWordWrap(True)
        emphasize(self.status_label, 1.2)
        reader_layout.addWidget(self.status_label)
        self.tries_label = QLabel(self.reader_frame)
        self.tries_label.setObjectName("authTries")
        emphasize(self.tries_label, 1.1)
        reader_layout.addWidget(self.tries_label)
        layout.addWidget(self.reader_frame)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("loginMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        buttons = QHBoxLayout()
        self.login_button = QPushButton(self)
        self.login_button.setObjectName("loginButton")
        emphasize(self.login_button, 1.3)
        self.login_button.setMinimumHeight(48)
        self.reread_button = QPushButton(self)
        self.reread_button.setObjectName("rereadButton")
        buttons.addWidget(self.login_button, 1)
        buttons.addWidget(self.reread_button)
        layout.addLayout(buttons)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("loginProgress")
        self.progress.setRange(0, 0)
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("loginProgressText")
        self.progress_label.setWordWrap(True)
        emphasize(self.progress_label, 1.1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)

        # Demo reader
        self.demo_frame = QFrame(self)
        self.demo_frame.setObjectName("demoCardPanel")
        demo_layout = QVBoxLayout(self.demo_frame)
        self.demo_label = QLabel(self.demo_frame)
        self.demo_label.setObjectName("demoCardLabel")
        self.demo_label.setWordWrap(True)
        self.demo_list = QListWidget(self.demo_frame)
        self.demo_list.setObjectName("demoCardList")
        self.demo_label.setBuddy(self.demo_list)
        demo_buttons = QHBoxLayout()
        self.demo_insert = QPushButton(self.demo_frame)
        self.demo_insert.setObjectName("demoInsertButton")
        self.demo_remove = QPushButton(self.demo_frame)
        self.demo_remove.setObjectName("demoRemoveButton")
        demo_buttons.addWidget(self.demo_insert)
        demo_buttons.addWidget(self.demo_remove)
        demo_buttons.addStretch(1)
        demo_layout.addWidget(self.demo_label)
        demo_layout.addWidget(self.demo_list)
        demo_layout.addLayout(demo_buttons)
        layout.addWidget(self.demo_frame, 1)
        layout.addStretch(0)
        if self._demo is None:
            self.demo_frame.hide()
        else:
            for resident in self._demo.residents():
                item = QListWidgetItem(self.demo_list)
                item.setData(USER_ROLE, resident.resident_id)
            if self.demo_list.count():
                self.demo_list.setCurrentRow(0)

        # The session-end dialog is built at the first login (a session warning needs one).
        self._warning: SessionWarningDialog | None = None

        self.setTabOrder(self.reader_combo, self.login_button)
        self.setTabOrder(self.login_button, self.reread_button)
        self.setTabOrder(self.reread_button, self.demo_list)
        self.setTabOrder(self.demo_list, self.demo_insert)
        self.setTabOrder(self.demo_insert, self.demo_remove)

        self.hub.readers_changed.connect(self._on_hub_changed)
        self.hub.reader_updated.connect(self._on_hub_reader_updated)
        self.hub.service_changed.connect(self._on_hub_changed)
        self.hub.card_inserted.connect(self._on_hub_card_inserted)
        self.ctl.logged_in.connect(self._on_ctl_logged_in)
        self.ctl.logged_out.connect(self._on_ctl_logged_out)
        ctx.backend_state_changed.connect(self._on_hub_changed)
        self.reader_combo.activated.connect(self._on_reader_combo_activated)
        self.login_button.clicked.connect(self._on_login_button_clicked)
        self.reread_button.clicked.connect(self._on_reread_button_clicked)
        self.logout_button.clicked.connect(self.ctl.logout)
        self.home_button.clicked.connect(lambda: self.ctl.show_screen("home"))
        self.demo_insert.clicked.connect(self._on_demo_insert_clicked)
        self.demo_list.itemActivated.connect(lambda _item: self._on_demo_insert_clicked())
        self.demo_remove.clicked.connect(self._on_demo_remove_clicked)
        self.retranslate()
        # After the first paint: any value of PySide6's Qt namespace builds all of its ~90 enum
        # types (~20 ms), and the screen is built before the window is shown (DESIGN.md §9).
        ctx.after_first_paint(self._make_texts_selectable, self)

    @property
    def warning(self) -> SessionWarningDialog:
        """The "your session is about to end" dialog (built on first use)."""
        if self._warning is None:
            from ui.widgets.session_warning import SessionWarningDialog

            self._warning = SessionWarningDialog(self.ctl, self)
        return self._warning

    def _make_texts_selectable(self) -> None:
        """Status and messages can be selected and copied (e.g. for a support call)."""
        from PySide6.QtCore import Qt

        for label in (self.status_label, self.message_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Centred over the wide ログイン button: where the resident's eyes are when it answers.
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def selected_reader(self) -> str | None:
        reader = self._selected()
        return reader.name if reader is not None else None

    def _selected(self) -> ReaderState | None:
        readers = self.hub.readers()
        if not readers:
            return None
        by_name = {r.name: r for r in readers}
        if self._chosen in by_name:
            return by_name[self._chosen]
        for preferred in (
            [r for r in readers if r.card == CardStatus.MYNUMBER and not r.virtual],
            [r for r in readers if r.card == CardStatus.MYNUMBER],
            [r for r in readers if r.name == self.ctx.settings.last_reader],
            [r for r in readers if r.card != CardStatus.NONE],
            [r for r in readers if not r.virtual],
            readers,
        ):
            if preferred:
                return preferred[0]
        return None

    def _compute_state(self) -> str:
        if self.ctl.is_logged_in:
            return "logged_in"
        if self._busy:
            return "signing"
        reader = self._selected()
        if reader is None:
            return "service_down" if self.hub.service_available is False else "no_reader"
        if reader.card == CardStatus.NONE:
            if len(self.hub.readers()) > 1 and self._chosen is None and not reader.virtual:
                return "choose_reader"
            return "no_card"
        if self.ctx.kiosk and self.hub.left_behind(reader.name):
            return "left_behind"
        if reader.card == CardStatus.CHECKING:
            return "checking"
        if reader.card == CardStatus.OTHER:
            return "not_mynumber"
        if reader.card == CardStatus.ERROR:
            return "card_error"
        if reader.auth_tries == 0:
            return "blocked"
        return "ready"

    def _refresh(self) -> None:
        state = self._compute_state()
        reader = self._selected()
        readers = self.hub.readers()
        # Reader choice
        self.reader_combo.blockSignals(True)
        self.reader_combo.clear()
        for r in readers:
            self.reader_combo.addItem(self._reader_title(r), r.name)
        if reader is not None:
            self.reader_combo.setCurrentIndex(self.reader_combo.findData(reader.name))
        self.reader_combo.blockSignals(False)
        several = len(readers) > 1
        set_shown(self.reader_combo, several and state != "logged_in")
        set_shown(self.reader_label, several and state != "logged_in")

        status = self._status_text(state, reader)
        self.status_label.setText(status)
        self.status_label.setAccessibleName(status)
        self.status_label.setProperty("state", state)
        tries = reader.auth_tries if reader is not None and reader.card == CardStatus.MYNUMBER else None
        show_tries = state in ("ready", "signing") and tries is not None
        set_shown(self.tries_label, show_tries)
        if show_tries:
            from ui.card.pin_dialog import tries_text

            text = QCoreApplication.translate("LoginScreen", "利用者証明用電子証明書の暗証番号: {tries}").format(tries=tries_text(PinKind.AUTH, tries))
            self.tries_label.setText(text)
            self.tries_label.setAccessibleName(text)
            self.tries_label.setProperty("role", "warning" if tries is not None and tries <= 1 else "info")

        self._label_demo_cards()
        self.message_label.setText(self._message)
        self.message_label.setAccessibleName(self._message)
        set_shown(self.message_label, bool(self._message))
        self.message_label.setProperty("role", self._message_role)

        logged_in = state == "logged_in"
        set_shown(self.logged_in_panel, logged_in)
        set_shown(self.reader_frame, not logged_in)
        set_shown(self.login_button, not logged_in)
        self.login_button.setEnabled(state == "ready")
        set_shown(self.reread_button, state in ("card_error", "not_mynumber") and not logged_in)
        set_shown(self.progress, state == "signing")
        set_shown(self.progress_label, state == "signing")
        if state == "signing" and reader is not None:
            text = QCoreApplication.translate("LoginScreen", "カードで署名しています。しばらくお待ちください…")
            if reader.contactless:
                text += "\n" + QCoreApplication.translate("LoginScreen", "カードを読み取り機から離さないでください。")
            self.progress_label.setText(text)
            self.progress_label.setAccessibleName(text)
        if logged_in and self.ctl.resident is not None:
            self.logged_in_label.setText(QCoreApplication.translate("LoginScreen", "{name} さんとしてログインしています（{municipality}）").format(
                name=self.ctl.resident.display_name, municipality=self.ctl.resident.municipality_name))
        demo_visible = self._demo is not None and not logged_in and not self.hub.pcsc_has_mynumber_card()
        set_shown(self.demo_frame, demo_visible)
        if self._demo is not None:
            self.demo_remove.setEnabled(self._demo.inserted is not None and not self._busy)
            self.demo_insert.setEnabled(not self._busy)
        if self._polished:  # re-apply the style sheet for the new [state]/[role]; the first show polishes anyway
            for widget in (self.status_label, self.message_label, self.tries_label):
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        if state != self._state:
            previous, self._state = self._state, state
            if state == "ready" and previous != "signing":
                self.login_button.setFocus()
            self.state_changed.emit(state)

    def _reader_title(self, reader: ReaderState) -> str:
        name = reader.label or reader.name
        card = {
            CardStatus.NONE: QCoreApplication.translate("LoginScreen", "カードなし"),
            CardStatus.CHECKING: QCoreApplication.translate("LoginScreen", "確認中"),
            CardStatus.MYNUMBER: QCoreApplication.translate("LoginScreen", "マイナンバーカード"),
            CardStatus.OTHER: QCoreApplication.translate("LoginScreen", "マイナンバーカード以外"),
            CardStatus.ERROR: QCoreApplication.translate("LoginScreen", "読み取りエラー"),
        }[reader.card]
        return f"{name}（{card}）"

    def _status_text(self, state: str, reader: ReaderState | None) -> str:
        name = (reader.label or reader.name) if reader is not None else ""
        if state == "service_down":
            return error_words.service_help()
        if state == "no_reader":
            text = QCoreApplication.translate("LoginScreen", "カードリーダーが見つかりません。カードリーダーをパソコンにつないでください。")
            if self._demo is not None:
                text += QCoreApplication.translate("LoginScreen", "デモでは、下の仮想カードリーダーも使えます。")
            return text
        if state == "choose_reader":
            return QCoreApplication.translate("LoginScreen", "カードリーダーが複数あります。使うカードリーダーを選んで、マイナンバーカードを置いてください。")
        if state == "no_card":
            if reader is not None and reader.virtual and self._demo is not None:
                return QCoreApplication.translate("LoginScreen", "下の一覧からデモ用のカードを選び、「このカードを置く」を押してください。")
            return QCoreApplication.translate("LoginScreen", "カードリーダー「{reader}」にマイナンバーカードを置いてください（差し込むか、読み取り部分にかざします）。").format(reader=name)
        if state == "checking":
            return QCoreApplication.translate("LoginScreen", "カードを確認しています…")
        if state == "not_mynumber":
            return error_words.not_mynumber_text(reader.other_kind if reader else "unknown")
        if state == "card_error":
            return QCoreApplication.translate("LoginScreen", "カードを読み取れませんでした。カードを置き直すか、「もう一度読み取る」を押してください。")
        if state == "blocked":
            return self._blocked_text(name)
        if state == "left_behind":
            return QCoreApplication.translate("LoginScreen", "前に使った方のカードが読み取り機に残っています。カードをいったん取り出し、ご自分のカードをもう一度置いてください。")
        if state == "ready":
            holder = self.card_holder()
            if holder:
                return QCoreApplication.translate("LoginScreen", "{name} さんのマイナンバーカードを確認しました。ご自分のカードであることを確かめてから「ログイン」を押して、暗証番号（数字4桁）を入力してください。").format(name=holder)
            return QCoreApplication.translate("LoginScreen", "マイナンバーカードを確認しました。「ログイン」を押して、暗証番号（数字4桁）を入力してください。")
        if state == "signing":
            return QCoreApplication.translate("LoginScreen", "ログインしています…")
        return ""

    def _blocked_text(self, name: str) -> str:
        """The locked-PIN router's answer for this card: where to reset the PIN, what to bring,
        what works meanwhile (ui.card.card_life). The 署名用 tries are read once, no PIN sent."""
        from app.card_life import route
        from ui.card.card_life import router_text
        from ui.portal.tasks import spawn

        if name not in self._sign_tries:
            self._sign_tries[name] = None
            spawn(self._read_sign_tries(name))
        return router_text(route(PinKind.AUTH, {PinKind.AUTH: 0, PinKind.SIGN: self._sign_tries[name]}))

    async def _read_sign_tries(self, name: str) -> None:
        card = self.hub.card(name)
        if card is None:
            return
        try:
            tries: int | None = await self.card_worker.run(lambda: card.pin_tries(PinKind.SIGN))
        except CardError:
            return  # not read: the router names the window only, and what it cannot know
        if name in self._sign_tries:  # the same card is still there
            self._sign_tries[name] = tries
            self._refresh()

    def card_holder(self) -> str:
        """Whose card is in the chosen reader, where the app can know it before the PIN: the
        demo resident whose virtual card was placed. (A real card's user certificate carries
        no name; its holder is read only with a PIN.)"""
        reader = self._selected()
        if reader is None or self._demo is None or self._demo.inserted is None or not reader.virtual:
            return ""
        resident = next((r for r in self._demo.residents() if r.resident_id == self._demo.inserted), None)
        return resident.name if resident is not None else ""

    def _set_message(self, text: str, role: str = "error") -> None:
        self._message = text
        self._message_role = role

    # -- slots -------------------------------------------------------------------------------
    def _on_hub_changed(self, *_args: object) -> None:
        self._refresh()

    def _on_hub_reader_updated(self, name: str) -> None:
        reader = self.hub.reader(name)
        if reader is None or reader.card != CardStatus.MYNUMBER or reader.auth_tries != 0:
            self._sign_tries.pop(name, None)  # another card, or none: its tries are read anew
        if reader is not None and reader.card == CardStatus.MYNUMBER and reader.auth_tries:
            self._blocked_readers.discard(name)
        self._refresh()

    def _on_hub_card_inserted(self, name: str) -> None:
        self._sign_tries.pop(name, None)
        if not self._busy:
            self._set_message("")
        selected = self._selected()
        if selected is None or selected.card == CardStatus.NONE:
            self._chosen = name
        self._refresh()

    def _on_reader_combo_activated(self, index: int) -> None:
        name = self.reader_combo.itemData(index)
        if name:
            self._chosen = str(name)
            self.ctx.update_settings(self.ctx.settings.with_changes(last_reader=None if self._chosen.startswith("MynaDesk") else self._chosen))
            self._set_message("")
            self._refresh()

    def _on_reread_button_clicked(self) -> None:
        reader = self._selected()
        if reader is not None:
            self._set_message("")
            self.hub.reidentify(reader.name)

    def _on_demo_insert_clicked(self) -> None:
        item = self.demo_list.currentItem()
        if item is None or self._demo is None or self._busy:
            return
        resident_id = str(item.data(USER_ROLE))
        self._chosen = "MynaDesk Demo Reader"
        self._set_message(QCoreApplication.translate("LoginScreen", "デモ用のカードを準備しています（サーバーの起動を待っています）…"), "info")
        self._refresh()
        self._start(self._demo_insert(resident_id))

    async def _demo_insert(self, resident_id: str) -> None:
        assert self._demo is not None
        try:
            await self._demo.insert(resident_id)
            self._set_message("")
        except Exception as exc:
            log.warning("demo card could not be inserted: %s", type(exc).__name__)
            self._set_message(error_words.backend_not_ready_text())
        self._refresh()

    def _on_demo_remove_clicked(self) -> None:
        if self._demo is not None:
            self._demo.remove()
            self._refresh()

    def _on_login_button_clicked(self) -> None:
        if self._state != "ready" or self._busy:
            return
        self._start(self.login())

    def _start(self, coro: Coroutine[Any, Any, object]) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        self._task = loop.create_task(coro)

    def _on_ctl_logged_in(self, _resident: object) -> None:
        if not self.ctx.kiosk:  # a kiosk has its own full-screen countdown (ui.kiosk.countdown)
            _ = self.warning  # listening before the session's last minute
        self._set_message("")
        self._refresh()

    def _on_ctl_logged_out(self, reason: str) -> None:
        texts = {
            "logout": (QCoreApplication.translate("LoginScreen", "ログアウトしました。"), "info"),
            "idle": (QCoreApplication.translate("LoginScreen", "一定時間操作がなかったため、安全のためログアウトしました。同じカードでログインし直すと、元の画面に戻ります。"), "warning"),
            "expired": (QCoreApplication.translate("LoginScreen", "ログインの有効期限が切れたため、ログアウトしました。同じカードでログインし直すと、元の画面に戻ります。"), "warning"),
            "card_removed": (QCoreApplication.translate("LoginScreen", "カードが取り外されたため、ログアウトしました。同じカードを置いてログインし直すと、元の画面に戻ります。"), "warning"),
        }
        text, role = texts.get(reason, texts["logout"])
        if self.ctx.kiosk and reason != "logout":
            text = QCoreApplication.translate("LoginScreen", "ログアウトしました。入力内容はすべて消去しました。")
        self._set_message(text, role)
        self._refresh()

    # -- the login ---------------------------------------------------------------------------
    async def login(self) -> bool:
        """One login attempt from the resident's 「ログイン」: PIN (with tries), signature, backend."""
        reader = self._selected()
        if reader is None or reader.card != CardStatus.MYNUMBER or self._busy:
            return False
        if reader.auth_tries == 0:
            self._refresh()
            return False
        self._busy = True  # no second attempt while the dialog is open
        from app.login import WorkerCardAuthSigner
        from app.pin_flow import PinAccepted, PinCancelled, PinIsBlocked, PinWasWrong
        from app.portal.errors import PortalError
        from ui.card.pin_flow import DialogPinPrompt, card_pin_flow

        name = reader.name

        def open_card() -> Any:
            card = self.hub.card(name)
            if card is None:
                raise _card_removed()
            return card

        def heard(_kind: PinKind, tries: int) -> None:
            self.hub.refresh_tries(name, tries)

        async def log_in(pin: str) -> None:
            signer = WorkerCardAuthSigner(self.card_worker, open_card(), pin)
            del pin  # the signer holds it until the card has it, then forgets it
            self._set_message("")
            self._refresh()
            try:
                await self.ctl.login_with_card(name, signer)
            finally:
                del signer

        purpose = QCoreApplication.translate("LoginScreen", "ログインには、利用者証明用電子証明書の暗証番号（数字4桁）が必要です。")
        holder = self.card_holder()
        if holder:
            purpose += "\n" + QCoreApplication.translate("LoginScreen", "カード: {name} さん").format(name=holder)
        prompt = DialogPinPrompt(self, purpose=purpose)  # a kiosk adds its keypad (KioskController)
        # The tries come from identifying the card (no extra APDU); the card verified a right PIN,
        # so its counter is back at the maximum, and the flow tells the hub so.
        flow = card_pin_flow(self.card_worker, open_card, on_tries=heard)
        ok = False
        try:
            outcome = await flow.run(PinKind.AUTH, prompt, log_in, tries=reader.auth_tries)
            ok = isinstance(outcome, PinAccepted)
            if isinstance(outcome, PinCancelled):
                self._busy = False
                self._refresh()
                return False
            if isinstance(outcome, PinWasWrong):
                self._set_message(error_words.wrong_pin_text(outcome.tries_left))
            elif isinstance(outcome, PinIsBlocked):
                self._set_message("")  # the status line explains a blocked PIN and what to do
        except CardError as exc:
            self._set_message(error_words.card_error_text(exc))
        except PortalError as exc:
            self._set_message(error_words.error_text(exc))
        except (TimeoutError, RuntimeError):
            self._set_message(error_words.backend_not_ready_text())
        finally:
            self._busy = False
        self._refresh()
        self.login_finished.emit(ok)
        if ok:
            self.ctl.after_login_navigation()
        return ok

    # -- text --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("LoginScreen", "マイナンバーカードでログイン"))
        self.title.setAccessibleName(self.title.text())
        self.steps.setText(QCoreApplication.translate("LoginScreen", "1. カードリーダーをつなぐ　2. マイナンバーカードを置く　3. 「ログイン」を押して暗証番号（数字4桁）を入力"))
        self.reader_label.setText(QCoreApplication.translate("LoginScreen", "使うカードリーダー(&R):"))
        self.reader_combo.setAccessibleName(QCoreApplication.translate("LoginScreen", "使うカードリーダー"))
        self.login_button.setText(QCoreApplication.translate("LoginScreen", "ログイン"))
        self.login_button.setAccessibleName(QCoreApplication.translate("LoginScreen", "ログイン"))
        self.reread_button.setText(QCoreApplication.translate("LoginScreen", "もう一度読み取る"))
        self.reread_button.setAccessibleName(QCoreApplication.translate("LoginScreen", "カードをもう一度読み取る"))
        self.home_button.setText(QCoreApplication.translate("LoginScreen", "ホームへ"))
        self.home_button.setAccessibleName(QCoreApplication.translate("LoginScreen", "ホームへ"))
        self.logout_button.setText(QCoreApplication.translate("LoginScreen", "ログアウト"))
        self.logout_button.setAccessibleName(QCoreApplication.translate("LoginScreen", "ログアウト"))
        self.progress.setAccessibleName(QCoreApplication.translate("LoginScreen", "署名の進み具合"))
        self.demo_label.setText(QCoreApplication.translate("LoginScreen", "デモ用のカード（架空の住民です。暗証番号はデモ用のヒントとして表示しています）(&D):"))
        self.demo_list.setAccessibleName(QCoreApplication.translate("LoginScreen", "デモ用のカード"))
        self.demo_insert.setText(QCoreApplication.translate("LoginScreen", "このカードを置く"))
        self.demo_insert.setAccessibleName(QCoreApplication.translate("LoginScreen", "選んだデモ用カードを仮想カードリーダーに置く"))
        self.demo_remove.setText(QCoreApplication.translate("LoginScreen", "カードを取り出す"))
        self.demo_remove.setAccessibleName(QCoreApplication.translate("LoginScreen", "デモ用カードを取り出す"))
        self._refresh()

    def _label_demo_cards(self) -> None:
        """The demo residents' cards, the one in the demo reader marked as placed."""
        if self._demo is None:
            return
        placed = self._demo.inserted
        for index, resident in enumerate(self._demo.residents()):
            item = self.demo_list.item(index)
            text = QCoreApplication.translate("LoginScreen", "{name}（{municipality}）— 利用者証明用 {auth}／署名用 {sign}／券面事項 {kenhojo}").format(
                name=resident.name, municipality=resident.municipality, auth=resident.auth_pin,
                # A child's card (under 15 at issue) has no 署名用 certificate (src:fukuchiyama-jpki-age).
                sign=resident.sign_pin or QCoreApplication.translate("LoginScreen", "なし"),
                kenhojo=resident.kenhojo_pin)
            if resident.resident_id == placed:
                text = QCoreApplication.translate("LoginScreen", "▶ {card}（置いています）").format(card=text)
            if item.text() != text:
                item.setText(text)
                font = item.font()
                font.setBold(resident.resident_id == placed)
                item.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._polished = True
        super().showEvent(event)


def _card_removed() -> CardError:
    from app.card.errors import CardRemovedDuringOperation

    return CardRemovedDuringOperation("gone")


def create_screen(context: LoginContext) -> QWidget:
    return LoginScreen(context)
