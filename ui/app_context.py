"""The app's context: the backend (the embedded stub or a configured server), the settings,
the kiosk policy and the app's lifecycle. The composition root (:mod:`ui.composition_root`)
builds the collaborators on top of it (the card worker among them) and hands each screen what
it uses (:mod:`ui.screen_context`).

Only this module (and ``ui.stub_child``) may start ``backend_stub``; everything else sees a
backend URL and a CA file, exactly as with a real backend.

What it offers::

    ctx.backend_ready.connect(...)            # or: url, ca = await ctx.wait_backend_ready()
    ctx.backend_url, ctx.ca_file, ctx.ssl_context(), ctx.demo, ctx.settings
    ctx.update_settings(ctx.settings.with_changes(...))   # saved and applied at once
    ctx.settings_changed.connect(...), ctx.is_locked("theme"), ctx.policy (kiosk)
    ctx.output_gate                           # every file written and page printed (ui.output_gate)
    ctx.add_shutdown_hook(fn)                 # fn() on quit, before the stub and the workers stop
    ctx.add_shutdown_hook(fn, last=True)      # fn() on quit after those: stopping a worker
    ctx.after_first_paint(fn, receiver)       # start-up work that can wait for the window to be up
"""

from __future__ import annotations

import collections
import enum
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    import asyncio
    import ssl
    from concurrent.futures import Future, ThreadPoolExecutor

    from PySide6.QtCore import QProcess

# QProcess, ssl and the thread pool are imported when first used: the window comes first.

from app.config import LaunchOptions
from app.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from app.kiosk_policy import KioskPolicy

log = logging.getLogger(__name__)

STUB_READY_TIMEOUT_MS = 60_000
STUB_STOP_TIMEOUT_MS = 3_000
HEALTH_PATH = "/api/v1/health"
HEALTH_TIMEOUT_S = 10.0


class BackendState(enum.Enum):
    STARTING = "starting"
    CONNECTED = "connected"
    ERROR = "error"


class BackendError(enum.Enum):
    """Why the backend is not available; ``ui`` words each one (MainWindow)."""

    STUB_MISSING = "stub_missing"
    STUB_FAILED = "stub_failed"
    STUB_TIMEOUT = "stub_timeout"
    STUB_EXITED = "stub_exited"
    UNREACHABLE = "unreachable"
    TLS = "tls"
    UNHEALTHY = "unhealthy"


class _Relay(QObject):
    """Carries a worker thread's result back to the GUI thread (queued connection)."""

    done = Signal(object)


def _single_shot(receiver: QObject | None, fn: Callable[[], None]) -> None:
    if receiver is None:
        QTimer.singleShot(0, fn)
    else:
        QTimer.singleShot(0, receiver, fn)


def _run_hooks(hooks: list[Callable[[], object]]) -> None:
    for hook in hooks:
        try:
            hook()
        except Exception:  # one broken hook must not keep the app from quitting
            log.exception("shutdown hook %r failed", hook)


def stub_command(data_dir: Path) -> tuple[str, list[str]]:
    """The command line of the embedded stub backend."""
    return sys.executable, [
        "-m", "ui.stub_child", "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir),
    ]


def _reuse_port(arguments: list[str], url: str | None) -> list[str]:
    """A restart asks for the port of the previous run when it is free, so the server's URL
    (its origin) stays what the session and the resident's screens know; else any port."""
    if url is None or "--port" not in arguments:
        return arguments
    import socket
    from urllib.parse import urlsplit

    try:
        host, port = urlsplit(url).hostname or "127.0.0.1", urlsplit(url).port
    except ValueError:
        return arguments
    if not port:
        return arguments
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError:
            return arguments
    out = list(arguments)
    out[out.index("--port") + 1] = str(port)
    return out


class EmbeddedBackend(QObject):
    """Runs the stub server as a child process and reports its URL and CA once it is ready.

    The server prints ``URL=...`` and ``CA=...`` lines when it listens; anything else on its
    output is kept only as a short tail for error messages.
    """

    ready = Signal(str, str)  # url, CA file
    failed = Signal(object, str)  # BackendError, technical detail (logged, shown in details)

    def __init__(self, command: tuple[str, list[str]], parent: QObject | None = None,
                 ready_timeout_ms: int = STUB_READY_TIMEOUT_MS) -> None:
        super().__init__(parent)
        self._command = command
        self._process: QProcess | None = None
        self._stdout = b""
        self._tail: collections.deque[str] = collections.deque(maxlen=20)
        self._url: str | None = None
        self._ca: str | None = None
        self._is_ready = False
        self._stopping = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ready_timeout_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def pid(self) -> int | None:
        from PySide6.QtCore import QProcess

        if self._process is None or self._process.state() == QProcess.ProcessState.NotRunning:
            return None
        return int(self._process.processId()) or None

    @property
    def running(self) -> bool:
        return self.pid is not None

    def start(self) -> None:
        from PySide6.QtCore import QProcess

        if self.running:
            return
        arguments = _reuse_port(self._command[1], self._url)
        self._stdout = b""
        self._tail.clear()
        self._url = self._ca = None
        self._is_ready = self._stopping = False
        process = QProcess(self)
        process.setProgram(self._command[0])
        process.setArguments(arguments)
        process.readyReadStandardOutput.connect(self._on_process_stdout)
        process.readyReadStandardError.connect(self._on_process_stderr)
        process.errorOccurred.connect(self._on_process_error)
        process.finished.connect(self._on_process_finished)
        self._process = process
        log.info("starting embedded backend")
        process.start()
        self._timer.start()

    def stop(self, timeout_ms: int = STUB_STOP_TIMEOUT_MS) -> None:
        """Terminates the server, kills it after ``timeout_ms``, and reaps it."""
        from PySide6.QtCore import QProcess

        self._timer.stop()
        process = self._process
        if process is None:
            return
        self._stopping = True
        if process.state() != QProcess.ProcessState.NotRunning:
            log.info("stopping embedded backend")
            process.terminate()
            if not process.waitForFinished(timeout_ms):
                log.warning("embedded backend did not stop in %d ms; killing it", timeout_ms)
                process.kill()
                process.waitForFinished(timeout_ms)
        self._process = None
        process.deleteLater()

    def _on_process_stdout(self) -> None:
        if self._process is None:
            return
        self._stdout += bytes(self._process.readAllStandardOutput().data())
        *lines, self._stdout = self._stdout.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("URL="):
                self._url = line[4:]
            elif line.startswith("CA="):
                self._ca = line[3:]
            elif line:
                self._tail.append(line)
        if not self._is_ready and self._url and self._ca:
            self._is_ready = True
            self._timer.stop()
            log.info("embedded backend ready at %s", self._url)
            self.ready.emit(self._url, self._ca)

    def _on_process_stderr(self) -> None:
        if self._process is None:
            return
        text = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace")
        self._tail.extend(line for line in text.splitlines() if line.strip())

    def _detail(self) -> str:
        return "\n".join(self._tail)

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        from PySide6.QtCore import QProcess

        if error == QProcess.ProcessError.FailedToStart and not self._stopping:
            self._timer.stop()
            self.failed.emit(BackendError.STUB_FAILED, f"{self._command[0]}: failed to start")

    def _on_process_finished(self, exit_code: int, _status: object) -> None:
        self._on_process_stderr()
        self._timer.stop()
        if self._stopping:
            return
        detail = self._detail()
        log.warning("embedded backend exited with status %s: %s", exit_code, detail[-2000:])
        if self._is_ready:
            self.failed.emit(BackendError.STUB_EXITED, detail)
        elif "No module named" in detail and "backend_stub" in detail:
            self.failed.emit(BackendError.STUB_MISSING, detail)
        else:
            self.failed.emit(BackendError.STUB_FAILED, detail)

    def _on_timer_timeout(self) -> None:
        detail = self._detail()
        log.warning("embedded backend not ready in time: %s", detail[-2000:])
        self.stop()
        self.failed.emit(BackendError.STUB_TIMEOUT, detail)


def check_health(url: str, ca_file: str | None, timeout: float = HEALTH_TIMEOUT_S) -> dict[str, Any]:
    """GET /api/v1/health over HTTPS trusting ``ca_file`` (blocking; run it in a worker)."""
    import json
    import urllib.request

    from app.proxy import proxy_for
    from app.tls import client_context

    context = client_context(ca_file or None)
    # The same route as the portal client: the environment's HTTPS proxy unless exempt, never
    # for loopback (urllib's default opener would send the embedded backend's check to a proxy).
    proxy = proxy_for(url)
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"https": proxy} if proxy else {}),
        urllib.request.HTTPSHandler(context=context),
    )
    with opener.open(url + HEALTH_PATH, timeout=timeout) as response:
        body = json.loads(response.read().decode("utf-8"))
    if not isinstance(body, dict) or body.get("status") != "ok":
        raise ValueError(f"unexpected health answer: {body!r}")
    return body


def _default_policy() -> KioskPolicy:
    from app.kiosk_policy import no_policy

    return no_policy()


def load_kiosk_policy() -> KioskPolicy:
    """The kiosk's policy file (app.kiosk_policy.find_policy); raises its KioskPolicyError
    when the file is unusable."""
    from app.kiosk_policy import find_policy

    return find_policy()


class AppContext(QObject):
    """What every screen gets: the backend (URL/CA once known), demo flag, data directory,
    settings and the card worker. Lives in the GUI thread."""

    backend_state_changed = Signal(object)  # BackendState
    backend_ready = Signal()  # connected: backend_url / ca_file are set and healthy
    settings_changed = Signal(object)  # Settings

    def __init__(self, options: LaunchOptions, data_dir: Path, settings_store: SettingsStore,
                 *, stub: tuple[str, list[str]] | None = None, policy: KioskPolicy | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.data_dir = data_dir
        self.settings_store = settings_store
        # A kiosk always has a policy: the administrator's file, else the locked-down defaults.
        self.policy = policy if policy is not None or not options.kiosk else _default_policy()
        from ui.output_gate import OutputGate

        # Every file written for the resident, and every page printed, passes this (DESIGN.md §8).
        self.output_gate = OutputGate(self._kiosk_policy() if options.kiosk else None)
        self._settings = self._enforce(settings_store.load())
        if options.language is not None and options.language != self._settings.language:
            # --lang wins for this run; it is saved only if the user changes a setting.
            self._settings = self._enforce(self._settings.with_changes(language=options.language))
        self._state = BackendState.STARTING
        self._error: BackendError | None = None
        self._error_detail = ""
        self._url: str | None = options.backend.url
        self._ca: Path | None = options.backend.ca_file
        self._version: str | None = None
        self._net: ThreadPoolExecutor | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_health_done)
        self._health_generation = 0
        self._shutdown_hooks: list[Callable[[], object]] = []
        self._last_hooks: list[Callable[[], object]] = []
        # None: nothing waits for a first paint (tests, or the window has been painted).
        self._after_paint: list[tuple[QObject | None, Callable[[], None]]] | None = None
        self.embedded: EmbeddedBackend | None = None
        if options.demo:
            self.embedded = EmbeddedBackend(stub or stub_command(data_dir / "demo-backend"), self)
            self.embedded.ready.connect(self._on_embedded_ready)
            self.embedded.failed.connect(self._on_backend_failed)

    def _kiosk_policy(self) -> KioskPolicy:
        from app.kiosk_policy import no_policy

        return self.policy if self.policy is not None else no_policy()

    # -- what screens read ---------------------------------------------------------------
    @property
    def demo(self) -> bool:
        return self.options.demo

    @property
    def kiosk(self) -> bool:
        return self.options.kiosk

    @property
    def settings(self) -> Settings:
        return self._settings

    def is_locked(self, setting: str) -> bool:
        """True when the kiosk policy fixes ``setting`` (the settings screen shows it locked).
        In a kiosk, logout on card removal is always on and locked (DESIGN.md §8)."""
        if not self.kiosk:
            return False
        if setting == "logout_on_card_removal":
            return True
        return self.policy is not None and bool(self.policy.is_locked(setting))

    def update_settings(self, settings: Settings) -> None:
        """Saves ``settings`` (locked values stay as the policy has them) and applies them at
        once: language, font size, theme and reduced motion in every open window."""
        settings = self._enforce(settings)
        if settings == self._settings:
            return
        previous, self._settings = self._settings, settings
        self.settings_store.save(settings)
        self._apply(previous, settings)
        self.settings_changed.emit(settings)

    def _enforce(self, settings: Settings) -> Settings:
        if not self.kiosk:
            return settings
        if self.policy is not None:
            settings = self.policy.apply(settings)
        return settings if settings.logout_on_card_removal else settings.with_changes(logout_on_card_removal=True)

    def _apply(self, previous: Settings, settings: Settings) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        from ui.i18n import current_language, install_translators

        if settings.language != current_language():
            install_translators(app, settings.language, cache_dir=self.data_dir / "cache")
        from ui.style import apply_appearance

        apply_appearance(app, settings)

    @property
    def backend_state(self) -> BackendState:
        return self._state

    @property
    def backend_error(self) -> BackendError | None:
        return self._error

    @property
    def backend_error_detail(self) -> str:
        return self._error_detail

    @property
    def backend_url(self) -> str | None:
        """Known once the backend is ready (immediately with ``--backend``)."""
        return self._url if self._state == BackendState.CONNECTED or not self.demo else None

    @property
    def ca_file(self) -> Path | None:
        return self._ca if self._state == BackendState.CONNECTED or not self.demo else None

    def ssl_context(self) -> ssl.SSLContext:
        """Trusts exactly the configured CA (or the system store without ``--ca-file``)."""
        from app.tls import client_context

        return client_context(self._ca)

    async def wait_backend_ready(self) -> tuple[str, Path | None]:
        """Waits until the backend is connected; raises RuntimeError on a backend error.
        Bound the wait with ``asyncio.timeout`` where needed."""
        if self._state != BackendState.CONNECTED:
            import asyncio

            loop = asyncio.get_running_loop()
            future: asyncio.Future[None] = loop.create_future()

            def _on_state(state: BackendState) -> None:
                if future.done():
                    return
                if state == BackendState.CONNECTED:
                    future.set_result(None)
                elif state == BackendState.ERROR:
                    future.set_exception(RuntimeError(f"backend error: {self._error and self._error.value}"))

            self.backend_state_changed.connect(_on_state)
            try:
                if self._state == BackendState.ERROR:
                    _on_state(self._state)
                await future
            finally:
                self.backend_state_changed.disconnect(_on_state)
        assert self._url is not None
        return self._url, self._ca

    # -- lifecycle -----------------------------------------------------------------------
    def hold_until_first_paint(self) -> None:
        """From now on :meth:`after_first_paint` queues its work until :meth:`first_paint_done`
        (ui.main: the window is shown first, DESIGN.md §9)."""
        if self._after_paint is None:
            self._after_paint = []

    def after_first_paint(self, fn: Callable[[], None], receiver: QObject | None = None) -> None:
        """Runs ``fn`` on a loop turn after the main window's first paint: work a widget's
        construction would otherwise do before the window is up (loading a library, starting a
        thread, touching PySide6's enum-heavy Qt namespace). Without a first paint awaited
        (tests), on the next loop turn. Not at all once ``receiver`` is deleted."""
        if self._after_paint is None:
            _single_shot(receiver, fn)
        else:
            self._after_paint.append((receiver, fn))

    def first_paint_done(self) -> None:
        """The main window has been painted: the queued work runs, in order, on the next turns."""
        pending, self._after_paint = self._after_paint or [], None
        for receiver, fn in pending:
            _single_shot(receiver, fn)

    def start_backend(self) -> None:
        """Starts the embedded stub, or checks the configured backend. Never blocks."""
        self._set_state(BackendState.STARTING)
        if self.embedded is not None:
            self.embedded.start()
        else:
            self._check(self._url or "", self._ca)

    def recheck_backend(self) -> None:
        """A call just failed to reach the backend: checks its health now, so the header stops
        saying "connected" at once when the server has gone (ERROR), and says it again when
        the failure was a passing one. Never blocks; one check at a time."""
        if self._state != BackendState.CONNECTED or self._net is not None or not self._url:
            return
        self._check(self._url, self._ca)

    def retry_backend(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
        self.start_backend()

    def add_shutdown_hook(self, hook: Callable[[], object], *, last: bool = False) -> None:
        """Runs ``hook()`` on quit (:meth:`shutdown`), in the order added, before the embedded
        backend and the workers stop: a session can still end, a card can still be closed on the
        worker. ``last``: after all of those and the embedded backend (the composition root
        stops the card worker so). Each hook runs once; one that raises is logged and the others
        still run."""
        (self._last_hooks if last else self._shutdown_hooks).append(hook)

    def shutdown(self) -> None:
        """Runs the shutdown hooks, then stops the embedded backend and the workers (on quit)."""
        hooks, self._shutdown_hooks = self._shutdown_hooks, []
        _run_hooks(hooks)
        self._health_generation += 1
        if self.embedded is not None:
            self.embedded.stop()
        hooks, self._last_hooks = self._last_hooks, []
        _run_hooks(hooks)
        net, self._net = self._net, None
        if net is not None:
            net.shutdown(wait=True, cancel_futures=True)

    # -- internals -----------------------------------------------------------------------
    def _set_state(self, state: BackendState) -> None:
        if state != BackendState.ERROR:
            self._error = None
            self._error_detail = ""
        self._state = state
        self.backend_state_changed.emit(state)
        if state == BackendState.CONNECTED:
            self.backend_ready.emit()

    def _on_embedded_ready(self, url: str, ca: str) -> None:
        self._url, self._ca = url, Path(ca)
        self._check(url, self._ca)

    def _check(self, url: str, ca: Path | None) -> None:
        self._health_generation += 1
        generation = self._health_generation
        relay = self._relay

        def _done(future: Future[dict[str, Any]]) -> None:
            relay.done.emit((generation, future))

        if self._net is None:
            from concurrent.futures import ThreadPoolExecutor

            self._net = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health")
        self._net.submit(check_health, url, str(ca) if ca else None).add_done_callback(_done)

    def _on_health_done(self, payload: tuple[int, Future[dict[str, Any]]]) -> None:
        generation, future = payload
        if generation != self._health_generation or future.cancelled():
            return
        import ssl

        exc = future.exception()
        net, self._net = self._net, None
        if net is not None:  # its thread is not kept for the rare re-check (retry)
            net.shutdown(wait=False)
        if exc is None:
            self._version = str(future.result().get("version", ""))
            log.info("backend connected (version %s)", self._version)
            self._set_state(BackendState.CONNECTED)
            return
        if isinstance(exc, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
            self._on_backend_failed(BackendError.TLS, str(exc))
        elif isinstance(exc, ValueError):
            self._on_backend_failed(BackendError.UNHEALTHY, str(exc))
        else:
            self._on_backend_failed(BackendError.UNREACHABLE, str(exc))

    def _on_backend_failed(self, error: BackendError, detail: str) -> None:
        log.warning("backend unavailable: %s", error.value)
        self._error = error
        self._error_detail = detail
        self._state = BackendState.ERROR
        self.backend_state_changed.emit(BackendState.ERROR)

