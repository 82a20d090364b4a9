"""Japan time for everything a resident reads: one conversion and one formatting function.

Legal dates and deadlines are Japanese dates, and the backend's agencies keep JST; the
computer's own time zone (a kiosk or a laptop set to UTC) must not shift what is shown.
A naive datetime is taken as UTC (the standard library's ``utcnow`` style); aware values are
converted from whatever offset they carry.
"""

from __future__ import annotations

import datetime as dt

JST = dt.timezone(dt.timedelta(hours=9), "JST")

DATE = "%Y-%m-%d"
MINUTES = "%Y-%m-%d %H:%M"
CLOCK = "%H:%M:%S"


def to_jst(value: dt.datetime) -> dt.datetime:
    """``value`` in JST (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(JST)


def now_jst() -> dt.datetime:
    return dt.datetime.now(JST)


def today_jst() -> dt.date:
    """Today's date in Japan: deadlines, ages and 'あと N 日' count from it, whatever the
    computer's own time zone (from 15:00 UTC on, the date in Japan is already tomorrow's)."""
    return now_jst().date()


def jst_text(value: dt.datetime | str | None, fmt: str = MINUTES) -> str:
    """``value`` (a datetime, or an ISO 8601 string) as JST text in ``fmt``; "" for None or a
    string that is not a date and time."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return ""
    return to_jst(value).strftime(fmt)
