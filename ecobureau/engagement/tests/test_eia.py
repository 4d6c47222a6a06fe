"""EIA intermediaries: register, staff rule, conduct records with consequences from
the 管理规定, publication; the public page shows no personal data."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.engagement import rules, selectors, services
from ecobureau.engagement.models import ConductRecord, EiaUnit
from ecobureau.enterprises.tests.factories import make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def eia_unit(eia_officer) -> EiaUnit:
    return services.eia_unit_register(
        by=eia_officer,
        name="辽宁某环境科技有限公司",
        credit_code=make_credit_code(901),
        qualifications="环评工程师5名",
        contact_phone="0412-5550000",
    )


def test_register_refuses_bad_and_duplicate_codes(eia_officer, eia_unit):
    with pytest.raises(ValidationError, match=r"校验位错误|18位"):
        services.eia_unit_register(
            by=eia_officer, name="某单位", credit_code="91210300000000901X"
        )
    with pytest.raises(ValidationError, match="已登记"):
        services.eia_unit_register(
            by=eia_officer, name="重复", credit_code=eia_unit.credit_code.lower()
        )


def test_lead_author_must_be_full_time_and_certified(eia_officer, eia_unit):
    with pytest.raises(ValidationError, match="全职"):
        services.eia_staff_add(
            by=eia_officer, unit=eia_unit, name="甲", full_time=False, lead_author=True
        )
    with pytest.raises(ValidationError, match="职业资格证书"):
        services.eia_staff_add(
            by=eia_officer, unit=eia_unit, name="甲", full_time=True, lead_author=True
        )
    services.eia_staff_add(
        by=eia_officer,
        unit=eia_unit,
        name="甲",
        full_time=True,
        engineer_certificate="HP0012345",
        lead_author=True,
    )


def test_returned_over_3_times_criticism_points_report_publish(
    eia_officer, eia_head, eia_unit
):
    record = services.conduct_register(
        by=eia_officer,
        unit=eia_unit,
        kind="returned_over_3",
        occurred_on=date(2026, 5, 6),
        project="某钢铁公司烧结机改造项目",
        facts="报告书退改4次。",
    )
    with pytest.raises(ValidationError, match="登记人以外"):
        services.conduct_decide(record=record, by=eia_officer, reason="属实", points=5)
    with pytest.raises(ValidationError, match="记分分值"):
        services.conduct_decide(record=record, by=eia_head, reason="属实")
    with pytest.raises(ValidationError, match="不涉及移送"):
        services.conduct_decide(
            record=record, by=eia_head, reason="属实", points=5, judicial=True
        )
    services.conduct_decide(
        record=record, by=eia_head, reason="经核实退改4次", points=5
    )
    record.refresh_from_db()
    kinds = sorted(record.consequences.values_list("kind", flat=True))
    assert kinds == sorted([rules.CRITICISM, rules.CREDIT_POINTS, rules.REPORT_UP])
    assert all("三（一）5" in c.basis for c in record.consequences.all())
    assert not selectors.conduct_list_public().exists()
    services.conduct_publish(
        record=record,
        by=eia_head,
        public_summary="该单位报告书退改超过3次，予以通报批评。",
    )
    assert list(selectors.conduct_list_public()) == [record]
    actions = list(
        Record.objects.filter(target_type="engagement.conductrecord")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "engagement.conduct.register",
        "engagement.conduct.decide",
        "engagement.conduct.publish",
    ]


def test_serious_misconduct_adds_penalty_and_optional_transfer(
    eia_officer, eia_head, eia_unit
):
    record = services.conduct_register(
        by=eia_officer,
        unit=eia_unit,
        kind="extortion",
        occurred_on=date(2026, 5, 6),
        facts="向建设单位强行搭售监测服务。",
    )
    services.conduct_decide(
        record=record, by=eia_head, reason="查实", points=10, judicial=True
    )
    kinds = set(record.consequences.values_list("kind", flat=True))
    assert {rules.PENALTY, rules.JUDICIAL, rules.CRITICISM} <= kinds


def test_dismissed_record_cannot_be_published(eia_officer, eia_head, eia_unit):
    record = services.conduct_register(
        by=eia_officer,
        unit=eia_unit,
        kind="contract_overrun",
        occurred_on=date(2026, 5, 6),
        facts="合同期满未完成。",
    )
    services.conduct_dismiss(record=record, by=eia_head, reason="系建设单位原因延误")
    with pytest.raises(ValidationError, match="只有已核实处理"):
        services.conduct_publish(record=record, by=eia_head, public_summary="x")
    record.refresh_from_db()
    assert record.status == ConductRecord.Status.DISMISSED


def test_who_sees_what(
    client, eia_officer, eia_head, eia_unit, district_a_officer, citizen
):
    services.eia_staff_add(
        by=eia_officer,
        unit=eia_unit,
        name="李编制",
        full_time=True,
        engineer_certificate="HP0099999",
        lead_author=True,
    )
    assert not selectors.eia_unit_list_for_user(district_a_officer).exists()
    with pytest.raises(PermissionDenied):
        services.conduct_register(
            by=district_a_officer,
            unit=eia_unit,
            kind="praise",
            occurred_on=date(2026, 5, 6),
            facts="x",
        )
    client.force_login(district_a_officer)
    assert client.get(reverse("engagement:eia-list")).status_code == 403
    client.force_login(citizen)
    body = client.get(reverse("engagement:eia-public")).content.decode()
    assert eia_unit.name in body
    assert "李编制" not in body and "0412-5550000" not in body
    client.force_login(eia_officer)
    detail = client.get(reverse("engagement:eia-detail", args=[eia_unit.pk]))
    assert "李编制" in detail.content.decode()


def test_conduct_form_keeps_input_on_error(client, eia_officer, eia_unit):
    client.force_login(eia_officer)
    response = client.post(
        reverse("engagement:eia-act", args=[eia_unit.pk, "conduct"]),
        {
            "kind": "failed_review",
            "occurred_on": "2999-01-01",
            "project": "保留的项目名",
            "facts": "首次技术审查未通过",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "发生日期不能晚于今天" in body and "保留的项目名" in body
    assert not ConductRecord.objects.exists()
