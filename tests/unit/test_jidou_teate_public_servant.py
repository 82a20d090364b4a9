"""児童手当 認定請求: a civil servant claims from their employer (児童手当法 第17条), so the form
asks first and stops with that guidance; a married claimant gives the spouse's 1 January address."""

from __future__ import annotations

import datetime as dt

from app.forms import FormState, load_form, message_catalog
from tests.unit.test_forms import nintei_values

TODAY = dt.date(2026, 12, 6)


def test_the_first_page_asks_whether_the_claimant_is_a_civil_servant() -> None:
    spec = load_form("jidou-teate-nintei")
    first = spec.sections[0]
    assert [f.id for f in first.fields] == ["public_servant"]
    st = FormState(spec, today=TODAY)
    assert [i.code for i in st.validate().issues["eligibility.public_servant"]] == ["required"]


def test_a_civil_servant_is_stopped_with_the_employer_guidance() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(**{"eligibility.public_servant": "yes"}),
                   today=TODAY)
    result = st.validate()
    assert not result.ok
    (issue,) = result.issues["eligibility.public_servant"]
    assert issue.blocking
    text = message_catalog()[issue.code].ja
    assert "勤務先" in text
    assert "児童手当法第17条" in text
    assert "市区町村には送れません" in text
    # Nothing else is asked or would be sent: the rest of the form is not for this claimant.
    assert [s.id for s in st.visible_sections()] == ["eligibility"]
    assert set(st.submission_data()) == {"eligibility"}


def test_a_claimant_who_is_not_a_civil_servant_goes_on() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(), today=TODAY)
    assert st.validate().ok
    assert "claimant" in st.submission_data()


def test_a_married_claimant_gives_the_spouses_1_january_address() -> None:
    values = nintei_values(**{"claimant.marital_status": "married"})
    values["spouse"] = {"name": "山田 花子", "birth_date": "1991-01-01", "lives_with": "together"}
    st = FormState(load_form("jidou-teate-nintei"), values, today=TODAY)
    assert [i.code for i in st.validate().issues["jan1.spouse_same"]] == ["required"]
    st.set("jan1.spouse_same", "different")
    assert [i.code for i in st.validate().issues["jan1.spouse_address"]] == ["required"]
    st.set("jan1.spouse_address", "東京都千代田区千代田1-1")
    assert st.validate().ok
    assert st.submission_data()["jan1"]["spouse_address"] == "東京都千代田区千代田1-1"


def test_a_single_claimant_is_not_asked_about_a_spouse() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(), today=TODAY)
    assert not st.field_visible("jan1.spouse_same")


def test_every_stop_in_a_form_file_has_its_wording() -> None:
    from app.forms import available_forms

    def options(fields):  # type: ignore[no-untyped-def]
        for f in fields:
            yield from f.options
            yield from options(f.fields)

    stops = {o.stop for form in available_forms() for s in form.sections for o in options(s.fields) if o.stop}
    assert "stop.public_servant" in stops
    assert stops <= set(message_catalog())
