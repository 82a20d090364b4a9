"""Who decides (審査・決定) the services the town does not decide, shown beside where to file,
the way 児童扶養手当 shows it (issue 15, points 1 and 15; the held-out review).

- 母子父子寡婦福祉資金: the 都道府県 lends (母子及び父子並びに寡婦福祉法（昭和三十九年法律第百二十九号）
  第13条, src:boshifushi-s39-129-art13), a 中核市 lends itself (src:takasaki-boshifushi-saisoku);
  residents file at their municipality (src:kagoshima-kafu-kashitsuke, src:hyogo-kafu-qa).
- 特別児童扶養手当: the 都道府県知事 decides (法第5条; 指定都市では市長, src:tokubetsu-jifu-kisoku-s39-38-art1);
  the request is filed at the municipality (src:aichi-tokubetsu-jifu-gyoute).
- 小児慢性特定疾病医療費: the 都道府県 (指定都市・中核市 and others that run it: src:kawagoe-shouman) decides
  (児童福祉法第19条の3, src:jidoufukushi-s22-164); residents file at the 保健所.

A 町村 is never a 指定都市 or 中核市, so for its residents the prefecture is named; for a 市 the stub
holds no sourced list of those cities, so the rule is named instead of an office.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get


def _service(stub, municipality: str, service_id: str) -> dict:
    services = get(stub, "/services", auth(stub, "r03"), municipality=municipality).json()
    return next(s for s in services if s["id"] == service_id)


@pytest.mark.parametrize(("service_id", "law"), [
    ("kafu-kashitsuke", "母子及び父子並びに寡婦福祉法（昭和三十九年法律第百二十九号）第13条"),
    ("tokubetsu-jifu", "特別児童扶養手当等の支給に関する法律（昭和三十九年法律第百三十四号）第5条"),
    ("shouman-iryouhi", "児童福祉法（昭和二十二年法律第百六十四号）第19条の3"),
])
def test_a_town_resident_reads_that_the_prefecture_decides(stub_app, service_id, law):
    s = _service(stub_app, "085421", service_id)  # 五霞町, 茨城県
    assert s["decided_by"] == {"code": "080004", "name": "茨城県知事"}
    assert any("茨城県知事" in n and law in n for n in s["notes"]), s["notes"]
    if service_id == "shouman-iryouhi":
        assert s["filing_office"]["kind"] == "health_center"
    else:
        assert s["filing_office"] == {"kind": "municipality", "code": "085421", "name": "五霞町"}
        assert any("五霞町の窓口で受け付け" in n for n in s["notes"]), s["notes"]


@pytest.mark.parametrize(("service_id", "cities"), [
    ("kafu-kashitsuke", "指定都市・中核市"),
    ("tokubetsu-jifu", "指定都市"),
    ("shouman-iryouhi", "指定都市・中核市"),
])
def test_a_city_resident_reads_the_prefecture_or_the_city_as_the_law_says(stub_app, service_id, cities):
    s = _service(stub_app, "112305", service_id)  # 新座市, 埼玉県: the stub cannot tell its kind
    assert s["decided_by"]["code"] is None
    assert s["decided_by"]["name"].startswith("埼玉県知事（")
    assert cities in s["decided_by"]["name"]
    assert "新座市長" not in s["decided_by"]["name"]
