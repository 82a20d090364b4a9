"""The output gate: the one place through which the app writes a file for the resident, reads
one for them, or prints (DESIGN.md §8). Built once by the composition root and handed to the
screens::

    gate = OutputGate(policy)      # None at home; the kiosk's policy (or its locked-down defaults)
    dialog = gate.save_dialog(self, title, "yaritori-rireki.csv", name_filter="CSV (*.csv)")
    gate.write_csv(path, header, rows)   # or write_pdf / write_bytes, 0600
    gate.print_html(self, html, title)   # home: the print dialog; kiosk: the policy's printer only
    path = gate.temporary_copy(name, data)   # 開く at home: a private copy for the desktop's viewer

At home a save dialog starts in the resident's Documents folder (never the working directory,
which may be the app's source tree), files are written readable by the resident only (0600),
and a page printed to a file through the print dialog is made 0600 as well.

In a kiosk no file is written and no file dialog is shown, to save or to attach: every method
above raises :class:`OutputRefusedError`, whose :meth:`~OutputRefusedError.text` tells the resident why.
Screens ask :attr:`OutputGate.files_allowed` and :attr:`OutputGate.printing_offered` to leave out
buttons that would only be refused, but the refusal is here, on the path every caller takes.
Printing goes to the printer the policy names, without a dialog, never to a file; a kiosk shows
an attachment inside the app (ui.widgets.attachment_viewer) instead of a temporary copy.
"""

from __future__ import annotations

import enum
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

# Qt classes are imported where used: the gate is built with the context, before the first
# paint, and resolving PySide6 classes costs start-up time (bench.startup).
if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QFileDialog, QWidget

    from app.kiosk_policy import KioskPolicy

translate = QCoreApplication.translate


class Refusal(enum.StrEnum):
    NO_FILES = "no_files"  # a kiosk writes no file for the resident
    NO_ATTACHING = "no_attaching"  # a kiosk reads no file from its disk for an application
    NO_PRINTING = "no_printing"  # the policy allows no printing
    PRINTER_MISSING = "printer_missing"  # the policy's printer is not installed
    WRONG_PRINTER = "wrong_printer"  # a printer other than the policy's, or a file


class OutputRefusedError(RuntimeError):
    """The gate would not write, read or print: ``reason`` says which rule."""

    def __init__(self, reason: Refusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}{': ' + detail if detail else ''}")
        self.reason = reason

    def text(self) -> str:
        return refusal_text(self.reason)


def refusal_text(reason: Refusal) -> str:
    """What the resident reads when the gate refuses, in their language."""
    texts = {
        Refusal.NO_FILES: translate("OutputGate", "この端末では、ファイルに保存できません。ご自宅のパソコンやスマートフォンのマイナポータルをご利用ください。"),
        Refusal.NO_ATTACHING: translate("OutputGate", "添付書類は窓口でご提出ください"),
        Refusal.NO_PRINTING: translate("OutputGate", "この端末では印刷できません。"),
        Refusal.PRINTER_MISSING: translate("OutputGate", "この端末のプリンターが見つかりません。係員にお知らせください。"),
        Refusal.WRONG_PRINTER: translate("OutputGate", "この端末では、決められたプリンター以外には印刷できません。"),
    }
    return texts[reason]


def available_printers() -> list[str]:
    """The printers the system knows (CUPS on Linux)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def _print_document(document: QTextDocument, printer: QPrinter) -> None:
    document.print_(printer)


def _documents_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def _make_private(path: str) -> None:
    if os.name == "posix" and path and Path(path).is_file():
        os.chmod(path, 0o600)


def pdf_bytes(html_text: str, title: str) -> bytes:
    """``html_text`` as an A4 PDF, in memory (Qt thread)."""
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("mynadesk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)
    doc.print_(writer)
    del writer  # the PDF is complete once its writer is gone
    data = bytes(buffer.data().data())
    buffer.close()
    return data


class OutputGate:
    """See the module docstring. ``printers`` lists the installed printers (injected in tests:
    there is no CUPS in CI), ``print_sink`` prints a document (injected in tests as well)."""

    def __init__(self, policy: KioskPolicy | None, *,
                 printers: Callable[[], Sequence[str]] = available_printers,
                 print_sink: Callable[[QTextDocument, QPrinter], None] = _print_document,
                 documents: Callable[[], Path] = _documents_dir) -> None:
        self.policy = policy
        self._printers = printers
        self._print_sink = print_sink
        self._documents = documents
        self._tmpdir: str | None = None

    # -- what screens offer ------------------------------------------------------------------
    @property
    def kiosk(self) -> bool:
        return self.policy is not None

    @property
    def files_allowed(self) -> bool:
        """Whether to offer 保存…/書き出す (and attaching a file from disk)."""
        return self.policy is None

    @property
    def printing_offered(self) -> bool:
        """Whether to offer 印刷: always at home; in a kiosk when the policy names a printer."""
        if self.policy is None:
            return True
        return self.policy.printing.allowed and self.policy.printing.printer is not None

    @property
    def opens_in_app(self) -> bool:
        """開く shows the attachment inside the app (a kiosk: no temporary copy on its disk)."""
        return self.policy is not None

    def documents_dir(self) -> Path:
        return self._documents()

    # -- files -------------------------------------------------------------------------------
    def _require_files(self, reason: Refusal = Refusal.NO_FILES) -> None:
        if self.policy is not None:
            raise OutputRefusedError(reason)

    def save_dialog(self, parent: QWidget, title: str, suggested: str, *,
                    name_filter: str = "", suffix: str = "") -> QFileDialog:
        """A save dialog (not yet open) starting in Documents with ``suggested`` as the name."""
        self._require_files()
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(parent, title, str(self.documents_dir() / suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if suffix:
            dialog.setDefaultSuffix(suffix)
        if name_filter:
            dialog.setNameFilter(name_filter)
        dialog.selectFile(suggested)
        return dialog

    def attach_dialog(self, parent: QWidget, title: str, name_filter: str) -> QFileDialog:
        """A dialog (not yet open) to choose one existing file to attach, starting in Documents."""
        self._require_files(Refusal.NO_ATTACHING)
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(parent, title, str(self.documents_dir()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(name_filter)
        return dialog

    def check_attach(self) -> None:
        """Raises OutputRefusedError where no file may be read from disk for an application."""
        self._require_files(Refusal.NO_ATTACHING)

    def write_bytes(self, path: str | Path, data: bytes) -> None:
        """Blocking file I/O (a worker thread is fine)."""
        self._require_files()
        from app.export import write_private

        write_private(path, data)

    def write_csv(self, path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        """Blocking (a worker thread is fine); returns the data rows written."""
        self._require_files()
        from app.export import write_csv

        return write_csv(path, header, rows)

    def write_pdf(self, path: str | Path, html_text: str, title: str) -> None:
        """Renders on the Qt thread, then writes the file."""
        self._require_files()
        self.write_bytes(path, pdf_bytes(html_text, title))

    def temporary_copy(self, name: str, data: bytes) -> Path:
        """A copy of an attachment for the desktop's viewer (開く at home): 0600 in a folder of
        the resident's own (0700), removed by :meth:`remove_temporary` (logout, quit)."""
        self._require_files()
        if self._tmpdir is None:
            import tempfile

            self._tmpdir = tempfile.mkdtemp(prefix="mynadesk-")
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.remove_temporary)
        safe = Path(name).name.replace(os.sep, "_") or "attachment"
        path = Path(self._tmpdir) / safe
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return path

    def remove_temporary(self) -> None:
        tmpdir, self._tmpdir = self._tmpdir, None
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)

    # -- printing ----------------------------------------------------------------------------
    def kiosk_printer(self) -> QPrinter:
        """A printer bound to the policy's printer (the system's own format, no file). Raises
        OutputRefusedError when the policy allows no printing or its printer is not installed."""
        policy = self.policy
        assert policy is not None, "kiosk_printer is for a kiosk; at home the print dialog chooses"
        name = policy.printing.printer
        if not policy.printing.allowed or name is None:
            raise OutputRefusedError(Refusal.NO_PRINTING)
        if name not in self._printers():
            raise OutputRefusedError(Refusal.PRINTER_MISSING, name)
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(name)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        printer.setOutputFileName("")
        self.check_printer(printer)
        return printer

    def check_printer(self, printer: QPrinter) -> None:
        """In a kiosk, raises OutputRefusedError unless ``printer`` is the policy's: never a file,
        never another printer."""
        if self.policy is None:
            return
        from PySide6.QtPrintSupport import QPrinter

        if printer.outputFileName():
            raise OutputRefusedError(Refusal.WRONG_PRINTER, "file output")
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and not self.policy.printing.permits(printer.printerName()):
            raise OutputRefusedError(Refusal.WRONG_PRINTER, printer.printerName())
        # Without a print system (no CUPS) Qt keeps its PDF engine and drops the printer's name:
        # with no file name either, such a printer writes nothing anywhere.

    def print_html(self, parent: QWidget, html_text: str, title: str,
                   done: Callable[[bool], None] | None = None) -> None:
        """Prints ``html_text``. Home: the print dialog (``done(True)`` once printed, False when
        cancelled). Kiosk: straight to the policy's printer, or OutputRefusedError (raised here)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(html_text)
        document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
        if self.policy is not None:
            printer = self.kiosk_printer()
            self._print_sink(document, printer)
            if done is not None:
                done(True)
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, parent)
        dialog.setObjectName("printDialog")

        def _on_finished(result: int) -> None:
            if result:
                self._print_sink(document, printer)
                _make_private(printer.outputFileName())  # printed to a file: the resident's alone
            if done is not None:
                done(bool(result))
            dialog.deleteLater()

        dialog.finished.connect(_on_finished)
        from PySide6.QtCore import Qt

        # QDialog.open(): PySide6 binds QPrintDialog.open only to its (receiver, slot) overload.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()


def print_test_page(path: str) -> int:
    """Prints one page through QtPrintSupport to the PDF ``path`` (the frozen build's check
    that it carries QtPrintSupport): ``mynadesk -m ui.output_gate print-test-page FILE``."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("mynadesk")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    document = QTextDocument()
    document.setHtml("<h1>mynadesk</h1><p>印刷の確認 / print check</p>")
    document.print_(printer)
    _make_private(path)
    return 0 if Path(path).is_file() and Path(path).read_bytes().startswith(b"%PDF") else 1


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "print-test-page":
        return print_test_page(argv[1])
    print("usage: mynadesk -m ui.output_gate print-test-page FILE.pdf")
    return 2
