"""Prefill a form from the card's text data (券面事項入力補助) and from わたしの情報.

A field's `prefill` names its source:

* `card.name`, `card.address`, `card.birth_date`, `card.my_number`, `card.sex`: the card's
  text data (its birth date is YYYYMMDD as on the card; a date or ISO text is taken too);
* `me.name`, `me.name_kana`, `me.birth_date`, `me.postal_code`: the portal's record of the
  logged-in resident (`GET /me`), the only source of the name in katakana and of the postal code
  (neither the card's text data nor any わたしの情報 category carries them);
* `self_info.<category id>.<item label>`: an item of わたしの情報 (`GET /self-info/{category}`);
* `household.spouse.name|name_kana|birth_date|lives_with` and `household.married`: the spouse on
  the resident's residence record (`/me`'s household); `lives_with` is `together` or `apart`,
  `married` is `married` when the record has a spouse (and nothing otherwise: no spouse on the
  record does not make a resident single, so that answer stays theirs);

A repeat field may name `me.household.<relation>`: one item for each member of the resident's
household (住民票, `GET /me`) with that relation, when the list is still empty. Its item fields
then name `member.name`, `member.name_kana`, `member.birth_date`, `member.relation` or
`member.lives_with` (`together` or `apart`). A member whose dates break the item's own rules
(a child past the form's age limit, `school_age_until`) is not added: the form decides who
belongs in it, not the code.

A choice field takes a source value equal to an option's value, or one that begins with exactly
one option's Japanese label (「厚生年金保険」 chooses 「厚生年金」). Prefill never overwrites
what the resident typed; it returns the paths it filled so the UI can mark them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from app import validators as v
from app.forms.schema import FieldSpec, FieldType
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


class HouseholdMember(Protocol):
    """A member of the resident's household as ``Me.household`` lists them (attributes read here)."""

    @property
    def relation(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_kana(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def lives_together(self) -> bool: ...


class ResidentRecord(Protocol):
    """What the portal's ``Me`` offers (only the attributes read here)."""

    @property
    def display_name(self) -> str: ...
    @property
    def display_name_kana(self) -> str: ...
    @property
    def birth_date(self) -> object: ...  # a date
    @property
    def postal_code(self) -> str | None: ...
    @property
    def household(self) -> Sequence[HouseholdMember]: ...


HOUSEHOLD_SOURCE = "me.household."


def _member_value(source: str, member: HouseholdMember) -> str | None:
    kind, _, attr = source.partition(".")
    if kind != "member":
        return None
    if attr == "lives_with":
        return "together" if member.lives_together else "apart"
    if attr == "birth_date":
        return None if member.birth_date is None else member.birth_date.isoformat()
    if attr in ("name", "name_kana", "relation"):
        return str(getattr(member, attr)) or None
    return None


def prefill_household(state: FormState, household: Iterable[HouseholdMember]) -> tuple[str, ...]:
    """Fill each empty repeat field that names `me.household.<relation>` with those members;
    returns the paths filled."""
    members = tuple(household)
    filled: list[str] = []
    for section in state.spec.sections:
        for spec in section.fields:
            if spec.type is not FieldType.REPEAT or not (spec.prefill or "").startswith(HOUSEHOLD_SOURCE):
                continue
            path = f"{section.id}.{spec.id}"
            if state.get(path):
                continue  # never overwrites what the resident typed
            relation = (spec.prefill or "")[len(HOUSEHOLD_SOURCE):]
            for member in members:
                if member.relation != relation:
                    continue
                index = state.add_item(path)
                base = f"{path}[{index}]"
                item: list[str] = []
                for sub in spec.fields:
                    value = None if sub.prefill is None else _member_value(sub.prefill, member)
                    if value is None:
                        continue
                    if sub.type in (FieldType.SELECT, FieldType.RADIO):
                        value = _choice(sub, value)
                        if value is None:
                            continue
                    elif sub.type is FieldType.KANA:
                        value = v.normalize_katakana(value)
                    state.set(f"{base}.{sub.id}", value)
                    item.append(f"{base}.{sub.id}")
                dates = {p for p in item if state.field_spec(p).type is FieldType.DATE}
                issues = state.validate().issues
                if not dates or any(i.blocking for p in dates for i in issues.get(p, ())):
                    state.remove_item(path, index)  # the form's rules leave this member out
                    continue
                filled.extend(item)
    return tuple(filled)

_SPOUSE_SOURCES = ("name", "name_kana", "birth_date", "lives_with")

_ME_SOURCES = {
    "name": "display_name", "name_kana": "display_name_kana", "birth_date": "birth_date", "postal_code": "postal_code",
}


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


def card_date(value: str) -> dt.date | None:
    """The card's compact birth date (YYYYMMDD, as the 券面事項入力補助AP records it), or None."""
    text = value.strip()
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, dt.date):
        return raw.isoformat()
    value = getattr(raw, "value", raw)  # an enum member -> its value
    return str(value)


def _card_value(card: CardTextData, attr: str) -> str | None:
    if attr not in ("my_number", "name", "address", "birth_date", "sex"):
        return None
    value = _text(getattr(card, attr, None))
    if attr == "birth_date" and value is not None:
        day = card_date(value)
        return day.isoformat() if day is not None else value
    return value


def source_value(
    source: str, card: CardTextData | None, self_info: SelfInfo | None, me: ResidentRecord | None = None
) -> str | None:
    kind, _, rest = source.partition(".")
    if kind == "card" and card is not None:
        return _card_value(card, rest)
    if kind == "me" and me is not None and rest in _ME_SOURCES:
        return _text(getattr(me, _ME_SOURCES[rest], None))
    if kind == "household" and me is not None:
        return _household_value(me, rest)
    if kind == "self_info" and self_info is not None:
        category, _, label = rest.partition(".")
        return self_info.get(category, {}).get(label)
    return None


def _spouse(me: ResidentRecord) -> HouseholdMember | None:
    return next((h for h in getattr(me, "household", ()) if h.relation == "spouse"), None)


def _household_value(me: ResidentRecord, rest: str) -> str | None:
    spouse = _spouse(me)
    if rest == "married":
        return "married" if spouse is not None else None
    who, _, attr = rest.partition(".")
    if who != "spouse" or spouse is None or attr not in _SPOUSE_SOURCES:
        return None
    if attr == "lives_with":
        return "together" if spouse.lives_together else "apart"
    return _text(getattr(spouse, attr, None))


def _choice(spec: FieldSpec, value: str) -> str | None:
    """The option ``value`` names: its value, or the one option whose Japanese label begins it."""
    if spec.option(value) is not None:
        return value
    matches = [o.value for o in spec.options if o.label.ja and value.startswith(o.label.ja)]
    return matches[0] if len(matches) == 1 else None


def prefill(
    state: FormState,
    *,
    card: CardTextData | None = None,
    self_info: SelfInfo | None = None,
    me: ResidentRecord | None = None,
) -> tuple[str, ...]:
    """Fill empty fields that name a source; returns the paths filled."""
    filled: list[str] = []
    for section in state.spec.sections:
        for spec in section.fields:
            if spec.prefill is None:
                continue
            path = f"{section.id}.{spec.id}"
            current = state.get(path)
            if spec.type is FieldType.REPEAT:
                continue  # a household list: prefill_household
            if current not in (None, ""):
                continue
            value = source_value(spec.prefill, card, self_info, me)
            if value is None or not value.strip():
                continue
            if spec.type is FieldType.MY_NUMBER:
                value = v.normalize_my_number(value)
            elif spec.type is FieldType.DATE:
                parsed = v.parse_date(value)
                value = parsed.isoformat() if parsed else value
            elif spec.type is FieldType.KANA:
                value = v.normalize_katakana(value)
            elif spec.type in (FieldType.SELECT, FieldType.RADIO):
                choice = _choice(spec, value)
                if choice is None:
                    continue
                value = choice
            state.set(path, value)
            filled.append(path)
    return tuple(filled)
