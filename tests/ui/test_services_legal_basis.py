"""The 根拠法令 a resident reads in a service's detail, in Japanese and in English: the law the
service catalog cites, the same article as the form the service files, and for the 児童扶養手当
現況届 the ordinance by its number, not an article no source states (issue 15)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from PySide6.QtWidgets import QApplication

from app.portal.models import Municipality
from app.settings import Language
from backend_stub.network import catalog
from tests.ui.test_services_search import index_of
from ui.i18n import install_translators
from ui.kosodate.search import SearchView

FORMS = pathlib.Path(__file__).resolve().parents[2] / "resources" / "forms"


def _view(qtbot: Any) -> SearchView:
    view = SearchView(index_of("112305"))
    qtbot.addWidget(view)
    view.set_municipality(Municipality("112305", "新座市", "埼玉県"))
    return view


def _with_forms() -> dict[str, str]:
    return {s["id"]: s["legal_basis"] for s in catalog.services_raw() if s.get("form_id")}


def test_each_service_with_a_form_shows_its_legal_basis_in_japanese(qtbot: Any) -> None:
    view = _view(qtbot)
    shown_any = 0
    for service_id, basis in _with_forms().items():
        assert view.select_service(service_id), service_id
        shown = view.details.toPlainText()
        assert f"根拠法令\n{basis}" in shown, service_id
        form = json.loads((FORMS / f"{service_id}.json").read_text(encoding="utf-8"))
        assert form["procedure"]["legal_basis"].startswith(basis.split("（")[0]), service_id
        shown_any += 1
    assert shown_any >= 7


def test_the_child_rearing_status_report_cites_the_ordinance_by_number(qtbot: Any) -> None:
    view = _view(qtbot)
    assert view.select_service("jifu-genkyo")
    shown = view.details.toPlainText()
    assert "根拠法令\n児童扶養手当法施行規則（昭和三十六年厚生省令第五十一号）" in shown
    assert "第4条" not in shown
    assert "?" not in shown
    assert "？" not in shown


def test_the_english_detail_labels_the_same_legal_basis(qtbot: Any, qapp: QApplication) -> None:
    view = _view(qtbot)
    install_translators(qapp, Language.EN)
    try:
        for service_id in ("jidou-teate-nintei", "jifu-genkyo"):
            qtbot.waitUntil(lambda sid=service_id: view.select_service(sid)
                            and "Legal basis" in view.details.toPlainText(), timeout=3_000)
            shown = view.details.toPlainText()
            assert f"Legal basis\n{_with_forms()[service_id]}" in shown, service_id
            assert "根拠法令" not in shown
    finally:
        install_translators(qapp, Language.JA)
