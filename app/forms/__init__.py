"""Online application forms (子育てワンストップ): schemas as data, live state, prefill, payload."""

from app.forms.payload import AttachmentDigest, PayloadError, canonical_json, canonical_payload
from app.forms.prefill import CardTextData, prefill, self_info_from_api
from app.forms.schema import (
    FORM_IDS,
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
    "PathError",
    "PayloadError",
    "ReviewRow",
    "ReviewSection",
    "SectionSpec",
    "Text",
    "UnknownFormError",
    "ValidationResult",
    "available_forms",
    "canonical_json",
    "canonical_payload",
    "load_form",
    "message_catalog",
    "prefill",
    "self_info_from_api",
]
