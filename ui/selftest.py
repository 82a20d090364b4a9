"""``--self-test``: exercises every capability that exists, end to end, and reports each step.

Features add steps from any module under ``ui/screens/`` or ``ui/selftest_steps/``::

    from ui.selftest import SelfTest, register_step

    async def _login(t: SelfTest) -> str | None:
        url, ca = await t.ctx.wait_backend_ready()
        ...                      # raise (any exception) to fail; return a short note or None
        t.data["session"] = session  # for later steps

    register_step("login with a demo card", _login, order=200)

Steps run in ``order`` (then registration order), each with a timeout; the run stops at the
first failure. Output: ``STEP <name> ... ok [(note)]`` or ``STEP <name> ... FAILED: <reason>``.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import pkgutil
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ui.app_context import AppContext
    from ui.composition_root import CompositionRoot
    from ui.demo_cards import DemoCards
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

STEP_TIMEOUT_S = 60.0


@dataclass
class SelfTest:
    ctx: AppContext
    window: MainWindow
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> CompositionRoot:
        """What the app was built from (the window's composition root)."""
        return self.window.root

    def demo_cards(self) -> DemoCards:
        cards = self.window.root.demo_cards
        if cards is None:
            raise RuntimeError("no demo cards: not in demo mode")
        return cards


StepFn = Callable[[SelfTest], Awaitable[str | None]]


@dataclass(frozen=True)
class Step:
    name: str
    fn: StepFn
    order: int
    timeout: float


_steps: list[Step] = []


def register_step(name: str, fn: StepFn, *, order: int = 100, timeout: float = STEP_TIMEOUT_S) -> None:
    """Adds a step; registering the same name again replaces it."""
    _steps[:] = [s for s in _steps if s.name != name]
    _steps.append(Step(name, fn, order, timeout))


def steps() -> list[Step]:
    return sorted(_steps, key=lambda s: s.order)  # sort is stable: registration order within an order


def discover() -> None:
    """Imports the modules that may register steps."""
    for package_name in ("ui.screens", "ui.selftest_steps"):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{info.name}")


async def run(ctx: AppContext, window: MainWindow, out: TextIO | None = None) -> int:
    """Runs every step; 0 when all pass, else 1 (the failed step is named on stderr)."""
    out = out or sys.stdout
    discover()
    test = SelfTest(ctx, window)
    for step in steps():
        print(f"STEP {step.name} ...", end=" ", file=out, flush=True)
        try:
            note = await asyncio.wait_for(step.fn(test), step.timeout)
        except Exception as exc:  # a self-test reports every failure, whatever its type
            reason = str(exc) or type(exc).__name__
            if isinstance(exc, TimeoutError):
                reason = f"timed out after {step.timeout:g} s"
            log.error("self-test step %r failed: %s", step.name, reason, exc_info=exc)
            print(f"FAILED: {reason.splitlines()[0] if reason else ''}", file=out, flush=True)
            print(f"self-test failed at step: {step.name}", file=sys.stderr, flush=True)
            return 1
        print(f"ok ({note})" if note else "ok", file=out, flush=True)
    return 0


async def until(condition: Callable[[], object], what: str, limit_s: float = 30.0) -> None:
    """Waits for ``condition`` as a resident watches the screen (polling the UI on purpose);
    RuntimeError naming ``what`` after ``limit_s``."""
    try:
        async with asyncio.timeout(limit_s):
            while not condition():  # noqa: ASYNC110 - polling the UI on purpose
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise RuntimeError(f"timed out waiting for: {what}") from None


# -- the foundation's own steps ------------------------------------------------------------

async def _step_backend(t: SelfTest) -> str | None:
    from ui.app_context import BackendState

    try:
        url, ca = await t.ctx.wait_backend_ready()
    except RuntimeError:
        detail = t.ctx.backend_error_detail.strip().splitlines()
        raise RuntimeError(
            f"{t.ctx.backend_error.value if t.ctx.backend_error else 'error'}"
            + (f": {detail[-1]}" if detail else "")
        ) from None
    assert t.ctx.backend_state == BackendState.CONNECTED
    pid = t.ctx.embedded.pid if t.ctx.embedded else None
    return f"{url}" + (f", pid {pid}" if pid else "") + (f", CA {ca}" if ca else "")


async def _step_health(t: SelfTest) -> str | None:
    from ui.app_context import check_health

    url, ca = await t.ctx.wait_backend_ready()
    loop = asyncio.get_running_loop()
    body = await loop.run_in_executor(None, check_health, url, str(ca) if ca else None)
    return f"version {body.get('version', '?')}"


async def _step_window(t: SelfTest) -> str | None:
    if not t.window.isVisible():
        raise RuntimeError("the main window is not visible")
    if t.ctx.demo and not t.window.demo_badge.isVisible():
        raise RuntimeError("the デモ marker is not visible in demo mode")
    return None


async def _step_screens(t: SelfTest) -> str | None:
    from ui.screens import NAV_ENTRIES

    for nav in NAV_ENTRIES:
        widget = t.window.show_screen(nav.key)
        await asyncio.sleep(0)  # let the screen paint and run its first callbacks
        if t.window.stack.currentWidget() is not widget or not widget.isVisible():
            raise RuntimeError(f"screen {nav.key} did not open")
    t.window.show_screen(NAV_ENTRIES[0].key)
    return f"{len(NAV_ENTRIES)} screens"


register_step("backend ready", _step_backend, order=10)
register_step("health over HTTPS", _step_health, order=20)
register_step("main window shown", _step_window, order=30)
register_step("every screen opens", _step_screens, order=40)
