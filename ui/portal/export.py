"""What a portal screen exports, as rows and HTML: history rows for CSV and history as a page
for PDF. Writing the file is the output gate's (ui.output_gate: 0600, and never in a kiosk)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.portal.models import HistoryRecord
from ui.portal import history_text as ht

if TYPE_CHECKING:
    from ui.output_gate import OutputGate

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
        ht.law_text(r), r.legal_basis.beppyo2_item or "", ht.outcome_text(r.outcome),
        r.provided_at.isoformat() if r.provided_at else "", ht.trigger_text(r), r.explanation,
    ]


def history_to_csv(gate: OutputGate, path: str | Path, records: Iterable[HistoryRecord]) -> int:
    """Blocking (fine on a worker thread: only formatting and file I/O)."""
    return gate.write_csv(path, history_header(), (history_row(r) for r in records))


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
        f"<p><small>{e(ht.edition_note())}</small></p>"
    )
