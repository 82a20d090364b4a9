"""Printing in a kiosk: only to the printer the policy names, never to a file.

Code that prints asks :func:`kiosk_printer` instead of opening a QPrintDialog in kiosk mode::

    printer = kiosk_printer(ctx)          # None: printing is not allowed here (hide the button)
    if printer is not None: document.print_(printer)

and :func:`file_export_allowed` before offering "save as" (a file on a kiosk would leave the
resident's data on disk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from app.kiosk_policy import KioskPolicy

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


class KioskMode(Protocol):
    """What printing asks of the app's context (ui.composition.AppContext)."""

    @property
    def kiosk(self) -> bool: ...

    @property
    def policy(self) -> KioskPolicy | None: ...


class PrinterNotAllowedError(RuntimeError):
    """The configured printer is missing, or a different printer was asked for."""


def available_printers() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def kiosk_printer(ctx: KioskMode, policy: KioskPolicy | None = None, *,
                  available: list[str] | None = None) -> QPrinter | None:
    """A QPrinter bound to the configured printer (native format, no file), or None when the
    policy allows no printing. Raises PrinterNotAllowedError when the configured printer is absent."""
    from PySide6.QtPrintSupport import QPrinter

    if not ctx.kiosk:
        raise RuntimeError("kiosk_printer is for kiosk mode; use the print dialog at home")
    policy = policy or ctx.policy or KioskPolicy()
    if not policy.printing.allowed or policy.printing.printer is None:
        return None
    names = available if available is not None else available_printers()
    if policy.printing.printer not in names:
        raise PrinterNotAllowedError(policy.printing.printer)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(policy.printing.printer)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setOutputFileName("")
    return printer


def check_printer(printer: QPrinter, policy: KioskPolicy) -> None:
    """Raises PrinterNotAllowedError unless ``printer`` goes to the policy's printer, not to a file."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.outputFileName():
        raise PrinterNotAllowedError("file output")
    if not policy.printing.permits(printer.printerName()):
        raise PrinterNotAllowedError(printer.printerName())


def file_export_allowed(ctx: KioskMode) -> bool:
    return not ctx.kiosk
