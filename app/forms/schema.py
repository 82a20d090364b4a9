"""Form schemas: the JSON files under resources/forms/ loaded into frozen dataclasses.

A form is data: sections, fields, conditions, attachments and which attachments
information linkage (情報連携, 番号法 別表第二) makes unnecessary. The JSON shape is fixed
by resources/forms/form.schema.json; this loader trusts that shape (the tests check
every shipped form against it) but still fails with `FormSchemaError`, not a KeyError.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from app.forms.titles import FORM_IDS, FORMS_PACKAGE

SCHEMA_VERSION = 1


class FormSchemaError(Exception):
    """A form file is missing or malformed."""


class UnknownFormError(FormSchemaError):
    def __init__(self, form_id: str) -> None:
        super().__init__(f"unknown form: {form_id}")
        self.form_id = form_id


class FieldType(enum.Enum):
    TEXT = "text"
    TEXTAREA = "textarea"
    KANA = "kana"
    DATE = "date"
    SELECT = "select"
    RADIO = "radio"
    CHECKBOX = "checkbox"
    NUMBER = "number"
    POSTAL_CODE = "postal_code"
    PHONE = "phone"
    MY_NUMBER = "my_number"
    BANK_ACCOUNT = "bank_account"
    REPEAT = "repeat"


@dataclass(frozen=True)
class Text:
    """A label in Japanese (shown first) and English."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    # Choosing this option ends the application here: a blocking issue with this message code,
    # whose text says where the resident goes instead (e.g. a civil servant's 児童手当).
    stop: str | None = None


@dataclass(frozen=True)
class Condition:
    """A predicate over form values.

    `op` is one of: equals, not_equals, in, contains, filled, greater_than (with `path`
    and `value`), all / any (with `children`), not (one child), any_item (`path` names a
    repeat field, `children[0]` is checked against each item, where '@x' means the item's x).
    """

    op: str
    path: str = ""
    value: Any = None
    children: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class AgeBand:
    """Which option fits which age: the age reached (年齢計算ニ関スル法律: the day before the
    birthday) by the child born on the date at `birth`, on the date at `on` (today when empty).
    `by_option` holds (option value, lowest age, age it must stay below)."""

    birth: str
    on: str | None
    by_option: tuple[tuple[str, int | None, int | None], ...]

    def limits(self, value: str) -> tuple[int | None, int | None]:
        return next(((lo, below) for v, lo, below in self.by_option if v == value), (None, None))


@dataclass(frozen=True)
class SchoolAgeAt:
    """A date (e.g. a start date) on which the child born on the date at `birth` is still within
    the school year of `until_age` (the 31 March before primary school for 6)."""

    birth: str
    until_age: int


@dataclass(frozen=True)
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    not_future: bool = False
    not_past: bool = False
    max_days_past: int | None = None
    max_days_ahead: int | None = None
    school_age_after: int | None = None
    school_age_until: int | None = None
    fifteen_day_rule: bool = False
    holder_matches: str | None = None
    allow_public_account: bool = True
    age_band: AgeBand | None = None
    school_age_at: SchoolAgeAt | None = None


@dataclass(frozen=True)
class FieldSpec:
    id: str
    type: FieldType
    label: Text
    required: bool = False
    constraints: Constraints = Constraints()
    options: tuple[Option, ...] = ()
    prefill: str | None = None
    help: Text | None = None
    visible_if: Condition | None = None
    review_label: Text | None = None
    fields: tuple[FieldSpec, ...] = ()  # for REPEAT: the fields of one item
    min_items: int = 0
    max_items: int = 20
    item_label: Text | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: Text
    fields: tuple[FieldSpec, ...]
    visible_if: Condition | None = None
    help: Text | None = None
    review_title: Text | None = None

    def field(self, field_id: str) -> FieldSpec:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class Linkage:
    """Information linkage that makes a document unnecessary."""

    information: Text
    beppyo2_item: int | None = None  # None: not through 別表第二 (e.g. 住基ネット)
    via: str | None = None
    requires: Condition | None = None  # e.g. consent to the tax-information check


@dataclass(frozen=True)
class AttachmentSpec:
    id: str
    label: Text
    mime_types: tuple[str, ...]
    max_bytes: int
    max_files: int = 1
    required: bool = False
    required_if: Condition | None = None
    replaced_by_linkage: Linkage | None = None
    help: Text | None = None
    # The municipality also takes this document at its counter, apart from the online
    # application (the form names the source for each such slot): a kiosk, which takes no
    # file, may file the application with it declared "handed in at the counter".
    at_counter: bool = False


@dataclass(frozen=True)
class Procedure:
    name: Text
    legal_basis: str
    form_number: str | None = None
    deadline: Text | None = None
    # The texts legal_basis and form_number were checked against: ids of docs/sources.md.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    id: str
    text: Text
    visible_if: Condition | None = None


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    version: str
    title: Text
    procedure: Procedure
    municipalities: tuple[str, ...] | None  # None: every municipality
    signature_required: bool
    sections: tuple[SectionSpec, ...]
    attachments: tuple[AttachmentSpec, ...]
    notes: tuple[Note, ...] = ()
    #: Whose procedure this is: "applicant" (the resident filing it) or "child" (a child the
    #: resident files for as 法定代理人, acting for them: the only forms a 代理人 may file).
    subject: str = "applicant"

    def section(self, section_id: str) -> SectionSpec:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def attachment(self, attachment_id: str) -> AttachmentSpec:
        for a in self.attachments:
            if a.id == attachment_id:
                return a
        raise KeyError(attachment_id)

    def offered_in(self, municipality_code: str) -> bool:
        return self.municipalities is None or municipality_code in self.municipalities


# --- parsing ------------------------------------------------------------------------------

JSONObj = Mapping[str, Any]


def _text(raw: Any) -> Text:
    return Text(ja=str(raw["ja"]), en=str(raw["en"]))


def _opt_text(raw: Any) -> Text | None:
    return None if raw is None else _text(raw)


_LEAF_OPS = ("equals", "not_equals", "in", "contains", "filled", "greater_than")


def parse_condition(raw: JSONObj) -> Condition:
    if "all" in raw:
        return Condition("all", children=tuple(parse_condition(c) for c in raw["all"]))
    if "any" in raw:
        return Condition("any", children=tuple(parse_condition(c) for c in raw["any"]))
    if "not" in raw:
        return Condition("not", children=(parse_condition(raw["not"]),))
    if "any_item" in raw:
        return Condition("any_item", path=str(raw["any_item"]), children=(parse_condition(raw["where"]),))
    for op in _LEAF_OPS:
        if op in raw:
            value = raw[op]
            if op == "in":
                value = tuple(value)
            return Condition(op, path=str(raw["field"]), value=value)
    raise FormSchemaError("condition without an operator")


def _constraints(raw: JSONObj | None) -> Constraints:
    if not raw:
        return Constraints()
    return Constraints(
        min_length=raw.get("min_length"),
        max_length=raw.get("max_length"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        not_future=bool(raw.get("not_future", False)),
        not_past=bool(raw.get("not_past", False)),
        max_days_past=raw.get("max_days_past"),
        max_days_ahead=raw.get("max_days_ahead"),
        school_age_after=raw.get("school_age_after"),
        school_age_until=raw.get("school_age_until"),
        fifteen_day_rule=bool(raw.get("fifteen_day_rule", False)),
        holder_matches=raw.get("holder_matches"),
        allow_public_account=bool(raw.get("allow_public_account", True)),
        age_band=_age_band(raw.get("age_band")),
        school_age_at=_school_age_at(raw.get("school_age_at")),
    )


def _school_age_at(raw: JSONObj | None) -> SchoolAgeAt | None:
    if not raw:
        return None
    return SchoolAgeAt(birth=str(raw["birth"]), until_age=int(raw["until"]))


def _age_band(raw: JSONObj | None) -> AgeBand | None:
    if not raw:
        return None
    return AgeBand(
        birth=str(raw["birth"]),
        on=raw.get("on"),
        by_option=tuple((str(value), limits.get("min"), limits.get("below"))
                        for value, limits in raw["options"].items()),
    )


def _cond(raw: Any) -> Condition | None:
    return None if raw is None else parse_condition(raw)


def _field(raw: JSONObj) -> FieldSpec:
    return FieldSpec(
        id=str(raw["id"]),
        type=FieldType(raw["type"]),
        label=_text(raw["label"]),
        required=bool(raw.get("required", False)),
        constraints=_constraints(raw.get("constraints")),
        options=tuple(Option(str(o["value"]), _text(o["label"]), o.get("stop")) for o in raw.get("options", ())),
        prefill=raw.get("prefill"),
        help=_opt_text(raw.get("help")),
        visible_if=_cond(raw.get("visible_if")),
        review_label=_opt_text(raw.get("review_label")),
        fields=tuple(_field(f) for f in raw.get("fields", ())),
        min_items=int(raw.get("min_items", 0)),
        max_items=int(raw.get("max_items", 20)),
        item_label=_opt_text(raw.get("item_label")),
    )


def _attachment(raw: JSONObj) -> AttachmentSpec:
    link = raw.get("replaced_by_linkage")
    linkage = None
    if link is not None:
        linkage = Linkage(
            information=_text(link["information"]),
            beppyo2_item=link.get("beppyo2_item"),
            via=link.get("via"),
            requires=_cond(link.get("requires")),
        )
    return AttachmentSpec(
        id=str(raw["id"]),
        label=_text(raw["label"]),
        mime_types=tuple(raw["mime_types"]),
        max_bytes=int(raw["max_bytes"]),
        max_files=int(raw.get("max_files", 1)),
        required=bool(raw.get("required", False)),
        required_if=_cond(raw.get("required_if")),
        replaced_by_linkage=linkage,
        help=_opt_text(raw.get("help")),
        at_counter=raw.get("at_counter") is not None,
    )


def parse_form(raw: JSONObj) -> FormSpec:
    """Build a FormSpec from the JSON document (already checked against form.schema.json)."""
    try:
        if raw.get("schema_version") != SCHEMA_VERSION:
            raise FormSchemaError(f"unsupported schema_version: {raw.get('schema_version')!r}")
        proc = raw["procedure"]
        scope = raw["municipality_scope"]
        return FormSpec(
            form_id=str(raw["form_id"]),
            version=str(raw["version"]),
            title=_text(raw["title"]),
            procedure=Procedure(
                name=_text(proc["name"]),
                legal_basis=str(proc["legal_basis"]),
                form_number=proc.get("form_number"),
                deadline=_opt_text(proc.get("deadline")),
                sources=tuple(str(s) for s in proc["sources"]),
            ),
            municipalities=None if scope["kind"] == "all" else tuple(scope["codes"]),
            signature_required=bool(raw.get("signature_required", True)),
            sections=tuple(
                SectionSpec(
                    id=str(s["id"]),
                    title=_text(s["title"]),
                    fields=tuple(_field(f) for f in s["fields"]),
                    visible_if=_cond(s.get("visible_if")),
                    help=_opt_text(s.get("help")),
                    review_title=_opt_text(s.get("review_title")),
                )
                for s in raw["sections"]
            ),
            attachments=tuple(_attachment(a) for a in raw.get("attachments", ())),
            notes=tuple(
                Note(str(n["id"]), _text(n["text"]), _cond(n.get("visible_if"))) for n in raw.get("notes", ())
            ),
            subject=str(raw.get("subject", "applicant")),
        )
    except FormSchemaError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise FormSchemaError(f"malformed form: {type(exc).__name__}: {exc}") from None


def read_form_json(form_id: str) -> dict[str, Any]:
    if form_id not in FORM_IDS:
        raise UnknownFormError(form_id)
    try:
        text = resources.files(FORMS_PACKAGE).joinpath(f"{form_id}.json").read_text(encoding="utf-8")
        return cast(dict[str, Any], json.loads(text))
    except (OSError, json.JSONDecodeError) as exc:
        raise FormSchemaError(f"cannot read form {form_id}: {type(exc).__name__}") from None


@functools.cache
def load_form(form_id: str) -> FormSpec:
    """The form with this id (cached; FormSpec is immutable)."""
    spec = parse_form(read_form_json(form_id))
    if spec.form_id != form_id:
        raise FormSchemaError(f"form file {form_id}.json declares {spec.form_id}")
    return spec


def available_forms() -> tuple[FormSpec, ...]:
    return tuple(load_form(f) for f in FORM_IDS)


def read_form_json_schema() -> dict[str, Any]:
    text = resources.files(FORMS_PACKAGE).joinpath("form.schema.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@functools.cache
def message_catalog() -> Mapping[str, Text]:
    """ja/en templates for the validation codes, e.g. '{max}文字以内で入力してください。'."""
    text = resources.files(FORMS_PACKAGE).joinpath("messages.json").read_text(encoding="utf-8")
    raw = json.loads(text)["messages"]
    return {code: _text(t) for code, t in raw.items()}
