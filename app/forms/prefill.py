"""Prefill a form from the card's text data (券面事項入力補助) and from わたしの情報.

A field's `prefill` names its source: `card.name`, `card.address`, `card.birth_date`,
`card.my_number`, `card.sex`, or `self_info.<category>.<item label>`. Prefill never
overwrites what the resident typed; it returns the paths it filled so the UI can mark them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Protocol

from app import validators as v
from app.forms.schema import FieldType
from app.forms.state import FormState

SelfInfo = Mapping[str, Mapping[str, str]]  # category id -> item label -> value


class CardTextData(Protocol):
    """What the card layer's TextData offers (only the attributes read here)."""

    @property
    def my_number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def birth_date(self) -> object: ...  # a date, or text as printed on the card
    @property
    def sex(self) -> object: ...


def self_info_from_api(payloads: Iterable[Mapping[str, object]]) -> dict[str, dict[str, str]]:
    """Turn `GET /self-info/{category}` answers into the mapping prefill reads."""
    out: dict[str, dict[str, str]] = {}
    for p in payloads:
        category = p.get("category")
        items = p.get("items")
        if not isinstance(category, str) or not isinstance(items, list):
            continue
        bucket = out.setdefault(category, {})
        for item in items:
            if isinstance(item, Mapping) and isinstance(item.get("label"), str) and item.get("value") is not None:
                bucket[str(item["label"])] = str(item["value"])
    return out


def _card_value(card: CardTextData, attr: str) -> str | None:
    if attr not in ("my_number", "name", "address", "birth_date", "sex"):
        return None
    raw = getattr(card, attr, None)
    if raw is None:
        return None
    if isinstance(raw, dt.date):
        return raw.isoformat()
    value = getattr(raw, "value", raw)  # an enum member -> its value
    return str(value)


def source_value(source: str, card: CardTextData | None, self_info: SelfInfo | None) -> str | None:
    kind, _, rest = source.partition(".")
    if kind == "card" and card is not None:
        return _card_value(card, rest)
    if kind == "self_info" and self_info is not None:
        category, _, label = rest.partition(".")
        return self_info.get(category, {}).get(label)
    return None


def prefill(state: FormState, *, card: CardTextData | None = None, self_info: SelfInfo | None = None) -> tuple[str, ...]:
    """Fill empty fields that name a source; returns the paths filled."""
    filled: list[str] = []
    for section in state.spec.sections:
        for spec in section.fields:
            if spec.prefill is None or spec.type is FieldType.REPEAT:
                continue
            path = f"{section.id}.{spec.id}"
            current = state.get(path)
            if current not in (None, ""):
                continue
            value = source_value(spec.prefill, card, self_info)
            if value is None or not value.strip():
                continue
            if spec.type is FieldType.MY_NUMBER:
                value = v.normalize_my_number(value)
            elif spec.type is FieldType.DATE:
                parsed = v.parse_date(value)
                value = parsed.isoformat() if parsed else value
            elif spec.type is FieldType.KANA:
                value = v.normalize_katakana(value)
            elif spec.type in (FieldType.SELECT, FieldType.RADIO) and spec.option(value) is None:
                continue
            state.set(path, value)
            filled.append(path)
    return tuple(filled)
