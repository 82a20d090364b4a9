"""The FastAPI application of the stub backend: ``create_app(config)``.

Mounts the login/resident endpoints of this package and, when present, the portal-domain
router ``backend_stub.server.portal_routes.router`` under ``/api/v1``. Every failure answers
``{"error": CODE, "message": TEXT}``; request validation failures are 400 ``bad_request``.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend_stub.jlis import JLIS
from backend_stub.network import forms, history
from backend_stub.server import ApiError, Clock, ErrorCode, StubConfig, StubContext, get_context
from backend_stub.server import auth as auth_module
from backend_stub.server import push as push_module
from backend_stub.server import representation as representation_module
from backend_stub.server.body_limit import BodyLimitMiddleware
from backend_stub.server.db import Database
from backend_stub.server.residents import seed

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def version() -> str:
    try:
        return metadata.version("mynadesk")
    except metadata.PackageNotFoundError:
        return "0.1.0"


class HealthOut(BaseModel):
    status: str = "ok"
    version: str


class ClockIn(BaseModel):
    advance_seconds: float = Field(ge=0)


class ClockOut(BaseModel):
    offset_seconds: float


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


class _InternalErrors:
    """Answers an unexpected failure with a JSON 500 that closes the connection.

    Without it, Starlette sends its 500 and re-raises, and uvicorn then drops the keep-alive
    connection without saying so: the client's *next* request on it fails. ``Connection:
    close`` tells the client not to reuse it. Only the exception's type is logged: its text
    and locals may hold personal data.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            log.error("unhandled %s in a request", type(exc).__name__)
            if started:
                raise  # part of an answer is out: the server can only drop the connection
            response = _error(500, "internal_error", "internal server error", {"Connection": "close"})
            await response(scope, receive, send)


# Paths under /api/v1 whose answers hold no personal data; every other answer says no-store.
PUBLIC_PATHS = frozenset({"/health", "/municipalities", "/services", "/services/situations"})
NO_STORE = "no-store"


class _NoStore:
    """``Cache-Control: no-store`` on every API answer that may hold personal data (or a token):
    neither the client's HTTP cache nor a proxy keeps a copy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIX) or path[len(API_PREFIX):] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return

        async def with_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", NO_STORE.encode())]}
            await send(message)

        await self.app(scope, receive, with_no_store)


class _ServerDate:
    """The ``Date`` header from the stub's own clock (RFC 9110 §6.6.1: the origin's clock), so a
    client learns the server's date even when the testing clock has moved it (uvicorn's own
    header, from the machine's clock, is switched off where the stub serves)."""

    def __init__(self, app: ASGIApp, clock: Any) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                from email.utils import formatdate

                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                stamp = formatdate(self.clock.now(), usegmt=True).encode("ascii")
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        await self.app(scope, receive, with_date)


def _document_paths(app: FastAPI) -> list[tuple[str, re.Pattern[str], int, dict[str, Any]]]:
    """The document's paths as (template, pattern, literal segments, path item), made once."""
    cached: list[tuple[str, re.Pattern[str], int, dict[str, Any]]] | None = getattr(app.state, "document_paths", None)
    if cached is None:
        cached = []
        for template, item in app.openapi().get("paths", {}).items():
            pattern = "".join(
                "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", template)
            )
            literal = sum(1 for segment in template.split("/") if not segment.startswith("{"))
            cached.append((template, re.compile(pattern), literal, dict(item)))
        app.state.document_paths = cached
    return cached


def _document_template(app: FastAPI, path: str) -> dict[str, Any] | None:
    """The API document's path item that ``path`` is, or None: a concrete path before any
    templated one (OpenAPI 3.1, "Path Templating Matching"), so ``/proxies/actions`` is itself
    and not ``/proxies/{grant_id}``; among templated ones, the one with the most literal segments."""
    best: tuple[int, dict[str, Any]] | None = None
    for template, pattern, literal, item in _document_paths(app):
        if template == path:
            return item
        if pattern.fullmatch(path) and (best is None or literal > best[0]):
            best = (literal, item)
    return best[1] if best else None


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the API document declares for ``path``, in the usual order."""
    item = _document_template(app, path) or {}
    methods = {m.upper() for m in item if m in _METHOD_ORDER_LOWER}
    return sorted(methods, key=lambda m: _METHOD_ORDER_LOWER.index(m.lower()))


class _DeclaredMethods:
    """A method the API document does not declare for a path answers 405 naming those it does,
    before routing: otherwise a literal path's undeclared method would be routed to a templated
    sibling that has it (``DELETE /proxies/actions`` to ``DELETE /proxies/{grant_id}``).
    Paths outside the document (the notice stream, testing routes) are routed as they are."""

    _CHECKED = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method", "") in self._CHECKED:
            item = _document_template(self.api, scope.get("path", ""))
            if item is not None and scope["method"].lower() not in item:
                allowed = _allowed_methods(self.api, scope["path"])
                response = _error(405, "method_not_allowed", "Method Not Allowed", {"Allow": ", ".join(allowed)})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


_METHOD_ORDER_LOWER = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]


def _validation_message(exc: RequestValidationError) -> str:
    # Only locations and reasons: input values may be personal data.
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _optional_router(module: str) -> APIRouter | None:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise
    router: APIRouter | None = getattr(mod, "router", None)
    return router


def create_app(config: StubConfig, *, clock: Clock | None = None) -> FastAPI:
    """Build the app: migrate the database, seed the demo residents (idempotent), mount routers."""
    config.validate()
    db = Database.in_data_dir(config.data_dir)
    db.migrate()
    with db.transaction() as conn:
        history.fill_search(conn)  # records of a data dir made before the search column
    jlis = JLIS(config.data_dir)
    clock = clock or Clock()
    if config.seed:
        seed(db, jlis, config.data_dir, now=clock.now())
    ctx = StubContext(config=config, db=db, jlis=jlis, clock=clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="Mynaportal stub backend",
        version=version(),
        description="A stand-in for Mynaportal and the agencies behind it (fictional demo data).",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.stub = ctx
    # Outermost: an oversized body is refused before any route or handler reads it.
    app.add_middleware(BodyLimitMiddleware, max_bytes=forms.MAX_REQUEST_BYTES)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(tuple(err.get("loc", ())) == ("body", "consent") for err in exc.errors()):
            # POST /delivery: consent is the JSON literal true; missing, or "true", 1, "yes", is
            # no consent (docs/api.md), not merely a malformed body.
            return _error(400, "consent_required", "linking a delivery service needs the resident's consent")
        return _error(400, "bad_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 405:
            # Every method the document declares for the path, not only those of the first
            # route that matched it (testing-only routes, not in the document, keep their own).
            allowed = _allowed_methods(app, request.url.path)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        return _error(exc.status_code, code, message, headers or None)

    app.add_middleware(_DeclaredMethods, api=app)
    app.add_middleware(_NoStore)
    app.add_middleware(_ServerDate, clock=ctx.clock)
    app.add_middleware(_InternalErrors)

    api = APIRouter(prefix=API_PREFIX)

    @api.get("/health", response_model=HealthOut, tags=["health"])
    def health() -> HealthOut:
        return HealthOut(status="ok", version=version())

    api.include_router(auth_module.router)
    api.include_router(push_module.router)  # notice push (SSE), outside the OpenAPI document
    api.include_router(representation_module.router)  # 代理人 grants
    portal = _optional_router("backend_stub.server.portal_routes")
    if portal is not None:
        api.include_router(portal)

    if config.testing_clock:

        @api.post("/testing/clock", response_model=ClockOut, include_in_schema=False)
        def advance_clock(body: ClockIn, request: Request) -> ClockOut:
            stub = get_context(request)
            stub.clock.offset += body.advance_seconds
            return ClockOut(offset_seconds=stub.clock.offset)

        push_module.install_testing_routes(api)

    app.include_router(api)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with its 422 validation responses replaced by the 400 this API sends."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorCode", {"title": "ErrorCode", "type": "string", "enum": [c.value for c in ErrorCode]})
    components.setdefault(
        "ErrorBody",
        {
            "title": "ErrorBody",
            "type": "object",
            "properties": {"error": {"$ref": "#/components/schemas/ErrorCode"}, "message": {"type": "string"}},
            "required": ["error", "message"],
        },
    )
    error_response = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
    no_store = {
        "Cache-Control": {
            "description": "personal data: not to be cached",
            "required": True,
            "schema": {"type": "string", "enum": [NO_STORE]},
        }
    }
    for path, path_item in schema.get("paths", {}).items():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            validation = responses.get("422", {}).get("content", {}).get("application/json", {}).get("schema", {})
            had_validation = validation.get("$ref", "").endswith("/HTTPValidationError")
            if had_validation:
                del responses["422"]
            if had_validation or operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", {**error_response})
            # The body cap (body_limit) holds for every request, a body expected or not.
            responses.setdefault("413", {**error_response})
            if operation.get("security"):
                responses.setdefault("401", {**error_response})
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "Idempotency-Key":
                    # Required: the route answers 400 without it (it says so itself, in its code).
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
            if "{" in path:  # an id that is not there, or not the resident's
                responses.setdefault("404", {**error_response})
            if path.removeprefix(API_PREFIX) not in PUBLIC_PATHS:
                for status, response in list(responses.items()):
                    responses[status] = {**response, "headers": {**response.get("headers", {}), **no_store}}
    # The forms one can file are the catalog's (generated from it, as the server checks them).
    form_id = components.get("ApplicationIn", {}).get("properties", {}).get("form_id")
    if form_id is not None:
        from backend_stub.network import catalog

        form_id["enum"] = sorted(catalog.form_ids())
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema
