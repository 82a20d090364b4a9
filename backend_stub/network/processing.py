"""Municipal processing of submitted applications (``mynastub advance`` calls ``advance_all``).

``PROCESSING_QUERIES`` is the one table of what the office asks the network for each form: the
別表第二 row, the provider, the information and the document the answer replaces. The forms
declare exactly these rows (``procedure.beppyo2_items``; a test holds them equal).

Processing is two steps. First the deciding office queries the network (the records appear in
the resident's history with trigger ``application``). Then it decides from what came back: when
every query was answered, it approves and the notice names the records it relied on; when one
was not held or refused, it asks the resident for the document instead
(``documents_requested``). An office's own records are used directly, not through the network.
A document the resident declared they hand in at the counter (``at_counter``, a kiosk) is not
in the office's hands yet: the decision waits for it (``documents_requested``), and the notice
names it and the counter of the municipality the application was filed with.

In the running server a submission also schedules ``schedule_auto_advance``: a daemon timer
moves the application a step after a few seconds, so a client sees progress without the
command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from backend_stub.network import agencies, catalog, network, portal, profiles
from backend_stub.network.util import now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Query:
    item: str  # 別表第二 row (2015 numbering)
    provider: str  # provider rule as in profiles.provider_for
    information: str
    document: str  # what the resident would otherwise attach
    # True: the office must confirm this, so "not held" means the resident sends the document.
    # False: the query checks whether a circumstance applies (生活保護, a pension); "not held"
    # means it does not, and no document is asked for.
    needed: bool = True


# The queries the deciding office makes for each form (no entry: the form has no such query;
# 母子保健法§15 has no 別表第二 row in the 2015 text).
PROCESSING_QUERIES: dict[str, tuple[Query, ...]] = {
    "jidou-teate-nintei": (
        Query("74", "tax_municipality", "地方税関係情報", "課税（所得）証明書"),
        Query("75", "nenkin-kikou", "年金給付関係情報", "健康保険証の写し等（被用者であることの確認）"),
    ),
    "jidou-teate-gakukaitei": (Query("74", "tax_municipality", "地方税関係情報", "課税（所得）証明書"),),
    # 現況届: 前年の所得と6月1日の被用者かどうか（児童手当法第26条）
    "jidou-teate-genkyo": (
        Query("74", "tax_municipality", "地方税関係情報", "課税（所得）証明書"),
        Query("75", "nenkin-kikou", "年金給付関係情報", "健康保険証の写し等"),
    ),
    "hoiku-riyou": (
        Query("116", "tax_municipality", "地方税関係情報", "課税（所得）証明書"),
        Query("116", "welfare_office", "生活保護関係情報", "生活保護受給証明書", needed=False),
        Query("116", "nenkin-kikou", "国民年金法による障害基礎年金の支給に関する情報", "年金証書の写し", needed=False),
    ),
    "ninshin-todoke": (),
    "jifu-genkyo": (
        # 前年の所得: assessed by the municipality of the 1月1日 address (a former one after a move).
        Query("57", "tax_municipality", "地方税関係情報", "課税（所得）証明書"),
        Query("57", "residence", "住民票関係情報", "住民票の写し"),
        Query("57", "nenkin-kikou", "公的年金給付の支給に関する情報", "年金の受給状況がわかる書類", needed=False),
    ),
}

# Statuses an application moves through here.
PENDING = ("submitted", "processing")
DOCUMENTS_REQUESTED = "documents_requested"
VISIT_BOOKED = "visit_booked"

# Procedures made in person: online, the resident sends the report ahead and books the visit; the
# office decides after the visit, so processing ends with the visit booked, not with a decision
# (the 現況届 form's own note: 「現況届は原則として来庁での手続です」).
DECIDED_AT_VISIT = frozenset({"jifu-genkyo"})

_SLOTS = {"morning": (9, 11), "afternoon": (13, 16)}  # first and last hour a visit may start


def declared_rows(form_id: str) -> tuple[int, ...]:
    """The 別表第二 rows a form declares: those its processing queries."""
    return tuple(sorted({int(q.item) for q in PROCESSING_QUERIES.get(form_id, ())}))


def _resident(conn: sqlite3.Connection, resident_id: str) -> Any:
    from backend_stub.server.residents import ResidentRow  # the core's row type

    row = conn.execute("SELECT * FROM residents WHERE id = ?", (resident_id,)).fetchone()
    return ResidentRow.from_row(row)


def _event(conn: sqlite3.Connection, app_id: str, status: str, note: str, at: dt.datetime) -> None:
    from backend_stub.network.applications import _event as event

    event(conn, app_id, status, note, at)


def _records(conn: sqlite3.Connection, app_id: str) -> list[sqlite3.Row]:
    """The history records this application's processing left (in the order they were made)."""
    return conn.execute(
        "SELECT id, provider_name, information, beppyo2_item, outcome FROM history"
        " WHERE trigger_kind = 'application' AND trigger_ref = ? ORDER BY requested_at, rowid",
        (app_id,),
    ).fetchall()


def visit_time(app_id: str, data: dict[str, Any], today: dt.date) -> dt.datetime | None:
    """The visit the office books for a 児童扶養手当 現況届: the preferred day (or the next weekday)
    at a half-hour slot within the preferred part of the day."""
    visit = data.get("visit") if isinstance(data.get("visit"), dict) else None
    if not visit:
        return None
    try:
        day = dt.date.fromisoformat(str(visit.get("date", "")))
    except ValueError:
        day = today + dt.timedelta(days=7)
    day = max(day, today + dt.timedelta(days=1))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    first, last = _SLOTS.get(str(visit.get("slot")), _SLOTS["morning"])
    n = int(hashlib.sha256(app_id.encode()).hexdigest(), 16) % ((last - first + 1) * 2)
    return dt.datetime(day.year, day.month, day.day, first + n // 2, 30 * (n % 2))


def _wareki(d: dt.date) -> str:
    weekday = "月火水木金土日"[d.weekday()]
    return f"令和{d.year - 2018}年{d.month}月{d.day}日（{weekday}）"


def _query_step(conn: sqlite3.Connection, row: sqlite3.Row, office: str, at: dt.datetime) -> str:
    r = _resident(conn, row["resident_id"])
    p = profiles.profile(r, at.date())
    asked = own = 0
    for q in PROCESSING_QUERIES.get(row["form_id"], ()):
        provider = profiles.provider_for(r, p, q.provider)
        if provider == office:
            own += 1  # its own records: used directly, not through the network
            continue
        network.query_for(conn, r.id, office, q.item, provider, q.information,
                          trigger=network.Trigger("application", row["id"]), at=at)
        asked += 1
    note = "審査を開始しました。"
    if asked:
        note += f"情報連携で{asked}件の情報を照会しました。"
    if own:
        note += f"{agencies.require(office).name}が保有する情報{own}件を確認しています。"
    return note


def _decide(conn: sqlite3.Connection, row: sqlite3.Row, service: dict[str, Any] | None, office: str,
            at: dt.datetime) -> str:
    app_id = row["id"]
    name = service["name"] if service else row["form_id"]
    sender = agencies.require(office).name
    records = _records(conn, app_id)
    queries = {(q.item, q.information): q for q in PROCESSING_QUERIES.get(row["form_id"], ())}

    def needed(r: sqlite3.Row) -> bool:
        q = queries.get((r["beppyo2_item"], r["information"]))
        return q is None or q.needed

    missing = [r for r in records if r["outcome"] == "refused" or (r["outcome"] == "not_held" and needed(r))]
    missing_ids = {r["id"] for r in missing}
    used = [r for r in records if r["id"] not in missing_ids]
    counter = _counter_documents(row)
    if counter and not missing:
        filed = agencies.require(row["municipality_code"]).name
        body = (f"受付番号 {row['receipt_number']} の{name}について、窓口で提出するとお申し出いただいた次の書類を、"
                f"{filed}の窓口でご提出ください。書類を確認した後に審査を完了します。\n"
                + "\n".join(f"・{doc}" for doc in counter))
        notice_id = portal.create_notice(
            conn, row["resident_id"], title=f"{name}：窓口での書類の提出のお願い", body=body, sender=sender,
            category="application", application_id=app_id, published_at=at,
        )
        conn.execute("UPDATE applications SET status = ?, notice_id = ? WHERE id = ?",
                     (DOCUMENTS_REQUESTED, notice_id, app_id))
        _event(conn, app_id, DOCUMENTS_REQUESTED,
               f"窓口で提出される書類が{len(counter)}件あります。書類の提出をお待ちしています。", at)
        return DOCUMENTS_REQUESTED
    if missing:
        docs = []
        for r in missing:
            q = queries.get((r["beppyo2_item"], r["information"]))
            doc = q.document if q else r["information"] + "がわかる書類"
            docs.append(f"・{doc}（{r['provider_name']}に{r['information']}を照会しましたが、"
                        f"確認できませんでした。記録ID {r['id']}）")
        docs += [f"・{doc}（窓口で提出するとお申し出いただいた書類）" for doc in counter]
        deadline = at.date() + dt.timedelta(days=14)
        body = (f"受付番号 {row['receipt_number']} の{name}について、情報連携で確認できなかった情報があります。"
                f"次の書類を{_wareki(deadline)}までに提出してください。\n" + "\n".join(docs))
        notice_id = portal.create_notice(
            conn, row["resident_id"], title=f"{name}：書類の提出のお願い", body=body, sender=sender,
            category="application", application_id=app_id, published_at=at, deadline=deadline,
        )
        conn.execute("UPDATE applications SET status = ?, notice_id = ? WHERE id = ?",
                     (DOCUMENTS_REQUESTED, notice_id, app_id))
        _event(conn, app_id, DOCUMENTS_REQUESTED,
               f"情報連携で確認できなかった情報が{len(missing)}件あります。書類の提出をお願いしています。", at)
        return DOCUMENTS_REQUESTED
    if row["form_id"] in DECIDED_AT_VISIT:
        return _book_visit(conn, row, name, sender, used, at)
    body = f"受付番号 {row['receipt_number']} の{name}について審査が完了し、承認されました。"
    if used:
        lines = _linkage_lines(used)
        body += ("\n審査では情報連携で次の情報を確認しました。これらの書類の提出は不要です。"
                 "照会の記録は「やりとり履歴」で確認できます。\n" + "\n".join(lines))
    _record_decision(conn, row, office, at)
    notice_id = portal.create_notice(
        conn, row["resident_id"], title=f"{name}の審査結果のお知らせ（承認）", body=body, sender=sender,
        category="application", application_id=app_id, published_at=at,
    )
    conn.execute("UPDATE applications SET status = 'approved', notice_id = ? WHERE id = ?", (notice_id, app_id))
    _event(conn, app_id, "approved", "審査が完了し、承認されました。決定通知をお知らせに送りました。", at)
    return "approved"


def _linkage_lines(used: list[sqlite3.Row]) -> list[str]:
    return [f"・{r['provider_name']}の{r['information']}"
            + ("" if r["outcome"] == "provided" else "：該当なし")
            + f"（別表第二 {r['beppyo2_item']}の項、記録ID {r['id']}）" for r in used]


def filed_late(form_id: str, submitted_at: str) -> bool:
    """A 現況届 filed after its period (1–31 August, src:hiji-jifu-genkyo): still taken, but the
    allowance may be paid late (src:kaisei-jifu-genkyo)."""
    from backend_stub.network import seed

    if form_id != "jifu-genkyo":
        return False
    day = dt.datetime.fromisoformat(submitted_at).date()
    return day > seed.genkyo_period(day.year)[1]


def _book_visit(conn: sqlite3.Connection, row: sqlite3.Row, name: str, sender: str, used: list[sqlite3.Row],
                at: dt.datetime) -> str:
    """The report sent ahead is in the office's hands and the visit is booked; nothing is decided
    before the visit."""
    app_id = row["id"]
    filed = agencies.require(row["municipality_code"]).name
    body = (f"受付番号 {row['receipt_number']} の{name}を受け付けました。"
            f"現況届は来庁での手続です。審査と決定は、来庁時の手続の後に行います。")
    if filed_late(row["form_id"], row["submitted_at"]):
        body += "\n受付期間（8月1日から8月31日まで）を過ぎて提出されたため、手当の支払が遅れる場合があります。"
    if used:
        body += ("\n情報連携で次の情報を確認しました。これらの書類を来庁時に持参する必要はありません。"
                 "照会の記録は「やりとり履歴」で確認できます。\n" + "\n".join(_linkage_lines(used)))
    visit = visit_time(app_id, json.loads(row["data"] or "{}"), at.date())
    if visit is not None:
        body += (f"\n来庁日時を{_wareki(visit.date())} {visit.hour}時{visit.minute:02d}分に予約しました。"
                 f"{filed}の窓口にお越しください。")
    else:
        body += f"\n来庁日時は予約されていません。{filed}の窓口にお問い合わせください。"
    notice_id = portal.create_notice(
        conn, row["resident_id"], title=f"{name}：来庁日時のお知らせ（来庁予約済み）", body=body, sender=sender,
        category="application", application_id=app_id, published_at=at,
    )
    conn.execute("UPDATE applications SET status = ?, notice_id = ? WHERE id = ?", (VISIT_BOOKED, notice_id, app_id))
    _event(conn, app_id, VISIT_BOOKED, "来庁日時を予約しました。現況届の審査と決定は、来庁時の手続の後に行います。", at)
    return VISIT_BOOKED


def _counter_documents(row: sqlite3.Row) -> list[str]:
    """The names of the documents declared "handed in at the counter" (signed with the application)."""
    from backend_stub.network import forms

    slots = json.loads(row["at_counter"] or "[]")
    spec = forms.form(row["form_id"]) if slots else None
    if spec is None:
        return []
    return [a.label.ja for a in spec.attachments if a.id in slots]


def _record_decision(conn: sqlite3.Connection, row: sqlite3.Row, office: str, at: dt.datetime) -> None:
    """What the office holds once it approved: わたしの情報 shows the new state."""
    from backend_stub.network import seed

    r = _resident(conn, row["resident_id"])
    if row["form_id"] == "ninshin-todoke":
        network.store(conn, r.id, office, "maternal_child", "母子保健関係情報",
                      [{"label": "妊娠の届出", "value": "届出済み"}], updated_at=at)
    elif row["form_id"] in ("jidou-teate-nintei", "jidou-teate-gakukaitei"):
        children = profiles.profile(r, at.date()).children
        if children:
            network.store(conn, r.id, office, "child_allowance", "児童手当関係情報",
                          seed.child_allowance_items(children, at.date()), updated_at=at)


def advance_one(conn: sqlite3.Connection, app_id: str) -> str | None:
    """Move one application a step (submitted → processing → approved or documents_requested)."""
    row = conn.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
    if row is None or row["status"] not in PENDING:
        return None
    at = now()
    service = catalog.service_for_form(row["form_id"])
    office = catalog.office_of(service, row["municipality_code"]) if service else row["municipality_code"]
    if row["status"] == "submitted":
        note = _query_step(conn, row, office, at)
        conn.execute("UPDATE applications SET status = 'processing' WHERE id = ?", (app_id,))
        _event(conn, app_id, "processing", note, at)
        return "processing"
    return _decide(conn, row, service, office, at)


def advance_all(db: Any, *, steps: int = 2) -> int:
    """Process every pending application up to ``steps`` steps; return how many steps were taken."""
    taken = 0
    for _ in range(steps):
        ids = [r[0] for r in db.query_all(
            "SELECT id FROM applications WHERE status IN ('submitted', 'processing') ORDER BY submitted_at")]
        if not ids:
            break
        for app_id in ids:
            with db.transaction() as conn:
                if advance_one(conn, app_id):
                    taken += 1
    return taken


def schedule_auto_advance(db: Any, app_id: str, delays: tuple[float, ...] = (2.0, 5.0)) -> list[threading.Timer]:
    """Advance one application a step after each delay (daemon timers; harmless after shutdown)."""
    timers = []
    for delay in delays:
        t = threading.Timer(delay, _step, args=(db, app_id))
        t.daemon = True
        t.start()
        timers.append(t)
    return timers


def _step(db: Any, app_id: str) -> None:
    try:
        with db.transaction() as conn:
            advance_one(conn, app_id)
    except Exception as exc:  # a closed database at shutdown, mostly
        log.info("automatic processing step skipped: %s", type(exc).__name__)
