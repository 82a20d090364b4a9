"""The law a form cites (procedure.legal_basis) and the official 様式 it follows
(procedure.form_number) name the texts they were checked against (procedure.sources), every id
resolves to an entry of docs/sources.md, and each article or 様式 the form names is one that a
cited source states. The service catalog cites the same article for the same procedure."""

from __future__ import annotations

import json
import pathlib
import re

import jsonschema_rs
import pytest

from app.forms.schema import read_form_json_schema

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMS = ROOT / "resources" / "forms"
SOURCES = ROOT / "docs" / "sources.md"
CATALOG = ROOT / "backend_stub" / "data" / "catalog.json"
NOT_FORMS = {"form.schema.json", "messages.json"}
# 第7条, 第1条の4, 様式第2号: the tokens a reader acts on; each must be stated by a cited source.
CITED = re.compile(r"様式第\d+号|第\d+条(?:の\d+)*")


def _forms() -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(FORMS.glob("*.json"))
        if p.name not in NOT_FORMS
    }


def _titles() -> dict[str, str]:
    text = SOURCES.read_text(encoding="utf-8")
    parts = re.split(r"^### +(\S+)[ \t]*$", text, flags=re.MULTILINE)
    titles = {}
    for i in range(1, len(parts), 2):
        title = re.search(r"^- title: (.*)$", parts[i + 1], flags=re.MULTILINE)
        titles[parts[i]] = title.group(1) if title else ""
    return titles


def _procedure(form_id: str) -> dict:
    return _forms()[form_id]["procedure"]


def test_the_forms_are_all_here() -> None:
    # A glob that found nothing would make every check below pass.
    assert set(_forms()) >= {
        "jidou-teate-nintei", "jidou-teate-gakukaitei", "jidou-teate-genkyo", "jifu-genkyo",
        "hoiku-riyou", "ninshin-todoke", "kodomo-iryouhi",
    }


@pytest.mark.parametrize("form_id", sorted(_forms()))
def test_every_procedure_names_sources_that_resolve(form_id: str) -> None:
    sources = _procedure(form_id).get("sources")
    assert sources, f"{form_id}: procedure.legal_basis has no sources"
    titles = _titles()
    unresolved = [s for s in sources if s.removeprefix("src:") not in titles]
    assert not unresolved, f"{form_id}: source ids with no entry in docs/sources.md: {unresolved}"


@pytest.mark.parametrize("form_id", sorted(_forms()))
def test_every_article_and_yoshiki_a_form_cites_is_stated_by_its_sources(form_id: str) -> None:
    proc = _procedure(form_id)
    titles = " / ".join(_titles().get(s.removeprefix("src:"), "") for s in proc.get("sources", []))
    cited = CITED.findall(proc["legal_basis"]) + CITED.findall(proc.get("form_number", ""))
    unstated = [c for c in cited if c not in titles]
    assert not unstated, f"{form_id}: cites {unstated}, which none of its sources states"


def test_the_schema_rejects_a_procedure_without_sources() -> None:
    validator = jsonschema_rs.validator_for(read_form_json_schema())
    form = _forms()["jidou-teate-nintei"]
    assert validator.is_valid(form)
    del form["procedure"]["sources"]
    assert not validator.is_valid(form)
    form["procedure"]["sources"] = ["src:"]
    assert not validator.is_valid(form)


def test_the_loader_carries_the_sources() -> None:
    from app.forms.schema import load_form

    assert load_form("jidou-teate-nintei").procedure.sources == (
        "src:jidouteate-kisoku-s46-33", "src:jidouteate-kisoku-s46-33-yoshiki",
    )


# The corrected citations, one by one.


def test_nintei_is_article_7_on_yoshiki_2() -> None:
    # 児童手当法施行規則 第1条の4: the claim under 法第7条第1項 is made on 様式第2号.
    proc = _procedure("jidou-teate-nintei")
    assert (proc["legal_basis"], proc["form_number"]) == ("児童手当法第7条", "児童手当法施行規則 様式第2号")
    assert "src:jidouteate-kisoku-s46-33-yoshiki" in proc["sources"]


def test_gakukaitei_is_article_9_on_yoshiki_4() -> None:
    # 第2条・第3条: the 額改定 under 法第9条 is claimed and reported on 様式第4号.
    proc = _procedure("jidou-teate-gakukaitei")
    assert (proc["legal_basis"], proc["form_number"]) == ("児童手当法第9条", "児童手当法施行規則 様式第4号")
    assert "src:jidouteate-kisoku-s46-33-yoshiki" in proc["sources"]


def test_genkyo_no_longer_names_yoshiki_3() -> None:
    # In the current text 様式第3号 belongs to 第1条の4 (the claim), not to the 現況届 of
    # 第4条; which 様式 the 現況届 uses could not be confirmed, so the form names none.
    proc = _procedure("jidou-teate-genkyo")
    assert proc["legal_basis"] == "児童手当法施行規則第4条"
    assert "form_number" not in proc
    assert "src:miyagi-jidouteate-genkyo" in proc["sources"]


def test_jifu_genkyo_names_the_ordinance_without_an_unconfirmed_article() -> None:
    # 第4条 could not be confirmed against the text; the ordinance is cited by its number.
    proc = _procedure("jifu-genkyo")
    assert proc["legal_basis"] == "児童扶養手当法施行規則（昭和三十六年厚生省令第五十一号）"
    assert "第4条" not in proc["legal_basis"]
    assert proc["sources"] == ["src:jifu-kisoku-s36-51-art1"]


def test_ninshin_todoke_cites_the_ordinance_article_it_names() -> None:
    proc = _procedure("ninshin-todoke")
    assert proc["legal_basis"] == "母子保健法第15条・同法施行規則第3条"
    assert {"src:ozora-boshihoken-saisoku", "src:boshihoken-kisoku-s40-55-art3"} <= set(proc["sources"])
    assert "第3条" in _titles()["boshihoken-kisoku-s40-55-art3"]


def test_hoiku_and_kodomo_iryouhi_cite_their_texts() -> None:
    assert _procedure("hoiku-riyou")["sources"] == ["src:kodomo-kosodate-h24-65-art20"]
    assert _procedure("kodomo-iryouhi")["sources"] == ["src:niiza-kodomo-iryouhi-jourei"]


def test_the_catalog_cites_the_same_article_as_the_form() -> None:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    forms = _forms()
    pairs = [(s, forms[s["form_id"]]) for s in catalog["services"] if s.get("form_id")]
    assert len(pairs) >= 7
    for service, form in pairs:
        basis = service["legal_basis"]
        assert basis, service["id"]
        # The same law, and no article in the catalog that the form does not cite.
        assert form["procedure"]["legal_basis"].startswith(basis.split("第")[0].split("（")[0]), service["id"]
        assert set(CITED.findall(basis)) <= set(CITED.findall(form["procedure"]["legal_basis"])), service["id"]
        if "（" not in basis:
            continue
        assert basis == form["procedure"]["legal_basis"], service["id"]
