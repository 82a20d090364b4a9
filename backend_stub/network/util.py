"""Small shared helpers: Japan time, timestamps that sort as text, random ids."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from typing import Any

JST = dt.timezone(dt.timedelta(hours=9), "JST")


def now() -> dt.datetime:
    return dt.datetime.now(JST).replace(microsecond=0)


def today() -> dt.date:
    """Today's date in Japan, whatever the machine's time zone: the agencies' deadlines and
    ages count from it."""
    return dt.datetime.now(JST).date()


def iso(t: dt.datetime) -> str:
    """ISO 8601 in Japan time with a fixed width, so stored timestamps sort as text.

    ``isoformat`` writes the year with four digits (``strftime("%Y")`` writes year 1 as "1").
    A moment that Japan time cannot express (year 1 with an offset east of Japan's, year 9999
    with one west of it) is before or after every stored timestamp: it becomes the first or the
    last moment that can be written, which compares the same way.
    """
    try:
        local = t.astimezone(JST)
    except OverflowError:
        return ("0001-01-01T00:00:00" if t.year == 1 else "9999-12-31T23:59:59") + "+09:00"
    return local.replace(tzinfo=None).isoformat(timespec="seconds") + "+09:00"


# RFC 3339 full-date, or date-time with its offset; ASCII digits only.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2}))?"
)
# What the API document says of such a parameter (OpenAPI schema).
DATE_OR_DATE_TIME_SCHEMA = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}


def parse_time(text: str) -> dt.datetime:
    """An RFC 3339 date (midnight, Japan time) or date-time; ``ValueError`` if it is neither."""
    if not _RFC3339.fullmatch(text):
        raise ValueError("not an RFC 3339 date or date-time")
    t = dt.datetime.fromisoformat(text.upper())  # RFC 3339 allows a lower-case "t" and "z"
    return t if t.tzinfo else t.replace(tzinfo=JST)


def new_id() -> str:
    """An unguessable id (128 random bits)."""
    return secrets.token_urlsafe(16)


def derived_id(secret: bytes, *parts: str) -> str:
    """A deterministic id that cannot be guessed without the data dir's secret (for seeds)."""
    mac = hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
