"""Self-test step for 子育てワンストップ: after login, the サービス検索・申請 screen loads the
resident's own municipality's catalog, a keyword search finds 児童手当 認定請求, and its form opens
in the wizard. Nothing is submitted; a draft the step created is deleted again."""

from __future__ import annotations

from ui.selftest import SelfTest, register_step, until

FORM_ID = "jidou-teate-nintei"
KEYWORD = "児童手当"



async def _step_open_child_allowance_form(t: SelfTest) -> str | None:
    from app.forms import load_form
    from ui.kosodate.screen import ServicesScreen
    from ui.kosodate.wizard import WizardView

    access = t.root.access
    if not access.is_logged_in:
        if not t.ctx.demo:
            return "skipped: not logged in"
        raise RuntimeError("not logged in (the login step must run first)")
    resident = t.root.session.resident
    if resident is None:
        raise RuntimeError("the session does not say who is logged in")
    screen = t.window.show_screen("services")
    if not isinstance(screen, ServicesScreen):
        raise RuntimeError("the services screen did not open")
    search = screen.search
    await until(lambda: search.municipality_code == resident.municipality_code
                 and screen.index.has(resident.municipality_code), "the resident's municipality catalog")
    search.keyword_edit.setText(KEYWORD)
    search.run_search()
    if not search.select_service(FORM_ID):
        found = [e.service.id for e in (search.model.entry(r) for r in range(search.model.rowCount())) if e]
        raise RuntimeError(f"{FORM_ID} not found for {resident.municipality_name} (found: {', '.join(found) or 'none'})")
    if not search.apply_button.isEnabled():
        raise RuntimeError("the online application button is not enabled")
    drafts_before = {s.draft_id for s in screen.store.list()}
    opened: list[WizardView] = []
    screen.wizard_opened.connect(opened.append)
    try:
        search.apply_button.click()
        await until(lambda: bool(opened), "the application form")
    finally:
        screen.wizard_opened.disconnect(opened.append)
    wizard = opened[0]
    try:
        if wizard.draft.form_id != FORM_ID or screen.stack.currentWidget() is not wizard or not wizard.isVisible():
            raise RuntimeError("the 児童手当 認定請求 form is not shown")
        title = load_form(FORM_ID).title.ja
        pages = wizard.review_step + 1
    finally:
        draft_id = wizard.draft.draft_id
        screen.close_wizard()
        if draft_id not in drafts_before:
            screen.store.delete(draft_id)
        screen.show_home()
    return f"{resident.municipality_name}: {title}, {pages} pages"


register_step("services: open the child allowance form", _step_open_child_allowance_form, order=420)
