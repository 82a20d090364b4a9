"""A query for 障害基礎年金 is answered 「該当なし」 for someone who receives none (issue 15, point 11).

別表第二 116 lets the municipality ask 日本年金機構 for 「国民年金法による障害基礎年金の支給に関する
情報」 (src:bangouho-h27). r02 and r06 pay into 厚生年金 and draw no pension, so the record must not say
that such information was provided; r04 draws a 障害基礎年金 (2級), so 日本年金機構 does hold it.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get

DISABILITY_PENSION = "国民年金法による障害基礎年金の支給に関する情報"


def _records(stub, rid: str) -> list[dict]:
    return get(stub, "/history", auth(stub, rid), limit=200).json()["items"]


def _pension(stub, rid: str) -> dict[str, str]:
    body = get(stub, "/self-info/pension", auth(stub, rid)).json()
    return {i["label"]: i["value"] for i in body["items"]}


@pytest.mark.parametrize("rid", ["r02", "r06"])
def test_no_disability_pension_is_provided_for_someone_who_draws_none(stub_app, rid):
    assert "障害基礎年金" not in _pension(stub_app, rid)
    asked = [r for r in _records(stub_app, rid) if r["information"] == DISABILITY_PENSION]
    assert asked, "the seed asks under row 116 for a nursery household"
    assert {r["outcome"] for r in asked} == {"not_held"}
    assert all(r["provided_at"] is None for r in asked)


def test_the_pension_office_still_holds_the_disability_pension_it_pays(stub_app):
    import datetime as dt

    from backend_stub.network import network

    assert _pension(stub_app, "r04")["障害基礎年金"] == "2級 受給中"
    conn = stub_app.app.state.stub.db.connection()
    result = network.query_for(conn, "r04", "085421", "116", "nenkin-kikou", DISABILITY_PENSION,
                               trigger=network.Trigger("periodic"),
                               at=dt.datetime.now(dt.timezone(dt.timedelta(hours=9))))
    assert result.outcome == "provided"
