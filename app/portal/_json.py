"""Defensive reading of decoded JSON: every mismatch becomes :class:`MalformedResponse`.

A :class:`Reader` wraps one JSON object and knows its path in the document, so an error names
the field that was wrong (``items[2].provider.code``) without ever quoting the value.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import enum
import math
from collections.abc import Callable
from typing import TypeVar

from app.portal.errors import MalformedResponse

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

_MISSING = object()


def parse_datetime(value: object, where: str) -> datetime.datetime:
    """An ISO 8601 timestamp with an offset (naive timestamps are refused: they are ambiguous)."""
    if not isinstance(value, str) or len(value) > 64:
        raise MalformedResponse(where)
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise MalformedResponse(where) from None
    if parsed.tzinfo is None:
        raise MalformedResponse(where)
    return parsed


def parse_date(value: object, where: str) -> datetime.date:
    if not isinstance(value, str) or len(value) > 32:
        raise MalformedResponse(where)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise MalformedResponse(where) from None


class Reader:
    """Typed access to one JSON object."""

    __slots__ = ("_d", "_path")

    def __init__(self, value: object, path: str = "$") -> None:
        if not isinstance(value, dict):
            raise MalformedResponse(path)
        self._d: dict[str, object] = value
        self._path = path

    def where(self, key: str) -> str:
        """The path of ``key`` in the document, for error reports."""
        return key if self._path == "$" else f"{self._path}.{key}"

    def _get(self, key: str) -> object:
        value = self._d.get(key, _MISSING)
        if value is _MISSING:
            raise MalformedResponse(self.where(key))
        return value

    def has(self, key: str) -> bool:
        return key in self._d

    def keys(self) -> list[str]:
        return list(self._d)

    # -- scalars -------------------------------------------------------------------------------

    def text(self, key: str, *, allow_empty: bool = True) -> str:
        value = self._get(key)
        if not isinstance(value, str) or (not allow_empty and not value):
            raise MalformedResponse(self.where(key))
        return value

    def opt_text(self, key: str) -> str | None:
        value = self._d.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise MalformedResponse(self.where(key))
        return value

    def ident(self, key: str) -> str:
        """An identifier: a non-empty string, or an integer (kept as its decimal text)."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise MalformedResponse(self.where(key))
        return str(value)

    def opt_ident(self, key: str) -> str | None:
        return None if self._d.get(key) is None else self.ident(key)

    def integer(self, key: str, *, minimum: int | None = 0) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or (minimum is not None and value < minimum):
            raise MalformedResponse(self.where(key))
        return value

    def number(self, key: str, *, minimum: float | None = 0) -> float:
        value = self._get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or (minimum is not None and value < minimum)
        ):
            raise MalformedResponse(self.where(key))
        return float(value)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise MalformedResponse(self.where(key))
        return value

    def timestamp(self, key: str) -> datetime.datetime:
        return parse_datetime(self._get(key), self.where(key))

    def opt_timestamp(self, key: str) -> datetime.datetime | None:
        value = self._d.get(key)
        return None if value is None else parse_datetime(value, self.where(key))

    def day(self, key: str) -> datetime.date:
        return parse_date(self._get(key), self.where(key))

    def choice(self, key: str, cls: type[E]) -> E:
        value = self._get(key)
        try:
            return cls(value)
        except ValueError:
            raise MalformedResponse(self.where(key)) from None

    def b64(self, key: str) -> bytes:
        value = self._get(key)
        if not isinstance(value, str):
            raise MalformedResponse(self.where(key))
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedResponse(self.where(key)) from None

    # -- structures ----------------------------------------------------------------------------

    def obj(self, key: str) -> Reader:
        return Reader(self._get(key), self.where(key))

    def opt_obj(self, key: str) -> Reader | None:
        value = self._d.get(key)
        return None if value is None else Reader(value, self.where(key))

    def array(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise MalformedResponse(self.where(key))
        return value

    def objects(self, key: str, parse: Callable[[Reader], T]) -> tuple[T, ...]:
        where = self.where(key)
        return tuple(parse(Reader(item, f"{where}[{i}]")) for i, item in enumerate(self.array(key)))

    def strs(self, key: str) -> tuple[str, ...]:
        items = self.array(key)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise MalformedResponse(f"{self.where(key)}[{i}]")
        return tuple(items)  # type: ignore[arg-type]  # checked just above

    def scalar_text(self, key: str) -> str | None:
        """A free-form scalar (string or number) as text; None when absent or null."""
        value = self._d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise MalformedResponse(self.where(key))
        return str(value)


def objects_of(value: object, parse: Callable[[Reader], T], path: str = "$") -> tuple[T, ...]:
    """A top-level JSON array of objects."""
    if not isinstance(value, list):
        raise MalformedResponse(path)
    return tuple(parse(Reader(item, f"{path}[{i}]")) for i, item in enumerate(value))
