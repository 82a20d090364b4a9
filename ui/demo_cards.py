"""Demo mode's virtual card reader: the demo residents' cards, issued by the embedded stub's
J-LIS, in a virtual reader the resident can "put a card into" from the login screen.

This is composition-level code: it is the one place besides ui.app_context that touches
``backend_stub``. The residents come from the stub's data file (``backend_stub/data/
residents.json``, read as a resource: the login screen lists them before the window is shown,
so the server package, FastAPI and pydantic are never imported in the GUI process); the
virtual card (``backend_stub.card``) is imported on the card worker when a demo card is first
put into the reader. It runs on the card's image (``backend_stub.card.image``: key numbers and
DER bytes, written by J-LIS at issuance), so cryptography never loads in the GUI process; only
a card issued before card images goes through ``backend_stub.jlis`` once, to write its image.
The cards are fictional and so are their PINs, which is why the login screen may show them
as a hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QCoreApplication

from ui.card.reader_hub import ReaderHub, VirtualSlot

if TYPE_CHECKING:
    from app.card.worker import CardWorker
    from ui.app_context import AppContext

DEMO_READER = "MynaDesk Demo Reader"
#: A second virtual reader, for the represented person's card while the resident's own stays in
#: the first (代理人の登録 reads both cards: src:anjo-passport-miseinen).
OTHER_DEMO_READER = "MynaDesk Demo Reader 2"
RESIDENTS_PACKAGE = "backend_stub.data"
RESIDENTS_FILE = "residents.json"


class DemoResident(NamedTuple):
    """A demo resident as the login screen lists them. (A NamedTuple: made before the window's
    first paint, where a frozen dataclass takes ~0.5 ms more, DESIGN.md §9.)"""

    resident_id: str
    name: str
    municipality: str
    auth_pin: str
    sign_pin: str  # "" on a child's card, which has no 署名用電子証明書
    kenhojo_pin: str
    description: str


def load_demo_residents(text: str | None = None) -> list[DemoResident]:
    """The demo residents of the stub's data file (or of ``text``, the same JSON), in file order.
    The same file ``STUB residents --json`` prints from and the stub seeds its database with."""
    if text is None:
        # Beside the package rather than importlib.resources, which costs ~5 ms before the
        # window's first paint (the login screen lists the residents; DESIGN.md §9).
        import importlib

        package = importlib.import_module(RESIDENTS_PACKAGE)  # a namespace package: no __file__
        text = (Path(next(iter(package.__path__))) / RESIDENTS_FILE).read_text(encoding="utf-8")
    import json

    out: list[DemoResident] = []
    for d in json.loads(text)["residents"]:
        pins = d["demo_pins"]
        out.append(DemoResident(
            d["id"], d["name"], f"{d['prefecture']}{d['municipality_name']}",
            pins["auth"], pins.get("sign", ""), pins["kenhojo"], d.get("description", ""),
        ))
    return out


def demo_household_my_numbers(resident_id: str) -> dict[str, str]:
    """The My Numbers of a demo resident's household members, by name: what the resident would
    read from their family's cards when a form asks (the self-test types them)."""
    import importlib
    import json

    package = importlib.import_module(RESIDENTS_PACKAGE)
    text = (Path(next(iter(package.__path__))) / RESIDENTS_FILE).read_text(encoding="utf-8")
    for d in json.loads(text)["residents"]:
        if d["id"] == resident_id:
            return {m["name"]: m["my_number"] for m in d.get("household", []) if m.get("my_number")}
    return {}


def demo_reader_label() -> str:
    return QCoreApplication.translate("DemoCards", "デモ用の仮想カードリーダー")


def other_demo_reader_label() -> str:
    return QCoreApplication.translate("DemoCards", "デモ用の仮想カードリーダー（2台目）")


class DemoCards:
    """The demo reader and the demo residents' virtual cards (one card object per resident for
    the whole run, so wrong-PIN counts behave as on a real card)."""

    def __init__(self, ctx: AppContext, hub: ReaderHub, card_worker: CardWorker,
                 data_dir: Path | None = None) -> None:
        self._ctx = ctx
        self._worker = card_worker
        self._hub = hub
        self._data_dir = data_dir
        self._cards: dict[str, Any] = {}
        self._residents: list[DemoResident] | None = None
        self.inserted: str | None = None
        self.other_inserted: str | None = None  # the card in the second reader

    @property
    def data_dir(self) -> Path:
        """The embedded stub's data directory (where its J-LIS keeps the issued cards)."""
        return self._data_dir or self._ctx.data_dir / "demo-backend"

    def residents(self) -> list[DemoResident]:
        if self._residents is None:
            self._residents = load_demo_residents()
        return self._residents

    def reader(self) -> VirtualSlot:
        return self._hub.add_virtual_reader(DEMO_READER, label=demo_reader_label())

    def card_for(self, resident_id: str) -> Any:
        """The resident's VirtualCard (blocking: loads keys; call it off the Qt thread)."""
        card = self._cards.get(resident_id)
        if card is None:
            from backend_stub.card import VirtualCard
            from backend_stub.card.image import load_card_image

            try:
                image = load_card_image(self.data_dir, resident_id)
            except FileNotFoundError:  # issued before card images: J-LIS writes it, once
                from backend_stub.jlis import JLIS

                image = JLIS(self.data_dir).card_image(resident_id)
            card = VirtualCard(image)
            self._cards[resident_id] = card
        return card

    async def insert(self, resident_id: str) -> None:
        """Puts that resident's card into the demo reader (waits for the stub to have issued it)."""
        await self._ctx.wait_backend_ready()
        card = await self._worker.run(self.card_for, resident_id)
        if card.removed.is_set():  # taken out earlier: the same card goes back in, powered up anew
            card.removed.clear()
            card.reset()
        self.inserted = resident_id
        self.reader().insert(card)

    async def insert_other(self, resident_id: str) -> None:
        """Puts that resident's card into the second demo reader (the first keeps its card)."""
        await self._ctx.wait_backend_ready()
        card = await self._worker.run(self.card_for, resident_id)
        if card.removed.is_set():
            card.removed.clear()
            card.reset()
        slot = self._hub.slot(OTHER_DEMO_READER)
        if slot is not None and self.other_inserted is not None:
            slot.remove()
        self.other_inserted = resident_id
        self._hub.add_virtual_reader(OTHER_DEMO_READER, label=other_demo_reader_label()).insert(card)

    def remove_other(self) -> None:
        self.other_inserted = None
        slot = self._hub.slot(OTHER_DEMO_READER)
        if slot is not None:
            slot.remove()

    def remove(self) -> None:
        self.inserted = None
        slot = self._hub.slot(DEMO_READER)
        if slot is not None:
            slot.remove()
