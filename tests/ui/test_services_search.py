"""Service search: the index answers by municipality, situation and folded keywords; the view
shows what a service gives, where to apply and which documents linkage makes unnecessary;
the English catalog covers the screen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

import ui.i18n
from app.catalog_search import CatalogIndex
from app.jst import today_jst
from app.portal.models import Municipality, parse_services
from app.settings import Language
from backend_stub.network import catalog
from tests.ui.test_services_support import env_factory, qloop  # noqa: F401 - fixtures
from ui.i18n import install_translators, installed_catalogs
from ui.i18n_check import RecordingTranslator, catalog_messages, catalogs_by_language
from ui.kosodate.search import SearchView

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
PARENTHESIZED = re.compile(r"\([^()]*\)|（[^（）]*）")


def index_of(*codes: str) -> CatalogIndex:
    index = CatalogIndex()
    raw_by_id = {s["id"]: s for s in catalog.services_raw()}
    for code in codes:
        raw = catalog.search(code)
        index.put(code, code, parse_services(raw), {s["id"]: raw_by_id[s["id"]]["situations"] for s in raw})
    return index


def test_index_folds_width_and_kana_and_filters() -> None:
    index = index_of("112305", "131016")
    assert {e.service.id for e in index.search("ｼﾞﾄﾞｳ", municipality="112305")} == set()  # kanji text
    hits = index.search("児童手当　認定請求", municipality="112305")  # full-width space between words
    assert "jidou-teate-nintei" in [e.service.id for e in hits]
    assert "jifu-genkyo" not in [e.service.id for e in hits]
    assert all("pregnancy" in e.situations for e in index.search(situation="pregnancy"))
    assert {e.municipality_code for e in index.search("児童手当")} == {"112305", "131016"}
    assert all(e.service.online for e in index.search(online_only=True))


def test_search_view_shows_linkage_rows_and_models_pass_the_tester(qtbot: Any, qtmodeltester: Any) -> None:
    view = SearchView(index_of("112305"))
    qtbot.addWidget(view)
    view.set_municipality(Municipality("112305", "新座市", "埼玉県"))
    assert view.model.rowCount() == len(catalog.services_raw())
    qtmodeltester.check(view.model)
    view.keyword_edit.setText("保育")
    assert view.select_service("hoiku-riyou")
    shown = view.details.toPlainText()
    assert "情報連携により提出不要（別表第二 116項）" in shown
    assert view.apply_button.isEnabled()
    view.keyword_edit.setText("存在しないサービス")
    assert view.model.rowCount() == 0
    assert "条件に合うサービスはありません" in view.status.text()


def test_english_catalog_translates_the_search(qtbot: Any, qapp: QApplication) -> None:
    view = SearchView(index_of("112305"))
    qtbot.addWidget(view)
    install_translators(qapp, Language.EN)
    try:
        qtbot.waitUntil(lambda: view.apply_button.text() == "&Apply online", timeout=3_000)
        assert view.situation_combo.itemText(1) == "Expecting a child"
    finally:
        install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: "申請" in view.apply_button.text(), timeout=3_000)


def test_language_switch_retranslates_the_services_screen_from_the_one_installed_catalog(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811 - the imported fixture
    screen = env_factory().screen(qtbot)
    assert screen.heading.text() == "子育てのサービスを探して申請する"
    install_translators(qapp, Language.EN)
    try:
        qtbot.waitUntil(lambda: screen.heading.text() == "Find child-raising services and apply", timeout=3_000)
        assert screen.resume_button.text() == "&Resume"
        assert screen.search.situation_combo.itemText(1) == "Expecting a child"
        # ui.i18n installed the services catalog, once; nothing else loaded it beside.
        assert installed_catalogs().count("services_en.qm") == 1
        loaded = [t for t in qapp.findChildren(QTranslator) if Path(t.filePath()).name == "services_en.qm"]
        assert [id(t) for t in loaded] == [id(t) for t in ui.i18n._installed if t in loaded]
        assert len(loaded) == 1
    finally:
        install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: screen.heading.text() == "子育てのサービスを探して申請する", timeout=3_000)
    assert "services_en.qm" not in installed_catalogs()


def test_the_services_screen_and_every_wizard_step_read_in_english(
        qtbot: Any, qapp: QApplication, env_factory: Any) -> None:  # noqa: F811 - the imported fixture
    recorder = RecordingTranslator(qapp)
    install_translators(qapp, Language.EN)
    qapp.installTranslator(recorder)  # asked first: sees every lookup
    leftovers: list[str] = []
    try:
        screen = env_factory().screen(qtbot, today=today_jst())
        qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=15_000)
        assert screen.search.select_service("jidou-teate-nintei")
        leftovers += _japanese_texts("search", screen)
        with qtbot.waitSignal(screen.wizard_opened) as opened:
            screen.search.apply_button.click()
        wizard = opened.args[0]
        for step in range(len(wizard.step_titles())):
            wizard.go(step)
            leftovers += _japanese_texts(f"step {step + 1}", screen)
    finally:
        qapp.removeTranslator(recorder)
        install_translators(qapp, Language.JA)
    have: set[tuple[str, str]] = set()
    for ts in catalogs_by_language()["en"]:
        have |= catalog_messages(ts)
    missing = sorted(f"{c}:{s!r}" for c, s in recorder.seen - have if s and not c.startswith("Q"))
    assert not leftovers + missing, "\n".join(leftovers + missing)


def _japanese_texts(where: str, root: QWidget) -> list[str]:
    """Visible labels and buttons with Japanese outside parentheses (official terms may keep
    theirs: "Child allowance (児童手当)"). The catalog's own data (service names, municipalities)
    is Japanese and shown in lists and the details view, which are not looked at."""
    texts = [w.text() for w in [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]
             if w.isVisible() and w.text()]
    return [f"{where}: {t!r}" for t in texts if JAPANESE.search(PARENTHESIZED.sub("", t))]


def test_no_drafts_and_no_applications_is_one_line_each_and_the_results_get_the_room(
        qtbot: Any, env_factory: Any) -> None:  # noqa: F811 - the imported fixture
    from app.drafts import Draft

    env = env_factory("r03")  # has applied for nothing yet
    screen = env.screen(qtbot, today=today_jst())
    qtbot.waitUntil(lambda: screen.apps_empty.isVisible(), timeout=15_000)
    assert screen.apps_empty.text() == "申請した手続はありません"
    assert screen.drafts_empty.isVisible()
    assert screen.drafts_empty.text() == "入力途中の申請はありません"
    for hidden in (screen.drafts_view, screen.resume_button, screen.delete_button, screen.apps_view,
                   screen.status_button):
        assert not hidden.isVisible()
    roomy = screen.search.results.height()
    above = screen.search.mapTo(screen, screen.search.rect().topLeft()).y()
    assert above < screen.height() // 4, "the search comes right below the two one-line notes"

    # A draft appears as a list (with its buttons), and the search keeps most of the screen.
    screen.store.save(Draft.new("jidou-teate-nintei", "112305"))
    screen.refresh_drafts()
    qtbot.waitUntil(lambda: screen.drafts_view.isVisible())
    assert not screen.drafts_empty.isVisible()
    assert screen.resume_button.isVisible()
    assert screen.drafts_model.rowCount() == 1
    qtbot.waitUntil(lambda: screen.search.results.height() < roomy)
