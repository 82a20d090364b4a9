"""Keeping PIN entry out of screenshots and screen sharing, where the platform allows.

- Windows 10 2004+: ``SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE)``: the window is
  left out of screenshots, recordings and remote sharing (shown black before 2004, with
  WDA_MONITOR). Done here.
- macOS: ``NSWindow.sharingType = NSWindowSharingNone`` keeps the window out of
  screenshots and screen recording by other apps (macOS 10.x-14; macOS 15 ScreenCaptureKit
  may ignore it). Done here through the Objective-C runtime.
- X11: not possible. Any client on the display can read any window (XGetImage, XComposite);
  the kiosk must not run other clients on its display.
- Wayland: the application cannot opt out; capture goes through the compositor and the
  xdg-desktop-portal, which asks the user. A kiosk compositor (cage) runs no portal, so
  nothing can capture; that is the protection.
- Offscreen/other: not applicable.

``protect(widget)`` returns what was achieved so the kiosk can log it (never the PIN).
"""

from __future__ import annotations

import enum
import logging
import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WDA_NONE = 0x00
WDA_MONITOR = 0x01
WDA_EXCLUDEFROMCAPTURE = 0x11


class Protection(enum.Enum):
    EXCLUDED = "excluded"  # left out of captures
    UNSUPPORTED = "unsupported"  # the platform gives applications no way
    FAILED = "failed"  # the call was refused


def platform_support(platform: str | None = None, qpa: str | None = None) -> tuple[Protection, str]:
    """What the running platform offers, with the reason (no side effect)."""
    platform = platform or sys.platform
    qpa = qpa if qpa is not None else QGuiApplication.platformName()
    if qpa in ("offscreen", "minimal", "vnc"):
        return Protection.UNSUPPORTED, f"{qpa}: no capture protection"
    if platform == "win32":
        return Protection.EXCLUDED, "SetWindowDisplayAffinity(WDA_EXCLUDEFROMCAPTURE)"
    if platform == "darwin":
        return Protection.EXCLUDED, "NSWindow.sharingType = NSWindowSharingNone"
    if qpa.startswith("wayland"):
        return Protection.UNSUPPORTED, "Wayland: capture is the compositor's (run a kiosk compositor without a portal)"
    return Protection.UNSUPPORTED, "X11: any client can read the screen (run no other clients)"


def protect(widget: QWidget, enable: bool = True) -> Protection:
    status, how = platform_support()
    if status is not Protection.EXCLUDED:
        log.info("PIN entry capture protection: %s", how)
        return status
    try:
        handle = int(widget.winId())
        if sys.platform == "win32":
            import ctypes

            ok = ctypes.windll.user32.SetWindowDisplayAffinity(
                handle, WDA_EXCLUDEFROMCAPTURE if enable else WDA_NONE)
            if not ok:
                ok = ctypes.windll.user32.SetWindowDisplayAffinity(handle, WDA_MONITOR if enable else WDA_NONE)
            return Protection.EXCLUDED if ok else Protection.FAILED
        if sys.platform == "darwin":
            import ctypes
            import ctypes.util

            objc = ctypes.cdll.LoadLibrary(ctypes.util.find_library("objc"))
            objc.sel_registerName.restype = ctypes.c_void_p
            objc.objc_msgSend.restype = ctypes.c_void_p
            objc.objc_msgSend.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
            ns_window = objc.objc_msgSend(ctypes.c_void_p(handle), objc.sel_registerName(b"window"))
            if not ns_window:
                return Protection.FAILED
            send_long = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)(
                ("objc_msgSend", objc))
            send_long(ns_window, objc.sel_registerName(b"setSharingType:"), 0 if enable else 1)
            return Protection.EXCLUDED
    except Exception as exc:
        log.warning("capture protection failed: %s", type(exc).__name__)
        return Protection.FAILED
    return Protection.UNSUPPORTED
