"""No 保育料 bill where the municipality charges none (issue 15, point 13).

千代田区 charges no 基本保育料 for any child, whatever the age, siblings or income, from the
September 2025 use on (src:chiyoda-hoikuryo). r06 lives there with two children in 保育; r02 lives
in 新座市, which still bills it.
"""

from __future__ import annotations

from tests.unit.test_network_http import auth, get


def _fee_notices(stub, rid: str) -> list[dict]:
    items = get(stub, "/notices", auth(stub, rid), limit=200).json()["items"]
    return [n for n in items if "保育料" in n["title"] and n["payment"]]


def test_a_chiyoda_household_gets_no_nursery_fee_bill(stub_app):
    assert get(stub_app, "/me", auth(stub_app, "r06")).json()["municipality_code"] == "131016"
    assert _fee_notices(stub_app, "r06") == []


def test_a_niiza_household_still_gets_its_bill(stub_app):
    assert _fee_notices(stub_app, "r02")
