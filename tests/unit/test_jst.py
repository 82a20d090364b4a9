"""app.jst: one conversion to Japan time, whatever the computer's time zone."""

from __future__ import annotations

import datetime as dt

from app.jst import DATE, jst_text, to_jst


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
