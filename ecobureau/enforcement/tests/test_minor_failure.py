"""Item 4 of the minor-violation list read from the enterprise's own
timestamped facility-failure report (A98); the typed path only for a paper
report, marked so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.monitoring import services as monitoring_services

from .. import services
from ..models import MinorViolationItem


def item4() -> MinorViolationItem:
    return MinorViolationItem.objects.get(number=4, part=1)


def report(enterprise, by, hours: float, **extra):
    return monitoring_services.failure_report(
        enterprise=enterprise,
        data=monitoring_services.FailureData(
            facility="脱硫塔循环泵",
            cause="电机烧毁",
            began_at=timezone.now() - timedelta(hours=hours),
            measures=extra.get("measures", ["limit"]),
            repair=extra.get("repair", "厂家到场维修"),
        ),
        by=by,
    )


def test_item_4_reads_the_report_and_its_receipt_time(
    filed_case, officers, enterprise_user_a
):
    on_time = report(filed_case.enterprise, enterprise_user_a, hours=20)
    check = services.minor_check(
        case=filed_case,
        item=item4(),
        # typed facts for the report are ignored when a report is picked
        facts={"sudden_failure": "1", "report_hours": "1", "repair": ""},
        failure=on_time,
        by=officers[0],
    )
    assert check.eligible and check.failure == on_time and not check.paper_report
    assert check.facts["repair"] is True
    assert check.facts["report_hours"].startswith("20.0")


def test_a_report_received_after_24_hours_does_not_qualify(
    filed_case, officers, enterprise_user_a
):
    late = report(filed_case.enterprise, enterprise_user_a, hours=24.5)
    check = services.minor_check(
        case=filed_case,
        item=item4(),
        facts={"sudden_failure": "1"},
        failure=late,
        by=officers[0],
    )
    assert not check.eligible
    failed = [r for r in check.results if not r["ok"]]
    assert [r["label"] for r in failed] == [
        "发生故障至向生态环境部门报告的时间（小时）"
    ]


def test_without_measures_it_does_not_qualify(filed_case, officers, enterprise_user_a):
    bare = report(filed_case.enterprise, enterprise_user_a, hours=2, measures=[])
    check = services.minor_check(
        case=filed_case,
        item=item4(),
        facts={"sudden_failure": "1"},
        failure=bare,
        by=officers[0],
    )
    assert not check.eligible


def test_another_enterprises_report_is_refused(
    filed_case, officers, enterprise_b, enterprise_user_b
):
    other = report(enterprise_b, enterprise_user_b, hours=2)
    with pytest.raises(ValidationError, match="不是本案当事人"):
        services.minor_check(
            case=filed_case,
            item=item4(),
            facts={"sudden_failure": "1"},
            failure=other,
            by=officers[0],
        )


def test_typed_facts_only_for_a_paper_report_marked_so(
    client, filed_case, officers, enterprise_user_a
):
    facts = {
        "sudden_failure": "1",
        "report_hours": "6",
        "measures_taken": "1",
        "repair": "1",
    }
    with pytest.raises(ValidationError, match="纸质报告"):
        services.minor_check(case=filed_case, item=item4(), facts=facts, by=officers[0])
    check = services.minor_check(
        case=filed_case, item=item4(), facts=facts, paper_report=True, by=officers[0]
    )
    assert check.eligible and check.paper_report and check.failure is None
    client.force_login(officers[0])
    page = client.get(reverse("enforcement:case-detail", args=[filed_case.pk]))
    assert "纸质故障报告，人工录入" in page.content.decode()


def test_the_check_page_offers_the_enterprises_reports_only(
    client, filed_case, officers, enterprise_user_a, enterprise_b, enterprise_user_b
):
    own = report(filed_case.enterprise, enterprise_user_a, hours=3)
    other = report(enterprise_b, enterprise_user_b, hours=3)
    client.force_login(officers[0])
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    page = client.get(url, {"item": item4().pk}).content.decode()
    assert own.number in page and other.number not in page
    response = client.post(
        url, {"item": item4().pk, "failure": own.pk, "sudden_failure": "1"}
    )
    assert response.status_code == 302
    check = filed_case.minor_checks.get()
    assert check.failure == own and check.eligible
    page = client.get(reverse("enforcement:case-detail", args=[filed_case.pk]))
    assert own.number in page.content.decode()
