"""One helper object per AppContext (the session controller, the reader hub, demo cards, the
kiosk wipe), kept on the context itself so it lives and dies with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_context(ctx: object, attr: str, factory: Callable[[], T]) -> T:
    """The object stored on ``ctx`` under ``attr``, made by ``factory`` the first time."""
    found: T | None = getattr(ctx, attr, None)
    if found is None:
        found = factory()
        setattr(ctx, attr, found)
    return found
