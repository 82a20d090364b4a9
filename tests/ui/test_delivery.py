"""民間送達サービス: linking needs explicit consent, chosen categories are forwarded, the
forwarded list shows them, and unlinking asks twice."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui import test_history_support as support
from ui.portal.delivery import DeliveryDialog

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
RESIDENT = "r05"


def test_link_choose_categories_see_forwarded_and_unlink(qtbot, qtmodeltester, make_access, portal_stub):
    access = make_access(RESIDENT)
    dialog = DeliveryDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10000)
    assert not dialog.state.linked
    assert "連携していません" in dialog.status.text()

    dialog.account.setText("hanako@example.jp")
    assert not any(c.isChecked() for c in dialog.category_checks.values())  # nothing forwarded unasked
    dialog.category_checks["child"].setChecked(True)
    assert not dialog.link_button.isEnabled()  # no consent yet
    qtbot.mouseClick(dialog.consent, Qt.MouseButton.LeftButton, pos=dialog.consent.rect().center())
    assert dialog.consent.isChecked()
    assert dialog.link_button.isEnabled()
    with qtbot.waitSignal(dialog.state_changed, timeout=10000, check_params_cb=lambda s: s.linked):
        qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert "連携しています" in dialog.status.text()
    assert "payment" not in dialog.state.categories
    assert not dialog.consent.isChecked()  # consent is given per link, not remembered

    child = support.add_notice(portal_stub, RESIDENT, title="転送される子育てのお知らせ", category="child")
    support.add_notice(portal_stub, RESIDENT, title="転送されない納付のお知らせ", category="payment", payment_amount=100)
    with qtbot.waitSignal(dialog.state_changed, timeout=10000):
        from ui.portal.tasks import spawn

        spawn(dialog.reload())
    titles = [dialog.forwarded_model.index(r, 1).data() for r in range(dialog.forwarded_model.rowCount())]
    assert "転送される子育てのお知らせ" in titles
    assert "転送されない納付のお知らせ" not in titles
    assert any(f.notice_id == child for f in dialog.state.forwarded)
    qtmodeltester.check(dialog.forwarded_model)

    qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert "もう一度" in dialog.unlink_button.text()
    assert dialog.state.linked
    with qtbot.waitSignal(dialog.state_changed, timeout=10000, check_params_cb=lambda s: not s.linked):
        qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert "連携を解除しました" in dialog.message.text()
    dialog.close()


def test_link_without_consent_sends_nothing(qtbot, make_access):
    access = make_access(RESIDENT)
    dialog = DeliveryDialog(access)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10000)
    calls = access.calls
    dialog.account.setText("someone@example.jp")
    dialog._on_link_button_clicked()  # even if the button were pressed somehow
    assert access.calls == calls
    assert not dialog.state.linked
