"""Online applications: signature checks, idempotent submission, and the municipality's processing.

A submission carries ``signed_payload`` (canonical JSON) signed with the resident's 署名用
電子証明書 (RS256: RSASSA-PKCS1-v1_5 with SHA-256). The certificate must chain to the stub
J-LIS signing CA, be within validity, not be revoked, and belong to the logged-in resident.
The same Idempotency-Key returns the same application: a UNIQUE (resident, key) constraint
makes concurrent retries create exactly one.

Processing (``advance``) is what the deciding office does; see ``processing``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from backend_stub.network import agencies, catalog
from backend_stub.network.util import iso, new_id, now


class ApplicationError(Exception):
    """A refused submission: HTTP status, machine-readable code, a message without personal data."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Submission:
    form_id: str
    municipality_code: str
    data: dict[str, Any]
    attachments: list[dict[str, str]]
    signed_payload: str
    signature: str
    certificate: str


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ApplicationError(400, "invalid_form", f"{what} is not valid base64") from None


def validate_form(s: Submission) -> None:
    if s.form_id not in catalog.form_ids():
        raise ApplicationError(400, "invalid_form", "unknown form_id")
    muni = agencies.agency(s.municipality_code)
    if muni is None or muni.category != "municipality":
        raise ApplicationError(400, "invalid_form", "unknown municipality_code")
    for a in s.attachments:
        if not isinstance(a, dict) or not {"name", "mime", "content"} <= a.keys():
            raise ApplicationError(400, "invalid_form", "attachments need name, mime and content")
        _b64(a["content"], "attachment content")


def verify_signature(s: Submission, jlis: Any, at: dt.datetime) -> tuple[x509.Certificate, bytes]:
    """Check the signing certificate and the signature; return the certificate and the payload."""
    try:
        cert = x509.load_der_x509_certificate(_b64(s.certificate, "certificate"))
    except ValueError:
        raise ApplicationError(422, "untrusted_certificate", "certificate is not a DER X.509 certificate") from None
    if not jlis.verify_chain(cert, "sign"):
        raise ApplicationError(422, "untrusted_certificate", "certificate is not issued by the signing CA")
    if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
        raise ApplicationError(422, "certificate_expired", "the signing certificate is not within its validity")
    if jlis.is_revoked(cert):
        raise ApplicationError(422, "certificate_revoked", "the signing certificate is revoked")
    payload = _b64(s.signed_payload, "signed_payload")
    signature = _b64(s.signature, "signature")
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise ApplicationError(422, "invalid_signature", "the signing key is not RSA")
    try:
        key.verify(signature, payload, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise ApplicationError(422, "invalid_signature", "the signature does not match the payload") from None
    _check_payload_covers(s, payload)
    return cert, payload


def _check_payload_covers(s: Submission, payload: bytes) -> None:
    """What was signed must be what is submitted (for the fields the payload names)."""
    try:
        signed = json.loads(payload)
    except ValueError:
        raise ApplicationError(422, "invalid_signature", "signed_payload is not JSON") from None
    if not isinstance(signed, dict):
        return
    for field in ("form_id", "municipality_code", "data"):
        if field in signed and _nfc(signed[field]) != _nfc(getattr(s, field)):
            raise ApplicationError(422, "invalid_signature", f"signed_payload does not match {field}")
    signed_atts = signed.get("attachments")
    if isinstance(signed_atts, list) and all(isinstance(a, dict) and "sha256" in a for a in signed_atts):
        sent = sorted(hashlib.sha256(base64.b64decode(a["content"])).hexdigest() for a in s.attachments)
        if sent != sorted(str(a["sha256"]).lower() for a in signed_atts):
            raise ApplicationError(422, "invalid_signature", "signed_payload does not match the attachments")


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def receipt_number(municipality_code: str, at: dt.datetime) -> str:
    return f"{municipality_code}-{at:%Y%m%d}-{secrets.randbelow(10**6):06d}"


def submit(
    conn: sqlite3.Connection, resident_id: str, key: str, s: Submission, payload: bytes
) -> tuple[dict[str, Any], bool]:
    """Store the application unless this key was used; return (application, created).

    The caller runs this inside one write transaction.
    """
    digest = hashlib.sha256(payload).hexdigest()
    at = now()
    app_id = new_id()
    cur = conn.execute(
        "INSERT INTO applications (id, resident_id, idempotency_key, payload_sha256, receipt_number, form_id,"
        " municipality_code, data, status, notice_id, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted',"
        " NULL, ?) ON CONFLICT (resident_id, idempotency_key) DO NOTHING",
        (app_id, resident_id, key, digest, receipt_number(s.municipality_code, at), s.form_id,
         s.municipality_code, json.dumps(s.data, ensure_ascii=False), iso(at)),
    )
    created = cur.rowcount == 1
    if created:
        for i, a in enumerate(s.attachments):
            conn.execute(
                "INSERT INTO application_attachments (id, application_id, name, mime, content) VALUES (?, ?, ?, ?, ?)",
                (f"{app_id}-{i + 1}", app_id, a["name"], a["mime"], base64.b64decode(a["content"])),
            )
        service = catalog.service_for_form(s.form_id)
        name = service["name"] if service else s.form_id
        _event(conn, app_id, "submitted", f"{name}の電子申請を受け付けました。", at)
    row = conn.execute(
        "SELECT * FROM applications WHERE resident_id = ? AND idempotency_key = ?", (resident_id, key)
    ).fetchone()
    if row["payload_sha256"] != digest:
        raise ApplicationError(409, "idempotency_conflict", "this Idempotency-Key was used for another application")
    return to_json(conn, row), created


def _event(conn: sqlite3.Connection, app_id: str, status: str, note: str, at: dt.datetime) -> None:
    conn.execute(
        "INSERT INTO application_events (application_id, at, status, note) VALUES (?, ?, ?, ?)",
        (app_id, iso(at), status, note),
    )


def to_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    events = conn.execute(
        "SELECT at, status, note FROM application_events WHERE application_id = ? ORDER BY rowid", (row["id"],)
    ).fetchall()
    return {
        "id": row["id"],
        "receipt_number": row["receipt_number"],
        "form_id": row["form_id"],
        "municipality_code": row["municipality_code"],
        "status": row["status"],
        "submitted_at": row["submitted_at"],
        "events": [{"at": e[0], "status": e[1], "note": e[2]} for e in events],
        "notice_id": row["notice_id"],
    }


def get(conn: sqlite3.Connection, resident_id: str, app_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM applications WHERE id = ? AND resident_id = ?", (app_id, resident_id)).fetchone()
    return to_json(conn, row) if row else None


def list_for(conn: sqlite3.Connection, resident_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM applications WHERE resident_id = ? ORDER BY submitted_at DESC, id DESC", (resident_id,)
    ).fetchall()
    return [to_json(conn, r) for r in rows]


# -- processing by the municipality ---------------------------------------------------------------
# The processing itself (its queries, the decision) lives in ``processing``; these names stay here
# for callers that import them from this module.


def advance_one(conn: sqlite3.Connection, app_id: str) -> str | None:
    from backend_stub.network import processing

    return processing.advance_one(conn, app_id)


def advance_all(db: Any, *, steps: int = 2) -> int:
    from backend_stub.network import processing

    return processing.advance_all(db, steps=steps)
