"""GUI entry point (``mynadesk``): parse options, show the window first, then bring up the
rest in the background, run the Qt loop with qasync on it, and clean up on quit.

Start-up order (DESIGN.md §9: the login window within 1.5 × a bare Qt window's time):

1. options, QApplication, settings (kiosk policy), translators, font size and theme, main
   window with a light placeholder for the login screen: shown;
2. on the first loop iteration, after the window is up: the log file, asyncio + qasync
   (``QEventLoop(already_running=True)`` on the running Qt loop), the backend (embedded stub
   started in the background, or the configured one checked);
3. on the next iteration: the real login screen replaces the placeholder (whatever it
   imports costs nothing before the first paint), then ``--self-test``.

Quit (window closed, SIGINT/SIGTERM, self-test done): cancel tasks and await them with a
timeout, stop the stub (terminate, then kill) and the workers, leave the Qt loop, close the
asyncio loop.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QApplication

    from app.config import LaunchOptions
    from ui.composition import AppContext
    from ui.main_window import MainWindow

_T0 = time.perf_counter()
SHUTDOWN_TIMEOUT_S = 5.0
# bench/startup.py sets this: print "READY <s> <RSS kB>" when the window is shown and the loop
# has been reached, "FULL <s> <RSS kB>" when the deferred start-up is done too (loop, log,
# stub spawned, the real login screen built), then quit.
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


def _route_qt_messages() -> None:
    """Sends Qt's own messages to the (redacted) log instead of stderr."""
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
        # To the file only (INFO): the console shows what the user must act on.
        qt_log.log(min(levels.get(mode, logging.WARNING), logging.INFO), "%s", message)

    qInstallMessageHandler(handler)


def _install_signal_wakeup(app: QApplication, on_signal: object) -> None:
    """Lets SIGINT/SIGTERM quit cleanly although Qt's loop holds the main thread."""
    import contextlib
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


class _Runner:
    """Owns the start-up after the first show and the orderly quit."""

    def __init__(self, app: QApplication, options: LaunchOptions, ctx: AppContext, window: MainWindow) -> None:
        self.app = app
        self.options = options
        self.ctx = ctx
        self.window = window
        self.loop: asyncio.AbstractEventLoop | None = None
        self.code = 0
        self.quitting = False
        self.probe = bool(os.environ.get(STARTUP_PROBE_ENV))
        self.stub_pid: int | None = None

    # -- start-up ------------------------------------------------------------------------
    def after_first_show(self) -> None:
        import logging

        from app.logging_setup import setup_logging

        log_file = setup_logging(self.ctx.data_dir)
        _route_qt_messages()
        logging.getLogger("ui.main").info(
            "started (demo=%s, kiosk=%s, self_test=%s, log=%s, window in %.0f ms)",
            self.options.demo, self.options.kiosk, self.options.self_test, log_file,
            self._window_ms if hasattr(self, "_window_ms") else -1,
        )

        import asyncio

        import qasync

        from ui.style import app_icon

        self.app.setWindowIcon(app_icon())  # after the first show: loading SVG costs start-up time
        self.loop = qasync.QEventLoop(self.app, already_running=True)
        asyncio.set_event_loop(self.loop)
        _install_signal_wakeup(self.app, lambda: self.request_quit(130))
        self.ctx.start_backend()
        from PySide6.QtCore import QTimer

        # One more loop turn, so the window paints before the first screen is built.
        QTimer.singleShot(0, self.build_screens)

    def build_screens(self) -> None:
        """Builds the screens the window deferred (the login screen), then runs the self-test."""
        if self.quitting:
            return
        self.window.build_deferred_screens()
        if self.options.self_test:
            from ui import selftest

            async def _self_test() -> None:
                self.request_quit(await selftest.run(self.ctx, self.window))

            assert self.loop is not None
            self.loop.create_task(_self_test())
        if self.probe:
            print(f"FULL {time.perf_counter() - _T0:.4f} {_rss_kb()}", flush=True)
            self.request_quit(0)

    def probe_ready(self) -> None:
        self._window_ms = (time.perf_counter() - _T0) * 1000
        if self.probe:
            print(f"READY {time.perf_counter() - _T0:.4f} {_rss_kb()}", flush=True)

    # -- quit ----------------------------------------------------------------------------
    def request_quit(self, code: int) -> None:
        if self.quitting:
            return
        self.quitting = True
        self.code = code
        if self.loop is None:
            self.stub_pid = None
            self.ctx.shutdown()
            self.app.exit(code)
            return
        self.loop.create_task(self._quit())

    async def _quit(self) -> None:
        import asyncio
        import contextlib

        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=SHUTDOWN_TIMEOUT_S)
        self.window.hide()
        self.stub_pid = self.ctx.embedded.pid if self.ctx.embedded is not None else None
        self.ctx.shutdown()
        assert self.loop is not None
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.loop.shutdown_default_executor(), SHUTDOWN_TIMEOUT_S)
        self.app.exit(self.code)

    def close_loop(self) -> None:
        import asyncio

        loop, self.loop = self.loop, None
        if loop is None:
            return
        loop.stop()  # marks the qasync loop stopped (Qt's loop has already returned)
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)


def run(options: LaunchOptions) -> int:
    """Runs the GUI with ``options``; returns the process exit status."""
    if options.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _route_qt_messages()  # keep the offscreen platform's notes out of the step output
    os.environ.setdefault("QT_API", "pyside6")  # qasync: PySide6, never another binding

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import default_data_dir

    data_dir = options.data_dir or default_data_dir()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("mynadesk")
    app.setApplicationDisplayName("マイナデスク")
    app.setOrganizationName("mynadesk")
    app.setQuitOnLastWindowClosed(False)  # quitting is ours: cleanup first (_Runner.request_quit)

    from app.settings import MemorySettingsStore
    from ui.composition import AppContext, load_kiosk_policy
    from ui.settings_store import QSettingsStore

    policy = None
    if options.kiosk:
        try:
            policy = load_kiosk_policy()
        except ValueError as exc:  # KioskPolicyError: a kiosk must not start half-configured
            print(f"mynadesk: {exc}", file=sys.stderr, flush=True)
            return 2
    store: QSettingsStore | MemorySettingsStore
    # Kiosks write nothing to disk (DESIGN.md §8).
    store = MemorySettingsStore() if options.kiosk else QSettingsStore(data_dir / "settings.ini")
    ctx = AppContext(options, data_dir, store, policy=policy)
    settings = ctx.settings

    from ui.i18n import install_translators
    from ui.style import apply_appearance, stylesheet

    install_translators(app, settings.language, cache_dir=data_dir / "cache")
    apply_appearance(app, settings, startup=True)  # before the window: its fonts derive from the app's

    from ui.main_window import MainWindow

    # The login screen is built on the loop turn after the first show (_Runner.build_screens):
    # the window appears at once, whatever the screen imports.
    window = MainWindow(ctx, defer_first_screen=True)
    window.setStyleSheet(stylesheet(settings.theme))
    runner = _Runner(app, options, ctx, window)
    window.close_requested.connect(lambda: runner.request_quit(0))
    window.show()
    # Both run on the first loop iteration, after the window is up, in this order.
    QTimer.singleShot(0, runner.probe_ready)
    QTimer.singleShot(0, runner.after_first_show)

    app.exec()
    runner.close_loop()
    if runner.loop is None and runner.quitting is False:
        ctx.shutdown()
    code = runner.code
    import logging

    logging.getLogger("ui.main").info("exited with status %d", code)
    if options.self_test:
        if code == 0 and ctx.embedded is not None:
            code = _check_stub_stopped(runner.stub_pid)
        print("SELF-TEST PASSED" if code == 0 else "SELF-TEST FAILED", flush=True)
    window.deleteLater()
    return code


def _check_stub_stopped(pid: int | None) -> int:
    """The self-test's last step: the embedded server is gone after quit."""
    print("STEP embedded backend stopped on quit ...", end=" ", flush=True)
    if pid is None:
        print("FAILED: the embedded backend was not running at quit", flush=True)
        print("self-test failed at step: embedded backend stopped on quit", file=sys.stderr, flush=True)
        return 1
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        print(f"ok (pid {pid} gone)", flush=True)
        return 0
    print(f"FAILED: pid {pid} still running", flush=True)
    print("self-test failed at step: embedded backend stopped on quit", file=sys.stderr, flush=True)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    from app.config import parse_args

    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
