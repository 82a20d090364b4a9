"""Field validation rules for the online application forms.

Every rule returns a list of `ValidationIssue`s: a stable code and the parameters the UI
needs to word the message (ja/en templates live in resources/forms/messages.json).
Issues never carry the value that was checked, so personal data cannot leak into logs
through them. Normalisers return what the form should store (e.g. full-width katakana).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

ParamValue = str | int


class Severity(enum.Enum):
    """How an issue affects submission: only errors block it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class ValidationIssue:
    """One finding about one value: a message code plus the parameters to word it."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


def _issue(code: str, severity: Severity = Severity.ERROR, **params: ParamValue) -> ValidationIssue:
    return ValidationIssue(code, dict(params), severity)


# --- digits -------------------------------------------------------------------------------

_SEPARATORS = str.maketrans("", "", " -‐‑‒–—―ー−")


def normalize_digits(value: str) -> str:
    """Full-width digits to ASCII (NFKC) and hyphens/spaces removed."""
    return unicodedata.normalize("NFKC", value).translate(_SEPARATORS)


# --- 個人番号 -----------------------------------------------------------------------------

_MY_NUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def my_number_check_digit(base11: str) -> int:
    """The check digit for the first 11 digits of a 個人番号 (総務省令第85号 第5条)."""
    if len(base11) != 11 or not base11.isascii() or not base11.isdigit():
        raise ValueError("expected 11 ASCII digits")
    r = sum(int(d) * w for d, w in zip(base11, _MY_NUMBER_WEIGHTS, strict=True)) % 11
    return 0 if r <= 1 else 11 - r


def normalize_my_number(value: str) -> str:
    return normalize_digits(value)


MY_NUMBER_MASK = "●●●● ●●●● ●●●●"


def mask_my_number(value: str) -> str:
    """A 個人番号 for display: hidden but for its last four digits (``●●●● ●●●● 6323``), enough
    for a resident to tell it is theirs. Anything that is not a whole 12-digit number shows no
    digit at all (a half-typed number would otherwise show in full); no number shows as ``""``."""
    digits = normalize_my_number(value)
    if not digits:
        return ""
    if len(digits) == 12 and digits.isascii() and digits.isdigit():
        return MY_NUMBER_MASK[:-4] + digits[-4:]
    return MY_NUMBER_MASK


def validate_my_number(value: str) -> list[ValidationIssue]:
    """12 digits (full-width and separators accepted) with a correct check digit."""
    digits = normalize_my_number(value)
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return [_issue("my_number.format", length=12)]
    if my_number_check_digit(digits[:11]) != int(digits[11]):
        return [_issue("my_number.check_digit")]
    return []


# --- katakana -----------------------------------------------------------------------------

_KATAKANA_EXTRA = {"ー", "・", "　"}


def _is_katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch in _KATAKANA_EXTRA


# A dakuten or handakuten typed as its own character (゛ ゜, as a passbook's half-width ﾞ ﾟ
# reads) is joined to its kana: NFKC composes only the combining marks.
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value.translate(_SPACING_MARKS))


def normalize_katakana(value: str) -> str:
    """Half-width katakana to full-width (NFKC), a typed ゛/゜ joined to its kana; any run of
    spaces to one full-width space."""
    text = _nfkc(value).strip()
    text = re.sub(r"[ \u3000]+", "\u3000", text)
    # NFKC maps the half-width prolonged sound mark to U+30FC already; hyphen-like
    # characters after katakana are a common typing slip for ー.
    return re.sub(r"(?<=[ァ-ヺ])[-‐−―]", "ー", text)


def hiragana_to_katakana(value: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in value)


def validate_katakana(value: str, *, max_length: int | None = None) -> list[ValidationIssue]:
    """Full-width katakana (after normalisation), telling how to fix what is not."""
    text = normalize_katakana(value)
    if not text:
        return [_issue("required")]
    for position, ch in enumerate(text, start=1):
        if _is_katakana(ch):
            continue
        if "ぁ" <= ch <= "ゖ":
            # Safe to echo: the suggestion is the resident's own input, shown back to them only.
            return [_issue("kana.hiragana", position=position, suggestion=hiragana_to_katakana(text))]
        if ch.isascii() and ch.isalpha():
            return [_issue("kana.latin", position=position)]
        return [_issue("kana.invalid_char", position=position, char=ch)]
    if max_length is not None and len(text) > max_length:
        return [_issue("text.too_long", max=max_length)]
    return []


# --- text and numbers ---------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def validate_text(
    value: str, *, min_length: int | None = None, max_length: int | None = None, multiline: bool = False
) -> list[ValidationIssue]:
    if _CONTROL.search(value) or (not multiline and "\n" in value):
        return [_issue("text.control_char")]
    length = len(value.strip())
    if min_length is not None and length < min_length:
        return [_issue("text.too_short", min=min_length)]
    if max_length is not None and length > max_length:
        return [_issue("text.too_long", max=max_length)]
    return []


def validate_number(value: object, *, minimum: int | None = None, maximum: int | None = None) -> list[ValidationIssue]:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).replace(",", "").strip()
            if not re.fullmatch(r"-?[0-9]+", text):
                return [_issue("number.format")]
            value = int(text)
        else:
            return [_issue("number.format")]
    if minimum is not None and value < minimum:
        return [_issue("number.too_small", min=minimum)]
    if maximum is not None and value > maximum:
        return [_issue("number.too_large", max=maximum)]
    return []


# --- dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    """A Japanese era (元号): its name, Latin initial, and first day."""

    name: str
    initial: str
    first_day: dt.date


# Newest first. 令和 from 2019-05-01 (src:egov-gengo-reiwa), 平成 from 1989-01-08
# (src:egov-gengo-heisei), 昭和 from 1926-12-25 (src:archives-showa-kaigen). Earlier eras are not
# read or shown: no resident's form date needs them, and an unsourced boundary is not guessed.
ERAS = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
)
_ERA_BY_TOKEN = {token: era for era in ERAS for token in (era.name, era.initial)}

_WESTERN = re.compile(r"([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))")
_WAREKI = re.compile(r"(令和|平成|昭和|[RHS])(元|[0-9]{1,2})[年./-]([0-9]{1,2})[月./-]([0-9]{1,2})日?")
# A date in an era that is not read (大正, 明治): the resident is asked for 西暦, not told of a typo.
_EARLIER_ERA = re.compile(r"(大正|明治|[TM])(元|[0-9]{1,2})[年./-]([0-9]{1,2})[月./-]([0-9]{1,2})日?")


def era_of(day: dt.date) -> Era | None:
    """The era a date belongs to, or None before 昭和."""
    return next((era for era in ERAS if day >= era.first_day), None)


def _era_end(era: Era) -> dt.date | None:
    index = ERAS.index(era)
    return None if index == 0 else ERAS[index - 1].first_day - dt.timedelta(days=1)


def wareki(day: dt.date) -> str | None:
    """A date in 和暦, e.g. '令和2年5月1日' (the first year is 元年); None before 昭和."""
    era = era_of(day)
    if era is None:
        return None
    year = day.year - era.first_day.year + 1
    return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def parse_date_checked(value: str) -> tuple[dt.date | None, ValidationIssue | None]:
    """A date written the way residents write it, or the reason it is not one.

    Accepted (full- or half-width, spaces ignored): 2020-05-01, 2020/5/1, 2020.5.1, 20200501,
    2020年5月1日, 令和2年5月1日, 令和元年5月1日, R2.5.1, R2/5/1, H31.4.30 (R/H/S in either case).
    Reasons: ``date.format`` (not a date at all), ``date.era_unsupported`` (大正・明治: write 西暦),
    ``date.nonexistent`` (e.g. 1994-02-30),
    ``date.era_before_start`` / ``date.era_after_end`` (e.g. 令和元年4月1日, 平成31年5月1日).
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
    m = _WAREKI.fullmatch(text)
    if m is not None:
        era = _ERA_BY_TOKEN[m[1]]
        year = 1 if m[2] == "元" else int(m[2])
        if year == 0:
            return None, _issue("date.nonexistent")
        parts = (era.first_day.year + year - 1, int(m[3]), int(m[4]))
    else:
        w = _WESTERN.fullmatch(text)
        if w is None:
            if _EARLIER_ERA.fullmatch(text) is not None:
                return None, _issue("date.era_unsupported")
            return None, _issue("date.format")
        parts = (int(w[1]), int(w[2] or w[4]), int(w[3] or w[5]))
        era = None
    try:
        day = dt.date(*parts)
    except ValueError:
        return None, _issue("date.nonexistent")
    if era is not None:
        if day < era.first_day:
            return None, _issue("date.era_before_start", era=era.name, first=era.first_day.isoformat())
        end = _era_end(era)
        if end is not None and day > end:
            return None, _issue("date.era_after_end", era=era.name, last=end.isoformat())
    return day, None


def parse_date(value: str) -> dt.date | None:
    """A date in any form `parse_date_checked` accepts (Western or 和暦), or None."""
    return parse_date_checked(value)[0]


def date_with_wareki(value: object) -> str:
    """How a date is shown to a resident: '2020-05-01（令和2年5月1日）'. Anything that is not a
    date is returned as text unchanged; a date before 昭和 is shown without 和暦."""
    text = "" if value is None else str(value)
    day = parse_date(text) if isinstance(value, str) else value if isinstance(value, dt.date) else None
    if day is None:
        return text
    era = wareki(day)
    return day.isoformat() if era is None else f"{day.isoformat()}（{era}）"


def validate_date(
    value: str,
    *,
    today: dt.date,
    not_future: bool = False,
    not_past: bool = False,
    max_days_past: int | None = None,
    max_days_ahead: int | None = None,
) -> list[ValidationIssue]:
    parsed, problem = parse_date_checked(value)
    if parsed is None:
        return [problem or _issue("date.format")]
    if not_future and parsed > today:
        return [_issue("date.future")]
    if not_past and parsed < today:
        return [_issue("date.past")]
    if max_days_past is not None and parsed < today - dt.timedelta(days=max_days_past):
        return [_issue("date.too_old", days=max_days_past)]
    if max_days_ahead is not None and parsed > today + dt.timedelta(days=max_days_ahead):
        return [_issue("date.too_far", days=max_days_ahead)]
    return []


def _birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(birth.year + years, 3, 1)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years on a date (a 29 February birthday counts from 1 March)."""
    years = on.year - birth.year
    return years if _birthday(birth, years) <= on else years - 1


def age_reached_on(birth: dt.date, on: dt.date) -> int:
    """The age reached in law on a date: one reaches an age on the day before the birthday
    (年齢計算ニ関スル法律, as end_of_school_year_of_age counts it)."""
    if on == dt.date.max:  # the calendar has no next day: a 1 January birthday is the one reached
        return age_on(birth, on) + (1 if (birth.month, birth.day) == (1, 1) else 0)
    return age_on(birth, on + dt.timedelta(days=1))


def end_of_school_year_of_age(birth: dt.date, age: int) -> dt.date:
    """The first 31 March on or after the day one 'reaches' `age` (the day before the birthday).

    This is how 児童手当法 bounds 高校生年代 (age 18) and the 多子加算 count (age 22):
    a child born on 1 April belongs to the earlier school year.
    """
    reached = _birthday(birth, age) - dt.timedelta(days=1)
    march31 = dt.date(reached.year, 3, 31)
    return march31 if reached <= march31 else dt.date(reached.year + 1, 3, 31)


def validate_school_age_band(
    birth_value: str, *, today: dt.date, after_age: int | None = None, until_age: int | None = None
) -> list[ValidationIssue]:
    """The child is past the school year of `after_age` and within the one of `until_age`."""
    birth = parse_date(birth_value)
    if birth is None:
        return [_issue("date.format")]
    if until_age is not None:
        limit = end_of_school_year_of_age(birth, until_age)
        if today > limit:
            return [_issue("child.over_age", age=until_age, limit_date=limit.isoformat())]
    if after_age is not None:
        limit = end_of_school_year_of_age(birth, after_age)
        if today <= limit:
            return [_issue("child.under_age_band", age=after_age, limit_date=limit.isoformat())]
    return []


def validate_within_school_age(birth: dt.date, *, on: dt.date, until_age: int) -> list[ValidationIssue]:
    """`on` (e.g. a start date) falls within the school year of `until_age`: for 6, a child starts
    primary school at the first school year after the day following the 6th birthday reached
    (学校教育法第17条第1項, src:egov-gakkou-17), so a date from that 1 April on is refused."""
    try:
        limit = end_of_school_year_of_age(birth, until_age)
    except (ValueError, OverflowError):  # a birth date near the calendar's end: its own issue says so
        return []
    if on > limit:
        return [_issue("date.after_school_age", limit_date=limit.isoformat())]
    return []


FIFTEEN_DAYS = 15


def fifteen_day_rule(event_value: str, *, claim_date: dt.date, relevant_days: int = 60) -> list[ValidationIssue]:
    """児童手当's 15-day rule, as a note: payment starts the month after the event when the
    claim is made within 15 days of it, otherwise the month after the claim.

    Events older than `relevant_days` get no note: a child born years ago is listed because
    of some other event (a move), and a warning about the birth date would only mislead."""
    event = parse_date(event_value)
    if event is None or event > claim_date or (claim_date - event).days > relevant_days:
        return []
    deadline = event + dt.timedelta(days=FIFTEEN_DAYS)
    if claim_date <= deadline:
        return [_issue("rule15.within", Severity.INFO, deadline=deadline.isoformat())]
    return [_issue("rule15.missed", Severity.WARNING, deadline=deadline.isoformat())]


# --- postal code, phone -------------------------------------------------------------------


def normalize_postal_code(value: str) -> str:
    """'1234567' or '123-4567' (any width) → '123-4567'; other input is returned trimmed."""
    digits = normalize_digits(value).lstrip("〒")
    if len(digits) == 7 and digits.isascii() and digits.isdigit():
        return f"{digits[:3]}-{digits[3:]}"
    return value.strip()


def validate_postal_code(value: str) -> list[ValidationIssue]:
    digits = normalize_digits(value).lstrip("〒")
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit():
        return [_issue("postal_code.format")]
    return []


def normalize_phone(value: str) -> str:
    return normalize_digits(value).replace("(", "").replace(")", "")


def validate_phone(value: str) -> list[ValidationIssue]:
    """A domestic number: starts with 0, 10 digits (fixed line) or 11 (mobile, 050, 0120)."""
    digits = normalize_phone(value)
    if digits.startswith("+81"):
        digits = "0" + digits[3:]
    if not digits.isascii() or not digits.isdigit() or not digits.startswith("0"):
        return [_issue("phone.format")]
    if len(digits) not in (10, 11):
        return [_issue("phone.length")]
    return []


# --- bank account -------------------------------------------------------------------------

ACCOUNT_TYPES = ("ordinary", "current", "savings")  # 普通, 当座, 貯蓄


def _digits_field(value: object, length: int, code: str) -> list[ValidationIssue]:
    text = normalize_digits(value) if isinstance(value, str) else ""
    if len(text) != length or not text.isascii() or not text.isdigit():
        return [_issue(code, length=length)]
    return []


# Passbook names are held in the 全銀 character set, which has no small kana, no ー and no ・:
# banks record キョウコ as キヨウコ and ー as a hyphen, in half-width with ﾞ/ﾟ as characters of
# their own, with Latin letters upper-cased (src:zengin-kana-jinjer, src:mufg-furikomi-kana).
# Names are compared in that form; a ・ between names counts as the space a bank writes there.
_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_LONG_VOWEL_MARKS = str.maketrans(dict.fromkeys("ー-‐‑‒–—―−", "-"))


def bank_name_key(value: str) -> str:
    """A kana name as a bank compares it: width folded, a typed ゛/゜ joined to its kana,
    hiragana as katakana, small kana as large, every long-vowel mark or hyphen as '-', spaces
    and ・ dropped, Latin upper-cased."""
    text = hiragana_to_katakana(_nfkc(value))
    text = text.translate(_SMALL_KANA).translate(_LONG_VOWEL_MARKS)
    return re.sub(r"[\s・]+", "", text).upper()


def bank_names_match(a: str, b: str) -> bool:
    """Whether two kana names are the same name for a bank (キョウコ and キヨウコ are)."""
    return bank_name_key(a) == bank_name_key(b)


# ゆうちょ銀行: an account is known by its 記号 (5 digits) and 番号 (up to 8 digits). For a 記号
# starting with 1 (総合口座・通常貯金・通常貯蓄貯金) the 店番 for transfers is the 記号's 2nd-3rd
# digits followed by 8, and the account number is the 番号 without its last digit 「1」
# (src:yucho-kigou-bangou). Other 記号 are kept as they are, without a derived 店番.
YUCHO_KIGOU_LENGTH = 5
YUCHO_BANGOU_MAX = 8


def yucho_transfer_account(kigou: str, bangou: str) -> tuple[str, str] | None:
    """(店番, 7-digit 口座番号) for a 記号・番号, or None when the official rule does not apply."""
    k, b = normalize_digits(kigou), normalize_digits(bangou)
    if not (len(k) == YUCHO_KIGOU_LENGTH and k.isascii() and k.isdigit() and k.startswith("1")):
        return None
    if not (2 <= len(b) <= YUCHO_BANGOU_MAX and b.isascii() and b.isdigit() and b.endswith("1")):
        return None
    return k[1:3] + "8", b[:-1].zfill(7)


def _yucho_checks(value: Mapping[str, object]) -> dict[str, list[ValidationIssue]]:
    kigou = value.get("yucho_kigou")
    bangou = value.get("yucho_bangou")
    k = normalize_digits(kigou) if isinstance(kigou, str) else ""
    b = normalize_digits(bangou) if isinstance(bangou, str) else ""
    checks: dict[str, list[ValidationIssue]] = {}
    if len(k) != YUCHO_KIGOU_LENGTH or not k.isascii() or not k.isdigit():
        checks["yucho_kigou"] = [_issue("bank.yucho_kigou", length=YUCHO_KIGOU_LENGTH)]
    if not 1 <= len(b) <= YUCHO_BANGOU_MAX or not b.isascii() or not b.isdigit():
        checks["yucho_bangou"] = [_issue("bank.yucho_bangou", max=YUCHO_BANGOU_MAX)]
    return checks


def validate_bank_account(
    value: Mapping[str, object], *, allow_public_account: bool = True, holder_kana: str | None = None
) -> dict[str, list[ValidationIssue]]:
    """A bank account, a ゆうちょ 記号・番号 (``yucho: true``), or the choice of the
    公金受取口座. Issues are keyed by sub-field.

    `holder_kana`, when given, is the claimant's name in kana: the account must be in the
    claimant's own name, compared the way banks compare names (`bank_names_match`).
    """
    out: dict[str, list[ValidationIssue]] = {}
    if value.get("use_public_account") is True:
        if not allow_public_account:
            out["use_public_account"] = [_issue("bank.public_account_not_allowed")]
        return out
    if value.get("yucho") is True:
        checks = _yucho_checks(value)
    else:
        checks = {
            "bank_code": _digits_field(value.get("bank_code"), 4, "bank.bank_code"),
            "branch_code": _digits_field(value.get("branch_code"), 3, "bank.branch_code"),
            "account_number": _digits_field(value.get("account_number"), 7, "bank.account_number"),
        }
    if value.get("account_type") not in ACCOUNT_TYPES:
        checks["account_type"] = [_issue("bank.account_type")]
    holder = value.get("holder_kana")
    if not isinstance(holder, str) or not holder.strip():
        checks["holder_kana"] = [_issue("required")]
    else:
        holder_issues = validate_katakana(holder, max_length=60)
        if not holder_issues and holder_kana and not bank_names_match(holder, holder_kana):
            holder_issues = [_issue("bank.holder_not_claimant")]
        checks["holder_kana"] = holder_issues
    return {k: v for k, v in checks.items() if v}


def normalize_bank_account(value: Mapping[str, object]) -> dict[str, object]:
    if value.get("use_public_account") is True:
        return {"use_public_account": True}
    out: dict[str, object] = {"use_public_account": False}
    if value.get("yucho") is True:
        out["yucho"] = True
        for key in ("yucho_kigou", "yucho_bangou"):
            raw = value.get(key)
            out[key] = normalize_digits(raw) if isinstance(raw, str) else raw
        kigou, bangou = out["yucho_kigou"], out["yucho_bangou"]
        derived = yucho_transfer_account(kigou, bangou) if isinstance(kigou, str) and isinstance(bangou, str) else None
        if derived is not None:
            out["branch_code"], out["account_number"] = derived
    else:
        for key in ("bank_code", "branch_code", "account_number"):
            raw = value.get(key)
            out[key] = normalize_digits(raw) if isinstance(raw, str) else raw
    out["account_type"] = value.get("account_type")
    holder = value.get("holder_kana")
    out["holder_kana"] = normalize_katakana(holder) if isinstance(holder, str) else holder
    for key in ("bank_name", "branch_name"):
        if isinstance(value.get(key), str):
            out[key] = value[key]
    return out


# --- attachments --------------------------------------------------------------------------

_MAGIC: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_attachment_file(
    *, mime: str, content: bytes, accepted: tuple[str, ...], max_bytes: int
) -> list[ValidationIssue]:
    """Type from the list, size within the limit, and content that really is of that type."""
    if mime not in accepted:
        return [_issue("attachment.type", accepted=", ".join(accepted))]
    if not content:
        return [_issue("attachment.empty")]
    if len(content) > max_bytes:
        return [_issue("attachment.too_large", max_bytes=max_bytes, size=len(content))]
    magic = _MAGIC.get(mime)
    if magic is not None and not content.startswith(magic):
        return [_issue("attachment.content_mismatch", mime=mime)]
    return []


# Bidi controls that can make a name display as something else (Trojan Source, CVE-2021-42574):
# every character with Unicode's Bidi_Control property, U+061C ARABIC LETTER MARK included.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (Cc, NUL included), the line and paragraph separators (Zl, Zp), which break a
# line as "\n" does, format characters (Cf: zero-width spaces and joiners, the BOM, the soft hyphen,
# interlinear annotation, tag characters), private-use characters (Co: shown as anything a font
# likes) and unassigned code points and lone surrogates (Cn, Cs).
_REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cf", "Co", "Cn", "Cs"})
# Unicode's Default_Ignorable_Code_Point ranges (src:unicode-default-ignorable): drawn as nothing,
# so two names that look the same can differ. Many are Cf already; the rest are here.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Look-alikes of the path separators (and of ":" that names a stream or a drive): Windows'
# "best fit" conversion to a legacy code page turns several of them into the real "/" "\" ":",
# and the rest read as one to a person.
_SEPARATOR_LOOKALIKES = frozenset(
    "\uff0f\uff3c\u2215\u2216\u29f8\u29f9\u2044\u29f5\ufe68\u2571\u2572\u27cb\u27cd\uff1a\ufe55\ufe13\u2236"
)
# Characters Windows does not take in a name: ":" names an alternate data stream or a drive
# ("a.pdf:evil", "C:x.pdf"), and < > " | ? * (src:ms-naming-a-file).
_WINDOWS_RESERVED_CHARS = frozenset(':<>"|?*')
# Device names that Windows reserves, alone or followed by an extension ("NUL.txt", "NUL.tar.gz"),
# case-insensitively (src:ms-naming-a-file).
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")}
)


def _ignorable(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _IGNORABLE)


def attachment_name_ok(name: str) -> bool:
    """A file name shown to people, never used as a path, that reads as what it is on any desktop.

    Refused: path separators and their look-alikes, control, format, invisible, private-use and
    unassigned characters, bidi controls, and what Windows takes for something else: a stream or
    drive (":"), its reserved characters and device names (CON, NUL.txt, COM1...), and a name
    ending in a dot or a space (src:ms-naming-a-file). The backend refuses any other name (400
    ``invalid_form``, docs/api.md); the client checks the same rule when a file is attached and
    before the signing PIN.
    """
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        return False
    if name[-1] in ". \u3000" or not name.strip(" \u3000."):
        return False
    for ch in name:
        if (ch in _BIDI or ch in _SEPARATOR_LOOKALIKES or ch in _WINDOWS_RESERVED_CHARS
                or unicodedata.category(ch) in _REFUSED_CATEGORIES or _ignorable(ch)):
            return False
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() not in _WINDOWS_DEVICES


def validate_attachment_name(name: str) -> list[ValidationIssue]:
    return [] if attachment_name_ok(name) else [_issue("attachment.name")]
