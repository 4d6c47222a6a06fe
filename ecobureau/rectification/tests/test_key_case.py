"""B8 (seed 001 三(二)2 "针对1个重点案件，责任单位要党政主要领导包保，建立工作计划、
制定推进机制，明确整改标准和完成时限"): a key case records its guarantor leaders,
work plan, push mechanism, standard and deadline; it cannot apply for acceptance
without them; entered on its page, shown on the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record

from .. import services
from .conftest import FIVE, make_case, today

pytestmark = pytest.mark.django_db

PLAN = {
    "key_case": "on",
    "guarantors": "区委书记王某、区长李某",
    "work_plan": "第一周排查，第二周整治，第三周验收",
    "push_mechanism": "包保领导每周调度一次",
    "key_standard": "污水全部接入管网，不再直排",
}


def test_key_case_cannot_apply_without_its_plan(
    office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    case.key_case, case.guarantors = True, "区委书记"  # as the ledger imports it
    case.save()
    services.petition_evidence(
        by=district_a_officer, case=case, conditions=FIVE, truth="true"
    )
    with pytest.raises(ValidationError, match="工作计划、推进机制、整改标准"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )
    with pytest.raises(ValidationError, match="推进机制"):
        services.petition_key_plan(
            by=office_staff,
            case=case,
            key_case=True,
            guarantors="区委书记",
            work_plan="计划",
            key_standard="标准",
        )
    services.petition_key_plan(
        by=office_staff,
        case=case,
        key_case=True,
        guarantors="区委书记",
        work_plan="计划",
        push_mechanism="每周调度",
        key_standard="标准",
    )
    services.petition_transition(by=district_a_officer, case=case, transition="apply")
    assert case.status == "acceptance"


def test_key_case_entered_on_its_page_and_shown(
    client, office_staff, district_a_officer, district_b_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    url = reverse("rectification:case-key", args=[case.pk])
    client.force_login(office_staff)
    new_deadline = today() + timedelta(days=20)
    # the plan without a push mechanism: refused, what was typed kept
    response = client.post(
        url, {**PLAN, "push_mechanism": "", "deadline": new_deadline.isoformat()}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "重点案件须填写推进机制。" in page and PLAN["work_plan"] in page
    response = client.post(url, {**PLAN, "deadline": new_deadline.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.key_case and case.push_mechanism == PLAN["push_mechanism"]
    assert case.deadline == new_deadline
    entry = Record.objects.get(action="rectification.case_key_plan")
    assert "包保领导每周调度一次" in entry.payload
    page = client.get(case.get_absolute_url()).content.decode()
    for text in PLAN.values():
        if text != "on":
            assert text in page
    assert new_deadline.strftime("%Y-%m-%d") in page
    # unchanged: refused
    response = client.post(url, {**PLAN, "deadline": new_deadline.isoformat()})
    assert response.status_code == 400 and "没有变化" in response.content.decode()
    # another district's officer does not reach the case
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
    # a district officer who is not the case's 承办单位: 403
    client.force_login(district_a_officer)
    assert client.post(url, {**PLAN, "deadline": "2030-01-01"}).status_code == 403
    case.refresh_from_db()
    assert case.deadline == new_deadline
