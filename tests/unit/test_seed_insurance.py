"""Insurance facts in わたしの情報 and the history fit the resident (issue 15, point 13).

- 介護保険: a 第2号被保険者 is a 40–64-year-old *in medical insurance* (介護保険法（平成九年法律第百二十三号）
  第9条第2号, src:kaigohoken-h09-123). r04 (50, on 生活保護) has left 国保, so he is not one, and no
  介護保険 事務 asks about him.
- 限度額適用区分: 区分ア〜オ are the bands of people under 70, 区分オ being the one for 住民税非課税
  (src:kitakata-koho-gendogaku); from 70 to 74 the bands are 現役並み・一般・低所得
  (src:toshima-kourei-gendogaku). The seed cannot tell a band (it holds neither 標準報酬月額 nor
  旧ただし書き所得), so it must not show one a resident cannot be in.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get

UNDER_70_BANDS = ("区分ア", "区分イ", "区分ウ", "区分エ", "区分オ")


def self_info(stub, rid: str, category: str) -> dict[str, str]:
    body = get(stub, f"/self-info/{category}", auth(stub, rid)).json()
    return {i["label"]: i["value"] for i in body["items"]}


def history_functions(stub, rid: str) -> set[str]:
    body = get(stub, "/history", auth(stub, rid), limit=200).json()
    return {item["function"] or "" for item in body["items"]}


def test_a_welfare_recipient_without_medical_insurance_is_not_a_category_2_insured(stub_app):
    assert self_info(stub_app, "r04", "health_insurance") == {}  # 生活保護: out of 国保
    care = self_info(stub_app, "r04", "long_term_care")
    assert care.get("被保険者区分") != "第2号被保険者"
    assert not any(f.startswith("介護保険法") for f in history_functions(stub_app, "r04"))


def test_a_health_insured_resident_of_40_still_is_a_category_2_insured(stub_app):
    assert self_info(stub_app, "r02", "long_term_care")["被保険者区分"] == "第2号被保険者"


@pytest.mark.parametrize("rid", ["r03", "r07"])
def test_no_resident_is_shown_in_a_limit_band_they_cannot_be_in(stub_app, rid):
    band = self_info(stub_app, rid, "health_insurance").get("限度額適用区分")
    if rid == "r03":  # 住民税非課税: 区分オ, never 区分ウ
        assert self_info(stub_app, rid, "tax")["課税区分"] == "非課税"
        assert band in (None, "区分オ")
    else:  # r07 is 74: the under-70 bands do not apply
        assert band not in UNDER_70_BANDS
