"""「だれとして使う」: the header's choice of whom the resident uses the portal as, themselves or a
person they are 代理人 for (app.portal.client.PortalClient.set_acting_for).

:class:`ActingPresenter` knows the choices (the resident's active grants, read again whenever the
resident moves to another screen, and at once when the notice stream says the grant acted on
ended: :meth:`grant_ended`) and what is chosen; it holds no widget. :class:`ActingSwitcher` is the header's label and combo box; it holds no rule.
Installed after login (start-up budget, DESIGN.md §9)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.portal.errors import PortalError
from app.portal.models import Person
from ui.portal.tasks import spawn

if TYPE_CHECKING:
    from ui.portal.access import PortalAccess

log = logging.getLogger(__name__)

translate = QCoreApplication.translate


class ActingPresenter(QObject):
    choices_changed = Signal(object)  # tuple[Person, ...]: whom the resident may act for now
    acting_changed = Signal(object)  # Person | None: None = the resident themselves
    # Person: the grant acted on ended, and the resident is back to themselves. Said once, whichever
    # hears it first: the notice stream (grant_ended) or a read of the grants (load).
    acting_lost = Signal(object)

    def __init__(self, access: PortalAccess, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self.choices: tuple[Person, ...] = ()
        self.acting: Person | None = None
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)

    def refresh(self) -> None:
        spawn(self.load())

    async def load(self) -> None:
        client = self._access.client
        if client is None:
            return
        try:
            grants = await self._access.call(client.proxies)
        except PortalError as exc:
            log.info("the 代理人 choices could not be read: %s", exc.code)
            return
        self.choices = grants.acting_choices()
        self.choices_changed.emit(self.choices)
        if self.acting is not None and self.acting.id not in {p.id for p in self.choices}:
            log.info("the grant acted on has ended: back to the resident themselves")
            person = self.acting
            self.choose(None)
            self.acting_lost.emit(person)

    def choose(self, person_id: str | None) -> bool:
        """Act for ``person_id`` (one of :attr:`choices`) or, with None, for oneself. False when
        that person is not a choice (any more)."""
        person = next((p for p in self.choices if p.id == person_id), None)
        if person_id is not None and person is None:
            return False
        client = self._access.client
        if client is None:
            return False
        if (self.acting.id if self.acting else None) == person_id:
            return True
        client.set_acting_for(person_id)
        self.acting = person
        self.acting_changed.emit(person)
        return True

    def grant_ended(self) -> Person | None:
        """The grant acted on ended (the notice stream said so): back to the resident at once.
        Returns the person no longer represented (None if the resident was acting as themselves)."""
        person = self.acting
        if person is not None:
            log.info("the grant acted on has ended: back to the resident themselves at once")
            self.choices = tuple(p for p in self.choices if p.id != person.id)
            self.choices_changed.emit(self.choices)
            self.choose(None)
            self.acting_lost.emit(person)
        self.refresh()
        return person

    def _on_access_logged_in(self, _p: object) -> None:
        self.acting = None
        self.refresh()

    def _on_access_logged_out(self, _r: str) -> None:
        client = self._access.client
        if client is not None:
            client.set_acting_for(None)
        self.choices = ()
        self.acting = None
        self.choices_changed.emit(())
        self.acting_changed.emit(None)


class ActingSwitcher(QWidget):
    """The header's 「だれとして使う」: a label and a combo box (the resident, then each person)."""

    chosen = Signal(object)  # str | None: the person's id, None for the resident themselves

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actingSwitcher")
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("actingFor")
        # As wide as the longest name: a cut 「自分（佐…」 does not say who is chosen.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self._self_name = ""
        self._choices: tuple[Person, ...] = ()
        self._updating = False
        self.combo.activated.connect(self._on_combo_activated)
        self._allow_shrinking()
        self.retranslate()

    def _allow_shrinking(self) -> None:
        # The names in full when the header has room (the size hint), cut short when it has not
        # (large text, a small window) rather than making the window wider than the screen.
        self.combo.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 6)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._allow_shrinking()
        super().changeEvent(event)

    def show_choices(self, self_name: str, choices: tuple[Person, ...], acting: Person | None) -> None:
        self._self_name, self._choices = self_name, choices
        self._updating = True
        try:
            self.combo.clear()
            self.combo.addItem(translate("ActingSwitcher", "自分（{name} さん）").format(name=self_name), None)
            for person in choices:
                self.combo.addItem(translate("ActingSwitcher", "{name} さん（代理）").format(name=person.name), person.id)
            ids = [None, *(p.id for p in choices)]
            current = acting.id if acting is not None else None
            self.combo.setCurrentIndex(ids.index(current) if current in ids else 0)
        finally:
            self._updating = False

    def _on_combo_activated(self, index: int) -> None:
        if not self._updating:
            self.chosen.emit(self.combo.itemData(index))

    def retranslate(self) -> None:
        self.label.setText(translate("ActingSwitcher", "だれとして使う"))
        self.combo.setAccessibleName(translate("ActingSwitcher", "だれとして使う"))
        self.combo.setToolTip(translate("ActingSwitcher", "自分として使うか、代理人として本人に代わって使うかを選びます。"))
