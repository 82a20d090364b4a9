"""児童扶養手当 checks income with the municipality that assessed it (issue 15, points 11 and 14).

The 現況届 checks 前年の所得; 住民税 is assessed by the municipality of the 1月1日 address, which
for someone who moved since is the former one. r01 moved from 五霞町 to 新座市 on 2026-02-14, so
五霞町 holds her 令和8年度 assessment. Row 57 lets the office ask any 市町村長 for 地方税関係情報
(src:bangouho-h27). Asking 新座市 (or reading 新座市's own records, as if it held them) cannot
confirm her income.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get
from tests.unit.test_seed_scenarios import _submit_at


@pytest.fixture
def _manual_processing(monkeypatch):
    monkeypatch.setenv("MYNASTUB_AUTO_ADVANCE_SECONDS", "0")


@pytest.mark.usefixtures("_manual_processing")
def test_child_support_income_is_asked_of_the_municipality_that_assessed_it(stub_app):
    from backend_stub.network import applications

    assert get(stub_app, "/self-info/tax", auth(stub_app, "r01")).json()["provider"]["code"] == "085421"
    filed = _submit_at(stub_app, "r01", "jifu-genkyo", "112305", "jifu-income")
    applications.advance_all(stub_app.app.state.stub.db)
    records = get(stub_app, "/history", auth(stub_app, "r01"), trigger_kind="application",
                  trigger_ref=filed["id"], limit=50).json()["items"]
    tax = [(r["provider"]["code"], r["outcome"]) for r in records if r["information"] == "地方税関係情報"]
    assert tax == [("085421", "provided")]
    notices = get(stub_app, "/notices", auth(stub_app, "r01"), limit=50).json()["items"]
    decision = next(n for n in notices if n.get("application_id") == filed["id"])
    assert "新座市長が保有する情報" not in decision["body"]
