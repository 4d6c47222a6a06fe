"""征求部门（科室）意见 (seed 000 企业环境信用评价 办理基本流程: 市级生态环境
部门复核审定 → 征求部门（科室）意见后报省厅): the credit section asks units,
a member of each unit answers, the credit section handles every 有意见; the
`consult` transition waits for all of it (processes._check_consult)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .. import selectors, selectors_consult
from ..models import DepartmentOpinion, Evaluation, EvaluationYear
from .common import _require


def _members(unit_id: int) -> list[User]:
    return list(
        User.objects.filter(
            unit_id=unit_id,
            is_active=True,
            kind__in=[User.Kind.STAFF, User.Kind.EXTERNAL],
        )
    )


def _notify_unit(opinion: DepartmentOpinion) -> None:
    """Tell the consulted unit's active staff where to answer (in-app, same
    transaction): the request is their only way into the evaluation."""
    from ecobureau.notifications import services as notification_services

    members = _members(opinion.unit_id)
    if members:
        notification_services.send(
            recipients=members,
            title=f"信用评价征求意见：{opinion.evaluation}",
            url=reverse("credit:opinion", args=[opinion.pk]),
            dedupe_key=f"credit:opinion:{opinion.pk}",
        )


def _notify_unit_batch(
    unit: Unit, year: EvaluationYear, count: int, now: datetime
) -> None:
    """One message per unit for a year's batch (not one per evaluation), to
    the unit's 待答复 list."""
    from ecobureau.notifications import services as notification_services

    members = _members(unit.pk)
    if members:
        notification_services.send(
            recipients=members,
            title=f"信用评价征求意见：{year.year}年度{count}家企业的评价结果待答复",
            url=reverse("credit:opinions"),
            dedupe_key=f"credit:opinions:{year.year}:{unit.pk}:{now.isoformat()}",
        )


def _check_request(units: list[Unit], by: User) -> list[Unit]:
    """The rules of asking that do not depend on the evaluation: the credit
    section asks, at least one unit, only the bureau's own units
    (selectors_consult.consult_units). Returns the units once each."""
    _require(selectors.may_manage(by), "只有信用评价人员可以征求部门（科室）意见。")
    if not units:
        raise ValidationError("请至少选择一个部门（科室）。")
    allowed = set(selectors_consult.consult_units(by).values_list("pk", flat=True))
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(f"不能向以下单位征求意见：{'、'.join(outside)}。")
    return list({u.pk: u for u in units}.values())


def _open_units(
    evaluations: list[Evaluation], *, answered_too: bool = False
) -> set[tuple[int, int]]:
    """(evaluation, unit) pairs with an open request (asked again one by one
    only after an answer or a withdrawal) or, for the year's request, with an
    answer too: a unit that has given its opinion is not asked again in bulk."""
    asked = Q(withdrawn_at__isnull=True) if answered_too else selectors_consult.OPEN
    return set(
        DepartmentOpinion.objects.filter(asked, evaluation__in=evaluations).values_list(
            "evaluation_id", "unit_id"
        )
    )


def _create(
    evaluation: Evaluation, unit: Unit, by: User, now: datetime
) -> DepartmentOpinion:
    opinion = DepartmentOpinion.objects.create(
        evaluation=evaluation, unit=unit, requested_at=now, requested_by=by
    )
    records.append(
        action="credit.opinion.request",
        target=opinion,
        actor=by,
        data={"evaluation": evaluation.pk, "unit": unit.pk},
    )
    return opinion


@transaction.atomic
def opinions_request(
    *, evaluation: Evaluation, units: list[Unit], by: User
) -> list[DepartmentOpinion]:
    """征求部门（科室）意见: one request per unit, only while the evaluation is
    reviewed (待征求意见报省), by the credit section."""
    units = _check_request(units, by)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != "reviewed":
        raise ValidationError("只有复核审定后、报省前的评价可以征求部门（科室）意见。")
    waiting = {unit for _, unit in _open_units([evaluation])}
    repeated = [u.name for u in units if u.pk in waiting]
    if repeated:
        raise ValidationError(
            f"已向以下部门（科室）征求意见，尚待答复：{'、'.join(repeated)}。"
        )
    now = timezone.now()
    made = []
    for unit in units:
        opinion = _create(evaluation, unit, by, now)
        _notify_unit(opinion)
        made.append(opinion)
    return made


@transaction.atomic
def opinions_request_year(*, year: EvaluationYear, units: list[Unit], by: User) -> int:
    """征求部门（科室）意见 on a year's results at once (seed 000: the units are
    consulted on the year's evaluation results): every evaluation of the year
    in the asker's scope that is reviewed, for each unit not already waiting on
    it. One message per unit, to its 待答复 list. Returns the requests made."""
    units = _check_request(units, by)
    evaluations = list(
        Evaluation.objects.select_for_update()
        .filter(
            pk__in=selectors.evaluation_list_for_user(by, year=year.year).values("pk"),
            status="reviewed",
        )
        .order_by("pk")
    )
    if not evaluations:
        raise ValidationError(f"{year.year}年度没有复核审定后、待征求意见报省的评价。")
    waiting = _open_units(evaluations, answered_too=True)
    now = timezone.now()
    made: dict[int, int] = {}
    for unit in units:
        for evaluation in evaluations:
            if (evaluation.pk, unit.pk) not in waiting:
                _create(evaluation, unit, by, now)
                made[unit.pk] = made.get(unit.pk, 0) + 1
    if not made:
        raise ValidationError(
            "所选部门（科室）对本年度复核审定的评价均已有待答复或已答复的征求意见。"
        )
    for unit in units:
        if made.get(unit.pk):
            _notify_unit_batch(unit, year, made[unit.pk], now)
    return sum(made.values())


@transaction.atomic
def opinion_withdraw(
    *, opinion: DepartmentOpinion, reason: str, by: User
) -> DepartmentOpinion:
    """The credit section withdraws a request the unit has not answered, with
    the reason: it no longer holds `consult`, and the unit may be asked again."""
    _require(selectors.may_manage(by), "只有信用评价人员可以撤回征求意见。")
    opinion = DepartmentOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.withdrawn_at is not None:
        raise ValidationError("该征求意见已撤回。")
    if opinion.answered_at is not None:
        raise ValidationError("该征求意见已答复，不能撤回。")
    if opinion.evaluation.status != "reviewed":
        raise ValidationError("该评价已报省，不能撤回征求意见。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写撤回理由。")
    opinion.withdrawn_at = timezone.now()
    opinion.withdrawn_by = by
    opinion.withdrawal_reason = reason
    opinion.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    records.append(
        action="credit.opinion.withdraw",
        target=opinion,
        actor=by,
        data={
            "evaluation": opinion.evaluation_id,
            "unit": opinion.unit_id,
            "reason": reason,
        },
    )
    return opinion


@transaction.atomic
def opinion_answer(
    *, opinion: DepartmentOpinion, verdict: str, text: str, by: User
) -> DepartmentOpinion:
    """A member of the consulted unit answers: 无意见, or 有意见 with its text."""
    _require(
        selectors_consult.may_answer(by, opinion),
        "只有被征求意见的部门（科室）人员可以答复。",
    )
    opinion = DepartmentOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.withdrawn_at is not None:
        raise ValidationError("该征求意见已由信用评价人员撤回，无需答复。")
    if opinion.answered_at is not None:
        raise ValidationError("该征求意见已答复。")
    if opinion.evaluation.status != "reviewed":
        raise ValidationError("该评价已报省，不再接受答复。")
    if verdict not in DepartmentOpinion.Verdict.values:
        raise ValidationError("请选择“无意见”或“有意见”。")
    text = text.strip()
    if verdict == DepartmentOpinion.Verdict.HAS and not text:
        raise ValidationError("有意见时请填写意见内容。")
    opinion.verdict = verdict
    opinion.opinion = text
    opinion.answered_at = timezone.now()
    opinion.answered_by = by
    opinion.save(update_fields=["verdict", "opinion", "answered_at", "answered_by"])
    records.append(
        action="credit.opinion.answer",
        target=opinion,
        actor=by,
        after=verdict,
        data={"evaluation": opinion.evaluation_id, "unit": opinion.unit_id},
    )
    return opinion


@transaction.atomic
def opinion_handle(
    *, opinion: DepartmentOpinion, adopted: bool, note: str, by: User
) -> DepartmentOpinion:
    """The credit section records how an opinion was handled: 采纳 or 不采纳,
    with the explanation (the reason, when not adopted)."""
    _require(selectors.may_manage(by), "只有信用评价人员可以处理部门（科室）意见。")
    opinion = DepartmentOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.verdict != DepartmentOpinion.Verdict.HAS:
        raise ValidationError("只有“有意见”的答复需要处理。")
    if opinion.handling:
        raise ValidationError("该意见已处理。")
    if opinion.evaluation.status != "reviewed":
        raise ValidationError("该评价已报省，不能再处理意见。")
    note = note.strip()
    if not note:
        raise ValidationError(
            "请填写处理说明（采纳的说明如何采纳，不采纳的说明理由）。"
        )
    opinion.handling = (
        DepartmentOpinion.Handling.ADOPTED
        if adopted
        else DepartmentOpinion.Handling.REJECTED
    )
    opinion.handling_note = note
    opinion.handled_at = timezone.now()
    opinion.handled_by = by
    opinion.save(
        update_fields=["handling", "handling_note", "handled_at", "handled_by"]
    )
    records.append(
        action="credit.opinion.handle",
        target=opinion,
        actor=by,
        after=opinion.handling,
        data={"evaluation": opinion.evaluation_id, "note": note},
    )
    return opinion
