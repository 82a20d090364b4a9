"""お知らせ: list with unread counts, mark read, deadlines, attachments, actions, and push:
a new notice reaches the open screen within 10 s with a desktop notification, and a dead
backend gets polled with backoff, not in a storm."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.jst import today_jst
from app.portal.client import PortalClient
from tests.ui import test_history_support as support
from ui.portal.access import DirectAccess
from ui.portal.notice_model import DEADLINE_ROLE, UNREAD_ROLE, NoticeModel
from ui.portal.payment import PaymentDialog
from ui.portal.push import NoticePushService
from ui.screens.notices import NoticesScreen

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
RESIDENT = "r03"  # single parent: 現況届 notice with an attachment


@pytest.fixture
def screen(qtbot, make_access):
    access = make_access(RESIDENT)
    push = NoticePushService(access, interval=0.2)
    widget = NoticesScreen(access, push=push)
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.screen_shown()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and not widget.model.loading, timeout=10000)
    yield widget
    push.stop()


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, make_access):
    model = NoticeModel(make_access(RESIDENT), page_size=2)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading, timeout=10000)
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() > 2 and not model.loading, timeout=10000)
    qtmodeltester.check(model)


def test_opening_an_unread_notice_marks_it_read(qtbot, screen, portal_stub):
    nid = support.add_notice(portal_stub, RESIDENT, title="未読テスト")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.row_of(nid) >= 0, timeout=10000)
    before = screen.model.unread
    assert f"未読 {before} 件" == screen.unread.text()
    row = screen.model.row_of(nid)
    assert screen.model.index(row, 0).data(UNREAD_ROLE) is True
    assert screen.model.index(row, 0).data(Qt.ItemDataRole.FontRole).bold()
    screen.select_notice(nid)
    assert screen.notice_title.text() == "未読テスト"
    qtbot.waitUntil(lambda: screen.model.unread == before - 1, timeout=10000)
    assert screen.model.index(row, 0).data(UNREAD_ROLE) is False
    # the backend agrees
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.row_of(nid) >= 0, timeout=10000)
    assert screen.model.notice(screen.model.row_of(nid)).read


def test_deadline_near_is_highlighted(qtbot, screen, portal_stub):
    today = today_jst()
    nid = support.add_notice(portal_stub, RESIDENT, title="期限の近いお知らせ", deadline=today + datetime.timedelta(days=3))
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.row_of(nid) >= 0, timeout=10000)
    index = screen.model.index(screen.model.row_of(nid), 0)
    assert index.data(DEADLINE_ROLE) == "soon"
    assert "あと 3 日" in index.data()
    screen.select_notice(nid)
    assert screen.deadline.isVisible()
    assert "あと 3 日" in screen.deadline.text()
    assert screen.deadline.property("deadline") == "soon"  # the theme's badge (tests/journeys/test_contrast.py)


def test_attachment_open_and_save(qtbot, screen, tmp_path: Path):
    row = next(i for i, n in enumerate(screen.model.notices) if n.attachments)
    notice = screen.model.notice(row)
    screen.list.setCurrentIndex(screen.model.index(row, 0))
    assert screen.open_button.isEnabled()
    with qtbot.waitSignal(screen.attachment_opened, timeout=10000) as opened:
        qtbot.mouseClick(screen.open_button, Qt.MouseButton.LeftButton)
    data = Path(opened.args[0]).read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) == notice.attachments[0].size
    from ui.portal.tasks import spawn

    target = tmp_path / "saved.pdf"
    with qtbot.waitSignal(screen.attachment_saved, timeout=10000):
        spawn(screen.save_attachment(notice.id, notice.attachments[0], target))
    assert target.read_bytes() == data


def test_pushed_notice_arrives_without_action_and_notifies_the_desktop(qtbot, screen, portal_stub, monkeypatch):
    # once the stream is open (or the first poll done), what exists already is not "new"
    qtbot.waitUntil(lambda: screen.push.state == "running", timeout=10000)
    notified = []
    # the resident is in another application: no window of ours is in front
    monkeypatch.setattr(screen.push, "app_in_front", lambda: False)
    screen.push.desktop_notified.connect(lambda title, msg: notified.append((title, msg)))
    unread = screen.model.unread
    nid = support.add_notice(
        portal_stub, RESIDENT, title="児童扶養手当 現況届の提出期限が近づいています",
        deadline=today_jst() + datetime.timedelta(days=5), category="child",
    )
    with qtbot.waitSignal(screen.push.notices_arrived, timeout=10000):
        pass
    qtbot.waitUntil(lambda: screen.model.row_of(nid) == 0, timeout=10000)
    assert screen.model.unread == unread + 1
    assert "新しいお知らせが 1 件届きました" in screen.status.text()
    assert len(notified) == 1
    assert "現況届" in notified[0][1]
    # with the window in front the list is enough: no desktop notification
    monkeypatch.setattr(screen.push, "app_in_front", lambda: True)
    second = support.add_notice(portal_stub, RESIDENT, title="二通目")
    qtbot.waitUntil(lambda: screen.model.row_of(second) == 0, timeout=10000)
    assert len(notified) == 1


def test_dead_backend_is_polled_with_backoff_not_in_a_storm(qtbot, aloop):
    client = PortalClient("https://127.0.0.1:9", None, session_token="x", retries=0)
    access = DirectAccess(client)
    push = NoticePushService(access, interval=0.05, max_interval=10)
    states = []
    push.state_changed.connect(states.append)
    try:
        started = time.monotonic()
        push.start()
        qtbot.waitUntil(lambda: push.polls >= 5, timeout=10000)
        # at a steady 0.05 s, 5 polls take 0.2 s; backing off (0.1, 0.2, 0.4, 0.8 s ±10 %) ≥ 1.3 s
        assert time.monotonic() - started >= 1.3
        assert "backing_off" in states
    finally:
        push.stop()
        executor = client._executor
        client.close()
        if executor is not None:
            executor.shutdown(wait=True)


def test_pay_action_opens_the_payment_dialog(qtbot, screen, portal_stub):
    nid = support.add_notice(portal_stub, RESIDENT, title="保育料の納付", category="payment", payment_amount=1200)
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.row_of(nid) >= 0, timeout=10000)
    screen.select_notice(nid)
    assert screen.pay_button.isVisible()
    assert screen.pay_button.text() == "支払う"
    assert "1,200 円" in screen.payment_info.text()
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.payment_dialog
    assert isinstance(dialog, PaymentDialog)
    qtbot.waitUntil(lambda: dialog.payment is not None, timeout=10000)
    assert "未払い" in dialog.status.text()
    dialog.close()
