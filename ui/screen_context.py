"""What each screen is handed: a small typed context per screen, built by the composition root
(:mod:`ui.composition_root`), never looked up.

A screen module defines ``create_screen(ctx) -> QWidget`` where ``ctx`` is the one context of
this module that the screen needs (the settings screen takes the :class:`AppContext` itself).
The collaborators appear here as Protocols of what the screens use, so that no screen imports
the session controller, the reader hub or another screen (import-linter contract in
pyproject.toml): how they are made is the composition root's business alone.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from app.card.jpki import MyNumberCard
    from app.card.worker import CardWorker
    from app.portal.client import PortalClient
    from app.portal.models import ResidentSummary
    from app.session import Session
    from ui.app_context import AppContext
    from ui.card.reader_state import ReaderState
    from ui.output_gate import OutputGate
    from ui.portal.access import PortalAccess
    from ui.portal.grant_events import GrantEvents
    from ui.portal.push import NoticePushService


class Navigator(Protocol):
    """The way to another screen of the main window (screens do not import one another)."""

    def show_screen(self, key: str) -> QWidget | None:
        """Shows the screen ``key`` (``ui.screens.NAV_ENTRIES``) and returns it; None where
        there is no window to show it in."""

    def open_application(self, application_id: str) -> None:
        """サービス検索・申請 on the status page of one of the resident's applications."""

    def show_application_history(self, application_id: str) -> None:
        """やりとり履歴 with only the exchanges made for that application."""

    def show_history_anew(self) -> None:
        """やりとり履歴, read again (an inquiry has just added records)."""

    def open_notice(self, notice_id: str) -> None:
        """お知らせ with that notice open."""


class Readers(Protocol):
    """What the login and card screens use of the reader hub (ui.card.reader_hub.ReaderHub)."""

    readers_changed: SignalInstance
    reader_updated: SignalInstance
    card_inserted: SignalInstance
    service_changed: SignalInstance

    @property
    def service_available(self) -> bool | None: ...

    @property
    def monitoring(self) -> bool: ...

    def readers(self) -> list[ReaderState]: ...

    def reader(self, name: str) -> ReaderState | None: ...

    def card(self, name: str) -> MyNumberCard | None: ...

    def pcsc_has_mynumber_card(self) -> bool: ...

    def left_behind(self, name: str) -> bool: ...

    def refresh_tries(self, name: str, tries: int) -> None: ...

    def reidentify(self, name: str) -> None: ...


class DemoResidentView(Protocol):
    """A demo resident as the login screen lists them (ui.demo_cards.DemoResident)."""

    @property
    def resident_id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def municipality(self) -> str: ...

    @property
    def auth_pin(self) -> str: ...

    @property
    def sign_pin(self) -> str: ...

    @property
    def kenhojo_pin(self) -> str: ...

    @property
    def description(self) -> str: ...


class DemoCardsView(Protocol):
    """Demo mode's virtual reader and cards (ui.demo_cards.DemoCards)."""

    inserted: str | None
    other_inserted: str | None  # the card in the second demo reader (代理人の登録)

    def residents(self) -> Sequence[DemoResidentView]: ...

    def reader(self) -> object: ...

    def insert(self, resident_id: str) -> Coroutine[Any, Any, None]: ...

    def remove(self) -> None: ...

    def insert_other(self, resident_id: str) -> Coroutine[Any, Any, None]: ...

    def remove_other(self) -> None: ...


class LoginSession(Protocol):
    """What the login screen uses of the session controller."""

    logged_in: SignalInstance
    logged_out: SignalInstance
    session_warning: SignalInstance
    warning_cleared: SignalInstance

    @property
    def is_logged_in(self) -> bool: ...

    @property
    def resident(self) -> ResidentSummary | None: ...

    async def login_with_card(self, reader: str, signer: Any) -> ResidentSummary: ...

    def after_login_navigation(self) -> str: ...

    def show_screen(self, key: str) -> QWidget | None: ...

    def continue_session(self) -> None: ...

    def logout(self) -> None: ...


class CardSession(Protocol):
    """What the card screen uses of the session controller."""

    logged_out: SignalInstance

    @property
    def card_reader(self) -> str | None: ...

    @property
    def client(self) -> PortalClient | None: ...  # None before login

    def portal_client(self) -> PortalClient: ...

    async def ready_client(self, wait_s: float = 60.0) -> PortalClient: ...


class ResidentSession(Protocol):
    """The logged-in session beyond the portal calls (the services screen: drafts are kept per
    certificate, applications are signed with the card that logged in)."""

    @property
    def session(self) -> Session | None: ...

    @property
    def resident(self) -> ResidentSummary | None: ...

    def card_access(self) -> tuple[CardWorker, Callable[[], MyNumberCard]]: ...

    def remember_location(self, key: str, state: object = None) -> None: ...


class LoginContext:
    """The login screen's collaborators. ``demo`` is set in demo mode only."""

    __slots__ = ("app", "card_worker", "demo", "readers", "session")

    def __init__(self, app: AppContext, readers: Readers, session: LoginSession, card_worker: CardWorker,
                 demo: DemoCardsView | None = None) -> None:
        self.app = app
        self.readers = readers
        self.session = session
        self.card_worker = card_worker
        self.demo = demo


class CardContext:
    """The card screen's collaborators."""

    __slots__ = ("app", "card_worker", "readers", "session")

    def __init__(self, app: AppContext, readers: Readers, session: CardSession, card_worker: CardWorker) -> None:
        self.app = app
        self.readers = readers
        self.session = session
        self.card_worker = card_worker


class PortalContext:
    """A portal screen's collaborators (home, history, notices, わたしの情報): the session's
    portal calls, the way to other screens, the notice polling the app shares, and whether
    this is a kiosk (which writes no file for the resident, DESIGN.md §8)."""

    __slots__ = ("access", "gate", "kiosk", "navigator", "notice_push")

    def __init__(self, access: PortalAccess, navigator: Navigator,
                 notice_push: Callable[[], NoticePushService], *, kiosk: bool, gate: OutputGate) -> None:
        self.access = access
        self.navigator = navigator
        self.notice_push = notice_push
        self.kiosk = kiosk
        self.gate = gate  # every file written for the resident, and printing (ui/output_gate.py)


class ProxiesContext:
    """わたしの代理人's collaborators: the portal calls, and for registering a 代理人 the readers
    (the represented person's card is read on another reader than the session's own card),
    the session's card reader, the card worker and, in demo mode, the demo cards."""

    __slots__ = ("access", "app", "card_worker", "demo", "grant_events", "readers", "session")

    def __init__(self, app: AppContext, access: PortalAccess, readers: Readers, session: CardSession,
                 grant_events: GrantEvents, card_worker: CardWorker, demo: DemoCardsView | None = None) -> None:
        self.app = app
        self.card_worker = card_worker
        self.grant_events = grant_events  # say so when a grant was registered or ended
        self.access = access
        self.readers = readers
        self.session = session
        self.demo = demo


class ServicesContext:
    """The services screen's collaborators. ``session`` is None where the portal access is not
    the app's session (tests and benchmarks over a client that already holds a token)."""

    __slots__ = ("access", "app", "navigator", "session")

    def __init__(self, app: AppContext, access: PortalAccess, navigator: Navigator,
                 session: ResidentSession | None) -> None:
        self.app = app
        self.access = access
        self.navigator = navigator
        self.session = session
