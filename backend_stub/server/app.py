"""The FastAPI application of the stub backend: ``create_app(config)``.

Mounts the login/resident endpoints of this package and, when present, the portal-domain
router ``backend_stub.server.portal_routes.router`` under ``/api/v1``. Every failure answers
``{"error": CODE, "message": TEXT}``; request validation failures are 400 ``bad_request``.
"""

from __future__ import annotations

import importlib
import logging
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

from backend_stub.jlis import JLIS
from backend_stub.server import ApiError, Clock, StubConfig, StubContext, get_context
from backend_stub.server import auth as auth_module
from backend_stub.server import push as push_module
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
    jlis = JLIS(config.data_dir)
    if config.seed:
        seed(db, jlis, config.data_dir)
    ctx = StubContext(config=config, db=db, jlis=jlis, clock=clock or Clock())

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

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, "bad_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return _error(exc.status_code, code, message, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _internal_error(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s in a request", type(exc).__name__, exc_info=exc)
        return _error(500, "internal_error", "internal server error")

    api = APIRouter(prefix=API_PREFIX)

    @api.get("/health", response_model=HealthOut, tags=["health"])
    def health() -> HealthOut:
        return HealthOut(status="ok", version=version())

    api.include_router(auth_module.router)
    api.include_router(push_module.router)  # notice push (SSE), outside the OpenAPI document
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
    components.setdefault(
        "ErrorBody",
        {
            "title": "ErrorBody",
            "type": "object",
            "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            "required": ["error", "message"],
        },
    )
    error_response = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            had_validation = responses.pop("422", None) is not None
            if had_validation or operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", error_response)
            if operation.get("security"):
                responses.setdefault("401", error_response)
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema
