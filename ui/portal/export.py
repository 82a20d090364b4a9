"""Exporting what a portal screen shows: history rows to CSV (via :mod:`app.export`) and any
screen's content to PDF through QTextDocument + QPdfWriter (no extra dependency)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.export import write_csv
from app.portal.models import HistoryRecord
from ui.portal import history_text as ht

PDF_MAX_ROWS = 1000


translate = QCoreApplication.translate


def history_header() -> list[str]:
    return [
        translate("Export", "日時"), translate("Export", "照会者"), translate("Export", "提供者"), translate("Export", "事務"), translate("Export", "特定個人情報"), translate("Export", "根拠法令"), translate("Export", "別表第二 項"),
        translate("Export", "結果"), translate("Export", "提供日時"), translate("Export", "きっかけ"), translate("Export", "説明"),
    ]


def history_row(r: HistoryRecord) -> list[str]:
    return [
        r.requested_at.isoformat(), r.requester.name, r.provider.name, r.function, r.information,
        r.legal_basis.law, r.legal_basis.beppyo2_item or "", ht.outcome_text(r.outcome),
        r.provided_at.isoformat() if r.provided_at else "", ht.trigger_text(r), r.explanation,
    ]


def history_to_csv(path: str | Path, records: Iterable[HistoryRecord]) -> int:
    """Blocking (fine on a worker thread: only formatting and file I/O)."""
    return write_csv(path, history_header(), (history_row(r) for r in records))


def history_html(records: Sequence[HistoryRecord], subtitle: str) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in (translate("Export", "日時"), translate("Export", "照会者"), translate("Export", "提供者"), translate("Export", "特定個人情報"),
                                                 translate("Export", "根拠"), translate("Export", "結果")))
    body = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in (ht.when_text(r), r.requester.name, r.provider.name,
                                                      r.information, ht.basis_text(r), ht.outcome_text(r.outcome)))
        + "</tr>"
        for r in records[:PDF_MAX_ROWS]
    )
    more = ""
    if len(records) > PDF_MAX_ROWS:
        more = "<p>" + e(translate("Export", "PDF には最初の {n} 件を載せています。すべての記録は CSV で書き出せます。").format(n=PDF_MAX_ROWS)) + "</p>"
    return (
        "<h2>" + e(translate("Export", "やりとり履歴（情報提供等記録）")) + f"</h2><p>{e(subtitle)}</p>"
        f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{more}"
    )


def write_pdf(path: str | Path, html_text: str, title: str) -> None:
    """Renders ``html_text`` to an A4 PDF at ``path`` (Qt thread)."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("mynadesk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)
    doc.print_(writer)
