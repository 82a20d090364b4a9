"""ホーム: the resident's summary (unread, deadlines, charges, history count) and a pushed
notice updating it without any action."""

from __future__ import annotations

import datetime

import pytest

from app.jst import today_jst
from tests.ui import test_history_support as support
from ui.portal.push import NoticePushService
from ui.screens.home import HomeScreen

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
RESIDENT = "r02"  # nursery: a fee to pay with a deadline in 14 days


@pytest.fixture
def home(qtbot, make_access):
    access = make_access(RESIDENT)
    push = NoticePushService(access, interval=0.2)
    widget = HomeScreen(access, push=push)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.summary_loaded, timeout=10000):
        widget.screen_shown()
    yield widget
    push.stop()


def test_summary_shows_what_needs_attention(home):
    assert "さん、こんにちは" in home.greeting.text()
    assert f"未読のお知らせ: {home.unread} 件" == home.unread_label.text()
    assert "保育料" in home.deadlines.text()
    assert "支払いが必要なお知らせ" in home.payments.text()
    assert "円" in home.payments.text()
    assert f"{home.history_total:,} 件" in home.history_label.text()


def test_pushed_reminder_updates_home(qtbot, home, portal_stub):
    qtbot.waitUntil(lambda: home.push.state == "running", timeout=10000)
    unread = home.unread
    support.add_notice(portal_stub, RESIDENT, title="現況届の提出期限が近づいています",
                       deadline=today_jst() + datetime.timedelta(days=2))
    qtbot.waitUntil(lambda: home.unread == unread + 1, timeout=10000)
    assert "現況届の提出期限が近づいています" in home.deadlines.text()


def test_no_applications_is_said_and_the_services_screen_is_one_click_away(home):
    assert home.apps_box.title() == "申請"
    assert home.apps_summary.text() == "申請した手続はありません。"
    assert home.app_buttons == []
    assert home.services_button.text() == "サービス検索・申請を開く"
    assert home.findChild(type(home.services_button), "homeApplication0") is None


def test_nothing_is_stated_about_notices_before_they_are_loaded(qtbot, make_access):
    """Logged in, the summary not loaded yet: no 「0 件」, no 「ありません」, only that it is loading."""
    access = make_access(RESIDENT)
    widget = HomeScreen(access, push=NoticePushService(access, interval=0.2))
    qtbot.addWidget(widget)
    widget.show()
    shown = [w.text() for w in (widget.unread_label, widget.deadlines, widget.payments) if w.isVisible()]
    assert "読み込んでいます" in " ".join(shown), shown
    assert not any("0 件" in t or "ありません" in t for t in shown), shown
    widget.push.stop()
