"""The 児童扶養手当 現況届 as a resident meets it (issue 15, point 14).

- The 現況届 is filed from 1 to 31 August (src:hiji-jifu-genkyo). Before 1 August there is nothing
  to report yet: the stub refuses it and says from when. After 31 August a 現況届 not yet made may
  still be made, but the allowance may be paid late (src:kaisei-jifu-genkyo); one already made this
  year (わたしの情報: 「令和X年8月 提出済み」) is not made twice.
- The online part only sends the report ahead and books the visit: the 現況届 is made in person
  (the form's own note). So processing ends with the visit booked (「来庁予約済み」), never with an
  approval before the visit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backend_stub.network import applications, processing
from tests.fixtures.stub import signed_application_body, valid_application_data
from tests.unit.test_network_http import API, auth, get

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture(autouse=True)
def _no_auto_advance(monkeypatch):
    monkeypatch.setenv("MYNASTUB_AUTO_ADVANCE_SECONDS", "0")


def _move_to(stub, moment: dt.datetime) -> None:
    assert moment.timestamp() >= stub.clock.now(), "the testing clock only moves forward"
    stub.clock.offset += moment.timestamp() - stub.clock.now()


def _next(month: int, day: int) -> dt.datetime:
    """Noon JST on the next ``month``/``day`` after today."""
    today = dt.datetime.now(JST).date()
    year = today.year if (month, day) > (today.month, today.day) else today.year + 1
    return dt.datetime(year, month, day, 12, tzinfo=JST)


def _data_on(day: dt.date, visit: dt.date, *, slot: str = "morning") -> dict:
    """The form's data as the client builds it on ``day`` (a visit booking only)."""
    with pytest.MonkeyPatch.context() as mp:
        import app.jst

        mp.setattr(app.jst, "today_jst", lambda: day)
        return valid_application_data("jifu-genkyo", **{"mode.mode": "reservation", "visit.date": visit.isoformat(),
                                                        "visit.slot": slot})


def _post(stub, at: dt.datetime, key: str, data: dict):
    """r03 files the 現況届 with 五霞町, signed at ``at``."""
    body = signed_application_body(stub.data_dir, "r03", data, idempotency_key=key, form_id="jifu-genkyo",
                                   municipality_code="085421", signed_at=at.isoformat(timespec="seconds"))
    return stub.client.post(f"{API}/applications", headers={**auth(stub, "r03"), "Idempotency-Key": key}, json=body)


def _file(stub, at: dt.datetime, key: str, visit: dt.date):
    return _post(stub, at, key, _data_on(at.date(), visit))


def test_a_status_report_before_the_filing_period_is_refused_with_the_period(stub_app):
    at = _next(7, 20)
    _move_to(stub_app, at)
    answer = _file(stub_app, at, "early", at.date() + dt.timedelta(days=5))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "outside_filing_period"


def test_a_status_report_already_made_this_year_is_not_made_twice(stub_app):
    h = auth(stub_app, "r03")
    shown = {i["label"]: i["value"] for i in get(stub_app, "/self-info/single_parent", h).json()["items"]}
    today = dt.datetime.now(JST)
    if not shown["現況届"].endswith("提出済み") or today.date() < dt.date(today.year, 9, 1):
        pytest.skip("only after 31 August is this year's 現況届 already made in the seed")
    answer = _file(stub_app, today, "again", today.date() + dt.timedelta(days=7))
    assert answer.status_code == 409, answer.text
    assert answer.json()["error"] == "already_filed"


def _process(stub, monkeypatch, at: dt.datetime) -> None:
    monkeypatch.setattr(processing, "now", lambda: at)
    applications.advance_all(stub.app.state.stub.db)


def test_a_status_report_in_august_books_the_visit_and_decides_nothing_before_it(stub_app, monkeypatch):
    at = _next(8, 3)
    _move_to(stub_app, at)
    answer = _file(stub_app, at, "august", at.date() + dt.timedelta(days=7))
    assert answer.status_code == 201, answer.text
    _process(stub_app, monkeypatch, at + dt.timedelta(minutes=5))
    h = auth(stub_app, "r03")
    done = get(stub_app, f"/applications/{answer.json()['id']}", h).json()
    assert done["status"] == "visit_booked"
    assert "approved" not in [e["status"] for e in done["events"]]
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    assert "来庁" in notice["title"]
    assert "承認" not in notice["title"] + notice["body"]
    assert "五霞町の窓口にお越しください" in notice["body"]
    assert "支払が遅れる" not in notice["body"]
    records = get(stub_app, "/history", h, trigger_ref=answer.json()["id"], limit=200).json()["items"]
    assert {r["legal_basis"]["beppyo2_item"] for r in records} == {"57"}
    for r in records:
        assert r["id"] in notice["body"]


def test_a_late_status_report_is_taken_and_says_the_allowance_may_be_paid_late(stub_app, monkeypatch):
    at = _next(9, 7)
    _move_to(stub_app, at)
    answer = _file(stub_app, at, "late", at.date() + dt.timedelta(days=7))
    assert answer.status_code == 201, answer.text
    _process(stub_app, monkeypatch, at + dt.timedelta(minutes=5))
    h = auth(stub_app, "r03")
    done = get(stub_app, f"/applications/{answer.json()['id']}", h).json()
    assert done["status"] == "visit_booked"
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    assert "支払が遅れる場合があります" in notice["body"]
