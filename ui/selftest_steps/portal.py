"""Self-test steps for the portal screens: after login, one page of やりとり履歴, the notice list
and one category of わたしの情報 load through the real screens (models, coroutines, the
client's pool)."""

from __future__ import annotations

from ui.selftest import SelfTest, register_step, until


def _logged_in(t: SelfTest) -> bool:
    """False when there is no session because the login step was skipped (no demo card)."""

    if t.root.access.is_logged_in:
        return True
    if not t.ctx.demo:
        return False
    raise RuntimeError("not logged in (the login step must run first)")


async def _step_history_page(t: SelfTest) -> str | None:
    if not _logged_in(t):
        return "skipped: not logged in"
    screen = t.window.show_screen("history")
    model = getattr(screen, "model", None)
    if model is None:
        raise RuntimeError("the history screen has no model")
    await until(lambda: len(model.records) > 0 or model.error is not None or model.total == 0, "history page")
    if model.error is not None:
        raise RuntimeError(model.error)
    return f"{len(model.records)} of {model.total} records"


async def _step_notices(t: SelfTest) -> str | None:
    if not _logged_in(t):
        return "skipped: not logged in"
    screen = t.window.show_screen("notices")
    model = getattr(screen, "model", None)
    if model is None:
        raise RuntimeError("the notices screen has no model")
    await until(lambda: not model.loading and (model.rowCount() > 0 or model.error is not None), "notice list")
    if model.error is not None:
        raise RuntimeError(model.error)
    return f"{model.rowCount()} notices, {model.unread} unread"


async def _step_self_info(t: SelfTest) -> str | None:
    from ui.screens.self_info import SelfInfoScreen

    if not _logged_in(t):
        return "skipped: not logged in"
    screen = t.window.show_screen("self_info")
    if not isinstance(screen, SelfInfoScreen):
        raise RuntimeError("the わたしの情報 screen did not open")
    await until(lambda: screen.categories.rowCount() > 0 or bool(screen.status.text()), "categories")
    if screen.categories.rowCount() == 0:
        raise RuntimeError(screen.status.text())
    category = screen.categories.category(0)
    assert category is not None
    screen.list.setCurrentIndex(screen.categories.index(0, 0))  # as a resident clicks the first one
    await until(lambda: screen.info is not None and screen.info.category == category.id, "the category's records")
    return f"{category.name}: {screen.items.rowCount()} items from {category.provider.name}"


register_step("history: first page", _step_history_page, order=400)
register_step("notices: list", _step_notices, order=410)
register_step("わたしの情報: one category", _step_self_info, order=415)
