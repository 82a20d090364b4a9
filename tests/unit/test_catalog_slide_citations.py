"""A service cites the 2016 slides only for what the slides say about it (issue 15, point 15).

The slides' table 「マイナンバー制度の情報連携により省略可能な書類の例（H28.9月現在 未定稿）」
(src:slides-2016-linkage) lists, among 子育て procedures, 里親の認定, 小児慢性特定疾病児童等に対する
医療費助成, 児童扶養手当, 寡婦福祉資金貸付 and ひとり親家庭等日常生活支援事業. It says nothing of
予防接種, so 予防接種's documents cannot rest on it; their row is 別表第二 18 (src:bangouho-h27).
"""

from __future__ import annotations

from tests.unit.test_network_http import auth, get

# Catalog services and the slides' row for them (申請項目, as the slides word it).
LISTED_IN_SLIDES = {
    "shouman-iryouhi": "小児慢性特定疾病児童等に対する医療費助成の申請（児童福祉法）",
    "jifu-nintei": "児童扶養手当の申請（児童扶養手当法）",
    "kafu-kashitsuke": "寡婦福祉資金貸付の申請（母子及び父子並びに寡婦福祉法）",
    "hitorioya-nichijo": "ひとり親家庭等日常生活支援事業の申請（母子及び父子並びに寡婦福祉法）",
}


def test_only_services_the_slides_list_cite_them(stub_app):
    services = get(stub_app, "/services", auth(stub_app, "r01"), municipality="112305").json()
    citing = {s["id"] for s in services if "src:slides-2016-linkage" in s["sources"]}
    assert citing
    assert citing <= set(LISTED_IN_SLIDES)
    yobou = next(s for s in services if s["id"] == "yobou-sesshu")
    assert "src:bangouho-h27" in yobou["sources"]
