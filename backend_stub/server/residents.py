"""Demo residents: loading ``backend_stub/data/residents.json``, storing them and issuing their cards.

Seeding is idempotent: a resident already in the database keeps its row, a card already issued
by the stub J-LIS is reused (so its keys, PINs and certificates stay stable across restarts), and
the SHA-256 fingerprint of both certificates is mapped to the resident for login. A certificate
of a card issued later (a renewal, a lost card's re-issue) is mapped when it is first presented,
once J-LIS names the resident it issued that certificate to.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from backend_stub.jlis import JLIS, CardHolder, may_hold_sign_certificate, nth_birthday_after
from backend_stub.server.db import Database

log = logging.getLogger(__name__)
_JST = dt.timezone(dt.timedelta(hours=9))


@dataclass(frozen=True)
class HouseholdMember:
    relation: str  # "spouse" | "child" | "parent" | ...
    name: str
    name_kana: str
    birth_date: dt.date
    sex: str
    my_number: str
    lives_together: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "name": self.name,
            "name_kana": self.name_kana,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "my_number": self.my_number,
            "lives_together": self.lives_together,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> HouseholdMember:
        return cls(
            relation=d["relation"],
            name=d["name"],
            name_kana=d["name_kana"],
            birth_date=dt.date.fromisoformat(d["birth_date"]),
            sex=d["sex"],
            my_number=d["my_number"],
            lives_together=bool(d.get("lives_together", True)),
        )


@dataclass(frozen=True)
class ResidentRow:
    """A resident as stored by the stub (what ``current_resident`` gives portal routers)."""

    id: str
    my_number: str
    juminhyo_code: str
    name: str
    name_kana: str
    birth_date: dt.date
    sex: str
    postal_code: str
    address: str
    municipality_code: str
    municipality_name: str
    prefecture: str
    household: tuple[HouseholdMember, ...]
    situations: tuple[str, ...]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ResidentRow:
        return cls(
            id=row["id"],
            my_number=row["my_number"],
            juminhyo_code=row["juminhyo_code"],
            name=row["name"],
            name_kana=row["name_kana"],
            birth_date=dt.date.fromisoformat(row["birth_date"]),
            sex=row["sex"],
            postal_code=row["postal_code"],
            address=row["address"],
            municipality_code=row["municipality_code"],
            municipality_name=row["municipality_name"],
            prefecture=row["prefecture"],
            household=tuple(HouseholdMember.from_json(m) for m in json.loads(row["household_json"])),
            situations=tuple(json.loads(row["situations_json"])),
        )

    def card_holder(self) -> CardHolder:
        return CardHolder(
            resident_id=self.id,
            my_number=self.my_number,
            name=self.name,
            address=self.address,
            birth_date=self.birth_date,
            sex=self.sex,
        )


@dataclass(frozen=True)
class DemoPins:
    auth: str
    kenhojo: str
    sign: str | None = None  # None: a child's card without a 署名用電子証明書


@dataclass(frozen=True)
class DemoResident:
    resident: ResidentRow
    pins: DemoPins
    description: str

    def to_public_json(self) -> dict[str, Any]:
        """What ``mynastub residents --json`` prints (demo data, fictional)."""
        r = self.resident
        return {
            "id": r.id,
            "name": r.name,
            "name_kana": r.name_kana,
            "municipality_code": r.municipality_code,
            "municipality_name": r.municipality_name,
            "prefecture": r.prefecture,
            "situations": list(r.situations),
            "description": self.description,
            "pins": {"auth": self.pins.auth, "sign": self.pins.sign, "kenhojo": self.pins.kenhojo},
        }


def load_demo_residents() -> list[DemoResident]:
    text = resources.files("backend_stub.data").joinpath("residents.json").read_text(encoding="utf-8")
    out: list[DemoResident] = []
    for d in json.loads(text)["residents"]:
        resident = ResidentRow(
            id=d["id"],
            my_number=d["my_number"],
            juminhyo_code=d["juminhyo_code"],
            name=d["name"],
            name_kana=d["name_kana"],
            birth_date=dt.date.fromisoformat(d["birth_date"]),
            sex=d["sex"],
            postal_code=d["postal_code"],
            address=d["address"],
            municipality_code=d["municipality_code"],
            municipality_name=d["municipality_name"],
            prefecture=d["prefecture"],
            household=tuple(HouseholdMember.from_json(m) for m in d["household"]),
            situations=tuple(d["situations"]),
        )
        pins = DemoPins(d["demo_pins"]["auth"], d["demo_pins"]["kenhojo"], d["demo_pins"].get("sign"))
        out.append(DemoResident(resident, pins, d.get("description", "")))
    return out


def cert_fingerprint(cert: x509.Certificate) -> str:
    """The key under which a certificate is mapped to its resident: SHA-256 of its DER, in hex."""
    return cert.fingerprint(hashes.SHA256()).hex()


def get_resident(db: Database, resident_id: str) -> ResidentRow | None:
    row = db.query_one("SELECT * FROM residents WHERE id = ?", (resident_id,))
    return ResidentRow.from_row(row) if row else None


def resident_for_certificate(
    db: Database, cert: x509.Certificate, kind: str, jlis: JLIS | None = None
) -> ResidentRow | None:
    """The resident a (verified) certificate belongs to, by its fingerprint. A certificate not
    mapped yet is one J-LIS issued after the seed (a renewal, a re-issued card): with ``jlis``,
    it is mapped to the resident J-LIS issued it to, and that resident is returned."""
    fingerprint = cert_fingerprint(cert)
    row = db.query_one(
        "SELECT r.* FROM resident_certificates c JOIN residents r ON r.id = c.resident_id"
        " WHERE c.fingerprint = ? AND c.kind = ?",
        (fingerprint, kind),
    )
    if row is not None:
        return ResidentRow.from_row(row)
    if jlis is None or kind not in ("auth", "sign"):
        return None
    holder = jlis.holder_of(cert, kind)  # type: ignore[arg-type]
    resident = get_resident(db, holder) if holder else None
    if resident is None:
        return None
    _map(db, resident.id, [(kind, cert)])
    return resident


def card_certificates(jlis: JLIS, resident_id: str) -> tuple[x509.Certificate, x509.Certificate | None]:
    """The (auth, sign) certificates of a resident's current card (sign None on a card without one).

    Reads the DER files of the J-LIS card directory (``<data_dir>/cards/<id>/``) directly:
    loading the whole card would also parse two RSA private keys, which costs far more.
    """
    card_dir = jlis.data_dir / "cards" / resident_id
    try:
        auth = x509.load_der_x509_certificate((card_dir / "auth.der").read_bytes())
        sign_path = card_dir / "sign.der"
        if not sign_path.exists() and (card_dir / "pins.json").exists():
            return auth, None
        return auth, x509.load_der_x509_certificate(sign_path.read_bytes())
    except (OSError, ValueError):
        profile = jlis.load_card(resident_id)
        return profile.auth_cert, profile.sign_cert


def map_card(
    db: Database, resident_id: str, auth_cert: x509.Certificate, sign_cert: x509.Certificate | None
) -> None:
    """Record the certificates of a card as belonging to ``resident_id``."""
    _map(db, resident_id, [("auth", auth_cert)] + ([("sign", sign_cert)] if sign_cert is not None else []))


def _map(db: Database, resident_id: str, certs: list[tuple[str, x509.Certificate]]) -> None:
    with db.transaction() as conn:
        for kind, cert in certs:
            conn.execute(
                "INSERT INTO resident_certificates (fingerprint, kind, resident_id, not_after)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING",
                (cert_fingerprint(cert), kind, resident_id, cert.not_valid_after_utc.isoformat()),
            )


def _insert_resident(conn: sqlite3.Connection, r: ResidentRow) -> None:
    conn.execute(
        "INSERT INTO residents (id, my_number, juminhyo_code, name, name_kana, birth_date, sex,"
        " postal_code, address, municipality_code, municipality_name, prefecture, household_json,"
        " situations_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO NOTHING",
        (
            r.id,
            r.my_number,
            r.juminhyo_code,
            r.name,
            r.name_kana,
            r.birth_date.isoformat(),
            r.sex,
            r.postal_code,
            r.address,
            r.municipality_code,
            r.municipality_name,
            r.prefecture,
            json.dumps([m.to_json() for m in r.household], ensure_ascii=False),
            json.dumps(list(r.situations)),
        ),
    )


# Demo residents whose card was issued years ago, so that its certificates come up for renewal:
# they end on the resident's next birthday, the 5th after the day of issue
# (src:higashimurayama-jpki-validity), at most a year after the seed.
NEAR_RENEWAL = ("r07",)


def _issued_for_renewal(birth_date: dt.date, now: float | None) -> dt.datetime:
    """A day of issue whose 5th birthday after it is the holder's next birthday after ``now``."""
    today = (dt.datetime.fromtimestamp(now, dt.UTC) if now is not None else dt.datetime.now(dt.UTC)).astimezone(_JST).date()
    ends = nth_birthday_after(birth_date, today, 1)
    issued_on = nth_birthday_after(birth_date, dt.date(ends.year - 6, 12, 31), 1) + dt.timedelta(days=1)
    return dt.datetime.combine(issued_on, dt.time(10, 0), _JST).astimezone(dt.UTC)


# Demo residents whose card was issued before the move the demo has them make (day of issue):
# the move lapsed the card's 署名用 certificate on the day of the 転入届, the 利用者証明用
# certificate goes on (src:fuchu-move-sign-lapse).
ISSUED_BEFORE_MOVE = {"r12": dt.date(2024, 1, 10)}


def seed(db: Database, jlis: JLIS, data_dir: Path, now: float | None = None) -> list[ResidentRow]:
    """Store the demo residents and issue their cards (idempotent); then run the portal seed hook
    (``now``: the server clock's time, which the demo history is placed relative to)."""
    demo = load_demo_residents()
    with db.transaction() as conn:
        for d in demo:
            _insert_resident(conn, d.resident)
    issued = set(jlis.card_ids())
    jst = dt.timezone(dt.timedelta(hours=9))
    issue_day = (dt.datetime.fromtimestamp(now, jst) if now is not None else dt.datetime.now(jst)).date()
    for d in demo:
        r = d.resident
        if r.id in issued:
            auth_cert, sign_cert = card_certificates(jlis, r.id)
        else:
            # A child under 15 on the day of issue gets no 署名用電子証明書 (src:fukuchiyama-jpki-age).
            sign_pin = d.pins.sign if may_hold_sign_certificate(r.birth_date, issue_day) else None
            not_before = _issued_for_renewal(r.birth_date, now) if r.id in NEAR_RENEWAL else None
            moved_on = _moved_after_issue(r.id, issue_day)
            if moved_on is not None:
                not_before = dt.datetime.combine(ISSUED_BEFORE_MOVE[r.id], dt.time(10, 0), _JST).astimezone(dt.UTC)
            profile = jlis.issue_card(
                r.card_holder(), auth_pin=d.pins.auth, sign_pin=sign_pin, kenhojo_pin=d.pins.kenhojo,
                not_before=not_before,
            )
            if moved_on is not None:
                jlis.lapse_signing(r.id, moved_on, "address_change")
            auth_cert, sign_cert = profile.auth_cert, profile.sign_cert
        map_card(db, r.id, auth_cert, sign_cert)
    residents = [d.resident for d in demo]
    hook = _optional("backend_stub.network.seed", "seed_portal")
    if hook is not None:
        hook(db, residents, Path(data_dir), **({} if now is None else {"now": now}))
    return residents


def _moved_after_issue(resident_id: str, today: dt.date) -> dt.date | None:
    """The seeded day of the move of a resident whose card predates it, once that day has come."""
    issued_on = ISSUED_BEFORE_MOVE.get(resident_id)
    demo_move = _optional("backend_stub.network.profiles", "demo_move")
    moved_on = demo_move(resident_id) if issued_on is not None and demo_move is not None else None
    return moved_on if moved_on is not None and issued_on is not None and issued_on < moved_on <= today else None


def _optional(module: str, attr: str) -> Any:
    """An optional hook of the portal-domain modules (absent while they are being built)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, attr, None)
