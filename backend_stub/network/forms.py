"""The client's form definitions and payload rules, as the stub checks a filed application.

Form rules are data shared by both sides (resources/forms): what the wizard refuses before
signing, the backend refuses after. So this one module imports the client's pure form
modules (``app.forms``, ``app.validators``: no Qt, no I/O beyond reading the form files);
the import contract in pyproject.toml allows exactly that, and only here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.forms.limits import (
    MAX_APPLICATION_ATTACHMENT_BYTES,
    MAX_REQUEST_BYTES,
    RESIDENT_ATTACHMENT_QUOTA_BYTES,
)
from app.forms.payload import PAYLOAD_FORMAT, PayloadError, canonical_json
from app.forms.schema import FormSchemaError, FormSpec, load_form
from app.forms.state import AttachedFile, FormState, PathError
from app.validators import attachment_name_ok

__all__ = [
    "MAX_APPLICATION_ATTACHMENT_BYTES",
    "MAX_REQUEST_BYTES",
    "PAYLOAD_FORMAT",
    "RESIDENT_ATTACHMENT_QUOTA_BYTES",
    "SIZE_CODES",
    "CheckedFile",
    "FormSpec",
    "PayloadError",
    "attachment_name_ok",
    "canonical_json",
    "form",
    "size_issues",
    "validate",
]

# Codes of issues that are about size: answered 413 quota_exceeded, not 400 invalid_form.
SIZE_CODES = frozenset({"attachment.too_large", "attachment.total_too_large"})


@dataclass(frozen=True)
class CheckedFile:
    slot: str
    name: str
    mime: str
    content: bytes


def form(form_id: str) -> FormSpec | None:
    try:
        return load_form(form_id)
    except FormSchemaError:
        return None


def _files(files: Sequence[CheckedFile]) -> list[AttachedFile]:
    return [AttachedFile(f.slot, f.name, f.mime, f.content) for f in files]


def size_issues(spec: FormSpec, files: Sequence[CheckedFile]) -> dict[str, str]:
    """``attachments.<slot>`` → code for files over their slot's limit or over the total."""
    out: dict[str, str] = {}
    total = 0
    for f in files:
        total += len(f.content)
        slot = next((a for a in spec.attachments if a.id == f.slot), None)
        if slot is not None and len(f.content) > slot.max_bytes:
            out.setdefault(f"attachments.{f.slot}", "attachment.too_large")
    if total > MAX_APPLICATION_ATTACHMENT_BYTES:
        for f in files:
            out.setdefault(f"attachments.{f.slot}", "attachment.total_too_large")
    return out


def _unknown_paths(spec: FormSpec, data: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    sections = {s.id: s for s in spec.sections}
    for section_id, fields in data.items():
        section = sections.get(section_id)
        if section is None:
            out[section_id] = "unknown_field"
            continue
        if not isinstance(fields, dict):
            out[section_id] = "value.type"
            continue
        known = {f.id for f in section.fields}
        for field_id in fields:
            if field_id not in known:
                out[f"{section_id}.{field_id}"] = "unknown_field"
    return out


def validate(spec: FormSpec, data: Mapping[str, Any], files: Sequence[CheckedFile], day: dt.date,
             at_counter: Sequence[str] = ()) -> dict[str, str]:
    """Field path → issue code for everything the form's rules refuse, checked on ``day``.

    Data paths are the form's (``claimant.phone``, ``children.children[0].birth_date``);
    attachment issues are ``attachments.<slot>``. Empty: the application is complete and valid.
    ``at_counter``: the slots declared "handed in at the counter"; a needed document so declared
    is not missing only where the form says its municipality takes it at the counter.
    Data must also be what the client's normalisation makes of it (only the visible, filled
    fields, normalised), so what is stored is what the form would have produced.
    """
    unknown = _unknown_paths(spec, data)
    if unknown:
        return unknown
    try:
        state = FormState(spec, data, today=day)
        found = {path: issues[0].code for path, issues in state.validate().errors().items()}
        for slot, issues in state.validate_attachments(_files(files), at_counter).items():
            found.setdefault(f"attachments.{slot}", issues[0].code)
        if not found:
            expected = state.submission_data()
            for section_id in sorted(set(expected) | set(data)):
                want, got = expected.get(section_id, {}), data.get(section_id, {})
                for field_id in sorted(set(want) | set(got)):
                    if field_id not in want:
                        found[f"{section_id}.{field_id}"] = "not_expected"
                    elif want[field_id] != got.get(field_id):
                        found[f"{section_id}.{field_id}"] = "not_normalised"
    except (PathError, TypeError, ValueError, AttributeError, KeyError, RecursionError):
        return {"data": "value.type"}
    return found
