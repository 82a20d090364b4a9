"""The 子育てワンストップ catalog: data consistent with 別表第二, and search behaviour."""

import pytest

from backend_stub.network import beppyo2, catalog


def test_every_replaced_document_names_a_row_that_exists():
    for s in catalog.services_raw():
        for d in s["documents"]:
            if d["beppyo2_item"] is not None:
                assert d["replaced_by_linkage"], (s["id"], d["name"])
                assert beppyo2.row(d["beppyo2_item"]) is not None, (s["id"], d["name"])


def test_the_required_online_forms_are_there():
    assert {"jidou-teate-nintei", "hoiku-riyou", "ninshin-todoke", "jifu-genkyo"} <= catalog.form_ids()


def test_search_by_situation_and_words():
    newborn = {s["id"] for s in catalog.search("112305", situation="newborn")}
    assert "jidou-teate-nintei" in newborn
    assert "hoiku-riyou" not in newborn
    hits = catalog.search("112305", q="課税 保育所")
    assert {s["id"] for s in hits} == {"hoiku-riyou", "hoiku-genkyo"}
    assert catalog.search("112305", q="存在しない手続") == []


def test_child_support_allowance_is_filed_at_the_town_and_decided_by_the_prefecture():
    (town,) = [s for s in catalog.search("085421") if s["id"] == "jifu-genkyo"]
    (city,) = [s for s in catalog.search("112305") if s["id"] == "jifu-genkyo"]
    assert town["where"].startswith("五霞町")
    assert town["decided_by"]["name"] == "茨城県知事"
    assert city["where"].startswith("新座市")
    assert city["decided_by"]["name"] == "新座市長"


def test_unknown_municipality_is_an_error():
    with pytest.raises(KeyError):
        catalog.search("999999")


def test_every_service_offered_online_has_a_form_that_the_server_checks():
    """Issue 15.4: a service flagged online in the catalog data has a form (a form file that the
    app fills and the stub validates): never 「オンラインで申請できます」 with a disabled button.
    Read from the raw data, since the API answer masks the flag with the form."""
    from app.forms import load_form
    from backend_stub.network import forms

    online = [s for s in catalog.services_raw() if s["online"]]
    assert online
    for s in online:
        assert s["form_id"], s["id"]
        assert load_form(s["form_id"]).form_id == s["form_id"], s["id"]
        assert forms.form(s["form_id"]) is not None, s["id"]
        # ... in every municipality the catalog offers it in
        spec = load_form(s["form_id"])
        offered = s.get("municipalities")
        assert spec.municipalities is None or (offered and set(offered) <= set(spec.municipalities)), s["id"]
    for s in catalog.services_raw():
        if not s["form_id"]:
            assert s["online"] is False, s["id"]


def test_every_legal_basis_in_the_catalog_names_its_source():
    """A citation a resident reads under 根拠法令 comes with the source it was checked against
    (issue 15: every fact has a source id); a citation that cannot be confirmed is not shown."""
    for s in catalog.services_raw():
        if s["legal_basis"]:
            assert s.get("legal_basis_sources"), s["id"]
            assert all(x.startswith("src:") for x in s["legal_basis_sources"]), s["id"]
    # and the API carries them with the entry's sources
    (hoiku,) = [e for e in catalog.search("085421") if e["id"] == "hoiku-riyou"]
    assert set(catalog.service("hoiku-riyou")["legal_basis_sources"]) <= set(hoiku["sources"])


def test_the_nursery_entry_does_not_demand_an_employment_certificate_of_everyone():
    """Issue 15.2 in the catalog: 1号 (教育) needs no 保育の必要性 (src:inazawa-hoiku-nintei), so the
    就労証明書 is listed for those whose reason for care is work, not as required of everyone."""
    docs = {d["name"]: d for d in catalog.service("hoiku-riyou")["documents"]}
    (name,) = [n for n in docs if n.startswith("就労証明書")]
    assert docs[name]["required"] is False
    assert "2号・3号" in name
