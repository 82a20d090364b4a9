"""Field validation rules: good and bad inputs, the codes the UI words, normalisation."""

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import validators as v
from app.forms import message_catalog
from app.validators import Severity

TODAY = dt.date(2025, 6, 10)


def codes(issues):
    return [i.code for i in issues]


# --- 個人番号 ------------------------------------------------------------------------------


def test_my_number_check_digit_matches_the_published_example():
    assert v.my_number_check_digit("12345678901") == 8


@pytest.mark.parametrize("value", ["123456789018", "1234 5678 9018", "1234-5678-9018", "１２３４５６７８９０１８"])
def test_my_number_accepts_valid_numbers_in_any_width(value):
    assert v.validate_my_number(value) == []


@pytest.mark.parametrize(("value", "code"), [
    ("123456789019", "my_number.check_digit"),
    ("12345678901", "my_number.format"),
    ("1234567890189", "my_number.format"),
    ("12345678901a", "my_number.format"),
    ("", "my_number.format"),
])
def test_my_number_rejects(value, code):
    assert codes(v.validate_my_number(value)) == [code]


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 9))
def test_exactly_one_check_digit_is_accepted(base, last):
    expected = v.my_number_check_digit(base)
    assert (v.validate_my_number(base + str(last)) == []) == (last == expected)


def test_check_digit_is_0_when_the_remainder_is_0_or_1():
    # 00000000000 -> r = 0; 00000000006 -> r = 2*6 = 12 mod 11 = 1
    assert v.my_number_check_digit("00000000000") == 0
    assert v.my_number_check_digit("00000000006") == 0


# --- katakana ------------------------------------------------------------------------------


def test_full_width_katakana_is_accepted():
    assert v.validate_katakana("ヤマダ　タロウ") == []
    assert v.validate_katakana("ヴァン・デル・ルー") == []


def test_half_width_katakana_is_normalised_to_full_width():
    assert v.normalize_katakana("ﾔﾏﾀﾞ  ﾀﾛｳ") == "ヤマダ　タロウ"
    assert v.validate_katakana("ﾔﾏﾀﾞ ﾀﾛｳ") == []


def test_hiragana_gets_a_katakana_suggestion():
    (issue,) = v.validate_katakana("やまだ　タロウ")
    assert issue.code == "kana.hiragana"
    assert issue.params["position"] == 1
    assert issue.params["suggestion"] == "ヤマダ　タロウ"


def test_latin_and_kanji_are_reported_with_their_position():
    assert codes(v.validate_katakana("ヤマダ Taro")) == ["kana.latin"]
    (issue,) = v.validate_katakana("ヤマ田")
    assert (issue.code, issue.params["position"], issue.params["char"]) == ("kana.invalid_char", 3, "田")


def test_katakana_length_limit_and_empty():
    assert codes(v.validate_katakana("ア" * 11, max_length=10)) == ["text.too_long"]
    assert codes(v.validate_katakana("  ")) == ["required"]


# --- text, numbers -------------------------------------------------------------------------


def test_text_rules():
    assert v.validate_text("山田 太郎", max_length=40) == []
    assert codes(v.validate_text("a" * 41, max_length=40)) == ["text.too_long"]
    assert codes(v.validate_text("a\nb")) == ["text.control_char"]
    assert v.validate_text("a\nb", multiline=True) == []
    assert codes(v.validate_text("a\x00b", multiline=True)) == ["text.control_char"]


@pytest.mark.parametrize(("value", "expected"), [
    (5, []), ("５", []), ("1,000", ["number.too_large"]), ("abc", ["number.format"]),
    (True, ["number.format"]), (0, ["number.too_small"]), (1.5, ["number.format"]),
])
def test_number_rules(value, expected):
    assert codes(v.validate_number(value, minimum=1, maximum=42)) == expected


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    ("2025-06-10", {"not_future": True}, []),
    ("2025/6/1", {"not_future": True}, []),
    ("２０２５－０６－０１", {}, []),  # full-width digits and hyphens, as typed with an IME
    ("2025-06-11", {"not_future": True}, ["date.future"]),
    ("2025-06-09", {"not_past": True}, ["date.past"]),
    ("2025-02-30", {}, ["date.nonexistent"]),
    ("令和7年6月1日", {}, []),
    ("6月1日", {}, ["date.format"]),
    ("2025-01-01", {"max_days_past": 100}, ["date.too_old"]),
    ("2026-06-10", {"max_days_ahead": 300}, ["date.too_far"]),
])
def test_date_rules(value, kwargs, expected):
    assert codes(v.validate_date(value, today=TODAY, **kwargs)) == expected


def test_full_width_digits_in_dates_are_accepted():
    assert v.parse_date("２０２５/０６/０１") == dt.date(2025, 6, 1)


@pytest.mark.parametrize(("birth", "age", "end"), [
    (dt.date(2008, 4, 1), 18, dt.date(2026, 3, 31)),  # 早生まれ: the earlier school year
    (dt.date(2008, 4, 2), 18, dt.date(2027, 3, 31)),
    (dt.date(2008, 3, 31), 18, dt.date(2026, 3, 31)),
    (dt.date(2004, 2, 29), 22, dt.date(2026, 3, 31)),
])
def test_end_of_school_year_of_age(birth, age, end):
    assert v.end_of_school_year_of_age(birth, age) == end


def test_child_past_the_upper_secondary_age_is_reported():
    assert v.validate_school_age_band("2007-04-02", today=TODAY, until_age=18) == []
    (issue,) = v.validate_school_age_band("2007-04-01", today=TODAY, until_age=18)
    assert issue.code == "child.over_age"
    assert issue.params["limit_date"] == "2025-03-31"


def test_university_age_band():
    assert v.validate_school_age_band("2005-05-01", today=TODAY, after_age=18, until_age=22) == []
    assert codes(v.validate_school_age_band("2008-05-01", today=TODAY, after_age=18, until_age=22)) == [
        "child.under_age_band"]


def test_age_on_counts_completed_years():
    assert v.age_on(dt.date(2000, 6, 11), TODAY) == 24
    assert v.age_on(dt.date(2000, 6, 10), TODAY) == 25


def test_fifteen_day_rule_is_a_note_not_an_error():
    (within,) = v.fifteen_day_rule("2025-05-26", claim_date=TODAY)
    assert (within.code, within.severity, within.blocking) == ("rule15.within", Severity.INFO, False)
    assert within.params["deadline"] == "2025-06-10"
    (missed,) = v.fifteen_day_rule("2025-05-25", claim_date=TODAY)
    assert (missed.code, missed.severity) == ("rule15.missed", Severity.WARNING)
    assert v.fifteen_day_rule("2025-07-01", claim_date=TODAY) == []
    assert v.fifteen_day_rule("2020-05-05", claim_date=TODAY) == []  # not the event behind this claim


# --- postal code, phone --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["352-0011", "3520011", "〒352-0011", "３５２－００１１"])
def test_postal_code_accepted_and_normalised(value):
    assert v.validate_postal_code(value) == []
    assert v.normalize_postal_code(value) == "352-0011"


@pytest.mark.parametrize("value", ["352-001", "35200112", "abc-defg", ""])
def test_postal_code_rejected(value):
    assert codes(v.validate_postal_code(value)) == ["postal_code.format"]


@pytest.mark.parametrize("value", ["048-477-1111", "0484771111", "090-1234-5678", "(048)477-1111", "+81 90 1234 5678"])
def test_phone_accepted(value):
    assert v.validate_phone(value) == []


@pytest.mark.parametrize(("value", "code"), [
    ("484771111", "phone.format"), ("048-477-111", "phone.length"), ("090-1234-56789", "phone.length"),
    ("tel 0484771111", "phone.format"),
])
def test_phone_rejected(value, code):
    assert codes(v.validate_phone(value)) == [code]


# --- bank account --------------------------------------------------------------------------

GOOD_ACCOUNT = {"bank_code": "0001", "branch_code": "001", "account_type": "ordinary",
                "account_number": "1234567", "holder_kana": "ﾔﾏﾀﾞ ﾀﾛｳ"}


def test_bank_account_accepted_and_normalised():
    assert v.validate_bank_account(GOOD_ACCOUNT, holder_kana="ヤマダ　タロウ") == {}
    assert v.normalize_bank_account(GOOD_ACCOUNT)["holder_kana"] == "ヤマダ　タロウ"


def test_public_account_needs_no_details_unless_not_allowed():
    assert v.validate_bank_account({"use_public_account": True}) == {}
    assert list(v.validate_bank_account({"use_public_account": True}, allow_public_account=False)) == [
        "use_public_account"]


def test_bank_account_errors_are_keyed_by_sub_field():
    bad = {"bank_code": "001", "branch_code": "01", "account_type": "weird", "account_number": "123456",
           "holder_kana": "やまだ"}
    found = v.validate_bank_account(bad)
    assert {k: codes(i) for k, i in found.items()} == {
        "bank_code": ["bank.bank_code"], "branch_code": ["bank.branch_code"],
        "account_number": ["bank.account_number"], "account_type": ["bank.account_type"],
        "holder_kana": ["kana.hiragana"],
    }


def test_account_must_be_in_the_claimants_own_name():
    found = v.validate_bank_account(GOOD_ACCOUNT, holder_kana="ヤマダ　ハナコ")
    assert codes(found["holder_kana"]) == ["bank.holder_not_claimant"]


# --- attachments ---------------------------------------------------------------------------

ACCEPTED = ("application/pdf", "image/jpeg", "image/png")


@pytest.mark.parametrize(("mime", "content", "expected"), [
    ("application/pdf", b"%PDF-1.7 ...", []),
    ("image/png", b"\x89PNG\r\n\x1a\n....", []),
    ("image/jpeg", b"\xff\xd8\xff\xe0....", []),
    ("image/jpeg", b"%PDF-1.7", ["attachment.content_mismatch"]),
    ("image/gif", b"GIF89a", ["attachment.type"]),
    ("application/pdf", b"", ["attachment.empty"]),
    ("application/pdf", b"%PDF-" + b"x" * 100, ["attachment.too_large"]),
])
def test_attachment_files(mime, content, expected):
    assert codes(v.validate_attachment_file(mime=mime, content=content, accepted=ACCEPTED, max_bytes=50)) == expected


# --- message catalog -----------------------------------------------------------------------


def _emitted_codes():
    root = Path(__file__).resolve().parents[2] / "app"
    found = set()
    for path in [root / "validators.py", *sorted((root / "forms").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:_issue|ValidationIssue)\(\s*"([a-z0-9_.]+)"', text))
    return found


def test_every_emitted_code_has_ja_and_en_wording_with_matching_parameters():
    catalog = message_catalog()
    emitted = _emitted_codes()
    assert len(emitted) > 30
    assert emitted <= set(catalog), sorted(emitted - set(catalog))
    for code, text in catalog.items():
        assert set(re.findall(r"{(\w+)}", text.ja)) == set(re.findall(r"{(\w+)}", text.en)), code


def test_my_number_is_masked_to_its_last_four_digits_and_a_part_shows_none() -> None:
    """One mask for the card screen and the review page: the last four digits tell a resident
    it is theirs; a half-typed number shows no digit at all (it would otherwise show whole)."""
    from app.validators import mask_my_number

    assert mask_my_number("388571356323") == "●●●● ●●●● 6323"
    assert mask_my_number("3885 7135 6323") == "●●●● ●●●● 6323"
    assert mask_my_number("３８８５７１３５６３２３") == "●●●● ●●●● 6323"
    for part in ("123", "3885713", "38857135632"):
        masked = mask_my_number(part)
        assert masked == "●●●● ●●●● ●●●●"
        assert not any(c.isdigit() for c in masked)
    assert mask_my_number("") == ""


@pytest.mark.parametrize(("birth", "age"), [
    (dt.date(2020, 1, 1), 7980),  # the birthday is the day after: reached on 9999-12-31
    (dt.date(2020, 1, 2), 7979),
    (dt.date(2020, 2, 29), 7979),
    (dt.date(2019, 12, 31), 7980),  # completed on the day itself
])
def test_the_age_reached_on_the_last_day_of_the_calendar(birth: dt.date, age: int) -> None:
    assert v.age_reached_on(birth, dt.date.max) == age


# --- attachment names ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "a\u200bb.pdf", "a\u200cb.pdf", "a\u200db.pdf", "\ufeffa.pdf", "a\u00adb.pdf", "a\ufff9b.pdf", "a\U000e0001.pdf",
    "a\U000e0041.pdf", "a\U000e007f.pdf", "a\u2060b.pdf", "a\u034fb.pdf", "a\u3164b.pdf", "a\ufe0fb.pdf", "a\u180eb.pdf",
    "a\uff0fb.pdf", "a\uff3cb.pdf", "a\u2215b.pdf", "a\u29f8b.pdf", "a\u2044b.pdf", "a\u29f5b.pdf", "a\ufe68b.pdf",
    "a.pdf:evil", "C:x.pdf", "a\uff1ab.pdf", "CON", "con.pdf", "Con.tar.gz", "PRN.pdf", "AUX", "NUL.txt.pdf", "COM1.pdf",
    "com9", "LPT1.pdf", "lpt9.PDF", "COM\u00b9.pdf", "LPT\u00b3", "CON .pdf",
    "report.pdf.", "report.pdf ", "report.pdf\u3000", " ", "...",
    "a\ue000b.pdf", "a\uf8ffb.pdf", "a\U000f0000b.pdf", "a\U0010fffdb.pdf",
])
def test_attachment_names_that_are_invisible_look_alike_or_special_to_windows_are_refused(name):
    assert not v.attachment_name_ok(name)
    assert codes(v.validate_attachment_name(name)) == ["attachment.name"]


@pytest.mark.parametrize("name", [
    "住民票の写し（2026年）.pdf", "パスポート　写し.pdf", "ｽｷｬﾝ 1.pdf", "CONSENT.pdf", "console.pdf", "com10.pdf",
    "report.v2.pdf", "Ａ４スキャン.pdf", "健康保険証 (1).png", "é.pdf", "e\u0301.pdf",
    ".hidden.pdf", "a-b_c.pdf",
])
def test_ordinary_names_are_accepted(name):
    assert v.attachment_name_ok(name)
