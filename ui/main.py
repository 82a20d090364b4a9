"""GUI entry point (``mynadesk``): parse options, show the window first, then bring up the
rest in the background, run the Qt loop with qasync on it, and clean up on quit.

Start-up order (DESIGN.md §9: an interactive login window within 1.5 × a bare Qt window's time):

1. options; fontconfig loaded on a thread meanwhile; PySide6's per-module source check made
   cheap (it kept every source file in memory); QApplication, settings (kiosk policy),
   translators, font size and theme, the main window with the real login screen (which
   imports nothing heavy: no asyncio, HTTP client, crypto, pyscard or stub code;
   tests/ui/test_startup_imports.py guards it): shown (with
   ``--kiosk``, first put into kiosk mode, ``ui.kiosk``, and shown full screen on the attract
   screen; ``MYNADESK_PSEUDO=1`` pseudo-translates every text);
2. on the loop turn after the window's first paint (not merely its first loop turn: what runs
   there delays the paint): the log file, asyncio + qasync (``QEventLoop(already_running=True)``
   on the running Qt loop), the backend (embedded stub started in the background, or the
   configured one checked), then what widgets queued with ``AppContext.after_first_paint`` (the
   reader monitor...), and a background thread that imports what the first login needs (portal
   client, card layer), so the resident's first ログイン does not wait for those imports; then
   ``--self-test``.

Quit (window closed, SIGINT/SIGTERM, self-test done): cancel tasks and await them with a
timeout, run the context's shutdown hooks, stop the stub (terminate, then kill) and the
workers, leave the Qt loop, close the asyncio loop.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from app.config import LaunchOptions
    from ui.app_context import AppContext
    from ui.main_window import MainWindow

_T0 = time.perf_counter()
SHUTDOWN_TIMEOUT_S = 5.0
# bench/startup.py sets this: print "READY <s> <RSS kB>" when the window (with the login screen)
# has been painted and the loop is idle again, "FULL <s> <RSS kB>" when the rest of the start-up is
# done too (log, asyncio loop, stub spawned), then quit. With the value "login", the app then
# logs in with a demo card through the login screen (the self-test's step) and prints
# "LOGIN <s> <RSS kB>" (DESIGN.md §9: resident memory after login) before quitting.
STARTUP_PROBE_ENV = "MYNADESK_STARTUP_PROBE"
# "1": pseudo-translated text (ui.i18n_check), to spot untranslated strings and layouts that break.
PSEUDO_ENV = "MYNADESK_PSEUDO"
# What the first login needs, imported off the Qt thread once the window is shown.
WARM_MODULES = ("app.login", "app.session", "app.portal.client", "app.card.jpki", "ssl")
# A window that gets no paint event (minimized, an unusual platform plugin) still starts up.
FIRST_PAINT_FALLBACK_MS = 1000
# The window waits at most this long for fontconfig to be loaded in the background (then Qt
# loads it itself: two loads at once are safe, only wasteful).
FONTCONFIG_WAIT_S = 10.0


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


def _when_first_painted(window: MainWindow, callback: Callable[[], None]) -> None:
    """Calls ``callback()`` once, on the loop turn after ``window``'s first paint (the paint
    pass has then been flushed to the screen), or after FIRST_PAINT_FALLBACK_MS without one."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.fired = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.fire()
            return False

        def fire(self) -> None:
            if self.fired:
                return
            self.fired = True
            window.removeEventFilter(self)
            QTimer.singleShot(0, callback)
            self.deleteLater()

    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, watcher, watcher.fire)


def _load_fontconfig_in_background() -> Callable[[], None]:
    """Loads fontconfig's configuration and font caches (``FcInit``) on a thread while the Qt
    and app modules are imported; returns the wait for it, called before the window's first
    text. Otherwise Qt does it on the Qt thread when the first widget needs a font: ~4 % of the
    launch (XML configuration, ~25 cache files) that a bare Qt window, which draws no text,
    never pays (DESIGN.md §9). ctypes releases the GIL for the call. Windows and macOS
    have no fontconfig; where the library cannot be loaded, Qt loads it as before."""
    if sys.platform in ("win32", "darwin"):
        return lambda: None
    import threading

    def load() -> None:
        try:
            import ctypes

            ctypes.CDLL("libfontconfig.so.1").FcInit()
        except Exception:  # no ctypes or no fontconfig here: Qt loads its fonts as before
            pass

    thread = threading.Thread(target=load, name="fontconfig", daemon=True)
    thread.start()
    return lambda: thread.join(FONTCONFIG_WAIT_S)


def _spare_pyside_source_scan() -> None:
    """PySide6 asks, of every module imported after it, whether its source mentions PySide6
    (for its ``from __feature__ import ...`` switches) through ``inspect.getsource``, which
    reads the whole file and keeps it in ``linecache``: ~1.5 % of the launch and ~10 MiB of
    resident memory after login, for sources only a traceback would need (DESIGN.md §9).
    The same answer from the file's bytes, kept nowhere. Without that hook (another PySide6
    version), nothing changes."""
    import PySide6  # noqa: F401  # installs the hook

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return

    stdlib = os.path.dirname(os.__file__) + os.sep

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False  # as inspect.getsource: no source, no PySide6 use
        if path.startswith(stdlib) and "-packages" not in path:
            return False  # the standard library does not use PySide6
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]  # PySide6's private hook, replaced on purpose


def _install_signal_wakeup(app: QApplication, on_signal: Callable[[], None]) -> None:
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
    app._signal_wakeup = (rsock, wsock, notifier)  # type: ignore[attr-defined]  # kept alive as long as the app
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: on_signal())


class _Runner:
    """Owns the start-up after the first show and the orderly quit."""

    def __init__(
        self, app: QApplication, options: LaunchOptions, ctx: AppContext, window: MainWindow, *, log_dir: Path,
        instance_path: str | None = None,
    ) -> None:
        self.app = app
        self.log_dir = log_dir
        self.instance_path = instance_path
        self.options = options
        self.ctx = ctx
        self.window = window
        self.loop: asyncio.AbstractEventLoop | None = None
        self.code = 0
        self.quitting = False
        self.probe = os.environ.get(STARTUP_PROBE_ENV, "")
        self.stub_pid: int | None = None

    # -- start-up ------------------------------------------------------------------------
    def after_first_paint(self) -> None:
        if not gc.isenabled():  # see main()
            gc.freeze()
            gc.enable()
        self.probe_ready()
        self.after_first_show()
        self.ctx.first_paint_done()

    def after_first_show(self) -> None:
        import logging

        from app.logging_setup import setup_logging

        log_file = setup_logging(self.log_dir)
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
        if self.instance_path is not None:
            from ui.single_instance import InstanceServer

            server = InstanceServer(self.instance_path, _mode(self.options), self.window.bring_forward, self.app)
            self.ctx.add_shutdown_hook(server.close)
        _warm_imports_in_background()
        if self.options.self_test:
            from ui import selftest

            async def _self_test() -> None:
                self.request_quit(await selftest.run(self.ctx, self.window))

            self.loop.create_task(_self_test())
        if self.probe:
            print(f"FULL {time.perf_counter() - _T0:.4f} {_rss_kb()}", flush=True)
            if self.probe == "login":
                self.loop.create_task(self._probe_login())
            else:
                self.request_quit(0)

    async def _probe_login(self) -> None:
        """bench/startup.py: log in with a demo card as the self-test does, then report memory."""
        import gc

        from ui.selftest import SelfTest
        from ui.selftest_steps.login import _login_with_demo_card

        code = 0
        try:
            await _login_with_demo_card(SelfTest(self.ctx, self.window))
            gc.collect()
            print(f"LOGIN {time.perf_counter() - _T0:.4f} {_rss_kb()}", flush=True)
        except Exception as exc:  # reported to the bench, which fails the row
            print(f"LOGIN-FAILED {type(exc).__name__}: {exc}", flush=True)
            code = 1
        self.request_quit(code)

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


def _warm_imports_in_background() -> None:
    """Imports :data:`WARM_MODULES` on a daemon thread (the Qt thread stays free to paint and
    handle input; an import the Qt thread needs meanwhile waits for that module only)."""
    import threading

    def warm() -> None:
        import importlib
        import logging

        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the first use imports it again and reports the real error
                logging.getLogger("ui.main").exception("warming up %s failed", name)

    threading.Thread(target=warm, name="warm-imports", daemon=True).start()


def run(options: LaunchOptions) -> int:
    """Runs the GUI with ``options``; returns the process exit status."""
    if options.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _route_qt_messages()  # keep the offscreen platform's notes out of the step output
    os.environ.setdefault("QT_API", "pyside6")  # qasync: PySide6, never another binding

    fontconfig_loaded = _load_fontconfig_in_background()
    _spare_pyside_source_scan()
    from PySide6.QtWidgets import QApplication

    from app.config import app_paths, move_legacy_settings

    paths = app_paths(options.data_dir)
    data_dir = paths.data_dir
    instance_path: str | None = None
    if not options.self_test:
        from ui import single_instance

        instance_path = single_instance.socket_path(data_dir)
        answer = single_instance.ask_running_instance(instance_path, _mode(options))
        if answer is not None:
            return _report_running(answer)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("mynadesk")
    app.setApplicationDisplayName("マイナデスク")
    app.setOrganizationName("mynadesk")
    # The desktop matches windows to resources/mynadesk.desktop (and Wayland's app id) by this.
    app.setDesktopFileName("mynadesk")
    app.setQuitOnLastWindowClosed(False)  # quitting is ours: cleanup first (_Runner.request_quit)

    from app.settings import MemorySettingsStore
    from ui.app_context import AppContext, load_kiosk_policy
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
    if options.kiosk:
        store = MemorySettingsStore()
    else:
        if move_legacy_settings(paths):
            print(f"mynadesk: settings moved to {paths.settings_file}", file=sys.stderr, flush=True)
        store = QSettingsStore(paths.settings_file)
    ctx = AppContext(options, data_dir, store, policy=policy)
    ctx.hold_until_first_paint()
    settings = ctx.settings

    from ui.i18n import install_translators
    from ui.style import apply_appearance, stylesheet

    install_translators(app, settings.language, cache_dir=data_dir / "cache")
    if os.environ.get(PSEUDO_ENV) == "1":
        from ui.i18n_check import install_pseudo_translator

        install_pseudo_translator(app)  # stretched text to see untranslated strings and tight layouts
    fontconfig_loaded()  # the Japanese face is looked up in the font database
    apply_appearance(app, settings, startup=True)  # before the window: its fonts derive from the app's

    from ui.composition_root import CompositionRoot
    from ui.main_window import MainWindow

    # The login screen is built with the window: it imports nothing heavy (see the docstring).
    # What its widgets would start at once waits for the first paint (ctx.after_first_paint).
    root = CompositionRoot(ctx)
    window = MainWindow(root, style_sheet=stylesheet(settings.theme))
    runner = _Runner(app, options, ctx, window, log_dir=paths.log_dir, instance_path=instance_path)
    window.close_requested.connect(lambda: runner.request_quit(0))
    _when_first_painted(window, runner.after_first_paint)
    if options.kiosk:
        # Full screen, attract screen, admin exit, keypads, wipe and countdown (DESIGN.md §8);
        # the kiosk modules load only here.
        from ui.kiosk import install_kiosk

        kiosk = install_kiosk(window, root, ctx.policy)
        kiosk.exit_confirmed.connect(lambda: runner.request_quit(0))
        ctx.add_shutdown_hook(kiosk.close)
        kiosk.show()
    else:
        window.fit_to_screen()
        window.show()

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


def _mode(options: LaunchOptions) -> str:
    from ui.single_instance import mode_of

    return mode_of(options.kiosk, options.backend.url)


def _report_running(answer: str) -> int:
    """A second launch with the same data folder: the running window came forward (0), or it
    runs in another mode and cannot take this launch (1). One line either way."""
    from ui.single_instance import RAISED

    if answer == RAISED:
        print("mynadesk is already running: its window was brought to the front.", flush=True)
        return 0
    print(
        f"mynadesk is already running with this data folder ({answer}); close it first, "
        "or start this one with another --data-dir.",
        file=sys.stderr,
        flush=True,
    )
    return 1


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
    # No cyclic garbage collection while starting: the imports and the window allocate a lot
    # that lives as long as the app, and the passes over it cost ~9 ms before the first paint
    # (DESIGN.md §9). After the first paint those objects are frozen (_Runner.after_first_paint)
    # and collection resumes.
    gc.disable()
    try:
        from app.config import parse_args

        return run(parse_args(argv))
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
