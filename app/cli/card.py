"""``mynacard``: the card command-line tool for diagnosis and scripting (DESIGN.md §3).

Messages are in English (the tool is for support staff and scripts; the GUI is the
Japanese-first surface). PINs are read from a prompt, or from standard input when it is
not a terminal (one PIN per line); never from the command line.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import json
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from app.card.errors import (
    Cancelled,
    CardError,
    NoSigningCertificate,
    NotMyNumberCard,
    PinBlocked,
    PinFormatError,
    WrongPin,
)
from app.card.jpki import MyNumberCard, digest_info_sha256
from app.card.pin import PinKind, validate_new_pin, validate_pin

PROG = "mynacard"

_PIN_LABEL = {
    PinKind.AUTH: "user-authentication PIN (利用者証明用, 4 digits)",
    PinKind.SIGN: "signing password (署名用, 6-16 letters/digits)",
    PinKind.KENHOJO: "card-data PIN (券面事項入力補助用, 4 digits)",
}
_PIN_SHORT = {
    PinKind.AUTH: "user-authentication PIN",
    PinKind.SIGN: "signing password",
    PinKind.KENHOJO: "card-data PIN",
}
_PIN_RULE = {
    PinKind.AUTH: "exactly 4 digits",
    PinKind.SIGN: "6 to 16 characters, letters A-Z and digits 0-9 (a new one needs both a letter and a digit)",
    PinKind.KENHOJO: "exactly 4 digits",
}


class UsageError(Exception):
    """Bad arguments or input (not a card error)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def message_for(err: CardError) -> str:
    """The one-line, action-oriented English message for a card error."""
    if isinstance(err, WrongPin):
        last = " The next wrong entry blocks it." if err.tries_left == 1 else ""
        return f"Wrong {_PIN_SHORT[err.pin_kind]}: {err.tries_left} tries left.{last}"
    if isinstance(err, PinBlocked):
        # Per PIN, what a resident can do today (src:naka-jpki-reset, src:koka-jpki-reset).
        office = "your municipal office (市区町村の窓口) with the card"
        other = {PinKind.AUTH: PinKind.SIGN, PinKind.SIGN: PinKind.AUTH}.get(err.pin_kind)
        if other is None:
            return f"The {_PIN_SHORT[err.pin_kind]} is blocked. It can only be reset at {office}."
        # The kiosk reset needs both certificates valid (src:jpki-reset-faq).
        return (
            f"The {_PIN_SHORT[err.pin_kind]} is blocked. If you know the {_PIN_SHORT[other]} and both "
            "certificates are valid, book with the JPKI PIN reset smartphone app and reset it within 24 hours "
            f"at a convenience-store kiosk; otherwise at {office}."
        )
    if isinstance(err, PinFormatError):
        return (
            f"The {_PIN_SHORT[err.pin_kind]} must be {_PIN_RULE[err.pin_kind]}. "
            "Nothing was sent to the card; no try was used."
        )
    if isinstance(err, NotMyNumberCard):
        return f"The card in the reader is not a My Number Card (it looks like: {err.kind})."
    messages = {
        "service_unavailable": "The smart card service is not running. Start it (Linux: 'sudo systemctl start "
        "pcscd'; Windows: the 'Smart Card' service) and try again.",
        "no_reader": "No card reader found. Connect an IC card reader (or check --reader NAME) and try again.",
        "no_card": "No card in the reader. Insert your My Number Card (or place it on the reader).",
        "card_removed": "The card was removed during the operation. Put it back and try again.",
        "card_reset": "Another program reset the card during the operation. Try again.",
        "certificate_not_readable": "The certificate could not be read from the card.",
        "unsupported_command": "The card or the reader does not support this command.",
        "protocol_error": "The card gave an unexpected answer. Re-insert it and try again.",
        "no_signing_certificate": "This card has no signing certificate (a card issued to a child under 15 has none).",
        "text_integrity_failed": "The card text data does not match the card's own record of it "
        "(kenhojo EF 0003), so it is not shown. If this persists, contact your municipal office.",
        "cancelled": "Cancelled.",
    }
    return messages.get(err.code, "The card operation failed.")


# ----------------------------------------------------------------------- plumbing


def open_card(reader: str | None) -> MyNumberCard:
    """Open the card; tests replace this to use an in-process card."""
    from app.card.jpki import find_mynumber_card

    return find_mynumber_card(reader)


def _emit_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")


class _Io:
    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr

    def interactive(self) -> bool:
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def read_secret(self, prompt: str) -> str:
        if self.interactive():
            try:
                return getpass.getpass(prompt, stream=self.stderr)
            except (EOFError, KeyboardInterrupt):
                raise Cancelled("prompt") from None
        line = self.stdin.readline()
        if not line:
            raise Cancelled("no_pin_on_stdin")
        return line.rstrip("\r\n")

    def confirm(self, question: str) -> bool:
        if not self.interactive():
            return True
        self.stderr.write(f"{question} [y/N] ")
        self.stderr.flush()
        answer = self.stdin.readline().strip().lower()
        return answer in ("y", "yes")

    def note(self, text: str) -> None:
        self.stderr.write(text + "\n")


def _ask_pin(card: MyNumberCard, kind: PinKind, io: _Io, *, label: str = "") -> str:
    """Show the tries left, warn on the last one, read and validate the PIN (before sending)."""
    tries = card.pin_tries(kind)
    if tries == 0:
        raise PinBlocked(kind)
    io.note(f"{_PIN_SHORT[kind][:1].upper()}{_PIN_SHORT[kind][1:]}: {tries} of {kind.max_tries} tries left.")
    if tries == 1:
        io.note(
            "WARNING: this is the last try. A wrong entry blocks it, and it must then be reset "
            "(see the message for a blocked PIN)."
        )
        if not io.confirm("Continue?"):
            raise Cancelled("last_try_declined")
    pin = io.read_secret(f"{label or 'Enter the ' + _PIN_LABEL[kind]}: ")
    return validate_pin(kind, pin)


def _cert_summary(der: bytes) -> dict[str, str]:
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        from app.card.errors import CertificateNotReadable

        raise CertificateNotReadable("bad_der") from None
    return {
        "subject": cert.subject.rfc4514_string(),
        "serial": f"{cert.serial_number:X}",
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
    }


# ----------------------------------------------------------------------- commands


def cmd_readers(args: argparse.Namespace, io: _Io) -> int:
    from app.card.transport import list_readers

    infos = list_readers()
    if args.reader is not None:
        infos = [i for i in infos if args.reader.casefold() in i.name.casefold()]
    if args.json:
        _emit_json([{"name": i.name, "card_present": i.card_present} for i in infos], io.stdout)
    else:
        for i in infos:
            io.stdout.write(f"{i.name}\t{'card present' if i.card_present else 'no card'}\n")
        if not infos:
            io.note("No card readers.")
    return 0


def cmd_status(args: argparse.Namespace, io: _Io) -> int:
    card = open_card(args.reader)
    with card:
        result: dict[str, Any] = {"reader": card.reader_name}
        with card.session():
            try:
                card.detect()
            except NotMyNumberCard as exc:
                result.update({"card": exc.kind, "pins": {}, "certificates": {}})
            else:
                pins = {}
                for k in PinKind:
                    try:
                        pins[k.value] = {"tries_left": card.pin_tries(k), "max": k.max_tries}
                    except NoSigningCertificate:
                        continue  # a child's card (under 15 at issue): no 署名用 certificate, no sign PIN
                auth = _cert_summary(card.read_auth_certificate())
                result.update({"card": "mynumber", "pins": pins, "certificates": {"auth": auth}})
    if args.json:
        _emit_json(result, io.stdout)
    else:
        out = io.stdout
        out.write(f"Reader: {result['reader']}\nCard: {result['card']}\n")
        for name, p in result["pins"].items():
            out.write(f"PIN {name}: {p['tries_left']}/{p['max']} tries left\n")
        for name, c in result["certificates"].items():
            out.write(
                f"Certificate {name}: {c['subject']} serial {c['serial']} valid {c['not_before']} .. {c['not_after']}\n"
            )
    return 0


_CERT_READERS: dict[str, Callable[[MyNumberCard], bytes]] = {
    "auth": MyNumberCard.read_auth_certificate,
    "auth-ca": MyNumberCard.read_auth_ca_certificate,
    "sign-ca": MyNumberCard.read_sign_ca_certificate,
}


def cmd_cert(args: argparse.Namespace, io: _Io) -> int:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    card = open_card(args.reader)
    with card:
        if args.which == "sign":
            pin = _ask_pin(card, PinKind.SIGN, io)
            der = card.read_sign_certificate(pin)
        else:
            der = _CERT_READERS[args.which](card)
    summary = _cert_summary(der)
    if args.out:
        Path(args.out).write_bytes(der)
    pem = x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM).decode("ascii")
    if args.json:
        _emit_json({**summary, "der": base64.b64encode(der).decode("ascii")}, io.stdout)
    elif args.pem or not args.out:
        io.stdout.write(pem)
    return 0


def cmd_sign(args: argparse.Namespace, io: _Io) -> int:
    try:
        digest = bytes.fromhex(args.digest)
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise UsageError("bad_digest", "--digest must be 64 hex digits (a SHA-256 digest).")
    kind = PinKind.AUTH if args.key == "auth" else PinKind.SIGN
    card = open_card(args.reader)
    with card:
        pin = _ask_pin(card, kind, io)
        signature = card.sign(kind, pin, digest_info_sha256(digest))
    if args.json:
        _emit_json({"signature": signature.hex(), "algorithm": "RS256"}, io.stdout)
    else:
        io.stdout.write(signature.hex() + "\n")
    return 0


def cmd_info(args: argparse.Namespace, io: _Io) -> int:
    card = open_card(args.reader)
    with card:
        pin = _ask_pin(card, PinKind.KENHOJO, io)
        data = card.read_text_data(pin)
    fields = {
        "my_number": data.my_number,
        "name": data.name,
        "address": data.address,
        "birth_date": data.birth_date,
        "sex": data.sex,
        "integrity": data.integrity.value,
    }
    if args.json:
        _emit_json(fields, io.stdout)
    else:
        for key, value in fields.items():
            io.stdout.write(f"{key}: {value}\n")
    return 0


def cmd_pin_change(args: argparse.Namespace, io: _Io) -> int:
    kind = PinKind(args.which)
    card = open_card(args.reader)
    with card:
        old = _ask_pin(card, kind, io, label=f"Current {_PIN_LABEL[kind]}")
        new = validate_new_pin(kind, io.read_secret(f"New {_PIN_LABEL[kind]}: "))
        if io.interactive():
            again = io.read_secret(f"New {_PIN_SHORT[kind]} again: ")
            if (again.upper() if kind is PinKind.SIGN else again) != new:
                raise UsageError("pin_mismatch", "The new PINs do not match. Nothing was changed.")
        card.change_pin(kind, old, new)
    if args.json:
        _emit_json({"changed": kind.value}, io.stdout)
    else:
        io.note(f"The {_PIN_SHORT[kind]} was changed.")
    return 0


def _pcsc_lite_version() -> str | None:
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None)
    if binary is None:
        return None
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    for word in (out.stdout + out.stderr).split():
        if word[:1].isdigit():
            return word.rstrip(".")
    return None


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def cmd_diagnose(args: argparse.Namespace, io: _Io) -> int:
    from app.card.transport import PcscTransport, list_readers

    report: dict[str, Any] = {
        "service": {"running": False, "error": None},
        "readers": [],
        "versions": {
            "mynacard": _version("mynadesk"),
            "python": platform.python_version(),
            "pyscard": _version("pyscard"),
            "pcsc_lite": _pcsc_lite_version(),
        },
        "platform": platform.platform(),
    }
    try:
        infos = list_readers()
        report["service"]["running"] = True
    except CardError as exc:
        report["service"]["error"] = exc.code
        infos = []
    for info in infos:
        if args.reader is not None and args.reader.casefold() not in info.name.casefold():
            continue
        entry: dict[str, Any] = {
            "name": info.name,
            "card_present": info.card_present,
            "atr": info.atr.hex(" ").upper() if info.card_present else None,
            "card": None,
        }
        if info.card_present:
            try:
                with MyNumberCard(PcscTransport(info.name)) as card:
                    card.detect()
                    entry["card"] = "mynumber"
            except NotMyNumberCard as exc:
                entry["card"] = exc.kind
            except CardError as exc:
                entry["card"] = f"error:{exc.code}"
        report["readers"].append(entry)
    if args.json:
        _emit_json(report, io.stdout)
    else:
        svc = report["service"]
        io.stdout.write(
            f"Smart card service: {'running' if svc['running'] else 'NOT running (' + str(svc['error']) + ')'}\n"
        )
        for r in report["readers"]:
            io.stdout.write(
                f"Reader: {r['name']}: {'card ' + str(r['card']) + ' ATR ' + r['atr'] if r['card_present'] else 'no card'}\n"
            )
        if svc["running"] and not report["readers"]:
            io.stdout.write("No card readers.\n")
        for k, v in report["versions"].items():
            io.stdout.write(f"{k}: {v}\n")
        io.stdout.write(f"platform: {report['platform']}\n")
    return 0


# --------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    def options(defaults: bool) -> argparse.ArgumentParser:
        # The subcommands' copies default to SUPPRESS so "mynacard --json readers" keeps --json.
        p = argparse.ArgumentParser(add_help=False)
        reader_default = None if defaults else argparse.SUPPRESS
        json_default = False if defaults else argparse.SUPPRESS
        p.add_argument(
            "--reader",
            metavar="NAME",
            default=reader_default,
            help="use this reader (exact name or unique part of it)",
        )
        p.add_argument("--json", action="store_true", default=json_default, help="machine-readable output")
        return p

    common = options(False)
    parser = argparse.ArgumentParser(
        prog=PROG, description="My Number Card (JPKI) tool", parents=[options(True)]
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("readers", parents=[common], help="list card readers")
    p.set_defaults(func=cmd_readers)
    p = sub.add_parser("status", parents=[common], help="card type, PIN tries, certificate validity")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("cert", parents=[common], help="read a certificate")
    p.add_argument("which", choices=["auth", "auth-ca", "sign", "sign-ca"])
    p.add_argument("--pem", action="store_true", help="print PEM to standard output")
    p.add_argument("--out", metavar="FILE", help="write DER to FILE")
    p.set_defaults(func=cmd_cert)
    p = sub.add_parser("sign", parents=[common], help="sign a SHA-256 digest")
    p.add_argument("key", choices=["auth", "sign"])
    p.add_argument("--digest", metavar="HEX", required=True, help="the SHA-256 digest, 64 hex digits")
    p.set_defaults(func=cmd_sign)
    p = sub.add_parser("info", parents=[common], help="the card's text data (券面事項入力補助)")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser("pin", parents=[common], help="PIN management")
    pin_sub = p.add_subparsers(dest="pin_command", required=True, metavar="ACTION")
    pc = pin_sub.add_parser("change", parents=[common], help="change a PIN")
    pc.add_argument("which", choices=["auth", "sign", "kenhojo"])
    pc.set_defaults(func=cmd_pin_change)
    p = sub.add_parser("diagnose", parents=[common], help="smart card service, readers, ATRs, versions")
    p.set_defaults(func=cmd_diagnose)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    io = _Io(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace, _Io], int] = args.func
    try:
        return func(args, io)
    except CardError as exc:
        code, message = exc.code, message_for(exc)
    except UsageError as exc:
        code, message = exc.code, exc.message
    except KeyboardInterrupt:
        code, message = "cancelled", "Cancelled."
    except OSError as exc:  # --out FILE could not be written
        code, message = "io_error", f"Could not write the file: {exc.strerror or 'error'}."
    io.stderr.write(f"{PROG}: {message}\n")
    if args.json:
        _emit_json({"error": code, "message": message}, io.stdout)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
