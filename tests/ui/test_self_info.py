"""わたしの情報: categories, opening one fetches it through the network (and so it appears in
the history), explanation, PDF export."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.history import HistoryFilters
from app.portal.models import TriggerKind
from tests.ui import test_history_support as support
from ui.portal.tasks import spawn
from ui.screens.self_info import SelfInfoScreen

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
RESIDENT = "r01"


@pytest.fixture
def screen(qtbot, make_access):
    widget = SelfInfoScreen(make_access(RESIDENT))
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.screen_shown()
    qtbot.waitUntil(lambda: widget.categories.rowCount() > 0, timeout=10000)
    return widget


def test_models_pass_qt_model_tester(qtbot, qtmodeltester, screen):
    qtmodeltester.check(screen.categories)
    screen.list.setCurrentIndex(screen.categories.index(0, 0))
    qtbot.waitUntil(lambda: screen.info is not None, timeout=10000)
    qtmodeltester.check(screen.items)


def test_opening_a_category_fetches_it_and_it_shows_in_the_history(qtbot, screen, tmp_path: Path):
    row = next(r for r in range(screen.categories.rowCount()) if screen.categories.category(r).id == "tax")
    category = screen.categories.category(row)
    with qtbot.waitSignal(screen.info_loaded, timeout=10000) as loaded:
        screen.list.setCurrentIndex(screen.categories.index(row, 0))
    info = loaded.args[0]
    assert screen.heading.text() == category.name
    assert screen.items.rowCount() == len(info.items)
    assert category.provider.name in screen.provenance.text()
    assert "やりとり履歴に記録" in screen.provenance.text()
    # the fetch is an exchange of the resident's data: it is in the history
    from app.history import HistoryPager

    client = screen._access.client
    pager = HistoryPager(client, HistoryFilters())
    records = pager.fetch_next() or []
    mine = [r for r in records if r.id == info.history_id]
    assert mine
    assert mine[0].trigger.kind == TriggerKind.SELF_INFO
    pdf = tmp_path / "info.pdf"
    with qtbot.waitSignal(screen.exported, timeout=10000):
        spawn(screen.export_pdf(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert screen.print_button.isEnabled()
