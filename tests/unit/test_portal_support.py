"""Test support for the portal client: a scriptable fake backend over real HTTPS on 127.0.0.1.

Certificates are made once per run (ECDSA, fast): ``ca_a`` signs the server certificate,
``ca_b`` is an unrelated CA for wrong-trust tests. Replies are scripted per (method, path);
a list of replies is served in order (the last one repeats); every request is recorded.

This module holds helpers and a self-check of the fake; the client's tests import it.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import ipaddress
import json
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_NOW = datetime.datetime.now(datetime.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NOW - datetime.timedelta(days=1))
        .not_valid_after(_NOW + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


@dataclass(frozen=True)
class TlsFiles:
    ca_a: Path  # trusted: signed the server certificate
    ca_b: Path  # unrelated CA
    server_cert: Path
    server_key: Path
    misnamed_cert: Path  # signed by ca_a for "portal.invalid" only
    misnamed_key: Path


@functools.cache
def tls_files(directory: str) -> TlsFiles:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _ca("Fake Portal Test CA A")
    _other_key, other_cert = _ca("Fake Portal Test CA B")
    key, cert = _leaf(ca_key, ca_cert, [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    other_key, other_cert_leaf = _leaf(ca_key, ca_cert, [x509.DNSName("portal.invalid")])
    pem = serialization.Encoding.PEM
    files = TlsFiles(
        d / "ca_a.pem", d / "ca_b.pem", d / "server.pem", d / "server.key", d / "misnamed.pem", d / "misnamed.key"
    )
    files.ca_a.write_bytes(ca_cert.public_bytes(pem))
    files.ca_b.write_bytes(other_cert.public_bytes(pem))
    for cert_path, key_path, c, k in (
        (files.server_cert, files.server_key, cert, key),
        (files.misnamed_cert, files.misnamed_key, other_cert_leaf, other_key),
    ):
        cert_path.write_bytes(c.public_bytes(pem))
        key_path.write_bytes(k.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return files


def _leaf(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, names: list[x509.GeneralName]
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("fake portal"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NOW - datetime.timedelta(days=1))
        .not_valid_after(_NOW + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: The handler waits for this event (at most 10 s) before answering: a slow backend.
    hold: threading.Event | None = None


def reply(status: int = 200, payload: object = None, headers: dict[str, str] | None = None) -> Reply:
    """A JSON reply (``payload`` None → empty body)."""
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode()
    h = {"Content-Type": "application/json"} if payload is not None else {}
    return Reply(status, body, {**h, **(headers or {})})


def error(status: int, code: str, headers: dict[str, str] | None = None) -> Reply:
    return reply(status, {"error": code, "message": "server text that must not reach the UI"}, headers)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


Route = Reply | list[Reply] | Callable[[Seen], Reply]


class FakeBackend:
    """A scripted HTTPS backend. ``routes[(method, path)]``; unscripted paths answer 404."""

    def __init__(self, tls: TlsFiles, *, misnamed: bool = False) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if misnamed:
            ctx.load_cert_chain(tls.misnamed_cert, tls.misnamed_key)
        else:
            ctx.load_cert_chain(tls.server_cert, tls.server_key)
        backend = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                seen = Seen(
                    self.command,
                    url.path,
                    urllib.parse.parse_qs(url.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                r = backend._answer(seen)
                if r.hold is not None:
                    r.hold.wait(10)
                self.send_response(r.status)
                for k, v in r.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(r.body)))
                self.end_headers()
                self.wfile.write(r.body)

            do_GET = do_POST = do_DELETE = _serve  # noqa: N815 - http.server dispatches on these names

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def finish_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
                try:
                    tls_sock = ctx.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    return
                try:
                    Handler(tls_sock, client_address, self)
                except (ssl.SSLError, OSError):
                    pass
                finally:
                    tls_sock.close()

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-backend", daemon=True)
        self._thread.start()

    def _answer(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            route = self.routes.get((seen.method, seen.path))
            if route is None:
                return error(404, "not_found")
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
        return route(seen) if callable(route) else route

    def on(self, method: str, path: str, route: Route) -> None:
        """Scripts ``method path`` (path without the /api/v1 prefix)."""
        self.routes[(method, "/api/v1" + path)] = route

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == "/api/v1" + path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def closed_port() -> int:
    """A local port with nothing listening (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port: int = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------------------------------------
# Sample payloads, shaped as docs/api.md and the stub send them


def history_record(i: int = 1) -> dict[str, object]:
    return {
        "id": f"h{i:06d}",
        "requested_at": f"2024-05-{1 + i % 28:02d}T10:00:00+09:00",
        "provided_at": f"2024-05-{1 + i % 28:02d}T10:00:02+09:00",
        "requester": {"code": "112305", "name": "新座市"},
        "provider": {"code": "J-NENKIN", "name": "日本年金機構"},
        "function": "児童手当の支給に関する事務",
        "information": "年金給付関係情報",
        "legal_basis": {"law": "番号法第19条第7号", "beppyo2_item": "74"},
        "outcome": "provided",
        "trigger": {"kind": "application", "ref": "app-1"},
        "explanation": "児童手当の認定請求に伴う照会",
    }


def history_page(ids: range, next_cursor: str | None, total: int = 1000) -> dict[str, object]:
    return {"items": [history_record(i) for i in ids], "next_cursor": next_cursor, "total": total}


def notice(i: int = 1, published: str = "2024-06-01T09:00:00+09:00") -> dict[str, object]:
    return {
        "id": f"n{i}",
        "title": "児童手当 現況届のご案内",
        "body": "本文",
        "sender": "新座市",
        "published_at": published,
        "read": False,
        "deadline": "2024-06-30",
        "category": "child",
        "attachments": [{"id": "a1", "name": "案内.pdf", "mime": "application/pdf", "size": 1234}],
        "payment": {"id": "p1", "amount": 3000, "status": "unpaid"},
        "application_id": None,
    }


def notice_page(items: list[dict[str, object]], next_cursor: str | None = None) -> dict[str, object]:
    return {"items": items, "next_cursor": next_cursor, "total": len(items), "unread": len(items)}


def login_ok(token: str = "tok-" + "x" * 40) -> dict[str, object]:
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 28800,
        "idle_timeout": 900,
        "resident": {"display_name": "佐藤 花子", "municipality_code": "112305", "municipality_name": "新座市"},
    }


def challenge(nonce: bytes = bytes(range(32)), cid: str = "c-1") -> dict[str, object]:
    import base64

    return {"challenge_id": cid, "nonce": base64.b64encode(nonce).decode(), "expires_at": "2030-01-01T00:05:00+09:00"}


def test_fake_backend_serves_scripted_replies_in_order(tmp_path: Path) -> None:
    import requests

    backend = FakeBackend(tls_files(str(tmp_path)))
    try:
        backend.on("GET", "/x", [reply(503), reply(200, {"ok": True})])
        with requests.Session() as s:
            s.trust_env = False  # REQUESTS_CA_BUNDLE would override ``verify`` otherwise
            s.verify = str(tls_files(str(tmp_path)).ca_a)
            statuses = [s.get(backend.url + "/api/v1/x", timeout=5).status_code for _ in range(3)]
        assert statuses == [503, 200, 200]
        assert len(backend.requests_to("/x")) == 3
    finally:
        backend.close()
