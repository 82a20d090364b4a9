"""The task-cost bench's counting (bench/tasks.py) on one pair, so the bench cannot rot: 妊娠の届出
for 田中 由美 (r05), from 「申請する」 to the 受付番号 through the real wizard."""

from __future__ import annotations

import datetime as dt

from app.jst import today_jst
from bench.tasks import (
    CardClock,
    _Bot,
    _counting_journey_class,
    answers,
    applicable_forms,
    resident_facts,
    run_pair,
)


def test_the_bench_counts_the_pregnancy_notification(home, tmp_path):
    j = _counting_journey_class()(_Bot(), home.run)
    j.login_as("r05")
    r = resident_facts(j, "r05")
    today: dt.date = today_jst()
    assert [f for f, _why in applicable_forms(r, today)] == ["ninshin-todoke"]
    result = run_pair(j, j.qtbot, CardClock(j.card_worker), r, "ninshin-todoke", "pregnancy", today, tmp_path)
    assert result.receipt, result.error
    assert result.pin_entries == 2  # the prefill's PIN and the signature's, not the login's
    # The card's and /me's six items and the partner from the residence record are prefilled.
    assert {"person.name", "person.name_kana", "person.birth_date", "person.address", "partner.name"} <= set(result.prefilled)
    assert set(result.fields) == set(result.prefilled) | set(result.typed) | set(result.blank)
    assert not result.held
    assert result.clicks >= len(result.typed)  # a click into or on every field the resident typed
    texts = [v for p, v in answers("ninshin-todoke", r, today).items() if p in result.typed and isinstance(v, str)
             and p not in ("pregnancy.first_birth", "pregnancy.multiple", "pregnancy.std_test", "pregnancy.tb_test",
                           "partner.has_partner", "interview.wanted", "support_benefit.apply")]
    assert result.keys == sum(len(t) for t in texts)  # one key per character typed, nothing else
    assert result.official_prefill == ["person.name", "person.birth_date", "person.address"]
    assert (result.official_clicks, result.official_keys) > (result.clicks, result.keys)
