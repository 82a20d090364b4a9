"""Only an agency that handles a resident asks about them (issue 15, point 11).

An agency gets a resident's 符号 for the 事務 it runs for that person, and its queries name that
事務 (番号法第19条第7号, 別表第二; src:bangouho-h27). The seed's refused query — one the table does
not allow — came from a health insurer that insures someone else: 「はやて商事健康保険組合」 asking
about r01, r05 and r07, who are insured elsewhere. It now comes from the resident's own insurer.
"""

from __future__ import annotations

import pytest

from tests.unit.test_network_http import auth, get

RESIDENTS = ("r01", "r02", "r03", "r04", "r05", "r06", "r07")
INSURERS = {"全国健康保険協会", "はやて商事健康保険組合"}


def _insurer(stub, rid: str) -> str | None:
    items = get(stub, "/self-info/health_insurance", auth(stub, rid)).json()["items"]
    return next((i["value"] for i in items if i["label"] == "保険者"), None)


@pytest.mark.parametrize("rid", RESIDENTS)
def test_no_health_insurer_asks_about_someone_it_does_not_insure(stub_app, rid):
    insurer = _insurer(stub_app, rid)
    records = get(stub_app, "/history", auth(stub_app, rid), limit=200).json()["items"]
    askers = {r["requester"]["name"] for r in records} & INSURERS
    assert askers <= {insurer}, (insurer, askers)
