"""代理人の登録: the walk-through that makes the logged-in resident the 法定代理人 of their child, in
「わたしの代理人」.

What the real portal needs (src:anjo-passport-miseinen): both cards. The 代理人 is logged in with
their own card; the child's card is then read and proves itself as at a login, with its
利用者証明用 key and 4-digit PIN, which for a child under 15 is the PIN the 法定代理人 set when the
card was issued (src:fukuchiyama-jpki-age). The backend then checks the relationship against the
住民基本台帳 (the same household; src:sakuragawa-houtei-dairi-setai) and that the child is a minor
(src:minpou-4-818); its refusals are worded here from their codes (ui.error_words).

The steps, each with its own state so the resident always knows where they are:
1. ``card``: put the child's card on a reader other than the one holding the resident's own card
   (the session ends when that card is taken out). In demo mode a second virtual reader and the
   demo cards stand in for it.
2. ``ready``: the card is read; 「登録する」 asks for the child's PIN through the one PIN flow
   (app.pin_flow), then fetches the challenge, has the child's card sign it and registers.
3. ``registered`` or ``refused``/``failed`` with what to do.
The dialog is opened with ``open()`` (never ``exec()``); nothing typed is kept (the PIN goes to the
card once, app.login.CardAuthSigner).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.portal.tasks import spawn
from ui.style import emphasize
from ui.widgets.dialog_fit import fit_to_text

if TYPE_CHECKING:
    from app.portal.models import ProxyGrant
    from ui.screen_context import ProxiesContext

log = logging.getLogger(__name__)

translate = QCoreApplication.translate


def _locked_text() -> str:
    """The child's 利用者証明用 PIN is locked: where it is reset. A card issued under 15 has no
    署名用 certificate (src:fujimino-jpki-sign-under15), which the kiosk reset needs
    (src:jpki-reset-faq), so that card goes to the counter, where for a child under 15 the
    法定代理人 applies with the child's card and their own proof of identity
    (src:kasai-jpki-reset-under15); some municipalities also ask for proof of the parent-child
    relation (src:machida-jpki-reset-under15). A child of 15 or over applies in person
    (src:kasai-jpki-reset-under15)."""
    return (translate("ProxyRegistration", "このカードの利用者証明用の暗証番号はロックされています。")
            + translate("ProxyRegistration", "15歳未満で交付されたカードには署名用電子証明書がないため、コンビニ等では再設定できません。")
            + translate("ProxyRegistration", "お子さんが15歳未満なら、お住まいの市区町村の窓口で、法定代理人（親権者など）が再設定の手続きをします。")
            + translate("ProxyRegistration", "窓口の持ち物: お子さんのマイナンバーカードと、法定代理人の本人確認書類"
                                             "（親子関係を確かめる書類（戸籍謄本など）を求める市区町村もあります）。")
            + translate("ProxyRegistration", "お子さんが15歳以上なら、本人が窓口で手続きします。"))


class ProxyRegistrationDialog(QDialog):
    """The two-card walk-through. ``registered`` carries the new grant."""

    registered = Signal(object)  # ProxyGrant

    def __init__(self, context: ProxiesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proxyRegistration")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._ctx = context
        self.outcome = "card"  # card | ready | registering | registered | refused | failed
        self.grant: ProxyGrant | None = None
        self._reader: str | None = None

        self.title = QLabel(self)
        emphasize(self.title, 1.2)
        self.steps = QLabel(self)
        self.steps.setObjectName("proxyRegistrationSteps")
        self.steps.setWordWrap(True)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("proxyRegistrationState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.demo_label = QLabel(self)
        self.demo_cards = QComboBox(self)
        self.demo_cards.setObjectName("proxyRegistrationDemoCards")
        self.demo_label.setBuddy(self.demo_cards)
        self.place_button = QPushButton(self)
        self.place_button.setObjectName("proxyRegistrationPlace")
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_label)
        demo_row.addWidget(self.demo_cards, 1)
        demo_row.addWidget(self.place_button)

        self.register_button = QPushButton(self)
        self.register_button.setObjectName("proxyRegistrationRegister")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("proxyRegistrationCancel")
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("proxyRegistrationDone")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addLayout(demo_row)
        layout.addWidget(self.state_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

        demo = context.demo
        self._demo_widgets = (self.demo_label, self.demo_cards, self.place_button)
        if demo is not None:
            for resident in demo.residents():
                if not resident.sign_pin:  # a child's card: no 署名用 certificate (src:fukuchiyama-jpki-age)
                    self.demo_cards.addItem(resident.name, resident.resident_id)
        for widget in self._demo_widgets:
            widget.setVisible(demo is not None)

        self.setTabOrder(self.demo_cards, self.place_button)
        self.setTabOrder(self.place_button, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.register_button)
        self.setTabOrder(self.register_button, self.done_button)
        self.place_button.clicked.connect(self._on_place_button_clicked)
        self.register_button.clicked.connect(self._on_register_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        readers = context.readers
        readers.readers_changed.connect(self._on_readers_changed)
        readers.reader_updated.connect(self._on_reader_updated)
        self.finished.connect(self._on_finished)
        fit_to_text(self, min_em=36.0)  # the state line changes length at each step
        self.retranslate()
        self._look_for_card()

    # -- the child's card ---------------------------------------------------------------------
    @property
    def card_ready(self) -> bool:
        return self.outcome == "ready"

    def choose_demo_card(self, resident_id: str) -> bool:
        index = self.demo_cards.findData(resident_id)
        if index >= 0:
            self.demo_cards.setCurrentIndex(index)
        return index >= 0

    def _on_place_button_clicked(self) -> None:
        demo, resident_id = self._ctx.demo, self.demo_cards.currentData()
        if demo is None or not isinstance(resident_id, str):
            return
        self.place_button.setEnabled(False)
        spawn(self._place(resident_id))

    async def _place(self, resident_id: str) -> None:
        demo = self._ctx.demo
        try:
            if demo is not None:
                await demo.insert_other(resident_id)
        finally:
            self.place_button.setEnabled(True)
        self._look_for_card()

    def _on_readers_changed(self) -> None:
        self._look_for_card()

    def _on_reader_updated(self, _name: str) -> None:
        self._look_for_card()

    def _other_card_reader(self) -> tuple[str, int | None] | None:
        """A reader, not the one with the resident's own card, holding a My Number Card."""
        from ui.card.reader_state import CardStatus

        own = self._ctx.session.card_reader
        for state in self._ctx.readers.readers():
            if state.name != own and state.card == CardStatus.MYNUMBER:
                return state.name, state.auth_tries
        return None

    def _look_for_card(self) -> None:
        if self.outcome not in ("card", "ready"):
            return
        found = self._other_card_reader()
        self._reader = found[0] if found else None
        if found is None:
            self.outcome = "card"
        elif found[1] == 0:
            self.outcome = "card"
            self._reader = None
            self._say(_locked_text())
            self._update()
            return
        else:
            self.outcome = "ready"
        self._say("")
        self._update()

    def _holder_name(self) -> str:
        demo = self._ctx.demo
        if demo is None or demo.other_inserted is None:
            return ""
        return next((r.name for r in demo.residents() if r.resident_id == demo.other_inserted), "")

    # -- registering ----------------------------------------------------------------------------
    def _on_register_button_clicked(self) -> None:
        if self.outcome == "ready" and self._reader is not None:
            spawn(self.register())

    async def register(self) -> None:
        """Asks for the child's 利用者証明用 PIN (the one PIN flow) and registers the grant."""
        from app.card.errors import CardError, CardRemovedDuringOperation
        from app.card.pin import PinKind
        from app.login import WorkerCardAuthSigner
        from app.pin_flow import PinAccepted, PinCancelled, PinIsBlocked, PinWasWrong
        from app.portal.errors import PortalError
        from app.portal.models import GrantKind
        from app.representation import Refused, Registered, RegisterProxy
        from ui.card.pin_flow import DialogPinPrompt, card_pin_flow
        from ui.error_words import card_error_text, code_text, error_text

        name, tries = self._reader or "", None
        state = self._ctx.readers.reader(name)
        if state is not None:
            tries = state.auth_tries
        client = self._ctx.access.client
        if client is None or not name:
            return
        worker = self._ctx.card_worker
        readers = self._ctx.readers

        def open_card() -> Any:
            card = readers.card(name)
            if card is None:
                raise CardRemovedDuringOperation("gone")
            return card

        use_case = RegisterProxy(client)
        result: list[Registered | Refused] = []

        async def run(pin: str) -> None:
            signer = WorkerCardAuthSigner(worker, open_card(), pin)
            del pin
            result.append(await use_case.run_async(signer, GrantKind.LEGAL))

        holder = self._holder_name()
        purpose = translate("ProxyRegistration", "本人（お子さん）のカードの、利用者証明用電子証明書の暗証番号（数字4桁）を入力してください。"
                            "15歳未満のお子さんのカードでは、カードの交付のときに法定代理人が設定した暗証番号です。")
        if holder:
            purpose += "\n" + translate("ProxyRegistration", "カード: {name} さん").format(name=holder)
        self.outcome = "registering"
        self._say(translate("ProxyRegistration", "登録しています…"))
        self._update()
        prompt = DialogPinPrompt(self, purpose=purpose)
        flow = card_pin_flow(worker, open_card, on_tries=lambda _k, n: readers.refresh_tries(name, n))
        try:
            outcome = await flow.run(PinKind.AUTH, prompt, run, tries=tries, retry=True)
        except CardError as exc:
            self._end("failed", card_error_text(exc))
            return
        except PortalError as exc:
            self._end("failed", error_text(exc))
            return
        if isinstance(outcome, PinCancelled):
            self.outcome = "ready"
            self._say(translate("ProxyRegistration", "暗証番号の入力をやめました。登録はしていません。"))
            self._update()
            return
        if isinstance(outcome, PinWasWrong | PinIsBlocked):
            self._end("failed", _locked_text())
            return
        assert isinstance(outcome, PinAccepted)
        done = result[-1]
        if isinstance(done, Refused):
            text = code_text(done.code)
            if done.code.startswith("principal_") and done.code != "principal_is_a_minor":
                text = translate("ProxyRegistration", "本人のカードを確認できませんでした。") + code_text(done.code.removeprefix("principal_"))
            self._end("refused", text)
            return
        self.grant = done.grant
        log.info("a 代理人 grant was registered from わたしの代理人")
        self._end("registered", translate("ProxyRegistration", "{name} さんの代理人になりました。"
                                          "画面上部の「だれとして使う」で {name} さんを選ぶと、代わりに使えます。"
                                          "カードはリーダーから取り出してください。").format(name=done.grant.principal.name))
        self.registered.emit(done.grant)

    def _end(self, outcome: str, text: str) -> None:
        self.outcome = outcome
        self._say(text)
        self._update()

    def _say(self, text: str) -> None:
        self.state_label.setText(text)

    # -- look ------------------------------------------------------------------------------------
    def _update(self) -> None:
        outcome = self.outcome
        busy = outcome == "registering"
        done = outcome in ("registered", "refused", "failed")
        self.register_button.setVisible(not done)
        self.register_button.setEnabled(outcome == "ready")
        self.cancel_button.setVisible(not done)
        self.cancel_button.setEnabled(not busy)
        self.done_button.setVisible(done)
        for widget in self._demo_widgets:
            widget.setEnabled(not busy and not done)
            widget.setVisible(self._ctx.demo is not None and not done)
        if outcome == "card" and not self.state_label.text():
            self._say(translate("ProxyRegistration", "本人のカードを待っています。"))
        elif outcome == "ready" and not self.state_label.text():
            holder = self._holder_name()
            self._say(translate("ProxyRegistration", "本人のカードを読み取りました（{name} さん）。「登録する」を押してください。").format(
                name=holder) if holder else translate("ProxyRegistration", "本人のカードを読み取りました。「登録する」を押してください。"))
        if done:
            self.done_button.setDefault(True)
            self.done_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("ProxyRegistration", "代理人の登録"))
        self.title.setText(translate("ProxyRegistration", "お子さんの代理人（法定代理人）として登録する"))
        self.steps.setText(translate(
            "ProxyRegistration",
            "登録には、あなたのカードと本人（お子さん）のマイナンバーカードの2枚を使います。\n"
            "1. あなたのカードはそのまま置いておき、本人のマイナンバーカードを別のカードリーダーに置きます。\n"
            "2. 「登録する」を押し、本人のカードの利用者証明用の暗証番号（数字4桁）を入力します。\n"
            "3. 同じ世帯の親子であること（住民基本台帳）と、本人が18歳未満であることが確認されると、登録されます。"))
        self.demo_label.setText(translate("ProxyRegistration", "デモ用のカード(&C):"))
        self.demo_cards.setAccessibleName(translate("ProxyRegistration", "本人のデモ用カード"))
        self.place_button.setText(translate("ProxyRegistration", "2台目のリーダーに置く"))
        self.place_button.setAccessibleName(translate("ProxyRegistration", "選んだデモ用カードを2台目の仮想カードリーダーに置く"))
        self.register_button.setText(translate("ProxyRegistration", "登録する"))
        self.register_button.setAccessibleName(translate("ProxyRegistration", "本人の暗証番号を入力して代理人を登録する"))
        self.cancel_button.setText(translate("ProxyRegistration", "やめる"))
        self.done_button.setText(translate("ProxyRegistration", "閉じる"))

    def _on_finished(self, _result: int) -> None:
        readers = self._ctx.readers
        readers.readers_changed.disconnect(self._on_readers_changed)
        readers.reader_updated.disconnect(self._on_reader_updated)
        demo = self._ctx.demo
        if demo is not None:
            demo.remove_other()  # the demo's child card goes back, as a real one is taken out
