"""カードと証明書: the card's certificates (with a validity check against the backend and export),
the three PINs' tries and their change, the card's text data (券面事項入力補助, My Number
masked until asked), and a diagnostics report without personal data for support.

Works with any My Number Card in a reader (no login needed); all card traffic on the card worker.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.card.errors import CardError, NoSigningCertificate, TextIntegrityFailed
from app.card.jpki import TextIntegrity
from app.card.pin import PinKind
from app.card_life import route
from app.jst import DATE, jst_text
from app.pin_flow import PinAccepted, PinFlow, PinIsBlocked, PinOutcome, PinWasWrong
from app.portal.errors import PortalError
from app.validators import mask_my_number
from ui import error_words
from ui.card.card_life import CardLifePanel, card_texts, facts_today, router_text, sign_lapse_of
from ui.card.pin_change_dialog import PinChangeDialog
from ui.card.pin_dialog import pin_name, run_dialog, tries_text
from ui.card.pin_flow import DialogPinPrompt, card_pin_flow
from ui.card.reader_state import CardStatus
from ui.output_gate import OutputRefusedError, Refusal
from ui.portal.tasks import current_loop
from ui.style import emphasize

if TYPE_CHECKING:
    from ui.screen_context import CardContext

log = logging.getLogger(__name__)
CERTS = ("auth", "auth-ca", "sign-ca", "sign")


def cert_title(which: str) -> str:
    return {
        "auth": QCoreApplication.translate("CardScreen", "利用者証明用電子証明書"),
        "auth-ca": QCoreApplication.translate("CardScreen", "利用者証明用 認証局の証明書"),
        "sign-ca": QCoreApplication.translate("CardScreen", "署名用 認証局の証明書"),
        "sign": QCoreApplication.translate("CardScreen", "署名用電子証明書（暗証番号が必要）"),
    }[which]


def describe_certificate(der: bytes) -> dict[str, str]:
    """Subject, issuer, serial, validity and key of a DER certificate, for display."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key_text = f"RSA {key.key_size} bit"
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key_text = f"EC {key.curve.name}"
    else:
        key_text = type(key).__name__
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": f"{cert.serial_number:X}",
        "not_before": jst_text(cert.not_valid_before_utc),
        "not_after": jst_text(cert.not_valid_after_utc),
        "key": key_text,
    }


def to_pem(der: bytes) -> bytes:
    import base64
    import textwrap

    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n".encode("ascii")


def group_my_number(number: str) -> str:
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


class CardScreen(QWidget):
    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_card")
        self.ctx = context.app
        self._gate = context.app.output_gate
        self.hub = context.readers
        self.ctl = context.session
        self.card_worker = context.card_worker
        self._ders: dict[str, bytes] = {}
        self._my_number = ""
        self._tries: dict[PinKind, int | None] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        #: Asks where to save (title, suggested name) -> path or None; tests replace it.
        self.save_path_provider: Callable[[str, str], Any] = self._ask_save_path

        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = QLabel(body)
        self.title.setObjectName("cardTitle")
        emphasize(self.title, 1.5)
        layout.addWidget(self.title)
        self.card_state = QLabel(body)
        self.card_state.setObjectName("cardScreenState")
        self.card_state.setWordWrap(True)
        layout.addWidget(self.card_state)
        self.message = QLabel(body)
        self.message.setObjectName("cardMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        # The card's and its certificates' ends, announced ahead; a lapsed 署名用 certificate.
        self.card_life = CardLifePanel(body, object_name="cardLifeBox", text_name="cardLifeText")
        layout.addWidget(self.card_life)
        self._facts: Any = None  # /me's CardFacts while logged in
        self._today: Any = None  # the backend's date with them

        # Certificates
        self.cert_box = QGroupBox(body)
        self.cert_box.setObjectName("certBox")
        cert_layout = QVBoxLayout(self.cert_box)
        row = QHBoxLayout()
        self.cert_label = QLabel(self.cert_box)
        self.cert_combo = QComboBox(self.cert_box)
        self.cert_combo.setObjectName("certCombo")
        for which in CERTS:
            self.cert_combo.addItem("", which)
        self.cert_label.setBuddy(self.cert_combo)
        # As wide as the row gives it, not as its longest name: at large text that name made the
        # screen wider than the window.
        self.cert_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cert_combo.setMinimumContentsLength(8)
        self.cert_read = QPushButton(self.cert_box)
        self.cert_read.setObjectName("certReadButton")
        row.addWidget(self.cert_label)
        row.addWidget(self.cert_combo, 1)
        row.addWidget(self.cert_read)
        cert_layout.addLayout(row)
        form = QFormLayout()
        self.cert_fields: dict[str, QLabel] = {}
        self._cert_field_labels: dict[str, QLabel] = {}
        for key in ("subject", "issuer", "serial", "not_before", "not_after", "key"):
            value = QLabel(self.cert_box)
            value.setObjectName(f"cert_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(self.cert_box)
            self.cert_fields[key] = value
            self._cert_field_labels[key] = label
            form.addRow(label, value)
        cert_layout.addLayout(form)
        buttons = QHBoxLayout()
        self.check_button = QPushButton(self.cert_box)
        self.check_button.setObjectName("certCheckButton")
        self.pem_button = QPushButton(self.cert_box)
        self.pem_button.setObjectName("certPemButton")
        self.der_button = QPushButton(self.cert_box)
        self.der_button.setObjectName("certDerButton")
        for b in (self.check_button, self.pem_button, self.der_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        cert_layout.addLayout(buttons)
        self.check_result = QLabel(self.cert_box)
        self.check_result.setObjectName("certCheckResult")
        self.check_result.setWordWrap(True)
        cert_layout.addWidget(self.check_result)
        layout.addWidget(self.cert_box)

        # PINs
        self.pin_box = QGroupBox(body)
        self.pin_box.setObjectName("pinBox")
        pin_form = QFormLayout(self.pin_box)
        self.pin_labels: dict[PinKind, QLabel] = {}
        self.pin_change_buttons: dict[PinKind, QPushButton] = {}
        self._pin_names: dict[PinKind, QLabel] = {}
        for kind in PinKind:
            name = QLabel(self.pin_box)
            value = QLabel(self.pin_box)
            value.setObjectName(f"pinTries_{kind.value}")
            button = QPushButton(self.pin_box)
            button.setObjectName(f"pinChange_{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: self._start(self.change_pin(k)))
            cell = QHBoxLayout()
            cell.addWidget(value, 1)
            cell.addWidget(button)
            pin_form.addRow(name, cell)
            name.setBuddy(button)
            self._pin_names[kind] = name
            self.pin_labels[kind] = value
            self.pin_change_buttons[kind] = button
        self.pin_refresh = QPushButton(self.pin_box)
        self.pin_refresh.setObjectName("pinRefreshButton")
        pin_form.addRow(self.pin_refresh)
        # The locked-PIN router: where to go, what to bring, what still works (app/card_life.py).
        self.pin_router = QLabel(self.pin_box)
        self.pin_router.setObjectName("pinRouterText")
        self.pin_router.setWordWrap(True)
        self.pin_router.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pin_router.setVisible(False)
        pin_form.addRow(self.pin_router)
        layout.addWidget(self.pin_box)

        # Text data
        self.text_box = QGroupBox(body)
        self.text_box.setObjectName("textDataBox")
        text_layout = QVBoxLayout(self.text_box)
        self.text_read = QPushButton(self.text_box)
        self.text_read.setObjectName("textDataReadButton")
        text_layout.addWidget(self.text_read)
        text_form = QFormLayout()
        self.text_fields: dict[str, QLabel] = {}
        self._text_field_labels: dict[str, QLabel] = {}
        for key in ("my_number", "name", "address", "birth_date", "sex"):
            value = QLabel(self.text_box)
            value.setObjectName(f"text_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(self.text_box)
            self.text_fields[key] = value
            self._text_field_labels[key] = label
            if key == "my_number":
                cell = QHBoxLayout()
                cell.addWidget(value, 1)
                self.reveal_button = QPushButton(self.text_box)
                self.reveal_button.setObjectName("myNumberRevealButton")
                self.reveal_button.setCheckable(True)
                self.reveal_button.setEnabled(False)
                cell.addWidget(self.reveal_button)
                text_form.addRow(label, cell)
            else:
                text_form.addRow(label, value)
        text_layout.addLayout(text_form)
        layout.addWidget(self.text_box)

        # Diagnostics
        self.diag_box = QGroupBox(body)
        self.diag_box.setObjectName("diagnosticsBox")
        diag_layout = QVBoxLayout(self.diag_box)
        diag_buttons = QHBoxLayout()
        self.diag_button = QPushButton(self.diag_box)
        self.diag_button.setObjectName("diagnosticsButton")
        self.diag_copy = QPushButton(self.diag_box)
        self.diag_copy.setObjectName("diagnosticsCopyButton")
        self.diag_save = QPushButton(self.diag_box)
        self.diag_save.setObjectName("diagnosticsSaveButton")
        for b in (self.diag_button, self.diag_copy, self.diag_save):
            diag_buttons.addWidget(b)
        diag_buttons.addStretch(1)
        diag_layout.addLayout(diag_buttons)
        for b in (self.pem_button, self.der_button, self.diag_save):  # a kiosk writes no file
            b.setVisible(self._gate.files_allowed)
        self.diag_text = QPlainTextEdit(self.diag_box)
        self.diag_text.setObjectName("diagnosticsText")
        self.diag_text.setReadOnly(True)
        diag_layout.addWidget(self.diag_text)
        layout.addWidget(self.diag_box)
        layout.addStretch(1)

        self.cert_read.clicked.connect(lambda: self._start(self.read_certificate(self._which())))
        self.cert_combo.activated.connect(lambda _i: self._show_cert(self._which()))
        self.check_button.clicked.connect(lambda: self._start(self.check_certificate()))
        self.pem_button.clicked.connect(lambda: self._start(self.export_certificate("pem")))
        self.der_button.clicked.connect(lambda: self._start(self.export_certificate("der")))
        self.pin_refresh.clicked.connect(lambda: self._start(self.refresh_pins()))
        self.text_read.clicked.connect(lambda: self._start(self.read_text_data()))
        self.reveal_button.toggled.connect(self._on_reveal_button_toggled)
        self.diag_button.clicked.connect(lambda: self._start(self.build_diagnostics()))
        self.diag_copy.clicked.connect(self._on_diag_copy_clicked)
        self.diag_save.clicked.connect(lambda: self._start(self.save_diagnostics()))
        self.hub.reader_updated.connect(self._on_hub_reader_updated)
        self.hub.readers_changed.connect(self._update_card_state)
        self.ctl.logged_out.connect(self._on_ctl_logged_out)
        self.retranslate()

    # -- helpers -----------------------------------------------------------------------------
    def _which(self) -> str:
        return str(self.cert_combo.currentData())

    def reader_name(self) -> str | None:
        preferred = self.ctl.card_reader
        readers = [r for r in self.hub.readers() if r.card == CardStatus.MYNUMBER]
        for r in readers:
            if r.name == preferred:
                return r.name
        return readers[0].name if readers else None

    def _card(self) -> Any:
        name = self.reader_name()
        card = self.hub.card(name) if name else None
        if card is None:
            from app.card.errors import NoCard

            raise NoCard("no_mynumber_card")
        return card

    async def _on_card(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await self.card_worker.run(fn, *args)

    def _start(self, coro: Any) -> asyncio.Task[Any] | None:
        """Runs ``coro`` on the qasync loop, its card and portal errors said on the screen. Without
        a running loop (a window built with no event loop) it is not started: a task on a loop that
        never runs would be left pending and the loop unclosed."""
        loop = current_loop()
        if loop is None or loop.is_closed() or not loop.is_running():
            coro.close()
            return None
        task = loop.create_task(self._guarded(coro))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coro: Any) -> None:
        try:
            await coro
        except CardError as exc:
            self._say(error_words.card_error_text(exc), "error")
        except PortalError as exc:
            self._say(error_words.error_text(exc), "error")

    def _say(self, text: str, role: str = "info") -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def screen_shown(self) -> None:
        self._update_card_state()
        if self.reader_name() and not self._tries:
            self._start(self.refresh_pins())
        self._start(self.refresh_card_life())

    async def refresh_card_life(self) -> None:
        """The ends of the card and its certificates: the 利用者証明用 certificate read from the
        card (no PIN), the 署名用 one if it was read, and, while logged in, what the municipality
        knows of the card (/me), counted from the backend's date."""
        client = self.ctl.client
        if client is not None:
            try:
                me = await client.run(client.me)
            except PortalError:
                me = None
            self._facts = me.card if me is not None else None
            self._today = facts_today(client.server_now())
        else:
            self._facts, self._today = None, None
        self._show_pins()  # a lapsed 署名用 certificate changes the locked-PIN router
        if self.reader_name() is not None and "auth" not in self._ders:
            card = self._card()
            self._ders["auth"] = await self._on_card(card.read_auth_certificate)
        self._show_card_life()

    def _show_card_life(self) -> None:
        from cryptography import x509

        def end(which: str) -> Any:
            der = self._ders.get(which)
            return x509.load_der_x509_certificate(der).not_valid_after_utc if der else None

        auth, sign = end("auth"), end("sign")
        if auth is None and sign is None and self._facts is None:
            self.card_life.show_texts(None)
            return
        facts, today = self._facts, self._today or facts_today(None)
        self.card_life.show_texts(lambda: card_texts(today, facts=facts, auth=auth, sign=sign))

    def _on_hub_reader_updated(self, _name: str) -> None:
        self._update_card_state()

    def _update_card_state(self) -> None:
        name = self.reader_name()
        if name is None:
            self._ders.clear()
            self._tries.clear()
            self._clear_text_data()
            self._show_cert(self._which())
            self._show_pins()
            self._show_card_life()
            text = QCoreApplication.translate("CardScreen", "マイナンバーカードをカードリーダーに置いてください。")
        else:
            reader = self.hub.reader(name)
            text = QCoreApplication.translate("CardScreen", "カードリーダー「{reader}」のマイナンバーカードを表示しています。").format(
                reader=(reader.label or reader.name) if reader else name)
        self.card_state.setText(text)
        self.card_state.setAccessibleName(text)
        for w in (self.cert_read, self.pin_refresh, self.text_read, *self.pin_change_buttons.values()):
            w.setEnabled(name is not None)

    def _on_ctl_logged_out(self, _reason: str) -> None:
        self._clear_text_data()  # personal data does not outlive the session
        self._facts, self._today = None, None
        self._show_card_life()

    # -- certificates ------------------------------------------------------------------------
    async def read_certificate(self, which: str) -> bytes | None:
        card = self._card()
        der: bytes
        if which == "sign":
            prompt = DialogPinPrompt(self, purpose=QCoreApplication.translate("CardScreen", "署名用電子証明書を読むには、署名用の暗証番号（英数字6〜16文字）が必要です。"))

            async def read_sign_certificate(pin: str) -> bytes:
                sign_der: bytes = await self._on_card(card.read_sign_certificate, pin)
                return sign_der

            outcome = await self._pin_flow(card).run(PinKind.SIGN, prompt, read_sign_certificate)
            if not isinstance(outcome, PinAccepted):
                self._say_pin_outcome(outcome)
                return None
            der = outcome.value
        else:
            reader_fn = {"auth": card.read_auth_certificate, "auth-ca": card.read_auth_ca_certificate,
                         "sign-ca": card.read_sign_ca_certificate}[which]
            der = await self._on_card(reader_fn)
        self._ders[which] = der
        index = self.cert_combo.findData(which)
        self.cert_combo.setCurrentIndex(index)
        self._show_cert(which)
        self._show_card_life()
        self._say("")
        return der

    def _show_cert(self, which: str) -> None:
        der = self._ders.get(which)
        info = describe_certificate(der) if der else {}
        for key, label in self.cert_fields.items():
            label.setText(info.get(key, "—"))
        for b in (self.check_button, self.pem_button, self.der_button):
            b.setEnabled(der is not None)
        self.check_result.setText("")

    async def check_certificate(self) -> str | None:
        which = self._which()
        der = self._ders.get(which) or await self.read_certificate(which)
        if der is None:
            return None
        client = await self.ctl.ready_client()
        result = await client.run(client.check_certificate, der)
        status = str(result.status)
        texts = {
            "valid": QCoreApplication.translate("CardScreen", "有効です（有効期限: {date}）。"),
            "expired": QCoreApplication.translate("CardScreen", "有効期限が切れています（{date}）。市区町村の窓口で更新してください。"),
            "revoked": QCoreApplication.translate("CardScreen", "失効しています。市区町村の窓口で再発行の手続きをしてください。"),
            "untrusted": QCoreApplication.translate("CardScreen", "この証明書は信頼できる認証局から発行されたものではありません。"),
        }
        date = jst_text(result.not_after, DATE) if result.not_after else "—"
        text = texts.get(status, status).format(date=date)
        self.check_result.setText(text)
        self.check_result.setAccessibleName(text)
        self.check_result.setProperty("status", status)
        return status

    async def export_certificate(self, fmt: str) -> Path | None:
        which = self._which()
        der = self._ders.get(which)
        if der is None:
            return None
        suggested = f"{which}.{'pem' if fmt == 'pem' else 'cer'}"
        path = await self._save(QCoreApplication.translate("CardScreen", "証明書を保存"), suggested,
                                to_pem(der) if fmt == "pem" else der)
        if path is None:
            return None
        self._say(QCoreApplication.translate("CardScreen", "証明書を保存しました: {path}").format(path=path))
        return path

    async def _save(self, title: str, suggested: str, data: bytes) -> Path | None:
        """Asks where, then writes ``data`` there through the output gate; None when the
        resident cancelled or the gate refused (a kiosk: said on the screen)."""
        try:
            if not self._gate.files_allowed:
                raise OutputRefusedError(Refusal.NO_FILES)
            chosen = self.save_path_provider(title, suggested)
            if asyncio.iscoroutine(chosen):
                chosen = await chosen
            if not chosen:
                return None
            path = Path(chosen)
            # A few kilobytes to a local file the resident chose: quick enough on the Qt thread.
            self._gate.write_bytes(path, data)
        except OutputRefusedError as exc:
            self._say(exc.text(), "warning")
            return None
        return path

    async def _ask_save_path(self, title: str, suggested: str) -> str | None:
        dialog = self._gate.save_dialog(self, title, suggested)
        dialog.setObjectName("saveFileDialog")
        try:
            if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            files = dialog.selectedFiles()
            return files[0] if files else None
        finally:
            dialog.deleteLater()

    # -- PINs --------------------------------------------------------------------------------
    async def refresh_pins(self) -> dict[PinKind, int | None]:
        card = self._card()

        def read_all() -> dict[PinKind, int | None]:
            tries: dict[PinKind, int | None] = {}
            with card.session():
                for kind in PinKind:
                    try:
                        tries[kind] = card.pin_tries(kind)
                    except NoSigningCertificate:
                        tries[kind] = None  # a child's card has no 署名用 certificate: shown as "—"
            return tries

        self._tries = await self._on_card(read_all)
        self._show_pins()
        self._share_auth_tries()
        return self._tries

    def _share_auth_tries(self) -> None:
        """What the card just said, also for the login screen and the diagnostics."""
        auth, name = self._tries.get(PinKind.AUTH), self.reader_name()
        if auth is not None and name is not None:
            self.hub.refresh_tries(name, auth)

    def _show_pins(self) -> None:
        for kind, label in self.pin_labels.items():
            tries = self._tries.get(kind)
            if tries is None:
                text = "—"
            elif tries == 0:
                text = QCoreApplication.translate("CardScreen", "ロックされています")  # where to reset: the router below
            else:
                text = tries_text(kind, tries)
            label.setText(text)
            label.setAccessibleName(text)
            label.setProperty("role", "warning" if tries is not None and tries <= 1 else "info")
        locked = [kind for kind in PinKind if self._tries.get(kind) == 0]
        # A lapsed 署名用 certificate rules out the kiosk reset of either PIN (src:jpki-reset-faq).
        valid = False if sign_lapse_of(self._facts) is not None else None
        router = "\n\n".join(router_text(route(kind, self._tries, certs_valid=valid)) for kind in locked)
        self.pin_router.setText(router)
        self.pin_router.setAccessibleName(router)
        self.pin_router.setVisible(bool(locked))

    async def change_pin(self, kind: PinKind) -> bool:
        card = self._card()

        async def ask_current_and_new(kind: PinKind, tries: int, *, after_wrong: bool) -> tuple[str, str] | None:
            dialog = PinChangeDialog(kind, tries, self)
            try:
                accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
                return dialog.values() if accepted else None
            finally:
                dialog.deleteLater()

        async def change(values: tuple[str, str]) -> None:
            await self._on_card(card.change_pin, kind, *values)

        outcome = await self._pin_flow(card).run(kind, ask_current_and_new, change)
        if not isinstance(outcome, PinAccepted):
            self._say_pin_outcome(outcome)
            return False
        self._say(QCoreApplication.translate("CardScreen", "{name}を変更しました。").format(name=pin_name(kind)))
        return True

    def _pin_flow(self, card: Any) -> PinFlow:
        """The PIN flow for ``card``: every count it hears shows in the tries list."""
        return card_pin_flow(self.card_worker, lambda: card, on_tries=self._on_flow_tries)

    def _on_flow_tries(self, kind: PinKind, tries: int) -> None:
        self._tries[kind] = tries
        self._show_pins()

    def _say_pin_outcome(self, outcome: PinOutcome[Any]) -> None:
        """A wrong PIN with the card's new count, a blocked one with what to do; a cancel is silent."""
        if isinstance(outcome, PinWasWrong):
            self._say(error_words.wrong_pin_text(outcome.tries_left), "error")
        elif isinstance(outcome, PinIsBlocked):
            self._say(error_words.blocked_text(outcome.kind), "error")

    # -- text data ---------------------------------------------------------------------------
    async def read_text_data(self) -> bool:
        card = self._card()
        prompt = DialogPinPrompt(self, purpose=QCoreApplication.translate("CardScreen", "券面事項（氏名・住所・生年月日・性別・マイナンバー）を読むには、券面事項入力補助用の暗証番号（数字4桁）が必要です。"))

        async def read(pin: str) -> Any:
            return await self._on_card(card.read_text_data, pin)

        try:
            outcome = await self._pin_flow(card).run(PinKind.KENHOJO, prompt, read)
        except TextIntegrityFailed as exc:
            # The PIN was right, but the text differs from the card's own record of it (EF 0003):
            # nothing of it is shown as the card's.
            self._on_flow_tries(PinKind.KENHOJO, PinKind.KENHOJO.max_tries)
            self._clear_text_data()
            self._say(error_words.error_text(exc), "error")
            return False
        if not isinstance(outcome, PinAccepted):
            self._say_pin_outcome(outcome)
            return False
        data = outcome.value
        self._my_number = data.my_number
        birth = data.birth_date
        sex = {"1": QCoreApplication.translate("CardScreen", "男性"), "2": QCoreApplication.translate("CardScreen", "女性"), "9": QCoreApplication.translate("CardScreen", "適用不能")}.get(data.sex, data.sex)
        self.text_fields["name"].setText(data.name)
        self.text_fields["address"].setText(data.address)
        self.text_fields["birth_date"].setText(f"{birth[:4]}-{birth[4:6]}-{birth[6:8]}" if len(birth) == 8 else birth)
        self.text_fields["sex"].setText(sex)
        self.reveal_button.setEnabled(True)
        self.reveal_button.setChecked(False)
        self._show_my_number()
        if data.integrity is TextIntegrity.VERIFIED:
            self._say(QCoreApplication.translate("CardScreen", "カードに記録された照合用データと一致しました（読み取った内容は書き換えられていません）。"))
        else:  # the card holds no record to check the text against
            self._say(QCoreApplication.translate("CardScreen", "このカードには照合用のデータがないため、読み取った内容を照合していません。"), "warning")
        return True

    def _show_my_number(self) -> None:
        revealed = self.reveal_button.isChecked()
        text = group_my_number(self._my_number) if revealed else mask_my_number(self._my_number)
        self.text_fields["my_number"].setText(text or "—")
        self.text_fields["my_number"].setAccessibleName(
            text if revealed else QCoreApplication.translate("CardScreen", "マイナンバー（隠しています）"))
        self.reveal_button.setText(QCoreApplication.translate("CardScreen", "隠す") if revealed else QCoreApplication.translate("CardScreen", "表示"))

    def _on_reveal_button_toggled(self, _checked: bool) -> None:
        self._show_my_number()

    def _clear_text_data(self) -> None:
        self._my_number = ""
        for label in self.text_fields.values():
            label.setText("—")
        self.reveal_button.setChecked(False)
        self.reveal_button.setEnabled(False)
        self._show_my_number()

    # -- diagnostics -------------------------------------------------------------------------
    async def build_diagnostics(self) -> str:
        """Service, readers with ATRs, backend reachability and versions. No personal data: no
        names, numbers, certificates or PINs, only what a support desk needs."""
        lines = [QCoreApplication.translate("CardScreen", "マイナデスク 診断レポート")]
        import PySide6

        from app.version import __version__ as app_version

        try:
            import smartcard

            pyscard = getattr(smartcard, "__version__", "installed")
        except ImportError:
            pyscard = "not installed"
        lines += [
            f"app: {app_version}", f"python: {sys.version.split()[0]}", f"pyside6: {PySide6.__version__}",
            f"pyscard: {pyscard}", f"os: {platform.platform()}",
            f"mode: {'demo' if self.ctx.demo else 'backend'}{' kiosk' if self.ctx.kiosk else ''}",
        ]
        service = self.hub.service_available
        lines.append("smartcard service: " + ("running" if service else "not running" if service is False
                                               else "not monitored"))
        if not self.hub.monitoring:
            try:
                from app.card.transport import list_readers

                infos = await self._on_card(list_readers)
                lines.append("smartcard service: running (list_readers)")
                for info in infos:
                    lines.append(f"pcsc reader: {info.name} card={'yes' if info.card_present else 'no'} atr={info.atr.hex(' ')}")
            except CardError as exc:
                lines.append(f"pcsc: {exc.code}")
            except Exception as exc:  # pyscard missing
                lines.append(f"pcsc: {type(exc).__name__}")
        for reader in self.hub.readers():
            lines.append(f"reader: {reader.name}{' (virtual)' if reader.virtual else ''} card={reader.card.value}"
                         f" atr={reader.atr.hex(' ') or '-'}"
                         + (f" auth_tries={reader.auth_tries}" if reader.auth_tries is not None else ""))
        url = self.ctx.backend_url
        lines.append(f"backend: {url or '-'} state={self.ctx.backend_state.value}")
        if url:
            try:
                client = self.ctl.portal_client()
                health = await client.run(client.health)
                lines.append(f"backend health: ok version={getattr(health, 'version', '?')}")
            except PortalError as exc:
                lines.append(f"backend health: {exc.code}")
        text = "\n".join(lines)
        self.diag_text.setPlainText(text)
        return text

    def _on_diag_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.diag_text.toPlainText())
        self._say(QCoreApplication.translate("CardScreen", "診断レポートをコピーしました。"))

    async def save_diagnostics(self) -> Path | None:
        if not self.diag_text.toPlainText():
            await self.build_diagnostics()
        path = await self._save(QCoreApplication.translate("CardScreen", "診断レポートを保存"), "mynadesk-diagnostics.txt",
                                (self.diag_text.toPlainText() + "\n").encode("utf-8"))
        if path is None:
            return None
        self._say(QCoreApplication.translate("CardScreen", "診断レポートを保存しました: {path}").format(path=path))
        return path

    # -- text --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("CardScreen", "カードと証明書"))
        self.cert_box.setTitle(QCoreApplication.translate("CardScreen", "電子証明書"))
        self.cert_label.setText(QCoreApplication.translate("CardScreen", "証明書(&E):"))
        self.cert_combo.setAccessibleName(QCoreApplication.translate("CardScreen", "表示する証明書"))
        for i, which in enumerate(CERTS):
            self.cert_combo.setItemText(i, cert_title(which))
        self.cert_read.setText(QCoreApplication.translate("CardScreen", "カードから読む"))
        self.cert_read.setAccessibleName(QCoreApplication.translate("CardScreen", "選んだ証明書をカードから読む"))
        for key, text in {"subject": QCoreApplication.translate("CardScreen", "発行先"), "issuer": QCoreApplication.translate("CardScreen", "発行者"), "serial": QCoreApplication.translate("CardScreen", "シリアル番号"),
                          "not_before": QCoreApplication.translate("CardScreen", "有効期間の開始"), "not_after": QCoreApplication.translate("CardScreen", "有効期限"), "key": QCoreApplication.translate("CardScreen", "鍵")}.items():
            self._cert_field_labels[key].setText(text)
            self._cert_field_labels[key].setBuddy(self.cert_fields[key])
            self.cert_fields[key].setAccessibleName(text)
        self.check_button.setText(QCoreApplication.translate("CardScreen", "有効性を確認"))
        self.check_button.setAccessibleName(QCoreApplication.translate("CardScreen", "証明書が失効していないかサーバーで確認"))
        self.pem_button.setText(QCoreApplication.translate("CardScreen", "PEMで保存"))
        self.pem_button.setAccessibleName(QCoreApplication.translate("CardScreen", "証明書をPEM形式で保存"))
        self.der_button.setText(QCoreApplication.translate("CardScreen", "DERで保存"))
        self.der_button.setAccessibleName(QCoreApplication.translate("CardScreen", "証明書をDER形式で保存"))
        self.pin_box.setTitle(QCoreApplication.translate("CardScreen", "暗証番号の残り回数"))
        for kind in PinKind:
            self._pin_names[kind].setText(pin_name(kind))
            self.pin_change_buttons[kind].setText(QCoreApplication.translate("CardScreen", "変更…"))
            self.pin_change_buttons[kind].setAccessibleName(QCoreApplication.translate("CardScreen", "{name}を変更").format(name=pin_name(kind)))
        self.pin_refresh.setText(QCoreApplication.translate("CardScreen", "残り回数を読み直す"))
        self.pin_refresh.setAccessibleName(QCoreApplication.translate("CardScreen", "暗証番号の残り回数をカードから読み直す"))
        self.text_box.setTitle(QCoreApplication.translate("CardScreen", "券面事項（券面事項入力補助）"))
        self.text_read.setText(QCoreApplication.translate("CardScreen", "券面事項を読む（暗証番号が必要）"))
        self.text_read.setAccessibleName(QCoreApplication.translate("CardScreen", "券面事項をカードから読む"))
        for key, text in {"my_number": QCoreApplication.translate("CardScreen", "マイナンバー"), "name": QCoreApplication.translate("CardScreen", "氏名"), "address": QCoreApplication.translate("CardScreen", "住所"),
                          "birth_date": QCoreApplication.translate("CardScreen", "生年月日"), "sex": QCoreApplication.translate("CardScreen", "性別")}.items():
            self._text_field_labels[key].setText(text)
            self.text_fields[key].setAccessibleName(text)
            self._text_field_labels[key].setBuddy(self.reveal_button if key == "my_number" else self.text_fields[key])
        self.reveal_button.setAccessibleName(QCoreApplication.translate("CardScreen", "マイナンバーを表示または隠す"))
        self.diag_box.setTitle(QCoreApplication.translate("CardScreen", "診断（サポート用）"))
        self.diag_button.setText(QCoreApplication.translate("CardScreen", "診断レポートを作成"))
        self.diag_button.setAccessibleName(QCoreApplication.translate("CardScreen", "診断レポートを作成"))
        self.diag_copy.setText(QCoreApplication.translate("CardScreen", "コピー"))
        self.diag_copy.setAccessibleName(QCoreApplication.translate("CardScreen", "診断レポートをコピー"))
        self.diag_save.setText(QCoreApplication.translate("CardScreen", "保存…"))
        self.diag_save.setAccessibleName(QCoreApplication.translate("CardScreen", "診断レポートをファイルに保存"))
        self.diag_text.setAccessibleName(QCoreApplication.translate("CardScreen", "診断レポート（個人情報は含みません）"))
        self._show_my_number()
        self._show_pins()
        self._show_cert(self._which())
        self._update_card_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def create_screen(context: CardContext) -> QWidget:
    return CardScreen(context)
