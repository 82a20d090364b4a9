"""GUI entry point (``mynadesk``): parse options, show the window first, then start the
backend in the background, run the qasync loop, and clean up on quit.

Import-time work is kept tiny for the start-up budget (DESIGN.md §9): PySide6, qasync and
the rest are imported inside :func:`main`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.config import LaunchOptions

SHUTDOWN_TIMEOUT_S = 5.0
# bench/startup.py sets this: print "READY <seconds since process start> <RSS kB>" once the
# window is shown and the event loop is idle, then quit.
STARTUP_PROBE_ENV = "MYNADESK_STARTUP_PROBE"


def _rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _install_signal_wakeup(app: QApplication, on_signal: object) -> None:
    """Lets SIGINT/SIGTERM close the app although Qt's loop holds the main thread."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno())
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def _drain() -> None:
        with contextlib.suppress(OSError):
            rsock.recv(64)

    notifier.activated.connect(_drain)
    app._signal_wakeup = (rsock, wsock, notifier)  # type: ignore[attr-defined]  # keep alive
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: on_signal())  # type: ignore[operator]


def _route_qt_messages() -> None:
    """Sends Qt's own warnings to the (redacted) log instead of stderr."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        # Warnings go to the file only: the console shows what the user must act on.
        qt_log.log(min(levels.get(mode, logging.WARNING), logging.INFO), "%s", message)

    qInstallMessageHandler(handler)


def run(options: LaunchOptions) -> int:
    """Runs the GUI with ``options``; returns the process exit status."""
    if options.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")

    from app.config import default_data_dir
    from app.logging_setup import setup_logging

    data_dir = options.data_dir or default_data_dir()
    log_file = setup_logging(data_dir)

    import asyncio
    import logging

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    log = logging.getLogger("ui.main")
    _route_qt_messages()
    log.info("starting (demo=%s, kiosk=%s, self_test=%s, log=%s)",
             options.demo, options.kiosk, options.self_test, log_file)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("mynadesk")
    app.setApplicationDisplayName("マイナデスク")
    app.setOrganizationName("mynadesk")
    app.setQuitOnLastWindowClosed(False)  # quitting is ours: see `done` below

    from app.settings import MemorySettingsStore
    from ui.settings_store import QSettingsStore

    store: QSettingsStore | MemorySettingsStore
    # Kiosks write nothing to disk (DESIGN.md §8).
    store = MemorySettingsStore() if options.kiosk else QSettingsStore(data_dir / "settings.ini")
    settings = store.load()
    language = options.language or settings.language

    from ui.i18n import install_translators

    install_translators(app, language, cache_dir=data_dir / "cache")

    from ui.composition import AppContext
    from ui.main_window import MainWindow
    from ui.style import stylesheet

    ctx = AppContext(options, data_dir, store)
    window = MainWindow(ctx)
    window.setStyleSheet(stylesheet())
    window.show()

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    done: asyncio.Future[int] = loop.create_future()

    def finish(code: int) -> None:
        if not done.done():
            done.set_result(code)

    window_close = window.closeEvent

    def _close_event(event: object) -> None:
        window_close(event)  # type: ignore[arg-type]
        finish(0)

    window.closeEvent = _close_event  # type: ignore[method-assign,assignment]
    app.aboutToQuit.connect(lambda: finish(0))
    _install_signal_wakeup(app, lambda: finish(130))

    # The window is up; the backend starts on the first loop iteration, not before.
    QTimer.singleShot(0, ctx.start_backend)

    if os.environ.get(STARTUP_PROBE_ENV):
        def _probe() -> None:
            print(f"READY {time.perf_counter() - _T0:.4f} {_rss_kb()}", flush=True)
            finish(0)

        QTimer.singleShot(0, _probe)

    if options.self_test:
        from ui import selftest

        async def _self_test() -> None:
            finish(await selftest.run(ctx, window))

        self_test_task = loop.create_task(_self_test())
        del self_test_task  # held by the loop until done; cancelled in cleanup if still pending

    code = 1
    with loop:
        try:
            code = loop.run_until_complete(done)
        finally:
            _shutdown(loop, ctx, window, options, log)
    log.info("exited with status %d", code)
    if options.self_test:
        if code == 0 and ctx.embedded is not None:
            code = _check_stub_stopped(ctx)
        print("SELF-TEST PASSED" if code == 0 else "SELF-TEST FAILED", flush=True)
    return code


_last_stub_pid: int | None = None


def _shutdown(loop: object, ctx: object, window: object, options: LaunchOptions, log: object) -> None:
    """Cancels tasks, stops the backend and the workers; the ``with loop`` closes the loop."""
    import asyncio
    import contextlib

    global _last_stub_pid
    assert isinstance(loop, asyncio.AbstractEventLoop)
    from ui.composition import AppContext
    from ui.main_window import MainWindow

    assert isinstance(ctx, AppContext)
    assert isinstance(window, MainWindow)
    window.hide()
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        with contextlib.suppress(Exception):
            loop.run_until_complete(asyncio.wait(tasks, timeout=SHUTDOWN_TIMEOUT_S))
    _last_stub_pid = ctx.embedded.pid if ctx.embedded is not None else None
    ctx.shutdown()
    with contextlib.suppress(Exception):
        loop.run_until_complete(loop.shutdown_default_executor())
    window.deleteLater()


def _check_stub_stopped(ctx: object) -> int:
    """The self-test's last step: the embedded server is gone after quit."""
    pid = _last_stub_pid
    print("STEP embedded backend stopped on quit ...", end=" ", flush=True)
    if pid is None:
        print("ok (not running)", flush=True)
        return 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        print(f"ok (pid {pid} gone)", flush=True)
        return 0
    print(f"FAILED: pid {pid} still running", flush=True)
    print("self-test failed at step: embedded backend stopped on quit", file=sys.stderr, flush=True)
    return 1


_T0 = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    from app.config import parse_args

    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
