"""The minor-violation list (A97–A99): the 11 items seeded as data, facts checked
against an item's conditions and the party's history, a head's decision, the case
closed without penalty with a numbered 不予行政处罚决定书."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Document
from ecobureau.core.models import Record

from .. import minor, services
from ..models import EnforcementCase, MinorViolationItem


def item(number: int, part: int = 1) -> MinorViolationItem:
    return MinorViolationItem.objects.get(number=number, part=part)


def test_the_list_is_seeded_with_eleven_items_in_the_seed_words(db):
    numbers = set(MinorViolationItem.objects.values_list("number", flat=True))
    assert numbers == set(range(1, 12))
    assert (
        "超标倍数在0.1倍以内、PH值大于等于5或者小于等于9.5的" in item(3).conditions_text
    )
    assert "数量小于或等于0.1吨" in item(7, 2).conditions_text
    assert item(11).committee is True


def evaluate(number, part, facts, prior=0):
    data = next(i for i in minor.ITEMS if i["number"] == number and i["part"] == part)
    return minor.evaluate(
        checks=data["checks"],
        first_time=data.get("first_time", ""),
        facts=facts,
        prior_cases=prior,
        lookback_months=12,
    )


def test_item_3_limits_are_inclusive_and_exact():
    ok = {"not_excluded": True, "hours": "2", "multiple": "0.1"}
    assert evaluate(3, 1, ok)[0] is True
    assert evaluate(3, 1, {**ok, "multiple": "0.11"})[0] is False
    assert evaluate(3, 1, {**ok, "hours": "2.5"})[0] is False
    assert evaluate(3, 1, ok, prior=1)[0] is False  # not the first time
    assert evaluate(3, 1, {**ok, "not_excluded": False})[0] is False
    # pH within 5–9.5 ("或者" read as "and"), noise at most 1 dB over
    ph = {"not_excluded": True, "hours": "1", "ph": "9.5"}
    assert evaluate(3, 1, ph)[0] is True
    assert evaluate(3, 1, {**ph, "ph": "4.9"})[0] is False
    assert evaluate(3, 1, {"not_excluded": True, "hours": "1", "noise_db": "1"})[0]
    # the extent must be given one way or another
    eligible, results = evaluate(3, 1, {"not_excluded": True, "hours": "1"})
    assert not eligible and "至少填写" in results[-1].text
    with pytest.raises(ValueError, match="不是数字"):
        evaluate(3, 1, {**ok, "hours": "两小时"})


def test_item_7_and_item_1_alternatives():
    waste = {
        "quantity_t": "0.1",
        "not_high_risk": True,
        "no_external": True,
        "corrected_in_time": True,
    }
    assert evaluate(7, 2, waste)[0] is True
    assert evaluate(7, 2, {**waste, "quantity_t": "0.12"})[0] is False
    eia = {
        "outside_redline": True,
        "foundation_stage": True,
        "no_external": True,
        "self_remedied": True,
    }
    assert evaluate(1, 1, eia, prior=2)[0] is False
    assert evaluate(1, 1, {**eia, "self_reported": True}, prior=2)[0] is True


WASTE_FACTS = {
    "quantity_t": "0.08",
    "not_high_risk": "1",
    "no_external": "1",
    "corrected_in_time": "1",
}


def test_minor_violation_proposed_and_closed_without_penalty(
    client, filed_case, officers, enforcement_head
):
    # given the officer checks the facts against item 7 (part 2) on the case page
    client.force_login(officers[0])
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    page = client.get(url, {"item": item(7, 2).pk})
    assert "数量小于或等于0.1吨" in page.content.decode()
    response = client.post(url, {"item": item(7, 2).pk, **WASTE_FACTS})
    assert response.status_code == 302
    check = filed_case.minor_checks.get()
    assert check.eligible and check.prior_cases == 0
    # an officer cannot decide
    with pytest.raises(PermissionDenied):
        services.minor_decide(
            check=check,
            decision="not_punished",
            opinion="同意",
            education="x",
            by=officers[0],
        )

    # when the head agrees, with the education given
    client.force_login(enforcement_head)
    response = client.post(
        reverse("enforcement:case-detail", args=[filed_case.pk]),
        {
            "action": "minor_decide",
            "check": check.pk,
            "decision": "not_punished",
            "education": "现场宣讲《固体废物污染环境防治法》危险废物贮存规定，企业负责人签字确认。",
            "opinion": "符合清单第7项，同意不予行政处罚。",
        },
    )
    assert response.status_code == 302

    # then the case is closed without penalty, with the decision as a numbered PDF
    filed_case.refresh_from_db()
    assert filed_case.status == "not_punished"
    document = Document.objects.get(
        target_type="enforcement.enforcementcase", target_id=filed_case.pk
    )
    assert document.kind == "enf_minor_decision"
    assert "不罚" in document.reference
    actions = set(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=filed_case.pk
        ).values_list("action", flat=True)
    )
    assert {"enforcement.minor_check", "enforcement.minor_decide"} <= actions


def test_history_in_the_look_back_makes_it_not_first(
    filed_case, officers, enforcement_head, enterprise_a, settings
):
    # given an earlier case of the same party (a violation on record)
    EnforcementCase.objects.filter(pk=filed_case.pk).update(
        created_at=filed_case.created_at
    )
    earlier = services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        reference="辽环执法〔2026〕1号",
        start_reason="交办",
        facts="扬尘",
        officers=officers,
        by=enforcement_head,
    )
    from datetime import timedelta

    EnforcementCase.objects.filter(pk=earlier.pk).update(
        created_at=filed_case.created_at - timedelta(days=60)
    )
    facts = {"no_external": "1", "corrected_in_time": "1"}
    check = services.minor_check(
        case=filed_case, item=item(5), facts=facts, by=officers[0]
    )
    assert check.prior_cases == 1 and not check.eligible
    with pytest.raises(ValidationError, match="不符合"):
        services.minor_decide(
            check=check,
            decision="not_punished",
            opinion="同意",
            education="x",
            by=enforcement_head,
        )
    # outside a shorter look-back it is the first time again
    settings.MINOR_VIOLATION_LOOKBACK_MONTHS = 1
    check = services.minor_check(
        case=filed_case, item=item(5), facts=facts, by=officers[0]
    )
    assert check.prior_cases == 0 and check.eligible


def test_item_11_needs_the_committee_record(filed_case, officers, enforcement_head):
    check = services.minor_check(
        case=filed_case,
        item=item(11),
        facts={"minor": "1", "corrected": "1", "no_harm": "1"},
        by=officers[0],
    )
    assert check.eligible
    with pytest.raises(ValidationError, match="法制工作委员会"):
        services.minor_decide(
            check=check,
            decision="not_punished",
            opinion="同意",
            education="批评教育",
            by=enforcement_head,
        )
    services.minor_decide(
        check=check,
        decision="not_punished",
        opinion="同意",
        education="批评教育",
        committee_ref="法制工作委员会2026年第5次会议纪要",
        by=enforcement_head,
    )
    filed_case.refresh_from_db()
    assert filed_case.status == "not_punished"


def test_bad_number_is_a_clear_error_and_writes_nothing(client, filed_case, officers):
    client.force_login(officers[0])
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    response = client.post(
        url,
        {
            "item": item(3).pk,
            "manual_measurement": "1",
            "not_excluded": "1",
            "hours": "两小时",
        },
    )
    assert response.status_code == 400
    assert "不是数字" in response.content.decode()
    assert not filed_case.minor_checks.exists()
