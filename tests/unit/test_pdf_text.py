"""app.pdf_text: the text a kiosk's in-app viewer shows for a PDF attachment."""

from __future__ import annotations

import zlib

from app.pdf_text import extract_text, page_count


def _pdf(content: bytes, *, flate: bool = False, extra: bytes = b"") -> bytes:
    data = zlib.compress(content) if flate else content
    head = b"<</Length %d%s>>" % (len(data), b"/Filter/FlateDecode" if flate else b"")
    return (b"%PDF-1.4\n1 0 obj<</Type/Page>>endobj\n" + extra + b"2 0 obj\n" + head + b"\nstream\n"
            + data + b"\nendstream\nendobj\n%%EOF\n")


def test_literal_strings_with_escapes_and_tj_arrays_one_line_per_move() -> None:
    pdf = _pdf(rb"BT /F1 12 Tf 72 712 Td (Due \(31 Aug\)) Tj 0 -14 Td [(A) -250 (B)] TJ ET", flate=True)
    assert extract_text(pdf) == ["Due (31 Aug)", "AB"]
    assert page_count(pdf) == 1


def test_hex_strings_are_utf16_under_a_unicode_cmap_only() -> None:
    hex_text = "現況届".encode("utf-16-be").hex().encode()
    content = b"BT /F1 11 Tf 1 0 0 1 56 700 Tm <" + hex_text + b"> Tj ET"
    assert extract_text(_pdf(content, extra=b"3 0 obj<</Encoding/UniJIS-UCS2-H>>endobj\n")) == ["現況届"]
    assert extract_text(_pdf(content)) != ["現況届"]  # without the CMap the bytes mean something else


def test_what_is_not_a_readable_pdf_gives_no_lines() -> None:
    assert extract_text(b"\x89PNG\r\n") == []
    assert extract_text(_pdf(b"q 1 0 0 1 0 0 cm Q")) == []  # a page without text
    assert extract_text(_pdf(b"BT (x) Tj ET")) == ["x"]
    broken = b"%PDF-1.4\n<</Filter/FlateDecode>>\nstream\nnot zlib\nendstream\n"
    assert extract_text(broken) == []
