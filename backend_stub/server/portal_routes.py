"""HTTP routes of the portal services (docs/api.md): history, self-info, notices, delivery,
payments, municipalities, services and applications. Mounted by ``create_app`` under /api/v1.

Every resident resource is scoped to the bearer token's resident: another resident's id is
404, never 403. Domain logic lives in ``backend_stub.network``; this module only adapts it.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend_stub.network import (
    agencies,
    applications,
    catalog,
    history,
    network,
    portal,
    processing,
    profiles,
)
from backend_stub.network.util import iso, now, parse_time
from backend_stub.server import ApiError, StubContext, get_context
from backend_stub.server.auth import current_resident
from backend_stub.server.residents import ResidentRow

router = APIRouter(tags=["portal"])


async def _context(request: Request) -> StubContext:
    # An async dependency runs on the event loop; the sync get_context would cost a thread pool hop.
    return get_context(request)


Resident = Annotated[ResidentRow, Depends(current_resident)]
Context = Annotated[StubContext, Depends(_context)]
Limit = Annotated[int, Query(ge=1, le=200)]

# Seconds after submission at which the running server advances an application (0 disables).
AUTO_ADVANCE_ENV = "MYNASTUB_AUTO_ADVANCE_SECONDS"


def _not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


# -- やりとり履歴 ------------------------------------------------------------------------------------


@router.get("/history")
async def list_history(
    resident: Resident,
    ctx: Context,
    limit: Limit = 50,
    cursor: str | None = None,
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    agency: str | None = None,
    information: str | None = None,
    outcome: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: str = "requested_at",
    trigger_kind: Annotated[
        history.TriggerKind | None,
        Query(description="Only the records made for this cause (the record's trigger.kind)."),
    ] = None,
    trigger_ref: Annotated[
        str | None,
        Query(
            max_length=history.TRIGGER_REF_MAX,
            description="Only the records whose trigger.ref is this, e.g. an application id.",
        ),
    ] = None,
) -> dict[str, Any]:
    if sort not in ("requested_at", "-requested_at"):
        raise ApiError(400, "bad_request", "sort must be requested_at or -requested_at")
    f = history.Filters(
        date_from=from_ or None,
        date_to=to or None,
        agency=agency or None,
        information=information or None,
        outcome=outcome or None,
        q=q or None,
        trigger_kind=trigger_kind,
        trigger_ref=trigger_ref or None,
    )

    def read() -> dict[str, Any]:
        try:
            return history.page(
                ctx.db.connection(), resident.id, f, limit=limit, cursor=cursor, oldest_first=sort == "-requested_at"
            )
        except history.BadQueryError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None

    # An unfiltered page (what a kiosk reads) is a range of the (resident, time) index and costs
    # less than a thread pool hop: it runs here, on the event loop. A filter may scan every
    # record of the resident (100,000 in the generated set), so that goes to the thread pool.
    if f == history.Filters():
        return read()
    return await run_in_threadpool(read)


@router.get("/history/monthly")
async def history_monthly(
    resident: Resident,
    ctx: Context,
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    agency: str | None = None,
    information: str | None = None,
    outcome: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    trigger_kind: Annotated[history.TriggerKind | None, Query()] = None,
    trigger_ref: Annotated[str | None, Query(max_length=history.TRIGGER_REF_MAX)] = None,
) -> dict[str, Any]:
    """Monthly counts by requesting agency of the records GET /history lists under the same
    filters (``sort``/``cursor``/``limit`` do not change counts): for a chart with a time axis
    over far more records than a client loads."""
    f = history.Filters(
        date_from=from_ or None,
        date_to=to or None,
        agency=agency or None,
        information=information or None,
        outcome=outcome or None,
        q=q or None,
        trigger_kind=trigger_kind,
        trigger_ref=trigger_ref or None,
    )

    def read() -> dict[str, Any]:
        try:
            return history.monthly(ctx.db.connection(), resident.id, f)
        except history.BadQueryError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None

    return await run_in_threadpool(read)


@router.get("/history/facets")
def history_facets(resident: Resident, ctx: Context) -> dict[str, Any]:
    return history.facets(ctx.db.connection(), resident.id)


@router.get("/history/{history_id}")
def get_history(history_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    found = history.one(ctx.db.connection(), resident.id, history_id)
    if found is None:
        raise _not_found("history record")
    return found


# -- わたしの情報 -------------------------------------------------------------------------------------


def _provider(resident: ResidentRow, rule: str) -> agencies.Agency:
    p = profiles.profile(resident, now().date())
    return agencies.require(profiles.provider_for(resident, p, rule))


@router.get("/self-info")
def self_info_categories(resident: Resident) -> dict[str, Any]:
    return {
        "categories": [
            {
                "id": c["id"],
                "name": c["name"],
                # English beside the Japanese: the categories' own labels, written with them
                # (backend_stub/data/self_info.json), not official names.
                "name_en": c.get("name_en"),
                "provider": _provider(resident, c["provider"]).as_json(),
                "description": c["description"],
                "description_en": c.get("description_en"),
            }
            for c in profiles.categories()
        ]
    }


@router.get("/self-info/{category}")
def self_info(category: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    c = profiles.category(category)
    if c is None:
        raise _not_found("category")
    provider = _provider(resident, c["provider"])
    with ctx.db.transaction() as conn:
        res = network.self_info(conn, resident.id, provider.code, c["id"], c["name"], c["information"])
    items = res.records[0]["items"] if res.records else []
    return {
        "category": c["id"],
        "name": c["name"],
        "name_en": c.get("name_en"),
        "fetched_at": iso(now()),
        "provider": provider.as_json(),
        "items": items,
        "history_id": res.history_id,
    }


# -- お知らせ --------------------------------------------------------------------------------------


@router.get("/notices")
def list_notices(
    resident: Resident,
    ctx: Context,
    limit: Limit = 50,
    cursor: str | None = None,
    since: str | None = None,
) -> dict[str, Any]:
    conn = ctx.db.connection()
    where, params = "resident_id = ?", [resident.id]
    if since:
        # At or after `since`, not strictly after: published_at is kept to the second, so `>`
        # would never deliver a notice published in the same second as the newest one a poller
        # has seen. The poller already has the notices at `since` and drops them by id. A finer
        # `since` is truncated to its second by iso(), which only widens the answer.
        try:
            where += " AND published_at >= ?"
            params.append(iso(parse_time(since)))
        except ValueError:
            raise ApiError(400, "bad_request", "since must be an ISO 8601 datetime") from None
    total = conn.execute(f"SELECT COUNT(*) FROM notices WHERE {where}", params).fetchone()[0]
    if cursor:
        at, nid = history.decode_cursor(cursor) if _cursor_ok(cursor) else ("", "")
        if not at:
            raise ApiError(400, "bad_request", "cursor is not one this server gave")
        where += " AND (published_at < ? OR (published_at = ? AND id < ?))"
        params += [at, at, nid]
    rows = conn.execute(
        f"SELECT * FROM notices WHERE {where} ORDER BY published_at DESC, id DESC LIMIT ?", [*params, limit + 1]
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    unread = conn.execute(
        "SELECT COUNT(*) FROM notices WHERE resident_id = ? AND read = 0", (resident.id,)
    ).fetchone()[0]
    return {
        "items": [portal.notice_json(conn, r) for r in rows],
        "next_cursor": history.encode_cursor(rows[-1]["published_at"], rows[-1]["id"]) if more and rows else None,
        "total": total,
        "unread": unread,
    }


def _cursor_ok(cursor: str) -> bool:
    try:
        history.decode_cursor(cursor)
    except history.BadQueryError:
        return False
    return True


@router.get("/notices/{notice_id}")
def get_notice(notice_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    conn = ctx.db.connection()
    row = conn.execute("SELECT * FROM notices WHERE id = ? AND resident_id = ?", (notice_id, resident.id)).fetchone()
    if row is None:
        raise _not_found("notice")
    return portal.notice_json(conn, row)


@router.post("/notices/{notice_id}/read", status_code=204)
def read_notice(notice_id: str, resident: Resident, ctx: Context) -> Response:
    with ctx.db.transaction() as conn:
        cur = conn.execute("UPDATE notices SET read = 1 WHERE id = ? AND resident_id = ?", (notice_id, resident.id))
    if cur.rowcount == 0:
        raise _not_found("notice")
    return Response(status_code=204)


@router.get("/notices/{notice_id}/attachments/{attachment_id}")
def notice_attachment(notice_id: str, attachment_id: str, resident: Resident, ctx: Context) -> Response:
    row = ctx.db.query_one(
        "SELECT a.name, a.mime, a.content FROM notice_attachments a JOIN notices n ON n.id = a.notice_id"
        " WHERE a.id = ? AND a.notice_id = ? AND n.resident_id = ?",
        (attachment_id, notice_id, resident.id),
    )
    if row is None:
        raise _not_found("attachment")
    from urllib.parse import quote

    return Response(
        content=bytes(row["content"]),
        media_type=row["mime"],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(row['name'])}"},
    )


# -- 民間送達サービス ------------------------------------------------------------------------------------


class DeliveryIn(BaseModel):
    service: str = Field(min_length=1, max_length=64)
    account: str = Field(min_length=1, max_length=128)
    categories: list[str] = Field(default_factory=list, max_length=len(portal.NOTICE_CATEGORIES))
    consent: bool


@router.get("/delivery")
def get_delivery(resident: Resident, ctx: Context) -> dict[str, Any]:
    return portal.delivery_state(ctx.db.connection(), resident.id)


@router.post("/delivery")
def link_delivery(body: DeliveryIn, resident: Resident, ctx: Context) -> dict[str, Any]:
    if not body.consent:
        raise ApiError(400, "consent_required", "linking a delivery service needs the resident's consent")
    if body.service not in portal.DELIVERY_SERVICES:
        raise ApiError(400, "bad_request", "unknown delivery service")
    if not portal.ACCOUNT_RE.fullmatch(body.account):
        raise ApiError(400, "invalid_account", "the account must be the e-mail address registered at the service")
    unknown = set(body.categories) - set(portal.NOTICE_CATEGORIES)
    if unknown:
        raise ApiError(400, "bad_request", "unknown notice category")
    with ctx.db.transaction() as conn:
        portal.link_delivery(conn, resident.id, body.service, body.account, sorted(set(body.categories)))
    return portal.delivery_state(ctx.db.connection(), resident.id)


@router.delete("/delivery", status_code=204)
def unlink_delivery(resident: Resident, ctx: Context) -> Response:
    with ctx.db.transaction() as conn:
        portal.unlink_delivery(conn, resident.id)
    return Response(status_code=204)


# -- 公金決済 ---------------------------------------------------------------------------------------


class CardIn(BaseModel):
    number: str = Field(min_length=1, max_length=32)
    expiry: str = Field(min_length=1, max_length=8)
    cvc: str = Field(min_length=1, max_length=8)


def _payment(conn: Any, resident_id: str, payment_id: str) -> Any:
    row = conn.execute("SELECT * FROM payments WHERE id = ? AND resident_id = ?", (payment_id, resident_id)).fetchone()
    if row is None:
        raise _not_found("payment")
    return row


@router.get("/payments/{payment_id}")
def get_payment(payment_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    return portal.payment_json(_payment(ctx.db.connection(), resident.id, payment_id))


@router.post("/payments/{payment_id}/card")
def pay_by_card(payment_id: str, body: CardIn, resident: Resident, ctx: Context) -> dict[str, Any]:
    rejected: portal.CardRejectedError | None = None
    with ctx.db.transaction() as conn:
        _payment(conn, resident.id, payment_id)
        try:
            portal.pay_by_card(conn, payment_id, body.number, body.expiry, body.cvc)
        except portal.CardRejectedError as exc:
            rejected = exc  # commit the 'failed' status of a declined card, then answer
    if rejected is not None:
        status = 402 if rejected.declined else 409 if rejected.code == "already_paid" else 400
        raise ApiError(status, rejected.code, rejected.message)
    return portal.payment_json(_payment(ctx.db.connection(), resident.id, payment_id))


# -- 子育てワンストップ ---------------------------------------------------------------------------------


@router.get("/municipalities")
def municipalities(q: Annotated[str, Query(max_length=50)] = "", limit: Limit = 50) -> list[dict[str, str]]:
    return agencies.search_municipalities(q, limit)


@router.get("/services")
def services(
    municipality: str | None = None,
    situation: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    codes = [municipality] if municipality else ["112305", "085421", "131016"]
    out: list[dict[str, Any]] = []
    for code in codes:
        try:
            out += catalog.search(code, situation, q)
        except KeyError:
            raise ApiError(404, "not_found", "municipality not found") from None
    return out


@router.get("/services/situations")
def service_situations() -> dict[str, str]:
    return catalog.situations()


class AttachmentIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    mime: str = Field(min_length=1, max_length=100)
    content: str = Field(max_length=14_000_000)  # base64 of at most ~10 MB


class ApplicationIn(BaseModel):
    form_id: str = Field(min_length=1, max_length=64)
    municipality_code: str = Field(min_length=6, max_length=6)
    data: dict[str, Any]
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    signed_payload: str = Field(min_length=1)
    signature: str = Field(min_length=1)
    certificate: str = Field(min_length=1)


@router.post("/applications", status_code=201)
def submit_application(
    body: ApplicationIn,
    resident: Resident,
    ctx: Context,
    request: Request,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> JSONResponse:
    if not idempotency_key:
        raise ApiError(400, "bad_request", "the Idempotency-Key header is required")
    s = applications.Submission(
        body.form_id,
        body.municipality_code,
        body.data,
        [a.model_dump() for a in body.attachments],
        body.signed_payload,
        body.signature,
        body.certificate,
    )
    try:
        applications.validate_form(s)
        cert, payload = applications.verify_signature(s, ctx.jlis, dt.datetime.fromtimestamp(ctx.now(), dt.UTC))
        signer = ctx.db.query_one(
            "SELECT resident_id FROM certificates WHERE issuer = ? AND serial = ? AND kind = 'sign'",
            (cert.issuer.rfc4514_string(), format(cert.serial_number, "x")),
        )
        if signer is None or signer["resident_id"] != resident.id:
            raise applications.ApplicationError(
                422, "untrusted_certificate", "the signing certificate is not the logged-in resident's"
            )
        with ctx.db.transaction() as conn:
            app, created = applications.submit(conn, resident.id, idempotency_key, s, payload)
    except applications.ApplicationError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    if created:
        _auto_advance(ctx, app["id"])
    return JSONResponse(app, status_code=201 if created else 200)


def _auto_advance(ctx: StubContext, app_id: str) -> None:
    raw = os.environ.get(AUTO_ADVANCE_ENV, "")
    try:
        first = float(raw) if raw else 2.0
    except ValueError:
        first = 2.0
    if first <= 0:
        return
    processing.schedule_auto_advance(ctx.db, app_id, (first, first * 2.5))


@router.get("/applications")
def list_applications(resident: Resident, ctx: Context) -> dict[str, Any]:
    items = applications.list_for(ctx.db.connection(), resident.id)
    return {"items": items, "next_cursor": None, "total": len(items)}


@router.get("/applications/{application_id}")
def get_application(application_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    found = applications.get(ctx.db.connection(), resident.id, application_id)
    if found is None:
        raise _not_found("application")
    return found
