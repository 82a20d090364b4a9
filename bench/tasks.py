"""The cost of a task: each online form filed by each demo resident it applies to, through the
real wizard, counted field by field, click by click (issue 16 §4).

The app runs as the resident journeys run it (tests/journeys/harness.py: the real MainWindow on
the embedded stub over HTTPS, the demo cards in the demo reader). For each resident the bench
logs in once (that PIN is not counted), reads what the backend holds about them (``/me`` with
the household, every わたしの情報 category), decides which forms apply, and for each form goes
from 「申請する」 to the 受付番号 as the resident would: 「カードとわたしの情報から入力」 with the
券面事項入力補助 PIN, then page by page the fields still empty that the resident has an answer for
(a click into the field and one key per character, a click per radio button or tick box, two per
list choice, one per 「＋ 追加」), the documents the 添付書類 page marks （必須）, 次へ, and
「署名して申請する」 with the signing PIN.

Counted on the path the resident sees: a field is the input of one question (a repeat's item
field once per item; a bank account is one field); only visible ones count, so conditional
sections and fields count as they open for this resident. A field is prefilled when it already
holds a value the first time its page is shown; typed when the resident entered it; left blank
when it is optional and the resident has nothing to say. Each typed field is checked against what
the backend holds (the same value in ``/me``, its household or わたしの情報): such a field is
``held`` and misses the target "no field asked that the backend already holds".

Anchors, on the same path: the paper form (every field typed by hand, nothing prefilled) and the
official online form, whose prefill covers the card's four basic items (name, address, birth
date, sex: the fields this form fills from ``card.name|address|birth_date|sex``); its clicks and
keys are ours plus what typing the fields we prefilled beyond those four would cost.

Keystrokes are key presses as sent: one per character, so a Japanese text typed through an input
method costs more than counted here (its reading and the conversion keys). Wall time runs from the
click on 「申請する」 to the 受付番号 on screen, less the time the card itself works (every job on
the card worker is timed) and less nothing else: the resident's own typing takes no time here.

    QT_QPA_PLATFORM=offscreen flock /tmp/vpcd.lock .venv/bin/python -m bench.tasks [--only r01,r05] [--json]

Targets (issue 16 §4): at least 70 % of the fields prefilled for every pair, no field asked that the
backend already holds, one PIN for the prefill and one for the signature (the login's not counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PREFILL_TARGET = 0.70
PINS_TARGET = 2  # the 券面事項入力補助 PIN for the prefill, the signing PIN for the signature
OFFICIAL_PREFILL = ("card.name", "card.address", "card.birth_date", "card.sex")
FIELD_PATH = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+(\[\d+\]\.[a-z0-9_]+)?$")
ITEM_INDEX = re.compile(r"\[\d+\]")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# -- which forms apply to whom ----------------------------------------------------------------
@dataclass(frozen=True)
class Resident:
    """What the backend holds about a logged-in resident (the API's view, nothing else)."""

    resident_id: str
    name: str
    situations: frozenset[str]  # the demo resident's situations (the stub's data file)
    me: Any  # app.portal.models.Me
    self_info: Mapping[str, Mapping[str, str]]  # category -> label -> value

    @property
    def receives_child_allowance(self) -> bool:
        return bool(self.self_info.get("child_allowance"))

    def children_under(self, years: int, today: dt.date) -> int:
        return sum(1 for h in self.me.household if h.relation == "child" and h.birth_date is not None
                   and _age(h.birth_date, today) < years)

    def held_values(self) -> set[str]:
        """Every value the backend sent about this resident, as text (for the held check)."""
        me = self.me
        out = {me.display_name, me.display_name_kana, me.birth_date.isoformat(), me.postal_code or ""}
        for h in me.household:
            out |= {h.name, h.name_kana, h.birth_date.isoformat() if h.birth_date else ""}
        for items in self.self_info.values():
            out |= set(items.values())
        return {v for v in out if v}


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _catalog_situations() -> dict[str, set[str]]:
    raw = json.loads((REPO / "backend_stub" / "data" / "catalog.json").read_text("utf-8"))
    return {s["form_id"]: set(s["situations"]) for s in raw["services"] if s.get("form_id")}


def applicable_forms(r: Resident, today: dt.date) -> list[tuple[str, str]]:
    """(form id, why) for the forms this resident would file: the catalog's situations for the
    procedure, with the 児童手当 forms split by whether わたしの情報 shows the allowance received
    (認定請求 before it is, 額改定・現況届 once it is)."""
    situations = _catalog_situations()
    out: list[tuple[str, str]] = []
    if r.children_under(18, today) and not r.receives_child_allowance:
        out.append(("jidou-teate-nintei", "a child under 18, 児童手当 not yet received"))
    if r.receives_child_allowance and r.situations & situations["jidou-teate-gakukaitei"]:
        out.append(("jidou-teate-gakukaitei", "receives 児童手当, " + "・".join(sorted(r.situations & situations["jidou-teate-gakukaitei"]))))
    if r.receives_child_allowance:
        out.append(("jidou-teate-genkyo", "receives 児童手当 (asked by the municipality)"))
    for form_id in ("hoiku-riyou", "ninshin-todoke", "jifu-genkyo"):
        common = r.situations & (situations[form_id] - {"annual"})
        if common:
            out.append((form_id, "・".join(sorted(common))))
    return out


# -- what each resident answers ---------------------------------------------------------------
def answers(form_id: str, r: Resident, today: dt.date) -> dict[str, object]:
    """What the resident enters where the form is still empty: their own answers, and what they
    know of their family (the household's My Numbers, read from the family's cards). Keys are
    field paths; ``[*]`` stands for every item of a repeat. Values for a bank account are the
    mapping the editor emits."""
    from ui.demo_cards import demo_household_my_numbers

    me = r.me
    spouse = next((h for h in me.household if h.relation == "spouse"), None)
    kids = [h for h in me.household if h.relation == "child" and h.birth_date is not None]
    youngest = max(kids, key=lambda h: h.birth_date) if kids else None
    numbers = demo_household_my_numbers(r.resident_id)
    phone = {"112305": "048-000-0000", "085421": "0280-00-0000", "131016": "03-0000-0000"}.get(me.municipality_code, "03-0000-0000")
    a: dict[str, object] = {"declaration.truthful": True}
    child_numbers = {f"children.children[{i}].my_number": numbers.get(k.name, "") for i, k in enumerate(
        sorted((k for k in kids if _age(k.birth_date, today) < 19), key=lambda k: k.birth_date))}
    if form_id == "jidou-teate-nintei":
        a |= {"eligibility.public_servant": "no", "claimant.phone": phone, "claimant.occupation": "会社員",
              "claimant.marital_status": "married" if spouse else "single",
              "jan1.same_as_now": "yes" if not r.self_info.get("household", {}).get("転入日", "").startswith(str(today.year))
              else "no",
              "jan1.address": "茨城県猿島郡五霞町大字小福田1100番地", "jan1.spouse_same": "same",
              "older_children.has_older": "no", "payment.account": {"use_public_account": True}}
        if spouse:
            a |= {"spouse.name": spouse.name, "spouse.birth_date": spouse.birth_date.isoformat(),
                  "spouse.my_number": numbers.get(spouse.name, ""),
                  "spouse.lives_with": "together" if spouse.lives_together else "apart"}
        a |= {k.replace("children.children", "children.children"): v for k, v in child_numbers.items()}
    elif form_id in ("jidou-teate-gakukaitei", "jidou-teate-genkyo"):
        a |= {"recipient.phone": phone, "payment.change": "no", "reason.reason": "birth",
              "reason.event_date": (today - dt.timedelta(days=5)).isoformat(), "case.reason": "requested"}
        a |= child_numbers
    elif form_id == "hoiku-riyou":
        assert youngest is not None
        start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        a |= {"child.name": youngest.name, "child.name_kana": youngest.name_kana,
              "child.birth_date": youngest.birth_date.isoformat(),
              "child.sex": "male" if youngest.sex == "1" else "female",
              "child.my_number": numbers.get(youngest.name, ""),
              "certification.category": "3" if _age(youngest.birth_date, start) < 3 else "2",
              "certification.hours": "standard",
              "guardian1.employer": "架空商事株式会社", "guardian1.phone": phone, "guardian1.reason": "employment",
              "household.two_guardians": "yes" if spouse else "no", "household.moved_in": "no",
              "preferences.facilities[*].facility": "架空第一保育園", "preferences.start_date": start.isoformat(),
              "consent.truthful": True}
        if spouse:
            a |= {"guardian2.name": spouse.name, "guardian2.name_kana": spouse.name_kana,
                  "guardian2.birth_date": spouse.birth_date.isoformat(), "guardian2.my_number": numbers.get(spouse.name, ""),
                  "guardian2.employer": "架空工業株式会社", "guardian2.reason": "employment"}
    elif form_id == "ninshin-todoke":
        a |= {"person.phone": phone, "person.occupation": "会社員", "pregnancy.weeks": "10",
              "pregnancy.due_date": (today + dt.timedelta(days=200)).isoformat(), "pregnancy.diagnosed_by": "架空 医師",
              "pregnancy.facility": "架空レディースクリニック", "pregnancy.first_birth": "first",
              "pregnancy.multiple": "single", "pregnancy.std_test": "yes", "pregnancy.tb_test": "yes",
              "partner.has_partner": "yes" if spouse else "no", "partner.name": spouse.name if spouse else "",
              "interview.wanted": "no", "support_benefit.apply": "yes",
              "support_benefit.account": {"use_public_account": True}}
    elif form_id == "jifu-genkyo":
        a |= {"mode.mode": "advance", "recipient.phone": phone, "status.marital": "none", "status.child_support": "0",
              "status.public_pension": "no", "visit.date": (today + dt.timedelta(days=14)).isoformat(),
              "visit.slot": "morning"}
        for i, k in enumerate(sorted((k for k in kids if _age(k.birth_date, today) < 20), key=lambda k: k.birth_date)):
            a |= {f"status.children[{i}].name": k.name, f"status.children[{i}].birth_date": k.birth_date.isoformat(),
                  f"status.children[{i}].lives_with": "together" if k.lives_together else "apart"}
    return {k: v for k, v in a.items() if v != ""}


def repeat_items(form_id: str, a: Mapping[str, object]) -> dict[str, int]:
    """How many items of each repeat the resident's answers describe (the 「＋ 追加」 clicks
    needed when the prefill brought fewer)."""
    out: dict[str, int] = {}
    for path in a:
        m = re.match(r"^([a-z0-9_]+\.[a-z0-9_]+)\[(\d+|\*)\]", path)
        if m:
            n = 1 if m.group(2) == "*" else int(m.group(2)) + 1
            out[m.group(1)] = max(out.get(m.group(1), 0), n)
    return out


# -- the measure ------------------------------------------------------------------------------
@dataclass
class Cost:
    clicks: int = 0
    keys: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.clicks + other.clicks, self.keys + other.keys)


@dataclass
class PairResult:
    form_id: str
    resident_id: str
    why: str
    fields: list[str] = field(default_factory=list)  # shown, in the order seen
    prefilled: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # typed, and the backend holds the value
    official_prefill: list[str] = field(default_factory=list)  # the official form's 4 items on this path
    clicks: int = 0
    keys: int = 0
    pin_entries: int = 0
    pin_keys: int = 0
    documents: int = 0
    saved: Cost = field(default_factory=Cost)  # typing what we prefilled beyond the official four
    official_clicks: int = 0
    official_keys: int = 0
    wall_ms: float = 0.0
    card_ms: float = 0.0
    receipt: str = ""
    error: str = ""

    @property
    def share(self) -> float:
        return len(self.prefilled) / len(self.fields) if self.fields else 0.0

    @property
    def met(self) -> bool:
        return (not self.error and self.share >= PREFILL_TARGET and not self.held
                and self.pin_entries == PINS_TARGET)


class _Bot:
    """The two things the harness's Journey asks of pytest-qt's ``qtbot``, counting the clicks."""

    def __init__(self) -> None:
        self.clicks = 0

    def waitUntil(self, condition: Callable[[], object], timeout: int = 5000) -> None:  # noqa: N802 (qtbot's name)
        from PySide6.QtTest import QTest

        deadline = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the condition was not met in time")
            QTest.qWait(5)

    def mouseClick(self, widget: Any, button: Any, modifier: Any = None, pos: Any = None) -> None:  # noqa: N802
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.clicks += 1
        QTest.mouseClick(widget, button, modifier or Qt.KeyboardModifier.NoModifier, pos)


def _counting_journey_class() -> type:
    from PySide6.QtTest import QTest

    from tests.journeys.harness import Journey

    class CountingJourney(Journey):
        """The journey's hands, counting keys and PIN entries (clicks: the bot)."""

        keys = 0
        pin_entries = 0
        pin_keys = 0

        def press(self, key: Any, widget: Any = None, modifier: Any = None) -> None:
            self.keys += 1
            if modifier is None:
                super().press(key, widget)
            else:
                super().press(key, widget, modifier)

        def type_text(self, text: str, widget: Any = None) -> None:
            self.keys += len(text)
            super().type_text(text, widget)

        def type_pin(self, pin: str, *, ok: bool = True, confirm_last: bool = False) -> Any:
            self.pin_entries += 1
            self.pin_keys += len(pin)
            return super().type_pin(pin, ok=ok, confirm_last=confirm_last)

        def type_keys(self, widget: Any, text: str) -> None:
            """One key per character; a character beyond ASCII arrives as an input method
            hands it over (a key event carrying its text: QTest has no key for it)."""
            from PySide6.QtCore import QEvent, Qt
            from PySide6.QtGui import QKeyEvent
            from PySide6.QtWidgets import QApplication

            for char in text:
                self.keys += 1
                if char.isascii():
                    QTest.keyClick(widget, char)
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    return CountingJourney


# -- reading and filling the visible page -----------------------------------------------------
def visible_fields(page: Any) -> list[tuple[str, Any]]:
    """(path, widget) of each field shown on the page, in layout order."""
    from PySide6.QtWidgets import QWidget

    out: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for w in page.findChildren(QWidget):
        name = w.objectName()
        if not name.startswith("field_"):
            continue
        path = name[len("field_"):]
        if path in seen or not FIELD_PATH.match(path) or not w.isVisibleTo(page):
            continue
        seen.add(path)
        out.append((path, w))
    return out


def field_value(w: Any) -> object:
    """The value a field's widget shows (None or "" or False when empty)."""
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QRadioButton

    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    buttons = [b for b in w.findChildren(QRadioButton) + w.findChildren(QCheckBox)]
    if any(b.objectName().endswith(".use_public_account") for b in buttons):
        edits = [e for e in w.findChildren(QLineEdit) if e.text()]
        return any(b.isChecked() for b in buttons) or bool(edits)
    return [b.objectName().split("=", 1)[-1] for b in buttons if b.isChecked()]


def _filled(value: object) -> bool:
    return value not in (None, "", False, [])


def answer_for(a: Mapping[str, object], path: str) -> object | None:
    if path in a:
        return a[path]
    return a.get(ITEM_INDEX.sub("[*]", path))


def type_cost(w: Any, value: object) -> Cost:
    """What entering ``value`` in this field's widget costs the resident."""
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

    if isinstance(w, QLineEdit | QPlainTextEdit):
        return Cost(1, len(str(value)))
    if isinstance(w, QComboBox):
        return Cost(2, 0)
    if isinstance(w, QCheckBox):
        return Cost(1 if value else 0, 0)
    if isinstance(value, Mapping):
        return Cost(1, 0) if value.get("use_public_account") else Cost(6, sum(len(str(v)) for v in value.values()))
    if isinstance(value, list):
        return Cost(len(value), 0)
    return Cost(1, 0)


def fill(j: Any, w: Any, path: str, value: object) -> None:
    """Enters ``value`` as the resident does: keys into a text field, clicks elsewhere."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

    j.activate()  # the window is the active one, as when the resident clicks into it
    if isinstance(w, QLineEdit | QPlainTextEdit):
        j.click(w)
        j.wait_until(w.hasFocus, 3000)
        j.type_keys(w, str(value))
    elif isinstance(w, QComboBox):
        j.click(w)  # opens the list
        view = w.view()
        j.wait_until(view.isVisible, 3000)
        row = w.findData(value)
        assert row >= 0, (path, value)
        # The choice, as a click on it does (a release right after the list opened is ignored
        # by the combo box, so the choice is made with the list's own Return).
        view.setCurrentIndex(view.model().index(row, 0))
        j.qtbot.clicks += 1
        QTest.keyClick(view, Qt.Key.Key_Return)
        j.wait_until(lambda: w.currentData() == value, 3000)
    elif isinstance(w, QCheckBox):
        tick(j, w, bool(value))
    elif isinstance(value, Mapping):
        if value.get("use_public_account"):
            tick(j, j.find(f"field_{path}.use_public_account", w), True)
        else:
            raise NotImplementedError("a bank account typed part by part")
    else:
        for choice in value if isinstance(value, list) else [value]:
            tick(j, j.find(f"field_{path}={choice}", w), True)


def tick(j: Any, button: Any, on: bool) -> None:
    """Clicks a check box or radio button on its box and label (a click beyond them, in the
    empty part of a wide button, does nothing, as for the resident)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QRadioButton, QStyle, QStyleOptionButton

    if button.isChecked() == on:
        return
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = (QStyle.SubElement.SE_RadioButtonClickRect if isinstance(button, QRadioButton)
               else QStyle.SubElement.SE_CheckBoxClickRect)
    rect = button.style().subElementRect(element, option, button)
    j.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=rect.center())
    j.wait_until(lambda: button.isChecked() == on, 3000)


# -- one pair ---------------------------------------------------------------------------------
class CardClock:
    """Times every job the card worker runs (the card's own time, on its thread)."""

    def __init__(self, worker: Any) -> None:
        self.seconds = 0.0
        submit = worker.submit

        def timed_submit(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
            def timed(*a: Any, **k: Any) -> Any:
                start = time.perf_counter()
                try:
                    return fn(*a, **k)
                finally:
                    self.seconds += time.perf_counter() - start
            return submit(timed, *args, **kwargs)

        worker.submit = timed_submit


def run_pair(j: Any, bot: _Bot, clock: CardClock, r: Resident, form_id: str, why: str, today: dt.date,
             files: Path) -> PairResult:
    from app.forms import load_form

    result = PairResult(form_id, r.resident_id, why)
    spec = load_form(form_id)
    sources = {f"{s.id}.{f.id}": f.prefill for s in spec.sections for f in s.fields}
    a = answers(form_id, r, today)
    wanted_items = repeat_items(form_id, a)
    held = r.held_values()
    screen = j.open_screen("services")
    search = screen.search
    def row() -> int | None:  # the procedure of the resident's own municipality
        for i in range(search.model.rowCount()):
            e = search.model.entry(i)
            if e is not None and e.service.id == form_id and e.municipality_code == r.me.municipality_code:
                return i
        return None

    j.wait_until(lambda: row() is not None, 15_000)
    search.results.setCurrentIndex(search.model.index(row(), 0))
    bot.clicks, j.keys, j.pin_entries, j.pin_keys = 0, 0, 0, 0
    clock.seconds = 0.0
    start = time.perf_counter()
    j.click(search.apply_button)
    j.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    prefill = j.find("prefillButton")
    j.click(prefill)
    j.type_pin(j.resident(r.resident_id).kenhojo_pin)
    j.wait_until(lambda: prefill.isEnabled() and j.dialog() is None, 30_000)
    next_button, submit = j.find("wizardNext"), wizard.findChild(type(prefill), "wizardSubmit")
    seen: set[str] = set()
    pages = 0
    while next_button.isVisible():
        pages += 1
        assert pages < 40, "the wizard does not end"
        if current_page(wizard).objectName() == "attachmentsPage":
            result.documents += attach_required(j, current_page(wizard), files)
        else:
            fill_page(j, wizard, a, wanted_items, sources, held, seen, result)
        page = current_page(wizard)
        j.click(next_button)
        j.settle()
        if current_page(wizard) is page:
            problems = "; ".join(f"{p}: {t}" for p, t in wizard.issue_texts().items()) if hasattr(wizard, "issue_texts") else ""
            raise RuntimeError(f"page {page.objectName()} did not pass: {problems or j.find('wizardNotice').text()}"
                               f" (prefilled {result.prefilled}, typed {result.typed}, blank {result.blank})")
    j.click(submit)
    j.type_pin(j.resident(r.resident_id).sign_pin)
    try:
        j.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible()
                     and bool(screen.status_view.receipt_number), 60_000)
    except TimeoutError:
        raise RuntimeError(f"no 受付番号: {j.find('wizardNotice').text()}") from None
    result.wall_ms = (time.perf_counter() - start) * 1000
    result.card_ms = clock.seconds * 1000
    result.receipt = screen.status_view.receipt_number
    result.clicks, result.keys = bot.clicks, j.keys
    result.pin_entries, result.pin_keys = j.pin_entries, j.pin_keys
    result.official_clicks = result.clicks + result.saved.clicks
    result.official_keys = result.keys + result.saved.keys
    return result


def current_page(wizard: Any) -> Any:
    from PySide6.QtWidgets import QScrollArea

    area = wizard.findChild(QScrollArea, "wizardPage")
    return area.widget()


def fill_page(j: Any, wizard: Any, a: Mapping[str, object], wanted_items: Mapping[str, int],
              sources: Mapping[str, str | None], held: set[str], seen: set[str], result: PairResult) -> None:
    """Counts the page's fields and fills the empty ones, again as fields open."""
    from PySide6.QtWidgets import QFrame, QPushButton

    page = current_page(wizard)
    # Items a repeat still needs (the prefill brought fewer): 「＋ 追加」 for each.
    adds = [b.objectName()[len("add_"):] for b in page.findChildren(QPushButton)
            if b.objectName().startswith("add_") and b.isVisibleTo(page)]
    for repeat in adds:
        def items(repeat: str = repeat) -> int:
            return sum(1 for f in current_page(wizard).findChildren(QFrame)
                       if f.objectName().startswith(f"item_{repeat}["))
        while items() < wanted_items.get(repeat, 0):
            before = items()
            j.click(f"add_{repeat}", current_page(wizard))
            j.wait_until(lambda n=before: items() > n, 3000)
    page = current_page(wizard)
    for _round in range(10):
        todo = [(p, w) for p, w in visible_fields(page) if p not in seen]
        if not todo:
            return
        for path, w in todo:
            seen.add(path)
            result.fields.append(path)
            value = field_value(w)
            if _filled(value):
                result.prefilled.append(path)
                if sources.get(ITEM_INDEX.sub("", path)) in OFFICIAL_PREFILL:
                    result.official_prefill.append(path)
                else:
                    result.saved = result.saved + type_cost(w, value)
                continue
            answer = answer_for(a, path)
            if answer is None or answer is False:
                result.blank.append(path)
                continue
            fill(j, w, path, answer)
            j.settle()
            result.typed.append(path)
            if isinstance(answer, str) and answer in held:
                result.held.append(path)
        page = current_page(wizard)


def attach_required(j: Any, page: Any, files: Path) -> int:
    """Attaches a PDF to each slot marked （必須）, through ファイルを選ぶ… and the file dialog
    (counted as the click on the button, one on the file, one on 開く)."""
    from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QPushButton

    attached = 0
    area = page.parentWidget()
    while True:
        page = area.widget() if area is not None and hasattr(area, "widget") else page
        missing = [f.objectName()[len("slot_"):] for f in page.findChildren(QFrame)
                   if f.objectName().startswith("slot_") and f.isVisibleTo(page)
                   and any("（必須）" in lb.text() for lb in f.findChildren(QLabel))
                   and not any(b.objectName().startswith(f"removeAttachment_{f.objectName()[5:]}_")
                               for b in f.findChildren(QPushButton))]
        if not missing:
            return attached
        slot = missing[0]
        path = files / f"{slot}.pdf"
        path.write_bytes(PDF)
        j.click(page.findChild(QPushButton, f"pick_{slot}"))
        dialog = j.wait_dialog(QFileDialog)
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(path))
        j.qtbot.clicks += 2  # the file in the list, then 開く
        dialog.accept()
        j.wait_until(lambda s=slot: any(b.objectName().startswith(f"removeAttachment_{s}_")
                                        for b in j.window.findChildren(QPushButton) if b.isVisible()), 5000)
        attached += 1
        assert attached < 20, "attachments do not take"


# -- the run ----------------------------------------------------------------------------------
@contextmanager
def app_run(data_dir: Path) -> Iterator[Any]:
    """The app as the journeys launch it, with the counting hands; the card worker timed."""
    from PySide6.QtWidgets import QApplication

    from tests.journeys.harness import launch, running_loop

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with running_loop():
        run = launch(data_dir)
        try:
            bot = _Bot()
            j = _counting_journey_class()(bot, run)
            j.wait_backend()
            yield j, bot
        finally:
            j.reset() if "j" in locals() else None
            run.close()
    del app


def resident_facts(j: Any, resident_id: str) -> Resident:
    """What the backend holds about the logged-in resident, through the app's own client."""
    from ui.demo_cards import RESIDENTS_FILE

    client = j.session.client
    me = client.me()
    info: dict[str, dict[str, str]] = {}
    for category in client.self_info_categories():
        try:
            items = client.self_info(category.id).items
        except Exception:
            continue
        if items:
            info[category.id] = {i.label: str(i.value) for i in items}
    raw = json.loads((REPO / "backend_stub" / "data" / RESIDENTS_FILE).read_text("utf-8"))
    situations = next(frozenset(d.get("situations", ())) for d in raw["residents"] if d["id"] == resident_id)
    return Resident(resident_id, me.display_name, situations, me, info)


def measure(only: set[str] | None = None, forms: set[str] | None = None,
            progress: Callable[[str], None] = lambda _s: None) -> tuple[list[PairResult], dict[str, str]]:
    """Every pair (or those of ``only`` residents / ``forms``); the residents no form applies to."""
    from app.jst import today_jst

    today = today_jst()
    results: list[PairResult] = []
    none_apply: dict[str, str] = {}
    from ui.demo_cards import load_demo_residents

    # One launch per resident: a new session of the app keeps the services search on the
    # municipality the previous resident's catalog was loaded for (left as found; see README).
    for demo in load_demo_residents():
        if only and demo.resident_id not in only:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-tasks-") as tmp, app_run(Path(tmp) / "app") as (j, bot):
            files = Path(tmp) / "files"
            files.mkdir()
            clock = CardClock(j.card_worker)
            j.reset()
            j.login_as(demo.resident_id)
            r = resident_facts(j, demo.resident_id)
            pairs = [(f, why) for f, why in applicable_forms(r, today) if not forms or f in forms]
            if not pairs:
                none_apply[demo.resident_id] = demo.name
            for form_id, why in pairs:
                progress(f"{form_id} × {demo.resident_id} …")
                try:
                    result = run_pair(j, bot, clock, r, form_id, why, today, files)
                except Exception as exc:
                    result = PairResult(form_id, demo.resident_id, why, error=f"{type(exc).__name__}: {exc}")
                    progress(traceback.format_exc(limit=-3))
                    j.reset()
                    j.login_as(demo.resident_id)
                    for _ in range(3):
                        d = j.dialog()
                        if d is not None:
                            d.reject()
                            j.settle()
                results.append(result)
                progress(f"  {row_text(result)}")
            j.reset()
    return results, none_apply


def row_text(r: PairResult) -> str:
    if r.error:
        return f"{r.form_id} × {r.resident_id}: ERROR {r.error}"
    return (f"{r.form_id} × {r.resident_id}: {len(r.fields)} fields, {len(r.prefilled)} prefilled "
            f"({r.share:.0%}), {len(r.typed)} typed, {len(r.blank)} blank, held {r.held or '-'}; "
            f"{r.clicks} clicks {r.keys} keys; PINs {r.pin_entries}; {r.wall_ms - r.card_ms:.0f} ms "
            f"(card {r.card_ms:.0f} ms); 受付番号 {r.receipt}")


def table(results: list[PairResult], none_apply: Mapping[str, str]) -> str:
    head = ("| Form | Resident | Fields seen | Prefilled | Typed | Left blank | Asked though held | Clicks / keys | "
            "PIN entries | Documents | Wall time less card (card) | Paper: typed | Official online: prefilled, clicks / keys | Targets |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = [head]
    for r in results:
        if r.error:
            rows.append(f"| {r.form_id} | {r.resident_id} | error: {r.error} |" + " |" * 11)
            continue
        misses = [m for m, bad in (("prefill < 70 %", r.share < PREFILL_TARGET),
                                   ("held field asked", bool(r.held)),
                                   (f"{r.pin_entries} PINs", r.pin_entries != PINS_TARGET)) if bad]
        official = len(r.official_prefill)
        rows.append(
            f"| {r.form_id} | {r.resident_id} | {len(r.fields)} | {len(r.prefilled)} ({r.share:.0%}) | {len(r.typed)} | "
            f"{len(r.blank)} | {', '.join(r.held) or '–'} | {r.clicks} / {r.keys} | {r.pin_entries} | {r.documents} | "
            f"{r.wall_ms - r.card_ms:,.0f} ms ({r.card_ms:,.0f} ms) | {len(r.fields)} | "
            f"{official} ({official / len(r.fields):.0%}), {r.official_clicks} / {r.official_keys} | "
            f"{'met' if not misses else 'missed: ' + '; '.join(misses)} |")
    if none_apply:
        rows.append("")
        rows.append("No form applies to: " + ", ".join(f"{k} ({v})" for k, v in none_apply.items()) + ".")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="residents, comma-separated (r01,r05)")
    parser.add_argument("--forms", help="form ids, comma-separated")
    parser.add_argument("--json", action="store_true", help="one JSON object per pair instead of the table")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    forms = set(args.forms.split(",")) if args.forms else None
    results, none_apply = measure(only, forms, progress=lambda s: print(s, file=sys.stderr, flush=True))
    if args.json:
        for r in results:
            print(json.dumps(asdict(r) | {"share": round(r.share, 3), "met": r.met}, ensure_ascii=False))
    else:
        print("Pairs: " + "; ".join(f"{r.form_id} × {r.resident_id} ({r.why})" for r in results))
        print(table(results, none_apply))
    return 0 if results and all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
