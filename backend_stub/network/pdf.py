"""Small text-only PDF documents for the demo notices' attachments.

Japanese text without embedding a font: a Type0 font over Adobe-Japan1 (HeiseiKakuGo-W5 with
the UniJIS-UCS2-H CMap, one of the CJK fonts PDF readers supply themselves), text as UTF-16BE
hex strings. Characters outside the Basic Multilingual Plane are not used in the demo texts.
"""

from __future__ import annotations

import textwrap

_WIDTH, _HEIGHT = 595, 842  # A4 in points
_MARGIN = 56
_CHARS_PER_LINE = 40  # full-width characters at 11 pt inside the margins


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """An A4 page with ``title`` (16 pt) and ``paragraphs`` (11 pt, wrapped)."""
    lines: list[tuple[int, str]] = [(16, title), (11, "")]
    for paragraph in paragraphs:
        lines += [(11, part) for part in textwrap.wrap(paragraph, _CHARS_PER_LINE) or [""]]
        lines.append((11, ""))
    ops = ["BT"]
    y = _HEIGHT - _MARGIN
    for size, text in lines:
        y -= int(size * 1.6)
        if text:
            ops.append(f"/F1 {size} Tf 1 0 0 1 {_MARGIN} {y} Tm {_hex(text)} Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        (f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 {_WIDTH} {_HEIGHT}]"
         f"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>").encode("ascii"),
        b"<</Length " + str(len(stream)).encode() + b">>\nstream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type0/BaseFont/HeiseiKakuGo-W5/Encoding/UniJIS-UCS2-H/DescendantFonts[6 0 R]>>",
        (b"<</Type/Font/Subtype/CIDFontType0/BaseFont/HeiseiKakuGo-W5"
         b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Japan1)/Supplement 2>>/FontDescriptor 7 0 R/DW 1000>>"),
        (b"<</Type/FontDescriptor/FontName/HeiseiKakuGo-W5/Flags 4/FontBBox[-92 -250 1010 922]"
         b"/ItalicAngle 0/Ascent 880/Descent -120/CapHeight 737/StemV 114>>"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
