"""Portal services over the network's tables: notices, delivery forwarding and payments.

Notices are created by agencies (seed, application decisions); a notice created while the
resident has linked a private delivery service is forwarded there at once. Payments go
through a stub card gateway: Luhn, expiry and CVC checks; the card number is never stored
(only its last 4 digits once accepted) and a declined payment is never marked paid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from backend_stub.network.util import iso, new_id, now

NOTICE_CATEGORIES = ("child", "tax", "insurance", "pension", "welfare", "application", "payment", "system")
DELIVERY_SERVICES = ("らくらく送達便（架空）", "デジタル郵便箱（架空）", "ポストリンク（架空）")
# The gateway declines this test card (number format is valid).
DECLINED_TEST_CARD = "4000000000000002"
# Card input as the gateway takes it (ASCII digits; a space or hyphen between digits of the number).
CARD_NUMBER_PATTERN = r"^[0-9](?:[ -]?[0-9]){11,18}$"
CARD_EXPIRY_PATTERN = r"^(?:0?[1-9]|1[0-2])/[0-9]{2}$"
CARD_CVC_PATTERN = r"^[0-9]{3,4}$"


@dataclass(frozen=True)
class Attachment:
    name: str
    mime: str
    content: bytes


def create_notice(
    conn: sqlite3.Connection,
    resident_id: str,
    *,
    title: str,
    body: str,
    sender: str,
    category: str,
    published_at: dt.datetime | None = None,
    deadline: dt.date | None = None,
    application_id: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    payment_amount: int | None = None,
    payment_status: str = "unpaid",
    notice_id: str | None = None,
    read: bool = False,
) -> str:
    """Store a notice (and its attachments and payment); forward it if delivery is linked."""
    nid = notice_id or new_id()
    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM notices").fetchone()[0]
    at = published_at or now()
    conn.execute(
        "INSERT INTO notices (id, resident_id, title, body, sender, published_at, read, deadline, category,"
        " application_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            nid,
            resident_id,
            title,
            body,
            sender,
            iso(at),
            int(read),
            deadline.isoformat() if deadline else None,
            category,
            application_id,
            seq,
        ),
    )
    for i, a in enumerate(attachments):
        conn.execute(
            "INSERT INTO notice_attachments (id, notice_id, name, mime, content) VALUES (?, ?, ?, ?, ?)",
            (f"{nid}-{i + 1}", nid, a.name, a.mime, a.content),
        )
    if payment_amount is not None:
        create_payment(conn, resident_id, nid, payment_amount, status=payment_status)
    forward_if_linked(conn, resident_id, nid, category, at)
    return nid


def forward_if_linked(
    conn: sqlite3.Connection, resident_id: str, notice_id: str, category: str, at: dt.datetime
) -> bool:
    link = conn.execute(
        "SELECT service, categories FROM delivery_links WHERE resident_id = ?", (resident_id,)
    ).fetchone()
    if link is None:
        return False
    wanted = json.loads(link[1])
    if wanted and category not in wanted:
        return False
    conn.execute(
        "INSERT INTO delivery_forwarded (id, resident_id, notice_id, service, forwarded_at) VALUES (?, ?, ?, ?, ?)",
        (new_id(), resident_id, notice_id, link[0], iso(at)),
    )
    return True


def notice_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    atts = conn.execute(
        "SELECT id, name, mime, length(content) FROM notice_attachments WHERE notice_id = ? ORDER BY id",
        (row["id"],),
    ).fetchall()
    pay = conn.execute("SELECT id, amount, status FROM payments WHERE notice_id = ?", (row["id"],)).fetchone()
    return {
        "id": row["id"],
        "title": row["title"],
        "body": row["body"],
        "sender": row["sender"],
        "published_at": row["published_at"],
        "read": bool(row["read"]),
        "deadline": row["deadline"],
        "category": row["category"],
        "attachments": [{"id": a[0], "name": a[1], "mime": a[2], "size": a[3]} for a in atts],
        "payment": {"id": pay[0], "amount": pay[1], "status": pay[2]} if pay else None,
        "application_id": row["application_id"],
    }


# -- delivery (D) -------------------------------------------------------------------------------


def delivery_state(conn: sqlite3.Connection, resident_id: str) -> dict[str, Any]:
    link = conn.execute(
        "SELECT service, account, categories, consented_at FROM delivery_links WHERE resident_id = ?",
        (resident_id,),
    ).fetchone()
    forwarded = conn.execute(
        "SELECT f.notice_id, n.title, f.service, f.forwarded_at FROM delivery_forwarded f"
        " JOIN notices n ON n.id = f.notice_id WHERE f.resident_id = ? ORDER BY f.forwarded_at DESC LIMIT 100",
        (resident_id,),
    ).fetchall()
    return {
        "linked": link is not None,
        "service": link[0] if link else None,
        "account": mask_account(link[1]) if link else None,
        "categories": json.loads(link[2]) if link else [],
        "consented_at": link[3] if link else None,
        "forwarded": [
            {"notice_id": f[0], "title": f[1], "service": f[2], "forwarded_at": f[3]} for f in forwarded
        ],
        "available_services": list(DELIVERY_SERVICES),
        "available_categories": list(NOTICE_CATEGORIES),
    }


# The delivery services' accounts are e-mail addresses (the client checks the same rule).
ACCOUNT_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def mask_account(account: str) -> str:
    """Show only enough of the delivery account to recognise it."""
    if "@" in account:
        local, _, domain = account.partition("@")
        return local[:2] + "***@" + domain
    return account[:2] + "***" + account[-2:] if len(account) > 4 else "***"


def link_delivery(
    conn: sqlite3.Connection, resident_id: str, service: str, account: str, categories: list[str]
) -> None:
    conn.execute(
        "INSERT INTO delivery_links (resident_id, service, account, categories, consented_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (resident_id) DO UPDATE SET service = excluded.service, account = excluded.account,"
        " categories = excluded.categories, consented_at = excluded.consented_at",
        (resident_id, service, account, json.dumps(categories), iso(now())),
    )


def unlink_delivery(conn: sqlite3.Connection, resident_id: str) -> None:
    conn.execute("DELETE FROM delivery_links WHERE resident_id = ?", (resident_id,))


# -- payments (F) -------------------------------------------------------------------------------


def _digits(seed: str, n: int) -> str:
    h = hashlib.sha256(seed.encode()).hexdigest()
    return str(int(h, 16))[-n:].rjust(n, "0")


def create_payment(conn: sqlite3.Connection, resident_id: str, notice_id: str, amount: int, status: str = "unpaid") -> str:
    pid = new_id()
    conn.execute(
        "INSERT INTO payments (id, resident_id, notice_id, amount, status, collecting_agency_no, customer_no,"
        " confirmation_no, receipt, card_last4, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
        (pid, resident_id, notice_id, amount, status, "5" + _digits("agency" + notice_id, 4),
         _digits("customer" + pid, 16), _digits("confirm" + pid, 6), iso(now())),
    )
    return pid


def payment_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "notice_id": row["notice_id"],
        "amount": row["amount"],
        "status": row["status"],
        "payeasy": {
            "collecting_agency_no": row["collecting_agency_no"],
            "customer_no": row["customer_no"],
            "confirmation_no": row["confirmation_no"],
        },
        "receipt": json.loads(row["receipt"]) if row["receipt"] else None,
    }


class CardRejectedError(Exception):
    """A card the gateway refused; ``code`` is machine-readable, the message holds no card data."""

    def __init__(self, code: str, message: str, *, declined: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.declined = declined


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_card(number: str, expiry: str, cvc: str, today: dt.date) -> str:
    """Validate card input; return the last 4 digits. Raises CardRejectedError (never echoing the input)."""
    digits = number.replace(" ", "").replace("-", "")
    if not re.fullmatch(CARD_NUMBER_PATTERN, number) or not luhn_ok(digits):
        raise CardRejectedError("invalid_card", "カード番号が正しくありません。")
    if not re.fullmatch(CARD_EXPIRY_PATTERN, expiry):
        raise CardRejectedError("invalid_expiry", "有効期限は MM/YY の形で入力してください。")
    month, _, year = expiry.partition("/")
    if (2000 + int(year), int(month)) < (today.year, today.month):
        raise CardRejectedError("card_expired", "カードの有効期限が切れています。")
    if not re.fullmatch(CARD_CVC_PATTERN, cvc):
        raise CardRejectedError("invalid_cvc", "セキュリティコードが正しくありません。")
    if digits == DECLINED_TEST_CARD:
        raise CardRejectedError("card_declined", "カード会社により決済が承認されませんでした。", declined=True)
    return digits[-4:]


def pay_by_card(conn: sqlite3.Connection, payment_id: str, number: str, expiry: str, cvc: str) -> None:
    """Charge a payment by card; the caller runs this in a transaction. Raises CardRejectedError."""
    row = conn.execute("SELECT status FROM payments WHERE id = ?", (payment_id,)).fetchone()
    if row is None:
        raise KeyError("payment")
    if row[0] == "paid":
        raise CardRejectedError("already_paid", "この納付はすでに完了しています。")
    at = now()
    try:
        last4 = check_card(number, expiry, cvc, at.date())
    except CardRejectedError as exc:
        if exc.declined:
            conn.execute(
                "UPDATE payments SET status = 'failed', updated_at = ? WHERE id = ? AND status != 'paid'",
                (iso(at), payment_id),
            )
        raise
    receipt = {"method": "card", "card_last4": last4, "paid_at": iso(at), "receipt_no": _digits("rcpt" + payment_id, 12)}
    conn.execute(
        "UPDATE payments SET status = 'paid', receipt = ?, card_last4 = ?, updated_at = ? WHERE id = ?",
        (json.dumps(receipt), last4, iso(at), payment_id),
    )
