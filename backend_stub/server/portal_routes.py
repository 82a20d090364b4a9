"""HTTP routes of the portal services (docs/api.md): history, self-info, notices, delivery,
payments, municipalities, services and applications. Mounted by ``create_app`` under /api/v1.

Every resident resource is scoped to the bearer token's resident: another resident's id is
404, never 403. Domain logic lives in ``backend_stub.network``; this module only adapts it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictBool
from starlette.concurrency import run_in_threadpool

from backend_stub.network import (
    agencies,
    applications,
    catalog,
    forms,
    history,
    network,
    portal,
    processing,
    profiles,
)
from backend_stub.network.cursors import BadCursorError, CursorSigner, load_key
from backend_stub.network.util import DATE_OR_DATE_TIME_SCHEMA, JST, iso, now, parse_time
from backend_stub.server import ApiError, StubContext, get_context
from backend_stub.server import portal_models as pm
from backend_stub.server.auth import ErrorBody, Session, current_session
from backend_stub.server.representation import acting_resident
from backend_stub.server.residents import ResidentRow, resident_for_certificate

router = APIRouter(
    tags=["portal"],
    # Any resident resource acted on for someone else (X-Acting-For) without a grant for it now.
    responses={403: {"model": ErrorBody, "description": "not_represented or not_permitted_for_proxy (X-Acting-For)"}},
)


async def _context(request: Request) -> StubContext:
    # An async dependency runs on the event loop; the sync get_context would cost a thread pool hop.
    return get_context(request)


# The person a data request is about: the session's resident, or someone they act for now
# (X-Acting-For, checked on every request: backend_stub.server.representation).
Resident = Annotated[ResidentRow, Depends(acting_resident)]
Context = Annotated[StubContext, Depends(_context)]
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[
    str | None, Query(max_length=512, description="the next_cursor of the previous page (opaque; only the server makes them)")
]

# Seconds after submission at which the running server advances an application (0 disables).
AUTO_ADVANCE_ENV = "MYNASTUB_AUTO_ADVANCE_SECONDS"


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


def cursors(ctx: StubContext) -> CursorSigner:
    """The server's cursor signer (its key lives in the data dir)."""
    signer: CursorSigner | None = ctx.extras.get("cursors")
    if signer is None:
        signer = ctx.extras.setdefault("cursors", CursorSigner(load_key(ctx.config.data_dir)))
    return signer


def _not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


# -- やりとり履歴 ------------------------------------------------------------------------------------


def _purge_expired(ctx: StubContext, resident_id: str) -> None:
    """Records past the retention period (7 years by the server clock) are gone before any read.
    A read takes no write lock when nothing can be due: the resident's oldest kept record is
    remembered (until a record is added) and compared with the cutoff first."""
    now = dt.datetime.fromtimestamp(ctx.now(), JST)
    cutoff = history.retention_cutoff(now)
    oldest: dict[str, tuple[int, str]] = ctx.extras.setdefault("history_oldest", {})
    top = history.top_rowid(ctx.db.connection())
    known = oldest.get(resident_id)
    if known is not None and known[0] == top and cutoff <= known[1]:
        return
    with ctx.db.transaction() as conn:
        history.purge_expired(conn, now, resident_id)
        first = conn.execute("SELECT MIN(requested_at) FROM history WHERE resident_id = ?", (resident_id,)).fetchone()[0]
        oldest[resident_id] = (history.top_rowid(conn), first or "9999")


def _history_filters(
    from_: str | None, to: str | None, agency: str | None, information: str | None, outcome: str | None,
    q: str | None, trigger_kind: history.TriggerKind | None, trigger_ref: str | None,
) -> history.Filters:
    """The filters GET /history and GET /history/monthly share (an empty parameter filters nothing)."""
    return history.Filters(
        date_from=from_,
        date_to=to,
        agency=agency or None,
        information=information or None,
        outcome=outcome or None,
        q=q or None,
        trigger_kind=trigger_kind,
        trigger_ref=trigger_ref or None,
    )


@router.get("/history", response_model=None, responses=pm.ok(pm.HistoryPageOut))
async def list_history(
    resident: Resident,
    ctx: Context,
    limit: Limit = 50,
    cursor: Cursor = None,
    from_: Annotated[str | None, Query(alias="from", json_schema_extra=DATE_OR_DATE_TIME_SCHEMA)] = None,
    to: Annotated[str | None, Query(json_schema_extra=DATE_OR_DATE_TIME_SCHEMA)] = None,
    agency: Annotated[str | None, Query(max_length=64)] = None,
    information: Annotated[str | None, Query(max_length=200)] = None,
    outcome: Literal["provided", "not_held", "refused"] | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Literal["requested_at", "-requested_at"] = "requested_at",
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
    f = _history_filters(from_, to, agency, information, outcome, q, trigger_kind, trigger_ref)

    _purge_expired(ctx, resident.id)

    def read() -> dict[str, Any]:
        try:
            return history.page(
                ctx.db.connection(),
                resident.id,
                f,
                limit=limit,
                cursor=cursor,
                oldest_first=sort == "-requested_at",
                cursors=cursors(ctx),
            )
        except history.BadQueryError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None

    # An unfiltered page (what a kiosk reads) is a range of the (resident, time) index and costs
    # less than a thread pool hop: it runs here, on the event loop. A filter may scan every
    # record of the resident (100,000 in the generated set), so that goes to the thread pool.
    if f == history.Filters():
        return read()
    return await run_in_threadpool(read)


@router.get("/history/monthly", response_model=None, responses=pm.ok(pm.HistoryMonthlyOut))
async def history_monthly(
    resident: Resident,
    ctx: Context,
    from_: Annotated[str | None, Query(alias="from", json_schema_extra=DATE_OR_DATE_TIME_SCHEMA)] = None,
    to: Annotated[str | None, Query(json_schema_extra=DATE_OR_DATE_TIME_SCHEMA)] = None,
    agency: Annotated[str | None, Query(max_length=64)] = None,
    information: Annotated[str | None, Query(max_length=200)] = None,
    outcome: Literal["provided", "not_held", "refused"] | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    trigger_kind: Annotated[history.TriggerKind | None, Query()] = None,
    trigger_ref: Annotated[str | None, Query(max_length=history.TRIGGER_REF_MAX)] = None,
) -> dict[str, Any]:
    """Monthly counts by requesting agency of the records GET /history lists under the same
    filters (``sort``/``cursor``/``limit`` do not change counts): for a chart with a time axis
    over far more records than a client loads."""
    f = _history_filters(from_, to, agency, information, outcome, q, trigger_kind, trigger_ref)
    _purge_expired(ctx, resident.id)

    def read() -> dict[str, Any]:
        try:
            return history.monthly(ctx.db.connection(), resident.id, f)
        except history.BadQueryError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None

    return await run_in_threadpool(read)


@router.get("/history/facets", response_model=None, responses=pm.ok(pm.FacetsOut))
def history_facets(resident: Resident, ctx: Context) -> dict[str, Any]:
    _purge_expired(ctx, resident.id)
    return history.facets(ctx.db.connection(), resident.id)


@router.get("/history/{history_id}", response_model=None, responses=pm.ok(pm.HistoryRecordOut))
def get_history(history_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    _purge_expired(ctx, resident.id)
    found = history.one(ctx.db.connection(), resident.id, history_id)
    if found is None:
        raise _not_found("history record")
    return found


# -- わたしの情報 -------------------------------------------------------------------------------------


def _provider(resident: ResidentRow, rule: str) -> agencies.Agency:
    p = profiles.profile(resident, now().date())
    return agencies.require(profiles.provider_for(resident, p, rule))


@router.get("/self-info", response_model=None, responses=pm.ok(pm.SelfInfoCategoriesOut))
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


@router.get("/self-info/{category}", response_model=None, responses=pm.ok(pm.SelfInfoOut))
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


@router.get("/notices", response_model=None, responses=pm.ok(pm.NoticePageOut))
def list_notices(
    resident: Resident,
    ctx: Context,
    limit: Limit = 50,
    cursor: Cursor = None,
    since: Annotated[str | None, Query(json_schema_extra=DATE_OR_DATE_TIME_SCHEMA)] = None,
) -> dict[str, Any]:
    conn = ctx.db.connection()
    where, params = "resident_id = ?", [resident.id]
    if since is not None:
        # At or after `since`, not strictly after: published_at is kept to the second, so `>`
        # would never deliver a notice published in the same second as the newest one a poller
        # has seen. The poller already has the notices at `since` and drops them by id. A finer
        # `since` is truncated to its second by iso(), which only widens the answer.
        try:
            where += " AND published_at >= ?"
            params.append(iso(parse_time(since)))
        except ValueError:
            raise ApiError(400, "bad_request", "since must be an RFC 3339 date or date-time") from None
    total = conn.execute(f"SELECT COUNT(*) FROM notices WHERE {where}", params).fetchone()[0]
    signer = cursors(ctx)
    scope = json.dumps([resident.id, since], ensure_ascii=True)  # a cursor is good for this `since` only
    if cursor:
        try:
            at, nid = signer.decode("notices", scope, cursor, 2)
        except BadCursorError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None
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
        "next_cursor": signer.encode("notices", scope, rows[-1]["published_at"], rows[-1]["id"])
        if more and rows
        else None,
        "total": total,
        "unread": unread,
    }


@router.get("/notices/{notice_id}", response_model=None, responses=pm.ok(pm.NoticeOut))
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


# The types of attachment agencies send (declared in the API document).
ATTACHMENT_TYPES = ("application/pdf",)


@router.get(
    "/notices/{notice_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {
            "description": "the attachment's bytes",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ATTACHMENT_TYPES},
        }
    },
)
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
    # The enums are declared, not enforced by the model, so that the answers keep their codes.
    service: str = Field(min_length=1, max_length=64, json_schema_extra={"enum": list(portal.DELIVERY_SERVICES)})
    account: str = Field(min_length=1, max_length=128,
                         json_schema_extra={"pattern": f"^{portal.ACCOUNT_RE.pattern}$"})  # else invalid_account
    categories: list[str] = Field(
        default_factory=list,
        max_length=len(portal.NOTICE_CATEGORIES),
        json_schema_extra={"items": {"type": "string", "enum": list(portal.NOTICE_CATEGORIES)}},
    )
    # Strict: only the JSON literal true is consent, never "true", 1 or "yes" (a missing or
    # non-boolean consent answers 400 consent_required, app.py's validation handler).
    consent: StrictBool = Field(description="must be true: the resident agreed", json_schema_extra={"enum": [True]})


@router.get("/delivery", response_model=None, responses=pm.ok(pm.DeliveryOut))
def get_delivery(resident: Resident, ctx: Context) -> dict[str, Any]:
    return portal.delivery_state(ctx.db.connection(), resident.id)


@router.post("/delivery", response_model=None, responses=pm.ok(pm.DeliveryOut))
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
    # Patterns declared, checked by the gateway (portal.check_card) so that each field keeps its code.
    number: str = Field(min_length=1, max_length=32, json_schema_extra={"pattern": portal.CARD_NUMBER_PATTERN})
    expiry: str = Field(
        min_length=1, max_length=8, description="MM/YY", json_schema_extra={"pattern": portal.CARD_EXPIRY_PATTERN}
    )
    cvc: str = Field(min_length=1, max_length=8, json_schema_extra={"pattern": portal.CARD_CVC_PATTERN})


def _payment(conn: Any, resident_id: str, payment_id: str) -> Any:
    row = conn.execute("SELECT * FROM payments WHERE id = ? AND resident_id = ?", (payment_id, resident_id)).fetchone()
    if row is None:
        raise _not_found("payment")
    return row


@router.get("/payments/{payment_id}", response_model=None, responses=pm.ok(pm.PaymentOut))
def get_payment(payment_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    return portal.payment_json(_payment(ctx.db.connection(), resident.id, payment_id))


@router.post(
    "/payments/{payment_id}/card", response_model=None, responses={**pm.ok(pm.PaymentOut), **_errors(402, 409)}
)
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


@router.get("/municipalities", response_model=None, responses=pm.ok(list[pm.MunicipalityOut]))
def municipalities(q: Annotated[str, Query(max_length=50)] = "", limit: Limit = 50) -> list[dict[str, str]]:
    return agencies.search_municipalities(q, limit)


@router.get("/services", response_model=None, responses={**pm.ok(list[pm.ServiceOut]), **_errors(404)})
def services(
    municipality: Annotated[str | None, Query(json_schema_extra={"pattern": "^[0-9]{6}$"})] = None,
    situation: Annotated[str | None, Query(json_schema_extra={"enum": sorted(catalog.situations())})] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    if situation is not None and situation not in catalog.situations():
        raise ApiError(400, "bad_request", "unknown situation")
    codes = [municipality] if municipality is not None else ["112305", "085421", "131016"]
    out: list[dict[str, Any]] = []
    for code in codes:
        try:
            out += catalog.search(code, situation, q)
        except KeyError:
            raise ApiError(404, "not_found", "municipality not found") from None
    return out


@router.get("/services/situations", response_model=None, responses=pm.ok(dict[str, str], "situation id → label"))
def service_situations() -> dict[str, str]:
    return catalog.situations()


class AttachmentIn(BaseModel):
    slot: str = Field(min_length=1, max_length=64)  # the form's attachment id
    name: str = Field(min_length=1, max_length=200)  # shown to people only, never a path
    mime: str = Field(min_length=1, max_length=100)
    content: str  # base64; sizes are the form's and app.forms.limits' (413 quota_exceeded)


class ApplicationIn(BaseModel):
    form_id: str = Field(min_length=1, max_length=64)
    municipality_code: str = Field(min_length=6, max_length=6)
    data: dict[str, Any]
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    # The form's attachment ids the resident hands in at the counter instead (signed as well).
    attachments_at_counter: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=20)
    signed_payload: str = Field(min_length=1)
    signature: str = Field(min_length=1)
    certificate: str = Field(min_length=1)


def _refused(exc: applications.ApplicationError) -> JSONResponse:
    body: dict[str, Any] = {"error": exc.code, "message": exc.message}
    if exc.fields:
        body["fields"] = exc.fields  # paths and codes only, never the values
    return JSONResponse(body, status_code=exc.status)


@router.post(
    "/applications",
    status_code=201,
    responses={200: {"description": "the application already filed under this Idempotency-Key"}, **_errors(400, 409, 413, 422)},
)
def submit_application(
    body: ApplicationIn,
    resident: Resident,
    session: Annotated[Session, Depends(current_session)],
    ctx: Context,
    request: Request,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> JSONResponse:
    """File a signed application (docs/api.md): checks in the order a client can act on them."""
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
        tuple(body.attachments_at_counter),
    )
    server_now = dt.datetime.fromtimestamp(ctx.now(), dt.UTC)
    try:
        spec, files = applications.check_request(s)
        cert, payload = applications.verify_signature(s, ctx.jlis, server_now)
        signer = resident_for_certificate(ctx.db, cert, "sign", ctx.jlis)
        # The logged-in resident signs, also when filing as 代理人 for someone (a child under 15
        # has no 署名用 certificate: src:fukuchiyama-jpki-age).
        if signer is None or signer.id != session.resident.id:
            raise applications.ApplicationError(
                422, "untrusted_certificate", "the signing certificate is not the logged-in resident's"
            )
        # Acting for someone, only a form whose subject is the child is filed for them (こども医療費:
        # the 保護者 files and signs, the child is the subject; src:niiza-kodomo-iryouhi-jourei). The
        # other 子育て forms are the parent's own procedures (児童手当, 保育, 妊娠の届出), filed as the
        # parent; and a child's form is never filed by a resident for themselves.
        if resident.id != session.resident.id and spec.subject != "child":
            raise applications.ApplicationError(
                422, "form_not_for_proxy", "this form is the parent's own procedure; file it as yourself"
            )
        if resident.id == session.resident.id and spec.subject == "child":
            raise applications.ApplicationError(
                422, "form_for_child", "this form is a child's procedure; file it acting for the child (X-Acting-For)"
            )
        checked = applications.check_payload(s, payload, files, idempotency_key, spec)
        # A retry of what was filed answers with it, even a day later or after a rule changed.
        already = applications.existing(ctx.db.connection(), resident.id, idempotency_key, payload)
        if already is not None:
            return JSONResponse(already, status_code=200)
        applications.check_signed_at(checked, server_now)
        applications.check_filing_office(resident, s, spec)
        applications.check_form(checked)
        applications.check_filing_period(ctx.db.connection(), resident, s, server_now)
        with ctx.db.transaction() as conn:
            app, created = applications.submit(conn, resident.id, idempotency_key, s, checked, at=server_now)
    except applications.ApplicationError as exc:
        return _refused(exc)
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


@router.get("/applications", responses=_errors(400))
def list_applications(
    resident: Resident,
    ctx: Context,
    limit: Annotated[int | None, Query(ge=1, le=200, description="page size (default: every application)")] = None,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Paged like every list: only a cursor this server issued for this resident's list is taken."""
    conn = ctx.db.connection()
    signer = cursors(ctx)
    after: tuple[str, str] | None = None
    if cursor:
        try:
            at, app_id = signer.decode("applications", resident.id, cursor, 2)
        except BadCursorError as exc:
            raise ApiError(400, "bad_request", str(exc)) from None
        after = (at, app_id)
    total = conn.execute("SELECT COUNT(*) FROM applications WHERE resident_id = ?", (resident.id,)).fetchone()[0]
    items = applications.list_for(conn, resident.id, after=after, limit=None if limit is None else limit + 1)
    more = limit is not None and len(items) > limit
    items = items[:limit] if limit is not None else items
    last = items[-1] if more and items else None
    return {
        "items": items,
        "next_cursor": signer.encode("applications", resident.id, last["submitted_at"], last["id"]) if last else None,
        "total": total,
        # What the resident's documents take up against the quota, so a client can refuse a file
        # that would pass it before asking for the signing PIN (the submission checks it again).
        "attachment_storage": {"stored_bytes": applications.stored_attachment_bytes(conn, resident.id),
                               "quota_bytes": forms.RESIDENT_ATTACHMENT_QUOTA_BYTES},
    }


@router.get("/applications/{application_id}")
def get_application(application_id: str, resident: Resident, ctx: Context) -> dict[str, Any]:
    found = applications.get(ctx.db.connection(), resident.id, application_id)
    if found is None:
        raise _not_found("application")
    return found
