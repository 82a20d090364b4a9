"""The portal backend's HTTP client (docs/api.md), blocking core plus an asyncio view.

* Verifies TLS against the configured CA file; a failed handshake is :class:`TlsError`.
* Connect/read timeouts on every request.
* Bounded retries with exponential backoff, only where repeating cannot do harm: GETs and
  POSTs that carry an ``Idempotency-Key``. Retried: connection failures, connect timeouts and
  502/503/504 (and 500 for GETs). Read timeouts are not retried (the backend is slow, not down;
  retrying would multiply the wait). A login is never retried. A connection reset before any
  answer (a keep-alive connection the server dropped) is sent again once, at once, for those
  requests alone: never a login or a payment.
* Every response is validated into frozen models (:mod:`app.portal.models`); anything off
  contract is :class:`MalformedResponse`.
* No token, PIN, card number or server message text reaches a log or an exception.

The blocking methods suit the CLI, tests and worker threads. The GUI awaits them through
:meth:`PortalClient.run`, which runs a call on a small thread pool owned by the client.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import datetime
import email.utils
import functools
import http.client
import json
import logging
import math
import ssl
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

import requests
import requests.adapters
import urllib3.exceptions

from app import tls
from app.portal import models as m
from app.portal.errors import (
    AuthError,
    AuthErrorCode,
    BackendTimeout,
    BackendUnreachable,
    MalformedResponse,
    NotFound,
    PortalError,
    RateLimited,
    RequestRejected,
    ServerError,
    SessionExpired,
    TlsError,
    ValidationFailed,
)
from app.proxy import proxy_for

#: The header that names the person a resident call acts for (docs/api.md "代理人").
ACTING_HEADER = "X-Acting-For"
#: Calls about the logged-in resident themselves, whoever they act for.
_SELF_ONLY_PATHS = ("/me", "/proxies", "/auth/")

log = logging.getLogger(__name__)


class _RedactQueries(logging.Filter):
    """urllib3 logs each request line at DEBUG, query string included; a history search
    (``q=``) may hold a name. Cut every logged URL at its ``?``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                a.split("?", 1)[0] + "?…" if isinstance(a, str) and "?" in a else a for a in record.args
            )
        return True


_urllib3_log = logging.getLogger("urllib3.connectionpool")
if not any(isinstance(f, _RedactQueries) for f in _urllib3_log.filters):
    _urllib3_log.addFilter(_RedactQueries())

P = ParamSpec("P")
T = TypeVar("T")

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 15.0)
USER_AGENT = "mynadesk/0.1"
MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024
_DEFAULT_PORTS = {"https": 443, "http": 80}
_RETRY_STATUSES_ANY = frozenset({502, 503, 504})
_RETRY_STATUSES_GET = frozenset({500, 502, 503, 504})
TOKEN_ERROR_CODES = frozenset({"token_expired", "token_invalid"})

Context = Literal["api", "public", "login"]


class _TlsAdapter(requests.adapters.HTTPAdapter):
    """Connects with the client's own TLS context (:func:`app.tls.client_context`) and nothing
    else: requests would otherwise add its CA bundle (or the CA file again) to each pool."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """Through a proxy (CONNECT), TLS to the backend still uses the client's own context."""
        proxy_kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """The context already verifies the certificate and the host name."""

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[Any, Any]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        pool_kwargs.pop("ca_certs", None)
        pool_kwargs.pop("ca_cert_dir", None)
        pool_kwargs["cert_reqs"] = "CERT_REQUIRED"
        return host_params, pool_kwargs


def origin_of(url: str) -> str:
    """The origin of ``url`` as the login message uses it (RFC 6454 serialisation).

    Lower-case scheme and host, IPv6 hosts in brackets, and the port written only when it is
    not the scheme's default (``https://example.jp`` and ``https://example.jp:443`` are one
    origin, ``https://127.0.0.1:8443`` keeps its port). No path, query or trailing slash.
    """
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("the backend URL must be http(s)://host[:port]")
    host = parts.hostname  # already lower-cased by urlsplit
    if not host:
        raise ValueError("the backend URL has no host")
    port = parts.port  # raises ValueError on a bad port
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in (None, _DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def new_idempotency_key() -> str:
    """A fresh key for a submission; keep it with the draft so a retry after a crash reuses it."""
    return str(uuid.uuid4())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # delay-seconds is ASCII digits (RFC 9110 §10.2.3)
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now())


class _ConnectionReset(BackendUnreachable):
    """The connection was reset or closed before any answer to the request arrived."""


_RESET_ERRORS = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.RemoteDisconnected)


def _reset_before_answer(exc: BaseException) -> bool:
    """True when ``exc`` (a requests ``ConnectionError``) is a reset or close of the connection
    while the request was sent or its status line awaited, not a failure to connect.

    urllib3 reports those as ``ProtocolError("Connection aborted.", <the OS error>)``; a failure
    while the body is read is a ``ProtocolError("Connection broken…")``, which requests turns
    into ``ChunkedEncodingError`` and which is not this.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, urllib3.exceptions.ProtocolError) and str(e.args[0] if e.args else "").startswith(
            "Connection aborted"
        ):
            return any(isinstance(a, _RESET_ERRORS) for a in e.args[1:])
        todo += [a for a in e.args if isinstance(a, BaseException)]
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    return False


@dataclass(frozen=True)
class _Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> object:
        if not self.body:
            raise MalformedResponse(status=self.status)
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise MalformedResponse(status=self.status) from None


def _error_code(resp: _Response) -> str | None:
    try:
        body = json.loads(resp.body) if resp.body else None
    except (ValueError, RecursionError):
        return None
    if isinstance(body, dict):
        code = body.get("error")
        if isinstance(code, str) and 0 < len(code) <= 64 and code.isascii():
            return code
    return None


def _field_errors(resp: _Response) -> dict[str, str]:
    """Field → machine code, from ``{"fields": {...}}``/``{"field_errors": {...}}`` or FastAPI's ``detail`` list."""
    try:
        body = json.loads(resp.body) if resp.body else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(body, dict):
        return {}
    out: dict[str, str] = {}
    for key in ("field_errors", "fields"):
        value = body.get(key)
        if isinstance(value, dict):
            out.update({k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)})
    detail = body.get("detail")
    if isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict) and isinstance(item.get("loc"), list) and isinstance(item.get("type"), str):
                loc = [str(x) for x in item["loc"] if x != "body"]
                out[".".join(loc) or "$"] = item["type"]
    return out


class PortalClient:
    """Blocking client for the portal API. Thread-safe: each worker thread has its own HTTP session."""

    def __init__(
        self,
        base_url: str,
        ca_file: str | None,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session_token: str | None = None,
        retries: int = 2,
        backoff: float = 0.2,
        max_backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        max_workers: int = 4,
    ) -> None:
        """``base_url`` is the backend's root (``https://host:port``); paths go under ``/api/v1``.
        ``ca_file`` is the PEM bundle that the server's certificate must chain to (None: the
        system's trust store)."""
        self.origin = origin_of(base_url)
        self._root = base_url.strip().rstrip("/") + API_PREFIX
        self._proxy = proxy_for(self._root)
        self._ca_file = ca_file
        self._tls: ssl.SSLContext | None = None
        self._timeout = timeout
        self._token = session_token
        self._retries = max(0, retries)
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._max_workers = max_workers
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._closed = False
        #: The server's clock minus ours, in seconds, from the last answer's Date header (None: none yet).
        self._server_offset: float | None = None
        self._acting_for: str | None = None

    # -- token ---------------------------------------------------------------------------------

    @property
    def has_token(self) -> bool:
        return self._token is not None

    def set_token(self, token: str | None) -> None:
        """Sets (or with None, drops) the bearer token sent with resident calls. Kept in memory only."""
        self._token = token

    def drop_token(self, token: str) -> None:
        """Drops the bearer token if it is still ``token`` (a newer login's token is kept)."""
        with self._lock:
            if self._token == token:
                self._token = None

    # -- acting for someone (代理人) --------------------------------------------------------------

    @property
    def acting_for(self) -> str | None:
        """The id of the person resident calls act for (a grant from :meth:`proxies`), or None: yourself."""
        return self._acting_for

    def set_acting_for(self, person_id: str | None) -> None:
        """Resident calls made from now on act for ``person_id`` (``X-Acting-For``); None: for yourself.
        The backend checks the grant on every call: one that has ended answers 403 ``not_represented``."""
        self._acting_for = person_id or None

    # -- where -------------------------------------------------------------------------------

    def rebase(self, base_url: str, ca_file: str | None) -> bool:
        """Follows the backend to a new address (an embedded server restarted on another port):
        later calls, the session's token included, go there. Returns True when anything changed.
        A new CA file means new TLS sessions; connections to the old address are not reused."""
        root = base_url.strip().rstrip("/") + API_PREFIX
        with self._lock:
            if root == self._root and ca_file == self._ca_file:
                return False
            self.origin = origin_of(base_url)
            self._root = root
            old: list[requests.Session] = []
            if ca_file != self._ca_file:
                self._ca_file = ca_file
                self._tls = None
                old, self._sessions = self._sessions, []
                self._local = threading.local()  # every thread opens a new session on next use
        for session in old:
            session.close()
        return True

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Stops the thread pool (pending calls are cancelled) and closes the HTTP sessions."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
            sessions, self._sessions = self._sessions, []
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        for s in sessions:
            s.close()

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _http(self) -> requests.Session:
        """This thread's HTTP session. After :meth:`close` there is none: a pool thread still
        running a job would otherwise open new connections in a closed (or new) session that
        nothing closes, and leave TLS sockets to the garbage collector."""
        s: requests.Session | None = getattr(self._local, "session", None)
        with self._lock:
            if self._closed:
                raise RuntimeError("the portal client is closed")
            if s is None:
                if self._tls is None:
                    try:
                        self._tls = tls.client_context(self._ca_file)
                    except OSError:  # e.g. an unreadable CA file: the connection cannot be secured
                        raise TlsError() from None
                s = requests.Session()
                s.mount("https://", _TlsAdapter(self._tls))
                # Nothing else of the environment: no REQUESTS_CA_BUNDLE, no netrc credentials.
                s.trust_env = False
                if self._proxy is not None:  # the environment's HTTPS proxy (app.proxy)
                    s.proxies = {"https": self._proxy}
                s.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
                self._local.session = s
                self._sessions.append(s)
        return s

    def executor(self) -> concurrent.futures.Executor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the portal client is closed")
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=self._max_workers, thread_name_prefix="portal"
                )
            return self._executor

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a blocking call on the client's thread pool and awaits its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor(), functools.partial(fn, *args, **kwargs))

    # -- transport -----------------------------------------------------------------------------

    def _send_once(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None,
        body: bytes | None,
        headers: Mapping[str, str],
        max_bytes: int,
    ) -> _Response:
        session = self._http()
        try:
            with session.request(
                method,
                url,
                params=params,
                data=body,
                headers=dict(headers),
                verify=True,  # the adapter's context decides what is trusted; REQUESTS_CA_BUNDLE cannot
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
            ) as r:
                declared = r.headers.get("Content-Length")
                if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                    raise MalformedResponse("body_too_large", status=r.status_code)
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        raise MalformedResponse("body_too_large", status=r.status_code)
                    chunks.append(chunk)
                self._note_server_date(r.headers.get("Date"))
                return _Response(r.status_code, dict(r.headers), b"".join(chunks))
        except requests.exceptions.SSLError:
            raise TlsError() from None
        except requests.exceptions.ConnectTimeout:
            raise BackendTimeout("connect") from None
        except requests.exceptions.ReadTimeout:
            raise BackendTimeout("read") from None
        except requests.exceptions.ConnectionError as exc:
            # urllib3 wraps certificate-file and handshake problems in ConnectionError at times.
            if "SSL" in type(exc.__context__).__name__ or "CERTIFICATE" in str(exc).upper():
                raise TlsError() from None
            if _reset_before_answer(exc):
                raise _ConnectionReset() from None
            raise BackendUnreachable() from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            raise BackendUnreachable() from None
        except OSError:
            # e.g. an unreadable CA file: the connection cannot be secured
            raise TlsError() from None
        except requests.exceptions.RequestException:
            raise BackendUnreachable() from None
        finally:
            if self._closed:
                # close() ran while this request was in flight: it may have opened a new pool.
                session.close()

    def _note_server_date(self, value: str | None) -> None:
        if not value:
            return
        try:
            stamp = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return
        if stamp.tzinfo is not None:
            self._server_offset = stamp.timestamp() - time.time()

    def server_now(self) -> float:
        """Epoch seconds by the server's clock as its last answer gave it (its Date header; our
        own clock before any answer): the date a card's expiry is counted from is the backend's."""
        return time.time() + (self._server_offset or 0.0)

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: object = None,
        context: Context = "api",
        idempotency_key: str | None = None,
        idempotent: bool = False,
        max_bytes: int | None = None,
        as_self: bool = False,
    ) -> _Response:
        url = self._root + path
        limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
        headers: dict[str, str] = {}
        body: bytes | None = None
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        if context == "api":
            token = self._token
            if token is None:
                raise SessionExpired("token_invalid")
            headers["Authorization"] = f"Bearer {token}"
            acting = self._acting_for
            if acting is not None and not as_self and not path.startswith(_SELF_ONLY_PATHS):
                headers[ACTING_HEADER] = acting
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        retriable = method == "GET" or idempotent or idempotency_key is not None
        retry_statuses = _RETRY_STATUSES_GET if method == "GET" else _RETRY_STATUSES_ANY
        attempts = 1 + (self._retries if retriable else 0)
        # A connection reset before any answer (a keep-alive connection the server had dropped,
        # a restarting backend) is sent again once, at once, on a new connection, whatever the
        # retry budget: only for requests that may be repeated (GETs, a submission under its
        # Idempotency-Key), never a login or a payment, which the server may have acted on.
        resend_on_reset = retriable
        attempt = 0
        while True:
            last = attempt >= attempts - 1
            started = time.perf_counter()
            try:
                resp = self._send_once(method, url, params=params, body=body, headers=headers, max_bytes=limit)
            except _ConnectionReset:
                if resend_on_reset:
                    resend_on_reset = False
                    log.debug("%s /%s: connection reset before the answer, sending again", method,
                              path.split("/")[1])
                    continue
                if last:
                    raise BackendUnreachable() from None
                self._pause(attempt, None)
                attempt += 1
                continue
            except (BackendUnreachable, BackendTimeout) as exc:
                if last or (isinstance(exc, BackendTimeout) and exc.phase == "read"):
                    raise
                log.debug("%s %s: %s, retrying", method, path.split("/")[1], exc.code)
                self._pause(attempt, None)
                attempt += 1
                continue
            log.debug(
                "%s /%s -> %d in %.0f ms",
                method,
                path.split("/")[1],
                resp.status,
                (time.perf_counter() - started) * 1000,
            )
            if resp.status in retry_statuses and not last:
                self._pause(attempt, _parse_retry_after(resp.headers.get("Retry-After")))
                attempt += 1
                continue
            return self._check(resp, context)

    def _pause(self, attempt: int, hint: float | None) -> None:
        delay = min(self._max_backoff, self._backoff * (2**attempt))
        if hint is not None and math.isfinite(hint):
            delay = min(self._max_backoff, max(delay, hint))
        self._sleep(delay)

    def _check(self, resp: _Response, context: Context) -> _Response:
        status = resp.status
        if 200 <= status < 300:
            return resp
        if 300 <= status < 400:
            raise MalformedResponse("redirect", status=status)
        code = _error_code(resp)
        if status == 429:
            raise RateLimited(_parse_retry_after(resp.headers.get("Retry-After")))
        if status >= 500:
            raise ServerError(status)
        if context == "login" and status in (400, 401):
            if status == 400:
                raise AuthError(AuthErrorCode.BAD_REQUEST, status=400)
            try:
                auth_code = AuthErrorCode(code or "")
            except ValueError:
                auth_code = AuthErrorCode.UNRECOGNISED
            raise AuthError(auth_code, status=401)
        if status == 401:
            raise SessionExpired(code if code in TOKEN_ERROR_CODES else "token_invalid", status=401)
        if status == 404:
            raise NotFound()
        if status in (400, 422):
            raise ValidationFailed(code, _field_errors(resp), status=status)
        raise RequestRejected(code, status=status)

    def _get_json(
        self, path: str, params: Mapping[str, str] | None = None, context: Context = "api", *, as_self: bool = False
    ) -> object:
        return self._request("GET", path, params=params, context=context, as_self=as_self).json()

    @staticmethod
    def _seg(value: str) -> str:
        """One path segment: ids are quoted so they cannot walk to another endpoint."""
        if not value or value in (".", ".."):
            raise ValueError("empty or dot path segment")
        return urllib.parse.quote(value, safe="")

    # -- public: health, login ------------------------------------------------------------------

    def health(self) -> m.Health:
        return m.parse_health(self._get_json("/health", context="public"))

    def create_challenge(self) -> m.Challenge:
        """``POST /auth/challenge``. Not retried: a lost answer costs only an unused challenge."""
        return m.parse_challenge(self._request("POST", "/auth/challenge", context="public").json())

    def login(self, *, challenge_id: str, origin: str, certificate: bytes, signature: bytes) -> m.LoginResult:
        """``POST /auth/login`` (jpki-auth:1, RS256). Never retried. Errors: AuthError, RateLimited."""
        body = {
            "format": "jpki-auth:1",
            "challenge_id": challenge_id,
            "origin": origin,
            "certificate": _b64(certificate),
            "algorithm": "RS256",
            "signature": _b64(signature),
        }
        return m.parse_login(self._request("POST", "/auth/login", json_body=body, context="login").json())

    def logout(self) -> None:
        """``POST /auth/logout``; the token is dropped locally whatever the backend says."""
        try:
            self._request("POST", "/auth/logout")
        finally:
            self._token = None

    def check_certificate(self, certificate: bytes) -> m.CertificateCheck:
        resp = self._request(
            "POST", "/certificates/check", json_body={"certificate": _b64(certificate)}, context="public"
        )
        return m.parse_certificate_check(resp.json())

    # -- resident -------------------------------------------------------------------------------

    def me(self) -> m.Me:
        return m.parse_me(self._get_json("/me"))

    # -- 代理人 -----------------------------------------------------------------------------------

    def proxies(self) -> m.ProxyGrants:
        """Who the resident acts for, and who acts for them (always the logged-in resident's own)."""
        return m.parse_proxy_grants(self._get_json("/proxies"))

    def register_proxy(
        self,
        *,
        kind: m.GrantKind,
        challenge_id: str,
        origin: str,
        certificate: bytes,
        signature: bytes,
        expires_on: datetime.date | None = None,
    ) -> m.ProxyGrant:
        """Registers the logged-in resident as 代理人 of the person whose card signed the challenge
        (as for a login: their 利用者証明用 key). Never retried: the challenge is spent by the first try."""
        body: dict[str, object] = {
            "kind": str(kind),
            "principal_card": {
                "format": "jpki-auth:1",
                "challenge_id": challenge_id,
                "origin": origin,
                "certificate": _b64(certificate),
                "algorithm": "RS256",
                "signature": _b64(signature),
            },
        }
        if expires_on is not None:
            body["expires_on"] = expires_on.isoformat()
        return m.parse_proxy_grant(self._request("POST", "/proxies", json_body=body).json())

    def revoke_proxy(self, grant_id: str) -> None:
        """Ends a grant (the principal any of theirs, the 代理人 their own); ending it twice is harmless."""
        self._request("DELETE", f"/proxies/{self._seg(grant_id)}", idempotent=True)

    def proxy_actions(self, *, limit: int = 100) -> tuple[m.ProxyAction, ...]:
        """The resident's 代理人の操作記録: what 代理人 did for them, newest first."""
        return m.parse_proxy_actions(self._get_json("/proxies/actions", {"limit": str(limit)}))

    def history(
        self, *, limit: int = 100, cursor: str | None = None, filters: Mapping[str, str] | None = None
    ) -> m.HistoryPage:
        """One page of やりとり履歴. ``filters`` are the query parameters of docs/api.md
        (``from``, ``to``, ``agency``, ``information``, ``outcome``, ``q``, ``sort``, ``trigger_kind``,
        ``trigger_ref``), as :meth:`app.history.HistoryFilters.to_params` makes them."""
        params = {k: v for k, v in (filters or {}).items() if v}
        params["limit"] = str(limit)
        if cursor is not None:
            params["cursor"] = cursor
        return m.parse_history_page(self._get_json("/history", params))

    def history_facets(self) -> m.Facets:
        return m.parse_facets(self._get_json("/history/facets"))

    def history_monthly(self, filters: Mapping[str, str] | None = None) -> m.HistoryMonthly:
        """Monthly counts by requesting agency of the records :meth:`history` lists under the same
        ``filters`` (``sort`` is ignored: it does not change counts)."""
        params = {k: v for k, v in (filters or {}).items() if v and k != "sort"}
        return m.parse_history_monthly(self._get_json("/history/monthly", params))

    def history_record(self, record_id: str) -> m.HistoryRecord:
        return m.parse_history_record(self._get_json(f"/history/{self._seg(record_id)}"))

    def self_info_categories(self) -> tuple[m.SelfInfoCategory, ...]:
        return m.parse_self_info_categories(self._get_json("/self-info"))

    def self_info(self, category: str) -> m.SelfInfo:
        return m.parse_self_info(self._get_json(f"/self-info/{self._seg(category)}"))

    def notices(
        self, *, limit: int = 50, cursor: str | None = None, since: str | None = None, as_self: bool = False
    ) -> m.NoticePage:
        """One page of お知らせ; ``since`` (ISO 8601) restricts it to notices published at or after it (callers drop repeats by id).
        ``as_self``: the logged-in resident's own, even while acting for someone (the desktop's notice feed)."""
        params = {"limit": str(limit)}
        if cursor is not None:
            params["cursor"] = cursor
        if since is not None:
            params["since"] = since
        return m.parse_notice_page(self._get_json("/notices", params, as_self=as_self))

    def notice(self, notice_id: str) -> m.Notice:
        return m.parse_notice(self._get_json(f"/notices/{self._seg(notice_id)}"))

    def mark_notice_read(self, notice_id: str) -> None:
        # Marking read twice is harmless, so it is retried like a GET.
        self._request("POST", f"/notices/{self._seg(notice_id)}/read", idempotent=True)

    def notice_attachment(self, notice_id: str, attachment_id: str) -> bytes:
        path = f"/notices/{self._seg(notice_id)}/attachments/{self._seg(attachment_id)}"
        return self._request("GET", path, max_bytes=MAX_ATTACHMENT_BYTES).body

    def delivery(self) -> m.DeliveryState:
        return m.parse_delivery(self._get_json("/delivery"))

    def link_delivery(self, *, service: str, account: str, categories: Sequence[str]) -> m.DeliveryState | None:
        """Links a private delivery service (the resident's consent is implied by calling this)."""
        body = {"service": service, "account": account, "categories": list(categories), "consent": True}
        resp = self._request("POST", "/delivery", json_body=body)
        return m.parse_delivery(resp.json()) if resp.body else None

    def unlink_delivery(self) -> None:
        self._request("DELETE", "/delivery", idempotent=True)

    def payment(self, payment_id: str) -> m.Payment:
        return m.parse_payment(self._get_json(f"/payments/{self._seg(payment_id)}"))

    def pay_by_card(self, payment_id: str, *, number: str, expiry: str, cvc: str) -> m.Payment:
        """Pays by card. Not retried (no idempotency key in the contract): a lost answer is
        resolved by reading :meth:`payment` again, never by paying twice."""
        body = {"number": number, "expiry": expiry, "cvc": cvc}
        return m.parse_payment(
            self._request("POST", f"/payments/{self._seg(payment_id)}/card", json_body=body).json()
        )

    def municipalities(self, q: str = "") -> tuple[m.Municipality, ...]:
        return m.parse_municipalities(self._get_json("/municipalities", {"q": q} if q else None))

    def services(
        self, *, municipality: str | None = None, situation: str | None = None, q: str | None = None
    ) -> tuple[m.Service, ...]:
        params = {k: v for k, v in (("municipality", municipality), ("situation", situation), ("q", q)) if v}
        return m.parse_services(self._get_json("/services", params))

    def service_situations(self) -> dict[str, str]:
        """Situation id → label, for the service search (``GET /services/situations``)."""
        value = self._get_json("/services/situations")
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise MalformedResponse()
        return dict(value)

    def submit_application(
        self,
        *,
        idempotency_key: str,
        form_id: str,
        municipality_code: str,
        data: Mapping[str, Any],
        attachments: Sequence[tuple[str, str, str, bytes]],
        signed_payload: bytes,
        signature: bytes,
        certificate: bytes,
        attachments_at_counter: Sequence[str] = (),
    ) -> m.ApplicationReceipt:
        """``POST /applications``; ``attachments`` are (slot, name, mime, content). Retried safely
        under ``idempotency_key``; ``receipt.created`` is False when the backend had it already."""
        if not idempotency_key:
            raise ValueError("an idempotency key is required")
        body = {
            "form_id": form_id,
            "municipality_code": municipality_code,
            "data": dict(data),
            "attachments": [{"slot": s, "name": n, "mime": t, "content": _b64(c)} for s, n, t, c in attachments],
            "attachments_at_counter": list(attachments_at_counter),
            "signed_payload": _b64(signed_payload),
            "signature": _b64(signature),
            "certificate": _b64(certificate),
        }
        resp = self._request("POST", "/applications", json_body=body, idempotency_key=idempotency_key)
        return m.parse_application_receipt(resp.json(), created=resp.status == 201)

    def applications(self) -> tuple[m.Application, ...]:
        return m.parse_applications(self._get_json("/applications"))

    def attachment_storage(self) -> m.AttachmentStorage:
        """What the resident's stored attachments take up against their quota (one page of one item)."""
        return m.parse_attachment_storage(self._get_json("/applications", params={"limit": "1"}))

    def application(self, application_id: str) -> m.Application:
        return m.parse_application(self._get_json(f"/applications/{self._seg(application_id)}"))

    # -- notice push: app/notice_stream.py reads the stream ------------------------------------

    def open_notice_stream(self, last_event_id: str | None, *, read_timeout: float,
                           acting_for: str | None = None) -> requests.Response:
        """Opens ``GET /stream/notices`` (Server-Sent Events) on this thread's session, so with
        the client's TLS context and session set-up. Never retried here: the stream's owner
        reconnects. The caller reads the open response and closes it. The resident's own notices,
        whomever the client acts for; ``acting_for``: that represented person's instead. Errors as for any resident
        call (:class:`SessionExpired`, :class:`NotFound`, :class:`BackendUnreachable` …)."""
        token = self._token
        if token is None:
            raise SessionExpired("token_invalid")
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if acting_for is not None:
            # The represented person's notices; the server ends this stream ("grant_ended") the
            # moment the grant does, so the 代理人's window can drop back at once.
            headers[ACTING_HEADER] = acting_for
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        try:
            r = self._http().get(self._root + "/stream/notices", headers=headers, stream=True, verify=True,
                                 timeout=(self._timeout[0], read_timeout), allow_redirects=False)
        except requests.exceptions.SSLError:
            raise TlsError() from None
        except requests.exceptions.ConnectTimeout:
            raise BackendTimeout("connect") from None
        except (requests.exceptions.RequestException, OSError):
            raise BackendUnreachable() from None
        if r.status_code == 200 and r.headers.get("Content-Type", "").startswith("text/event-stream"):
            return r
        try:
            body = r.raw.read(64 * 1024) or b""
        except (requests.exceptions.RequestException, OSError):
            body = b""
        finally:
            r.close()
        self._check(_Response(r.status_code, dict(r.headers), body), "api")
        raise MalformedResponse(status=r.status_code)


__all__ = [
    "API_PREFIX",
    "DEFAULT_TIMEOUT",
    "PortalClient",
    "PortalError",
    "new_idempotency_key",
    "origin_of",
]
