"""The card over its life (issue 16, §2): expiry announced ahead on ホーム and カードと証明書 (moved
there with the stub's testing clock), a 署名用 certificate lapsed by a move, the locked-PIN
router, and the PIN pre-check at the start of a procedure.

One app of this module's own, whose embedded stub runs with ``--testing-clock``. The clock only
moves forward, so the expiry journey comes last."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget

from tests.journeys.conftest import _journey
from tests.journeys.harness import AppRun, Journey, launch

JST = dt.timezone(dt.timedelta(hours=9))
FORM = "jidou-teate-nintei"


@pytest.fixture(scope="module")
def clocked_run(_module_guard: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppRun]:
    import ui.app_context as composition

    plain = composition.stub_command

    def with_testing_clock(data_dir: Any) -> tuple[str, list[str]]:
        exe, args = plain(data_dir)
        return exe, [*args, "--testing-clock"]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(composition, "stub_command", with_testing_clock)
        run = launch(tmp_path_factory.mktemp("card-life"))
    try:
        yield run
    finally:
        run.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def life(qtbot: Any, clocked_run: AppRun) -> Iterator[Journey]:
    yield from _journey(qtbot, clocked_run)


def _server_today(j: Journey) -> dt.date:
    return dt.datetime.fromtimestamp(j.session.portal_client().server_now(), JST).date()


def _advance_to(j: Journey, day: dt.date) -> None:
    """Moves the stub's clock forward to noon (JST) of ``day``."""
    import ssl

    trust = ssl.create_default_context(cafile=str(j.ctx.ca_file))
    with httpx.Client(base_url=j.ctx.backend_url + "/api/v1", verify=trust) as http:
        now = http.get("/health").headers["date"]
        import email.utils

        current = email.utils.parsedate_to_datetime(now)
        target = dt.datetime.combine(day, dt.time(12, 0), JST)
        seconds = (target - current).total_seconds()
        assert seconds >= 0, "the testing clock only moves forward"
        assert http.post("/testing/clock", json={"advance_seconds": seconds}).status_code == 200


def _shown(j: Journey, root: QWidget, name: str, ready: Any = bool) -> str:
    """The text of ``root``'s label ``name`` once it is visible and ``ready(text)``."""

    def label() -> QLabel | None:
        found = root.findChild(QLabel, name)
        return found if found is not None and found.isVisible() and ready(found.text()) else None

    j.wait_until(label)
    found = label()
    assert found is not None
    return found.text()


def _home_card_text(j: Journey) -> str:
    home = j.open_screen("home")
    j.wait_until(lambda: home.me is not None)
    return _shown(j, home, "homeCardLifeText")


def _card_screen_text(j: Journey) -> str:
    return _shown(j, j.open_screen("card"), "cardLifeText", lambda t: "有効期限" in t or "失効" in t)


def test_after_a_move_the_resident_learns_the_signing_certificate_lapsed_and_login_still_works(life):
    from backend_stub.jlis import JLIS

    moved_on = dt.datetime.now(JST).date()  # the 転入届 today: after his card was issued
    JLIS(life.ctx.data_dir / "demo-backend").lapse_signing("r06", moved_on)
    life.login_as("r06")  # 利用者証明用 still logs in
    text = _home_card_text(life)
    assert "署名用電子証明書" in text
    assert "失効" in text
    assert moved_on.isoformat() in text
    assert "署名" in text
    assert "ログイン" in text  # what stops, what still works
    assert "窓口" in text
    assert "失効" in _card_screen_text(life)


def test_the_seeded_mover_is_told_on_home_and_the_card_screen_that_his_signing_certificate_lapsed(life):
    from backend_stub.network.profiles import demo_move

    moved_on = demo_move("r12")  # 中村 直樹's 転入; his card was issued before it
    assert moved_on is not None
    life.login_as("r12")  # 利用者証明用 still logs in
    for text in (_home_card_text(life), _card_screen_text(life)):
        assert "署名用電子証明書" in text
        assert "住所の変更" in text
        assert f"{moved_on.isoformat()}に失効" in text
        assert "申請書への電子署名" in text  # what stops
        assert "マイナポータルへのログイン" in text  # what still works
        assert "市区町村の窓口" in text  # where to have a new one issued
        assert "マイナンバーカード" in text  # what to bring


def test_a_procedure_stops_before_the_form_when_the_signing_certificate_lapsed(life):
    from tests.journeys.test_birth_journey import open_form

    _screen, wizard = open_form(life, "r12")
    text = _shown(life, wizard, "wizardPrecheck", lambda t: "失効" in t)
    assert "署名用電子証明書は、住所の変更により" in text
    assert "市区町村の窓口" in text  # where to renew
    assert "マイナポータルへのログイン" in text  # what still works
    assert "入力を始める前に止めています" in text
    assert not wizard.page_area.isEnabled()  # nothing to type before a new certificate
    assert not wizard.next_button.isEnabled()


def test_a_locked_signing_pin_routes_the_resident_and_login_still_works(life):
    card = life.cards.card_for("r03")
    card.block_pin("sign")
    try:
        life.login_as("r03")  # the 利用者証明用 PIN still logs in
        screen = life.open_screen("card")
        life.click(screen.pin_refresh)
        text = _shown(life, screen, "pinRouterText")
        assert "署名用電子証明書の暗証番号がロック" in text
        assert "コンビニ" in text
        assert "窓口" in text  # where to go
        assert "マイナンバーカード" in text  # what to bring
        assert "ログイン" in text  # what works meanwhile
    finally:
        card._set_tries("sign", 5)


def test_a_procedure_stops_before_the_form_when_its_signing_pin_is_locked(life):
    from tests.journeys.test_birth_journey import open_form

    card = life.cards.card_for("r01")
    card.block_pin("sign")
    try:
        _screen, wizard = open_form(life, "r01")
        text = _shown(life, wizard, "wizardPrecheck", lambda t: "ロック" in t)
        assert "署名用電子証明書の暗証番号" in text
        assert "窓口" in text
        assert not wizard.page_area.isEnabled()  # nothing to type before it is reset
        assert not wizard.next_button.isEnabled()
    finally:
        card._set_tries("sign", 5)


def test_a_locked_signing_pin_on_a_lapsed_certificate_is_reset_at_the_window_only(life):
    # The kiosk reset needs a valid 署名用 certificate (src:jpki-reset-faq): r12's lapsed with
    # his move, so the card screen's router names the window alone.
    card = life.cards.card_for("r12")
    card.block_pin("sign")
    try:
        life.login_as("r12")
        assert "失効" in _card_screen_text(life)  # the card screen has what /me says of the card
        screen = life.open_screen("card")
        life.click(screen.pin_refresh)
        text = _shown(life, screen, "pinRouterText", lambda t: "ロック" in t)
        assert "署名用電子証明書の暗証番号がロック" in text
        assert "窓口" in text
        assert "コンビニ" not in text
        assert "JPKI暗証番号リセット" not in text
    finally:
        card._set_tries("sign", 5)


def test_a_procedure_names_each_pin_and_warns_on_a_last_try(life):
    from tests.journeys.test_birth_journey import open_form

    card = life.cards.card_for("r01")
    card._set_tries("kenhojo", 1)
    try:
        _screen, wizard = open_form(life, "r01")
        text = _shown(life, wizard, "wizardPrecheck", lambda t: "残り1回" in t)
        assert "券面事項入力補助用" in text
        assert "署名用" in text  # which step uses which PIN
        assert wizard.page_area.isEnabled()  # a warning: the resident may go on
    finally:
        card._set_tries("kenhojo", 3)


def test_expiry_is_announced_three_months_one_month_and_one_week_ahead(life):
    life.login_as("r07")  # 渡辺 和子: her card's certificates end on her next birthday
    home = life.open_screen("home")
    life.wait_until(lambda: home.me is not None)
    ends = home.me.card.auth_not_after.astimezone(JST).date()
    for days_before, heading in ((80, "3か月"), (25, "1か月"), (5, "1週間")):
        life.logout()
        _advance_to(life, ends - dt.timedelta(days=days_before))
        life.login_as("r07")
        assert _server_today(life) == ends - dt.timedelta(days=days_before)
        text = _home_card_text(life)
        assert f"有効期限まで{heading}を切りました" in text
        assert ends.isoformat() in text
        assert f"あと{days_before}日" in text
        assert "窓口" in text
        assert "マイナンバーカード" in text  # where to go, what to bring
        # the card screen counts from the backend's date too (once it has asked the backend)
        card_text = _shown(life, life.open_screen("card"), "cardLifeText", lambda t, h=heading: h in t)
        assert f"あと{days_before}日" in card_text
