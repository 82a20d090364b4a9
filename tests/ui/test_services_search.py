"""Service search: the index answers by municipality, situation and folded keywords; the view
shows what a service gives, where to apply and which documents linkage makes unnecessary;
the English catalog covers the screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from app.catalog_search import CatalogIndex
from app.portal.models import Municipality, parse_services
from app.settings import Language
from backend_stub.network import catalog
from ui.i18n import install_translators
from ui.services.common import ensure_translations
from ui.services.search import SearchView


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
    ensure_translations()
    view = SearchView(index_of("112305"))
    qtbot.addWidget(view)
    install_translators(qapp, Language.EN)
    try:
        qtbot.waitUntil(lambda: view.apply_button.text() == "&Apply online", timeout=3_000)
        assert view.situation_combo.itemText(1) == "Expecting a child"
    finally:
        install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: "申請" in view.apply_button.text(), timeout=3_000)
