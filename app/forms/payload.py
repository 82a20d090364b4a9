"""The canonical JSON of an application: the exact bytes that are signed.

Sorted keys, no whitespace, UTF-8 (not ASCII-escaped), strings in Unicode NFC, no floats.
The backend checks the same bytes with the same rules (``backend_stub`` may import this module).
The same form values and attachments always give the same bytes, whatever order the
dicts were built in, so a retry re-signs (and the server re-verifies) identical content.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PAYLOAD_FORMAT = "mynadesk-application:1"


@dataclass(frozen=True)
class AttachmentDigest:
    slot: str  # the form's attachment id
    name: str  # file name as attached
    mime: str
    sha256: str  # hex

    @classmethod
    def of(cls, slot: str, name: str, mime: str, content: bytes) -> AttachmentDigest:
        return cls(slot, name, mime, hashlib.sha256(content).hexdigest())


class PayloadError(ValueError):
    """The values cannot be put in canonical form (e.g. a float or a non-string key)."""


def _canon(value: object) -> object:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        out = {}
        for k, item in value.items():
            if not isinstance(k, str):
                raise PayloadError("object keys must be strings")
            out[unicodedata.normalize("NFC", k)] = _canon(item)
        return out
    if isinstance(value, list | tuple):
        return [_canon(x) for x in value]
    raise PayloadError(f"unsupported value type {type(value).__name__}")


def canonical_json(obj: object) -> bytes:
    return json.dumps(_canon(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def canonical_payload(form_id: str, values: Mapping[str, object], attachments_digests: Sequence[AttachmentDigest],
                      *, municipality_code: str, idempotency_key: str, signed_at: str,
                      attachments_at_counter: Sequence[str] = ()) -> bytes:
    """The bytes to sign for an application (docs/api.md, "What is signed").

    Every member is required: the backend refuses (422 ``payload_mismatch``) a payload that
    lacks one or differs from the request in one. ``idempotency_key`` is the request's
    Idempotency-Key, so one signature files at most one application; ``signed_at`` (RFC 3339
    with an offset) is when the resident signed, the day the form's date rules are checked on.
    ``attachments_at_counter``: the slots the resident declares they will hand in at the
    municipality's counter instead of attaching (signed, so the declaration is theirs too);
    sorted, each once, ``[]`` when there are none.
    """
    doc: dict[str, object] = {
        "format": PAYLOAD_FORMAT,
        "form_id": form_id,
        "municipality_code": municipality_code,
        "data": values,
        "attachments": [
            {"slot": a.slot, "name": a.name, "mime": a.mime, "sha256": a.sha256}
            for a in sorted(attachments_digests, key=lambda a: (a.slot, a.name, a.sha256))
        ],
        "attachments_at_counter": sorted(set(attachments_at_counter)),
        "idempotency_key": idempotency_key,
        "signed_at": signed_at,
    }
    return canonical_json(doc)
