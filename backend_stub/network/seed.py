"""Seed data of the portal side: agency holdings, years of network history, notices.

``seed_portal(db, residents, data_dir)`` is called by the core after it stores the demo
residents. It is idempotent (a resident is seeded once, marked in ``portal_seeded``) and
deterministic (choices come from a generator seeded by the resident id). History records
are written by running real queries through the network, so refusals and not-held
outcomes come from the 別表第二 rules, not from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backend_stub.network import agencies, codes, network, pdf, portal, profiles
from backend_stub.network.network import Trigger
from backend_stub.network.profiles import Profile, Resident, age_on
from backend_stub.network.util import JST, derived_id, iso

FIRST_DAY = dt.date(2017, 11, 13)  # local-government linkage went fully live in late 2017

_DEMO_NOTE = "（この書類は、デモ用の架空の住民あてに作られた見本です。）"


def yen(n: int) -> str:
    return f"{n:,}円"


def holdings(r: Resident, p: Profile, rng: random.Random, today: dt.date) -> list[tuple[str, str, str, list]]:
    """(agency, category, information, items) an agency holds about the resident."""
    out: list[tuple[str, str, str, list]] = []
    fy = today.year if today.month >= 6 else today.year - 1  # 住民税 is assessed in June
    reiwa = fy - 2018
    income = rng.choice([0, 1_480_000, 2_860_000, 3_920_000, 5_150_000]) if not p.employed else rng.randint(28, 62) * 100_000
    if "welfare" in r.situations:
        income = 0
    tax = max(0, int((income * 0.7 - 430_000) * 0.1)) // 100 * 100
    out.append((p.tax_municipality, "tax", "地方税関係情報", [
        {"label": "年度", "value": f"令和{reiwa}年度"},
        {"label": "課税団体", "value": agencies.require(p.tax_municipality).name},
        {"label": "総所得金額", "value": yen(income)},
        {"label": "市町村民税所得割額", "value": yen(int(tax * 0.6))},
        {"label": "道府県民税所得割額", "value": yen(int(tax * 0.4))},
        {"label": "課税区分", "value": "課税" if tax else "非課税"},
    ]))
    head = "本人" if not any(m.relation == "spouse" for m in r.household) or r.birth_date.month % 2 else "世帯主の配偶者"
    out.append((p.residence, "household", "住民票関係情報", [
        {"label": "世帯主との続柄", "value": "世帯主" if head == "本人" else "妻" if "spouse" in [m.relation for m in r.household] else head},
        {"label": "世帯員数", "value": f"{1 + sum(1 for m in r.household if m.lives_together)}人"},
        *([{"label": "転入日", "value": p.moved_on.isoformat()},
           {"label": "前住所地", "value": agencies.require(p.moved_from).name}] if p.moved_from and p.moved_on else []),
    ]))
    if p.children:
        monthly = 0
        for i, b in enumerate(sorted(p.children)):
            age = age_on(b, today)
            monthly += 30_000 if i >= 2 else 15_000 if age < 3 else 10_000
        out.append((p.residence, "child_allowance", "児童手当関係情報", [
            {"label": "受給資格", "value": "認定済み"},
            {"label": "対象児童数", "value": f"{len(p.children)}人"},
            {"label": "支給月額", "value": yen(monthly)},
            {"label": "支払月", "value": "偶数月（2・4・6・8・10・12月）"},
        ]))
    if "single_parent" in r.situations:
        out.append((profiles.welfare_office(p.residence), "single_parent", "児童扶養手当関係情報", [
            {"label": "証書番号", "value": f"{rng.randint(100000, 999999)}"},
            {"label": "支給区分", "value": "全部支給"},
            {"label": "支給月額", "value": yen(46_690)},
            {"label": "現況届", "value": "令和8年8月 提出済み"},
        ]))
    if "pregnancy" in r.situations or "newborn" in r.situations:
        items = [{"label": "妊娠の届出", "value": "届出済み" if "newborn" in r.situations else "未届出"}]
        if "newborn" in r.situations:
            items += [{"label": "母子健康手帳", "value": "交付済み"}, {"label": "新生児訪問", "value": "予定あり"}]
        out.append((p.residence, "maternal_child", "母子保健関係情報", items))
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
        {"label": "保険料納付状況", "value": "納付済み"},
    ]
    if age_on(r.birth_date, today) >= 65:
        pension_items = [
            {"label": "受給年金", "value": "老齢基礎年金・老齢厚生年金"},
            {"label": "年金額（年額）", "value": yen(1_782_000)},
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
            {"label": "限度額適用区分", "value": "区分ウ"},
        ]))
    if age_on(r.birth_date, today) >= 40:
        out.append((p.residence, "long_term_care", "介護保険給付等関係情報", [
            {"label": "被保険者区分", "value": "第1号被保険者" if age_on(r.birth_date, today) >= 65 else "第2号被保険者"},
            {"label": "要介護認定", "value": "なし"},
        ]))
    out.append(("digital-agency", "public_account", "公金受取口座情報", [
        {"label": "金融機関", "value": "架空銀行"},
        {"label": "支店", "value": "本店営業部"},
        {"label": "口座種別", "value": "普通"},
        {"label": "口座番号", "value": "****" + f"{rng.randint(0, 999):03d}"},
        {"label": "名義", "value": "ご本人名義"},
    ]))
    return out


def scenarios(r: Resident, p: Profile, today: dt.date) -> list[tuple[str, str, str, str, int, int]]:
    """Recurring queries: (requester, item, provider, information, month, day) each year."""
    muni, pref = p.residence, agencies.prefecture_code(p.residence)
    office = profiles.welfare_office(muni)
    out = []
    if p.children:
        out.append((muni, "75", "nenkin-kikou", "年金給付関係情報", 6, 3))  # 被用者 check for 児童手当
        out.append((muni, "74", p.tax_municipality, "地方税関係情報", 6, 10))
    if "nursery" in r.situations and p.children:
        out.append((muni, "116", p.tax_municipality, "地方税関係情報", 9, 5))
        out.append((muni, "116", "nenkin-kikou", "国民年金法による障害基礎年金の支給に関する情報", 9, 5))
    if "single_parent" in r.situations:
        out.append((office, "57", muni, "地方税関係情報", 8, 20))
        out.append((office, "57", muni, "住民票関係情報", 8, 20))
        out.append((office, "57", "nenkin-kikou", "公的年金給付の支給に関する情報", 8, 21))
        out.append((muni, "64", office, "児童扶養手当関係情報", 4, 12))
    if "welfare" in r.situations:
        out.append((office, "26", muni, "地方税関係情報", 7, 1))
        out.append((office, "26", muni, "児童手当関係情報", 7, 1))
        out.append((muni, "94", office, "生活保護関係情報", 4, 15))
    if "disability" in r.situations:
        out.append(("nenkin-kikou", "48", muni, "地方税関係情報", 8, 2))
        out.append((muni, "108", pref, "障害者関係情報", 10, 1))
    if not p.employed:
        out.append(("nenkin-kikou", "48", p.tax_municipality, "地方税関係情報", 7, 25))
    if p.insurer.isdigit():
        out.append((p.insurer, "42", "kyokai-kenpo", "医療保険給付関係情報", 4, 8))
    else:
        out.append((p.insurer, "2" if p.insurer == "kyokai-kenpo" else "3", p.tax_municipality, "地方税関係情報", 8, 18))
    if age_on(r.birth_date, today) >= 65:
        out.append(("nenkin-kikou", "117", muni, "地方税関係情報", 9, 12))
    if any(age_on(b, today) >= 15 for b in p.children):
        out.append(("jasso", "106", muni, "地方税関係情報", 10, 20))
    # Asked for without a row: the network refuses, and the resident can see that it did.
    out.append(("hayate-kenpo" if p.insurer != "hayate-kenpo" else "kyokai-kenpo", "3", muni, "生活保護関係情報", 11, 2))
    out.append(("jasso", "106", "nenkin-kikou", "年金給付関係情報", 5, 30))
    # Within one body the data is used directly, not through the network: no record.
    return [s for s in out if s[0] != s[2]]


def _history(conn, r: Resident, p: Profile, rng: random.Random, today: dt.date) -> None:
    for year in range(FIRST_DAY.year, today.year + 1):
        mid = min(dt.date(year, 7, 1), today)
        items = scenarios(r, profiles.profile(r, mid), mid)
        for n, (req, item, prov, info, month, day) in enumerate(items):
            refusal = n >= len(items) - 2
            if refusal and rng.random() > 0.15:
                continue  # refusals are rare
            when = dt.date(year, month, min(day + rng.randint(0, 6), 28))
            if when < FIRST_DAY or when >= today:
                continue
            moment = dt.datetime(when.year, when.month, when.day, rng.randint(8, 18), rng.randint(0, 59),
                                 rng.randint(0, 59), tzinfo=JST)
            network.query_for(conn, r.id, req, item, prov, info, trigger=Trigger("periodic"), at=moment)
    # A few views of わたしの情報 in the past.
    cats = [c for c in profiles.categories() if c["id"] in {"tax", "pension", "household", "health_insurance"}]
    for _ in range(rng.randint(2, 5)):
        c = rng.choice(cats)
        days = rng.randint(30, (today - FIRST_DAY).days)
        moment = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(rng.randint(7, 22), rng.randint(0, 59)), JST)
        provider = profiles.provider_for(r, p, c["provider"])
        network.self_info(conn, r.id, provider, c["id"], c["name"], c["information"], at=moment)


def _notices(conn, r: Resident, p: Profile, secret: bytes, today: dt.date) -> None:
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
        portal.create_notice(
            conn, r.id, notice_id=nid("jifu-genkyo"), title="児童扶養手当 現況届の提出のお願い（事前送付）",
            body=genkyo,
            sender=office.name, category="child", published_at=dt.datetime(today.year, 7, 15, 9, tzinfo=JST),
            deadline=dt.date(today.year, 8, 31), read=today > dt.date(today.year, 8, 31),
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
    if "nursery" in r.situations:
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
        portal.create_notice(
            conn, r.id, notice_id=nid("kaigo-fee"), title="介護保険料（第5期）の納付について",
            body="介護保険料（普通徴収）の納付書をお送りします。納付期限までに納めてください。",
            sender=muni.name, category="payment", published_at=at(10), deadline=today + dt.timedelta(days=20),
            payment_amount=6_200,
        )
    tax_body = "今年度の住民税額が決定しました。税額の内訳は「わたしの情報」の「税・所得」で確認できます。"
    if p.tax_municipality != p.residence:
        # 住民税 is levied by the municipality of the address on 1 January (賦課期日), for the
        # whole year, even after a move (src:chihozeiho-318, src:osaki-juminzei-tenshutsu).
        tax_muni = agencies.require(p.tax_municipality).name
        tax_body += (
            f"\n\nこのお知らせが{tax_muni}から届いている理由: 住民税は、その年の1月1日（賦課期日）に住所があった"
            f"市区町村が課税します（地方税法 第318条）。年の途中で引っ越しても、その年度の住民税を課税する市区町村は"
            f"変わりません。1月1日に{tax_muni}にお住まいだったため、{agencies.require(p.residence).name}に"
            f"引っ越した後も、今年度の住民税は{tax_muni}からのお知らせとなります。"
        )
    portal.create_notice(
        conn, r.id, notice_id=nid("tax"), title="住民税（特別徴収税額）の決定について",
        body=tax_body,
        sender=agencies.require(p.tax_municipality).name, category="tax", published_at=dt.datetime(today.year, 6, 10, 9, tzinfo=JST),
        read=True,
    )


def seed_resident(conn, r: Resident, secret: bytes, today: dt.date) -> None:
    rng = random.Random(f"portal-seed/{r.id}")
    p = profiles.profile(r, today)
    for agency_code, category, information, items in holdings(r, p, rng, today):
        network.store(conn, r.id, agency_code, category, information, items,
                      updated_at=dt.datetime.combine(today - dt.timedelta(days=rng.randint(5, 200)), dt.time(6), JST))
    _history(conn, r, p, rng, today)
    _notices(conn, r, p, secret, today)


def seed_portal(db: Any, residents: Iterable[Resident], data_dir: Path | None = None, today: dt.date | None = None) -> int:
    """Seed every resident not seeded yet; return how many were seeded."""
    today = today or dt.date.today()
    done = 0
    for r in residents:
        with db.transaction() as conn:
            if conn.execute("SELECT 1 FROM portal_seeded WHERE resident_id = ?", (r.id,)).fetchone():
                continue
            secret = codes.network_secret(conn)
            seed_resident(conn, r, secret, today)
            conn.execute("INSERT INTO portal_seeded (resident_id, seeded_at) VALUES (?, ?)",
                         (r.id, iso(dt.datetime.now(JST))))
            done += 1
    return done
