"""Desktop notifications through ``org.freedesktop.Notifications`` on the session D-Bus, Qt-free.

The Desktop Notifications Specification 1.2
(https://specifications.freedesktop.org/notification/latest/) defines ``Notify`` with the signature
``susssasa{sv}i``: app name, replaces id (UINT32), icon, summary, body, actions, hints,
expire timeout. QtDBus in PySide6 6.11 was seen sending the replaces id as an INT32
(``sisssasa{sv}i``), which notification daemons refuse; jeepney writes the signature given
here, so the call is exactly what the specification says (tests/ui/test_desktop_notifications.py
proves it against a daemon on a private bus).

:class:`DesktopNotifier` owns one bus connection with its receiver thread. It listens for the
daemon's ``ActionInvoked`` and ``NotificationClosed`` signals (for the notifications it sent)
and reports them to callbacks, which run on the receiver's thread.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
DEFAULT_ACTION = "default"  # the spec's key for a click on the notification itself
CALL_TIMEOUT = 3.0

OnAction = Callable[[int, str], None]  # (notification id, action key)
OnClosed = Callable[[int, int], None]  # (notification id, reason)


class NotificationsUnavailableError(Exception):
    """No session bus, or no notification daemon on it (the caller falls back to the tray)."""


class DesktopNotifier:
    """A client of the desktop's notification daemon. Methods block for at most
    :data:`CALL_TIMEOUT`; call them off the GUI thread."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed | None = None, *, bus: str = "SESSION") -> None:
        try:
            from jeepney import DBusAddress, MatchRule, message_bus
            from jeepney.io.threading import DBusRouter, Proxy, open_dbus_connection
        except ImportError as exc:  # pragma: no cover - jeepney is a declared dependency
            raise NotificationsUnavailableError("jeepney missing") from exc
        self._on_action = on_action
        self._on_closed = on_closed
        self._address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        try:
            self._conn: Any = open_dbus_connection(bus=bus)
        except (OSError, KeyError, ValueError) as exc:  # no bus address, socket gone, auth refused
            raise NotificationsUnavailableError("no session bus") from exc
        self._router: Any = DBusRouter(self._conn)
        self._signals: queue.Queue[Any] = queue.Queue(maxsize=256)
        self._filter: Any = None
        self._listener: threading.Thread | None = None
        self._closed = False
        try:
            self.capabilities = tuple(self._call("GetCapabilities", "", ())[0])
            rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
            Proxy(message_bus, self._router, timeout=CALL_TIMEOUT).AddMatch(rule)
            self._filter = self._router.filter(rule, queue=self._signals)
        except Exception as exc:  # no daemon owns (or can be activated for) the name
            self.close()
            raise NotificationsUnavailableError("no notification daemon") from exc
        self._listener = threading.Thread(target=self._listen, name="desktop-notifications", daemon=True)
        self._listener.start()

    def _call(self, method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        from jeepney import MessageType, new_method_call

        msg = new_method_call(self._address, method, signature or None, body)
        reply = self._router.send_and_get_reply(msg, timeout=CALL_TIMEOUT)
        if reply.header.message_type is MessageType.error:
            raise NotificationsUnavailableError(f"{method} refused")
        result: tuple[Any, ...] = reply.body
        return result

    def notify(
        self,
        summary: str,
        body: str,
        *,
        app_name: str,
        actions: Sequence[tuple[str, str]] = (),
        icon: str = "",
        hints: Mapping[str, tuple[str, Any]] | None = None,
        timeout_ms: int = -1,
        replaces_id: int = 0,
    ) -> int:
        """Shows a notification; returns the daemon's id for it. ``actions`` are (key, label)."""
        flat = [part for pair in actions for part in pair]
        (nid,) = self._call(
            "Notify", NOTIFY_SIGNATURE,
            (app_name, replaces_id, icon, summary, body, flat, dict(hints or {}), timeout_ms),
        )
        return int(nid)

    def close_notification(self, notification_id: int) -> None:
        """Withdraws a notification (``CloseNotification``); one already gone is no error."""
        with contextlib.suppress(NotificationsUnavailableError):
            self._call("CloseNotification", "u", (notification_id,))

    def _listen(self) -> None:
        while True:
            msg = self._signals.get()
            if msg is None:
                return
            try:
                member = msg.header.fields.get(_member_field())
                if member == "ActionInvoked":
                    nid, key = msg.body
                    self._on_action(int(nid), str(key))
                elif member == "NotificationClosed" and self._on_closed is not None:
                    nid, reason = msg.body
                    self._on_closed(int(nid), int(reason))
            except Exception:  # a malformed signal from the bus must not end the listener
                log.warning("a notification signal could not be handled", exc_info=True)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._filter is not None:
            self._filter.close()
        with contextlib.suppress(queue.Full):
            self._signals.put_nowait(None)
        if self._listener is not None and self._listener is not threading.current_thread():
            self._listener.join(5)
        self._router.close()
        self._conn.close()


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member
