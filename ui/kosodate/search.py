"""Service search: municipality (name or code), situation and keywords; results with what a
service gives, who is eligible, the deadline, where and how to apply, its legal basis and the
documents, including those information linkage makes unnecessary (with the 別表第二 row)."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.catalog_search import CatalogEntry, CatalogIndex
from app.portal.models import Municipality
from ui.kosodate.common import SITUATIONS, name, situation_label, translate
from ui.portal.history_text import edition_note

ModelIndex = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole + 1


class ServiceResultsModel(QAbstractListModel):
    """The search results (immutable entries)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CatalogEntry] = []
        self.show_municipality = False

    def set_entries(self, entries: list[CatalogEntry], *, show_municipality: bool) -> None:
        self.beginResetModel()
        self._entries = entries
        self.show_municipality = show_municipality
        self.endResetModel()

    def entry(self, row: int) -> CatalogEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            how = translate("ServiceSearch", "オンライン申請できます") if can_apply_online(e) else translate("ServiceSearch", "窓口で申請")
            first = e.service.name if not self.show_municipality else translate("ServiceSearch", "{service}（{municipality}）").format(
                service=e.service.name, municipality=e.municipality_name)
            return f"{first}\n{how}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.service.summary
        if role == EntryRole:
            return e
        return None


def can_apply_online(e: CatalogEntry) -> bool:
    """Only a service with a form can be applied for here, whatever its flag says."""
    return e.service.online and e.service.form_id is not None


def sample_note() -> str:
    return translate("ServiceSearch", "この一覧はデモ用のサンプルデータです。担当窓口など出典のある項目を除き、"
                                      "実際の市区町村の手続・窓口とは異なります。")


def service_details_html(e: CatalogEntry) -> str:
    """The result's details as rich text (every value escaped)."""
    s = e.service

    def row(label: str, value: str | None) -> str:
        if not value:
            return ""
        return f"<h3>{html.escape(label)}</h3><p>{html.escape(value)}</p>"

    how = (translate("ServiceSearch", "オンラインで申請できます（電子署名つき）。窓口でも申請できます。") if can_apply_online(e)
           else translate("ServiceSearch", "窓口で申請してください（オンライン申請はできません）。"))
    department = s.department or translate("ServiceSearch", "担当窓口は市区町村にお問い合わせください")
    parts = [f"<h2>{html.escape(s.name)}</h2>",
             row(translate("ServiceSearch", "内容"), s.summary), row(translate("ServiceSearch", "対象となる方"), s.eligibility),
             row(translate("ServiceSearch", "期限"), s.deadline), row(translate("ServiceSearch", "申請先"), s.where or e.municipality_name),
             row(translate("ServiceSearch", "担当窓口"), department),
             row(translate("ServiceSearch", "審査・決定"), s.decided_by),
             "".join(f"<p>{html.escape(n)}</p>" for n in s.notes),
             row(translate("ServiceSearch", "申請方法"), how), row(translate("ServiceSearch", "根拠法令"), s.legal_basis)]
    needed = []
    replaced = []
    for d in s.documents:
        if d.replaced_by_linkage:
            if d.beppyo2_item:
                why = translate("ServiceSearch", "情報連携により提出不要（別表第二 {item}項）").format(item=d.beppyo2_item)
            else:
                why = translate("ServiceSearch", "情報連携により提出不要（住基ネット）")
            replaced.append(f"<li>{html.escape(d.name)} — <b>{html.escape(why)}</b></li>")
        else:
            mark = translate("ServiceSearch", "必須") if d.required else translate("ServiceSearch", "該当する方のみ")
            needed.append("<li>" + html.escape(translate("ServiceSearch", "{document}（{mark}）").format(document=d.name, mark=mark)) + "</li>")
    if needed:
        parts.append("<h3>" + html.escape(translate("ServiceSearch", "主な必要書類")) + f"</h3><ul>{''.join(needed)}</ul>")
    if replaced:
        parts.append("<h3>" + html.escape(translate("ServiceSearch", "情報連携で提出が不要になる書類")) + f"</h3><ul>{''.join(replaced)}</ul>")
    if any(d.replaced_by_linkage and d.beppyo2_item for d in s.documents):
        parts.append(f"<p><small>{html.escape(edition_note())}</small></p>")
    if s.sample:
        parts.append(f"<p><i>{html.escape(sample_note())}</i></p>")
    return "".join(parts)


class SearchView(QWidget):
    """Search form + results + details. Emits ``apply_requested(entry)`` for online services."""

    apply_requested = Signal(object)  # CatalogEntry
    municipality_chosen = Signal(str)  # code: the screen fetches its catalog
    situation_chosen = Signal(str, str)  # municipality code ("" = all held), situation code
    municipality_query_changed = Signal(str)  # text typed in the chooser: the screen asks the backend

    def __init__(self, index: CatalogIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name(self, "servicesSearch")
        self.index = index
        self._municipalities: dict[str, Municipality] = {}
        self.municipality_code: str | None = None
        self.last_query_ms = 0.0

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.municipality_label = QLabel(self)
        self.municipality_edit = QLineEdit(self)
        name(self.municipality_edit, "municipalityEdit")
        self.municipality_label.setBuddy(self.municipality_edit)
        self._completion = QStringListModel(self)
        self.completer = QCompleter(self._completion, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.municipality_edit.setCompleter(self.completer)
        self.completer.activated.connect(self._on_completer_activated)
        self.municipality_edit.textEdited.connect(self._on_municipality_edit_text_edited)
        self.municipality_edit.returnPressed.connect(self._on_municipality_edit_return_pressed)
        self.all_municipalities = QCheckBox(self)
        name(self.all_municipalities, "allMunicipalities")
        self.all_municipalities.toggled.connect(lambda _on: self.run_search())
        mrow = QHBoxLayout()
        mrow.addWidget(self.municipality_edit, 1)
        mrow.addWidget(self.all_municipalities)
        form.addRow(self.municipality_label, mrow)

        self.situation_label = QLabel(self)
        self.situation_combo = QComboBox(self)
        name(self.situation_combo, "situationCombo")
        self.situation_label.setBuddy(self.situation_combo)
        self.situation_combo.currentIndexChanged.connect(self._on_situation_combo_changed)
        form.addRow(self.situation_label, self.situation_combo)

        self.keyword_label = QLabel(self)
        self.keyword_edit = QLineEdit(self)
        name(self.keyword_edit, "keywordEdit")
        self.keyword_edit.setClearButtonEnabled(True)
        self.keyword_label.setBuddy(self.keyword_edit)
        self.keyword_edit.textChanged.connect(lambda _t: self.run_search())
        self.online_only = QCheckBox(self)
        name(self.online_only, "onlineOnly")
        self.online_only.toggled.connect(lambda _on: self.run_search())
        krow = QHBoxLayout()
        krow.addWidget(self.keyword_edit, 1)
        krow.addWidget(self.online_only)
        form.addRow(self.keyword_label, krow)
        layout.addLayout(form)

        self.status = QLabel(self)
        name(self.status, "searchStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.sample_label = QLabel(self)
        name(self.sample_label, "sampleNote")
        self.sample_label.setWordWrap(True)
        layout.addWidget(self.sample_label)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = ServiceResultsModel(self)
        self.results = QListView(split)
        name(self.results, "serviceResults")
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.results.selectionModel().currentChanged.connect(self._on_results_current_changed)
        self.results.activated.connect(lambda _i: self._on_apply_button_clicked())
        right = QWidget(split)
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser(right)
        name(self.details, "serviceDetails")
        self.details.setOpenLinks(False)
        rlayout.addWidget(self.details, 1)
        self.apply_button = QPushButton(right)
        name(self.apply_button, "applyButton")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        rlayout.addWidget(self.apply_button)
        split.addWidget(self.results)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._on_debounce_timeout)

        self.setTabOrder(self.municipality_edit, self.all_municipalities)
        self.setTabOrder(self.all_municipalities, self.situation_combo)
        self.setTabOrder(self.situation_combo, self.keyword_edit)
        self.setTabOrder(self.keyword_edit, self.online_only)
        self.setTabOrder(self.online_only, self.results)
        self.setTabOrder(self.results, self.details)
        self.setTabOrder(self.details, self.apply_button)
        self.retranslate()

    # -- text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.municipality_label.setText(translate("ServiceSearch", "市区町村(&M):"))
        self.municipality_edit.setPlaceholderText(translate("ServiceSearch", "市区町村名または6桁のコード（例: 新座市、112305）"))
        self.municipality_edit.setAccessibleName(translate("ServiceSearch", "市区町村"))
        self.all_municipalities.setText(translate("ServiceSearch", "読み込んだすべての市区町村"))
        self.all_municipalities.setAccessibleName(translate("ServiceSearch", "読み込んだすべての市区町村から探す"))
        self.situation_label.setText(translate("ServiceSearch", "状況(&S):"))
        self.situation_combo.setAccessibleName(translate("ServiceSearch", "状況"))
        current = self.situation_combo.currentData()
        self.situation_combo.blockSignals(True)
        self.situation_combo.clear()
        self.situation_combo.addItem(translate("ServiceSearch", "すべて"), "")
        for code, _label in SITUATIONS:
            self.situation_combo.addItem(situation_label(code), code)
        found = self.situation_combo.findData(current or "")
        self.situation_combo.setCurrentIndex(max(0, found))
        self.situation_combo.blockSignals(False)
        self.keyword_label.setText(translate("ServiceSearch", "キーワード(&K):"))
        self.keyword_edit.setPlaceholderText(translate("ServiceSearch", "例: 児童手当、保育、妊娠"))
        self.keyword_edit.setAccessibleName(translate("ServiceSearch", "キーワード"))
        self.online_only.setText(translate("ServiceSearch", "オンライン申請できるものだけ"))
        self.online_only.setAccessibleName(translate("ServiceSearch", "オンライン申請できるものだけ表示"))
        self.sample_label.setText(sample_note())
        self.results.setAccessibleName(translate("ServiceSearch", "検索結果"))
        self.details.setAccessibleName(translate("ServiceSearch", "サービスの詳細"))
        self.apply_button.setText(translate("ServiceSearch", "オンラインで申請する(&A)"))
        self.apply_button.setAccessibleName(translate("ServiceSearch", "選んだサービスをオンラインで申請する"))
        self.run_search()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- municipalities ---------------------------------------------------------------------
    def set_municipality_candidates(self, municipalities: tuple[Municipality, ...]) -> None:
        for m in municipalities:
            self._municipalities[self._display(m)] = m
        self._completion.setStringList([self._display(m) for m in municipalities])
        if self.municipality_edit.hasFocus() and municipalities:
            self.completer.complete()

    def reset(self) -> None:
        """Back to a fresh search for the next resident: no municipality (the next login chooses
        theirs), no keyword, situation or filter of the one before."""
        self._debounce.stop()
        widgets = (self.municipality_edit, self.all_municipalities, self.situation_combo,
                   self.keyword_edit, self.online_only)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.municipality_code = None
            self.municipality_edit.clear()
            self._completion.setStringList([])
            self.all_municipalities.setChecked(False)
            self.situation_combo.setCurrentIndex(0)
            self.keyword_edit.clear()
            self.online_only.setChecked(False)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.run_search()

    @staticmethod
    def _display(m: Municipality) -> str:
        return f"{m.prefecture} {m.name}（{m.code}）"

    def set_municipality(self, m: Municipality) -> None:
        """Chooses ``m`` (the resident's own by default) and asks for its catalog."""
        self._municipalities[self._display(m)] = m
        self.municipality_code = m.code
        self.municipality_edit.setText(self._display(m))
        self.municipality_chosen.emit(m.code)
        self.run_search()

    def _on_debounce_timeout(self) -> None:
        self.municipality_query_changed.emit(self.municipality_edit.text())

    def _on_completer_activated(self, chosen: str) -> None:
        m = self._municipalities.get(chosen)
        if m is not None:
            self.set_municipality(m)

    def _on_municipality_edit_text_edited(self, _text: str) -> None:
        self._debounce.start()

    def _on_municipality_edit_return_pressed(self) -> None:
        typed = self.municipality_edit.text().strip()
        m = self._municipalities.get(typed)
        if m is None:
            matches = [c for c in self._municipalities.values()
                       if typed and (typed == c.code or typed == c.name or typed in self._display(c))]
            m = matches[0] if len(matches) == 1 else None
        if m is not None:
            self.set_municipality(m)
        else:
            self._debounce.stop()
            self.municipality_query_changed.emit(typed)

    def _on_situation_combo_changed(self, _index: int) -> None:
        code = str(self.situation_combo.currentData() or "")
        if code:
            self.situation_chosen.emit("" if self.all_municipalities.isChecked() else self.municipality_code or "", code)
        self.run_search()

    # -- search -----------------------------------------------------------------------------
    def run_search(self) -> None:
        everywhere = self.all_municipalities.isChecked()
        if not everywhere and (self.municipality_code is None or not self.index.has(self.municipality_code)):
            self.model.set_entries([], show_municipality=False)
            self.status.setText(translate("ServiceSearch", "市区町村を選ぶと、その市区町村のサービスを表示します。"))
            self._show_details(None)
            return
        situation = str(self.situation_combo.currentData() or "") or None
        started = time.perf_counter()
        entries = self.index.search(self.keyword_edit.text(),
                                    municipality=None if everywhere else self.municipality_code,
                                    situation=situation, online_only=self.online_only.isChecked())
        self.last_query_ms = (time.perf_counter() - started) * 1000
        self.model.set_entries(entries, show_municipality=everywhere)
        if entries:
            self.status.setText(translate("ServiceSearch", "{n}件見つかりました。").format(n=len(entries)))
            self.results.setCurrentIndex(self.model.index(0, 0))
        else:
            self.status.setText(translate("ServiceSearch", "条件に合うサービスはありません。キーワードや状況を変えてお試しください。"))
            self._show_details(None)

    def current_entry(self) -> CatalogEntry | None:
        return self.model.entry(self.results.currentIndex().row())

    def select_service(self, service_id: str) -> bool:
        for row in range(self.model.rowCount()):
            e = self.model.entry(row)
            if e is not None and e.service.id == service_id:
                self.results.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _on_results_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(self.model.entry(current.row()))

    def _show_details(self, e: CatalogEntry | None) -> None:
        if e is None:
            self.details.clear()
            self.apply_button.setEnabled(False)
            return
        self.details.setHtml(service_details_html(e))
        self.apply_button.setEnabled(can_apply_online(e))

    def _on_apply_button_clicked(self) -> None:
        e = self.current_entry()
        if e is not None and can_apply_online(e):
            self.apply_requested.emit(e)

