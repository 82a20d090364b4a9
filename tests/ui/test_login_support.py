"""Shared set-up for the login and card-screen UI tests: the shared qasync loop, a context on a real stub
server over HTTPS, a reader hub without the PC/SC monitor (virtual readers only), and the
demo residents' virtual cards issued by that server's J-LIS. Holds no tests."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.config import BackendConfig, LaunchOptions
from app.settings import MemorySettingsStore, Settings
from tests.fixtures.card import DEMO_PINS, holder, make_card
from tests.fixtures.stub import StubServer

# The run's one qasync loop (tests/ui/conftest.py); re-exported for the modules that take their
# fixtures from here, tests/integration included (which does not see tests/ui/conftest.py).
from tests.ui import conftest as _shared
from ui.app_context import AppContext, BackendState
from ui.card.pin_dialog import PinDialog
from ui.card.reader_hub import ReaderHub, VirtualSlot
from ui.composition_root import CompositionRoot
from ui.screen_context import CardContext, LoginContext
from ui.session_controller import SessionController

aloop = _shared.aloop
qasync_loop = _shared.qasync_loop

TEST_READER = "Test Reader 0"


@dataclass
class LoginEnv:
    ctx: AppContext
    hub: ReaderHub
    ctl: SessionController
    stub: StubServer | None
    shown: list[str]
    root: CompositionRoot

    def login_context(self) -> LoginContext:
        return self.root.login_context()

    def card_context(self) -> CardContext:
        return self.root.card_context()

    def reader(self, name: str = TEST_READER, **kwargs: Any) -> VirtualSlot:
        return self.hub.add_virtual_reader(name, **kwargs)

    def card(self, resident_id: str = "r01", **knobs: Any) -> Any:
        from backend_stub.jlis import JLIS

        assert self.stub is not None
        return make_card(JLIS(self.stub.data_dir).load_card(resident_id), **knobs)


@pytest.fixture
def make_env(qtbot: Any, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> Iterator[Callable[..., LoginEnv]]:
    made: list[CompositionRoot] = []

    def make(stub: StubServer | None, *, url: str | None = None, kiosk: bool = False,
             settings: Settings | None = None, monitor: bool = False) -> LoginEnv:
        if stub is not None or url is not None:
            backend = BackendConfig(url or stub.url, stub.ca_file if stub is not None else None)  # type: ignore[union-attr]
        else:
            backend = BackendConfig()
        ctx = AppContext(LaunchOptions(backend=backend, kiosk=kiosk), tmp_path,
                         MemorySettingsStore(settings or Settings()))
        root = CompositionRoot(ctx, monitor=monitor)
        made.append(root)
        hub, ctl = root.hub, root.session
        shown: list[str] = []
        ctl.set_navigator(lambda key: shown.append(key))  # type: ignore[func-returns-value]
        if stub is not None:
            ctx.start_backend()
            qtbot.waitUntil(lambda: ctx.backend_state != BackendState.STARTING, timeout=15000)
            assert ctx.backend_state == BackendState.CONNECTED, (ctx.backend_error, ctx.backend_error_detail)
        return LoginEnv(ctx, hub, ctl, stub, shown, root)

    yield make
    for root in made:
        root.ctx.shutdown()
        # CardWorker.shutdown() waits for the jobs, not for its thread to exit: join it here
        # so the leak check does not race with the thread's last instructions.
        if root.card_worker._executor is not None:
            root.card_worker._executor.shutdown(wait=True)


def pin_dialog(qtbot: Any, parent: Any) -> PinDialog:
    found: list[PinDialog] = []

    def visible() -> bool:
        found[:] = [d for d in parent.findChildren(PinDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=5000)
    return found[0]


def enter_pin(qtbot: Any, parent: Any, pin: str, *, confirm_last: bool = False) -> PinDialog:
    dialog = pin_dialog(qtbot, parent)
    dialog.edit.setText(pin)
    if confirm_last:
        dialog.last_try.setChecked(True)
    dialog.ok_button.click()
    return dialog


def issue_on_stub(stub: StubServer, resident_id: str, **dates: datetime.datetime) -> Any:
    """A card issued by the stub server's own J-LIS (so the server trusts its CA)."""
    from backend_stub.jlis import JLIS

    return JLIS(stub.data_dir).issue_card(holder(resident_id), **DEMO_PINS, **dates)
