"""The text of a simple PDF, for showing an attachment inside the app where no file may be
written (a kiosk's 開く) and no PDF renderer is bundled (QtPdf is not in PySide6-Essentials).

Best effort and bounded: the text-showing operators (``Tj``, ``TJ``, ``'``, ``"``) of every
content stream, inflated when Flate-encoded (at most :data:`MAX_INFLATED` bytes per stream),
one line per text-positioning step. Hex strings are read as UTF-16BE when the document uses a
Unicode (UCS-2/UTF-16) CMap, else as Latin-1, as literal strings are. A document whose text
cannot be read this way (fonts with private encodings, scanned pages) gives no lines; the
caller then says what the attachment is instead.
"""

from __future__ import annotations

import re
import zlib

MAX_INFLATED = 8 * 1024 * 1024
MAX_LINES = 2000

_STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|[A-Za-z'\"*]+|-?[0-9.]+|/[^\s/<>\[\]()]+", re.S)
_UNICODE_CMAP = re.compile(rb"/Encoding\s*/Uni\w*-(?:UCS2|UTF16)-[HV]")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_NEW_LINE_OPS = {b"Td", b"TD", b"Tm", b"T*", b"ET"}


def _literal(token: bytes) -> bytes:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _decode(raw: bytes, unicode_hex: bool, hex_string: bool) -> str:
    if raw.startswith(b"\xfe\xff") or (hex_string and unicode_hex and len(raw) % 2 == 0):
        return raw.decode("utf-16-be", errors="replace").lstrip("\ufeff")
    return raw.decode("latin-1")


def _inflate(data: bytes) -> bytes | None:
    try:
        return zlib.decompressobj().decompress(data, MAX_INFLATED)
    except zlib.error:
        return None


def _lines(content: bytes, unicode_hex: bool) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    pending: list[str] = []  # strings of the operand stack (a TJ array's, or one Tj's)
    for token in _TOKEN.findall(content):
        if token.startswith(b"("):
            pending.append(_decode(_literal(token), unicode_hex, hex_string=False))
        elif token.startswith(b"<"):
            digits = re.sub(rb"\s", b"", token[1:-1])
            if len(digits) % 2:
                digits += b"0"
            pending.append(_decode(bytes.fromhex(digits.decode("ascii")), unicode_hex, hex_string=True))
        elif token in (b"Tj", b"TJ", b"'", b'"'):
            if token in (b"'", b'"') and current:
                lines.append("".join(current))
                current = []
            current.append("".join(pending))
            pending = []
        elif token in _NEW_LINE_OPS:
            if current:
                lines.append("".join(current))
                current = []
            pending = []
        elif token not in (b"[", b"]") and not token[:1].isdigit() and token[:1] not in (b"-", b".", b"/"):
            pending = []  # any other operator drops what was on the stack
    if current:
        lines.append("".join(current))
    return [line.strip() for line in lines]


def extract_text(document: bytes) -> list[str]:
    """The lines of text of ``document`` (a PDF), in stream order; [] when none can be read."""
    if not document.startswith(b"%PDF"):
        return []
    unicode_hex = _UNICODE_CMAP.search(document) is not None
    out: list[str] = []
    for match in _STREAM.finditer(document):
        head, data = match.group(1), match.group(2)
        if b"/FlateDecode" in head:
            inflated = _inflate(data)
            if inflated is None:
                continue
            data = inflated
        elif b"/Filter" in head:
            continue  # images and other encodings hold no text we can read
        if b"BT" not in data:
            continue
        out += _lines(data, unicode_hex)
        if len(out) >= MAX_LINES:
            break
    # Blank lines the layout made stay as single paragraph breaks.
    cleaned: list[str] = []
    for line in out[:MAX_LINES]:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return cleaned


def page_count(document: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", document))
