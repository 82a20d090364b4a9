"""The live state of one form being filled in: values, visibility, validation, attachments.

Values are JSON-shaped: ``{section_id: {field_id: value}}``. A repeat field holds a list of
``{field_id: value}`` items; a bank_account field holds a dict. Paths name values:
``claimant.name``, ``payment.account.bank_code``, ``children.children[1].birth_date``.
In conditions, ``@x`` means field x of the same repeat item.

Hidden sections and fields are neither validated nor submitted, but their values are kept,
so a resident who toggles a choice back and forth loses nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from app import validators as v
from app.forms.limits import application_size_issues
from app.forms.schema import (
    AgeBand,
    AttachmentSpec,
    Condition,
    FieldSpec,
    FieldType,
    FormSpec,
    SchoolAgeAt,
    SectionSpec,
    Text,
)
from app.validators import ValidationIssue

Values = dict[str, dict[str, object]]
Item = Mapping[str, object]

# Japan's date, as app.jst.today_jst gives it, written out here: these rules are shared with the
# stub, which may import app.forms and app.validators and nothing else of app (pyproject.toml).
_JST = dt.timezone(dt.timedelta(hours=9), "JST")

_STEP = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class PathError(KeyError):
    """A path that names no field of the form."""


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def _parse_path(path: str) -> list[tuple[str, int | None]]:
    steps: list[tuple[str, int | None]] = []
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if m is None:
            raise PathError(path)
        steps.append((m[1], None if m[2] is None else int(m[2])))
    return steps


@dataclass(frozen=True)
class AttachmentStatus:
    """One document the form asks about, given the current values."""

    spec: AttachmentSpec
    required: bool  # the rules ask for it
    replaced_by_linkage: bool  # ...but information linkage supplies it instead

    @property
    def needed(self) -> bool:
        return self.required and not self.replaced_by_linkage


@dataclass(frozen=True)
class AttachedFile:
    """A file the resident attached (held by the draft)."""

    slot: str
    name: str
    mime: str
    content: bytes


@dataclass(frozen=True)
class ReviewRow:
    path: str
    label: Text
    value: object  # normalised value; for choices, the option value
    option_label: Text | None = None  # the chosen option's label, for select/radio
    sensitive: bool = False  # e.g. 個人番号: the UI may mask it
    field_type: FieldType | None = None  # e.g. DATE: the UI shows 和暦 beside it


@dataclass(frozen=True)
class ReviewSection:
    section: SectionSpec
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class ValidationResult:
    issues: Mapping[str, tuple[ValidationIssue, ...]]  # path -> issues (errors, warnings, notes)

    @property
    def ok(self) -> bool:
        return not any(i.blocking for issues in self.issues.values() for i in issues)

    def errors(self) -> dict[str, tuple[ValidationIssue, ...]]:
        out = {p: tuple(i for i in issues if i.blocking) for p, issues in self.issues.items()}
        return {p: i for p, i in out.items() if i}


class FormState:
    """Mutable model behind the wizard. `today` is injected so rules are testable."""

    def __init__(self, spec: FormSpec, values: Mapping[str, Mapping[str, object]] | None = None,
                 *, today: dt.date | None = None) -> None:
        self.spec = spec
        self.today = today or dt.datetime.now(_JST).date()
        self._values: Values = {s.id: {} for s in spec.sections}
        for section_id, fields in (values or {}).items():
            if section_id in self._values:
                self._values[section_id] = copy.deepcopy(dict(fields))

    # --- values ---------------------------------------------------------------------------

    @property
    def values(self) -> Values:
        """A deep copy of everything entered (visible or not); what a draft stores."""
        return copy.deepcopy(self._values)

    def field_spec(self, path: str) -> FieldSpec:
        steps = _parse_path(path)
        if len(steps) < 2:
            raise PathError(path)
        try:
            spec = self.spec.section(steps[0][0]).field(steps[1][0])
            for name, _ in steps[2:]:
                if spec.type is FieldType.BANK_ACCOUNT:
                    return spec
                spec = next(f for f in spec.fields if f.id == name)
        except (KeyError, StopIteration):
            raise PathError(path) from None
        return spec

    def get(self, path: str, item: Item | None = None) -> object:
        """The value at `path`, or None. '@x' reads field x of `item`."""
        if path.startswith("@"):
            return None if item is None else self._dig(item, _parse_path(path[1:]))
        return self._dig(self._values, _parse_path(path))

    @staticmethod
    def _dig(root: object, steps: Sequence[tuple[str, int | None]]) -> object:
        node: object = root
        for name, index in steps:
            if not isinstance(node, Mapping):
                return None
            node = node.get(name)
            if index is not None:
                if not isinstance(node, list) or index >= len(node):
                    return None
                node = node[index]
        return node

    def set(self, path: str, value: object) -> None:
        """Set a value (a whole repeat list, a whole dict, or one leaf inside them)."""
        self.field_spec(path)  # raises PathError for unknown paths
        steps = _parse_path(path)
        node: dict[str, object] = self._values[steps[0][0]]
        for depth, (name, index) in enumerate(steps[1:], start=1):
            last = depth == len(steps) - 1
            if index is None:
                if last:
                    node[name] = copy.deepcopy(value)
                    return
                child = node.get(name)
                if not isinstance(child, dict):
                    child = {}
                    node[name] = child
                node = child
            else:
                items = node.get(name)
                if not isinstance(items, list) or index >= len(items):
                    raise PathError(path)
                if last:
                    items[index] = copy.deepcopy(value)
                    return
                if not isinstance(items[index], dict):
                    items[index] = {}
                node = items[index]

    def add_item(self, path: str) -> int:
        """Append an empty item to a repeat field; returns its index."""
        spec = self.field_spec(path)
        if spec.type is not FieldType.REPEAT:
            raise PathError(path)
        items = self.get(path)
        new_items = list(items) if isinstance(items, list) else []
        new_items.append({})
        self.set(path, new_items)
        return len(new_items) - 1

    def remove_item(self, path: str, index: int) -> None:
        items = self.get(path)
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise PathError(f"{path}[{index}]")
        self.set(path, items[:index] + items[index + 1 :])

    # --- conditions and visibility --------------------------------------------------------

    def check(self, cond: Condition | None, item: Item | None = None) -> bool:
        if cond is None:
            return True
        op = cond.op
        if op == "all":
            return all(self.check(c, item) for c in cond.children)
        if op == "any":
            return any(self.check(c, item) for c in cond.children)
        if op == "not":
            return not self.check(cond.children[0], item)
        if op == "any_item":
            items = self.get(cond.path)
            if not isinstance(items, list):
                return False
            return any(isinstance(it, Mapping) and self.check(cond.children[0], it) for it in items)
        value = self.get(cond.path, item)
        if op == "equals":
            return bool(value == cond.value)
        if op == "not_equals":
            return bool(value != cond.value)
        if op == "in":
            return value in cond.value
        if op == "contains":
            return isinstance(value, list) and cond.value in value
        if op == "filled":
            return (not _is_empty(value)) == bool(cond.value)
        if op == "greater_than":
            return isinstance(value, int) and not isinstance(value, bool) and value > cond.value
        raise ValueError(f"unknown condition operator {op}")

    def section_visible(self, section_id: str) -> bool:
        return self.check(self.spec.section(section_id).visible_if)

    def visible_sections(self) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.spec.sections if self.check(s.visible_if))

    def field_visible(self, path: str) -> bool:
        """Whether the field at `path` is shown (its section, its parents and itself)."""
        steps = _parse_path(path)
        if not self.section_visible(steps[0][0]):
            return False
        spec = self.spec.section(steps[0][0]).field(steps[1][0])
        if not self.check(spec.visible_if):
            return False
        if spec.type is FieldType.REPEAT and len(steps) > 2 and steps[1][1] is not None:
            item = self.get(f"{steps[0][0]}.{steps[1][0]}[{steps[1][1]}]")
            sub = next((f for f in spec.fields if f.id == steps[2][0]), None)
            if sub is None:
                raise PathError(path)
            return self.check(sub.visible_if, item if isinstance(item, Mapping) else {})
        return True

    def visible_notes(self) -> tuple[Text, ...]:
        return tuple(n.text for n in self.spec.notes if self.check(n.visible_if))

    # --- validation -----------------------------------------------------------------------

    def validate_field(self, path: str) -> list[ValidationIssue]:
        """Issues for one field (as the resident types); [] when hidden."""
        result = self.validate()
        return [i for p, issues in result.issues.items() if p == path or p.startswith((path + ".", path + "["))
                for i in issues]

    def validate(self) -> ValidationResult:
        issues: dict[str, list[ValidationIssue]] = {}
        for section in self.visible_sections():
            for spec in section.fields:
                if not self.check(spec.visible_if):
                    continue
                path = f"{section.id}.{spec.id}"
                self._validate(spec, path, self.get(path), None, issues)
        return ValidationResult({p: tuple(i) for p, i in issues.items() if i})

    def _validate(self, spec: FieldSpec, path: str, value: object, item: Item | None,
                  out: dict[str, list[ValidationIssue]]) -> None:
        def add(p: str, found: Sequence[ValidationIssue]) -> None:
            if found:
                out.setdefault(p, []).extend(found)

        if spec.type is FieldType.REPEAT:
            items = value if isinstance(value, list) else []
            lower = max(spec.min_items, 1 if spec.required else 0)
            if len(items) < lower:
                add(path, [ValidationIssue("repeat.too_few", {"min": lower})])
            if len(items) > spec.max_items:
                add(path, [ValidationIssue("repeat.too_many", {"max": spec.max_items})])
            for index, it in enumerate(items):
                it_map: Item = it if isinstance(it, Mapping) else {}
                for sub in spec.fields:
                    if self.check(sub.visible_if, it_map):
                        self._validate(sub, f"{path}[{index}].{sub.id}", it_map.get(sub.id), it_map, out)
            return
        if _is_empty(value) or (spec.type is FieldType.CHECKBOX and not spec.options and value is False):
            if spec.required:
                code = "consent.required" if spec.type is FieldType.CHECKBOX else "required"
                add(path, [ValidationIssue(code)])
            return
        add(path, self._check_value(spec, path, value, item, out))

    def _check_value(self, spec: FieldSpec, path: str, value: object, item: Item | None,
                     out: dict[str, list[ValidationIssue]]) -> list[ValidationIssue]:
        c = spec.constraints
        t = spec.type
        wrong_type = [ValidationIssue("value.type")]
        if t is FieldType.NUMBER:
            return v.validate_number(value, minimum=c.minimum, maximum=c.maximum)
        if t is FieldType.CHECKBOX:
            if not spec.options:
                return [] if isinstance(value, bool) else wrong_type
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                return wrong_type
            bad = [x for x in value if spec.option(x) is None]
            return [ValidationIssue("choice.invalid")] if bad else []
        if t is FieldType.BANK_ACCOUNT:
            if not isinstance(value, Mapping):
                return wrong_type
            holder = self.get(c.holder_matches, item) if c.holder_matches else None
            by_sub = v.validate_bank_account(
                value, allow_public_account=c.allow_public_account,
                holder_kana=holder if isinstance(holder, str) else None,
            )
            for sub, sub_issues in by_sub.items():
                out.setdefault(f"{path}.{sub}", []).extend(sub_issues)
            return []
        if not isinstance(value, str):
            return wrong_type
        if t in (FieldType.SELECT, FieldType.RADIO):
            option = spec.option(value)
            if option is None:
                return [ValidationIssue("choice.invalid")]
            if option.stop:
                return [ValidationIssue(option.stop)]
            return self._age_band_issues(c.age_band, value) if c.age_band is not None else []
        if t is FieldType.KANA:
            return v.validate_katakana(value, max_length=c.max_length)
        if t in (FieldType.TEXT, FieldType.TEXTAREA):
            return v.validate_text(value, min_length=c.min_length, max_length=c.max_length,
                                   multiline=t is FieldType.TEXTAREA)
        if t is FieldType.POSTAL_CODE:
            return v.validate_postal_code(value)
        if t is FieldType.PHONE:
            return v.validate_phone(value)
        if t is FieldType.MY_NUMBER:
            return v.validate_my_number(value)
        if t is FieldType.DATE:
            found = v.validate_date(value, today=self.today, not_future=c.not_future, not_past=c.not_past,
                                    max_days_past=c.max_days_past, max_days_ahead=c.max_days_ahead)
            if found:
                return found
            if c.school_age_after is not None or c.school_age_until is not None:
                found = v.validate_school_age_band(value, today=self.today, after_age=c.school_age_after,
                                                   until_age=c.school_age_until)
            if c.school_age_at is not None:
                found = found + self._school_age_at_issues(c.school_age_at, value)
            if c.fifteen_day_rule:
                found = found + v.fifteen_day_rule(value, claim_date=self.today)
            return found
        raise AssertionError(t)  # every FieldType is handled above

    def _school_age_at_issues(self, rule: SchoolAgeAt, value: str) -> list[ValidationIssue]:
        """A date (the start date) after the school year the child is still within: the rule
        holds on that date, not only on the day the form is signed."""
        birth_value = self.get(rule.birth)
        birth = v.parse_date(birth_value) if isinstance(birth_value, str) else None
        on = v.parse_date(value)
        if birth is None or on is None:
            return []  # the birth date's own issue says what is wrong
        return v.validate_within_school_age(birth, on=on, until_age=rule.until_age)

    def _age_band_issues(self, band: AgeBand, value: str) -> list[ValidationIssue]:
        """An option chosen for a child of an age it does not cover (e.g. 3号 for a 4-year-old)."""
        low, below = band.limits(value)
        birth_value = self.get(band.birth)
        birth = v.parse_date(birth_value) if isinstance(birth_value, str) else None
        if birth is None:
            return []  # the birth date's own issue says what is wrong
        on_value = self.get(band.on) if band.on else None
        on = (v.parse_date(on_value) if isinstance(on_value, str) else None) or self.today
        age = v.age_reached_on(birth, on)
        if low is not None and age < low:
            return [ValidationIssue("choice.age_too_low", {"age": low, "on": on.isoformat()})]
        if below is not None and age >= below:
            return [ValidationIssue("choice.age_too_high", {"age": below, "on": on.isoformat()})]
        return []

    # --- attachments ----------------------------------------------------------------------

    def attachment_statuses(self) -> tuple[AttachmentStatus, ...]:
        """The documents that apply to the current values, required or optional, and which
        of them information linkage replaces (those need not be attached)."""
        out = []
        for a in self.spec.attachments:
            if a.required_if is not None:
                if not self.check(a.required_if):
                    continue
                required = True
            else:
                required = a.required
            link = a.replaced_by_linkage
            replaced = required and link is not None and self.check(link.requires)
            out.append(AttachmentStatus(a, required, replaced))
        return tuple(out)

    def required_attachments(self) -> tuple[AttachmentSpec, ...]:
        return tuple(s.spec for s in self.attachment_statuses() if s.needed)

    def replaced_attachments(self) -> tuple[AttachmentStatus, ...]:
        return tuple(s for s in self.attachment_statuses() if s.replaced_by_linkage)

    def validate_attachments(self, files: Sequence[AttachedFile],
                             at_counter: Sequence[str] = ()) -> dict[str, list[ValidationIssue]]:
        """Issues keyed by attachment id: missing, too many, wrong type/size/content, not asked for.

        ``at_counter``: slots the resident declares they will hand in at the municipality's counter
        instead of attaching (a kiosk takes no file). A needed document so declared is not missing,
        but only where the form says the municipality takes it at its counter (``at_counter`` of
        the slot, with its source); a declared slot also carries no file, and must be one the
        answers call for.
        """
        statuses = {s.spec.id: s for s in self.attachment_statuses()}
        out: dict[str, list[ValidationIssue]] = {}
        for slot in dict.fromkeys(at_counter):
            status = statuses.get(slot)
            if status is None:
                out.setdefault(slot, []).append(ValidationIssue("attachment.not_applicable"))
            elif not status.spec.at_counter:
                out.setdefault(slot, []).append(ValidationIssue("attachment.counter_not_allowed"))
            elif any(f.slot == slot for f in files):
                out.setdefault(slot, []).append(ValidationIssue("attachment.counter_with_file"))
        by_slot: dict[str, list[AttachedFile]] = {}
        for f in files:
            by_slot.setdefault(f.slot, []).append(f)
        for slot, slot_files in by_slot.items():
            status = statuses.get(slot)
            if status is None:
                out.setdefault(slot, []).append(ValidationIssue("attachment.not_applicable"))
                continue
            spec = status.spec
            if len(slot_files) > spec.max_files:
                out.setdefault(slot, []).append(ValidationIssue("attachment.too_many", {"max": spec.max_files}))
            for f in slot_files:
                out.setdefault(slot, []).extend(v.validate_attachment_name(f.name))
                out.setdefault(slot, []).extend(v.validate_attachment_file(
                    mime=f.mime, content=f.content, accepted=spec.mime_types, max_bytes=spec.max_bytes))
        # What the backend refuses for size (app.forms.limits) is refused here, before signing.
        for slot, found in application_size_issues(
                [f for f in files if f.slot in statuses]).items():
            out.setdefault(slot, []).extend(found)
        for slot, status in statuses.items():
            if status.needed and slot not in by_slot and not (slot in at_counter and status.spec.at_counter):
                out.setdefault(slot, []).append(ValidationIssue("attachment.missing"))
        return {k: val for k, val in out.items() if val}

    # --- output ---------------------------------------------------------------------------

    def _visible_fields(self) -> Iterator[tuple[SectionSpec, FieldSpec]]:
        for section in self.visible_sections():
            for spec in section.fields:
                if self.check(spec.visible_if):
                    yield section, spec

    def _normalise(self, spec: FieldSpec, value: object) -> object:
        t = spec.type
        if isinstance(value, str):
            value = value.strip()
            if t is FieldType.KANA:
                return v.normalize_katakana(value)
            if t is FieldType.POSTAL_CODE:
                return v.normalize_postal_code(value)
            if t in (FieldType.PHONE, FieldType.MY_NUMBER):
                return v.normalize_digits(value)
            if t is FieldType.DATE:
                parsed = v.parse_date(value)
                return parsed.isoformat() if parsed else value
            if t is FieldType.NUMBER:
                return int(v.normalize_digits(value).replace(",", ""))
            return value
        if t is FieldType.BANK_ACCOUNT and isinstance(value, Mapping):
            return v.normalize_bank_account(value)
        if t is FieldType.REPEAT and isinstance(value, list):
            items = []
            for it in value:
                it_map: Item = it if isinstance(it, Mapping) else {}
                items.append({
                    sub.id: self._normalise(sub, it_map.get(sub.id))
                    for sub in spec.fields
                    if self.check(sub.visible_if, it_map) and not _is_empty(it_map.get(sub.id))
                })
            return items
        return copy.deepcopy(value)

    def submission_data(self) -> dict[str, dict[str, object]]:
        """The normalised values of visible, filled fields: what is signed and sent."""
        out: dict[str, dict[str, object]] = {}
        for section, spec in self._visible_fields():
            value = self.get(f"{section.id}.{spec.id}")
            if _is_empty(value):
                continue
            out.setdefault(section.id, {})[spec.id] = self._normalise(spec, value)
        return out

    def review(self) -> tuple[ReviewSection, ...]:
        """What the review page shows, in form order (visible, filled fields only)."""
        data = self.submission_data()
        sections = []
        for section in self.visible_sections():
            rows: list[ReviewRow] = []
            for spec in section.fields:
                if spec.id not in data.get(section.id, {}):
                    continue
                self._review_rows(spec, f"{section.id}.{spec.id}", data[section.id][spec.id], rows)
            if rows:
                sections.append(ReviewSection(section, tuple(rows)))
        return tuple(sections)

    def _review_rows(self, spec: FieldSpec, path: str, value: object, rows: list[ReviewRow]) -> None:
        if spec.type is FieldType.REPEAT and isinstance(value, list):
            for index, it in enumerate(value):
                for sub in spec.fields:
                    if isinstance(it, Mapping) and sub.id in it:
                        self._review_rows(sub, f"{path}[{index}].{sub.id}", it[sub.id], rows)
            return
        option = spec.option(value) if isinstance(value, str) and spec.options else None
        rows.append(ReviewRow(path, spec.review_label or spec.label, value,
                              option.label if option else None, spec.type is FieldType.MY_NUMBER, spec.type))
