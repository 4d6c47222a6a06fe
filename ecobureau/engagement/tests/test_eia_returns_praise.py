"""A104 三（一）5: returns of a submitted report are counted; the 4th registers the
conduct event for the unit (once), decided by another person into criticism,
points and the report up. A106 三（三）: a praise needs a 优良 quality rating and
the service time cut by at least 20 %; the page keeps the input when refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.engagement import rules, services
from ecobureau.engagement.models import ConductRecord

from .test_eia_reports import _unit

pytestmark = pytest.mark.django_db


def _submitted(by, enterprise):
    unit, lead, _ = _unit(by, enterprise.credit_code)
    report = services.eia_report_register(
        by=by, unit=unit, project="年产10万吨焦化项目", lead_author=lead
    )
    services.eia_report_submit(
        by=by,
        report=report,
        project_number="2103-2026-0007",
        situation_table="表7",
        submitted_on=date(2026, 3, 1),
    )
    return unit, report


def test_fourth_return_registers_the_conduct_event(
    client, eia_officer, eia_head, enterprise_b
):
    unit, report = _submitted(eia_officer, enterprise_b)
    client.force_login(eia_officer)
    url = reverse("engagement:eia-act", args=[unit.pk, "return"])
    # refused: no reason → 400, the date kept, nothing counted
    bad = client.post(
        url, {"report": report.pk, "returned_on": "2026-03-05", "reason": ""}
    )
    assert bad.status_code == 400 and "2026-03-05" in bad.content.decode()
    report.refresh_from_db()
    assert report.returns == 0
    for n in range(1, 4):
        response = client.post(
            url,
            {
                "report": report.pk,
                "returned_on": f"2026-03-0{n + 1}",
                "reason": "深度不足",
            },
        )
        assert response.status_code == 302
    assert not ConductRecord.objects.exists()  # 3 returns: not "more than 3"
    client.post(
        url,
        {"report": report.pk, "returned_on": "2026-03-09", "reason": "预测模型错误"},
    )
    report.refresh_from_db()
    assert report.returns == 4
    record = ConductRecord.objects.get()
    assert record.kind == "returned_over_3" and record.eia_report == report
    assert "第4次退改：预测模型错误" in record.facts
    assert record.occurred_on == date(2026, 3, 9)
    assert Record.objects.filter(action="engagement.eiareport.return").count() == 4
    # a 5th return does not register it again
    services.eia_report_return(
        by=eia_officer, report=report, returned_on=date(2026, 3, 10), reason="又退"
    )
    assert ConductRecord.objects.count() == 1
    # another person decides: criticism, points, report up (A104)
    services.conduct_decide(record=record, by=eia_head, reason="属实", points=3)
    kinds = set(record.consequences.values_list("kind", flat=True))
    assert kinds == {rules.CRITICISM, rules.CREDIT_POINTS, rules.REPORT_UP}
    page = client.get(reverse("engagement:eia-detail", args=[unit.pk])).content
    assert "退改5次" in page.decode()


def test_draft_report_cannot_be_returned(eia_officer, enterprise_b):
    unit, lead, _ = _unit(eia_officer, enterprise_b.credit_code)
    draft = services.eia_report_register(
        by=eia_officer, unit=unit, project="草稿项目", lead_author=lead
    )
    with pytest.raises(ValidationError, match="已报批"):
        services.eia_report_return(
            by=eia_officer, report=draft, returned_on=date(2026, 3, 1), reason="x"
        )


def test_praise_needs_good_quality_and_a_cut_of_20_percent(
    client, eia_officer, enterprise_b
):
    unit, _ = _submitted(eia_officer, enterprise_b)
    base = {
        "by": eia_officer,
        "unit": unit,
        "kind": "praise",
        "occurred_on": date(2026, 5, 6),
        "facts": "主动缩减技术服务时限",
    }
    with pytest.raises(ValidationError, match="优良"):
        services.conduct_register(
            **base,
            quality_rating="pass",
            service_days_agreed=60,
            service_days_actual=40,
        )
    with pytest.raises(ValidationError, match="未达到20%"):
        services.conduct_register(
            **base,
            quality_rating="good",
            service_days_agreed=60,
            service_days_actual=49,
        )
    with pytest.raises(ValidationError, match="约定技术服务时限"):
        services.conduct_register(**base, quality_rating="good")
    # exactly 20 % is enough
    record = services.conduct_register(
        **base,
        quality_rating="excellent",
        service_days_agreed=60,
        service_days_actual=48,
    )
    assert record.service_cut_label == "20%"
    # the page: refused → 400 with the input kept; accepted → shown with the terms
    client.force_login(eia_officer)
    url = reverse("engagement:eia-act", args=[unit.pk, "conduct"])
    values = {
        "kind": "praise",
        "occurred_on": "2026-05-07",
        "facts": "保留的事实经过",
        "quality_rating": "good",
        "service_days_agreed": "30",
        "service_days_actual": "28",
    }
    response = client.post(url, values)
    text = response.content.decode()
    assert response.status_code == 400
    assert "未达到20%" in text and "保留的事实经过" in text
    assert ConductRecord.objects.count() == 1
    response = client.post(url, {**values, "service_days_actual": "20"})
    assert response.status_code == 302
    page = client.get(reverse("engagement:eia-detail", args=[unit.pk])).content.decode()
    assert "30日 → 20日" in page and "缩减33%" in page
