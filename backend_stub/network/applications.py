"""Online applications: signature checks, idempotent submission, and the municipality's processing.

A submission carries ``signed_payload`` (canonical JSON) signed with the resident's 署名用
電子証明書 (RS256: RSASSA-PKCS1-v1_5 with SHA-256). The certificate must chain to the stub
J-LIS signing CA, be within validity, not be revoked, and belong to the logged-in resident.
What is signed is what is filed: the payload names every member of the request, its
Idempotency-Key and when it was signed (docs/api.md, "What is signed"), and the data must pass
the form's own rules (``forms``) on that day. The same Idempotency-Key returns the same
application: a UNIQUE (resident, key) constraint makes concurrent retries create exactly one,
and as the key is signed, one signature files at most one application.

Processing (``advance``) is what the deciding office does; see ``processing``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import json
import re
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from backend_stub.network import agencies, catalog, forms
from backend_stub.network.util import iso, new_id, now


class ApplicationError(Exception):
    """A refused submission: HTTP status, machine-readable code, a message without personal data,
    and, where they help, field paths with a code each (never the values)."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields or {})


@dataclass(frozen=True)
class Submission:
    form_id: str
    municipality_code: str
    data: dict[str, Any]
    attachments: list[dict[str, str]]  # slot, name, mime, content (base64)
    signed_payload: str
    signature: str
    certificate: str
    # Slots the resident hands in at the counter instead of attaching (signed; docs/api.md).
    attachments_at_counter: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checked:
    """A submission whose signature covers it: what gets validated and stored."""

    spec: forms.FormSpec
    files: tuple[forms.CheckedFile, ...]
    data: dict[str, Any]  # as signed (strings in NFC)
    payload: bytes
    signed_at: dt.datetime
    at_counter: tuple[str, ...] = ()  # as signed, sorted


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ApplicationError(400, "invalid_form", f"{what} is not valid base64", {what: "base64"}) from None


def attachment_name_ok(name: str) -> bool:
    """A file name shown to people, never used as a path: the client's own rule (app.validators)."""
    return forms.attachment_name_ok(name)


def check_request(s: Submission) -> tuple[forms.FormSpec, tuple[forms.CheckedFile, ...]]:
    """What can be checked before the signature: form, municipality, names, sizes."""
    spec = forms.form(s.form_id) if s.form_id in catalog.form_ids() else None
    if spec is None:
        raise ApplicationError(400, "invalid_form", "unknown form_id", {"form_id": "unknown"})
    muni = agencies.agency(s.municipality_code)
    if muni is None or muni.category != "municipality":
        raise ApplicationError(400, "invalid_form", "unknown municipality_code", {"municipality_code": "unknown"})
    files = []
    for i, a in enumerate(s.attachments):
        if not attachment_name_ok(a["name"]):
            raise ApplicationError(
                400, "invalid_form",
                "attachment names may not contain path separators, control characters or bidi controls",
                {f"attachments[{i}].name": "attachment.name"},
            )
        files.append(forms.CheckedFile(a["slot"], a["name"], a["mime"], _b64(a["content"], f"attachments[{i}].content")))
    too_big = forms.size_issues(spec, files)
    if too_big:
        raise ApplicationError(413, "quota_exceeded", "the attachments exceed the size limits", too_big)
    return spec, tuple(files)


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
    return cert, payload


# The members of the signed object (docs/api.md, "What is signed"), each required.
SIGNED_MEMBERS = ("format", "form_id", "municipality_code", "data", "attachments", "attachments_at_counter",
                  "idempotency_key", "signed_at")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")


def _mismatch(field: str, problem: str) -> ApplicationError:
    words = {"missing": "lacks", "type": "has the wrong type for", "different": "does not match the request in"}
    return ApplicationError(422, "payload_mismatch", f"signed_payload {words[problem]} {field}", {field: problem})


class _DuplicateMemberError(ValueError):
    """A JSON object names a member twice: JSON, but not canonical JSON (docs/api.md)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateMemberError("duplicate member")
    return out


def check_payload(s: Submission, payload: bytes, files: tuple[forms.CheckedFile, ...], key: str,
                  spec: forms.FormSpec) -> Checked:
    """What was signed must be what is submitted, member by member, under this Idempotency-Key.

    The payload must be the canonical JSON of an object with exactly the signed members; a
    member that is missing, of another type or different answers 422 ``payload_mismatch``
    naming it. Parsers differ on duplicate members and number forms, so only the canonical
    bytes are accepted: what the server reads is what the resident's software showed.
    """
    try:
        signed = json.loads(payload, object_pairs_hook=_no_duplicates)
        canonical = forms.canonical_json(signed) == payload
    except _DuplicateMemberError:
        # An object, read two ways by two parsers: not canonical, whatever its outer type.
        raise ApplicationError(422, "payload_mismatch", "signed_payload is not canonical JSON (docs/api.md)",
                               {"$": "not_canonical"}) from None
    except (ValueError, RecursionError, forms.PayloadError):
        signed, canonical = None, False
    if not isinstance(signed, dict):
        raise ApplicationError(422, "payload_mismatch", "signed_payload is not a JSON object", {"$": "type"})
    if not canonical:
        raise ApplicationError(422, "payload_mismatch", "signed_payload is not canonical JSON (docs/api.md)",
                               {"$": "not_canonical"})
    for member in SIGNED_MEMBERS:
        if member not in signed:
            raise _mismatch(member, "missing")
    extra = sorted(set(signed) - set(SIGNED_MEMBERS))
    if extra:
        name = extra[0][:64]  # the client's own text, echoed back: kept short
        raise ApplicationError(422, "payload_mismatch", f"signed_payload has a member the request lacks: {name}",
                               {name: "unexpected"})
    for member in ("format", "form_id", "municipality_code", "idempotency_key", "signed_at"):
        if not isinstance(signed[member], str):
            raise _mismatch(member, "type")
    if signed["format"] != forms.PAYLOAD_FORMAT:
        raise _mismatch("format", "different")
    for member, sent in (("form_id", s.form_id), ("municipality_code", s.municipality_code)):
        if signed[member] != unicodedata.normalize("NFC", sent):
            raise _mismatch(member, "different")
    if not isinstance(signed["data"], dict):
        raise _mismatch("data", "type")
    try:
        same_data = forms.canonical_json(s.data) == forms.canonical_json(signed["data"])
    except (forms.PayloadError, RecursionError, UnicodeError):
        # UnicodeError: a lone surrogate ("\ud800" in the request's JSON) has no UTF-8 bytes, so
        # no signed payload can hold it: the request differs from what was signed.
        same_data = False
    if not same_data:
        raise _mismatch("data", "different")
    atts = signed["attachments"]
    if not isinstance(atts, list) or not all(
        isinstance(a, dict) and set(a) == {"slot", "name", "mime", "sha256"} and all(isinstance(v, str) for v in a.values())
        for a in atts
    ):
        raise _mismatch("attachments", "type")
    nfc = functools.partial(unicodedata.normalize, "NFC")
    sent_atts = sorted((nfc(f.slot), nfc(f.name), nfc(f.mime), hashlib.sha256(f.content).hexdigest()) for f in files)
    if sent_atts != sorted((a["slot"], a["name"], a["mime"], a["sha256"]) for a in atts):
        raise _mismatch("attachments", "different")
    at_counter = signed["attachments_at_counter"]
    if not isinstance(at_counter, list) or not all(isinstance(slot, str) for slot in at_counter):
        raise _mismatch("attachments_at_counter", "type")
    if sorted(set(map(nfc, s.attachments_at_counter))) != sorted(set(at_counter)):
        raise _mismatch("attachments_at_counter", "different")
    if signed["idempotency_key"] != unicodedata.normalize("NFC", key):
        raise _mismatch("idempotency_key", "different")
    if not _RFC3339.fullmatch(signed["signed_at"]):
        raise _mismatch("signed_at", "type")
    try:
        signed_at = dt.datetime.fromisoformat(signed["signed_at"])
        signed_at.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise _mismatch("signed_at", "type") from None
    return Checked(spec, files, signed["data"], payload, signed_at, tuple(sorted(set(at_counter))))


# A retry the next day still files; a signature older (or newer) than this does not.
SIGNED_AT_TOLERANCE = dt.timedelta(hours=24)


def check_signed_at(checked: Checked, server_now: dt.datetime) -> None:
    try:
        off = abs(checked.signed_at - server_now)
    except OverflowError:
        off = dt.timedelta.max
    if off > SIGNED_AT_TOLERANCE:
        raise ApplicationError(422, "signed_at_out_of_range",
                               "signed_at is more than 24 hours from the server's time; sign again",
                               {"signed_at": "out_of_range"})


def check_filing_office(resident: Any, s: Submission, spec: forms.FormSpec) -> None:
    """The application goes to the municipality the service names as its 申請先 for this resident."""
    office = catalog.filing_municipality(resident, s.form_id)
    if office is None or office != s.municipality_code or not spec.offered_in(office):
        raise ApplicationError(400, "wrong_municipality",
                               "this application is not filed with that municipality for this resident",
                               {"municipality_code": "not_the_filing_office"})


def check_form(checked: Checked) -> None:
    """The form's own rules, on the day it was signed (in the offset it was signed in)."""
    found = forms.validate(checked.spec, checked.data, checked.files, checked.signed_at.date(), checked.at_counter)
    if not found:
        return
    if any(code in forms.SIZE_CODES for code in found.values()):
        raise ApplicationError(413, "quota_exceeded", "the attachments exceed the size limits",
                               {p: c for p, c in found.items() if c in forms.SIZE_CODES})
    raise ApplicationError(400, "invalid_form", "the form data does not pass the form's rules", found)


def check_filing_period(conn: sqlite3.Connection, resident: Any, s: Submission, server_now: dt.datetime) -> None:
    """A procedure with a filing period is taken only when it can be made: the 児童扶養手当 現況届
    reports the state on 1 August and is filed from 1 to 31 August (src:hiji-jifu-genkyo), so not
    before 1 August; after 31 August one not yet made is still taken (the allowance may be paid
    late, src:kaisei-jifu-genkyo), but one already made this year is not made twice."""
    if s.form_id != "jifu-genkyo":
        return
    from backend_stub.network import codes, network, profiles, seed

    today = server_now.date()
    if today < seed.genkyo_period(today.year)[0]:
        raise ApplicationError(422, "outside_filing_period",
                               "the 現況届 reports the state on 1 August and is taken from 1 August",
                               {"form_id": "outside_filing_period"})
    office = profiles.welfare_office(profiles.profile(resident, today).residence)
    held = network.holdings(conn, office, codes.fugo(conn, resident.id, office), "single_parent")
    status = next((i["value"] for h in held for i in h["items"] if i.get("label") == "現況届"), "")
    if status == seed.genkyo_filed_text(today.year):
        raise ApplicationError(409, "already_filed", "this year's 現況届 has already been made",
                               {"form_id": "already_filed"})


def existing(conn: sqlite3.Connection, resident_id: str, key: str, payload: bytes) -> dict[str, Any] | None:
    """The application already filed under this key (a retry), or None; 409 for another payload."""
    row = conn.execute(
        "SELECT * FROM applications WHERE resident_id = ? AND idempotency_key = ?", (resident_id, key)
    ).fetchone()
    if row is None:
        return None
    if row["payload_sha256"] != hashlib.sha256(payload).hexdigest():
        raise ApplicationError(409, "idempotency_conflict", "this Idempotency-Key was used for another application")
    return to_json(conn, row)


def stored_attachment_bytes(conn: sqlite3.Connection, resident_id: str) -> int:
    row = conn.execute(
        "SELECT COALESCE(SUM(LENGTH(a.content)), 0) FROM application_attachments a"
        " JOIN applications p ON p.id = a.application_id WHERE p.resident_id = ?",
        (resident_id,),
    ).fetchone()
    return int(row[0])


def receipt_number(municipality_code: str, at: dt.datetime) -> str:
    return f"{municipality_code}-{at:%Y%m%d}-{secrets.randbelow(10**6):06d}"


def submit(
    conn: sqlite3.Connection, resident_id: str, key: str, s: Submission, checked: Checked,
    at: dt.datetime | None = None,
) -> tuple[dict[str, Any], bool]:
    """Store the application unless this key was used; return (application, created). ``at``: the
    server's time (its testing clock), when it was received.

    The caller runs this inside one write transaction, so the quota holds under concurrency.
    """
    found = existing(conn, resident_id, key, checked.payload)
    if found is not None:
        return found, False
    adding = sum(len(f.content) for f in checked.files)
    if adding and stored_attachment_bytes(conn, resident_id) + adding > forms.RESIDENT_ATTACHMENT_QUOTA_BYTES:
        raise ApplicationError(413, "quota_exceeded", "the resident's stored attachments would exceed the quota",
                               {"attachments": "resident_quota"})
    digest = hashlib.sha256(checked.payload).hexdigest()
    at = (at or now()).replace(microsecond=0)
    app_id = new_id()
    cur = conn.execute(
        "INSERT INTO applications (id, resident_id, idempotency_key, payload_sha256, receipt_number, form_id,"
        " municipality_code, data, status, notice_id, submitted_at, at_counter) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        " 'submitted', NULL, ?, ?) ON CONFLICT (resident_id, idempotency_key) DO NOTHING",
        (app_id, resident_id, key, digest, receipt_number(s.municipality_code, at), s.form_id,
         s.municipality_code, json.dumps(checked.data, ensure_ascii=False), iso(at), json.dumps(list(checked.at_counter))),
    )
    created = cur.rowcount == 1
    if created:
        for i, f in enumerate(checked.files):
            # The name is stored as given, for display only (never a path).
            conn.execute(
                "INSERT INTO application_attachments (id, application_id, name, mime, content) VALUES (?, ?, ?, ?, ?)",
                (f"{app_id}-{i + 1}", app_id, f.name, f.mime, f.content),
            )
        service = catalog.service_for_form(s.form_id)
        name = service["name"] if service else s.form_id
        _event(conn, app_id, "submitted", f"{name}の電子申請を受け付けました。", at)
    found = existing(conn, resident_id, key, checked.payload)
    assert found is not None
    return found, created


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
        "at_counter": _at_counter(conn, row),
    }


def _at_counter(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any] | None:
    """The documents the resident declared they hand in at the counter, and where: the filing
    office (the municipality the application was filed with) and, where a municipal page names
    it, its section. None when every document was attached."""
    slots = json.loads(row["at_counter"] or "[]")
    spec = forms.form(row["form_id"]) if slots else None
    if spec is None:
        return None
    muni = agencies.agency(row["municipality_code"])
    service = catalog.service_for_form(row["form_id"])
    dept = catalog.department(service, row["municipality_code"]) if service else None
    documents = []
    for slot in slots:
        a = next((x for x in spec.attachments if x.id == slot), None)
        if a is not None:
            documents.append({"slot": slot, "name": a.label.ja, "name_en": a.label.en})
    return {
        "office": {"code": row["municipality_code"], "name": muni.name if muni else row["municipality_code"]},
        "department": dept["name"] if dept else None,
        "documents": documents,
    }


def get(conn: sqlite3.Connection, resident_id: str, app_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM applications WHERE id = ? AND resident_id = ?", (app_id, resident_id)).fetchone()
    return to_json(conn, row) if row else None


def list_for(
    conn: sqlite3.Connection, resident_id: str, *, after: tuple[str, str] | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The resident's applications, newest first; ``after`` (submitted_at, id) starts past that one."""
    where = "resident_id = ?"
    params: list[Any] = [resident_id]
    if after is not None:
        where += " AND (submitted_at < ? OR (submitted_at = ? AND id < ?))"
        params += [after[0], after[0], after[1]]
    sql = f"SELECT * FROM applications WHERE {where} ORDER BY submitted_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = conn.execute(sql, params).fetchall()
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
