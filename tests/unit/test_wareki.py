"""和暦: every way residents write a date is read (full- and half-width), an impossible date is
called impossible, dates outside an era are refused with the era's bounds, and a date is shown
with its 和暦 beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from app import validators as v
from app.forms import FormState, load_form

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(("text", "expected"), [
    ("令和2年5月1日", dt.date(2020, 5, 1)),
    ("令和２年５月１日", dt.date(2020, 5, 1)),
    ("R2.5.1", dt.date(2020, 5, 1)),
    ("Ｒ２．５．１", dt.date(2020, 5, 1)),
    ("r2/5/1", dt.date(2020, 5, 1)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("H31.4.30", dt.date(2019, 4, 30)),
    ("平成元年1月8日", dt.date(1989, 1, 8)),
    ("S64.1.7", dt.date(1989, 1, 7)),
    ("昭和元年12月25日", dt.date(1926, 12, 25)),
    ("2020-05-01", dt.date(2020, 5, 1)),
    ("２０２０年５月１日", dt.date(2020, 5, 1)),
    ("2020.5.1", dt.date(2020, 5, 1)),
    ("20200501", dt.date(2020, 5, 1)),
    (" 令和 2年 5月 1日 ", dt.date(2020, 5, 1)),
])
def test_each_written_form_is_read(text: str, expected: dt.date) -> None:
    assert v.parse_date(text) == expected
    assert v.validate_date(text, today=TODAY) == []


@pytest.mark.parametrize("text", ["1994-02-30", "令和3年2月29日", "R2.13.1", "２０２１／０２／２９", "令和0年5月1日"])
def test_an_impossible_date_is_called_impossible_not_malformed(text: str) -> None:
    issues = v.validate_date(text, today=TODAY)
    assert [i.code for i in issues] == ["date.nonexistent"]
    from app.forms import message_catalog

    assert message_catalog()["date.nonexistent"].ja == "存在しない日付です。"


@pytest.mark.parametrize(("text", "code", "bound"), [
    ("令和元年4月30日", "date.era_before_start", "2019-05-01"),
    ("平成31年5月1日", "date.era_after_end", "2019-04-30"),
    ("平成元年1月7日", "date.era_before_start", "1989-01-08"),
    ("S64.1.8", "date.era_after_end", "1989-01-07"),
])
def test_a_date_outside_its_era_is_refused_with_the_eras_bounds(text: str, code: str, bound: str) -> None:
    (issue,) = v.validate_date(text, today=TODAY)
    assert issue.code == code
    assert bound in issue.params.values()


def test_what_is_not_a_date_is_a_format_error() -> None:
    assert [i.code for i in v.validate_date("きのう", today=TODAY)] == ["date.format"]


@pytest.mark.parametrize(("day", "shown"), [
    (dt.date(2020, 5, 1), "2020-05-01（令和2年5月1日）"),
    (dt.date(2019, 5, 1), "2019-05-01（令和元年5月1日）"),
    (dt.date(2019, 4, 30), "2019-04-30（平成31年4月30日）"),
    (dt.date(1989, 1, 7), "1989-01-07（昭和64年1月7日）"),
    (dt.date(1926, 12, 24), "1926-12-24"),
])
def test_dates_are_shown_with_wareki(day: dt.date, shown: str) -> None:
    assert v.date_with_wareki(day.isoformat()) == shown
    assert v.date_with_wareki("R2.5.1") == "2020-05-01（令和2年5月1日）"
    assert v.date_with_wareki("未定") == "未定"


def test_a_form_stores_a_wareki_date_as_iso_and_reviews_it_with_wareki() -> None:
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    date_path = next(
        f"{s.id}.{f.id}" for s in st.spec.sections for f in s.fields if f.type.value == "date"
    )
    st.set(date_path, "平成7年7月7日")
    assert st.validate_field(date_path) == []
    section, field = date_path.split(".")
    assert st.submission_data()[section][field] == "1995-07-07"
    rows = [r for s in st.review() for r in s.rows if r.path == date_path]
    assert v.date_with_wareki(rows[0].value) == "1995-07-07（平成7年7月7日）"


@pytest.mark.parametrize("text", ["大正14年3月1日", "T14.3.1", "明治45年7月29日", "大正元年8月1日"])
def test_a_date_in_an_earlier_era_is_told_apart_from_a_typo(text: str) -> None:
    # 大正 and 明治 are not read (their first days are not sourced here); the resident is told
    # to write the date in 西暦, not that the date is malformed.
    day, issue = v.parse_date_checked(text)
    assert day is None
    assert issue is not None
    assert issue.code == "date.era_unsupported"
