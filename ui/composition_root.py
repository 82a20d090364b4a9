"""The composition root: the one place that builds what the screens share, once per app, and
hands each screen a typed context with exactly what it uses (:mod:`ui.screen_context`).

Who builds what::

    ui.main.run ─ AppContext (ui.app_context: backend, settings, kiosk policy, lifecycle)
               └ CompositionRoot(ctx)
                   ├ card_worker CardWorker          all card traffic, one thread (started by its first job)
                   ├ hub        ReaderHub            readers and cards, live
                   ├ session    SessionController    login, logout, idle, the portal calls
                   ├ access     PortalAccess         the session (or an injected one: tests, bench)
                   ├ demo_cards DemoCards            demo mode only
                   ├ wipe       WipeCoordinator      kiosk mode only
                   ├ output_gate OutputGate          where files leave the app (the context's, with the kiosk policy)
                   ├ navigator                       shows a screen of the attached main window
                   └ notice_push()                   the notice polling, made after login
               MainWindow(root) ─ root.attach_window(window); root.create_screen(nav) per screen

Nothing here is looked up later: a screen never asks for a collaborator, it is handed one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.card.worker import CardWorker
from ui.card.reader_hub import ReaderHub
from ui.portal.grant_events import GrantEvents
from ui.screen_context import CardContext, LoginContext, PortalContext, ProxiesContext, ServicesContext
from ui.session_controller import SessionController, SessionWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.kiosk_policy import KioskPolicy
    from ui.app_context import AppContext
    from ui.demo_cards import DemoCards
    from ui.kiosk.wipe import WipeCoordinator
    from ui.output_gate import OutputGate
    from ui.portal.access import PortalAccess
    from ui.portal.push import NoticePushService
    from ui.screens import NavEntry

#: The screens that are handed a PortalContext.
PORTAL_SCREENS = frozenset({"home", "history", "notices", "self_info"})


class ScreenNavigator:
    """The screens' :class:`~ui.screen_context.Navigator` over a ``show_screen(key)`` function:
    the main window's once attached; before that nothing is shown. The one place that knows
    which screen offers which entry point (screens cannot import one another): each is called
    on the screen ``show_screen`` returns, where that screen has it."""

    def __init__(self, show_screen: Callable[[str], QWidget | None] | None = None) -> None:
        self._show = show_screen

    def attach(self, window: SessionWindow) -> None:
        self._show = window.show_screen

    def show_screen(self, key: str) -> QWidget | None:
        return self._show(key) if self._show is not None else None

    def _call(self, key: str, entry_point: str, *args: str) -> None:
        method = getattr(self.show_screen(key), entry_point, None)
        if callable(method):
            method(*args)

    def open_application(self, application_id: str) -> None:
        self._call("services", "open_application", application_id)

    def show_application_history(self, application_id: str) -> None:
        self._call("history", "show_application", application_id)

    def show_history_anew(self) -> None:
        screen = self.show_screen("history")
        refresh = getattr(getattr(screen, "model", None), "refresh", None)
        if callable(refresh):
            refresh()

    def open_notice(self, notice_id: str) -> None:
        self._call("notices", "open_notice", notice_id)


class CompositionRoot:
    """Builds the app's collaborators from ``ctx`` (see the module docstring).

    ``access`` replaces the session as the portal screens' access (tests and the benchmarks
    over a client that already holds a token); ``monitor=False`` leaves the PC/SC monitor off
    (tests put cards into virtual readers)."""

    def __init__(self, ctx: AppContext, *, access: PortalAccess | None = None, monitor: bool = True) -> None:
        self.ctx = ctx
        # The one serial worker for all card traffic: its thread starts with the first card
        # job (after the first paint); it stops after every other shutdown hook, which may
        # still close a card on it.
        self.card_worker = CardWorker()
        ctx.add_shutdown_hook(self.card_worker.shutdown, last=True)
        self.hub = ReaderHub(ctx, self.card_worker, monitor=monitor)
        self.session = SessionController(ctx, self.hub, self.card_worker)
        self.access: PortalAccess = access if access is not None else self.session
        self.navigator = ScreenNavigator()
        # Where files leave the app on the resident's behalf (DESIGN.md §8): the one gate the
        # context built with the kiosk policy, handed to the screens that export, print or save.
        self.output_gate: OutputGate = ctx.output_gate
        self.demo_cards: DemoCards | None = None
        if ctx.demo:  # imported only in demo mode: the one importer of backend_stub's data
            from ui.demo_cards import DemoCards

            self.demo_cards = DemoCards(ctx, self.hub, self.card_worker)
        self.wipe: WipeCoordinator | None = None
        if ctx.kiosk:  # ui.kiosk loads the whole kiosk package
            from ui.kiosk.wipe import WipeCoordinator

            self.wipe = WipeCoordinator(ctx)
        self._notice_push: NoticePushService | None = None
        self.grant_events = GrantEvents()  # わたしの代理人 -> the header's 「だれとして使う」

    @property
    def policy(self) -> KioskPolicy | None:
        """The kiosk policy in force (None at home)."""
        return self.ctx.policy

    def notice_push(self) -> NoticePushService:
        """The notice polling the home and notices screens and the desktop notices share. Made
        on first use (after login: the portal screens come then), stopped on quit."""
        if self._notice_push is None:
            from ui.portal.push import NoticePushService

            self._notice_push = NoticePushService(self.access)
            self.ctx.add_shutdown_hook(self._notice_push.stop)
        return self._notice_push

    def attach_window(self, window: SessionWindow) -> None:
        """The main window: the session and the screens navigate through it."""
        self.session.attach_window(window)
        self.navigator.attach(window)

    # -- screens -------------------------------------------------------------------------
    def login_context(self) -> LoginContext:
        return LoginContext(self.ctx, self.hub, self.session, self.card_worker, self.demo_cards)

    def card_context(self) -> CardContext:
        return CardContext(self.ctx, self.hub, self.session, self.card_worker)

    def portal_context(self) -> PortalContext:
        return PortalContext(self.access, self.navigator, self.notice_push, kiosk=self.ctx.kiosk,
                             gate=self.output_gate)

    def proxies_context(self) -> ProxiesContext:
        return ProxiesContext(self.ctx, self.access, self.hub, self.session, self.grant_events, self.card_worker,
                              self.demo_cards)

    def services_context(self) -> ServicesContext:
        session = self.session if self.access is self.session else None
        return ServicesContext(self.ctx, self.access, self.navigator, session)

    def screen_context(self, key: str) -> object:
        """What the screen ``key`` is handed (its ``create_screen`` argument)."""
        if key == "login":
            return self.login_context()
        if key == "card":
            return self.card_context()
        if key in PORTAL_SCREENS:
            return self.portal_context()
        if key == "services":
            return self.services_context()
        if key == "proxies":
            return self.proxies_context()
        return self.ctx  # settings: the settings and their locks

    def create_screen(self, nav: NavEntry) -> QWidget:
        from ui.screens import create_screen

        return create_screen(nav, self.screen_context(nav.key))
