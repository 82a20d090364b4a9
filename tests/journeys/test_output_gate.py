"""Every file the app writes for the resident passes one output gate (issue 12, item 4).

In a kiosk the resident presses every export, print, save, attach and 開く button there is
(hidden ones too: the rule must sit on the path every caller takes, not in a button's
visibility), and afterwards no new file is in HOME, the XDG folders, TMPDIR or the data
directory, and no file or print dialog was ever offered. At home the save dialog starts in the
resident's Documents folder and the file written is readable by the resident only (0600).

HOME, the XDG folders and TMPDIR are fresh folders of this module, so that what other
programs on the machine write cannot be mistaken for the app's files.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QTextBrowser, QWidget

RESIDENT = "r03"  # has a notice with a PDF attachment (現況届のご案内)
ATTACHMENT_TEXT = "現況届"
EMBEDDED_STUB_DIR = "demo-backend"  # the embedded stub server's own database: the server's, not the resident's


@dataclass(frozen=True)
class Outside:
    """The folders a file written for the resident could land in."""

    home: Path
    tmp: Path

    @property
    def documents(self) -> Path:
        return self.home / "Documents"

    def listing(self, data_dir: Path) -> set[str]:
        found: set[str] = set()
        for root in (self.home, self.tmp, data_dir):
            for dirpath, dirnames, filenames in os.walk(root):
                if Path(dirpath) == data_dir:
                    dirnames[:] = [d for d in dirnames if d != EMBEDDED_STUB_DIR]
                found.update(str(Path(dirpath) / name) for name in (*filenames, *dirnames))
        return found


@pytest.fixture(scope="module", autouse=True)
def outside(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outside]:
    """Set before the module's apps launch (an autouse fixture runs first in its scope)."""
    base = tmp_path_factory.mktemp("outside")
    home, tmp = base / "home", base / "tmp"
    env = {"HOME": home, "XDG_CONFIG_HOME": home / ".config", "XDG_DATA_HOME": home / ".local" / "share",
           "XDG_CACHE_HOME": home / ".cache", "XDG_STATE_HOME": home / ".local" / "state", "TMPDIR": tmp}
    for folder in (*env.values(), home / "Documents", home / "Desktop", home / "Downloads"):
        folder.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, str(value))
        mp.setattr(tempfile, "tempdir", str(tmp))
        yield Outside(home, tmp)


def _buttons(root: QWidget, *names: str) -> list[QAbstractButton]:
    found = [b for b in root.findChildren(QAbstractButton) if b.objectName() in names]
    assert {b.objectName() for b in found} == set(names), f"buttons missing: {set(names) - {b.objectName() for b in found}}"
    return found


def _press_everything(j, outside: Outside) -> list[str]:
    """Presses every button that could write a file; returns what should not have happened."""
    before = outside.listing(j.ctx.data_dir)
    offered: list[str] = []
    shown: list[str] = []  # what the dialogs that did open showed

    def new_files() -> set[str]:
        return outside.listing(j.ctx.data_dir) - before

    def press(button: QAbstractButton, settled: object = None) -> None:
        if not button.isEnabled():
            offered.append(f"{button.objectName()} is disabled: the journey could not press it")
            return
        button.click()  # hidden or not
        if settled is not None:
            j.wait_until(lambda: settled() or new_files() or j.dialog() is not None)
        j.settle()
        for _ in range(3):
            dialog = j.dialog()
            if dialog is None:
                break
            if isinstance(dialog, QFileDialog) or "Print" in type(dialog).__name__:
                offered.append(f"{button.objectName()} opened {type(dialog).__name__}")
            shown.extend([*j.texts(dialog), *(b.toPlainText() for b in dialog.findChildren(QTextBrowser))])
            dialog.reject()
            j.settle()

    # やりとり履歴: CSV and PDF.
    history = j.open_screen("history")
    for button in _buttons(history, "historyExportCsv", "historyExportPdf"):
        press(button)

    # わたしの情報: print and PDF of one category.
    self_info = j.open_screen("self_info")
    j.wait_until(lambda: self_info.categories.rowCount() > 0)
    self_info.list.setCurrentIndex(self_info.categories.index(0, 0))
    j.wait_until(lambda: self_info.info is not None)
    for button in _buttons(self_info, "selfInfoPrint", "selfInfoPdf"):
        press(button)

    # お知らせ: open and save the attachment.
    notices = j.open_screen("notices")
    j.wait_until(lambda: notices.model.rowCount() > 0)
    row = next(r for r in range(notices.model.rowCount())
               if any(a.name.startswith("現況届") for a in notices.model.notice(r).attachments))
    notices.list.setCurrentIndex(notices.model.index(row, 0))
    j.wait_until(lambda: notices.attachment_model.rowCount() > 0)
    save, open_ = _buttons(notices, "noticeSaveAttachment", "noticeOpenAttachment")
    press(save)
    press(open_, settled=lambda: j.dialog() is not None)
    assert not new_files(), f"開く wrote files: {sorted(new_files())}"
    if not any(ATTACHMENT_TEXT in text for text in shown):
        offered.append("開く did not show the attachment's text inside the app")

    # The card: certificate (read first) and diagnostics.
    card = j.open_screen("card")
    read = card.findChild(QAbstractButton, "certReadButton")
    j.wait_until(lambda: read.isEnabled())
    read.click()
    j.wait_until(lambda: bool(card._ders))
    for button in _buttons(card, "certPemButton", "certDerButton", "diagnosticsSaveButton"):
        press(button)

    # An application: the attachments page.
    services = j.open_screen("services")
    search = services.search
    j.wait_until(lambda: search.model.rowCount() > 0)
    assert search.select_service("jidou-teate-nintei")
    j.click(search.apply_button)
    j.wait_until(lambda: services.wizard is not None and services.wizard.isVisible())
    wizard = services.wizard
    wizard.step = wizard.attachments_step  # as 次へ through the form leads there
    wizard.build_page()
    j.settle()
    page = wizard.attachments_page
    assert page is not None
    slots = [w for w in page.findChildren(QWidget) if w.objectName().startswith("slot_")]
    assert slots, "the form asks for no attachment: the journey would prove nothing"
    for button in [b for b in page.findChildren(QAbstractButton) if b.objectName().startswith("pick_")]:
        press(button)
    if not j.sees("添付書類は窓口でご提出ください", page):
        offered.append("the attachments page does not say to hand the documents in at the counter")
    wizard.close()

    j.settle()
    offered += [f"new file: {path}" for path in sorted(new_files())]
    return offered


@pytest.mark.parametrize("mode", ["kiosk", "kiosk_no_policy"])
def test_a_kiosk_writes_no_file_whatever_the_resident_presses(mode, request, outside):
    j = request.getfixturevalue(mode)
    j.start_kiosk_session()
    j.login_as(RESIDENT)
    problems = _press_everything(j, outside)
    assert not problems, "\n".join(problems)


def test_at_home_an_export_starts_in_documents_and_is_the_residents_alone(home, outside):
    home.login_as(RESIDENT)
    self_info = home.open_screen("self_info")
    home.wait_until(lambda: self_info.categories.rowCount() > 0)
    self_info.list.setCurrentIndex(self_info.categories.index(0, 0))
    home.wait_until(lambda: self_info.info is not None)
    home.click(self_info.pdf_button)
    dialog = home.wait_dialog(QFileDialog)
    assert Path(dialog.directory().absolutePath()) == outside.documents
    target = outside.documents / "watashi.pdf"
    dialog.selectFile(str(target))
    dialog.accept()
    home.wait_until(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    history = home.open_screen("history")
    home.click(history.csv_button)
    dialog = home.wait_dialog(QFileDialog)
    assert Path(dialog.directory().absolutePath()) == outside.documents
    target = outside.documents / "rireki.csv"
    dialog.selectFile(str(target))
    dialog.accept()
    home.wait_until(lambda: target.exists() and "書き出しました" in history.status.text())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
