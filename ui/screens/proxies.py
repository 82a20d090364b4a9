"""わたしの代理人: who may act for the resident now (and since when), whom the resident acts for, and
the 代理人の操作記録 (what 代理人 did for them). The resident may end a grant for themselves at once,
without the 代理人 (src:marugame-dv-dairinin-kaijo); a 代理人 may stop acting for someone.

Registering as a child's 法定代理人 needs both cards (src:anjo-passport-miseinen): 「代理人として登録する」
opens that walk-through (ui.screens.proxy_registration)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.portal.errors import PortalError
from app.portal.models import ProxyGrant, ProxyGrants
from ui.error_words import error_text
from ui.portal.access import PortalAccess
from ui.portal.proxies_model import ActionsModel, GrantsModel
from ui.portal.tasks import spawn
from ui.screen_context import ProxiesContext
from ui.style import emphasize

log = logging.getLogger(__name__)

translate = QCoreApplication.translate


def _table(parent: QWidget, name: str, model: GrantsModel | ActionsModel) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ProxiesScreen(QWidget):
    loaded = Signal(object)  # ProxyGrants
    revoked = Signal(str)  # grant id

    def __init__(self, access: PortalAccess, parent: QWidget | None = None, *,
                 context: ProxiesContext | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_proxies")
        self._access = access
        self._context = context
        self.registration: QDialog | None = None
        self._started = False
        self._question: QMessageBox | None = None
        self.grants: ProxyGrants | None = None

        self.title = QLabel(self)
        self.title.setObjectName("proxiesTitle")
        emphasize(self.title, 1.3)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("proxiesStatus")
        self.status.setWordWrap(True)

        self.mine_label = QLabel(self)
        self.mine = GrantsModel("proxy", self)
        self.mine_table = _table(self, "proxiesMine", self.mine)
        self.mine_label.setBuddy(self.mine_table)
        self.revoke_button = QPushButton(self)
        self.revoke_button.setObjectName("proxiesRevoke")

        self.theirs_label = QLabel(self)
        self.theirs = GrantsModel("principal", self)
        self.theirs_table = _table(self, "proxiesTheirs", self.theirs)
        self.theirs_label.setBuddy(self.theirs_table)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("proxiesStop")

        self.actions_label = QLabel(self)
        self.action_log = ActionsModel(self)
        self.actions_table = _table(self, "proxiesActions", self.action_log)
        self.actions_label.setBuddy(self.actions_table)

        self.register_note = QLabel(self)
        self.register_note.setObjectName("proxiesRegisterNote")
        self.register_note.setWordWrap(True)
        self.register_button = QPushButton(self)
        self.register_button.setObjectName("proxiesRegister")
        self.register_button.setEnabled(context is not None)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.status)
        # What a parent comes here for first, above the lists (empty until a first registration).
        register_row = QHBoxLayout()
        register_row.addWidget(self.register_note, 1)
        register_row.addWidget(self.register_button)
        layout.addLayout(register_row)
        for label, table, button in ((self.mine_label, self.mine_table, self.revoke_button),
                                     (self.theirs_label, self.theirs_table, self.stop_button)):
            layout.addWidget(label)
            layout.addWidget(table, 1)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            layout.addLayout(row)
        layout.addWidget(self.actions_label)
        layout.addWidget(self.actions_table, 1)

        self.setTabOrder(self.register_button, self.mine_table)
        self.setTabOrder(self.mine_table, self.revoke_button)
        self.setTabOrder(self.revoke_button, self.theirs_table)
        self.setTabOrder(self.theirs_table, self.stop_button)
        self.setTabOrder(self.stop_button, self.actions_table)

        self.mine_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.theirs_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.register_button.clicked.connect(self._on_register_button_clicked)
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)
        self.retranslate()
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------

    def screen_shown(self) -> None:
        if self._access.is_logged_in and not self._started:
            self.start()

    def start(self) -> None:
        self._started = True
        spawn(self.load())

    async def load(self) -> None:
        client = self._access.client
        if client is None:
            return
        self.status.setText(translate("ProxiesScreen", "読み込み中…"))
        try:
            grants = await self._access.call(client.proxies)
            actions = await self._access.call(client.proxy_actions)
        except PortalError as exc:
            self.status.setText(error_text(exc))
            self._started = False
            return
        self.grants = grants
        self.mine.set_grants(grants.representatives)
        self.theirs.set_grants(grants.represented)
        self.action_log.set_actions(actions)
        self.status.setText(translate("ProxiesScreen", "市区町村の措置により、あなたの代理人の登録は停止されています。") if grants.blocked else "")
        self._update_buttons()
        self.loaded.emit(grants)

    def _on_access_logged_in(self, _p: object) -> None:
        self._started = False
        if self.isVisible():
            self.start()

    def _on_access_logged_out(self, _r: str) -> None:
        self._started = False
        self.grants = None
        self.mine.set_grants(())
        self.theirs.set_grants(())
        self.action_log.set_actions(())
        self.status.clear()
        self._update_buttons()

    # -- revoking -----------------------------------------------------------------------------

    def _selected(self, table: QTableView, model: GrantsModel) -> ProxyGrant | None:
        index = table.currentIndex()
        return model.grant(index.row()) if index.isValid() else None

    def _on_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        for button, table, model in ((self.revoke_button, self.mine_table, self.mine),
                                     (self.stop_button, self.theirs_table, self.theirs)):
            grant = self._selected(table, model)
            button.setEnabled(grant is not None and grant.can_revoke)

    def _on_revoke_button_clicked(self) -> None:
        grant = self._selected(self.mine_table, self.mine)
        if grant is not None:
            self._confirm(grant, translate("ProxiesScreen", "{name} さんを代理人から解除しますか？").format(name=grant.proxy.name),
                          translate("ProxiesScreen", "解除するとすぐに、{name} さんはあなたの代わりに操作できなくなります。").format(name=grant.proxy.name))

    def _on_stop_button_clicked(self) -> None:
        grant = self._selected(self.theirs_table, self.theirs)
        if grant is not None:
            self._confirm(grant, translate("ProxiesScreen", "{name} さんの代理人をやめますか？").format(name=grant.principal.name),
                          translate("ProxiesScreen", "やめるとすぐに、{name} さんの代わりに操作できなくなります。").format(name=grant.principal.name))

    def _confirm(self, grant: ProxyGrant, question: str, detail: str) -> None:
        if self._question is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, translate("ProxiesScreen", "代理人の解除"), question, parent=self)
        box.setObjectName("proxiesRevokeQuestion")
        box.setInformativeText(detail)
        confirm = box.addButton(translate("ProxiesScreen", "解除する"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("proxiesRevokeConfirm")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).setText(translate("ProxiesScreen", "やめる"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        self._question = box

        def _finished(_result: int) -> None:
            self._question = None
            box.deleteLater()
            if box.clickedButton() is confirm:
                spawn(self.revoke(grant))

        box.finished.connect(_finished)
        box.open()

    async def revoke(self, grant: ProxyGrant) -> None:
        client = self._access.client
        if client is None:
            return
        try:
            await self._access.call(client.revoke_proxy, grant.id)
        except PortalError as exc:
            self.status.setText(error_text(exc))
            return
        log.info("a 代理人 grant was ended from わたしの代理人")
        self._grants_changed()
        self.revoked.emit(grant.id)
        await self.load()
        self.status.setText(translate("ProxiesScreen", "解除しました。"))

    # -- registering ----------------------------------------------------------------------------

    def _on_register_button_clicked(self) -> None:
        if self._context is None or self.registration is not None or not self._access.is_logged_in:
            return
        from ui.screens.proxy_registration import ProxyRegistrationDialog

        dialog = ProxyRegistrationDialog(self._context, self)
        self.registration = dialog

        def _finished(_result: int) -> None:
            self.registration = None
            dialog.deleteLater()

        dialog.registered.connect(self._on_registration_registered)
        dialog.finished.connect(_finished)
        dialog.open()

    def _on_registration_registered(self, _grant: object) -> None:
        self._grants_changed()
        spawn(self.load())

    def _grants_changed(self) -> None:
        if self._context is not None:
            self._context.grant_events.changed.emit()

    # -- text ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(translate("ProxiesScreen", "わたしの代理人"))
        self.intro.setText(translate(
            "ProxiesScreen", "あなたの代わりにマイナポータルを使える人（代理人）と、あなたが代理人になっている人です。"
            "代理人の解除は、代理人の確認なしに、あなただけの判断でいつでもできます。"
            "代理人が操作すると、その記録が下の操作記録に残り、お知らせが届きます。"))
        self.mine_label.setText(translate("ProxiesScreen", "あなたの代理人"))
        self.mine_table.setAccessibleName(translate("ProxiesScreen", "あなたの代理人"))
        self.revoke_button.setText(translate("ProxiesScreen", "代理人を解除する"))
        self.revoke_button.setAccessibleName(translate("ProxiesScreen", "選んだ代理人を解除する"))
        self.theirs_label.setText(translate("ProxiesScreen", "あなたが代理人になっている人"))
        self.theirs_table.setAccessibleName(translate("ProxiesScreen", "あなたが代理人になっている人"))
        self.stop_button.setText(translate("ProxiesScreen", "代理人をやめる"))
        self.stop_button.setAccessibleName(translate("ProxiesScreen", "選んだ人の代理人をやめる"))
        self.actions_label.setText(translate("ProxiesScreen", "代理人の操作記録"))
        self.actions_table.setAccessibleName(translate("ProxiesScreen", "代理人の操作記録"))
        self.register_note.setText(translate(
            "ProxiesScreen", "お子さんの代理人（法定代理人）になるには、あなたのカードとお子さんのマイナンバーカードの2枚を使って登録します。"))
        self.register_button.setText(translate("ProxiesScreen", "代理人として登録する"))
        self.register_button.setAccessibleName(translate("ProxiesScreen", "お子さんの代理人として登録する"))


def create_screen(context: ProxiesContext) -> QWidget:
    return ProxiesScreen(context.access, context=context)
