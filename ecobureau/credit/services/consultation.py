"""征求部门（科室）意见 (seed 000 企业环境信用评价 办理基本流程: 市级生态环境
部门复核审定 → 征求部门（科室）意见后报省厅): the credit section asks units,
a member of each unit answers, the credit section handles every 有意见; the
`consult` transition waits for all of it (processes._check_consult)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .. import selectors, selectors_consult
from ..models import DepartmentOpinion, Evaluation
from .common import _require


def _notify_unit(opinion: DepartmentOpinion) -> None:
    """Tell the consulted unit's active staff where to answer (in-app, same
    transaction): the request is their only way into the evaluation."""
    from django.urls import reverse

    from ecobureau.notifications import services as notification_services

    members = list(
        User.objects.filter(
            unit_id=opinion.unit_id,
            is_active=True,
            kind__in=[User.Kind.STAFF, User.Kind.EXTERNAL],
        )
    )
    if members:
        notification_services.send(
            recipients=members,
            title=f"信用评价征求意见：{opinion.evaluation}",
            url=reverse("credit:opinion", args=[opinion.pk]),
            dedupe_key=f"credit:opinion:{opinion.pk}",
        )


@transaction.atomic
def opinions_request(
    *, evaluation: Evaluation, units: list[Unit], by: User
) -> list[DepartmentOpinion]:
    """征求部门（科室）意见: one request per unit, only while the evaluation is
    reviewed (待征求意见报省), by the credit section."""
    _require(selectors.may_manage(by), "只有信用评价人员可以征求部门（科室）意见。")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != "reviewed":
        raise ValidationError("只有复核审定后、报省前的评价可以征求部门（科室）意见。")
    if not units:
        raise ValidationError("请至少选择一个部门（科室）。")
    allowed = set(selectors_consult.consult_units(by).values_list("pk", flat=True))
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(f"不能向以下单位征求意见：{'、'.join(outside)}。")
    waiting = set(
        evaluation.opinions.filter(answered_at__isnull=True).values_list(
            "unit_id", flat=True
        )
    )
    repeated = [u.name for u in units if u.pk in waiting]
    if repeated:
        raise ValidationError(
            f"已向以下部门（科室）征求意见，尚待答复：{'、'.join(repeated)}。"
        )
    now = timezone.now()
    made = []
    for unit in {u.pk: u for u in units}.values():
        opinion = DepartmentOpinion.objects.create(
            evaluation=evaluation, unit=unit, requested_at=now, requested_by=by
        )
        records.append(
            action="credit.opinion.request",
            target=opinion,
            actor=by,
            data={"evaluation": evaluation.pk, "unit": unit.pk},
        )
        _notify_unit(opinion)
        made.append(opinion)
    return made


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
