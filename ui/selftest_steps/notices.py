"""Self-test steps for お知らせ's services D and F, through the real dialogs as a resident uses
them: link a private delivery service (and unlink it again, leaving things as they were), and
pay a charge by card with the confirmation of amount and card, then 支払い状況を見る. Paying runs
on the embedded stub only (against ``--backend`` it would pay for real; the output says so);
the first demo resident with a charge pays it (the demo's only charge is r02's 保育料)."""

from __future__ import annotations

from typing import Any

from ui.selftest import SelfTest, register_step, until

DEMO_ACCOUNT = "selftest@example.jp"  # example.jp is reserved for examples (RFC 2606 style, JPRS)
TEST_CARD = ("4242424242424242", "12/35", "123")  # the stub gateway's accepted test card



def _notices_screen(t: SelfTest) -> Any:
    from ui.screens.notices import NoticesScreen

    screen = t.window.show_screen("notices")
    if not isinstance(screen, NoticesScreen):
        raise RuntimeError("the お知らせ screen did not open")
    return screen


async def _step_delivery(t: SelfTest) -> str | None:

    if not t.root.access.is_logged_in:
        if not t.ctx.demo:
            return "skipped: not logged in"
        raise RuntimeError("not logged in (the login step must run first)")
    screen = _notices_screen(t)
    dialog = screen.open_delivery()
    try:
        await until(lambda: dialog.state is not None, "the delivery service's state")
        was_linked = dialog.state.linked
        if was_linked:
            return f"already linked to {dialog.state.service}: left as it is"
        dialog.account.setText(DEMO_ACCOUNT)
        first = next(iter(dialog.category_checks.values()), None)
        if first is not None:
            first.setChecked(True)
        dialog.consent.setChecked(True)
        dialog.link_button.click()
        await until(lambda: (dialog.state is not None and dialog.state.linked) or (bool(dialog.message.text())
                     and "連携しています" not in dialog.message.text()), "the link")
        if not dialog.state.linked:
            raise RuntimeError(f"not linked: {dialog.message.text()}")
        service = dialog.state.service
        dialog.unlink_button.click()  # asks once more
        dialog.unlink_button.click()
        await until(lambda: dialog.state is not None and not dialog.state.linked, "the unlink")
    finally:
        dialog.close()
    return f"linked to {service}, then unlinked"


async def _has_charge(t: SelfTest) -> bool:

    access = t.root.access
    client = access.client
    assert client is not None
    page = await access.call(client.notices, limit=200)
    return any(n.payment is not None and n.payment.status.value == "unpaid" for n in page.items)


async def _step_payment(t: SelfTest) -> str | None:
    from ui.portal.payment import PaymentDialog
    from ui.selftest_steps.login import _login_with_demo_card

    if not t.ctx.demo:
        return "skipped: pays for real; runs on the embedded stub only"
    access = t.root.access
    if not access.is_logged_in:
        raise RuntimeError("not logged in (the login step must run first)")
    residents = t.demo_cards().residents()
    index = 0
    while not await _has_charge(t):
        index += 1
        if index >= len(residents):
            raise RuntimeError("no demo resident has a charge to pay")
        t.window.header_logout.click()
        await until(lambda: not access.is_logged_in, "logout")
        await _login_with_demo_card(t, index)
    screen = _notices_screen(t)
    await until(lambda: not screen.model.loading and screen.model.rowCount() > 0, "the notice list")
    row = next(r for r in range(screen.model.rowCount())
               if (n := screen.model.notice(r)) is not None and n.payment is not None and n.payment.status.value == "unpaid")
    screen.list.setCurrentIndex(screen.model.index(row, 0))
    await until(lambda: screen.pay_button.isVisible(), "the pay button")
    screen.pay_button.click()
    dialog = screen.payment_dialog
    if not isinstance(dialog, PaymentDialog):
        raise RuntimeError("the payment dialog did not open")
    await until(lambda: dialog.payment is not None, "the charge")
    assert dialog.payment is not None
    amount = dialog.payment.amount
    number, expiry, cvc = TEST_CARD
    dialog.number.setText(number)
    dialog.expiry.setText(expiry)
    dialog.cvc.setText(cvc)
    dialog.pay_button.click()
    await until(lambda: dialog.confirm_box.isVisible(), "the confirmation of amount and card")
    if number[-4:] not in dialog.confirm_text.text():
        raise RuntimeError("the confirmation does not name the card's last digits")
    dialog.confirm_button.click()
    await until(lambda: (dialog.payment is not None and dialog.payment.status.value == "paid")
                 or (bool(dialog.message.text()) and not dialog._busy), "the payment")
    if dialog.payment is None or dialog.payment.status.value != "paid":
        raise RuntimeError(f"not paid: {dialog.message.text()}")
    dialog.close()
    await until(lambda: screen.payment_dialog is None or not screen.payment_dialog.isVisible(), "the dialog closed")
    screen.pay_button.click()  # 支払い状況を見る
    again = screen.payment_dialog
    if not isinstance(again, PaymentDialog):
        raise RuntimeError("支払い状況を見る opened nothing")
    await until(lambda: again.payment is not None, "the payment's status")
    assert again.payment is not None
    status = again.payment.status.value
    again.close()
    return f"{residents[index].resident_id}: {amount:,} yen paid by card, status {status}"


register_step("delivery: link a private delivery service (then unlink)", _step_delivery, order=440)
register_step("payment: pay a charge by card, then its status", _step_payment, order=450, timeout=120.0)
