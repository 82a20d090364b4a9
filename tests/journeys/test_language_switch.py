"""Point 12: a resident switches to English in 設定 with screens already open, and back.

Every string they can see follows: the window title, the history detail already shown, a
notice banner already shown, わたしの情報's categories (names from the server, in English where
the backend has one, else marked 「(Japanese only)」), labels with English mnemonics, combo
boxes wide enough for their English text. Back in Japanese, Qt's own file dialog speaks
Japanese too.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QStyle, QStyleOptionComboBox

from app.settings import Language
from tests.journeys.more import japanese_left, publish_notice, quiet
from ui.portal import history_text as ht

JAPANESE_MNEMONIC = re.compile(r"\(&[A-Za-z]\)")


def _visible_japanese(j, screen, resident: str, content: tuple[str, ...] = ()) -> list[str]:
    """Visible texts with Japanese left. The resident's own name is theirs, and what agencies
    wrote (a notice's title, quoted where ホーム lists a deadline) is their content, not a UI
    string: both are left as they are."""
    def strip(text: str) -> str:
        for own in (resident, *content):
            text = text.replace(own, "")
        return text

    return [t for t in j.texts(screen) if japanese_left(strip(t))]


def _clipped_combos(screen) -> list[str]:
    out = []
    for combo in screen.findChildren(QComboBox):
        if not combo.isVisible() or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        if combo.fontMetrics().horizontalAdvance(combo.currentText()) > field.width():
            out.append(f"{combo.objectName()}: {combo.currentText()!r}")
    return out


def test_english_reaches_everything_already_open_and_japanese_comes_back(home):
    QGuiApplication.setApplicationDisplayName("マイナデスク")  # as ui.main names the app
    home.login_as("r01")
    history = home.open_screen("history")
    home.wait_until(lambda: history.model.record_count > 0)
    history.table.selectRow(0)
    home.wait_until(lambda: bool(history.detail.toPlainText()))
    record = history.model.record(0)
    self_info = home.open_screen("self_info")
    home.wait_until(lambda: self_info.categories.rowCount() > 0)
    notices = home.open_screen("notices")
    home.wait_until(lambda: notices.model.rowCount() > 0)
    publish_notice(home, "r01", title="保育料の口座振替について", sender="新座市")
    home.wait_until(lambda: "届きました" in notices.status.text(), timeout=30_000)

    home.set_language(Language.EN)
    try:
        problems: list[str] = []
        title = f"{home.window.windowTitle()} — {QGuiApplication.applicationDisplayName()}"
        if japanese_left(title):
            problems.append(f"window title: {title}")
        for key in ("history", "self_info", "notices", "home", "settings"):
            screen = home.open_screen(key)
            home.settle()
            titles = tuple(notices.model.notice(r).title for r in range(notices.model.rowCount()))
            problems += [f"{key}: {t}" for t in _visible_japanese(home, screen, home.resident("r01").name, titles)]
            problems += [f"{key}: clipped {c}" for c in _clipped_combos(screen)]
            problems += [f"{key}: Japanese-style mnemonic {label.text()!r}" for label in screen.findChildren(QLabel)
                         if label.isVisible() and JAPANESE_MNEMONIC.search(label.text())]
        doc = QTextDocument()
        doc.setHtml(ht.detail_html(record))
        if history.detail.toPlainText() != doc.toPlainText():
            problems.append("history detail still in the language it was opened in")
        names = [self_info.categories.index(r, 0).data() for r in range(self_info.categories.rowCount())]
        problems += [f"self_info category: {n}" for n in names if japanese_left(n)]
        assert not problems, "\n".join(problems)
    finally:
        home.set_language(Language.JA)

    # Back in Japanese: Qt's own file dialog (history export) has Japanese labels.
    history = home.open_screen("history")
    home.click("CSV で書き出す")
    dialog = home.wait_dialog(QFileDialog)
    english = [label.text() for label in dialog.findChildren(QLabel)
               if label.isVisible() and label.text() and not re.search(r"[\u3040-\u9fff]", label.text())]
    home.press("Escape")
    home.wait_no_dialog()
    assert not english, english


def _submit_child_allowance(j, resident: str) -> None:
    """The resident files 児童手当 認定請求 through the wizard (as in test_focus.py)."""
    from tests.journeys.test_focus import FILL, _add_buttons

    screen = j.open_screen("services")
    search = screen.search
    j.wait_until(lambda: search.model.rowCount() > 0)
    assert search.select_service("jidou-teate-nintei")
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    j.click(wizard.prefill_button)
    j.type_pin(j.resident(resident).kenhojo_pin)
    j.wait_until(lambda: not wizard.busy and bool(wizard.prefilled))
    for path, value in FILL:
        wizard.set_value(path, value)
    while wizard.step < wizard.review_step:
        _add_buttons(wizard)  # (the page is built)
        j.click(wizard.next_button)
    j.click(wizard.submit_button)
    j.type_pin(j.resident(resident).sign_pin)
    j.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible(), 20_000)
    j.click(screen.status_view.back_button)
    j.wait_until(lambda: screen.apps_model.rowCount() > 0)
    j.wait_until(quiet)  # the list as loaded, in Japanese


def test_submitted_applications_follow_the_language_both_ways(home):
    home.login_as("r01")
    _submit_child_allowance(home, "r01")
    services = home.screen("services")

    def listed() -> list[str]:
        return [services.apps_model.item(r).text() for r in range(services.apps_model.rowCount())]

    japanese = listed()
    home.set_language(Language.EN)
    try:
        english = listed()
        assert english != japanese, english
        assert not [t for t in english if japanese_left(t)], english
    finally:
        home.set_language(Language.JA)
    assert listed() == japanese
