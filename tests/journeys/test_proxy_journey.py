"""A parent acts for their under-15 child (issue 16 §1): 佐藤 健一 (r02) logs in with his own card,
registers as 法定代理人 of 佐藤 美羽 (r08, 12) with her card and her 利用者証明用 PIN, switches to her,
sees her わたしの情報 and notices, files her こども医療費 registration (signed with his own 署名用
certificate: hers does not exist), and when her side ends the grant his window drops back to
himself at once. Her 代理人の操作記録 lists every step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.login import CardAuthSigner, LoginFlow
from app.portal.client import PortalClient

FORM = "kodomo-iryouhi"
PARENT, CHILD = "r02", "r08"
FILL = (("child.name", "佐藤 美羽"), ("child.name_kana", "サトウ ミウ"), ("child.birth_date", "2014-09-18"),
        ("applicant.name", "佐藤 健一"), ("applicant.birth_date", "1982-11-03"),
        ("applicant.address", "埼玉県新座市野火止一丁目1番1号"), ("applicant.phone", "048-000-0000"),
        ("applicant.relation", "father"), ("insurance.kind", "employee"),
        ("insurance.insured_name", "佐藤 健一"), ("declaration.truthful", True))


def _child_client(j: Any) -> PortalClient:
    """The child's own session (her card, her PIN), as the child's side of the family would log in."""
    from backend_stub.card import VirtualCard
    from backend_stub.jlis import JLIS

    vc = VirtualCard(JLIS(j.cards.data_dir).card_image(CHILD))
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    ctx = j.run.ctx
    client = PortalClient(ctx.backend_url, str(ctx.ca_file), retries=0)
    LoginFlow(client).run(CardAuthSigner(card, j.resident(CHILD).auth_pin))
    return client


def _register(j: Any) -> None:
    screen = j.open_screen("proxies")
    j.wait_until(lambda: screen.grants is not None)
    j.click(screen.register_button)
    panel = screen.registration
    j.wait_until(lambda: panel is not None and panel.isVisible())
    assert j.sees("本人のマイナンバーカード", panel)
    panel.choose_demo_card(CHILD)
    j.click(panel.place_button)
    j.wait_until(lambda: panel.card_ready)
    assert j.sees("佐藤 美羽", panel)
    j.click(panel.register_button)
    pin_dialog = j.type_pin(j.resident(CHILD).auth_pin)
    assert pin_dialog is not None
    j.wait_until(lambda: panel.outcome == "registered", 20_000)
    assert j.sees("佐藤 美羽 さんの代理人になりました", panel)
    j.click(panel.done_button)
    j.wait_until(lambda: not panel.isVisible())
    j.wait_until(lambda: screen.theirs.rowCount() == 1)


def _act_for_child(j: Any) -> None:
    switcher = j.window.acting_switcher
    j.wait_until(lambda: switcher.combo.count() == 2)
    switcher.combo.setCurrentIndex(1)
    switcher.combo.activated.emit(1)
    j.wait_until(lambda: j.session.client.acting_for == CHILD)
    assert "佐藤 美羽 さんの代理" in j.window.resident_label.text()


def _file_for_child(j: Any) -> str:
    screen = j.open_screen("services")
    search = screen.search
    j.wait_until(lambda: search.model.rowCount() > 0)
    assert search.select_service(FORM)
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    for path, value in FILL:
        wizard.set_value(path, value)
    while wizard.step < wizard.review_step:
        step = wizard.step
        j.click(wizard.next_button)
        assert wizard.step == step + 1, f"page {step + 1} did not pass: {wizard.issue_texts()}"
    j.click(wizard.submit_button)
    j.type_pin(j.resident(PARENT).sign_pin)  # the parent signs: the child has no 署名用 certificate
    j.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible(), 20_000)
    receipt = screen.status_view.receipt_number
    assert receipt
    return str(receipt)


def test_a_parent_registers_acts_and_files_for_a_child_until_the_grant_is_cut(home: Any) -> None:
    home.login_as(PARENT)
    _register(home)
    _act_for_child(home)

    info = home.open_screen("self_info")  # the child's わたしの情報: her 予防接種 record
    home.wait_until(lambda: info.categories.rowCount() > 0)
    rows = [info.categories.category(r) for r in range(info.categories.rowCount())]
    info.open_category(next(c for c in rows if c is not None and c.id == "vaccination"))
    home.wait_until(lambda: info.info is not None)
    assert home.sees("予防接種", info)
    notices = home.open_screen("notices")  # hers: the registration was announced to her
    model = notices.model
    home.wait_until(lambda: model.rowCount() > 0)
    home.wait_until(lambda: any("代理人" in str(model.index(r, 0).data()) for r in range(model.rowCount())))

    receipt = _file_for_child(home)

    child = _child_client(home)
    try:
        grants = child.proxies()
        (grant,) = [g for g in grants.representatives if g.proxy.id == PARENT]
        child.revoke_proxy(grant.id)
        # At once: no move to another screen is needed to drop back to the parent.
        home.wait_until(lambda: home.session.client.acting_for is None, 10_000)
        home.wait_until(lambda: home.window.acting_switcher.combo.count() == 1, 10_000)
        assert home.window.resident_label.text() == "佐藤 健一 さん"
        assert home.sees("佐藤 美羽 さんの代理人の登録が解除されました", home.window)
        assert not home.sees(receipt, home.window.stack.currentWidget())
        actions = {a.action for a in child.proxy_actions()}
    finally:
        child.close()
    assert {"GET /self-info", "GET /notices", "POST /applications"} <= actions
    home.logout()


def test_a_resident_who_is_not_the_childs_parent_is_told_why_nothing_was_registered(home: Any) -> None:
    home.login_as("r03")  # 鈴木 美咲 of 五霞町: not 佐藤 美羽's household
    screen = home.open_screen("proxies")
    home.wait_until(lambda: screen.grants is not None)
    home.click(screen.register_button)
    panel = screen.registration
    home.wait_until(lambda: panel is not None and panel.isVisible())
    assert not panel.register_button.isEnabled()  # no card of the child yet
    panel.choose_demo_card(CHILD)
    home.click(panel.place_button)
    home.wait_until(lambda: panel.card_ready)
    home.click(panel.register_button)
    home.type_pin(home.resident(CHILD).auth_pin)
    home.wait_until(lambda: panel.outcome == "refused", 20_000)
    assert home.sees("同じ世帯にいることを確認できませんでした", panel)
    home.click(panel.done_button)
    home.wait_until(lambda: not panel.isVisible())
    assert screen.theirs.rowCount() == 0
    assert home.window.acting_switcher.combo.count() == 1
    home.logout()


def test_a_municipal_dv_block_cuts_the_acting_parent_at_once(home: Any) -> None:
    from tests.fixtures.stub import run_stub_cli

    home.login_as("r06")  # 伊藤 大輔, father of 伊藤 結衣 (r11, 5)
    screen = home.open_screen("proxies")
    home.wait_until(lambda: screen.grants is not None)
    home.click(screen.register_button)
    panel = screen.registration
    home.wait_until(lambda: panel is not None and panel.isVisible())
    panel.choose_demo_card("r11")
    home.click(panel.place_button)
    home.wait_until(lambda: panel.card_ready)
    home.click(panel.register_button)
    home.type_pin(home.resident("r11").auth_pin)
    home.wait_until(lambda: panel.outcome == "registered", 20_000)
    home.click(panel.done_button)
    home.wait_until(lambda: home.window.acting_switcher is not None)  # made when the grants are read again
    switcher = home.window.acting_switcher
    home.wait_until(lambda: switcher.combo.count() == 2)
    switcher.combo.setCurrentIndex(1)
    switcher.combo.activated.emit(1)
    home.wait_until(lambda: home.session.client.acting_for == "r11")
    home.wait_until(lambda: home.run.window.root.notice_push().acting_feed is not None
                    and home.run.window.root.notice_push().acting_feed.state == "streaming")
    blocked = run_stub_cli("proxy-block", "--resident", "r11", "--data-dir", str(home.cards.data_dir))
    try:
        assert blocked.returncode == 0, blocked.stderr
        home.wait_until(lambda: home.session.client.acting_for is None, 10_000)
        assert home.window.resident_label.text() == "伊藤 大輔 さん"
        # Said once, whether the stream or a read of the grants heard it first.
        home.wait_until(lambda: home.sees("伊藤 結衣 さんの代理人の登録が解除されました", home.window))
        home.qtbot.wait(500)  # the stream and a read of the grants may both hear it: one message
        said = [w for w in home.window.findChildren(QWidget, "actingEnded") if w.isVisible()]
        assert len(said) == 1
    finally:
        run_stub_cli("proxy-block", "--resident", "r11", "--lift", "--data-dir", str(home.cards.data_dir))
    home.logout()


def test_a_childs_locked_pin_is_said_with_where_to_reset_it(home: Any) -> None:
    # Her card (issued under 15) has no 署名用 certificate, so the kiosk reset, which needs it
    # (src:jpki-reset-faq, src:fujimino-jpki-sign-under15), is not hers: the window is, where her
    # 法定代理人 applies (src:kasai-jpki-reset-under15).
    card = home.cards.card_for(CHILD)
    card.block_pin("auth")
    try:
        home.login_as(PARENT)
        screen = home.open_screen("proxies")
        home.wait_until(lambda: screen.grants is not None)
        home.click(screen.register_button)
        panel = screen.registration
        home.wait_until(lambda: panel is not None and panel.isVisible())
        panel.choose_demo_card(CHILD)
        home.click(panel.place_button)
        home.wait_until(lambda: home.sees("ロックされています", panel))
        assert home.sees("15歳未満で交付されたカードには署名用電子証明書がないため", panel)
        assert home.sees("市区町村の窓口で、法定代理人（親権者など）が再設定の手続きをします", panel)
        assert home.sees("お子さんのマイナンバーカードと、法定代理人の本人確認書類", panel)
        assert not home.sees("JPKI暗証番号リセット", panel)  # no kiosk sentence after 「できません」
        assert not panel.register_button.isEnabled()
        home.click(panel.done_button) if panel.done_button.isVisible() else panel.close()
    finally:
        card._set_tries("auth", 3)
    home.logout()
