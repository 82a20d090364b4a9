"""Size limits of one application, shared by the client and the backend.

The backend refuses a request body over ``MAX_REQUEST_BYTES`` (413 ``payload_too_large``), a
file over its form slot's ``max_bytes`` or an application whose files together exceed
``MAX_APPLICATION_ATTACHMENT_BYTES``, and a resident whose stored attachments would exceed
``RESIDENT_ATTACHMENT_QUOTA_BYTES`` (413 ``quota_exceeded``). The client checks the first two
of its own files before it asks for the signing PIN, so a resident never signs something the
backend must refuse for its size.
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
