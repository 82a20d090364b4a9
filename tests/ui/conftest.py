"""pytest-qt set-up for UI tests: a fresh context per test, fake stub servers, a guard that
fails a test leaving top-level widgets or threads behind (napari/Vorta style), and the one
qasync loop every test that needs asyncio shares (``aloop``)."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from app.config import LaunchOptions
from app.settings import Language, MemorySettingsStore, SettingsStore
from ui.app_context import AppContext
from ui.composition_root import CompositionRoot
from ui.i18n import install_translators
from ui.main_window import MainWindow
from ui.style import apply_reduced_motion, stylesheet

FAKE_STUB = Path(__file__).with_name("fake_stub.py")

_LOOP: asyncio.AbstractEventLoop | None = None


def shared_qasync_loop(qapp: QApplication) -> asyncio.AbstractEventLoop:
    """The one qasync loop of the test run, on the running QApplication (as ui.main sets it up).

    One for the whole run, never stopped or closed: qasync's ``loop.stop()`` calls
    ``QApplication.exit()``, after which every nested QEventLoop (``qtbot.waitSignal``,
    ``waitUntil``) returns at once and queued signals from threads stop arriving; and a second
    qasync loop on the same QApplication does not run the first one's callbacks. Support modules
    that define their own loop fixture should call this rather than make a loop."""
    global _LOOP
    if _LOOP is None or _LOOP.is_closed():
        import qasync

        _LOOP = qasync.QEventLoop(qapp, already_running=True)
    return _LOOP


@pytest.fixture(scope="session")
def qasync_loop(qapp: QApplication) -> asyncio.AbstractEventLoop:
    return shared_qasync_loop(qapp)


@pytest.fixture
def aloop(qasync_loop: asyncio.AbstractEventLoop, qtbot: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """asyncio on the Qt loop for this test: the shared loop is the current and running loop
    (coroutines advance while qtbot waits). At teardown this test's tasks are cancelled and
    awaited, and the loop stops being the running loop (it stays the current one)."""
    loop = qasync_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    try:
        from ui.portal import tasks as portal_tasks
    except ImportError:  # the portal screens are not part of this build
        portal_tasks = None
    if portal_tasks is not None:
        portal_tasks.cancel_all()
    qtbot.waitUntil(lambda: all(t.done() for t in pending)
                    and (portal_tasks is None or portal_tasks.pending() == 0), timeout=5000)
    # Not running outside a test that asks for it, but still the current loop: code that
    # looks one up with get_event_loop() in a test without ``aloop`` finds this one, not a new
    # plain asyncio loop (whose tasks would never run) or an error.
    asyncio.events._set_running_loop(None)


@pytest.fixture(autouse=True)
def _no_leaks(qapp: QApplication) -> Iterator[None]:
    widgets_before = {id(w) for w in qapp.topLevelWidgets()}
    threads_before = set(threading.enumerate())
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [w for w in qapp.topLevelWidgets() if id(w) not in widgets_before and w.isVisible()]
    threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not leaked, f"test leaked top-level widgets: {[w.objectName() or type(w).__name__ for w in leaked]}"
    assert not threads, f"test left threads running: {[t.name for t in threads]}"


@pytest.fixture(autouse=True)
def _japanese(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, Language.JA)
    yield
    install_translators(qapp, Language.JA)


@pytest.fixture(autouse=True)
def _appearance(qapp: QApplication) -> Iterator[None]:
    """Font size, theme and reduced motion changed by a test (the settings screen applies
    them app-wide) do not leak into the next test."""
    font, palette = qapp.font(), qapp.palette()
    yield
    if qapp.font() != font:
        qapp.setFont(font)
    if qapp.property("mynadesk_theme") is not None:
        qapp.setPalette(palette)
        qapp.setProperty("mynadesk_theme", None)
    if qapp.property("mynadesk_reduced_motion"):
        apply_reduced_motion(False)


def fake_stub(mode: str, counter: Path | None = None) -> tuple[str, list[str]]:
    """A stand-in for the stub server's command line: see fake_stub.py for the modes."""
    return sys.executable, [str(FAKE_STUB), mode, str(counter or "")]


MakeCtx = Callable[..., AppContext]


@pytest.fixture
def make_ctx(tmp_path: Path) -> Iterator[MakeCtx]:
    made: list[AppContext] = []

    def make(options: LaunchOptions | None = None, stub: tuple[str, list[str]] | None = None, *,
             store: SettingsStore | None = None, policy: Any = None) -> AppContext:
        ctx = AppContext(options or LaunchOptions(), tmp_path, store or MemorySettingsStore(),
                         stub=stub or fake_stub("hang"), policy=policy)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.shutdown()


@pytest.fixture
def make_window(qtbot, make_ctx: MakeCtx) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    def make(ctx: AppContext | CompositionRoot | None = None, *, show: bool = True) -> MainWindow:
        """A main window over ``ctx`` (its composition root made here) or over a root already made."""
        root = ctx if isinstance(ctx, CompositionRoot) else CompositionRoot(ctx or make_ctx())
        window = MainWindow(root)
        window.setStyleSheet(stylesheet())
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    return make
