"""Seed data of the portal side: agency holdings, years of network history, notices.

``seed_portal(db, residents, data_dir)`` is called by the core after it stores the demo
residents. It is idempotent (a resident is seeded once, marked in ``portal_seeded``) and
deterministic (choices come from generators seeded by the resident id). History records
are written by running real queries through the network, so refusals and not-held
outcomes come from the 別表第二 rules, not from the seed; they are placed relative to the
server clock and within the 7 years records are kept.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backend_stub.network import agencies, codes, history, network, pdf, portal, profiles
from backend_stub.network.network import Trigger
from backend_stub.network.profiles import Profile, Resident, age_on
from backend_stub.network.util import JST, derived_id, iso
from backend_stub.network.util import today as jst_today

_DEMO_NOTE = "（この書類は、デモ用の架空の住民あてに作られた見本です。）"


def yen(n: int) -> str:
    return f"{n:,}円"


def reiwa(year: int) -> str:
    return f"令和{year - 2018}年"


# 介護保険法（平成九年法律第百二十三号）第131条・第135条: a 第1号被保険者 whose 老齢等年金給付 is at
# least 18万円 a year pays by 特別徴収 from that pension (src:kure-kaigo-tokubetsu-choshu).
KAIGO_SPECIAL_COLLECTION_MIN = 180_000
PENSION_YEARLY = 1_782_000  # the demo pensioners' (fictional) annual pension


def newest_child_unclaimed(r: Resident, p: Profile) -> bool:
    """A newborn scenario: the newest child's 児童手当 has not been claimed yet."""
    return "newborn" in r.situations and bool(p.children)


def child_allowance_items(children: Iterable[dt.date], today: dt.date) -> list[dict[str, str]]:
    """The municipality's 児童手当 record once the allowance is granted for ``children``: a month,
    15,000円 under 3, 10,000円 from 3, 30,000円 from the third child, paid in even months
    (the rules from October 2024, src:nakatane-jidouteate-2024)."""
    kids = sorted(children)
    monthly = 0
    for i, b in enumerate(kids):
        monthly += 30_000 if i >= 2 else 15_000 if age_on(b, today) < 3 else 10_000
    return [
        {"label": "受給資格", "value": "認定済み"},
        {"label": "対象児童数", "value": f"{len(kids)}人"},
        {"label": "支給月額", "value": yen(monthly)},
        {"label": "支払月", "value": "偶数月（2・4・6・8・10・12月）"},
    ]


def genkyo_period(year: int) -> tuple[dt.date, dt.date]:
    """The filing period of the year's 児童扶養手当 現況届: 1 to 31 August (src:hiji-jifu-genkyo)."""
    return dt.date(year, 8, 1), dt.date(year, 8, 31)


def genkyo_filed_text(year: int) -> str:
    """What わたしの情報 shows once the year's 現況届 has been made."""
    return f"{reiwa(year)}8月 提出済み"


def genkyo_status(today: dt.date) -> str:
    """The 児童扶養手当 現況届 (due 1–31 August, src:hiji-jifu-genkyo) as of ``today``: the demo's
    single parent made every past year's in its period."""
    first, last = genkyo_period(today.year)
    if first <= today <= last:
        return f"{reiwa(today.year)}分 未提出（8月31日まで）"
    return genkyo_filed_text(today.year if today > last else today.year - 1)


def pension_premiums(r: Resident, p: Profile) -> str:
    """国民年金 premiums: 法定免除 for a 障害基礎年金 (1・2級) recipient or one on 生活扶助
    (国民年金法（昭和三十四年法律第百四十一号）第89条; src:kokuminnenkin-s34-141-art89)."""
    if not p.employed and ("welfare" in r.situations or "disability" in r.situations):
        return "法定免除（国民年金法第89条）"
    return "納付済み"


def fiscal_year(day: dt.date) -> int:
    """The 住民税 fiscal year (年度) whose assessment stands on ``day``: 住民税 is assessed in June."""
    return day.year if day.month >= 6 else day.year - 1


# 公的年金等控除額 for someone 65 or over whose income other than the pension is at most 1,000万円,
# with 公的年金等の収入金額 up to 330万円: 1,100,000円 from 令和3年度 (the income of 2020), 10万円
# lower than the 1,200,000円 before (src:kaizuka-kotekinenkin-kojo, src:miura-r3-zeiseikaisei).
PENSION_DEDUCTION_65 = 1_100_000
PENSION_DEDUCTION_65_BEFORE_R3 = 1_200_000
PENSION_DEDUCTION_TABLE_MAX = 3_300_000  # the flat amount holds up to this pension


def assessed_income_of_pension(pension: int, *, fy: int) -> int:
    """総所得金額 (公的年金等に係る雑所得) of a pensioner of 65 or over with no other income, in the
    住民税 of fiscal year ``fy``: the pension minus the 公的年金等控除 (src:kaizuka-kotekinenkin-kojo)."""
    if pension > PENSION_DEDUCTION_TABLE_MAX:
        raise ValueError("only the flat part of the deduction table is sourced")
    deduction = PENSION_DEDUCTION_65 if fy >= 2021 else PENSION_DEDUCTION_65_BEFORE_R3
    return max(0, pension - deduction)


def assessed_income(r: Resident, fy: int) -> int:
    """The resident's 総所得金額 in the 住民税 of fiscal year ``fy`` (the income of the year before):
    the one figure わたしの情報, the tax municipality's answers, notices and processing all use.

    生活保護: none. A pensioner of 65 or over (on 31 December of the income year) with no other
    income: the pension minus the 公的年金等控除. Anyone else: a fictional figure drawn once per
    resident and year (employees 280万–620万円; others one of a few steps)."""
    if "welfare" in r.situations or "minor" in r.situations:
        return 0
    p = profiles.profile(r, dt.date(fy, 6, 1))
    if not p.employed and age_on(r.birth_date, dt.date(fy - 1, 12, 31)) >= 65:
        return assessed_income_of_pension(PENSION_YEARLY, fy=fy)
    rng = random.Random(f"portal-seed/{r.id}/income/{fy}")
    if p.employed:
        return rng.randint(28, 62) * 100_000
    # A single parent on 児童扶養手当 here has no taxable income (the scenario's 非課税 household).
    if "single_parent" in r.situations:
        return 0
    return rng.choice([0, 1_480_000, 2_860_000, 3_920_000, 5_150_000])


def tax_items(r: Resident, fy: int) -> tuple[str, list[dict[str, str]]]:
    """(課税団体, items) of the resident's 住民税 of fiscal year ``fy``: levied by the municipality of
    the 1 January address (src:chihozeiho-318)."""
    taxer = profiles.profile(r, dt.date(fy, 6, 1)).tax_municipality
    income = assessed_income(r, fy)
    tax = max(0, int((income * 0.7 - 430_000) * 0.1)) // 100 * 100
    return taxer, [
        {"label": "年度", "value": f"令和{fy - 2018}年度"},
        {"label": "課税団体", "value": agencies.require(taxer).name},
        {"label": "総所得金額", "value": yen(income)},
        {"label": "市町村民税所得割額", "value": yen(int(tax * 0.6))},
        {"label": "道府県民税所得割額", "value": yen(int(tax * 0.4))},
        {"label": "課税区分", "value": "課税" if tax else "非課税"},
    ]


def holdings(r: Resident, p: Profile, rng: random.Random, today: dt.date) -> list[tuple[str, str, str, list]]:
    """(agency, category, information, items) an agency holds about the resident."""
    out: list[tuple[str, str, str, list]] = []
    taxer, tax_record = tax_items(r, fiscal_year(today))
    out.append((taxer, "tax", "地方税関係情報", tax_record))
    head = "本人" if not any(m.relation == "spouse" for m in r.household) or r.birth_date.month % 2 else "世帯主の配偶者"
    out.append((p.residence, "household", "住民票関係情報", [
        {"label": "世帯主との続柄", "value": "世帯主" if head == "本人" else "妻" if "spouse" in [m.relation for m in r.household] else head},
        {"label": "世帯員数", "value": f"{1 + sum(1 for m in r.household if m.lives_together)}人"},
        *([{"label": "転入日", "value": p.moved_on.isoformat()},
           {"label": "前住所地", "value": agencies.require(p.moved_from).name}] if p.moved_from and p.moved_on else []),
    ]))
    certified = p.children[:-1] if newest_child_unclaimed(r, p) else p.children
    if certified:
        out.append((p.residence, "child_allowance", "児童手当関係情報", child_allowance_items(certified, today)))
    if "single_parent" in r.situations:
        out.append((profiles.welfare_office(p.residence), "single_parent", "児童扶養手当関係情報", [
            {"label": "証書番号", "value": f"{rng.randint(100000, 999999)}"},
            {"label": "対象児童数", "value": f"{sum(1 for b in p.children if age_on(b, today) < 18)}人"},
            {"label": "現況届", "value": genkyo_status(today)},
        ]))
    if "newborn" in r.situations:
        # Before the 妊娠の届出 (the pregnancy scenario) the municipality knows nothing of it.
        out.append((p.residence, "maternal_child", "母子保健関係情報", [
            {"label": "妊娠の届出", "value": "届出済み"},
            {"label": "母子健康手帳", "value": "交付済み"},
            {"label": "新生児訪問", "value": "予定あり"},
        ]))
    if "nursery" in r.situations and p.children:
        out.append((p.residence, "nursery", "教育・保育給付関係情報", [
            {"label": "支給認定区分", "value": "2号認定" if age_on(p.children[-1], today) >= 3 else "3号認定"},
            {"label": "保育必要量", "value": "保育標準時間"},
            {"label": "利用施設", "value": "架空第一保育園"},
        ]))
    if "disability" in r.situations:
        out.append((agencies.prefecture_code(p.residence), "disability", "障害者関係情報", [
            {"label": "身体障害者手帳", "value": "交付済み（3級）"},
            {"label": "障害名", "value": "下肢機能障害"},
        ]))
    if "welfare" in r.situations:
        out.append((profiles.welfare_office(p.residence), "welfare", "生活保護関係情報", [
            {"label": "保護の状況", "value": "保護中"},
            {"label": "扶助の種類", "value": "生活扶助・住宅扶助・医療扶助"},
            {"label": "保護開始日", "value": "2021-04-01"},
        ]))
    pension_items = [
        {"label": "加入制度", "value": "厚生年金保険" if p.employed else "国民年金（第1号被保険者）"},
        {"label": "保険料納付状況", "value": pension_premiums(r, p)},
    ]
    if age_on(r.birth_date, today) >= 65:  # the 老齢 pension: pension-payment queries find it
        pension_items = [
            {"label": "受給年金", "value": "老齢基礎年金・老齢厚生年金"},
            {"label": "年金額（年額）", "value": yen(PENSION_YEARLY)},
        ]
    if "disability" in r.situations:
        pension_items.append({"label": "障害基礎年金", "value": "2級 受給中"})
    out.append(("nenkin-kikou", "pension", "年金給付関係情報", pension_items))
    if "welfare" not in r.situations:  # 生活保護 recipients leave 国保; 医療扶助 covers care
        out.append((p.insurer, "health_insurance", "医療保険給付関係情報", [
            {"label": "保険者", "value": agencies.require(p.insurer).name if not p.insurer.isdigit()
             else agencies.require(p.insurer).name + " 国民健康保険"},
            {"label": "資格", "value": "被保険者" if p.employed or r.id[-1] != "2" else "被扶養者"},
            {"label": "資格取得日", "value": "2019-04-01"},
            # No 限度額適用区分: the band follows 標準報酬月額 or 旧ただし書き所得 (区分オ for 住民税非課税)
            # under 70 and other bands from 70 (src:kitakata-koho-gendogaku, src:toshima-kourei-gendogaku);
            # the seed holds neither, so it names none.
        ]))
    # 介護保険: 65 and over (第1号), or 40–64 and in medical insurance (第2号); a 生活保護 recipient
    # under 65 is out of 国保 and so not insured (介護保険法第9条; src:kaigohoken-h09-123).
    if care_insured(r, today):
        first = age_on(r.birth_date, today) >= 65
        care = [
            {"label": "被保険者区分", "value": "第1号被保険者" if first else "第2号被保険者"},
            {"label": "要介護認定", "value": "なし"},
        ]
        if first:
            care.append({"label": "保険料の徴収方法", "value": "特別徴収（年金から差し引き）"
                         if kaigo_special_collection(r, today) else "普通徴収（納付書・口座振替）"})
        out.append((p.residence, "long_term_care", "介護保険給付等関係情報", care))
    out.append(("digital-agency", "public_account", "公金受取口座情報", [
        {"label": "金融機関", "value": "架空銀行"},
        {"label": "支店", "value": "本店営業部"},
        {"label": "口座種別", "value": "普通"},
        {"label": "口座番号", "value": "****" + f"{rng.randint(0, 999):03d}"},
        {"label": "名義", "value": "ご本人名義"},
    ]))
    return out


def _school_year_start_on_or_after(day: dt.date) -> dt.date:
    april = dt.date(day.year, 4, 1)
    return april if day <= april else dt.date(day.year + 1, 4, 1)


def _birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return dt.date(birth.year + years, 3, 1)


def preschool(birth: dt.date, today: dt.date) -> bool:
    """Born and not yet at school: school starts on the first 1 April after the day the child
    reaches 6, i.e. on or after the 6th birthday (学校教育法第17条; src:egov-gakkou-17,
    src:egov-gakkou-kisoku-59)."""
    return birth <= today < _school_year_start_on_or_after(_birthday(birth, 6))


def final_high_school_year_or_later(birth: dt.date, today: dt.date) -> bool:
    """From the school year in which the child reaches 18 (高校3年): JASSO's 予約採用 is for those
    finishing 高校 that year (src:jasso-yoyaku-shikaku)."""
    reached = _birthday(birth, 18) - dt.timedelta(days=1)
    start = _school_year_start_on_or_after(reached + dt.timedelta(days=1)) - dt.timedelta(days=1)
    return today >= dt.date(start.year - 1, 4, 1)


def care_insured(r: Resident, today: dt.date) -> bool:
    """Whether the resident is insured by 介護保険 (介護保険法第9条; src:kaigohoken-h09-123)."""
    age = age_on(r.birth_date, today)
    return age >= 65 or (age >= 40 and "welfare" not in r.situations)


# Municipalities that charge no 基本保育料 for any child, from the month of use given
# (千代田区: from the September 2025 use; src:chiyoda-hoikuryo).
NURSERY_FEE_FREE_FROM = {"131016": dt.date(2025, 9, 1)}


def nursery_fee_free(municipality_code: str, today: dt.date) -> bool:
    """Whether the municipality bills no 保育料 for this month."""
    start = NURSERY_FEE_FREE_FROM.get(municipality_code)
    return start is not None and today >= start


def kaigo_special_collection(r: Resident, today: dt.date) -> bool:
    """Whether a 第1号被保険者's 介護保険料 is taken from the pension (特別徴収)."""
    return age_on(r.birth_date, today) >= 65 and PENSION_YEARLY >= KAIGO_SPECIAL_COLLECTION_MIN


def local_tax(hold: list[tuple[str, str, str, list]]) -> tuple[str, int]:
    """(課税団体, 所得割額の合計) from the resident's seeded tax record."""
    for agency_code, category, _information, items in hold:
        if category == "tax":
            values = {i["label"]: i["value"] for i in items}
            total = sum(int(values[k].rstrip("円").replace(",", "")) for k in ("市町村民税所得割額", "道府県民税所得割額"))
            return agency_code, total
    return "", 0


def scenarios(r: Resident, p: Profile, today: dt.date) -> list[tuple[str, str, str, str, int, int]]:
    """Recurring queries: (requester, item, provider, information, month, day) each year."""
    muni = p.residence
    office = profiles.welfare_office(muni)
    out = []
    if p.children:
        out.append((muni, "75", "nenkin-kikou", "年金給付関係情報", 6, 3))  # 被用者 check for 児童手当
        out.append((muni, "74", p.tax_municipality, "地方税関係情報", 6, 10))
    if "nursery" in r.situations and any(preschool(b, today) for b in p.children):
        out.append((muni, "116", p.tax_municipality, "地方税関係情報", 9, 5))
        out.append((muni, "116", "nenkin-kikou", "国民年金法による障害基礎年金の支給に関する情報", 9, 5))
    if "single_parent" in r.situations:
        out.append((office, "57", p.tax_municipality, "地方税関係情報", 8, 20))
        out.append((office, "57", muni, "住民票関係情報", 8, 20))
        out.append((office, "57", "nenkin-kikou", "公的年金給付の支給に関する情報", 8, 21))
        out.append((muni, "64", office, "児童扶養手当関係情報", 4, 12))
    if "welfare" in r.situations:
        out.append((office, "26", muni, "地方税関係情報", 7, 1))
        out.append((office, "26", muni, "児童手当関係情報", 7, 1))
        if care_insured(r, today):  # only for someone 介護保険 insures
            out.append((muni, "94", office, "生活保護関係情報", 4, 15))
    if "disability" in r.situations:
        out.append(("nenkin-kikou", "48", muni, "地方税関係情報", 8, 2))
        # Row 108 (障害福祉サービス): the municipality asks whoever runs 生活保護 (a town: the
        # prefecture), or the tax municipality for income; src:bangouho-h27 別表第二 108.
        if "welfare" in r.situations:
            out.append((muni, "108", office, "生活保護関係情報", 10, 1))
        else:
            out.append((muni, "108", p.tax_municipality, "地方税関係情報", 10, 1))
    if not p.employed:
        out.append(("nenkin-kikou", "48", p.tax_municipality, "地方税関係情報", 7, 25))
    if p.insurer.isdigit():
        # 国保 asks about other insurance only for its own insured: 生活保護 recipients leave 国保.
        if "welfare" not in r.situations:
            out.append((p.insurer, "42", "kyokai-kenpo", "医療保険給付関係情報", 4, 8))
    else:
        out.append((p.insurer, "2" if p.insurer == "kyokai-kenpo" else "3", p.tax_municipality, "地方税関係情報", 8, 18))
    if age_on(r.birth_date, today) >= 65:
        out.append(("nenkin-kikou", "117", muni, "地方税関係情報", 9, 12))
    if any(final_high_school_year_or_later(b, today) for b in p.children):
        out.append(("jasso", "106", muni, "地方税関係情報", 10, 20))
        # Row 106 names pension payments from whoever pays them (src:bangouho-h27 別表第二 106).
        out.append(("jasso", "106", "nenkin-kikou", "国民年金法その他の法令による年金である給付の支給に関する情報", 5, 30))
    # Asked for without a row (rows 2 and 3 name no 生活保護関係情報): the network refuses, and the
    # resident can see that it did. Only the resident's own insurer asks: an agency holds a
    # resident's 符号 only for the 事務 it runs for them. _history keeps it only now and then.
    if not p.insurer.isdigit():
        out.append((p.insurer, REFUSED_DEMO_ROWS[p.insurer], muni, REFUSED_DEMO_INFORMATION, 11, 2))
    # Within one body the data is used directly, not through the network: no record.
    return [s for s in out if s[0] != s[2]]


# The seed's one refused query: an employees' health insurer asking for 生活保護関係情報 under
# its own row, which names none (別表第二 2 and 3; src:bangouho-h27).
REFUSED_DEMO_ROWS = {"kyokai-kenpo": "2", "hayate-kenpo": "3"}
REFUSED_DEMO_INFORMATION = "生活保護関係情報"


def _is_refused_demo(req: str, item: str, info: str) -> bool:
    return REFUSED_DEMO_ROWS.get(req) == item and info == REFUSED_DEMO_INFORMATION


# How many years of history the seed writes: what the retention period keeps (history.py).
HISTORY_YEARS = history.RETENTION_YEARS


def _at(now: dt.datetime, days_back: int, rng: random.Random) -> dt.datetime:
    day = (now - dt.timedelta(days=days_back)).date()
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59),
                       tzinfo=JST)


def _history(conn, r: Resident, now: dt.datetime) -> None:
    """Years of periodic queries and a few own lookups, placed relative to ``now`` (the stub's
    clock): each record lies a fixed number of days back, drawn from generators seeded by the
    resident and the record alone, so a demo seeded tomorrow is today's demo moved by one day."""
    cutoff = now - dt.timedelta(days=365 * HISTORY_YEARS)
    for k in range(HISTORY_YEARS + 1):
        mid = (now - dt.timedelta(days=365 * k + 182)).date()
        if mid < agencies.NETWORK_START:
            break
        items = scenarios(r, profiles.profile(r, mid), mid)
        for req, item, prov, info, month, day in items:
            rng = random.Random(f"portal-seed/{r.id}/{k}/{req}/{item}/{prov}/{info}")
            if _is_refused_demo(req, item, info) and rng.random() > 0.15:
                continue  # refusals are rare
            # Month and day place the query within its year, counted back from now.
            days_back = 365 * k + (12 - month) * 30 + (30 - day) + rng.randint(0, 6)
            moment = _at(now, days_back, rng)
            if moment < cutoff or moment >= now:
                continue
            if not (agencies.joined(req, moment.date()) and agencies.joined(prov, moment.date())):
                continue  # no agency appears before it joined the network
            network.query_for(conn, r.id, req, item, prov, info, trigger=Trigger("periodic"), at=moment)
    # A few views of わたしの情報 in the past.
    rng = random.Random(f"portal-seed/{r.id}/self-info")
    cats = [c for c in profiles.categories() if c["id"] in {"tax", "pension", "household", "health_insurance"}]
    for _ in range(rng.randint(2, 5)):
        c = rng.choice(cats)
        moment = _at(now, rng.randint(30, 365 * 3), rng)
        p = profiles.profile(r, moment.date())
        provider = profiles.provider_for(r, p, c["provider"])
        if agencies.joined(provider, moment.date()):
            network.self_info(conn, r.id, provider, c["id"], c["name"], c["information"], at=moment)


def _tax_years(conn, r: Resident, now: dt.datetime) -> None:
    """Each fiscal year's 住民税 assessment, held by that year's tax municipality from June (when it
    is assessed), so a past query finds what was held then (a former municipality too). The figures
    are tax_items's, the same わたしの情報 shows for the current year."""
    first = (now - dt.timedelta(days=365 * (HISTORY_YEARS + 1))).year
    for fy in range(first, now.year + 1):
        assessed = dt.datetime(fy, 6, 1, 6, tzinfo=JST)
        if assessed > now:
            break
        taxer, items = tax_items(r, fy)
        network.store_dated(conn, r.id, taxer, "tax", "地方税関係情報", items, assessed)


def _notices(conn, r: Resident, p: Profile, secret: bytes, today: dt.date,
             hold: list[tuple[str, str, str, list]] | None = None) -> None:
    muni = agencies.require(p.residence)

    def nid(tag: str) -> str:
        return derived_id(secret, "notice", r.id, tag)

    def at(days_ago: int, hour: int = 9) -> dt.datetime:
        return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 0), JST)

    portal.create_notice(conn, r.id, notice_id=nid("welcome"), title="マイナポータルのご利用ありがとうございます",
                         body="やりとり履歴、わたしの情報、お知らせ、子育てワンストップサービスをご利用いただけます。",
                         sender="デジタル庁", category="system", published_at=at(400), read=True)
    portal.create_notice(conn, r.id, notice_id=nid("account"), title="公金受取口座の登録が完了しました",
                         body="給付金などの受取に使う口座として登録されました。登録内容は「わたしの情報」で確認できます。",
                         sender="デジタル庁", category="system", published_at=at(300), read=True)
    if "single_parent" in r.situations:
        office = agencies.require(profiles.welfare_office(p.residence))
        genkyo = ("児童扶養手当を受給している方は、毎年8月1日から31日までに現況届の提出が必要です。"
                  "マイナポータルから現況届を事前送付し、来庁日時を予約できます。提出がないと11月分以降の手当が支給されません。")
        # The reminder of this year's 現況届 (sent mid-July, last year's before then). Its deadline
        # stands only while the 現況届 is still to be made: after 31 August わたしの情報 shows it
        # as 提出済み (genkyo_status), so the reminder is nothing the resident still has to do.
        year = today.year if today >= dt.date(today.year, 7, 15) else today.year - 1
        due = dt.date(year, 8, 31)
        portal.create_notice(
            conn, r.id, notice_id=nid("jifu-genkyo"), title="児童扶養手当 現況届の提出のお願い（事前送付）",
            body=genkyo,
            sender=office.name, category="child", published_at=dt.datetime(year, 7, 15, 9, tzinfo=JST),
            deadline=due if today <= due else None, read=today > due,
            attachments=(portal.Attachment("現況届のご案内.pdf", "application/pdf", pdf.text_pdf(
                "児童扶養手当 現況届のご案内", [f"{r.name} 様", genkyo, f"{office.name}", _DEMO_NOTE])),),
        )
        portal.create_notice(
            conn, r.id, notice_id=nid("jifu-pay"), title="児童扶養手当の支払のお知らせ",
            body="11月期の児童扶養手当（9月分・10月分）を、登録の口座へお支払いしました。",
            sender=office.name, category="child", published_at=at(15),
        )
    if "newborn" in r.situations and p.children:
        born = p.children[0]
        portal.create_notice(
            conn, r.id, notice_id=nid("jidou-nintei"), title="児童手当の認定請求をお忘れなく",
            body=("お子さまが生まれたときは、出生日の翌日から15日以内に児童手当の認定請求をしてください。"
                  "マイナポータルの子育てワンストップサービスから電子申請できます。"),
            sender=muni.name, category="child", published_at=dt.datetime.combine(born + dt.timedelta(days=1), dt.time(10), JST),
            deadline=born + dt.timedelta(days=15),
        )
    if "nursery" in r.situations and not nursery_fee_free(p.residence, today):
        portal.create_notice(
            conn, r.id, notice_id=nid("hoiku-fee"), title="保育料（今月分）の納付について",
            body="今月分の保育料を納付期限までに納めてください。ペイジーまたはクレジットカードで納付できます。",
            sender=muni.name, category="payment", published_at=at(6), deadline=today + dt.timedelta(days=14),
            payment_amount=23_500,
        )
        portal.create_notice(
            conn, r.id, notice_id=nid("hoiku-result"), title="保育施設等の利用調整結果のお知らせ",
            body="4月からの保育施設等の利用について、調整結果をお知らせします。詳しくは添付ファイルをご覧ください。",
            sender=muni.name, category="child", published_at=at(220), read=True,
            attachments=(portal.Attachment("利用調整結果通知書.pdf", "application/pdf", pdf.text_pdf(
                "保育施設等の利用調整結果通知書", [f"{r.name} 様",
                                          "4月からの保育施設等の利用について、利用調整の結果をお知らせします。",
                                          f"{muni.name}", _DEMO_NOTE])),),
        )
    if "pregnancy" in r.situations:
        portal.create_notice(
            conn, r.id, notice_id=nid("ninshin"), title="妊娠の届出と妊婦のための支援給付のご案内",
            body="妊娠の届出はマイナポータルから電子申請できます。届出後、母子健康手帳の交付と面談のご案内をお送りします。",
            sender=muni.name, category="child", published_at=at(20),
        )
    if age_on(r.birth_date, today) >= 65:
        if kaigo_special_collection(r, today):
            portal.create_notice(
                conn, r.id, notice_id=nid("kaigo-fee"), title="介護保険料の特別徴収（年金からの差し引き）について",
                body="今年度の介護保険料は、受給している年金から差し引かれます（特別徴収）。納付書による納付は不要です。",
                sender=muni.name, category="tax", published_at=at(10), read=True,
            )
        else:
            portal.create_notice(
                conn, r.id, notice_id=nid("kaigo-fee"), title="介護保険料（普通徴収）の納付について",
                body="介護保険料（普通徴収）の納付書をお送りします。納付期限までに納めてください。",
                sender=muni.name, category="payment", published_at=at(10), deadline=today + dt.timedelta(days=20),
                payment_amount=6_200,
            )
    taxer, tax = local_tax(hold or [])
    if tax > 0:  # a non-taxable resident receives no 税額決定 notice
        fy = today.year if today >= dt.date(today.year, 6, 10) else today.year - 1
        title = "住民税（特別徴収税額）の決定について" if p.employed else "住民税額の決定について"
        body = ("今年度の住民税額が決定しました。" + ("給与から差し引かれます。" if p.employed else "")
                + "税額の内訳は「わたしの情報」の「税・所得」で確認できます。")
        if taxer != p.residence:
            # 住民税 is levied by the municipality of the address on 1 January (賦課期日), for the
            # whole year, even after a move (src:chihozeiho-318, src:osaki-juminzei-tenshutsu).
            tax_muni = agencies.require(taxer).name
            body += (
                f"\n\nこのお知らせが{tax_muni}から届いている理由: 住民税は、その年の1月1日（賦課期日）に住所があった"
                f"市区町村が課税します（地方税法 第318条）。年の途中で引っ越しても、その年度の住民税を課税する市区町村は"
                f"変わりません。1月1日に{tax_muni}にお住まいだったため、{agencies.require(p.residence).name}に"
                f"引っ越した後も、今年度の住民税は{tax_muni}からのお知らせとなります。"
            )
        portal.create_notice(
            conn, r.id, notice_id=nid("tax"), title=f"{reiwa(fy)}度 {title}",
            body=body,
            sender=agencies.require(taxer).name, category="tax",
            published_at=dt.datetime(fy, 6, 10, 9, tzinfo=JST), read=True,
        )


def seed_resident(conn, r: Resident, secret: bytes, today: dt.date, now: dt.datetime | None = None) -> None:
    if "minor" in r.situations:  # a child resident: its own seed (seed_minor, below)
        seed_minor(conn, r, secret, today, now)
        return
    now = now or dt.datetime.combine(today, dt.time(12), JST)
    rng = random.Random(f"portal-seed/{r.id}")
    p = profiles.profile(r, today)
    hold = holdings(r, p, rng, today)
    for agency_code, category, information, items in hold:
        network.store(conn, r.id, agency_code, category, information, items,
                      updated_at=dt.datetime.combine(today - dt.timedelta(days=rng.randint(5, 200)), dt.time(6), JST))
    _tax_years(conn, r, now)
    _history(conn, r, now)
    _notices(conn, r, p, secret, today, hold)


def seed_portal(db: Any, residents: Iterable[Resident], data_dir: Path | None = None, today: dt.date | None = None,
                now: float | None = None) -> int:
    """Seed every resident not seeded yet; return how many were seeded. ``now`` is the stub
    clock's time (epoch seconds): the history is placed relative to it."""
    moment = dt.datetime.fromtimestamp(now, JST).replace(microsecond=0) if now is not None else None
    today = today or (moment.date() if moment else jst_today())
    done = 0
    for r in residents:
        with db.transaction() as conn:
            if conn.execute("SELECT 1 FROM portal_seeded WHERE resident_id = ?", (r.id,)).fetchone():
                continue
            secret = codes.network_secret(conn)
            seed_resident(conn, r, secret, today, moment)
            conn.execute("INSERT INTO portal_seeded (resident_id, seeded_at) VALUES (?, ?)",
                         (r.id, iso(dt.datetime.now(JST))))
            done += 1
    return done


# -- Children as residents of their own (代理人 demo) ---------------------------------------------
# A child in a parent's household (situation "minor") is seeded here, apart from the adults' seed:
# what the municipality and the parent's insurer hold about the child, a few years of the child's
# own やりとり履歴, and the child's notices. All of it fictional.


def _parents(conn, r: Resident) -> list[Any]:
    """The child's parents who are residents themselves (their My Number in the child's household)."""
    numbers = [m.my_number for m in r.household if m.relation == "parent"]
    if not numbers:
        return []
    from types import SimpleNamespace

    from backend_stub.server.residents import HouseholdMember  # data class only; no server state

    rows = conn.execute(
        f"SELECT id, name, birth_date, municipality_code, household_json, situations_json FROM residents"
        f" WHERE my_number IN ({','.join('?' * len(numbers))}) ORDER BY id", numbers).fetchall()
    import json as _json

    return [SimpleNamespace(id=row[0], name=row[1], birth_date=dt.date.fromisoformat(row[2]), municipality_code=row[3],
                            household=tuple(HouseholdMember.from_json(m) for m in _json.loads(row[4])),
                            situations=tuple(_json.loads(row[5]))) for row in rows]


def _checkups(birth: dt.date, today: dt.date) -> list[dict[str, str]]:
    """The 幼児健康診査 a municipality must give at 1歳6か月–2歳 and 3–4歳 (母子保健法第12条;
    src:boshihoken-s40-141-art12), as the municipality recorded them (fictional: every one attended)."""
    out: list[dict[str, str]] = []
    for label, months in (("1歳6か月児健康診査", 19), ("3歳児健康診査", 40)):
        day = _birthday(birth, months // 12) + dt.timedelta(days=(months % 12) * 30)
        if day <= today:
            out.append({"label": label, "value": f"受診済み（{day.isoformat()}）"})
    return out


def minor_holdings(r: Resident, parent: Any | None, rng: random.Random, today: dt.date) -> list[tuple[str, str, str, list]]:
    """(agency, category, information, items) held about a child: the 住民票, the insurer of the
    parent who insures the child, and the municipality's 母子保健 and 予防接種 records."""
    muni = r.municipality_code
    age = age_on(r.birth_date, today)
    out: list[tuple[str, str, str, list]] = [(muni, "household", "住民票関係情報", [
        {"label": "世帯主との続柄", "value": "子"},
        {"label": "世帯員数", "value": f"{1 + sum(1 for m in r.household if m.lives_together)}人"},
    ])]
    if parent is not None:
        pp = profiles.profile(parent, today)
        out.append((pp.insurer, "health_insurance", "医療保険給付関係情報", [
            {"label": "保険者", "value": agencies.require(pp.insurer).name if not pp.insurer.isdigit()
             else agencies.require(pp.insurer).name + " 国民健康保険"},
            {"label": "資格", "value": "被扶養者" if not pp.insurer.isdigit() else "被保険者"},
        ]))
    checkups = _checkups(r.birth_date, today)
    if checkups:
        out.append((muni, "maternal_child", "母子保健関係情報", checkups))
    shots = rng.randint(8, 14) if age < 6 else rng.randint(14, 20)
    last = today - dt.timedelta(days=rng.randint(40, 400))
    out.append((muni, "vaccination", "予防接種関係情報", [
        {"label": "定期の予防接種の記録", "value": f"{shots}件"},
        {"label": "最近の接種日", "value": last.isoformat()},
    ]))
    return out


def seed_minor(conn, r: Resident, secret: bytes, today: dt.date, now: dt.datetime | None = None) -> None:
    """Seed a child resident: holdings, a few of the child's own やりとり履歴 records and notices."""
    now = now or dt.datetime.combine(today, dt.time(12), JST)
    rng = random.Random(f"portal-seed/{r.id}")
    parents = _parents(conn, r)
    for agency_code, category, information, items in minor_holdings(r, parents[0] if parents else None, rng, today):
        network.store(conn, r.id, agency_code, category, information, items,
                      updated_at=dt.datetime.combine(today - dt.timedelta(days=rng.randint(5, 200)), dt.time(6), JST))
    # A few past views of the child's わたしの情報 (by the parent, before the portal kept a separate
    # record of proxies' actions): each is a real lookup through the network, so a record.
    for _ in range(rng.randint(2, 4)):
        c = profiles.category(rng.choice(["household", "health_insurance", "vaccination"]))
        assert c is not None
        moment = _at(now, rng.randint(30, 365 * 3), rng)
        if moment.date() <= r.birth_date:
            continue
        provider = r.municipality_code
        if c["id"] == "health_insurance" and parents:
            provider = profiles.profile(parents[0], moment.date()).insurer
        if agencies.joined(provider, moment.date()):
            network.self_info(conn, r.id, provider, c["id"], c["name"], c["information"], at=moment)
    muni = agencies.require(r.municipality_code)
    portal.create_notice(conn, r.id, notice_id=derived_id(secret, "notice", r.id, "welcome"),
                         title="マイナポータルのご利用ありがとうございます",
                         body="やりとり履歴、わたしの情報、お知らせをご利用いただけます。",
                         sender="デジタル庁", category="system",
                         published_at=dt.datetime.combine(today - dt.timedelta(days=200), dt.time(9), JST), read=True)
    if age_on(r.birth_date, today) < 6:
        portal.create_notice(conn, r.id, notice_id=derived_id(secret, "notice", r.id, "checkup"),
                             title="幼児健康診査の結果について",
                             body="先日の幼児健康診査の結果を「わたしの情報」の「母子保健」に登録しました。",
                             sender=muni.name, category="child",
                             published_at=dt.datetime.combine(today - dt.timedelta(days=60), dt.time(9), JST))
