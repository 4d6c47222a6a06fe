"""C9 beside C10: the publication period of a bad-credit result.

Before CREDIT_C10_PUBLICATION_FROM (default 2026-04-01) 环发〔2015〕161号 governs:
at least 5 years from the day the penalty decisions were carried out in full
(执行完毕, enforcement's `executed_at`), and not ending while one is not; from
that day the NDRC 信用修复管理办法's maxima (C10) govern, results published earlier
included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from ecobureau.credit import config, selectors
from ecobureau.credit.models import Evaluation
from ecobureau.lib import dates
from ecobureau.monitoring.models import DischargeFlag

from .conftest import at
from .test_consequences import penalty, publish

pytestmark = pytest.mark.django_db


def _fresh(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_related("evaluation_year").get(pk=evaluation.pk)


@pytest.fixture
def untrusted(evaluations, credit_officer, district_a_officer, enterprise_a):
    """A's 2025 result, 失信 (一般) on three penalty decisions, published on
    2026-02-02 (under C9); two carried out in full, the 2025-06-10 one not yet."""
    decisions = [
        penalty(
            enterprise_a,
            district_a_officer,
            decided=day,
            fine="20000",
            number=f"鞍环罚〔2025〕{n}号",
        )
        for day, n in ((at(2025, 3, 3), 1), (at(2025, 6, 10), 2), (at(2025, 4, 1), 3))
    ]
    decisions[0].executed_at = at(2025, 4, 20)
    decisions[0].save(update_fields=["executed_at"])
    decisions[2].executed_at = at(2025, 5, 6)
    decisions[2].save(update_fields=["executed_at"])
    with time_machine.travel(at(2026, 2, 2), tick=False):
        evaluation = publish(evaluations["a"], district_a_officer, credit_officer)
    assert evaluation.grade_code == "untrusted"
    return evaluation, decisions


def test_which_rule_applies_when():
    assert selectors.publication_rule_on(date(2026, 3, 31)) == "c9"
    assert selectors.publication_rule_on(date(2026, 4, 1)) == "c10"
    with override_settings(CREDIT_C10_PUBLICATION_FROM="2099-01-01"):
        assert selectors.publication_rule_on(date(2027, 1, 1)) == "c9"
        assert "2099-01-01" in selectors.publication_rule_note()


def test_c9_counts_five_years_from_execution_in_full(untrusted, enterprise_a):
    evaluation, decisions = untrusted
    before = date(2026, 3, 31)
    # One decision not yet carried out: the period has not started.
    period = selectors.publication_period(evaluation, before)
    assert period is not None
    assert period.rule == "c9" and period.start is None and period.ends is None
    assert f"处罚决定#{decisions[1].pk}" in period.start_label
    assert "161号" in period.basis
    assert [e.pk for e in selectors.evaluation_list_public(today=before)] == [
        evaluation.pk
    ]
    # Carried out in full on 2025-08-20: 5 years from the latest execution.
    decisions[1].executed_at = at(2025, 8, 20)
    decisions[1].save(update_fields=["executed_at"])
    evaluation = _fresh(evaluation)
    period = selectors.publication_period(evaluation, before)
    assert period is not None
    assert period.start == date(2025, 8, 20) and period.ends == date(2030, 8, 20)
    assert f"处罚决定#{decisions[1].pk}执行完毕" in period.start_label
    assert selectors.grade_for(enterprise_a, before) is not None
    # From 2026-04-01 C10 governs: 1 year from the latest decision's date
    # (2025-06-10), so the result stops on 2026-06-10 although C9 said 2030.
    period = selectors.publication_period(evaluation, date(2026, 4, 1))
    assert period is not None
    assert period.rule == "c10" and period.ends == date(2026, 6, 10)
    assert selectors.grade_for(enterprise_a, date(2026, 6, 9)) is not None
    assert selectors.grade_for(enterprise_a, date(2026, 6, 10)) is None
    assert selectors.evaluation_list_public(today=date(2026, 6, 10)) == []
    # The bureau keeps C9: published until 2030-08-20, off on that day.
    with override_settings(CREDIT_C10_PUBLICATION_FROM="2099-01-01"):
        last = date(2030, 8, 19)
        assert [e.pk for e in selectors.evaluation_list_public(today=last)] == [
            evaluation.pk
        ]
        assert selectors.evaluation_list_public(today=last + timedelta(days=1)) == []
        assert selectors.colours_for([enterprise_a.pk], last) == {
            enterprise_a.pk: evaluation.colour
        }
        assert selectors.colours_for([enterprise_a.pk], date(2030, 8, 20)) == {}


def test_c9_batch_read_is_bounded(
    untrusted, enterprise_a, enterprise_b, django_assert_num_queries
):
    with (
        override_settings(CREDIT_C10_PUBLICATION_FROM="2099-01-01"),
        django_assert_num_queries(2),  # the results, the decisions' executions
    ):
        colours = selectors.colours_for(
            [enterprise_a.pk, enterprise_b.pk], date(2027, 1, 1)
        )
    assert list(colours) == [enterprise_a.pk]


def test_c9_without_a_penalty_counts_from_publication(
    evaluations, credit_officer, district_a_officer, enterprise_a
):
    DischargeFlag.objects.create(
        enterprise=enterprise_a,
        kind=DischargeFlag.Kind.OVER_TOTAL,
        year=2025,
        detail="二氧化硫年排放量超许可排放量",
        detected_at=at(2025, 12, 31),
    )
    evaluation = publish(evaluations["a"], district_a_officer, credit_officer)
    # the period starts on the local (Asia/Shanghai) day of publication, not UTC's
    published = dates.local_date(evaluation.published_at)
    with override_settings(CREDIT_C10_PUBLICATION_FROM="2099-01-01"):
        period = selectors.publication_period(evaluation)
        assert period is not None
    assert period.rule == "c9" and period.start == published
    assert period.ends == published.replace(year=published.year + 5)
    # C10 (today, the default): 3 years from the over-total record.
    assert selectors.publication_ends(evaluation) == date(2028, 12, 31)


def test_pages_name_the_rule_and_its_start(
    client, untrusted, credit_officer, enterprise_user_a
):
    evaluation, _ = untrusted
    client.force_login(credit_officer)
    url = reverse("credit:evaluation", args=[evaluation.pk])
    text = client.get(url).content.decode()
    assert "公示期限（C10）" in text and "2026-06-10" in text
    assert "CREDIT_C10_PUBLICATION_FROM" in text
    with override_settings(CREDIT_C10_PUBLICATION_FROM="2099-01-01"):
        text = client.get(url).content.decode()
        assert "公示期限（C9）" in text and config.C9_BASIS in text
        assert "尚未执行完毕" in text
        client.force_login(enterprise_user_a)
        mine = reverse("credit:mine-detail", args=[evaluation.pk])
        assert "公示期限（C9）" in client.get(mine).content.decode()
