"""Shared set-up for the 子育てワンストップ UI tests (no tests here): the run's shared qasync
loop, a logged-in SessionController over the real stub server, and a virtual
card in a virtual reader."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app.config import BackendConfig, LaunchOptions
from app.portal.client import PortalClient
from app.portal.models import ResidentSummary
from app.session import Session
from backend_stub.card import VirtualCard
from backend_stub.card.image import CardImage, image_of
from backend_stub.jlis import JLIS
from tests.fixtures.stub import StubServer, login
from tests.ui.conftest import shared_qasync_loop
from ui.app_context import AppContext
from ui.card.reader_hub import ReaderHub
from ui.composition_root import CompositionRoot
from ui.kosodate.screen import ServicesScreen
from ui.portal import tasks as portal_tasks
from ui.screen_context import Navigator, ServicesContext

READER = "仮想カードリーダー"


@pytest.fixture
def qloop(qapp: QApplication, qtbot: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """The UI tests' session-wide qasync loop (``shared_qasync_loop``), current and running for
    this test, as ``aloop`` in tests/ui/conftest.py does; defined here rather than taken from
    there because the integration tests that reuse this set-up do not load that conftest. A
    second qasync loop on the same QApplication would never run its callbacks."""
    loop = shared_qasync_loop(qapp)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    portal_tasks.cancel_all()
    qtbot.waitUntil(lambda: all(t.done() for t in pending) and portal_tasks.pending() == 0, timeout=5000)
    asyncio.events._set_running_loop(None)


@dataclass
class Env:
    ctx: AppContext
    stub: StubServer
    resident_id: str
    card: VirtualCard
    client: PortalClient
    hub: ReaderHub
    controller: Any
    pins: dict[str, str]
    root: CompositionRoot

    def services_context(self, navigator: Navigator | None = None) -> ServicesContext:
        """What the composition root hands the services screen; ``navigator`` stands in for the
        main window (a test window that holds the screens)."""
        context = self.root.services_context()
        if navigator is not None:
            context.navigator = navigator
        return context

    def screen(self, qtbot: Any, **kwargs: Any) -> ServicesScreen:
        screen = ServicesScreen(self.services_context(), **kwargs)
        qtbot.addWidget(screen)
        screen.resize(1100, 800)
        screen.show()
        return screen

    def pull_card(self) -> None:
        slot = self.hub.slot(READER)
        assert slot is not None
        slot.remove()


def make_env(stub: StubServer, tmp_path: Path, resident_id: str = "r01", *, kiosk: bool = False,
             card_knobs: dict[str, Any] | None = None,
             card_image: Callable[[CardImage], CardImage] | None = None) -> Env:
    """``card_image`` changes the resident's card as issued (a damaged or forged card)."""
    from ui.session_controller import CardAccess

    options = LaunchOptions(backend=BackendConfig(url=stub.url, ca_file=stub.ca_file), kiosk=kiosk)
    from app.settings import MemorySettingsStore

    ctx = AppContext(options, tmp_path / "data", MemorySettingsStore())
    root = CompositionRoot(ctx, monitor=False)
    hub = root.hub
    profile = JLIS(stub.data_dir).load_card(resident_id)
    card = VirtualCard(profile if card_image is None else card_image(image_of(profile)), **(card_knobs or {}))
    hub.add_virtual_reader(READER).insert(card)
    controller = root.session
    resident = next(r for r in stub.residents if r["id"] == resident_id)
    client = PortalClient(stub.url, str(stub.ca_file))
    token = login(stub, resident_id)
    cert = (stub.data_dir / "cards" / resident_id / "auth.der").read_bytes()
    session = Session(token, expires_in=3600, idle_timeout=900,
                      resident=ResidentSummary(resident["name"], resident["municipality_code"],
                                               resident["municipality_name"]),
                      certificate_fingerprint=hashlib.sha256(cert).digest())
    controller.set_navigator(lambda _key: None)
    controller.for_tests_login_with_token(client, session, CardAccess(READER, hub.transport_factory(READER)))
    pins = {"sign": profile.sign_pin, "kenhojo": profile.kenhojo_pin, "auth": profile.auth_pin}
    return Env(ctx, stub, resident_id, card, client, hub, controller, pins, root)


@pytest.fixture
def env_factory(stub_server: StubServer, tmp_path: Path, qloop: Any) -> Iterator[Callable[..., Env]]:
    made: list[Env] = []
    threads_before = set(threading.enumerate())

    def make(resident_id: str = "r01", **kwargs: Any) -> Env:
        e = make_env(stub_server, tmp_path / f"env{len(made)}", resident_id, **kwargs)
        made.append(e)
        return e

    yield make
    for e in made:
        e.ctx.shutdown()
        e.client.close()
    # The card worker and the client pools stop without waiting; join them here.
    for t in set(threading.enumerate()) - threads_before:
        t.join(timeout=5)


def pin_dialog(qapp: QApplication) -> QWidget | None:
    for w in qapp.topLevelWidgets():
        if w.objectName() == "pinDialog" and w.isVisible():
            return w
    return None


def enter_pin(qtbot: Any, qapp: QApplication, pin: str, *, confirm_last: bool = False) -> QWidget:
    """Waits for the PIN dialog, types ``pin`` and presses OK. Returns the dialog."""
    qtbot.waitUntil(lambda: pin_dialog(qapp) is not None, timeout=10_000)
    dialog: Any = pin_dialog(qapp)
    assert dialog is not None
    if confirm_last:
        dialog.last_try.setChecked(True)
    dialog.edit.setText(pin)
    dialog.ok_button.click()
    return dialog
