"""The service detail a resident reads: who takes the application and who decides, a section
name only where a municipal page names it, a note that the list is sample data, and no online
promise for a service without a form (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from app.portal.models import Municipality
from tests.ui.test_services_search import index_of
from ui.kosodate.search import SearchView


def _view(qtbot: Any, code: str, name: str, prefecture: str) -> SearchView:
    view = SearchView(index_of(code))
    qtbot.addWidget(view)
    view.set_municipality(Municipality(code, name, prefecture))
    return view


def test_a_town_resident_reads_that_the_town_takes_it_and_the_prefecture_decides(qtbot: Any) -> None:
    view = _view(qtbot, "085421", "五霞町", "茨城県")
    assert view.select_service("jifu-genkyo")
    shown = view.details.toPlainText()
    assert "申請先\n五霞町" in shown
    assert "審査・決定\n茨城県知事" in shown
    assert "担当窓口は市区町村にお問い合わせください" in shown
    assert "こども福祉課" not in shown


def test_a_town_with_its_own_welfare_office_is_named_as_the_one_that_decides(qtbot: Any) -> None:
    view = _view(qtbot, "353051", "周防大島町", "山口県")  # src:suo-oshima-fukushijimusho
    assert view.select_service("jifu-genkyo")
    shown = view.details.toPlainText()
    assert "申請先\n周防大島町" in shown
    assert "審査・決定\n周防大島町長" in shown
    assert "山口県知事" not in shown


def test_a_sourced_section_is_named(qtbot: Any) -> None:
    view = _view(qtbot, "112305", "新座市", "埼玉県")
    assert view.select_service("hoiku-riyou")
    assert "新座市 保育課" in view.details.toPlainText()


def test_the_list_says_it_is_sample_data(qtbot: Any) -> None:
    view = _view(qtbot, "112305", "新座市", "埼玉県")
    assert "サンプルデータ" in view.sample_label.text()
    assert view.select_service("jidou-teate-nintei")
    assert "サンプルデータ" in view.details.toPlainText()


def test_the_nursery_status_report_promises_no_online_application(qtbot: Any) -> None:
    view = _view(qtbot, "112305", "新座市", "埼玉県")
    assert view.select_service("hoiku-genkyo")
    shown = view.details.toPlainText()
    assert "オンラインで申請できます" not in shown
    assert "窓口で申請してください" in shown
    assert not view.apply_button.isEnabled()


def test_the_pregnancy_check_up_guidance_says_no_row_covers_it(qtbot: Any) -> None:
    view = _view(qtbot, "085421", "五霞町", "茨城県")
    assert view.select_service("ninpu-kenshin")
    assert "別表第二に、妊婦健康診査のための照会を認める項はありません" in view.details.toPlainText()


@pytest.mark.parametrize(("service_id", "where"), [
    ("kafu-kashitsuke", "申請先\n五霞町"),
    ("tokubetsu-jifu", "申請先\n五霞町"),
    ("shouman-iryouhi", "申請先\nお住まいの地域を管轄する保健所"),
])
def test_a_town_resident_reads_where_to_file_and_that_the_prefecture_decides(qtbot: Any, service_id: str,
                                                                                where: str) -> None:
    view = _view(qtbot, "085421", "五霞町", "茨城県")
    assert view.select_service(service_id)
    shown = view.details.toPlainText()
    assert where in shown
    assert "審査・決定\n茨城県知事" in shown
