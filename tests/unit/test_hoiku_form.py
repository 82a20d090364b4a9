"""保育施設等の利用申込: children are eligible until the end of the school year in which they
turn 6 (学校教育法 第17条), and 1号 (教育) certification asks no reason for care and no
就労証明書."""

from __future__ import annotations

import datetime as dt

import pytest

from app.forms import FormState, load_form


def hoiku(today: dt.date, **values: object) -> FormState:
    st = FormState(load_form("hoiku-riyou"), today=today)
    for path, value in values.items():
        st.set(path.replace("__", "."), value)
    return st


def issues_at(st: FormState, path: str) -> list[str]:
    return [i.code for i in st.validate().issues.get(path, ())]


@pytest.mark.parametrize(("today", "ok"), [
    (dt.date(2026, 12, 6), True),   # 年長, the issue's example
    (dt.date(2027, 3, 31), True),   # the last day before primary school
    (dt.date(2027, 4, 1), False),   # a first-year pupil now
])
def test_a_nencho_child_is_eligible_until_the_31_march_before_school(today: dt.date, ok: bool) -> None:
    st = hoiku(today, child__birth_date="2020-05-01")
    codes = issues_at(st, "child.birth_date")
    assert codes == ([] if ok else ["child.over_age"])


def test_a_child_born_on_1_april_starts_school_a_year_earlier() -> None:
    assert issues_at(hoiku(dt.date(2026, 3, 31), child__birth_date="2020-04-01"), "child.birth_date") == []
    assert issues_at(hoiku(dt.date(2026, 4, 1), child__birth_date="2020-04-01"), "child.birth_date") == [
        "child.over_age"]
    assert issues_at(hoiku(dt.date(2026, 4, 1), child__birth_date="2020-04-02"), "child.birth_date") == []


def test_type_1_needs_no_reason_for_care_and_no_employment_certificate() -> None:
    st = hoiku(dt.date(2026, 12, 6), certification__category="1", household__two_guardians="yes")
    assert "guardian1.reason" not in st.validate().issues
    assert "guardian2.reason" not in st.validate().issues
    st.set("guardian1.reason", "employment")  # a value left from an earlier choice of 2号
    needed = {a.id for a in st.required_attachments()}
    assert "employment_certificate" not in needed
    assert "reason" not in st.submission_data().get("guardian1", {})


def test_type_2_still_asks_the_reason_and_the_employment_certificate() -> None:
    st = hoiku(dt.date(2026, 12, 6), certification__category="2")
    assert issues_at(st, "guardian1.reason") == ["required"]
    st.set("guardian1.reason", "employment")
    assert "employment_certificate" in {a.id for a in st.required_attachments()}


def test_the_category_is_asked_before_the_guardians() -> None:
    ids = [s.id for s in load_form("hoiku-riyou").sections]
    assert ids.index("certification") < ids.index("guardian1")


# 子ども・子育て支援法（平成二十四年法律第六十五号）第19条第1項: 1号・2号 are 満3歳以上, 3号 満3歳未満
# (src:kodomo-kosodate-h24-65). The category is checked against the child's age on the start date.
@pytest.mark.parametrize(("birth", "category", "ok"), [
    ("2025-05-01", "1", False),  # 1 year old on the start date: no 1号
    ("2025-05-01", "2", False),  # nor 2号
    ("2025-05-01", "3", True),
    ("2021-05-01", "3", False),  # 5 years old: no 3号
    ("2021-05-01", "2", True),
    ("2024-01-08", "3", True),  # reaches 3 on 2027-01-07, the day after the start date
    ("2024-01-07", "3", False),  # reaches 3 on the start date itself
    ("2024-01-07", "2", True),
])
def test_the_certification_category_fits_the_childs_age_on_the_start_date(birth: str, category: str, ok: bool) -> None:
    st = hoiku(dt.date(2026, 12, 6), child__birth_date=birth, certification__category=category,
               preferences__start_date="2027-01-06")
    codes = issues_at(st, "certification.category")
    assert (codes == []) is ok, codes


def test_the_stub_refuses_a_category_that_does_not_fit_the_age(stub_app) -> None:
    from tests.fixtures.stub import signed_application_body, valid_application_data
    from tests.unit.test_network_http import API, auth

    data = valid_application_data("hoiku-riyou")  # a 4-year-old, 2号
    data["certification"]["category"] = "3"
    body = signed_application_body(stub_app.data_dir, "r06", data, idempotency_key="hoiku-age-3",
                                   form_id="hoiku-riyou",
                                   attachments=[("child_health_sheet", "sheet.pdf", "application/pdf",
                                                 b"%PDF-1.4\n%%EOF\n")])
    answer = stub_app.client.post(f"{API}/applications", json=body,
                                  headers={**auth(stub_app, "r06"), "Idempotency-Key": "hoiku-age-3"})
    assert answer.status_code == 400, answer.text
    assert "certification.category" in answer.json()["fields"]


# -- the stub enforces the same rules, on the day its testing clock says -------------------------


def _stub_today(stub) -> dt.date:  # type: ignore[no-untyped-def]
    from app.jst import JST

    return dt.datetime.fromtimestamp(stub.clock.now(), JST).date()


def _move_to(stub, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Move the stub's testing clock forward to noon (JST) on ``day``."""
    from app.jst import JST

    target = dt.datetime(day.year, day.month, day.day, 12, tzinfo=JST).timestamp()
    assert target >= stub.clock.now(), "the testing clock only moves forward"
    stub.clock.offset += target - stub.clock.now()


def _file_on(stub, day: dt.date, key: str, *, birth: dt.date, category: str, reason: str | None,  # type: ignore[no-untyped-def]
             start: dt.date | None = None):
    """A 保育 application for a child born on ``birth``, built by the client's form on ``day`` and
    filed with the stub, signed that day (r06, 千代田区)."""
    from app.jst import JST
    from tests.fixtures.stub import signed_application_body
    from tests.unit.test_forms import CHILD_MN, CLAIMANT_MN
    from tests.unit.test_network_http import API, auth

    guardian = {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "birth_date": "1990-04-01",
                "my_number": CLAIMANT_MN, "phone": "048-477-1111"}
    if reason:
        guardian["reason"] = reason
    values = {
        "child": {"name": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": birth.isoformat(),
                  "sex": "female", "my_number": CHILD_MN},
        "certification": {"category": category, "hours": "standard"},
        "guardian1": guardian,
        "household": {"two_guardians": "no", "moved_in": "no"},
        "preferences": {"facilities": [{"facility": "区立保育園"}],
                        "start_date": (start or day + dt.timedelta(days=1)).isoformat()},
        "consent": {"truthful": True},
    }
    data = FormState(load_form("hoiku-riyou"), values, today=day).submission_data()
    signed_at = dt.datetime(day.year, day.month, day.day, 12, tzinfo=JST).isoformat(timespec="seconds")
    body = signed_application_body(stub.data_dir, "r06", data, idempotency_key=key, form_id="hoiku-riyou",
                                   signed_at=signed_at,
                                   attachments=[("child_health_sheet", "sheet.pdf", "application/pdf",
                                                 b"%PDF-1.4\n%%EOF\n")])
    return stub.client.post(f"{API}/applications", json=body,
                            headers={**auth(stub, "r06"), "Idempotency-Key": key})


def test_the_stub_takes_a_nencho_child_until_the_31_march_before_school(stub_app) -> None:
    # The issue's case moved to the stub's clock: a child born on 1 May who starts primary school
    # next April (2020-05-01 on 2026-12-06) is eligible until 31 March, not for 2198 days only.
    today = _stub_today(stub_app)
    school_year_end = dt.date(today.year + 1 if today.month >= 4 else today.year, 3, 31)
    birth = dt.date(school_year_end.year - 7, 5, 1)
    assert (today - birth).days > 2198  # the old limit refused this child
    answer = _file_on(stub_app, today, "nencho-today", birth=birth, category="2", reason="job_seeking")
    assert answer.status_code == 201, answer.text
    _move_to(stub_app, school_year_end)
    answer = _file_on(stub_app, school_year_end, "nencho-31-march", birth=birth, category="2", reason="job_seeking",
                      start=school_year_end)  # the next day is in the first school year (see below)
    assert answer.status_code == 201, answer.text
    first_day = school_year_end + dt.timedelta(days=1)
    _move_to(stub_app, first_day)
    answer = _file_on(stub_app, first_day, "nencho-1-april", birth=birth, category="2", reason="job_seeking")
    assert answer.status_code == 400, answer.text
    assert answer.json()["fields"].get("child.birth_date") == "child.over_age"


def test_the_stub_takes_type_1_with_no_reason_and_no_employment_certificate(stub_app) -> None:
    today = _stub_today(stub_app)
    birth = dt.date(today.year - 5, 5, 1)
    answer = _file_on(stub_app, today, "type-1", birth=birth, category="1", reason=None)
    assert answer.status_code == 201, answer.text
    # 2号 without a reason is refused: the rule is the category's, not gone.
    answer = _file_on(stub_app, today, "type-2-no-reason", birth=birth, category="2", reason=None)
    assert answer.status_code == 400, answer.text
    assert answer.json()["fields"].get("guardian1.reason") == "required"


def test_a_start_date_on_the_last_day_of_the_calendar_is_checked_like_any_other() -> None:
    # The certification's age band is counted on the start date; on 9999-12-31 the child is far
    # older than any band, which the form says instead of failing (the server runs the same rules).
    st = hoiku(dt.date(2026, 12, 6), child__birth_date="2022-05-01", certification__category="3",
               preferences__start_date="9999-12-31")
    assert issues_at(st, "certification.category") == ["choice.age_too_high"]


# 学校教育法（昭和二十二年法律第二十六号）第17条第1項 (src:egov-gakkou-17): a child starts primary school
# at the first school year after the day following the 6th birthday reached; both children below start
# on 2027-04-01, so a start date in that school year is one the child can no longer take up.
@pytest.mark.parametrize(("birth", "start"), [
    ("2020-04-02", "2027-05-01"),  # the reviewer's r06 case, 1号
    ("2020-05-01", "2027-04-01"),  # the first day of primary school
])
def test_a_start_date_after_the_child_starts_school_is_refused_at_the_start_date(birth: str, start: str) -> None:
    st = hoiku(dt.date(2026, 12, 6), child__birth_date=birth, certification__category="1",
               preferences__start_date=start)
    assert issues_at(st, "child.birth_date") == []  # eligible on the signing day
    assert issues_at(st, "preferences.start_date") == ["date.after_school_age"]
    issue = st.validate().issues["preferences.start_date"][0]
    assert issue.params["limit_date"] == "2027-03-31"
    # The last day of the school year before primary school is still a start date.
    st.set("preferences.start_date", "2027-03-31")
    assert issues_at(st, "preferences.start_date") == []


def test_the_stub_refuses_a_start_date_in_the_childs_first_school_year(stub_app) -> None:
    today = _stub_today(stub_app)
    school_year_end = dt.date(today.year + 1 if today.month >= 4 else today.year, 3, 31)
    birth = dt.date(school_year_end.year - 7, 4, 2)  # 年長 now; primary school from the next 1 April
    first_day = school_year_end + dt.timedelta(days=1)
    for key, start in (("hoiku-start-may", first_day + dt.timedelta(days=30)), ("hoiku-start-april", first_day)):
        if (start - today).days > 400:
            continue  # beyond the form's own max_days_ahead
        answer = _file_on(stub_app, today, key, birth=birth, category="1", reason=None, start=start)
        assert answer.status_code == 400, answer.text
        assert answer.json()["fields"].get("preferences.start_date") == "date.after_school_age"
    answer = _file_on(stub_app, today, "hoiku-start-31-march", birth=birth, category="1", reason=None,
                      start=school_year_end)
    assert answer.status_code == 201, answer.text
