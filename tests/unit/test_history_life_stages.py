"""Queries follow the household's life stage (issue 15, point 11).

- 保育 (別表第二 116) is asked about only while a child of the household is below school age:
  a child starts school on the first 1 April after the 6th birthday's eve (学校教育法第17条,
  src:egov-gakkou-17, src:egov-gakkou-kisoku-59). r02's children were born in 2010, 2014 and
  2024, so no 保育 query fits the school years 2021–2023.
- 日本学生支援機構 (row 106) asks about a student's family from the 高校3年 year on: 予約採用 is for
  those finishing 高校 that school year (src:jasso-yoyaku-shikaku). r02's eldest (born 2010-06-02)
  is in 高校1年 in 2026, so JASSO has not asked yet.
"""

from __future__ import annotations

import datetime as dt

from tests.unit.test_network_http import auth, get


def _records(stub, rid: str, item: str) -> list[dict]:
    items = get(stub, "/history", auth(stub, rid), limit=200).json()["items"]
    return [r for r in items if r["legal_basis"]["beppyo2_item"] == item]


def _school_year(day: str) -> int:
    d = dt.date.fromisoformat(day[:10])
    return d.year if d.month >= 4 else d.year - 1


def test_no_nursery_or_student_loan_query_outside_the_childs_stage(stub_app):
    nursery_years = {_school_year(r["requested_at"]) for r in _records(stub_app, "r02", "116")}
    assert nursery_years, "the 2024 child is in 保育"
    assert not nursery_years & {2021, 2022, 2023}
    # The eldest is in 高校3年 from April 2028: nothing from JASSO before then.
    assert all(_school_year(r["requested_at"]) >= 2028 for r in _records(stub_app, "r02", "106"))
