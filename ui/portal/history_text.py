"""Wording of やりとり履歴 records: column texts and the plain-language explanation."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from app.jst import jst_text
from app.portal.models import HistoryRecord, Outcome, TriggerKind
from ui.portal.names import agency_name

CONTEXT = "HistoryText"


translate = QCoreApplication.translate


def outcome_text(outcome: Outcome) -> str:
    return {
        Outcome.PROVIDED: translate("HistoryText", "提供済み"),
        Outcome.NOT_HELD: translate("HistoryText", "該当する情報なし"),
        Outcome.REFUSED: translate("HistoryText", "提供されず（根拠なし）"),
    }[outcome]


def _is_self_info(record: HistoryRecord) -> bool:
    if record.legal_basis.provision is not None:
        return record.legal_basis.provision == "suppl6_6_1"
    return record.trigger is not None and record.trigger.kind == TriggerKind.SELF_INFO


def law_text(record: HistoryRecord) -> str:
    """The law a record rests on, for the CSV's 根拠法令 column: none for a refused query (the law the
    requester cited did not allow it), the provision for the resident's own lookup."""
    if record.outcome == Outcome.REFUSED or record.legal_basis.provision == "none" or _is_self_info(record):
        return basis_text(record)
    return record.legal_basis.law


def basis_text(record: HistoryRecord) -> str:
    """The provision a record rests on, numbered as in the 2015 text (src:bangouho-h27)."""
    if _is_self_info(record):
        return translate("HistoryText", "自己情報表示（番号法附則第6条第6項第1号）")
    item = record.legal_basis.beppyo2_item
    if record.outcome == Outcome.REFUSED:
        # No row allowed it: the row the requester named is said, but not as a basis.
        if item:
            return translate("HistoryText", "根拠なし（別表第二 {item}項にこの照会の定めはない）").format(item=item)
        return translate("HistoryText", "根拠なし（別表第二にこの照会を認める項はない）")
    if item:
        return translate("HistoryText", "番号法第19条第7号・別表第二 {item}項").format(item=item)
    return translate("HistoryText", "根拠規定なし")


def edition_note() -> str:
    """Which text the article and row numbers come from (later amendments renumbered them).
    Shown wherever a 別表第二 row number is: the history, a service's details, the wizard's
    documents, an application's status and decision, a notice."""
    return translate("HistoryText", "条項と項の番号は、平成27年（2015年）時点の番号法（平成二十五年法律第二十七号）・別表第二による")


def cites_a_row(text: str) -> bool:
    """A server text (a notice's body) that cites a 別表第二 row, and so needs :func:`edition_note`."""
    return "別表第二" in text


def trigger_text(record: HistoryRecord) -> str:
    trigger = record.trigger
    if trigger is None:
        return translate("HistoryText", "記録なし")
    return {
        TriggerKind.APPLICATION: translate("HistoryText", "あなたの申請の審査"),
        TriggerKind.PERIODIC: translate("HistoryText", "定期的な確認（例: 現況の確認）"),
        TriggerKind.SELF_INFO: translate("HistoryText", "あなたが「わたしの情報」で表示したこと"),
    }[trigger.kind]


def when_text(record: HistoryRecord) -> str:
    return jst_text(record.requested_at)


def summary_sentence(record: HistoryRecord) -> str:
    """Who asked whom for what (one sentence)."""
    return translate("HistoryText", "{requester}が、{provider}に「{information}」の提供を求めました。").format(
        requester=agency_name(record.requester), provider=agency_name(record.provider), information=record.information
    )


def why_sentence(record: HistoryRecord) -> str:
    if record.outcome == Outcome.REFUSED:
        return translate("HistoryText", "この組み合わせは番号法の別表第二に定められていないため、情報は提供されませんでした。")
    if _is_self_info(record):
        return translate(
            "HistoryText",
            "あなた自身がマイナポータルで自分の情報を表示した記録です。機関同士の照会ではないため、別表第二の項はありません"
            "（番号法附則第6条第6項第1号: 情報提供等記録開示システムによる自己情報の開示）。",
        )
    function = record.function or translate("HistoryText", "（事務の記載なし）")
    item = record.legal_basis.beppyo2_item
    if not item:
        return translate("HistoryText", "「{function}」のための照会です。").format(function=function)
    return translate(
        "HistoryText",
        "番号法第19条第7号と別表第二 {item}項により、「{function}」のために、この機関同士がこの情報をやりとりすることが認められています。",
    ).format(item=item, function=function)


def result_sentence(record: HistoryRecord) -> str:
    if record.outcome == Outcome.PROVIDED and record.provided_at is not None:
        return translate("HistoryText", "{at} に提供されました。").format(at=jst_text(record.provided_at))
    if record.outcome == Outcome.NOT_HELD:
        return translate("HistoryText", "提供元に該当する情報がなかったため、何も提供されませんでした。")
    return outcome_text(record.outcome)


def why_heading(record: HistoryRecord) -> str:
    if record.outcome == Outcome.REFUSED:
        return translate("HistoryText", "なぜ提供されなかったのか")
    return translate("HistoryText", "なぜ認められるのか")


def detail_html(record: HistoryRecord) -> str:
    e = html.escape
    rows = [
        (translate("HistoryText", "日時"), when_text(record)),
        (translate("HistoryText", "照会者（情報を求めた機関）"), agency_name(record.requester)),
        (translate("HistoryText", "提供者（情報を持つ機関）"), agency_name(record.provider)),
        (translate("HistoryText", "事務"), record.function or "—"),
        (translate("HistoryText", "特定個人情報"), record.information),
        (translate("HistoryText", "根拠"), basis_text(record)),
        (translate("HistoryText", "結果"), outcome_text(record.outcome)),
        (translate("HistoryText", "きっかけ"), trigger_text(record)),
    ]
    table = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    parts = [
        "<h3>" + e(translate("HistoryText", "このやりとりについて")) + "</h3>",
        f"<p>{e(summary_sentence(record))}</p>",
        "<p><b>" + e(why_heading(record)) + f":</b> {e(why_sentence(record))}</p>",
        "<p><b>" + e(translate("HistoryText", "結果")) + f":</b> {e(result_sentence(record))}</p>",
    ]
    if record.explanation:
        parts.append("<p><b>" + e(translate("HistoryText", "記録の説明")) + f":</b> {e(record.explanation)}</p>")
    parts.append(f"<table cellspacing='4'>{table}</table>")
    parts.append(f"<p><small>{e(edition_note())}</small></p>")
    return "".join(parts)
