"""The login flow, state by state, with in-process virtual cards and the real stub server."""

from __future__ import annotations

from typing import Any

import pytest

from app.card.monitor import ReaderAdded, ReaderRemoved, ServiceAvailable, ServiceUnavailable
from app.portal.errors import AuthError, AuthErrorCode
from tests.ui import test_login_support as support
from tests.ui.test_login_support import TEST_READER, LoginEnv, enter_pin, pin_dialog
from ui import error_words
from ui.screens.login import LoginScreen

aloop = support.aloop
make_env = support.make_env


@pytest.fixture
def env(make_env: Any, stub_server: Any) -> LoginEnv:
    return make_env(stub_server)


def screen_for(qtbot: Any, env: LoginEnv) -> LoginScreen:
    screen = LoginScreen(env.login_context())
    qtbot.addWidget(screen)
    screen.show()
    return screen


def ready_screen(qtbot: Any, env: LoginEnv, card: Any) -> LoginScreen:
    screen = screen_for(qtbot, env)
    env.reader().insert(card)
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10000)
    return screen


class _NotMyNumber:
    """A card that refuses the JPKI AID, like a bank card."""

    atr = bytes.fromhex("3b8f8001804f0ca000000306030001000000006a")

    def transmit(self, apdu: bytes) -> bytes:
        return bytes.fromhex("6a82")


def test_no_reader_then_hot_plugged_readers_and_choice(qtbot: Any, env: LoginEnv) -> None:
    screen = screen_for(qtbot, env)
    assert screen.state == "no_reader"
    assert "カードリーダーが見つかりません" in screen.status_label.text()
    env.hub.feed(ReaderAdded("ACS ACR39U 00 00"))
    qtbot.waitUntil(lambda: screen.state == "no_card")
    assert "ACS ACR39U 00 00" in screen.status_label.text()
    assert not screen.reader_combo.isVisible()
    env.hub.feed(ReaderAdded("SONY FeliCa Port/PaSoRi 4.0 00 00"))
    qtbot.waitUntil(lambda: screen.state == "choose_reader")
    assert screen.reader_combo.isVisible()
    assert screen.reader_combo.count() == 2
    screen.reader_combo.setCurrentIndex(1)
    screen.reader_combo.activated.emit(1)
    qtbot.waitUntil(lambda: screen.state == "no_card")
    assert "PaSoRi" in screen.status_label.text()
    env.hub.feed(ReaderRemoved("SONY FeliCa Port/PaSoRi 4.0 00 00"))
    env.hub.feed(ReaderRemoved("ACS ACR39U 00 00"))
    qtbot.waitUntil(lambda: screen.state == "no_reader")
    assert not screen.login_button.isEnabled()


def test_service_down_says_how_to_start_it(qtbot: Any, env: LoginEnv) -> None:
    screen = screen_for(qtbot, env)
    env.hub.feed(ServiceUnavailable())
    qtbot.waitUntil(lambda: screen.state == "service_down")
    assert "sudo systemctl start pcscd" in screen.status_label.text()
    assert "Smart Card" in error_words.service_help("win32")
    assert "Mac" in error_words.service_help("darwin")
    env.hub.feed(ServiceAvailable())
    qtbot.waitUntil(lambda: screen.state == "no_reader")


def test_no_card_then_wrong_card(qtbot: Any, env: LoginEnv) -> None:
    screen = screen_for(qtbot, env)
    slot = env.reader()
    qtbot.waitUntil(lambda: screen.state == "no_card")
    assert "マイナンバーカードを置いてください" in screen.status_label.text()
    slot.insert(_NotMyNumber())
    qtbot.waitUntil(lambda: screen.state == "not_mynumber", timeout=5000)
    assert "マイナンバーカードではありません" in screen.status_label.text()
    assert not screen.login_button.isEnabled()
    slot.remove()
    qtbot.waitUntil(lambda: screen.state == "no_card")


def test_success_shows_tries_first_and_goes_home(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    assert "残り3回" in screen.tries_label.text()
    assert screen.login_button.isEnabled()
    screen.login_button.click()
    dialog = pin_dialog(qtbot, screen)
    assert "残り3回" in dialog.tries_label.text()
    assert not dialog.last_try.isVisible()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000) as blocker:
        dialog.edit.setText(card.pin("auth"))
        dialog.ok_button.click()
        assert dialog.edit.text() == ""  # the field is cleared at once
    assert blocker.args[0].display_name == "山田 花子"
    qtbot.waitUntil(lambda: screen.state == "logged_in")
    assert env.shown == ["home"]
    assert "山田 花子" in screen.logged_in_label.text()
    assert env.ctl.client is not None
    assert env.ctl.is_logged_in
    assert card.tries["auth"] == 3


def test_malformed_pin_sends_nothing(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    before = card.apdu_count
    screen.login_button.click()
    dialog = enter_pin(qtbot, screen, "12a4")
    assert dialog.isVisible()
    assert "数字だけ" in dialog.error_label.text()
    assert "減っていません" in dialog.error_label.text()
    dialog.edit.setText("123")
    dialog.ok_button.click()
    assert "4桁" in dialog.error_label.text()
    assert card.apdu_count == before
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: screen.state == "ready")
    assert card.apdu_count == before
    assert card.tries["auth"] == 3


def test_wrong_pin_shows_count_and_never_retries(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    screen.login_button.click()
    with qtbot.waitSignal(screen.login_finished, timeout=15000) as blocker:
        enter_pin(qtbot, screen, "9999")
    assert blocker.args == [False]
    assert "暗証番号が違います。残り2回です。" in screen.message_label.text()
    assert "残り2回" in screen.tries_label.text()
    assert card.tries["auth"] == 2
    assert not [d for d in screen.findChildren(type(pin_dialog)) if getattr(d, "isVisible", lambda: False)()]
    assert screen.state == "ready"
    assert not env.ctl.is_logged_in


def test_last_try_needs_explicit_confirmation(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", tries={"auth": 1})
    screen = ready_screen(qtbot, env, card)
    assert "残り1回" in screen.tries_label.text()
    screen.login_button.click()
    dialog = pin_dialog(qtbot, screen)
    assert dialog.last_try.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.edit.setText("9999")
    dialog.ok_button.click()  # disabled: nothing happens
    assert dialog.isVisible()
    assert card.tries["auth"] == 1
    dialog.last_try.setChecked(True)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(screen.login_finished, timeout=15000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: screen.state == "blocked")
    assert card.tries["auth"] == 0


def test_blocked_pin_points_to_the_municipal_counter(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", tries={"auth": 0})
    screen = screen_for(qtbot, env)
    env.reader().insert(card)
    qtbot.waitUntil(lambda: screen.state == "blocked", timeout=10000)
    # The router: the 署名用 PIN still works, so the convenience-store reset is offered too.
    qtbot.waitUntil(lambda: "コンビニ" in screen.status_label.text(), timeout=10000)
    text = screen.status_label.text()
    assert "ロックされています" in text
    assert "市区町村の窓口" in text
    assert "マイナンバーカード" in text
    assert "署名用電子証明書の暗証番号（英数字6〜16文字）が分かる場合" in text
    assert "両方の電子証明書が有効" in text  # the kiosk reset's condition (src:jpki-reset-faq)
    assert not screen.login_button.isEnabled()
    assert (card.tries["auth"], card.tries["sign"]) == (0, 5)  # reading the tries sent no PIN


def test_both_certificate_pins_blocked_leaves_only_the_counter(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", tries={"auth": 0, "sign": 0})
    screen = screen_for(qtbot, env)
    env.reader().insert(card)
    qtbot.waitUntil(lambda: screen.state == "blocked", timeout=10000)
    qtbot.wait(300)  # the 署名用 tries are read in the background
    text = screen.status_label.text()
    assert "市区町村の窓口" in text
    assert "コンビニ" not in text
    assert card.tries["sign"] == 0


class _PulledDuringSignature:
    """Forwards to a virtual card and pulls it out when the signature command arrives."""

    def __init__(self, card: Any) -> None:
        self.card = card
        self.atr = card.atr

    def transmit(self, apdu: bytes) -> bytes:
        if len(apdu) > 1 and apdu[1] == 0x2A:
            self.card.remove()
        return bytes(self.card.transmit(apdu))


def test_card_removed_mid_signature(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = ready_screen(qtbot, env, _PulledDuringSignature(card))
    screen.login_button.click()
    with qtbot.waitSignal(screen.login_finished, timeout=15000) as blocker:
        enter_pin(qtbot, screen, card.pin("auth"))
    assert blocker.args == [False]
    assert "カードが読み取り機から外れました" in screen.message_label.text()
    assert not env.ctl.is_logged_in


def test_progress_while_signing_and_contactless_hint(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", sign_latency=0.3)
    screen = screen_for(qtbot, env)
    env.reader("Contactless Reader 01", contactless=True).insert(card)
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10000)
    screen.login_button.click()
    enter_pin(qtbot, screen, card.pin("auth"))
    qtbot.waitUntil(lambda: screen.state == "signing")
    assert screen.progress.isVisible()
    assert "カードを読み取り機から離さないでください" in screen.progress_label.text()
    qtbot.waitUntil(lambda: screen.state == "logged_in", timeout=15000)


def test_backend_down(qtbot: Any, make_env: Any) -> None:
    env = make_env(None, url="https://127.0.0.1:9")
    from backend_stub.jlis import JLIS
    from tests.fixtures.card import DEMO_PINS, holder, make_card

    profile = JLIS(env.ctx.data_dir / "jlis").issue_card(holder("r-down"), **DEMO_PINS)
    screen = screen_for(qtbot, env)
    env.reader().insert(make_card(profile))
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10000)
    screen.login_button.click()
    with qtbot.waitSignal(screen.login_finished, timeout=20000):
        enter_pin(qtbot, screen, "1234")
    assert "サーバーに接続できません" in screen.message_label.text()


@pytest.mark.parametrize("code", list(AuthErrorCode))
def test_each_server_error_has_its_own_message(qtbot: Any, env: LoginEnv, code: AuthErrorCode,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from app.portal.client import PortalClient

    def refuse(self: PortalClient, **_body: Any) -> Any:
        raise AuthError(code)

    monkeypatch.setattr(PortalClient, "login", refuse)
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    screen.login_button.click()
    with qtbot.waitSignal(screen.login_finished, timeout=15000):
        enter_pin(qtbot, screen, card.pin("auth"))
    expected = error_words.error_text(AuthError(code))
    assert screen.message_label.text() == expected
    assert not env.ctl.is_logged_in


def test_auth_messages_are_all_different() -> None:
    texts = {error_words.error_text(AuthError(code)) for code in AuthErrorCode}
    assert len(texts) == len(AuthErrorCode)


@pytest.mark.parametrize(("days", "words"), [(-400, "有効期限が切れています"), (None, "失効しています")])
def test_expired_and_revoked_cards_from_the_real_server(qtbot: Any, env: LoginEnv, days: int | None, words: str) -> None:
    import datetime

    from tests.fixtures.card import make_card
    from tests.ui.test_login_support import issue_on_stub

    now = datetime.datetime.now(datetime.UTC)
    if days is not None:
        profile = issue_on_stub(env.stub, "r-ui-expired", not_before=now - datetime.timedelta(days=2000),  # type: ignore[arg-type]
                                not_after=now + datetime.timedelta(days=days))
    else:
        from backend_stub.jlis import JLIS

        profile = issue_on_stub(env.stub, "r-ui-revoked")  # type: ignore[arg-type]
        JLIS(env.stub.data_dir).revoke("r-ui-revoked")  # type: ignore[union-attr]
    screen = ready_screen(qtbot, env, make_card(profile))
    screen.login_button.click()
    with qtbot.waitSignal(screen.login_finished, timeout=15000):
        enter_pin(qtbot, screen, "1234")
    assert words in screen.message_label.text()


def test_idle_warning_countdown_continue_then_logout_and_resume(qtbot: Any, env: LoginEnv) -> None:
    now = [1000.0]
    env.ctl._clock = lambda: now[0]
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000):
        enter_pin(qtbot, screen, card.pin("auth"))
    env.ctl.remember_location("services", {"query": "児童手当"})
    timeout_s = env.ctx.settings.idle_timeout_minutes * 60
    now[0] += timeout_s - 30
    env.ctl.tick()
    qtbot.waitUntil(lambda: screen.warning.isVisible())
    assert "30秒" in screen.warning.countdown.text()
    screen.warning.continue_button.click()
    qtbot.waitUntil(lambda: not screen.warning.isVisible())
    assert env.ctl.is_logged_in
    now[0] += timeout_s + 1
    with qtbot.waitSignal(env.ctl.logged_out) as blocker:
        env.ctl.tick()
    assert blocker.args == ["idle"]
    assert env.shown[-1] == "login"
    assert "一定時間操作がなかった" in screen.message_label.text()
    assert env.ctl.client is None
    # The same card again: back where the resident was.
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10000)
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000):
        enter_pin(qtbot, screen, card.pin("auth"))
    assert env.ctl.restore_location() == ("services", {"query": "児童手当"})
    qtbot.waitUntil(lambda: env.shown[-1] == "services")


def test_card_removal_logs_out_and_another_card_does_not_resume(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000):
        enter_pin(qtbot, screen, card.pin("auth"))
    env.ctl.remember_location("history", {"page": 3})
    slot = env.hub.slot(TEST_READER)
    assert slot is not None
    with qtbot.waitSignal(env.ctl.logged_out) as blocker:
        slot.remove()
    assert blocker.args == ["card_removed"]
    assert "カードが取り外されたため" in screen.message_label.text()
    other = env.card("r02")
    slot.insert(other)
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10000)
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000):
        enter_pin(qtbot, screen, other.pin("auth"))
    assert env.ctl.restore_location() is None
    assert env.shown[-1] == "home"


def test_card_removal_keeps_session_when_setting_is_off(qtbot: Any, make_env: Any, stub_server: Any) -> None:
    from app.settings import Settings

    env = make_env(stub_server, settings=Settings(logout_on_card_removal=False))
    card = env.card("r01")
    screen = ready_screen(qtbot, env, card)
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15000):
        enter_pin(qtbot, screen, card.pin("auth"))
    env.hub.slot(TEST_READER).remove()
    qtbot.waitUntil(lambda: env.hub.reader(TEST_READER).card.value == "none")
    assert env.ctl.is_logged_in
