"""The portal screens follow the app's language: English from portal_en.ts, back to Japanese."""

from __future__ import annotations

from app.settings import Language
from ui.i18n import install_translators
from ui.portal.access import DirectAccess
from ui.portal.payment import PaymentDialog
from ui.screens.history import HistoryScreen
from ui.screens.home import HomeScreen


def test_screens_switch_to_english_and_back(qtbot, qapp):
    access = DirectAccess(None)
    history = HistoryScreen(access)
    home = HomeScreen(access)
    qtbot.addWidget(history)
    qtbot.addWidget(home)
    assert history.title.text() == "やりとり履歴"
    install_translators(qapp, Language.EN)
    # widgets hear LanguageChange through posted events
    qtbot.waitUntil(lambda: history.title.text() == "Exchange history", timeout=2000)
    assert history.csv_button.text() == "Export CSV"
    from PySide6.QtCore import Qt

    assert history.model.headerData(0, Qt.Orientation.Horizontal) == "Date and time"
    assert home.notices_button.text() == "Open notices"
    dialog = PaymentDialog(access, "p1")  # logged out: it shows its labels and asks nothing
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Public payment"
    assert dialog.pay_button.text() == "Pay by card"
    install_translators(qapp, Language.JA)
    qtbot.waitUntil(lambda: history.title.text() == "やりとり履歴", timeout=2000)
    assert home.notices_button.text() == "お知らせを開く"
