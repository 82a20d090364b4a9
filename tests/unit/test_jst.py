"""app.jst: one conversion to Japan time, whatever the computer's time zone."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.jst import DATE, JST, jst_text, to_jst, today_jst


def test_aware_times_from_any_offset_read_in_jst() -> None:
    utc = dt.datetime(2026, 3, 31, 15, 30, tzinfo=dt.UTC)
    assert jst_text(utc) == "2026-04-01 00:30"  # the next day, and the next fiscal year, in Japan
    assert jst_text(utc, DATE) == "2026-04-01"
    assert jst_text("2026-03-31T15:30:00+00:00") == "2026-04-01 00:30"
    assert jst_text("2026-04-01T00:30:00+09:00") == "2026-04-01 00:30"


def test_naive_times_are_taken_as_utc_and_nonsense_reads_as_nothing() -> None:
    assert to_jst(dt.datetime(2026, 1, 1, 0, 0)).hour == 9
    assert jst_text(None) == ""
    assert jst_text("yesterday") == ""


@pytest.fixture
def local_date_behind_japan(monkeypatch: pytest.MonkeyPatch) -> Iterator[dt.date]:
    """The computer's clock set to a zone where it is still yesterday (23:xx) while Japan has
    today's date: the state of a UTC machine after 15:00 UTC. Yields Japan's date."""
    japan = dt.datetime.now(JST)
    behind = japan.hour + 1  # hours behind Japan that put the local clock at 23:xx yesterday
    offset = 9 - behind  # hours east of UTC; POSIX TZ writes it with the sign turned round
    monkeypatch.setenv("TZ", f"LOCAL{-offset:+d}")
    time.tzset()
    try:
        assert dt.date.today() == japan.date() - dt.timedelta(days=1)
        yield japan.date()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_today_is_japans_date_whatever_the_machines_zone(local_date_behind_japan: dt.date) -> None:
    from app.forms.schema import load_form
    from app.forms.state import FormState
    from backend_stub.network import util

    assert today_jst() == local_date_behind_japan
    assert util.today() == local_date_behind_japan  # the stub's agencies count from it too
    # A form's date rules (a birth date not in the future, a deadline in 15 days) use it.
    assert FormState(load_form("jidou-teate-nintei")).today == local_date_behind_japan


def test_no_code_takes_today_from_the_machines_zone() -> None:
    """``date.today()`` is the local date: deadlines read 「あと 15 日」 for a charge due in 14."""
    root = Path(__file__).resolve().parents[2]
    offenders = [f"{path.relative_to(root)}:{n}"
                 for top in ("app", "ui", "backend_stub", "bench", "tests") for path in sorted((root / top).rglob("*.py"))
                 if path.name != "test_jst.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bdate\.today\(\)|datetime\.now\(\)", line)]
    assert offenders == []
