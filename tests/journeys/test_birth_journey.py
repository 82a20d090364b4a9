"""The birth journey: 児童手当 認定請求 for 山田 花子 (r01), whose child is newborn, as she
fills it in (issue 13, point 14)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

FORM = "jidou-teate-nintei"
KENHOJO_PIN = "券面事項入力補助用暗証番号（数字4桁）"
# What a resident fills by hand after the card's prefill (the child's 個人番号 aside).
FILL = (("eligibility.public_servant", "no"), ("claimant.postal_code", "352-0011"), ("claimant.phone", "048-000-0000"),
        ("claimant.occupation", "会社員"), ("claimant.pension", "kosei"),
        ("claimant.marital_status", "single"), ("jan1.same_as_now", "yes"),
        ("older_children.has_older", "no"), ("declaration.truthful", True),
        ("payment.account", {"use_public_account": True}))


def open_form(j, resident: str):
    """Logs in as ``resident`` and opens a new 認定請求 from サービス検索・申請."""
    j.login_as(resident)
    screen = j.open_screen("services")
    for draft in screen.store.list():  # each journey starts a new claim (apply resumes a draft)
        if draft.form_id == FORM:
            screen.store.delete(draft.draft_id)
    search = screen.search
    j.wait_until(lambda: search.model.rowCount() > 0)
    assert search.select_service(FORM)
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    return screen, screen.wizard


def prefill(j, wizard, resident: str = "r01") -> None:
    j.click(wizard.prefill_button)
    j.type_pin(j.resident(resident).kenhojo_pin)
    j.wait_until(lambda: not wizard.busy and bool(wizard.prefilled))


def page_of(wizard, section: str) -> int:
    return [s.id for s in wizard.state.visible_sections()].index(section)


def visible_texts(j, wizard) -> str:
    return "\n".join(w.text() for w in wizard.findChildren(QLabel) if w.isVisible() and w.text()) + "\n" + \
        wizard.prefill_button.text() + "\n" + wizard.prefill_button.toolTip()


def test_a_newborn_without_a_my_number_yet_can_be_claimed_for(home):
    screen, wizard = open_form(home, "r01")
    prefill(home, wizard)
    for path, value in FILL:
        wizard.set_value(path, value)
    wizard.go(page_of(wizard, "children"))
    pending = home.find("field_children.children[0].my_number_pending")
    assert "未通知・申請中" in pending.text()
    home.click(pending)
    home.wait_until(lambda: not home.find("field_children.children[0].my_number_pending").isHidden())
    assert not any(w.isVisible() for w in wizard.findChildren(QLineEdit, "field_children.children[0].my_number"))
    while wizard.step < wizard.review_step:
        step = wizard.step
        home.click(wizard.next_button)
        assert wizard.step == step + 1, f"page {step + 1} did not pass: {wizard.issue_texts()}"
    assert "未通知・申請中" in visible_texts(home, wizard)
    home.click(wizard.submit_button)
    home.type_pin(home.resident("r01").sign_pin)
    home.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible(), 20_000)


def test_a_resident_who_already_receives_jidou_teate_is_pointed_to_gakukaitei(home):
    _screen, wizard = open_form(home, "r02")  # 佐藤 健一 already receives 児童手当 (わたしの情報)
    home.wait_until(lambda: "額改定" in wizard.notice.text() and wizard.notice.isVisible())
    assert "すでに児童手当を受けて" in wizard.notice.text()
    assert wizard.next_button.isEnabled()  # a warning: the resident may still continue


def test_the_prefill_names_its_pin(home):
    _screen, wizard = open_form(home, "r01")
    assert KENHOJO_PIN in visible_texts(home, wizard)


def test_the_public_account_is_explained(home):
    _screen, wizard = open_form(home, "r01")
    wizard.go(page_of(wizard, "payment"))
    seen = visible_texts(home, wizard)
    assert "公金受取口座とは" in seen, seen
    assert "登録済みの口座" in seen, seen
    assert "このアプリでは表示できません" in seen, seen


def test_the_error_count_follows_the_fixes(home):
    _screen, wizard = open_form(home, "r01")
    prefill(home, wizard)
    wizard.go(page_of(wizard, "claimant"))
    home.click(wizard.next_button)
    home.wait_until(lambda: "件あります" in wizard.notice.text())
    first = wizard.notice.text()
    assert f"{len(wizard.page_errors())}件" in first
    before = len(wizard.page_errors())
    phone = home.find("field_claimant.phone")
    phone.setFocus()
    home.type_text("048-000-0000", phone)
    home.wait_until(lambda: len(wizard.page_errors()) == before - 1)
    home.wait_until(lambda: f"{before - 1}件" in wizard.notice.text(), 3_000)
    for path, value in FILL:
        if path.startswith("claimant."):
            wizard.set_value(path, value)
    home.wait_until(lambda: "件あります" not in wizard.notice.text(), 3_000)


def test_a_resumed_draft_opens_where_the_resident_left_off(home):
    screen, wizard = open_form(home, "r01")
    wizard.go(3)
    home.click(wizard.close_button)  # 中断して一覧へ
    home.wait_until(lambda: screen.wizard is None)
    home.click(screen.resume_button)
    home.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    assert screen.wizard.step == 3


def test_the_my_number_is_masked_in_the_form(home):
    _screen, wizard = open_form(home, "r01")
    prefill(home, wizard)
    number = wizard.state.get("claimant.my_number")
    assert isinstance(number, str)
    assert len(number) == 12
    wizard.go(page_of(wizard, "claimant"))
    edit = home.find("field_claimant.my_number")
    assert isinstance(edit, QLineEdit)
    assert number not in edit.displayText()
    home.click(home.find("field_claimant.my_number.show"))  # 番号を表示
    assert edit.displayText() == number
    home.click(home.find("field_claimant.my_number.show"))
    assert number not in edit.displayText()
    # While the resident edits it, the number is in clear, and one digit can be corrected.
    home.activate()
    home.click(edit)
    home.wait_until(edit.hasFocus, 3_000)
    assert edit.displayText() == number
    edit.end(False)
    home.press("backspace", edit)
    home.type_text(number[-1], edit)
    assert edit.text() == number
    home.press("tab", edit)
    home.wait_until(lambda: number not in edit.displayText())
    assert wizard.state.get("claimant.my_number") == number
