"""A stand-in notification daemon for the tests, run as ``dbus-run-session -- python THIS``.

It owns ``org.freedesktop.Notifications`` on the private session bus that dbus-run-session
starts, answers ``GetCapabilities``, ``Notify`` (ids 1, 2, …), ``CloseNotification`` and
``GetServerInformation``, and writes one JSON line to stdout for each call it receives:
``{"member", "signature", "body", "at"}`` (``at``: time.monotonic() on arrival). It refuses a ``Notify`` whose signature is not the
specification's, as real daemons do. Its first line is ``{"address": ...}``, the bus address.

Commands on stdin: ``invoke ID KEY`` emits ``ActionInvoked(ID, KEY)``; ``quit`` ends it.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time

from jeepney import HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import DBusAddress

PATH = "/org/freedesktop/Notifications"
NAME = IFACE = "org.freedesktop.Notifications"
SPEC_SIGNATURE = "susssasa{sv}i"


def emit(record: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False, default=repr) + "\n")
    sys.stdout.flush()


def main() -> None:
    conn = open_dbus_connection(bus="SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # DO_NOT_QUEUE
    if reply.body[0] != 1:
        raise SystemExit("could not own the name")
    emitter = DBusAddress(PATH, interface=IFACE)
    commands: queue.Queue[str] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put("quit")

    threading.Thread(target=read_stdin, daemon=True).start()
    emit({"address": os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")})
    next_id = 1
    while True:
        while not commands.empty():
            cmd = commands.get().split()
            if not cmd or cmd[0] == "quit":
                return
            if cmd[0] == "invoke":
                conn.send(new_signal(emitter, "ActionInvoked", "us", (int(cmd[1]), cmd[2])))
        try:
            msg = conn.receive(timeout=0.05)
        except TimeoutError:
            continue
        if msg.header.message_type is not MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        signature = msg.header.fields.get(HeaderFields.signature, "")
        # CLOCK_MONOTONIC is one clock for every process of the machine: bench/push.py compares.
        emit({"member": member, "signature": signature, "body": list(msg.body), "at": time.monotonic()})
        if member == "Notify":
            if signature != SPEC_SIGNATURE:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.InvalidArgs", "s", ("bad signature",)))
                continue
            conn.send(new_method_return(msg, "u", (next_id,)))
            next_id += 1
        elif member == "CloseNotification":
            conn.send(new_method_return(msg))
            conn.send(new_signal(emitter, "NotificationClosed", "uu", (msg.body[0], 3)))
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["actions", "body"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("fake", "mynadesk-tests", "1", "1.2")))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


if __name__ == "__main__":
    main()
