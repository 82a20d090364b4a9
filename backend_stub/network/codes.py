"""情報提供用個人識別符号 (符号): one opaque code per person and agency.

The network derives each agency's 符号 as HMAC-SHA256 over (agency code, 住民票コード) under
a random secret that only the network holds (kept in the database, which lives in the data
dir). Two agencies' 符号 for the same person therefore cannot be linked, and no 符号 reveals
the My Number or the 住民票コード. The mapping lives in ``link_codes``, which only this
package reads: agencies store and ask by their own 符号 only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3


def network_secret(conn: sqlite3.Connection) -> bytes:
    """The network's secret, created at first use."""
    row = conn.execute("SELECT secret FROM network_secret WHERE id = 1").fetchone()
    if row is None:
        conn.execute("INSERT OR IGNORE INTO network_secret (id, secret) VALUES (1, ?)", (secrets.token_bytes(32),))
        row = conn.execute("SELECT secret FROM network_secret WHERE id = 1").fetchone()
    return bytes(row[0])


def derive_fugo(secret: bytes, agency_code: str, juminhyo_code: str) -> str:
    mac = hmac.new(secret, f"fugo\x1f{agency_code}\x1f{juminhyo_code}".encode(), hashlib.sha256).digest()
    # Letters and digits 2-7 only: a 符号 can never be mistaken for a 12-digit My Number.
    return base64.b32encode(mac[:20]).decode()


def _juminhyo_code(conn: sqlite3.Connection, resident_id: str) -> str:
    row = conn.execute("SELECT juminhyo_code FROM residents WHERE id = ?", (resident_id,)).fetchone()
    if row is None:
        raise KeyError("unknown resident")
    return str(row[0])


def fugo(conn: sqlite3.Connection, resident_id: str, agency_code: str) -> str:
    """The agency's 符号 for the resident, issued on first use."""
    row = conn.execute(
        "SELECT fugo FROM link_codes WHERE resident_id = ? AND agency_code = ?", (resident_id, agency_code)
    ).fetchone()
    if row is not None:
        return str(row[0])
    code = derive_fugo(network_secret(conn), agency_code, _juminhyo_code(conn, resident_id))
    conn.execute(
        "INSERT OR IGNORE INTO link_codes (resident_id, agency_code, fugo) VALUES (?, ?, ?)",
        (resident_id, agency_code, code),
    )
    return code


def resident_of(conn: sqlite3.Connection, agency_code: str, agency_fugo: str) -> str | None:
    """Network-internal: whose 符号 this is at that agency."""
    row = conn.execute(
        "SELECT resident_id FROM link_codes WHERE agency_code = ? AND fugo = ?", (agency_code, agency_fugo)
    ).fetchone()
    return None if row is None else str(row[0])


def translate(conn: sqlite3.Connection, from_agency: str, from_fugo: str, to_agency: str) -> str | None:
    """Network-internal: the provider's 符号 for the person the requester's 符号 names."""
    resident_id = resident_of(conn, from_agency, from_fugo)
    return None if resident_id is None else fugo(conn, resident_id, to_agency)
