"""A102: an EIA report needs its lead author checked and, to be submitted, the
national platform's project number and 情况表. A105: a decided serious-misconduct
record opens an enforcement case through the enforcement module's own service."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.enforcement.models import EnforcementCase
from ecobureau.engagement import services
from ecobureau.engagement.models import EiaReport

pytestmark = pytest.mark.django_db


def _unit(by, credit_code, name="鞍山环科技术咨询有限公司"):
    unit = services.eia_unit_register(by=by, name=name, credit_code=credit_code)
    lead = services.eia_staff_add(
        by=by,
        unit=unit,
        name="王工",
        full_time=True,
        engineer_certificate="HP0012345",
        lead_author=True,
    )
    helper = services.eia_staff_add(by=by, unit=unit, name="兼职", full_time=False)
    return unit, lead, helper


def test_report_needs_project_number_and_table(
    eia_officer, enterprise_b, district_b_officer
):
    unit, lead, helper = _unit(eia_officer, enterprise_b.credit_code)
    with pytest.raises(ValidationError, match="全职"):
        services.eia_report_register(
            by=eia_officer, unit=unit, project="项目甲", lead_author=helper
        )
    report = services.eia_report_register(
        by=eia_officer, unit=unit, project="年产10万吨焦化项目", lead_author=lead
    )
    with pytest.raises(ValidationError, match="项目编号"):
        services.eia_report_submit(
            by=eia_officer,
            report=report,
            project_number=" ",
            situation_table="表1",
            submitted_on=date(2026, 3, 1),
        )
    with pytest.raises(ValidationError, match="情况表"):
        services.eia_report_submit(
            by=eia_officer,
            report=report,
            project_number="2103-2026-0001",
            situation_table="",
            submitted_on=date(2026, 3, 1),
        )
    services.eia_report_submit(
        by=eia_officer,
        report=report,
        project_number="2103-2026-0001",
        situation_table="平台生成 No.88",
        submitted_on=date(2026, 3, 1),
    )
    report.refresh_from_db()
    assert report.status == EiaReport.Status.SUBMITTED
    other = services.eia_report_register(
        by=eia_officer, unit=unit, project="项目乙", lead_author=lead
    )
    with pytest.raises(ValidationError, match="已被其他"):
        services.eia_report_submit(
            by=eia_officer,
            report=other,
            project_number="2103-2026-0001",
            situation_table="表",
            submitted_on=date(2026, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        services.eia_report_register(
            by=district_b_officer, unit=unit, project="x", lead_author=lead
        )


def test_serious_misconduct_opens_an_enforcement_case(
    eia_officer, eia_head, case_opener, case_officers, enterprise_a, district_b_officer
):
    unit, _, _ = _unit(eia_officer, enterprise_a.credit_code)
    record = services.conduct_register(
        by=eia_officer,
        unit=unit,
        kind="spot_check_quality",
        occurred_on=date(2026, 3, 1),
        facts="抽查发现监测数据造假",
    )
    with pytest.raises(ValidationError, match="核实处理后"):
        services.conduct_open_case(
            by=case_opener, record=record, officers=case_officers
        )
    services.conduct_decide(record=record, by=eia_head, reason="抽查属实", points=10)
    # Someone who may not open cases: refused by enforcement's own rule.
    with pytest.raises((PermissionDenied, ValidationError)):
        services.conduct_open_case(by=eia_head, record=record, officers=case_officers)
    case = services.conduct_open_case(
        by=case_opener, record=record, officers=case_officers
    )
    record.refresh_from_db()
    assert record.enforcement_case_id == case.pk
    assert case.enterprise == enterprise_a
    assert case.source == EnforcementCase.Source.TRANSFER
    assert f"#{record.pk}" in case.reference
    with pytest.raises(ValidationError, match="已转执法立案"):
        services.conduct_open_case(
            by=case_opener, record=record, officers=case_officers
        )
    # A record without a penalty does not go to enforcement.
    minor = services.conduct_register(
        by=eia_officer,
        unit=unit,
        kind="returned_over_3",
        occurred_on=date(2026, 3, 2),
        facts="退改4次",
    )
    services.conduct_decide(record=minor, by=eia_head, reason="属实", points=2)
    with pytest.raises(ValidationError, match="不含行政处罚"):
        services.conduct_open_case(by=case_opener, record=minor, officers=case_officers)
