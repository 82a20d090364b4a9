"""Two residents in one app run: 山田 花子 (r01, 新座市) searches for a service and opens its
application, logs out, and 伊藤 大輔 (r06, 千代田区) logs in. His サービス検索 shows 千代田区's
services by default, nothing of hers (her municipality, her keywords), and what he applies for
goes to 千代田区."""

from __future__ import annotations

FORM = "jidou-teate-nintei"
CHIYODA = "131016"


def _open_search(j):
    screen = j.open_screen("services")
    if screen.wizard is not None:
        screen.close_wizard()
    screen.show_home()
    return screen, screen.search


def test_the_next_resident_searches_his_own_municipality_and_files_there(home):
    j = home
    j.login_as("r01")
    screen, search = _open_search(j)
    j.wait_until(lambda: search.municipality_code == "112305" and search.model.rowCount() > 0)
    j.click(search.keyword_edit)
    search.keyword_edit.insert("児童手当")  # as an input method commits it
    j.wait_until(lambda: search.select_service(FORM))
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    assert screen.wizard.draft.municipality_code == "112305"
    j.logout()

    j.login_as("r06")
    screen = j.open_screen("services")
    assert screen.wizard is None or not screen.wizard.isVisible(), "the previous resident's application is open"
    screen, search = _open_search(j)
    j.wait_until(lambda: search.model.rowCount() > 0 and search.municipality_code == CHIYODA)
    assert "千代田区" in search.municipality_edit.text()
    assert search.keyword_edit.text() == "", "the previous resident's keyword is still there"
    shown = {search.model.entry(r).municipality_code for r in range(search.model.rowCount())}
    assert shown == {CHIYODA}, shown
    for draft in screen.store.list():  # a new claim, not one of his drafts
        if draft.form_id == FORM:
            screen.store.delete(draft.draft_id)
    assert search.select_service(FORM)
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    assert screen.wizard.draft.municipality_code == CHIYODA
    assert j.sees("千代田区", screen.wizard)
