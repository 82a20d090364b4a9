"""Account holder names are compared the way banks hold them (no small kana, no ー, width and
spaces folded), and a ゆうちょ account can be given by its 記号・番号."""

from __future__ import annotations

import pytest

from app import validators as v

ACCOUNT = {"use_public_account": False, "bank_code": "0001", "branch_code": "123", "account_type": "ordinary",
           "account_number": "1234567"}


@pytest.mark.parametrize(("passbook", "claimant"), [
    ("ヤマダ キヨウコ", "ヤマダ キョウコ"),
    ("ﾔﾏﾀﾞ ｷﾖｳｺ", "ヤマダ　キョウコ"),
    ("サトウ ジユンイチ", "さとう じゅんいち"),
    ("ハツトリ ケンタ", "ハットリ ケンタ"),
    ("ヤマダ ユウキ-", "ヤマダ ユウキー"),
    ("ﾔﾏﾀﾞｷﾖｳｺ", "ヤマダ キョウコ"),
])
def test_a_passbook_name_matches_the_claimant_as_a_bank_would(passbook: str, claimant: str) -> None:
    assert v.bank_names_match(passbook, claimant)
    issues = v.validate_bank_account({**ACCOUNT, "holder_kana": passbook}, holder_kana=claimant)
    assert issues == {}


@pytest.mark.parametrize("other", ["ヤマダ キヨウタ", "スズキ キヨウコ", "ヤマダ キヨ"])
def test_a_different_name_is_still_flagged(other: str) -> None:
    issues = v.validate_bank_account({**ACCOUNT, "holder_kana": other}, holder_kana="ヤマダ キョウコ")
    assert [i.code for i in issues["holder_kana"]] == ["bank.holder_not_claimant"]


YUCHO = {"use_public_account": False, "yucho": True, "account_type": "ordinary", "holder_kana": "ヤマダ キヨウコ"}


def test_a_yucho_account_is_given_by_kigou_and_bangou() -> None:
    value = {**YUCHO, "yucho_kigou": "１２３４５", "yucho_bangou": "12345671"}
    assert v.validate_bank_account(value, holder_kana="ヤマダ キョウコ") == {}
    stored = v.normalize_bank_account(value)
    assert stored["yucho_kigou"] == "12345"
    assert stored["yucho_bangou"] == "12345671"
    # The transfer form: 店番 = 2nd-3rd digits of the 記号 + 8, number without its final 1.
    assert stored["branch_code"] == "238"
    assert stored["account_number"] == "1234567"
    assert "bank_code" not in stored


def test_a_short_bangou_is_padded_to_seven_digits() -> None:
    assert v.yucho_transfer_account("10180", "123451") == ("018", "0012345")


def test_a_kigou_the_rule_does_not_cover_is_kept_without_a_derived_branch() -> None:
    stored = v.normalize_bank_account({**YUCHO, "yucho_kigou": "00120", "yucho_bangou": "123456"})
    assert "branch_code" not in stored
    assert stored["yucho_kigou"] == "00120"


@pytest.mark.parametrize(("kigou", "bangou", "bad"), [
    ("1234", "12345671", "yucho_kigou"),
    ("12345", "123456789", "yucho_bangou"),
    ("12345", "", "yucho_bangou"),
    ("1234a", "1", "yucho_kigou"),
])
def test_malformed_kigou_or_bangou(kigou: str, bangou: str, bad: str) -> None:
    issues = v.validate_bank_account({**YUCHO, "yucho_kigou": kigou, "yucho_bangou": bangou})
    assert set(issues) == {bad}
    assert "bank_code" not in issues


@pytest.mark.parametrize(("passbook", "claimant"), [
    ("ヤマタ゛ キヨウコ", "ヤマダ キョウコ"),  # 全銀 kana hold ﾞ as its own character; typed as ゛
    ("ハ゜ク ミン", "パク ミン"),
    ("ヤマダ キヨウコ", "ヤマダ・キョウコ"),  # ・ is not a 全銀 character: banks use a space
])
def test_dakuten_and_separators_as_banks_write_them(passbook: str, claimant: str) -> None:
    assert v.validate_katakana(passbook) == []
    assert v.bank_names_match(passbook, claimant)
    assert v.validate_bank_account({**ACCOUNT, "holder_kana": passbook}, holder_kana=claimant) == {}


@pytest.mark.parametrize(("passbook", "claimant"), [
    ("ﾔﾏﾀﾞ ｷﾖｳｺ", "ヤマダ キョウコ"),  # half-width ﾞ composes with its kana
    ("ｳﾞｧﾚﾘｰ ﾔﾏﾀﾞ", "ヴァレリー ヤマダ"),  # ｳﾞ is ヴ; small ｧ as ア; ｰ as -
])
def test_half_width_dakuten_and_vu_match(passbook: str, claimant: str) -> None:
    assert v.bank_names_match(passbook, claimant)
    assert v.validate_bank_account({**ACCOUNT, "holder_kana": passbook}, holder_kana=claimant) == {}


def test_the_server_takes_a_passbook_name_and_a_yucho_account_through_the_same_form_rules() -> None:
    # The stub validates a submission through the same FormState: what the wizard accepts for a
    # claimant ヤマダ キョウコ (a passbook's ﾔﾏﾀﾞ ｷﾖｳｺ, a ゆうちょ 記号・番号) the server accepts, and a
    # different name is refused there too.
    from app.forms.schema import load_form
    from app.jst import today_jst
    from backend_stub.network.forms import validate
    from tests.fixtures.stub import valid_application_data

    account = {"use_public_account": False, "yucho": True, "yucho_kigou": "12345", "yucho_bangou": "12345671",
               "account_type": "ordinary", "holder_kana": "ﾔﾏﾀﾞ ｷﾖｳｺ"}
    data = valid_application_data(**{"claimant.name_kana": "ヤマダ キョウコ", "payment.account": account})
    assert data["payment"]["account"]["branch_code"] == "238"
    spec = load_form("jidou-teate-nintei")

    def refused() -> dict[str, str]:  # the passbook copy the form asks for is not the point here
        found = validate(spec, data, [], today_jst())
        return {k: v for k, v in found.items() if not k.startswith("attachments.")}

    assert refused() == {}
    data["payment"]["account"]["holder_kana"] = "ヤマダ　キヨウタ"
    assert refused() == {"payment.account.holder_kana": "bank.holder_not_claimant"}
