"""Seal and seizure (查封、扣押): approved in advance, carried out by two officers
with the decision and list as numbered PDFs, recorded on audio/video, 30 days
(+30 once), released with a release decision (A38; 全过程记录办法第十五条)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock, Document
from ecobureau.core.models import Record

from .. import selectors, services
from ..models import CompulsoryMeasure
from .conftest import video

ITEMS = ["废矿物油桶12只（200L）", "危险废物贮存间1间"]


def propose(case, by, **extra):
    values = {
        "case": case,
        "kind": CompulsoryMeasure.Kind.SEAL,
        "items": ITEMS,
        "place": "企业东侧危险废物贮存间",
        "reason": "危险废物可能被转移、造成污染。",
        "basis": "《中华人民共和国固体废物污染环境防治法》第二十七条",
        "by": by,
    }
    values.update(extra)
    return services.measure_propose(**values)


def approve(measure, reviewer, approver):
    approval = selectors.measure_approval(measure)
    assert approval is not None
    casework_services.approval_review(
        approval=approval, opinion="拟同意。", by=reviewer
    )
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意查封。", by=approver
    )


def clock_of(measure):
    return Clock.objects.get(
        target_type="enforcement.compulsorymeasure",
        target_id=measure.pk,
        step="measure",
    )


def test_seizure_end_to_end_with_documents_and_recordings(
    filed_case, officers, enforcement_head, district_a_leader, city_leader
):
    # given a proposal approved by the head (reviewed) and the bureau leader
    measure = propose(filed_case, officers[0])
    assert measure.status == "proposed"
    with pytest.raises(ValidationError, match="批准后实施"):
        services.measure_carry_out(
            measure=measure,
            officers=officers,
            served_to="钱经理",
            signed=True,
            by=officers[0],
        )
    approve(measure, district_a_leader, city_leader)

    # when two credentialed officers carry it out, the party signing the list
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    measure.refresh_from_db()

    # then it is in force with a 30-day clock and both documents as numbered PDFs
    assert measure.status == "in_force"
    assert [o["credential_no"] for o in measure.officers] == [
        o.credential_no for o in officers
    ]
    clock = clock_of(measure)
    assert clock.amount == 30 and clock.unit == "days"
    assert "行政强制法第二十五条" in clock.basis
    docs = Document.objects.filter(
        target_type="enforcement.compulsorymeasure", target_id=measure.pk
    ).order_by("pk")
    assert [d.kind for d in docs] == ["enf_measure_decision", "enf_measure_list"]
    assert docs[0].reference.startswith("鞍环封扣〔")
    pdf = docs[0].attachment.blob
    assert pdf.size > 1000

    # the head extends once by 30 days, with a decision
    before = clock.due_at
    services.measure_extend(
        measure=measure, reason="需送检鉴定，情况复杂。", by=enforcement_head
    )
    clock.refresh_from_db()
    assert clock.due_at - before >= timedelta(days=29)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.measure_extend(measure=measure, reason="再延长。", by=enforcement_head)

    # it cannot be released, nor the investigation concluded, without audio/video
    with pytest.raises(ValidationError, match="音像记录"):
        services.measure_end(
            measure=measure, outcome="release", note="经检测未超标", by=officers[0]
        )
    services.measure_file_add(
        measure=measure,
        by=officers[1],
        file=video(),
        kind="video",
        captured_at=timezone.now() - timedelta(minutes=5),
    )
    services.measure_end(
        measure=measure, outcome="release", note="经鉴定不属于危险废物", by=officers[0]
    )
    measure.refresh_from_db()
    assert measure.status == "released"
    clock.refresh_from_db()
    assert clock.state not in Clock.OPEN_STATES
    kinds = set(
        Document.objects.filter(
            target_type="enforcement.compulsorymeasure", target_id=measure.pk
        ).values_list("kind", flat=True)
    )
    assert kinds == {
        "enf_measure_decision",
        "enf_measure_list",
        "enf_measure_extension",
        "enf_measure_release",
    }
    actions = list(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=filed_case.pk
        ).values_list("action", flat=True)
    )
    for action in (
        "enforcement.measure_propose",
        "enforcement.measure_carry_out",
        "enforcement.measure_extend",
        "enforcement.measure_end",
    ):
        assert action in actions


def test_carried_out_measure_without_recording_blocks_conclusion(
    filed_case, officers, district_a_leader, city_leader
):
    from .test_investigation import SITE, make

    site = make(
        filed_case, "site_inspection", SITE, officers, no_recording_reason="夜间"
    )
    assert site
    measure = propose(filed_case, officers[0], kind="seize")
    approve(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        refusal="当事人拒绝签字，已录像",
        by=officers[0],
    )
    with pytest.raises(ValidationError, match="查封、扣押缺少同步音像记录"):
        services.case_conclude(case=filed_case, by=officers[0])


def test_measure_rules(
    filed_case, officers, other_officer, district_a_leader, city_leader
):
    with pytest.raises(PermissionDenied):
        propose(filed_case, other_officer)
    with pytest.raises(ValidationError, match="逐项填写"):
        propose(filed_case, officers[0], items=["", " "])
    measure = propose(filed_case, officers[0])
    approve(measure, district_a_leader, city_leader)
    with pytest.raises(ValidationError, match="不得少于两人"):
        services.measure_carry_out(
            measure=measure,
            officers=officers[:1],
            served_to="钱经理",
            signed=True,
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="拒绝签字"):
        services.measure_carry_out(
            measure=measure, officers=officers, served_to="钱经理", by=officers[0]
        )
    with pytest.raises(PermissionDenied, match="负责人"):
        services.measure_extend(measure=measure, reason="x", by=officers[0])


def test_measure_pages_and_permissions(
    client,
    filed_case,
    officers,
    district_a_leader,
    city_leader,
    district_b_officer,
    enterprise_user_a,
    enterprise_user_b,
):
    measure = propose(filed_case, officers[0])
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(officers[0])
    response = client.get(reverse("enforcement:case-detail", args=[filed_case.pk]))
    assert "查封" in response.content.decode()
    assert client.get(url).status_code == 200
    # the party does not see a measure before it is carried out
    party_url = reverse("enforcement:party-case", args=[filed_case.pk])
    client.force_login(enterprise_user_a)
    assert "废矿物油桶" not in client.get(party_url).content.decode()
    approve(measure, district_a_leader, city_leader)
    client.force_login(officers[0])
    response = client.post(
        url,
        {
            "action": "carry_out",
            "officers": [o.pk for o in officers],
            "served_to": "钱经理",
            "signed": "1",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "in_force"
    client.force_login(enterprise_user_a)
    assert "废矿物油桶" in client.get(party_url).content.decode()
    assert client.get(url).status_code == 403  # the staff page
    client.force_login(enterprise_user_b)
    assert client.get(party_url).status_code == 404
    for outsider in (enterprise_user_b, district_b_officer):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404)
