"""A full evaluation year (issue 12 "Done means"): scope, commitment, pre-scoring
from seeded records, review, publication, an objection upheld, repair granted after
the minimum period — and the people who must not act."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.complaints.models import Complaint
from ecobureau.core.models import Record
from ecobureau.credit import selectors, services
from ecobureau.credit.models import Evaluation, Objection, Repair
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.monitoring.models import Clue, DischargeFlag

from .conftest import at, consulted, move, pdf

pytestmark = pytest.mark.django_db


def seed_records(enterprise, officer) -> dict[str, Any]:
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=EnforcementCase.Source.INSPECTION,
        start_reason="废气超标排放",
        facts="现场检查发现",
        created_by=officer,
        filed_at=at(2025, 5, 6),
        status="investigating",
    )
    clue = Clue.objects.create(
        number="XS2025000001",
        source=Clue.Source.EXCEEDANCE,
        enterprise=enterprise,
        title="颗粒物小时均值超标",
        detected_at=at(2025, 7, 1),
    )
    Clue.objects.create(
        number="XS2025000002",
        source=Clue.Source.EXCEEDANCE,
        enterprise=enterprise,
        title="已排除的线索",
        detected_at=at(2025, 7, 2),
        status=Clue.Status.DISMISSED,
    )
    Clue.objects.create(  # the year before: not counted
        number="XS2024000009",
        source=Clue.Source.EXCEEDANCE,
        enterprise=enterprise,
        title="上一年度",
        detected_at=at(2024, 7, 2),
    )
    complaint = Complaint.objects.create(
        tracking_code="TS20250001",
        channel=Complaint.Channel.PORTAL,
        received_at=at(2025, 8, 1),
        text="夜间异味",
        place="厂区东侧",
        enterprise=enterprise,
        finding=Complaint.Finding.TRUE,
        handled_at=at(2025, 8, 10),
        status=Complaint.Status.CLOSED,
    )
    return {"case": case, "clue": clue, "complaint": complaint}


def test_full_year(
    evaluations, credit_officer, district_a_officer, enterprise_user_a, enterprise_a
):
    evaluation = evaluations["a"]
    seeded = seed_records(enterprise_a, district_a_officer)

    # The enterprise uploads its credit commitment; before pre-scoring it sees no score.
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=enterprise_user_a)
    evaluation.refresh_from_db()
    assert evaluation.commitment_at is not None
    assert not selectors.shows_score(enterprise_user_a, evaluation)

    # The sub-bureau pre-scores from the platform's records.
    services.evaluation_prescore(
        evaluation=evaluation, note="结合年度监管结果初审", by=district_a_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "prescored"
    lines = evaluation.explanation["lines"]
    refs = {line["ref"]: line["points"] for line in lines}
    assert refs == {
        f"enforcement.enforcementcase:{seeded['case'].pk}": "6",
        f"monitoring.clue:{seeded['clue'].pk}": "1",
        f"complaints.complaint:{seeded['complaint'].pk}": "2",
    }
    assert evaluation.score == Decimal("91")
    assert evaluation.grade_name == "守信"
    assert not any(
        line["ref"].startswith("enforcement.penaltydecision")
        for line in evaluation.explanation["lines"]
    )

    # Staff outside the credit section cannot review, the credit section can.
    with pytest.raises(PermissionDenied):
        services.evaluation_move(
            evaluation=evaluation, transition="review", note="x", by=district_a_officer
        )
    services.evaluation_move(
        evaluation=evaluation, transition="review", note="复核同意", by=credit_officer
    )
    consulted(evaluation, credit_officer)
    services.evaluation_move(
        evaluation=evaluation,
        transition="consult",
        note="征求执法、监测科室意见，无异议",
        by=credit_officer,
    )
    assert selectors.evaluation_list_public() == []  # not yet published
    services.evaluation_move(
        evaluation=evaluation, transition="publish", note="省厅公布", by=credit_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "published"
    assert [e.pk for e in selectors.evaluation_list_public()] == [evaluation.pk]

    # Objection upheld against the complaint: it is struck out, the score recomputed.
    ref = f"complaints.complaint:{seeded['complaint'].pk}"
    objection = services.objection_submit(
        evaluation=evaluation,
        text="该投诉经复查不属实",
        record_ref=ref,
        by=enterprise_user_a,
    )
    services.objection_decide(
        objection=objection,
        upheld=True,
        decision="复查不属实，予以更正",
        by=credit_officer,
    )
    evaluation.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert evaluation.score == Decimal("93")
    assert ref not in {line["ref"] for line in evaluation.explanation["lines"]}
    assert Record.objects.filter(action="credit.objection.decide").count() == 1


def test_repair_only_after_minimum_period(
    evaluations, credit_officer, district_a_officer, enterprise_user_a, enterprise_a
):
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="V1",
        points=0,
        reason="环境犯罪判决（示例）",
        by=district_a_officer,
    )
    services.evaluation_prescore(
        evaluation=evaluation, note="初审", by=district_a_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.vetoed and evaluation.grade_name == "严重失信"
    for step in ("review", "consult", "publish"):
        move(evaluation, step, by=credit_officer)
    evaluation.refresh_from_db()

    with pytest.raises(ValidationError, match="2026-06-01起方可申请"):
        services.repair_submit(
            evaluation=evaluation,
            decision_date=date(2025, 6, 1),
            corrected="已整改",
            by=enterprise_user_a,
            today=date(2026, 5, 31),
        )
    repair = services.repair_submit(
        evaluation=evaluation,
        decision_date=date(2025, 6, 1),
        corrected="已整改并消除影响",
        by=enterprise_user_a,
        today=date(2026, 6, 1),
    )
    assert repair.severity == Repair.Severity.SERIOUS
    services.repair_decide(
        repair=repair, granted=True, decision="准予修复", by=credit_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.repaired_at is not None
    assert selectors.evaluation_list_public() == []  # publication stops


def test_prescore_needs_commitment(evaluations, district_a_officer):
    with pytest.raises(ValidationError, match="信用承诺提交时间"):
        services.evaluation_prescore(
            evaluation=evaluations["a"], note="初审", by=district_a_officer
        )


def test_other_district_cannot_prescore_or_see(
    evaluations, credit_officer, district_b_officer
):
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    with pytest.raises(PermissionDenied):
        services.evaluation_prescore(
            evaluation=evaluation, note="初审", by=district_b_officer
        )
    assert list(selectors.evaluation_list_for_user(district_b_officer)) == [
        evaluations["b"]
    ]


def test_other_enterprise_cannot_act(evaluations, enterprise_user_b):
    evaluation = evaluations["a"]
    with pytest.raises(PermissionDenied):
        services.commitment_submit(
            evaluation=evaluation, file=pdf(), by=enterprise_user_b
        )
    evaluation.status = "published"
    with pytest.raises(PermissionDenied):
        services.objection_submit(evaluation=evaluation, text="x", by=enterprise_user_b)
    assert list(
        selectors.evaluation_list_for_enterprise_account(enterprise_user_b)
    ) == [evaluations["b"]]


def test_leader_reads_but_cannot_change(evaluations, city_leader):
    assert selectors.evaluation_list_for_user(city_leader).count() == 2
    with pytest.raises(PermissionDenied):
        services.evaluation_move(
            evaluation=evaluations["a"], transition="review", note="x", by=city_leader
        )


def test_scope_candidates_and_no_duplicates(
    year_2025, enterprise_a, enterprise_b, credit_officer
):
    candidates = {e.pk: r for e, r in services.scope_candidates(year_2025)}
    assert (
        enterprise_a.pk in candidates and "重点排污单位" in candidates[enterprise_a.pk]
    )
    assert enterprise_b.pk not in candidates
    services.evaluation_scope_add(
        evaluation_year=year_2025,
        enterprises=[enterprise_a],
        reason="r",
        by=credit_officer,
    )
    again = services.evaluation_scope_add(
        evaluation_year=year_2025,
        enterprises=[enterprise_a],
        reason="r",
        by=credit_officer,
    )
    assert again == [] and Evaluation.objects.count() == 1


def test_launch_rejects_duplicate_and_non_manager(
    year_2025, liaoning, district_a_officer, credit_officer
):
    with pytest.raises(ValidationError):
        services.year_launch(year=2025, scheme=liaoning, notice="n", by=credit_officer)
    with pytest.raises(PermissionDenied):
        services.year_launch(
            year=2024, scheme=liaoning, notice="n", by=district_a_officer
        )


def test_veto_from_records_over_total(
    evaluations, credit_officer, district_a_officer, enterprise_a
):
    DischargeFlag.objects.create(
        enterprise=enterprise_a,
        kind=DischargeFlag.Kind.OVER_TOTAL,
        year=2025,
        detail="二氧化硫年排放量超许可排放量",
        detected_at=at(2025, 12, 31),
    )
    evaluation = evaluations["a"]
    result = services.compute(evaluation)
    assert result.grade.code == "serious"
    assert result.vetoes[0][0].code == "V5"
