"""公金決済 (service F): pay a charge from a notice.

Shows the amount, the status as the backend reports it, the Pay-easy numbers, and a card form.
Card number (Luhn), expiry (MM/YY, not past) and security code are checked before anything is
sent. The card fields are cleared as soon as the request leaves, whatever the answer; they
never reach a log, a setting or an exception message. The dialog shows 「支払い済み」 only when
the backend says ``paid``: a declined, failed, lost or abandoned payment is re-read from the
backend and shown as it is there.
"""

from __future__ import annotations

import datetime
import logging

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.jst import jst_text, today_jst
from app.portal.errors import BackendTimeout, BackendUnreachable, PortalError
from app.portal.models import Payment, PaymentStatus
from ui.error_words import code_text, error_text
from ui.portal.access import PortalAccess
from ui.portal.tasks import spawn
from ui.widgets.input_hints import InputKind, hint_field

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _ascii_digits(text: str) -> bool:
    # str.isdigit also takes full-width digits and ones such as "²", which int() then refuses;
    # the gateway takes ASCII digits only.
    return text.isascii() and text.isdigit()


def check_card(number: str, expiry: str, cvc: str, today: datetime.date) -> dict[str, str]:
    """Field → problem (translated, in the words of the server's code for it); empty when the card
    may be sent. Never echoes the input."""
    problems: dict[str, str] = {}
    digits = number.replace(" ", "").replace("-", "")
    if not _ascii_digits(digits) or not 12 <= len(digits) <= 19 or not luhn_ok(digits):
        problems["number"] = code_text("invalid_card")
    month, sep, year = expiry.strip().partition("/")
    if not (sep and _ascii_digits(month) and _ascii_digits(year) and len(year) == 2 and 1 <= int(month) <= 12):
        problems["expiry"] = code_text("invalid_expiry")
    elif (2000 + int(year), int(month)) < (today.year, today.month):
        problems["expiry"] = code_text("card_expired")
    if not _ascii_digits(cvc) or len(cvc) not in (3, 4):
        problems["cvc"] = code_text("invalid_cvc")
    return problems


def status_text(status: PaymentStatus) -> str:
    return {
        PaymentStatus.UNPAID: translate("PaymentDialog", "未払い"),
        PaymentStatus.PENDING: translate("PaymentDialog", "処理中"),
        PaymentStatus.PAID: translate("PaymentDialog", "支払い済み"),
        PaymentStatus.FAILED: translate("PaymentDialog", "支払いできませんでした（未払い）"),
    }[status]


def yen(amount: int) -> str:
    return translate("PaymentDialog", "{amount} 円").format(amount=f"{amount:,}")


class PaymentDialog(QDialog):
    payment_changed = Signal(object)  # Payment, as the backend reports it

    def __init__(self, access: PortalAccess, payment_id: str, parent: QWidget | None = None,
                 *, today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 30)
        self._access = access
        self._payment_id = payment_id
        self._today = today
        self.payment: Payment | None = None
        self._busy = False

        self.amount = QLabel(self)
        self.amount.setObjectName("paymentAmount")
        self.status = QLabel(self)
        self.status.setObjectName("paymentStatus")
        self.message = QLabel(self)
        self.message.setObjectName("paymentMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.payeasy_box = QGroupBox(self)
        self.payeasy_box.setObjectName("paymentPayeasy")
        self.payeasy = QLabel(self.payeasy_box)
        self.payeasy.setObjectName("paymentPayeasyNumbers")
        self.payeasy.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.payeasy.setWordWrap(True)
        QVBoxLayout(self.payeasy_box).addWidget(self.payeasy)

        self.card_box = QGroupBox(self)
        self.card_box.setObjectName("paymentCard")
        self.number = QLineEdit(self.card_box)
        self.number.setObjectName("cardNumber")
        self.number.setMaxLength(23)
        self.number.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
                                        | Qt.InputMethodHint.ImhNoPredictiveText)
        self.expiry = QLineEdit(self.card_box)
        self.expiry.setObjectName("cardExpiry")
        self.expiry.setMaxLength(5)
        self.expiry.setInputMask("")
        hint_field(self.expiry, InputKind.DATE)  # MM/YY: digits and /
        self.cvc = QLineEdit(self.card_box)
        self.cvc.setObjectName("cardCvc")
        self.cvc.setMaxLength(4)
        self.cvc.setEchoMode(QLineEdit.EchoMode.Password)
        self.cvc.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.number_label = QLabel(self.card_box)
        self.number_label.setBuddy(self.number)
        self.expiry_label = QLabel(self.card_box)
        self.expiry_label.setBuddy(self.expiry)
        self.cvc_label = QLabel(self.card_box)
        self.cvc_label.setBuddy(self.cvc)
        self.card_problem = QLabel(self.card_box)
        self.card_problem.setObjectName("cardProblem")
        self.card_problem.setWordWrap(True)
        self.card_problem.setProperty("alert", "true")  # the theme's warning colour (ui.a11y.themes)
        self.pay_button = QPushButton(self.card_box)
        self.pay_button.setObjectName("payByCard")
        form = QFormLayout(self.card_box)
        form.addRow(self.number_label, self.number)
        form.addRow(self.expiry_label, self.expiry)
        form.addRow(self.cvc_label, self.cvc)
        form.addRow(self.card_problem)
        form.addRow(self.pay_button)

        # One click never charges: the checked card is summed up with the amount and its last
        # digits, and only 「支払いを確定する」 sends it. 「戻る」 returns to the filled form.
        self.confirm_box = QGroupBox(self)
        self.confirm_box.setObjectName("paymentConfirm")
        self.confirm_text = QLabel(self.confirm_box)
        self.confirm_text.setObjectName("paymentConfirmText")
        self.confirm_text.setWordWrap(True)
        self.confirm_button = QPushButton(self.confirm_box)
        self.confirm_button.setObjectName("paymentConfirmButton")
        self.back_button = QPushButton(self.confirm_box)
        self.back_button.setObjectName("paymentBackButton")
        confirm_row = QHBoxLayout()
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.back_button)
        confirm_row.addWidget(self.confirm_button)
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addLayout(confirm_row)
        self.confirm_box.setVisible(False)
        self._pending: tuple[str, str, str] | None = None

        self.receipt = QLabel(self)
        self.receipt.setObjectName("paymentReceipt")
        self.receipt.setWordWrap(True)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.amount)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.payeasy_box)
        layout.addWidget(self.card_box)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.receipt)
        layout.addWidget(self.buttons)

        self.setTabOrder(self.number, self.expiry)
        self.setTabOrder(self.expiry, self.cvc)
        self.setTabOrder(self.cvc, self.pay_button)
        self.setTabOrder(self.pay_button, self.back_button)
        self.setTabOrder(self.back_button, self.confirm_button)
        self.setTabOrder(self.confirm_button, self.buttons)
        self.pay_button.clicked.connect(self._on_pay_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.number.returnPressed.connect(self._on_pay_button_clicked)
        self.cvc.returnPressed.connect(self._on_pay_button_clicked)
        self.retranslate()
        self._render()
        from ui.widgets.dialog_fit import fit_to_text

        fit_to_text(self, min_em=32)
        spawn(self.reload())

    # -- data ----------------------------------------------------------------------------------
    async def reload(self) -> Payment | None:
        client = self._access.client
        if client is None:
            return None
        try:
            payment = await self._access.call(client.payment, self._payment_id)
        except PortalError as exc:
            self.message.setText(error_text(exc))
            return None
        self._set_payment(payment)
        return payment

    def _set_payment(self, payment: Payment) -> None:
        self.payment = payment
        self._render()
        self.payment_changed.emit(payment)

    def _render(self) -> None:
        p = self.payment
        if p is None:
            self.amount.setText(translate("PaymentDialog", "読み込み中…"))
            self.status.clear()
            self.payeasy_box.setVisible(False)
            self.card_box.setEnabled(False)
            return
        self.amount.setText(translate("PaymentDialog", "金額: {amount}").format(amount=yen(p.amount)))
        self.status.setText(translate("PaymentDialog", "状態: {status}").format(status=status_text(p.status)))
        self.status.setAccessibleName(self.status.text())
        self.status.setProperty("paymentStatus", p.status.value)
        done = p.status in (PaymentStatus.PAID, PaymentStatus.PENDING)
        self.payeasy_box.setVisible(p.payeasy is not None and not done)
        if p.payeasy is not None:
            self.payeasy.setText(
                translate("PaymentDialog", "収納機関番号: {a}\nお客様番号: {b}\n確認番号: {c}\n銀行の ATM やインターネットバンキングの「ペイジー」でお支払いください。").format(
                    a=p.payeasy.collecting_agency_no, b=p.payeasy.customer_no, c=p.payeasy.confirmation_no))
        self.card_box.setVisible(not done)
        self.card_box.setEnabled(not done and not self._busy and self._pending is None)
        if done:
            self._pending = None
        self.confirm_box.setVisible(self._pending is not None)
        if self._pending is not None:
            self.confirm_text.setText(translate("PaymentDialog", "{amount} を、カード（下4桁 {last4}）で支払います。よろしいですか。").format(
                amount=yen(p.amount), last4=self._pending[0][-4:]))
            self.confirm_text.setAccessibleName(self.confirm_text.text())
        if p.status == PaymentStatus.PAID and p.receipt is not None:
            r = p.receipt
            lines = [translate("PaymentDialog", "お支払いが完了しました。")]
            if r.receipt_no:
                lines.append(translate("PaymentDialog", "領収番号: {no}").format(no=r.receipt_no))
            if r.paid_at:
                lines.append(translate("PaymentDialog", "支払日時: {at}").format(at=jst_text(r.paid_at)))
            if r.card_last4:
                lines.append(translate("PaymentDialog", "カード: 下4桁 {last4}").format(last4=r.card_last4))
            self.receipt.setText("\n".join(lines))
        elif p.status == PaymentStatus.PENDING:
            self.receipt.setText(translate("PaymentDialog", "決済を確認しています。完了すると、ここに領収番号が表示されます。"))
        else:
            self.receipt.clear()

    # -- card ----------------------------------------------------------------------------------
    def _clear_card(self) -> None:
        self._pending = None
        for field in (self.number, self.expiry, self.cvc):
            field.clear()

    def _on_pay_button_clicked(self) -> None:
        if self._busy or self.payment is None:
            return
        number, expiry, cvc = self.number.text(), self.expiry.text(), self.cvc.text()
        problems = check_card(number, expiry, cvc, self._today or today_jst())
        if problems:
            self.card_problem.setText("\n".join(problems.values()))
            self.card_problem.setAccessibleName(self.card_problem.text())
            {"number": self.number, "expiry": self.expiry, "cvc": self.cvc}[next(iter(problems))].setFocus()
            return
        self.card_problem.clear()
        self._pending = (number.replace(" ", "").replace("-", ""), expiry.strip(), cvc)
        self._render()
        self.confirm_button.setFocus()

    def _on_back_button_clicked(self) -> None:
        self._pending = None
        self._render()
        self.number.setFocus()

    def _on_confirm_button_clicked(self) -> None:
        pending = self._pending
        if self._busy or pending is None:
            return
        self._clear_card()  # the card leaves the form as it leaves for the gateway
        self._render()
        spawn(self._pay(*pending))

    async def _pay(self, number: str, expiry: str, cvc: str) -> None:
        client = self._access.client
        if client is None:
            return
        self._busy = True
        self.card_box.setEnabled(False)
        self.message.setText(translate("PaymentDialog", "決済しています…"))
        try:
            payment = await self._access.call(client.pay_by_card, self._payment_id, number=number, expiry=expiry, cvc=cvc)
        except PortalError as exc:
            del number, cvc
            log.info("card payment failed: %s", exc.code)
            if isinstance(exc, (BackendUnreachable, BackendTimeout)):
                self.message.setText(translate("PaymentDialog", "決済の結果を確認できませんでした。支払い状況を確認しています…"))
            else:
                self.message.setText(error_text(exc))
            self._busy = False
            # Whatever happened, show what the backend holds (never assume paid).
            await self.reload()
            if isinstance(exc, (BackendUnreachable, BackendTimeout)) and self.payment is not None:
                self.message.setText(translate("PaymentDialog", "決済の結果を確認できませんでした。現在の状態: {status}").format(
                    status=status_text(self.payment.status)))
            return
        finally:
            self._busy = False
        del number, cvc
        self.message.setText("" if payment.status == PaymentStatus.PAID else status_text(payment.status))
        self._set_payment(payment)

    # -- dialog --------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._clear_card()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clear_card()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("PaymentDialog", "公金の支払い"))
        self.payeasy_box.setTitle(translate("PaymentDialog", "ペイジーで支払う"))
        self.card_box.setTitle(translate("PaymentDialog", "クレジットカードで支払う"))
        self.number_label.setText(translate("PaymentDialog", "カード番号(&N)"))
        self.number.setAccessibleName(translate("PaymentDialog", "カード番号"))
        self.expiry_label.setText(translate("PaymentDialog", "有効期限 MM/YY(&E)"))
        self.expiry.setAccessibleName(translate("PaymentDialog", "有効期限（月/年）"))
        self.expiry.setPlaceholderText("MM/YY")
        self.cvc_label.setText(translate("PaymentDialog", "セキュリティコード(&C)"))
        self.cvc.setAccessibleName(translate("PaymentDialog", "セキュリティコード"))
        self.pay_button.setText(translate("PaymentDialog", "カードで支払う"))
        self.pay_button.setAccessibleName(translate("PaymentDialog", "入力したカードで支払う"))
        self.card_problem.setAccessibleName(translate("PaymentDialog", "カード入力の問題"))
        self.confirm_box.setTitle(translate("PaymentDialog", "支払い内容の確認"))
        self.confirm_button.setText(translate("PaymentDialog", "支払いを確定する"))
        self.confirm_button.setAccessibleName(translate("PaymentDialog", "表示した金額をこのカードで支払う"))
        self.back_button.setText(translate("PaymentDialog", "戻る"))
        self.back_button.setAccessibleName(translate("PaymentDialog", "支払わずにカードの入力に戻る"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
