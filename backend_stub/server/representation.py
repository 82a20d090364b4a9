"""代理人: a resident acting for another (a parent for their child, or someone the principal chose).

What the real portal asks, and what the stub models (sources in docs/sources.md):

* Registration needs both cards: the 代理人 is logged in with their own card, and the 委任者's
  card signs a fresh challenge with its 利用者証明用 key, so its 4-digit PIN is entered too
  (src:anjo-passport-miseinen). A child under 15 has that certificate, its PIN set by the
  法定代理人, and no 署名用 one (src:fukuchiyama-jpki-age).
* Two kinds of grant (src:sakata-houtei-nini-dairinin): ``legal`` (法定代理: a 親権者 for a child)
  and ``voluntary`` (任意代理: anyone else the principal names).
* A legal grant needs the relationship: the stub takes it from the 住民基本台帳, where a child in
  the same 世帯 as the parent confirms it without a 戸籍 document (src:sakuragawa-houtei-dairi-setai);
  a child elsewhere is refused (the stub takes no 戸籍). It is for a child under 18 and ends at 18,
  when 親権 ends (民法第4条・第818条; src:minpou-4-818).
* A voluntary grant ends on the day the principal chose. Requiring an end date, and allowing it only
  between adults, are the stub's own rules: what we read does not say how the portal does it.
* The principal may revoke any grant alone, without the 代理人 (src:marugame-dv-dairinin-kaijo). The
  代理人 may end their own grant (a stub rule). A lost or suspended card revokes nothing
  (src:marugame-dv-dairinin-kaijo).
* A resident under DV等支援措置 can have proxies blocked through the municipality (src:kasama-dv-dairinin,
  src:hakodate-dv-flag): ``mynastub proxy-block`` ends every grant for them and refuses new ones.

Acting: a request carries ``X-Acting-For: <resident id>``; every data endpoint checks an active grant
from the session's resident to that person on every request, so an ended grant stops the very next
request. What a 代理人 does is recorded in the principal's 代理人の操作記録 (``proxy_actions``), not in
the やりとり履歴 (which holds only what the network writes, 番号法第23条), and the principal gets a
notice when a proxy session starts acting and for every change it makes.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel, BeforeValidator, Field

from backend_stub.server import ApiError, StubContext, get_context
from backend_stub.server.auth import ErrorBody, LoginIn, Session, _check_login, auth_state, current_session
from backend_stub.server.db import Database, register_migrations
from backend_stub.server.residents import ResidentRow, get_resident

log = logging.getLogger(__name__)

JST = dt.timezone(dt.timedelta(hours=9))
ACTING_HEADER = "X-Acting-For"
ADULT_AGE = 18  # 民法第4条 (src:minpou-4-818)
Kind = Literal["legal", "voluntary"]

# What a 代理人 may reach for the represented person: the resident's own records and procedures.
# Not the 民間送達 link or payments (no source says a proxy may), never /me or login.
PROXY_PATHS = ("/api/v1/history", "/api/v1/self-info", "/api/v1/notices", "/api/v1/applications")

register_migrations(
    "representation",
    [
        """
        CREATE TABLE proxy_grants (
            id TEXT PRIMARY KEY,
            principal_id TEXT NOT NULL REFERENCES residents(id),
            proxy_id TEXT NOT NULL REFERENCES residents(id),
            kind TEXT NOT NULL,
            relation TEXT,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            ended_at REAL,
            ended_by TEXT
        );
        CREATE INDEX proxy_grants_principal ON proxy_grants (principal_id);
        CREATE INDEX proxy_grants_proxy ON proxy_grants (proxy_id);
        CREATE TABLE proxy_blocks (
            principal_id TEXT PRIMARY KEY REFERENCES residents(id),
            blocked_at REAL NOT NULL
        );
        CREATE TABLE proxy_actions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            grant_id TEXT NOT NULL REFERENCES proxy_grants(id),
            principal_id TEXT NOT NULL,
            proxy_id TEXT NOT NULL,
            session_hash TEXT NOT NULL,
            at REAL NOT NULL,
            action TEXT NOT NULL
        );
        CREATE INDEX proxy_actions_principal ON proxy_actions (principal_id, seq);
        """,
    ],
)


# -- Rules (pure) ---------------------------------------------------------------------------------


class GrantRefusedError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def adulthood(birth: dt.date) -> dt.datetime:
    """The moment a child comes of age (18; src:minpou-4-818): the start of the 18th birthday, in Japan."""
    try:
        day = birth.replace(year=birth.year + ADULT_AGE)
    except ValueError:  # 29 February
        day = dt.date(birth.year + ADULT_AGE, 3, 1)
    return dt.datetime.combine(day, dt.time(0), JST)


def parent_in_household(proxy: ResidentRow, principal: ResidentRow) -> bool:
    """Whether the 住民基本台帳 shows the principal as the proxy's child in the same 世帯
    (src:sakuragawa-houtei-dairi-setai)."""
    return any(
        m.relation == "child" and m.my_number == principal.my_number and m.lives_together for m in proxy.household
    )


@dataclass(frozen=True)
class GrantTerms:
    kind: Kind
    relation: str | None
    expires_at: dt.datetime


def _end_of(last_day: dt.date) -> dt.datetime:
    """When a grant whose last day is ``last_day`` ends: the next midnight, Japan time. The last
    day of the calendar has none; its grant ends at that day's last second."""
    if last_day == dt.date.max:
        return dt.datetime.combine(last_day, dt.time(23, 59, 59), JST)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), JST)


def grant_terms(
    kind: str, proxy: ResidentRow, principal: ResidentRow, now: dt.datetime, expires_on: dt.date | None
) -> GrantTerms:
    """The terms of a new grant, or GrantRefusedError with the rule that refuses it."""
    today = now.astimezone(JST).date()
    if proxy.id == principal.id:
        raise GrantRefusedError(422, "self_grant", "a resident cannot be their own 代理人")
    if kind == "legal":
        if age_on(principal.birth_date, today) >= ADULT_AGE:
            raise GrantRefusedError(422, "not_a_minor", "法定代理 is for a child under 18")
        if not parent_in_household(proxy, principal):
            raise GrantRefusedError(
                422, "relationship_not_confirmed",
                "the 住民基本台帳 does not show this child in your 世帯; register at the municipality with a 戸籍 document",
            )
        return GrantTerms("legal", "parent", adulthood(principal.birth_date))
    if kind == "voluntary":
        if age_on(principal.birth_date, today) < ADULT_AGE:
            raise GrantRefusedError(422, "principal_is_a_minor", "a child is represented by a 法定代理人")
        if expires_on is None or expires_on <= today:
            raise GrantRefusedError(422, "bad_expiry", "a 任意代理 needs an end date after today")
        return GrantTerms("voluntary", None, _end_of(expires_on))
    raise GrantRefusedError(422, "bad_kind", "kind must be 'legal' or 'voluntary'")


def may_revoke(grant: dict[str, Any], resident_id: str) -> bool:
    """The principal may revoke any of their grants alone (src:marugame-dv-dairinin-kaijo); the 代理人
    may end their own (a stub rule)."""
    return resident_id in (grant["principal_id"], grant["proxy_id"])


# -- Storage ----------------------------------------------------------------------------------------


def _status(row: Any, now: float) -> str:
    if row["ended_at"] is not None and row["ended_at"] <= now:
        return "revoked" if row["ended_by"] != "municipality" else "blocked"
    if row["expires_at"] <= now:
        return "expired"
    return "active"


def active_grant(db: Database, proxy_id: str, principal_id: str, now: float) -> Any | None:
    return db.query_one(
        "SELECT g.* FROM proxy_grants g WHERE g.proxy_id = ? AND g.principal_id = ? AND g.ended_at IS NULL"
        " AND g.expires_at > ? AND NOT EXISTS (SELECT 1 FROM proxy_blocks b WHERE b.principal_id = g.principal_id)",
        (proxy_id, principal_id, now),
    )


def is_blocked(db: Database, principal_id: str) -> bool:
    return db.query_one("SELECT 1 FROM proxy_blocks WHERE principal_id = ?", (principal_id,)) is not None


def _notify(conn: Any, principal_id: str, title: str, body: str, at: float) -> None:
    from backend_stub.network import portal  # the notices store (optional portal domain)

    portal.create_notice(conn, principal_id, title=title, body=body, sender="デジタル庁", category="system",
                         published_at=dt.datetime.fromtimestamp(at, JST))


def register(db: Database, proxy: ResidentRow, principal: ResidentRow, terms: GrantTerms, now: float) -> str:
    grant_id = secrets.token_hex(8)
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM proxy_blocks WHERE principal_id = ?", (principal.id,)).fetchone():
            raise GrantRefusedError(403, "proxy_blocked", "the municipality has blocked 代理人 for this resident")
        if conn.execute(
            "SELECT 1 FROM proxy_grants WHERE proxy_id = ? AND principal_id = ? AND ended_at IS NULL AND expires_at > ?",
            (proxy.id, principal.id, now),
        ).fetchone():
            raise GrantRefusedError(409, "already_granted", "this 代理人 is already registered")
        conn.execute(
            "INSERT INTO proxy_grants (id, principal_id, proxy_id, kind, relation, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (grant_id, principal.id, proxy.id, terms.kind, terms.relation, now, terms.expires_at.timestamp()),
        )
        _notify(conn, principal.id, "代理人が登録されました",
                f"{proxy.name}さんが{'法定代理人' if terms.kind == 'legal' else '任意代理人'}として登録されました。"
                "代理人の操作は「わたしの代理人」で確認でき、解除もできます。", now)
    return grant_id


def end_grant(db: Database, grant_id: str, by: str, now: float) -> None:
    with db.transaction() as conn:
        row = conn.execute("SELECT * FROM proxy_grants WHERE id = ?", (grant_id,)).fetchone()
        if row is None or row["ended_at"] is not None:
            return
        conn.execute("UPDATE proxy_grants SET ended_at = ?, ended_by = ? WHERE id = ?", (now, by, grant_id))
        proxy = conn.execute("SELECT name FROM residents WHERE id = ?", (row["proxy_id"],)).fetchone()
        _notify(conn, row["principal_id"], "代理人の登録が解除されました",
                f"{proxy['name'] if proxy else ''}さんは、あなたの代理人として操作できなくなりました。", now)


def block(db: Database, principal_id: str, now: float) -> int:
    """DV等支援措置: block 代理人 for this resident and end every active grant; return how many ended."""
    with db.transaction() as conn:
        conn.execute("INSERT INTO proxy_blocks (principal_id, blocked_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (principal_id, now))
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM proxy_grants WHERE principal_id = ? AND ended_at IS NULL", (principal_id,))]
        conn.execute("UPDATE proxy_grants SET ended_at = ?, ended_by = 'municipality'"
                     " WHERE principal_id = ? AND ended_at IS NULL", (now, principal_id))
    return len(ids)


def unblock(db: Database, principal_id: str) -> bool:
    with db.transaction() as conn:
        return conn.execute("DELETE FROM proxy_blocks WHERE principal_id = ?", (principal_id,)).rowcount > 0


def record_action(db: Database, grant: Any, session_hash: str, action: str, proxy_name: str, now: float,
                  changes: bool) -> None:
    """One entry of the principal's 代理人の操作記録; a notice at a session's first action and for a change."""
    with db.transaction() as conn:
        first = conn.execute(
            "SELECT 1 FROM proxy_actions WHERE grant_id = ? AND session_hash = ? LIMIT 1", (grant["id"], session_hash)
        ).fetchone() is None
        conn.execute(
            "INSERT INTO proxy_actions (grant_id, principal_id, proxy_id, session_hash, at, action)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (grant["id"], grant["principal_id"], grant["proxy_id"], session_hash, now, action),
        )
        if first or changes:
            _notify(conn, grant["principal_id"], "代理人があなたの代わりに操作しました",
                    f"{proxy_name}さんが代理人として操作しました（{ACTION_LABELS.get(action, action)}）。"
                    "内容は「わたしの代理人」の操作記録で確認できます。", now)


ACTION_LABELS = {
    "GET /history": "やりとり履歴の閲覧",
    "GET /history/monthly": "やりとり履歴の閲覧",
    "GET /history/facets": "やりとり履歴の閲覧",
    "GET /history/{history_id}": "やりとり履歴の閲覧",
    "GET /self-info": "わたしの情報の閲覧",
    "GET /self-info/{category}": "わたしの情報の閲覧",
    "GET /notices": "お知らせの閲覧",
    "GET /notices/{notice_id}": "お知らせの閲覧",
    "POST /notices/{notice_id}/read": "お知らせを既読にする",
    "GET /notices/{notice_id}/attachments/{attachment_id}": "お知らせの添付ファイルの閲覧",
    "POST /applications": "申請の提出",
    "GET /applications": "申請状況の閲覧",
    "GET /applications/{application_id}": "申請状況の閲覧",
    "GET /stream/notices": "お知らせの受信",
}


# -- HTTP -------------------------------------------------------------------------------------------


async def _context(request: Request) -> StubContext:
    return get_context(request)


Context = Annotated[StubContext, Depends(_context)]


async def acting_resident(
    request: Request,
    session: Annotated[Session, Depends(current_session)],
    acting_for: Annotated[
        str | None,
        Header(alias=ACTING_HEADER, max_length=64,
               description="the id of the person this request acts for (GET /proxies lists them); absent: yourself"),
    ] = None,
) -> ResidentRow:
    """The person a data request is about: the session's resident, or one they represent now."""
    if not acting_for or acting_for == session.resident.id:
        return session.resident
    ctx = get_context(request)
    path = request.url.path
    if not any(path == p or path.startswith(p + "/") for p in PROXY_PATHS):
        raise ApiError(403, "not_permitted_for_proxy", "a 代理人 cannot do this for the person they represent")
    now = ctx.now()
    grant = active_grant(ctx.db, session.resident.id, acting_for, now)
    principal = get_resident(ctx.db, acting_for) if grant is not None else None
    if grant is None or principal is None:
        raise ApiError(403, "not_represented", "you do not represent this person (now)")
    route = request.scope.get("route")
    template = getattr(route, "path", path).removeprefix("/api/v1")
    action = f"{request.method} {template}"
    record_action(ctx.db, grant, session.token_hash, action, session.resident.name, now,
                  changes=request.method != "GET")
    return principal


def _errors(*statuses: int) -> dict[int | str, dict[str, object]]:
    return {status: {"model": ErrorBody} for status in statuses}


router = APIRouter(tags=["proxies"])


class PersonOut(BaseModel):
    id: str
    name: str


class GrantOut(BaseModel):
    id: str
    kind: Kind = Field(description="legal = 法定代理, voluntary = 任意代理")
    relation: str | None = Field(description="parent for a legal grant from the 住民基本台帳")
    principal: PersonOut = Field(description="the person represented (委任者)")
    proxy: PersonOut = Field(description="the 代理人")
    since: str
    expires_at: str
    status: Literal["active", "expired", "revoked", "blocked"]
    ended_at: str | None
    can_revoke: bool


class GrantsOut(BaseModel):
    represented: list[GrantOut] = Field(description="grants by which you act for others")
    representatives: list[GrantOut] = Field(description="grants by which others act for you")
    blocked: bool = Field(description="the municipality has blocked 代理人 for you (DV等支援措置)")


def _iso_date_only(value: object) -> object:
    """A grant's last day as the document writes it, YYYY-MM-DD: not a number of seconds or a
    date-time that pydantic would otherwise read as a day (when a grant ends is not guessed)."""
    if value is None:
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expires_on must be a date written YYYY-MM-DD")
    return value


class GrantIn(BaseModel):
    kind: Kind
    expires_on: Annotated[dt.date, BeforeValidator(_iso_date_only)] | None = Field(
        default=None, description="the last day of a voluntary grant (YYYY-MM-DD)")
    principal_card: LoginIn = Field(
        description="the represented person's card, as for a login: a fresh challenge signed with its 利用者証明用 key"
    )


class ActionOut(BaseModel):
    at: str
    proxy: PersonOut
    action: str
    label: str


class ActionsOut(BaseModel):
    items: list[ActionOut]


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, JST).isoformat(timespec="seconds")


def _grant_out(row: Any, names: dict[str, str], me: str, now: float) -> GrantOut:
    status = _status(row, now)
    return GrantOut(
        id=row["id"], kind=row["kind"], relation=row["relation"],
        principal=PersonOut(id=row["principal_id"], name=names.get(row["principal_id"], "")),
        proxy=PersonOut(id=row["proxy_id"], name=names.get(row["proxy_id"], "")),
        since=_iso(row["created_at"]), expires_at=_iso(row["expires_at"]), status=status,  # type: ignore[arg-type]
        ended_at=_iso(row["ended_at"]) if row["ended_at"] is not None else None,
        can_revoke=status == "active" and may_revoke(row, me),
    )


def _names(db: Database) -> dict[str, str]:
    return {r["id"]: r["name"] for r in db.query_all("SELECT id, name FROM residents")}


@router.get("/proxies", response_model=GrantsOut, responses=_errors(401))
def list_grants(session: Annotated[Session, Depends(current_session)], ctx: Context) -> GrantsOut:
    me, now, names = session.resident.id, ctx.now(), _names(ctx.db)
    rows = ctx.db.query_all(
        "SELECT * FROM proxy_grants WHERE proxy_id = ? OR principal_id = ? ORDER BY created_at DESC", (me, me))
    return GrantsOut(
        represented=[_grant_out(r, names, me, now) for r in rows if r["proxy_id"] == me],
        representatives=[_grant_out(r, names, me, now) for r in rows if r["principal_id"] == me],
        blocked=is_blocked(ctx.db, me),
    )


@router.post("/proxies", response_model=GrantOut, status_code=201, responses=_errors(400, 401, 403, 409, 422))
def register_grant(body: GrantIn, session: Annotated[Session, Depends(current_session)], ctx: Context) -> GrantOut:
    """Register the logged-in resident as 代理人 of the person whose card signed ``principal_card``."""
    import base64
    import binascii
    import contextlib

    challenges, _limiter = auth_state(ctx)
    now = ctx.now()
    state, nonce = challenges.take(body.principal_card.challenge_id, now)
    cert_der: bytes | None = None
    with contextlib.suppress(binascii.Error, UnicodeEncodeError, ValueError):
        cert_der = base64.b64decode(body.principal_card.certificate.encode("ascii"), validate=True)
    try:
        principal = _check_login(ctx, body.principal_card, state, nonce, cert_der, now)
    except ApiError as exc:
        # Not 401, which would read as the logged-in 代理人's own session having ended: a card that
        # does not prove itself forbids the registration (403); a malformed one stays 400.
        status = 400 if exc.status == 400 else 403
        raise ApiError(status, f"principal_{exc.code}", f"the represented person's card: {exc.message}") from None
    try:
        terms = grant_terms(body.kind, session.resident, principal, dt.datetime.fromtimestamp(now, JST), body.expires_on)
        if is_blocked(ctx.db, principal.id):
            raise GrantRefusedError(403, "proxy_blocked", "the municipality has blocked 代理人 for this resident")
        grant_id = register(ctx.db, session.resident, principal, terms, now)
    except GrantRefusedError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    log.info("a 代理人 grant (%s) was registered", terms.kind)
    row = ctx.db.query_one("SELECT * FROM proxy_grants WHERE id = ?", (grant_id,))
    return _grant_out(row, _names(ctx.db), session.resident.id, now)


@router.delete("/proxies/{grant_id}", status_code=204, response_class=Response, responses=_errors(401, 404))
def revoke_grant(
    grant_id: Annotated[str, Path(max_length=64)], session: Annotated[Session, Depends(current_session)], ctx: Context
) -> Response:
    """End a grant: the principal may end any of theirs, the 代理人 their own. Takes effect at once."""
    row = ctx.db.query_one("SELECT * FROM proxy_grants WHERE id = ?", (grant_id,))
    me = session.resident.id
    if row is None or me not in (row["principal_id"], row["proxy_id"]):
        raise ApiError(404, "not_found", "grant not found")
    if _status(row, ctx.now()) == "active":
        end_grant(ctx.db, grant_id, "principal" if me == row["principal_id"] else "proxy", ctx.now())
    return Response(status_code=204)


@router.get("/proxies/actions", response_model=ActionsOut, responses=_errors(401))
def list_actions(
    session: Annotated[Session, Depends(current_session)],
    ctx: Context,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> ActionsOut:
    """Your 代理人の操作記録: what 代理人 did for you, newest first."""
    names = _names(ctx.db)
    rows = ctx.db.query_all(
        "SELECT * FROM proxy_actions WHERE principal_id = ? ORDER BY seq DESC LIMIT ?", (session.resident.id, limit))
    return ActionsOut(items=[
        ActionOut(at=_iso(r["at"]), proxy=PersonOut(id=r["proxy_id"], name=names.get(r["proxy_id"], "")),
                  action=r["action"], label=ACTION_LABELS.get(r["action"], r["action"]))
        for r in rows
    ])
