"""わたしの代理人: the child's side sees its 法定代理人 and what they did, and ends the grant from the
screen; the parent's next call for the child is refused at once. Without the readers (no card
context), the registration button stays off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.login import CardAuthSigner
from app.portal import models as m
from app.portal.errors import RequestRejected
from app.representation import Registered, RegisterProxy
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from tests.ui import test_history_support as support
from ui.screens.proxies import ProxiesScreen

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
PARENT, CHILD, CHILD_PIN = "r06", "r11", "1145"  # backend_stub/data/residents.json


@pytest.fixture
def registered(portal_stub, make_access):
    parent = make_access(PARENT)
    assert parent.client is not None
    vc = VirtualCard(JLIS(portal_stub.data_dir).card_image(CHILD))
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    outcome = RegisterProxy(parent.client).run(CardAuthSigner(card, CHILD_PIN), m.GrantKind.LEGAL)
    assert isinstance(outcome, Registered)
    parent.client.set_acting_for(CHILD)
    parent.client.self_info("vaccination")  # one action for the child's 操作記録
    yield parent
    # The stub is shared by the module: a grant left active would refuse the next registration.
    for grant in parent.client.proxies().represented:
        if grant.status is m.GrantStatus.ACTIVE:
            parent.client.revoke_proxy(grant.id)


def _screen(qtbot, access) -> ProxiesScreen:
    widget = ProxiesScreen(access)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.screen_shown()
    return widget


def test_the_child_side_sees_its_proxy_and_ends_the_grant(qtbot, qtmodeltester, registered, make_access) -> None:
    screen = _screen(qtbot, make_access(CHILD))
    qtmodeltester.check(screen.mine)
    qtmodeltester.check(screen.action_log)
    assert screen.mine.rowCount() == 1
    assert screen.mine.index(0, 0).data() == "伊藤 大輔"
    assert screen.mine.index(0, 1).data() == "法定代理人（親権者）"
    assert screen.mine.index(0, 4).data() == "有効"
    assert "わたしの情報の閲覧" in {screen.action_log.index(r, 2).data() for r in range(screen.action_log.rowCount())}
    assert screen.register_note.isVisible()
    assert "2枚" in screen.register_note.text()
    assert not screen.register_button.isEnabled()
    assert not screen.revoke_button.isEnabled()  # nothing chosen yet
    screen.mine_table.selectRow(0)
    assert screen.revoke_button.isEnabled()
    screen.revoke_button.click()
    box = screen.findChild(QMessageBox, "proxiesRevokeQuestion")
    assert box is not None
    assert "伊藤 大輔" in box.text()
    with qtbot.waitSignal(screen.revoked, timeout=10000), qtbot.waitSignal(screen.loaded, timeout=10000):
        next(b for b in box.buttons() if b.objectName() == "proxiesRevokeConfirm").click()
    assert screen.mine.index(0, 4).data() == "解除済み"
    screen.mine_table.selectRow(0)
    assert not screen.revoke_button.isEnabled()
    with pytest.raises(RequestRejected) as cut:
        registered.client.self_info("vaccination")
    assert cut.value.code == "not_represented"
    QApplication.processEvents()


def test_the_parent_sees_whom_they_act_for(qtbot, registered) -> None:
    screen = _screen(qtbot, registered)
    names = {screen.theirs.index(r, 0).data() for r in range(screen.theirs.rowCount())}
    assert "伊藤 結衣" in names


def test_registering_is_offered_above_the_lists(qtbot, make_access) -> None:
    """A parent who comes to register finds the button first, not under three empty tables."""
    screen = _screen(qtbot, make_access(PARENT))
    button_y = screen.register_button.mapTo(screen, screen.register_button.rect().topLeft()).y()
    assert button_y < screen.mine_table.mapTo(screen, screen.mine_table.rect().topLeft()).y()
    assert screen.register_button.isVisible()
