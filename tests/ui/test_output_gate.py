"""The output gate (ui.output_gate): a kiosk prints only to its policy's printer (the printer
list is injected: there is no CUPS in CI), never to a file, and writes or reads no file; at home
the save dialog starts in Documents and every file written is the resident's alone (0600)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton, QWidget

from app.forms import FormState, load_form
from app.kiosk_policy import KioskPolicy, Printing, no_policy
from ui.kosodate.attachments import AttachmentsPage
from ui.output_gate import OutputGate, OutputRefusedError, Refusal
from ui.widgets.attachment_viewer import AttachmentViewerDialog

PRINTER = "Kiosk-Printer-1"
POLICY = KioskPolicy(printing=Printing(allowed=True, printer=PRINTER))
PAGE = "<h2>わたしの情報</h2><p>住民票関係情報</p>"


class Printed:
    """The print sink: what went to which printer."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, QPrinter.OutputFormat, str, str]] = []

    def __call__(self, document: QTextDocument, printer: QPrinter) -> None:
        self.jobs.append((printer.printerName(), printer.outputFormat(), printer.outputFileName(),
                          document.toPlainText()))


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def umask_open() -> Iterator[None]:
    """A umask that would leave files readable by everyone: the gate must not rely on it."""
    old = os.umask(0)
    yield
    os.umask(old)


def _print_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintDialog | QFileDialog) and w.isVisible()]


def test_a_kiosk_prints_only_to_its_printer_without_a_dialog(parent: QWidget) -> None:
    printed = Printed()
    gate = OutputGate(POLICY, printers=lambda: ["Office", PRINTER], print_sink=printed)
    assert gate.printing_offered
    done: list[bool] = []
    gate.print_html(parent, PAGE, "わたしの情報", done.append)
    assert done == [True]
    assert len(printed.jobs) == 1
    name, fmt, file_name, text = printed.jobs[0]
    assert file_name == ""
    if fmt == QPrinter.OutputFormat.NativeFormat:
        assert name == PRINTER
    else:  # no print system here (CI): Qt cannot bind the name, and writes to no file
        assert (fmt, name) == (QPrinter.OutputFormat.PdfFormat, "")
    assert "住民票関係情報" in text
    assert _print_dialogs() == []


def test_a_kiosk_whose_printer_is_missing_or_not_allowed_prints_nothing(parent: QWidget) -> None:
    printed = Printed()
    missing = OutputGate(POLICY, printers=lambda: ["Office"], print_sink=printed)
    with pytest.raises(OutputRefusedError) as refused:
        missing.print_html(parent, PAGE, "x")
    assert refused.value.reason is Refusal.PRINTER_MISSING
    assert "プリンターが見つかりません" in refused.value.text()

    bare = OutputGate(no_policy(), printers=lambda: [PRINTER], print_sink=printed)
    assert not bare.printing_offered
    with pytest.raises(OutputRefusedError) as refused:
        bare.print_html(parent, PAGE, "x")
    assert refused.value.reason is Refusal.NO_PRINTING
    assert printed.jobs == []
    assert _print_dialogs() == []


def test_a_kiosk_refuses_a_printer_that_writes_a_file_or_is_another(tmp_path: Path) -> None:
    gate = OutputGate(POLICY, printers=lambda: [PRINTER])
    to_file = QPrinter()
    to_file.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    to_file.setOutputFileName(str(tmp_path / "resident.pdf"))
    with pytest.raises(OutputRefusedError, match="file output"):
        gate.check_printer(to_file)
    other = QPrinter()
    other.setPrinterName("Office")
    other.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    if other.outputFormat() == QPrinter.OutputFormat.NativeFormat:  # a print system that knows "Office"
        with pytest.raises(OutputRefusedError):
            gate.check_printer(other)
    assert list(tmp_path.iterdir()) == []


def test_a_kiosk_writes_and_reads_no_file_and_shows_no_file_dialog(parent: QWidget, tmp_path: Path) -> None:
    for gate in (OutputGate(POLICY), OutputGate(no_policy())):
        assert not gate.files_allowed
        assert gate.opens_in_app
        attempts = [
            lambda g=gate: g.save_dialog(parent, "t", "a.csv"),
            lambda g=gate: g.attach_dialog(parent, "t", "*.pdf"),
            lambda g=gate: g.check_attach(),
            lambda g=gate: g.write_bytes(tmp_path / "a.pem", b"x"),
            lambda g=gate: g.write_csv(tmp_path / "a.csv", ["h"], [["v"]]),
            lambda g=gate: g.write_pdf(tmp_path / "a.pdf", PAGE, "t"),
            lambda g=gate: g.temporary_copy("a.pdf", b"%PDF"),
        ]
        for attempt in attempts:
            with pytest.raises(OutputRefusedError):
                attempt()
    assert list(tmp_path.iterdir()) == []
    assert _print_dialogs() == []


def test_at_home_files_are_the_residents_alone(tmp_path: Path, umask_open: None) -> None:
    gate = OutputGate(None)
    gate.write_pdf(tmp_path / "a.pdf", PAGE, "わたしの情報")
    assert gate.write_csv(tmp_path / "a.csv", ["日時"], [["2026-12-06"]]) == 1
    gate.write_bytes(tmp_path / "a.pem", b"-----BEGIN CERTIFICATE-----\n")
    copy = gate.temporary_copy("../a.pdf", b"%PDF-1.4")
    try:
        for path in (tmp_path / "a.pdf", tmp_path / "a.csv", tmp_path / "a.pem", copy):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
        assert (tmp_path / "a.csv").read_bytes().startswith("\ufeff日時".encode())
    finally:
        gate.remove_temporary()
    assert not copy.exists()


def test_at_home_the_save_dialog_starts_in_documents(parent: QWidget, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    dialog = OutputGate(None).save_dialog(parent, "やりとり履歴を書き出す", "yaritori-rireki.csv",
                                          name_filter="CSV (*.csv)", suffix="csv")
    try:
        assert Path(dialog.directory().absolutePath()) == tmp_path / "Documents"
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        assert dialog.defaultSuffix() == "csv"
    finally:
        dialog.deleteLater()


def test_a_kiosk_application_asks_for_attachments_at_the_counter(qtbot: Any) -> None:
    state = FormState(load_form("jidou-teate-nintei"), {})
    home = AttachmentsPage(state, (), gate=OutputGate(None))
    kiosk = AttachmentsPage(state, (), gate=OutputGate(no_policy()))
    qtbot.addWidget(home)
    qtbot.addWidget(kiosk)
    assert [b for b in home.findChildren(QPushButton) if b.objectName().startswith("pick_")]
    assert not [b for b in kiosk.findChildren(QPushButton) if b.objectName().startswith("pick_")]
    counter = [lbl.text() for lbl in kiosk.findChildren(QLabel) if lbl.objectName().startswith("counter_")]
    assert counter
    assert all(text == "添付書類は窓口でご提出ください" for text in counter)
    # A file handed over some other way is not read either.
    slot = next(lbl.objectName().removeprefix("counter_")
                for lbl in kiosk.findChildren(QLabel) if lbl.objectName().startswith("counter_"))
    assert not kiosk.add_file(Path(__file__), slot)
    assert kiosk.attachments == ()


def test_the_in_app_viewer_shows_a_pdfs_text(qtbot: Any) -> None:
    from backend_stub.network.pdf import text_pdf

    data = text_pdf("児童扶養手当 現況届のご案内", ["8月中に現況届を提出してください。"])
    viewer = AttachmentViewerDialog("現況届のご案内.pdf", "application/pdf", data)
    qtbot.addWidget(viewer)
    assert "現況届を提出してください" in viewer.text
    assert "1 ページ" in viewer.summary.text()
    unknown = AttachmentViewerDialog("x.bin", "application/octet-stream", b"\x00\x01")
    qtbot.addWidget(unknown)
    assert unknown.text == ""
    assert "中身を表示できません" in unknown.summary.text()


def test_at_home_print_opens_the_print_dialog_and_a_page_printed_to_a_file_is_private(
        qtbot: Any, parent: QWidget, tmp_path: Path, umask_open: None) -> None:
    gate = OutputGate(None)
    done: list[bool] = []
    gate.print_html(parent, PAGE, "わたしの情報", done.append)
    qtbot.waitUntil(lambda: bool(_print_dialogs()))
    dialog = _print_dialogs()[0]
    assert isinstance(dialog, QPrintDialog)
    target = tmp_path / "printed.pdf"
    dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer().setOutputFileName(str(target))
    dialog.done(1)  # as 印刷 in the dialog: the options chosen are the printer's
    qtbot.waitUntil(lambda: done == [True])
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
