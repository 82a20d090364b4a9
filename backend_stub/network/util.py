"""Small shared helpers: Japan time, timestamps that sort as text, random ids."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any

JST = dt.timezone(dt.timedelta(hours=9), "JST")


def now() -> dt.datetime:
    return dt.datetime.now(JST).replace(microsecond=0)


def iso(t: dt.datetime) -> str:
    """ISO 8601 in Japan time with a fixed width, so stored timestamps sort as text.

    ``isoformat`` writes the year with four digits (``strftime("%Y")`` writes year 1 as "1").
    """
    return t.astimezone(JST).replace(tzinfo=None).isoformat(timespec="seconds") + "+09:00"


def parse_time(text: str) -> dt.datetime:
    """An ISO date or datetime; a naive one is taken as Japan time.

    Raises ``ValueError`` for text that is not one, and for a moment that Japan time cannot
    express (year 1 with an offset east of Japan's, year 9999 with one west of it).
    """
    t = dt.datetime.fromisoformat(text)
    t = t if t.tzinfo else t.replace(tzinfo=JST)
    try:
        t.astimezone(JST)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    return t


def new_id() -> str:
    """An unguessable id (128 random bits)."""
    return secrets.token_urlsafe(16)


def derived_id(secret: bytes, *parts: str) -> str:
    """A deterministic id that cannot be guessed without the data dir's secret (for seeds)."""
    mac = hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
