"""Kiosk mode (DESIGN.md §8): a municipal terminal that a resident walks up to.

Wiring (``--kiosk``)::

    from ui.kiosk import install_kiosk
    kiosk = install_kiosk(window, root)    # after MainWindow(root) is built, before show()

which loads the administrator's policy (:mod:`app.kiosk_policy`), forces its locked settings,
and installs: full screen without a way out but the admin gesture (:mod:`.admin_exit`), the
attract screen (:mod:`.attract`), the idle countdown (:mod:`.countdown`), the wipe on logout
(:mod:`.wipe`, the composition root's ``root.wipe``), on-screen keypads for PINs
(:mod:`ui.card.pin_keypad`, the PIN dialog's own), on-screen keys for text fields (:mod:`.keyboard`) and screenshot protection of
PIN entry (:mod:`.screenshot`). Files and printing pass the output gate (:mod:`ui.output_gate`),
which the composition root builds with the kiosk's policy: no file written, printing only to the
policy's printer.

What the application cannot do on its own, and the OS must: stop Alt+Tab, Ctrl+Alt+Del, the
Windows key and gestures from the desktop. Run the kiosk under a kiosk shell: Windows Assigned
Access / Shell Launcher, macOS single-app mode (MDM), Linux ``cage`` (Wayland) or a bare X
session with only this app.
"""

from __future__ import annotations

from ui.kiosk.controller import KioskController, install_kiosk

__all__ = ["KioskController", "install_kiosk"]
