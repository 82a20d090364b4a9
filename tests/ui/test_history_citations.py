"""Every record the seeded stub serves reads right in Japanese and English: no 「?」 for a row,
no 「根拠規定なし」 for a record that has a basis, and the 2015 article numbers (19条7号, 附則6条)."""

from __future__ import annotations

from typing import Any

import pytest

from app.portal.models import HistoryRecord, Outcome, TriggerKind, parse_history_record
from app.settings import Language
from tests.fixtures.stub import API, InProcessStub
from ui.i18n import install_translators
from ui.portal import history_text as ht

RESIDENTS = tuple(f"r{i:02d}" for i in range(1, 13))  # every demo resident


def _records(stub: InProcessStub, resident_id: str) -> list[HistoryRecord]:
    headers = {"Authorization": f"Bearer {stub.login(resident_id)}"}
    out: list[HistoryRecord] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 200}
        if cursor:
            params["cursor"] = cursor
        body = stub.client.get(f"{API}/history", params=params, headers=headers).json()
        out += [parse_history_record(item) for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return out


def _rendered(record: HistoryRecord) -> list[str]:
    return [ht.basis_text(record), ht.why_sentence(record), ht.detail_html(record), ht.result_sentence(record)]


@pytest.fixture
def seeded_records(stub_app: InProcessStub) -> list[HistoryRecord]:
    records = [r for rid in RESIDENTS for r in _records(stub_app, rid)]
    kinds = {(r.trigger.kind if r.trigger else None, r.outcome) for r in records}
    # The seed has every kind a resident meets: periodic queries provided and refused, own lookups.
    assert (TriggerKind.SELF_INFO, Outcome.PROVIDED) in kinds
    assert (TriggerKind.PERIODIC, Outcome.PROVIDED) in kinds
    assert (TriggerKind.PERIODIC, Outcome.REFUSED) in kinds
    return records


@pytest.mark.parametrize("language", [Language.JA, Language.EN])
def test_no_record_shows_a_question_mark_or_a_missing_basis(qapp, seeded_records, language) -> None:
    install_translators(qapp, language)
    try:
        for record in seeded_records:
            texts = _rendered(record)
            for text in texts:
                assert "?" not in text, (record.information, text)
                assert "？" not in text, (record.information, text)
            if record.outcome != Outcome.REFUSED:
                basis = ht.basis_text(record)
                assert basis not in ("根拠規定なし", "No legal basis"), record
    finally:
        install_translators(qapp, Language.JA)


def test_citations_use_the_2015_numbering(qapp, seeded_records) -> None:
    install_translators(qapp, Language.JA)
    row_records = [r for r in seeded_records if r.legal_basis.beppyo2_item and r.outcome != Outcome.REFUSED]
    own = [r for r in seeded_records if r.trigger and r.trigger.kind == TriggerKind.SELF_INFO]
    assert row_records
    assert own
    for r in row_records:
        assert r.legal_basis.law == "番号法第19条第7号"
        assert ht.basis_text(r).startswith("番号法第19条第7号・別表第二 ")
        assert "平成27年（2015年）時点の番号法（平成二十五年法律第二十七号）・別表第二による" in ht.detail_html(r)
    for r in own:
        assert r.legal_basis.beppyo2_item is None
        assert "附則第6条第6項第1号" in ht.basis_text(r)
        assert "別表第二" not in ht.basis_text(r)
    everything = "".join(t for r in seeded_records for t in (*_rendered(r), r.legal_basis.law, r.explanation))
    for later_numbering in ("19条8号", "第19条第8号", "附則第6条第3項"):
        assert later_numbering not in everything


def test_the_edition_note_names_the_act_as_it_stood_in_2015(qapp) -> None:
    # 番号法 is 平成二十五年法律第二十七号, promulgated on 平成25年5月31日; the repo's 別表第二 is its
    # text as it stood in 平成27年 (2015), later amendments not yet in force (src:bangouho-h27).
    try:
        install_translators(qapp, Language.JA)
        note = ht.edition_note()
        assert "公布時" not in note
        assert "平成二十五年法律第二十七号" in note
        assert "平成27年" in note
        install_translators(qapp, Language.EN)
        english = ht.edition_note()
        assert "promulgated in 2015" not in english
        assert "2015" in english
        assert "Act No. 27 of 2013" in english
    finally:
        install_translators(qapp, Language.JA)


def test_a_refused_query_cites_no_provision_as_its_basis(qapp, seeded_records) -> None:
    # A query no row allows rests on nothing: the basis column must not read as if 第19条第7号 and
    # the row the requester named allowed it (src:bangouho-h27), in either language.
    refused = [r for r in seeded_records if r.outcome == Outcome.REFUSED]
    assert refused
    try:
        for language, allowed_words in ((Language.JA, "番号法第19条第7号"), (Language.EN, "Article 19(vii)")):
            install_translators(qapp, language)
            for r in refused:
                basis = ht.basis_text(r)
                assert allowed_words not in basis, basis
                assert r.legal_basis.beppyo2_item in basis  # the row it was asked under is still named
                assert ht.why_heading(r) != ht.why_heading(_allowed(seeded_records))
    finally:
        install_translators(qapp, Language.JA)
    assert ht.basis_text(refused[0]).startswith("根拠なし")


def _allowed(records: list[HistoryRecord]) -> HistoryRecord:
    return next(r for r in records if r.outcome == Outcome.PROVIDED and r.legal_basis.beppyo2_item)


def test_the_printed_history_says_which_text_its_article_numbers_come_from(qapp, seeded_records) -> None:
    from ui.portal.export import history_html

    install_translators(qapp, Language.JA)
    page = history_html(seeded_records, "")
    assert ht.edition_note() in page
    assert "根拠なし（別表第二" in page  # a refused query is printed as resting on nothing


def test_the_server_and_the_csv_say_a_refused_query_rested_on_no_provision(qapp, seeded_records) -> None:
    # Over the API, a refused record's provision is "none" (its law and row are what the requester
    # cited); the CSV's 根拠法令 column says it rested on nothing, as the screen does.
    from ui.portal.export import history_header, history_row

    install_translators(qapp, Language.JA)
    refused = [r for r in seeded_records if r.outcome == Outcome.REFUSED]
    assert refused
    assert all(r.legal_basis.provision == "none" for r in refused)
    column = history_header().index("根拠法令")
    for r in refused:
        cell = history_row(r)[column]
        assert cell.startswith("根拠なし"), cell
        assert "第19条第7号" not in cell, cell
    allowed = _allowed(seeded_records)
    assert allowed.legal_basis.provision == "art19_7"
    assert history_row(allowed)[column] == allowed.legal_basis.law
