"""Online application forms (子育てワンストップ): schemas as data, live state, prefill, payload.

The names below are loaded on first use (PEP 562), so that ``app.forms.titles`` (a form's
title, for ホーム) does not bring in the schemas, state, validators and payload code."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.forms.payload import AttachmentDigest, PayloadError, canonical_json, canonical_payload
    from app.forms.prefill import (
        CardTextData,
        HouseholdMember,
        ResidentRecord,
        card_date,
        prefill,
        prefill_household,
        self_info_from_api,
    )
    from app.forms.schema import (
        AttachmentSpec,
        Condition,
        FieldSpec,
        FieldType,
        FormSchemaError,
        FormSpec,
        SectionSpec,
        Text,
        UnknownFormError,
        available_forms,
        load_form,
        message_catalog,
    )
    from app.forms.state import (
        AttachedFile,
        AttachmentStatus,
        FormState,
        PathError,
        ReviewRow,
        ReviewSection,
        ValidationResult,
    )
    from app.forms.titles import FORM_IDS

_SOURCES = {
    "payload": ("AttachmentDigest", "PayloadError", "canonical_json", "canonical_payload"),
    "prefill": ("CardTextData", "HouseholdMember", "ResidentRecord", "card_date", "prefill", "prefill_household",
                "self_info_from_api"),
    "schema": ("AttachmentSpec", "Condition", "FieldSpec", "FieldType", "FormSchemaError",
               "FormSpec", "SectionSpec", "Text", "UnknownFormError", "available_forms", "load_form",
               "message_catalog"),
    "state": ("AttachedFile", "AttachmentStatus", "FormState", "PathError", "ReviewRow", "ReviewSection",
              "ValidationResult"),
    "titles": ("FORM_IDS",),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

__all__ = [
    "FORM_IDS",
    "AttachedFile",
    "AttachmentDigest",
    "AttachmentSpec",
    "AttachmentStatus",
    "CardTextData",
    "Condition",
    "FieldSpec",
    "FieldType",
    "FormSchemaError",
    "FormSpec",
    "FormState",
    "HouseholdMember",
    "PathError",
    "PayloadError",
    "ResidentRecord",
    "ReviewRow",
    "ReviewSection",
    "SectionSpec",
    "Text",
    "UnknownFormError",
    "ValidationResult",
    "available_forms",
    "canonical_json",
    "canonical_payload",
    "card_date",
    "load_form",
    "message_catalog",
    "prefill",
    "prefill_household",
    "self_info_from_api",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # The first use loads all of them, so the namespace is then the eager one; this also binds
    # ``prefill`` to the function, not to the submodule of that name its import binds.
    for module, names in _SOURCES.items():
        loaded = importlib.import_module(f"{__name__}.{module}")
        for n in names:
            globals()[n] = getattr(loaded, n)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
