"""The wizard shows every validation rule's message under the field as the resident types (the
core tests the rules themselves; these test that the resident sees them, with how to fix it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.drafts import Draft, MemoryDraftStore
from app.validators import validate_my_number
from ui.kosodate.wizard import WizardView

TODAY = dt.date(2026, 11, 26)


class OfflineBackend:
    """No session, no card: enough for typing and drafts."""

    def __init__(self) -> None:
        self.store = MemoryDraftStore()

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    def portal(self) -> Any:
        return None

    def card(self) -> Any:
        return None

    async def ask_pin(self, *args: Any, **kwargs: Any) -> str | None:
        return None


def open_wizard(qtbot: Any, today: dt.date = TODAY) -> WizardView:
    """A 児童手当 認定請求 wizard on an offline backend, shown."""
    backend = OfflineBackend()
    draft = Draft.new("jidou-teate-nintei", "112305")
    backend.store.save(draft)
    w = WizardView(backend, draft, today=today)
    qtbot.addWidget(w)
    w.resize(1000, 800)
    w.show()
    return w


@pytest.fixture
def wizard(qtbot: Any, aloop: Any) -> WizardView:
    """Drafts are written off the Qt thread: the loop runs, as in the app."""
    return open_wizard(qtbot)


def type_into(qapp: QApplication, edit: QLineEdit, value: str) -> None:
    """Types ``value`` as the resident would: cleared, then committed by the input method."""
    edit.setFocus()
    edit.selectAll()
    edit.del_()
    if value:
        event = QInputMethodEvent("", [])
        event.setCommitString(value)
        QApplication.sendEvent(edit, event)


def field(w: WizardView, path: str) -> QWidget:
    found = w.findChild(QWidget, f"field_{path}")
    assert found is not None, path
    return found


def message(w: WizardView, path: str) -> QLabel:
    found = w.findChild(QLabel, f"msg_{path}")
    assert found is not None, path
    return found


def go_to_section(w: WizardView, section_id: str) -> None:
    ids = [s.id for s in w.state.visible_sections()]
    w.go(ids.index(section_id))


def wrong_check_digit() -> str:
    base = "12345678901"
    for d in "0123456789":
        if validate_my_number(base + d):
            return base + d
    raise AssertionError


CASES = [
    ("claimant", "claimant.name_kana", "やまだ", "1文字目にひらがなが含まれています。カタカナで入力してください（例: ヤ"),
    ("claimant", "claimant.name_kana", "Yamada", "1文字目に英字が含まれています。カタカナで入力してください。"),
    ("claimant", "claimant.name_kana", "ヤマダ1", "4文字目の「1」は使えません"),
    ("claimant", "claimant.name", "あ" * 41, "40文字以内で入力してください。"),
    ("claimant", "claimant.birth_date", "1990/13/45", "存在しない日付です。"),
    ("claimant", "claimant.birth_date", "5月1日", "令和7年4月1日、R7.4.1 のように入力してください"),
    ("claimant", "claimant.birth_date", "2027-01-01", "未来の日付は入力できません。"),
    ("claimant", "claimant.my_number", "12345", "個人番号は12桁の数字で入力してください。"),
    ("claimant", "claimant.my_number", wrong_check_digit(), "個人番号に誤りがあります。カードの番号をもう一度確認してください。"),
    ("claimant", "claimant.postal_code", "35200", "郵便番号は7桁の数字で入力してください"),
    ("claimant", "claimant.phone", "48000000", "電話番号は0から始まる数字で入力してください。"),
    ("claimant", "claimant.phone", "0480", "10桁または11桁"),
    ("payment", "payment.account.bank_code", "12", "金融機関コードは4桁の数字です。"),
    ("payment", "payment.account.branch_code", "1", "支店コードは3桁の数字です。"),
    ("payment", "payment.account.account_number", "12", "口座番号は7桁の数字です"),
]


@pytest.mark.parametrize(("section", "path", "value", "expected"), CASES,
                         ids=[f"{c[1]}={c[2][:12]}" for c in CASES])
def test_message_under_the_field_as_the_resident_types(
        qtbot: Any, qapp: QApplication, wizard: WizardView, section: str, path: str, value: str,
        expected: str) -> None:
    go_to_section(wizard, section)
    edit = field(wizard, path)
    assert isinstance(edit, QLineEdit)
    type_into(qapp, edit, value)
    label = message(wizard, path)
    qtbot.waitUntil(label.isVisible, timeout=2_000)
    assert expected in label.text()
    # Fixing it makes the message go away (a valid value for each field).
    valid = {"claimant.name_kana": "ヤマダ ハナコ", "claimant.name": "山田 花子", "claimant.birth_date": "1990-04-12",
             "claimant.my_number": "388571356323", "claimant.postal_code": "352-0011",
             "claimant.phone": "048-000-0000", "payment.account.bank_code": "0001",
             "payment.account.branch_code": "001", "payment.account.account_number": "1234567"}[path]
    type_into(qapp, field(wizard, path), valid)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not message(wizard, path).isVisible(), timeout=2_000)


def test_required_fields_and_consent_are_shown_on_next(qtbot: Any, wizard: WizardView) -> None:
    wizard.set_value("eligibility.public_servant", "no")
    go_to_section(wizard, "claimant")
    wizard.next_button.click()
    assert wizard.step == 1
    assert "直す必要のある項目" in wizard.notice.text()
    assert message(wizard, "claimant.name").text() == "入力してください。"
    assert message(wizard, "claimant.pension").isVisible()
    go_to_section(wizard, "declaration")
    wizard.next_button.click()
    assert message(wizard, "declaration.truthful").text() == "確認のうえ、チェックを入れてください。"


def test_account_holder_must_be_the_claimant_and_type_chosen(qtbot: Any, qapp: QApplication, wizard: WizardView) -> None:
    wizard.set_value("claimant.name_kana", "ヤマダ ハナコ")
    go_to_section(wizard, "payment")
    type_into(qapp, field(wizard, "payment.account.holder_kana"), "スズキ イチロウ")  # type: ignore[arg-type]
    label = message(wizard, "payment.account.holder_kana")
    qtbot.waitUntil(label.isVisible, timeout=2_000)
    assert "口座名義が請求者のフリガナと一致しません" in label.text()
    assert "預金種別を選んでください" in message(wizard, "payment.account.account_type").text()
    # Choosing the registered 公金受取口座 replaces the account (and its proof document).
    public = field(wizard, "payment.account.use_public_account")
    assert isinstance(public, QCheckBox)
    public.click()
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=2_000)
    assert "bank_proof" not in {s.spec.id for s in wizard.state.attachment_statuses()}
    combo = field(wizard, "payment.account.account_type")
    assert isinstance(combo, QComboBox)


def test_children_rules_shown(qtbot: Any, qapp: QApplication, wizard: WizardView) -> None:
    go_to_section(wizard, "children")
    wizard.next_button.click()
    assert "1件以上入力してください。" in message(wizard, "children.children").text()
    wizard.findChild(QWidget, "add_children.children").click()
    birth = "children.children[0].birth_date"
    type_into(qapp, field(wizard, birth), "2000-01-01")  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: "対象年齢を過ぎています" in message(wizard, birth).text(), timeout=2_000)
    type_into(qapp, field(wizard, birth), (TODAY - dt.timedelta(days=5)).isoformat())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: "翌月分から支給されます" in message(wizard, birth).text(), timeout=2_000)
    type_into(qapp, field(wizard, birth), (TODAY - dt.timedelta(days=40)).isoformat())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: "15日" in message(wizard, birth).text(), timeout=2_000)
    assert "申請した月の翌月分からの支給" in message(wizard, birth).text()
    # A child living apart shows the address fields (and their documents).
    apart = field(wizard, "children.children[0].lives_with=apart")
    apart.click()  # type: ignore[attr-defined]
    assert field(wizard, "children.children[0].address").isVisible()


def test_university_age_children_rule_shown(qtbot: Any, qapp: QApplication, wizard: WizardView) -> None:
    wizard.set_value("older_children.has_older", "yes")
    go_to_section(wizard, "older_children")
    wizard.findChild(QWidget, "add_older_children.children").click()
    birth = "older_children.children[0].birth_date"
    type_into(qapp, field(wizard, birth), "2015-01-01")  # type: ignore[arg-type]
    qtbot.waitUntil(message(wizard, birth).isVisible, timeout=2_000)
    assert "「支給要件児童」の欄に入力してください" in message(wizard, birth).text()


@pytest.mark.parametrize(("file_name", "content", "expected"), [
    ("scan.txt", b"hello", "添付できるファイルの形式は"),
    ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "ファイルの中身が application/pdf ではありません。"),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "ファイルが大きすぎます"),
    ("empty.png", b"", "ファイルが空です。"),
    pytest.param("請求書\u202efdp.pdf", b"%PDF-1.4\n", "ファイル名に使えない文字", id="bidi-override"),
    pytest.param("scan\n2.pdf", b"%PDF-1.4\n", "ファイル名に使えない文字", id="newline"),
    *(pytest.param(name, b"%PDF-1.4\n", "ファイル名に使えない文字", id=ident)
      for name, ident in [("scan\u200b2.pdf", "zero-width-space"), ("a\uff0fb.pdf", "full-width-slash"),
                          ("CON.pdf", "windows-device-name"), ("scan.pdf:hidden", "alternate-stream"),
                          ("scan.pdf.", "trailing-dot"), ("scan\ue000.pdf", "private-use")]),
])
def test_attachment_checks_are_shown(qtbot: Any, tmp_path: Path, wizard: WizardView, file_name: str,
                                     content: bytes, expected: str) -> None:
    wizard.set_value("payment.account", {"use_public_account": False})
    wizard.go(wizard.attachments_step)
    page = wizard.attachments_page
    assert page is not None
    path = tmp_path / file_name
    path.write_bytes(content)
    assert page.add_file(path, "bank_proof") is False
    label = wizard.findChild(QLabel, "msg_attachment_bank_proof")
    assert label is not None
    assert expected in label.text()
    assert label.isVisibleTo(wizard)


def test_good_attachment_is_previewed_and_kept_in_the_draft(qtbot: Any, tmp_path: Path, wizard: WizardView) -> None:
    from PySide6.QtGui import QColor, QImage

    wizard.set_value("payment.account", {"use_public_account": False})
    wizard.go(wizard.attachments_step)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    png = tmp_path / "passbook.png"
    image.save(str(png))
    page = wizard.attachments_page
    assert page is not None
    assert page.add_file(png, "bank_proof")
    preview = wizard.findChild(QLabel, "preview_bank_proof_passbook.png")
    assert preview is not None
    assert not preview.pixmap().isNull()
    qtbot.waitUntil(lambda: wizard.backend.store.load(wizard.draft.draft_id).attachments != (), timeout=2_000)
    assert wizard.backend.store.load(wizard.draft.draft_id).attachments[0].name == "passbook.png"


def test_drafts_are_written_off_the_qt_thread_and_only_when_something_changed(qtbot: Any, aloop: Any) -> None:
    """Typing saves the draft without blocking the screen (a 5 MiB attachment took 45-62 ms on
    the Qt thread), and a page change that changes nothing writes nothing."""
    import threading

    writes: list[str] = []

    class WatchedStore(MemoryDraftStore):
        def save(self, draft: Draft) -> None:
            writes.append(threading.current_thread().name)
            super().save(draft)

    backend = OfflineBackend()
    backend.store = WatchedStore()
    draft = Draft.new("jidou-teate-nintei", "112305")
    backend.store.save(draft)
    writes.clear()
    w = WizardView(backend, draft, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.saved, timeout=2_000):
        w.set_value("claimant.occupation", "看護師")
    assert writes
    assert all(name != threading.current_thread().name for name in writes)
    assert w.backend.store.load(w.draft.draft_id).values["claimant"]["occupation"] == "看護師"
    count = len(writes)
    w.set_value("claimant.occupation", "看護師")  # the same value again
    w.flush()
    assert len(writes) == count
