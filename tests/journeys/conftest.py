"""Fixtures of the resident journeys (see harness.py).

- ``home``: a Journey on the app at home (embedded default, demo cards), one launch per module.
- ``kiosk``: the app with ``--kiosk`` and the example policy (resources/kiosk/), one per module.
- ``kiosk_no_policy``: the app with ``--kiosk`` and no policy file at all, one per module.
- ``launch_app(**kw)``: a private launch for one test (settings of its own), closed after it.

Every test starts logged out, on the login screen, with no card placed and no dialog open.
Every test here is a journey (``@pytest.mark.journey`` is added to each).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from app.settings import Language
from tests.journeys.harness import EXAMPLE_POLICY, AppRun, Journey, launch, running_loop
from ui.i18n import install_translators
from ui.style import apply_reduced_motion


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.journey)


@pytest.fixture(scope="module")
def _journey_loop(qapp: QApplication) -> Iterator[None]:
    with running_loop():
        yield


@pytest.fixture(scope="module")
def _module_guard(qapp: QApplication, _journey_loop: None) -> Iterator[None]:
    """The app's appearance and language, and no top-level widget or thread left behind, once
    the module's launches are closed."""
    font, palette = qapp.font(), qapp.palette()
    widgets_before = {id(w) for w in qapp.topLevelWidgets()}
    threads_before = set(threading.enumerate())
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setProperty("mynadesk_theme", None)
    if qapp.property("mynadesk_reduced_motion"):
        apply_reduced_motion(False)
    install_translators(qapp, Language.JA)
    leaked = [w for w in qapp.topLevelWidgets() if id(w) not in widgets_before and w.isVisible()]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    threads = [t for t in threading.enumerate()
               if t not in threads_before and t.is_alive() and not t.daemon]
    assert not leaked, f"journeys leaked top-level widgets: {[w.objectName() or type(w).__name__ for w in leaked]}"
    assert not threads, f"journeys left threads running: {[t.name for t in threads]}"


def _module_run(tmp_path_factory: pytest.TempPathFactory, name: str, **kw: Any) -> Iterator[AppRun]:
    run = launch(tmp_path_factory.mktemp(name), **kw)
    try:
        yield run
    finally:
        run.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="module")
def home_run(_module_guard: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppRun]:
    yield from _module_run(tmp_path_factory, "home")


@pytest.fixture(scope="module")
def kiosk_run(_module_guard: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppRun]:
    yield from _module_run(tmp_path_factory, "kiosk", kiosk=True, policy_file=EXAMPLE_POLICY)


@pytest.fixture(scope="module")
def kiosk_no_policy_run(_module_guard: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppRun]:
    yield from _module_run(tmp_path_factory, "kiosk-bare", kiosk=True)


def _journey(qtbot: Any, run: AppRun) -> Iterator[Journey]:
    j = Journey(qtbot, run)
    j.wait_backend()
    j.reset()
    yield j
    j.reset()


@pytest.fixture
def home(qtbot: Any, home_run: AppRun) -> Iterator[Journey]:
    yield from _journey(qtbot, home_run)


@pytest.fixture
def kiosk(qtbot: Any, kiosk_run: AppRun) -> Iterator[Journey]:
    yield from _journey(qtbot, kiosk_run)


@pytest.fixture
def kiosk_no_policy(qtbot: Any, kiosk_no_policy_run: AppRun) -> Iterator[Journey]:
    yield from _journey(qtbot, kiosk_no_policy_run)


@pytest.fixture
def launch_app(qtbot: Any, _module_guard: None, tmp_path: Path) -> Iterator[Callable[..., Journey]]:
    """``launch_app(kiosk=..., policy_file=..., settings=...)``: an app of the test's own."""
    runs: list[AppRun] = []

    def make(**kw: Any) -> Journey:
        run = launch(tmp_path / f"app{len(runs)}", **kw)
        runs.append(run)
        j = Journey(qtbot, run)
        j.wait_backend()
        return j

    yield make
    for run in runs:
        Journey(qtbot, run).reset()
        run.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
