"""Size limits of one application, shared by the client and the backend.

The backend refuses a request body over ``MAX_REQUEST_BYTES`` (413 ``payload_too_large``), a
file over its form slot's ``max_bytes`` or an application whose files together exceed
``MAX_APPLICATION_ATTACHMENT_BYTES``, and a resident whose stored attachments would exceed
``RESIDENT_ATTACHMENT_QUOTA_BYTES`` (413 ``quota_exceeded``). The client checks all of them
before it asks for the signing PIN (the quota against what the backend says is stored already,
``GET /applications``), so a resident never signs something the backend must refuse for its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from app.validators import ValidationIssue

MIB = 1024 * 1024
MAX_REQUEST_BYTES = 32 * MIB
MAX_APPLICATION_ATTACHMENT_BYTES = 20 * MIB
RESIDENT_ATTACHMENT_QUOTA_BYTES = 200 * MIB


class SizedFile(Protocol):
    @property
    def slot(self) -> str: ...
    @property
    def content(self) -> bytes: ...


def application_size_issues(files: Sequence[SizedFile]) -> dict[str, list[ValidationIssue]]:
    """Issues keyed by slot when the files together exceed what one application may carry.

    Each slot that holds a file gets the issue, so the resident sees it next to every document
    that counts towards the total. (Each file's own limit is its slot's, checked with its type.)
    """
    total = sum(len(f.content) for f in files)
    if total <= MAX_APPLICATION_ATTACHMENT_BYTES:
        return {}
    issue = ValidationIssue("attachment.total_too_large", {"max_bytes": MAX_APPLICATION_ATTACHMENT_BYTES,
                                                            "size": total})
    return {slot: [issue] for slot in dict.fromkeys(f.slot for f in files)}


def resident_quota_issues(files: Sequence[SizedFile], stored_bytes: int,
                          quota_bytes: int = RESIDENT_ATTACHMENT_QUOTA_BYTES) -> dict[str, list[ValidationIssue]]:
    """Issues keyed by slot when these files, with the ``stored_bytes`` the resident's earlier
    applications keep, would pass the resident's quota. Each slot holding a file gets the issue."""
    adding = sum(len(f.content) for f in files)
    if not adding or stored_bytes + adding <= quota_bytes:
        return {}
    issue = ValidationIssue("attachment.resident_quota", {"max_bytes": quota_bytes, "stored": stored_bytes,
                                                          "size": adding})
    return {slot: [issue] for slot in dict.fromkeys(f.slot for f in files)}
