"""小児慢性特定疾病医療費 is not filed at the town office (issue 15, points 1 and 15).

The 支給認定 is the prefecture's (児童福祉法第19条の3, src:jidoufukushi-s22-164; 別表第二 9 names 都道府県知事 as the one who
asks, src:bangouho-h27), and residents apply at the 保健所 that covers where they live: 茨城県 sends
its residents to their 保健所 (src:ibaraki-kogaho-shouman), 埼玉県 names the 保健所 as the desk
(src:saitama-fukushi-guide-iryo). Some cities run it themselves (川越市, a 中核市:
src:kawagoe-shouman), and the stub has no list of them, so for a 市 it names the rule, not an office.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get


def _service(stub, municipality: str, service_id: str) -> dict:
    services = get(stub, "/services", auth(stub, "r03"), municipality=municipality).json()
    return next(s for s in services if s["id"] == service_id)


@pytest.mark.parametrize(("municipality", "name"), [("085421", "五霞町"), ("112305", "新座市")])
def test_the_chronic_disease_grant_is_filed_at_the_health_center_not_the_town(stub_app, municipality, name):
    s = _service(stub_app, municipality, "shouman-iryouhi")
    assert s["filing_office"]["code"] != municipality
    assert name not in s["where"]
    assert "保健所" in s["where"]
    # A 町村's residents: the prefecture; a 市's: the rule (the stub cannot tell a city that runs it).
    assert s["decided_by"] == ({"code": "080004", "name": "茨城県知事"} if municipality == "085421"
                               else {"code": None, "name": "埼玉県知事（指定都市・中核市など、自ら行う市では市長）"})
    assert any("都道府県" in n and "保健所" in n for n in s["notes"])
    assert "第19条の3" in (s["legal_basis"] or "")


def test_the_town_still_takes_what_it_takes(stub_app):
    assert _service(stub_app, "085421", "jifu-nintei")["filing_office"]["code"] == "085421"


def test_a_towns_note_says_the_prefecture_decides_only_where_the_town_has_no_welfare_office(stub_app):
    # 町村 may run a 福祉事務所 of their own (47 did on 2024-04-01, src:mhlw-fukushijimusho); the stub
    # lists only those a source names, so the note must not say the prefecture decides for every town.
    s = _service(stub_app, "085421", "jifu-nintei")
    note = next(n for n in s["notes"] if "茨城県知事" in n)
    assert "福祉事務所" in note
    assert "町村が審査・決定" in note
