"""uvicorn's HTTP protocol, answering a request its parser refuses in the API's own error shape.

A request line or headers that no HTTP parser takes (an unknown method such as ``FOO``, a space
in a header name, ``Content-Length`` beside ``Transfer-Encoding: chunked``, a negative length)
never reach the app: uvicorn answers them itself with ``400 text/plain "Invalid HTTP request
received."``. Every other error of this API is JSON ``{"error", "message"}`` (docs/api.md), so a
client reads this one the same way. uvicorn's protocol classes write that answer in one method,
``send_400_response``; the classes here override only it, and ``serve`` passes the class for
the parser uvicorn would pick itself (httptools where it is installed, else h11).
"""

from __future__ import annotations

import asyncio
import json

BAD_REQUEST_BODY = json.dumps(
    {"error": "bad_request", "message": "the HTTP parser refused this request"}, separators=(",", ":")
).encode("ascii")


def _bad_request(default_headers: list[tuple[bytes, bytes]]) -> bytes:
    lines = [b"HTTP/1.1 400 Bad Request"]
    lines += [name + b": " + value for name, value in default_headers]
    lines += [
        b"content-type: application/json",
        b"content-length: " + str(len(BAD_REQUEST_BODY)).encode("ascii"),
        b"cache-control: no-store",
        b"connection: close",
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + BAD_REQUEST_BODY


def protocol_class() -> type[asyncio.Protocol]:
    """The HTTP protocol class for uvicorn's ``http`` setting (what ``"auto"`` would choose)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools not installed: uvicorn would use h11
        from uvicorn.protocols.http.h11_impl import H11Protocol

        class JsonErrorsH11Protocol(H11Protocol):
            def send_400_response(self, msg: str) -> None:  # msg: uvicorn's words, not sent
                self.transport.write(_bad_request(list(self.server_state.default_headers)))
                self.transport.close()

        return JsonErrorsH11Protocol

    class JsonErrorsHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:  # msg: uvicorn's words, not sent
            self.transport.write(_bad_request(list(self.server_state.default_headers)))
            self.transport.close()

    return JsonErrorsHttpToolsProtocol
