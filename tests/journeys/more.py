"""Helpers of the journeys of points 7, 10-12, 15 and 16 (beside harness.py, which stays as it is)."""

from __future__ import annotations

import re
from typing import Any

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Official terms may keep their Japanese in parentheses ("Child allowance (児童手当)"), and a
# server-provided name with no English yet is shown as "新座市長 (Japanese only)".
PARENTHESIZED = re.compile(r"\([^()]*\)|（[^（）]*）")
JAPANESE_ONLY = re.compile(r"[^\s:：、,・/／]+\s\(Japanese only\)")


def japanese_left(text: str) -> bool:
    """Japanese in an English text, other than parenthesized terms and names marked
    「(Japanese only)」."""
    return bool(JAPANESE.search(PARENTHESIZED.sub("", JAPANESE_ONLY.sub("", text))))


def publish_notice(j: Any, resident_id: str, **fields: Any) -> str:
    """An agency publishes a notice on the app's embedded server (its database, as the stub's
    own processing does); the app learns of it by its push polling."""
    from backend_stub.network import portal
    from backend_stub.server.db import Database

    fields.setdefault("body", "テスト用のお知らせです。")
    fields.setdefault("sender", "新座市")
    fields.setdefault("category", "child")
    db = Database.in_data_dir(j.ctx.data_dir / "demo-backend")
    try:
        with db.transaction() as conn:
            return str(portal.create_notice(conn, resident_id, **fields))
    finally:
        db.close()


def quiet() -> bool:
    """No portal call in flight but the notice push's long poll."""
    from ui.portal import tasks

    return all("NoticePushService" in t.get_coro().__qualname__ for t in list(tasks._running))
