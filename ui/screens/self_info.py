"""わたしの情報 (自己情報表示, service B): the categories of information agencies hold about
the resident. Opening one fetches it from the holding agency through the information provision
network, so the fetch itself appears in やりとり履歴; the screen says so. Print and PDF export."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.jst import jst_text
from app.portal.errors import PortalError
from app.portal.models import SelfInfo, SelfInfoCategory
from ui.error_words import error_text
from ui.output_gate import OutputGate, OutputRefusedError
from ui.portal.access import PortalAccess
from ui.portal.i18n import ensure_portal_translations
from ui.portal.names import agency_name, shown
from ui.portal.self_info_model import CategoryModel, ItemsModel
from ui.portal.tasks import spawn
from ui.screen_context import Navigator, PortalContext
from ui.style import emphasize

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


class SelfInfoScreen(QWidget):
    info_loaded = Signal(object)  # SelfInfo
    exported = Signal(str)

    def __init__(self, access: PortalAccess, parent: QWidget | None = None, *,
                 navigator: Navigator | None = None, gate: OutputGate | None = None) -> None:
        super().__init__(parent)
        ensure_portal_translations()
        self.setObjectName("screen_self_info")
        self._access = access
        self._navigator = navigator
        self._gate = gate or OutputGate(None)
        self._started = False
        self.info: SelfInfo | None = None
        self._category: SelfInfoCategory | None = None
        self._request = 0

        self.title = QLabel(self)
        self.title.setObjectName("selfInfoTitle")
        emphasize(self.title, 1.3)  # follows the resident's text size (ui.style.rescale_fonts)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("selfInfoStatus")
        self.status.setWordWrap(True)

        self.categories = CategoryModel(self)
        self.list = QListView(self)
        self.list.setObjectName("selfInfoCategories")
        self.list.setModel(self.categories)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSpacing(2)

        detail = QWidget(self)
        self.heading = QLabel(detail)
        self.heading.setObjectName("selfInfoHeading")
        hf = self.heading.font()
        hf.setBold(True)
        hf.setPointSizeF(hf.pointSizeF() * 1.15)
        self.heading.setFont(hf)
        self.heading.setWordWrap(True)
        self.description = QLabel(detail)
        self.description.setObjectName("selfInfoDescription")
        self.description.setWordWrap(True)
        self.items = ItemsModel(self)
        self.table = QTableView(detail)
        self.table.setObjectName("selfInfoItems")
        self.table.setModel(self.items)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.provenance = QLabel(detail)
        self.provenance.setObjectName("selfInfoProvenance")
        self.provenance.setWordWrap(True)
        self.print_button = QPushButton(detail)
        self.print_button.setObjectName("selfInfoPrint")
        self.pdf_button = QPushButton(detail)
        self.pdf_button.setObjectName("selfInfoPdf")
        self.history_button = QPushButton(detail)
        self.history_button.setObjectName("selfInfoShowHistory")
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        # Only what the output gate would do (a kiosk: its printer, if any; no file).
        self.print_button.setVisible(self._gate.printing_offered)
        self.pdf_button.setVisible(self._gate.files_allowed)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.heading)
        dl.addWidget(self.description)
        dl.addWidget(self.table, 1)
        dl.addWidget(self.provenance)
        dl.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self.setTabOrder(self.list, self.table)
        self.setTabOrder(self.table, self.history_button)
        self.setTabOrder(self.history_button, self.print_button)
        self.setTabOrder(self.print_button, self.pdf_button)

        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)
        self.retranslate()
        self._render()

    def screen_shown(self) -> None:
        if self._access.is_logged_in and not self._started:
            self.start()

    def start(self) -> None:
        self._started = True
        spawn(self._load_categories())

    def _on_access_logged_in(self, _p: object) -> None:
        self._started = False
        if self.isVisible():
            self.start()

    def _on_access_logged_out(self, _r: str) -> None:
        self._started = False
        self.categories.set_categories(())
        self.info = None
        self._category = None
        self._render()

    async def _load_categories(self) -> None:
        client = self._access.client
        if client is None:
            return
        self.status.setText(translate("SelfInfoScreen", "読み込み中…"))
        try:
            cats = await self._access.call(client.self_info_categories)
        except PortalError as exc:
            self.status.setText(error_text(exc))
            self._started = False
            return
        self.status.clear()
        self.categories.set_categories(cats)

    def _on_list_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        idx = self.list.currentIndex()
        category = self.categories.category(idx.row()) if idx.isValid() else None
        if category is not None:
            self.open_category(category)

    def open_category(self, category: SelfInfoCategory) -> None:
        self._category = category
        self.info = None
        self._render()
        self._request += 1
        spawn(self._fetch(category, self._request))

    async def _fetch(self, category: SelfInfoCategory, request: int) -> None:
        client = self._access.client
        if client is None:
            return
        self.status.setText(translate("SelfInfoScreen", "{provider}に問い合わせています…").format(provider=agency_name(category.provider)))
        try:
            info = await self._access.call(client.self_info, category.id)
        except PortalError as exc:
            if request == self._request:
                self.status.setText(error_text(exc))
            return
        if request != self._request:
            return  # the resident opened another category meanwhile
        self.status.clear()
        self.info = info
        self._render()
        self.info_loaded.emit(info)

    def _render(self) -> None:
        c, info = self._category, self.info
        self.heading.setText(shown(c.name, c.name_en) if c else translate("SelfInfoScreen", "左の一覧から分野を選んでください。"))
        self.description.setText(shown(c.description, c.description_en) if c else "")
        self.items.set_items(info.items if info else ())
        for b in (self.print_button, self.pdf_button, self.history_button):
            b.setEnabled(info is not None)
        if info is None:
            self.provenance.clear()
            return
        text = translate("SelfInfoScreen", "この情報は {at} に、{provider}から情報提供ネットワークを通じて取得しました。"
                  "この取得もやりとり履歴に記録されています。").format(
            at=jst_text(info.fetched_at), provider=agency_name(info.provider))
        if not info.items:
            text = translate("SelfInfoScreen", "{provider}が持っているこの分野の情報はありません。").format(provider=agency_name(info.provider)) + "\n" + text
        self.provenance.setText(text)
        self.provenance.setAccessibleName(text)

    # -- print / PDF ---------------------------------------------------------------------------
    def document_html(self) -> str:
        info, c = self.info, self._category
        if info is None or c is None:
            return ""
        e = html.escape
        rows = "".join(f"<tr><th align='left'>{e(i.label)}</th><td>{e(i.value)}</td></tr>" for i in info.items)
        return ("<h2>" + e(translate("SelfInfoScreen", "わたしの情報")) + f": {e(shown(c.name, c.name_en))}</h2><p>{e(shown(c.description, c.description_en))}</p>"
                f"<table border='1' cellspacing='0' cellpadding='4'>{rows}</table>"
                f"<p>{e(self.provenance.text())}</p>")

    async def export_pdf(self, path: str | Path) -> bool:
        if self.info is None:
            return False
        try:
            self._gate.write_pdf(path, self.document_html(), translate("SelfInfoScreen", "わたしの情報"))
        except OutputRefusedError as exc:
            self.status.setText(exc.text())
            return False
        except OSError:
            self.status.setText(translate("SelfInfoScreen", "ファイルに書き込めませんでした。"))
            return False
        self.status.setText(translate("SelfInfoScreen", "PDF に書き出しました: {path}").format(path=str(path)))
        self.exported.emit(str(path))
        return True

    def _on_pdf_button_clicked(self) -> None:
        suggested = f"watashi-no-joho-{self._category.id if self._category else 'info'}.pdf"
        try:
            dialog = self._gate.save_dialog(self, translate("SelfInfoScreen", "わたしの情報を PDF に書き出す"),
                                            suggested, name_filter="PDF (*.pdf)", suffix="pdf")
        except OutputRefusedError as exc:
            self.status.setText(exc.text())
            return
        dialog.setObjectName("selfInfoPdfDialog")
        dialog.fileSelected.connect(lambda path: spawn(self.export_pdf(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_print_button_clicked(self) -> None:
        def _done(printed: bool) -> None:
            if printed and self._gate.kiosk:
                self.status.setText(translate("SelfInfoScreen", "印刷しました。プリンターからお受け取りください。"))

        try:
            self._gate.print_html(self, self.document_html(), translate("SelfInfoScreen", "わたしの情報"), _done)
        except OutputRefusedError as exc:
            self.status.setText(exc.text())

    def _on_history_button_clicked(self) -> None:
        if self._navigator is not None:
            self._navigator.show_history_anew()

    def retranslate(self) -> None:
        self.title.setText(translate("SelfInfoScreen", "わたしの情報"))
        self.intro.setText(translate("SelfInfoScreen", "行政機関があなたについて持っている情報を、分野ごとに確認できます。"
                              "分野を開くと、その機関に情報提供ネットワークを通じて問い合わせます（その記録はやりとり履歴に残ります）。"))
        self.list.setAccessibleName(translate("SelfInfoScreen", "情報の分野"))
        self.table.setAccessibleName(translate("SelfInfoScreen", "選んだ分野の情報"))
        self.print_button.setText(translate("SelfInfoScreen", "印刷…"))
        self.print_button.setAccessibleName(translate("SelfInfoScreen", "表示中の情報を印刷する"))
        self.pdf_button.setText(translate("SelfInfoScreen", "PDF で書き出す"))
        self.pdf_button.setAccessibleName(translate("SelfInfoScreen", "表示中の情報を PDF ファイルに書き出す"))
        self.history_button.setText(translate("SelfInfoScreen", "やりとり履歴で見る"))
        self.history_button.setAccessibleName(translate("SelfInfoScreen", "この取得の記録をやりとり履歴で見る"))
        self.categories.retranslate()  # the server's names, in the new language
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def create_screen(context: PortalContext) -> QWidget:
    return SelfInfoScreen(context.access, navigator=context.navigator, gate=context.gate)
