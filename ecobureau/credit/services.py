"""Every write of the credit module. Keyword-only, atomic, on the record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates

from . import config, facts, scoring, selectors
from .models import (
    Adjustment,
    Evaluation,
    EvaluationYear,
    GradeBand,
    Indicator,
    Objection,
    Repair,
    Scheme,
    VetoRule,
)
from .processes import EVALUATION


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _today() -> date:
    return dates.local_date(timezone.now())


# ---------------------------------------------------------------- configuration


@transaction.atomic
def schemes_install() -> list[Scheme]:
    """Install the default national and Liaoning schemes (example configuration)
    once; existing rows are left as administrators changed them."""
    out = []
    for kind, code, name, basis, start, indicators, grades in (
        (
            Scheme.Kind.NATIONAL,
            "national-2013",
            "全国企业环境信用评价（4类21项）",
            config.NATIONAL_BASIS,
            config.NATIONAL_EFFECTIVE_FROM,
            config.NATIONAL_INDICATORS,
            config.NATIONAL_GRADES,
        ),
        (
            Scheme.Kind.LIAONING,
            "liaoning-2022",
            "辽宁省企业环境信用评价记分",
            config.LIAONING_BASIS,
            config.DEFAULT_EFFECTIVE_FROM,
            config.LIAONING_INDICATORS,
            config.LIAONING_GRADES,
        ),
    ):
        scheme, created = Scheme.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "basis": basis,
                "effective_from": start,
                "is_example": True,
            },
        )
        out.append(scheme)
        if not created:
            continue
        for order, (aspect, icode, iname, source, points, cap) in enumerate(indicators):
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=icode,
                name=iname,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=f"{basis}；{config.EXAMPLE_LABEL}",
                is_example=True,
                order=order,
            )
        for gcode, gname, colour, minimum, worst in grades:
            GradeBand.objects.create(
                scheme=scheme,
                code=gcode,
                name=gname,
                colour=colour,
                min_score=Decimal(minimum),
                is_worst=worst,
                basis=config.GRADE_BASIS[kind],
                is_example=True,
            )
        for n, (vcode, text, source) in enumerate(config.VETOES, start=1):
            VetoRule.objects.create(
                scheme=scheme,
                code=vcode,
                text=text,
                source=source,
                basis=config.VETO_BASIS.format(n=n),
                is_confirmed=False,
            )
        records.append(action="credit.scheme.install", target=scheme, after=code)
    return out


# ---------------------------------------------------------------- the year


@transaction.atomic
def year_launch(*, year: int, scheme: Scheme, notice: str, by: User) -> EvaluationYear:
    """印发或转发工作通知，启动年度评价. `year` is the year whose records are rated."""
    _require(selectors.may_manage(by), "只有信用评价人员可以启动年度评价。")
    notice = notice.strip()
    if not notice:
        raise ValidationError("请填写工作通知（文号或标题）。")
    if EvaluationYear.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度评价已启动。")
    if not scheme.in_force_on(date(year, 12, 31)):
        raise ValidationError(f"方案“{scheme}”在{year}年12月31日不在有效期内。")
    launched = EvaluationYear.objects.create(
        year=year, scheme=scheme, notice=notice, launched_by=by
    )
    records.append(
        action="credit.year.launch",
        target=launched,
        actor=by,
        after=str(year),
        data={"scheme": scheme.code, "notice": notice},
    )
    return launched


def scope_candidates(evaluation_year: EvaluationYear) -> list[tuple[Enterprise, str]]:
    """Enterprises the mandatory scope names (rules.md C4, as far as the platform
    knows): key monitored enterprises, and enterprises with records in the year."""
    active = Enterprise.objects.exclude(status="closed")
    with_records = facts.facts_for(
        active.values_list("pk", flat=True), evaluation_year.year
    )
    out = []
    for enterprise in active.order_by("name"):
        reasons = []
        if enterprise.key_source:
            reasons.append(f"重点排污单位（{enterprise.get_key_source_display()}）")
        if enterprise.pk in with_records:
            reasons.append("上年度有环境违法、超标或投诉属实等记录")
        if reasons:
            out.append((enterprise, "；".join(reasons)))
    return out


@transaction.atomic
def evaluation_scope_add(
    *,
    evaluation_year: EvaluationYear,
    enterprises: list[Enterprise],
    reason: str,
    by: User,
) -> list[Evaluation]:
    """按省厅要求确定评价行业企业范围: one evaluation (case) per enterprise."""
    _require(selectors.may_manage(by), "只有信用评价人员可以确定评价范围。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写纳入评价范围的理由。")
    existing = set(evaluation_year.evaluations.values_list("enterprise_id", flat=True))
    created = []
    for enterprise in enterprises:
        if enterprise.pk in existing:
            continue
        evaluation = Evaluation.objects.create(
            evaluation_year=evaluation_year,
            enterprise=enterprise,
            scope_reason=reason[:200],
            district_id=enterprise.district_id,
            township_id=enterprise.township_id,
            unit_id=enterprise.supervising_unit_id,
        )
        casework_services.case_start(
            process=EVALUATION, case=evaluation, step="scoped", by=by
        )
        created.append(evaluation)
    return created


def _may_act_for(user: User, evaluation: Evaluation) -> bool:
    if user.is_public:
        own = enterprise_selectors.enterprise_for_account(user)
        return own is not None and own.pk == evaluation.enterprise_id
    return (
        selectors.may_prescore(user)
        and selectors.evaluation_list_for_user(user).filter(pk=evaluation.pk).exists()
    )


@transaction.atomic
def commitment_submit(
    *, evaluation: Evaluation, file: File[bytes], by: User
) -> Evaluation:
    """企业提交环境信用承诺书或排污许可证扫描件 (the enterprise, or staff for it)."""
    _require(_may_act_for(by, evaluation), "您不能为该企业提交信用承诺。")
    if evaluation.status != "scoped":
        raise ValidationError("初审已完成，不能再提交承诺书。")
    attachment = casework_services.attachment_add(
        file=file,
        target=evaluation,
        kind="scan",
        by=by,
        note="环境信用承诺书或排污许可证扫描件",
    )
    evaluation.commitment_at = timezone.now()
    evaluation.save(update_fields=["commitment_at", "updated_at"])
    records.append(
        action="credit.evaluation.commitment",
        target=evaluation,
        actor=by,
        data={"attachment": attachment.pk},
    )
    return evaluation


def _points(text: object) -> Decimal:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError("分值必须是数字。") from error
    if value < 0 or value > 100:
        raise ValidationError("分值应在0到100之间。")
    return value


@transaction.atomic
def adjustment_add(
    *,
    evaluation: Evaluation,
    indicator_code: str,
    points: object,
    reason: str,
    by: User,
) -> Adjustment:
    """初审填报：an item of the year not in the platform's records (or a 一票否决
    情形 by its code), with the record it rests on."""
    _require(
        _may_act_for(by, evaluation) and not by.is_public,
        "您不能填报该企业的评价数据。",
    )
    if evaluation.status != "scoped":
        raise ValidationError("只有待初审的评价可以填报数据。")
    scheme = evaluation.evaluation_year.scheme
    codes = set(
        scheme.indicators.filter(source="manual").values_list("code", flat=True)
    )
    codes |= set(scheme.vetoes.values_list("code", flat=True))
    if indicator_code not in codes:
        raise ValidationError("请选择可填报的指标或一票否决情形。")
    if not reason.strip():
        raise ValidationError("请填写理由及依据的记录。")
    adjustment = Adjustment.objects.create(
        evaluation=evaluation,
        indicator_code=indicator_code,
        points=_points(points),
        reason=reason.strip()[:300],
        created_by=by,
    )
    records.append(
        action="credit.evaluation.adjust",
        target=evaluation,
        actor=by,
        data={
            "indicator": indicator_code,
            "points": str(adjustment.points),
            "reason": adjustment.reason,
        },
    )
    return adjustment


def compute(evaluation: Evaluation) -> scoring.Result:
    """Score an evaluation from the platform's records and the entered items."""
    spec = selectors.scheme_spec(evaluation.evaluation_year.scheme)
    year = evaluation.evaluation_year.year
    found = facts.facts_for([evaluation.enterprise_id], year).get(
        evaluation.enterprise_id, []
    )
    excluded = []
    for item in evaluation.adjustments.all():
        if item.excluded_ref:
            excluded.append(item.excluded_ref)
            continue
        found.append(
            scoring.Fact(
                scoring.MANUAL,
                f"credit.adjustment:{item.pk}",
                f"初审填报：{item.reason}",
                dates.local_date(item.created_at),
                code=item.indicator_code,
                points=item.points,
            )
        )
    result = scoring.score(spec, found, excluded=excluded)
    if any(i.source == "penalty" for i in spec.indicators):
        result.explain.insert(1, facts.PENALTY_MISSING)
    return result


def _store(evaluation: Evaluation, result: scoring.Result) -> dict[str, object]:
    return {
        "score": result.score,
        "deducted": result.deducted,
        "grade_code": result.grade.code,
        "grade_name": result.grade.name,
        "colour": result.grade.colour,
        "vetoed": bool(result.vetoes),
        "explanation": result.as_json(),
    }


@transaction.atomic
def evaluation_prescore(*, evaluation: Evaluation, note: str, by: User) -> Evaluation:
    """综合执法队、各分局结合年度监管结果进行初审、填报相关数据."""
    result = compute(evaluation)
    changes = _store(evaluation, result)
    changes["prescore_note"] = note.strip()
    return casework_services.case_transition(  # type: ignore[return-value]
        process=EVALUATION,
        case=evaluation,
        transition="prescore",
        by=by,
        changes=changes,
        note=f"得分{result.score}，{result.grade.name}",
    )


@transaction.atomic
def evaluation_move(
    *, evaluation: Evaluation, transition: str, note: str, by: User
) -> Evaluation:
    """复核审定 / 退回 / 征求意见后报省 / 登记省厅公布 (credit staff only)."""
    _require(selectors.may_manage(by), "只有信用评价人员可以复核、报省和公布。")
    field = {
        "review": "review_note",
        "send_back": "review_note",
        "consult": "consultation_note",
        "publish": None,
    }.get(transition)
    if transition not in ("review", "send_back", "consult", "publish"):
        raise ValidationError("未知的操作。")
    changes: dict[str, object] = {}
    if field:
        changes[field] = note.strip()
    if transition == "publish":
        changes["published_at"] = timezone.now()
    return casework_services.case_transition(  # type: ignore[return-value]
        process=EVALUATION,
        case=evaluation,
        transition=transition,
        by=by,
        changes=changes,
        note=note.strip(),
    )


# ---------------------------------------------------------------- objections


@transaction.atomic
def objection_submit(
    *, evaluation: Evaluation, text: str, record_ref: str = "", by: User
) -> Objection:
    """异议: the enterprise disputes its result, or one record in it."""
    own = enterprise_selectors.enterprise_for_account(by) if by.is_public else None
    _require(
        own is not None and own.pk == evaluation.enterprise_id,
        "只能对本企业的评价结果提出异议。",
    )
    if evaluation.status != "published":
        raise ValidationError("评价结果公布后方可提出异议。")
    text = text.strip()
    if not text:
        raise ValidationError("请填写异议内容及理由。")
    refs = {line["ref"] for line in evaluation.explanation.get("lines", [])}
    refs |= {v["ref"] for v in evaluation.explanation.get("vetoes", [])}
    if record_ref and record_ref not in refs:
        raise ValidationError("所选记录不在本企业的评分明细中。")
    objection = Objection.objects.create(
        evaluation=evaluation, text=text, record_ref=record_ref, submitted_by=by
    )
    records.append(
        action="credit.objection.submit",
        target=objection,
        actor=by,
        data={"evaluation": evaluation.pk, "ref": record_ref},
    )
    return objection


@transaction.atomic
def objection_decide(
    *, objection: Objection, upheld: bool, decision: str, by: User
) -> Objection:
    """异议核实: upheld → the disputed record is struck out and the score recomputed."""
    _require(selectors.may_manage(by), "只有信用评价人员可以处理异议。")
    if objection.status != Objection.Status.SUBMITTED:
        raise ValidationError("该异议已处理。")
    decision = decision.strip()
    if not decision:
        raise ValidationError("请填写处理意见。")
    evaluation = Evaluation.objects.select_for_update().get(pk=objection.evaluation_id)
    before = {"score": str(evaluation.score), "grade": evaluation.grade_name}
    if upheld:
        if objection.record_ref:
            Adjustment.objects.create(
                evaluation=evaluation,
                indicator_code="",
                points=Decimal(0),
                reason=f"异议成立：{decision}"[:300],
                excluded_ref=objection.record_ref,
                created_by=by,
            )
        result = compute(evaluation)
        for name, value in _store(evaluation, result).items():
            setattr(evaluation, name, value)
        evaluation.save()
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.decision = decision
    objection.decided_by = by
    objection.decided_at = timezone.now()
    objection.save()
    records.append(
        action="credit.objection.decide",
        target=objection,
        actor=by,
        before=before,
        after={"score": str(evaluation.score), "grade": evaluation.grade_name},
        data={"upheld": upheld, "decision": decision},
    )
    return objection


# ---------------------------------------------------------------- repair


def repair_earliest(severity: str, decision_date: date) -> date:
    low, high = config.REPAIR_PERIODS[severity]
    return scoring.repair_window(decision_date, low, high)[0]


@transaction.atomic
def repair_submit(
    *,
    evaluation: Evaluation,
    decision_date: date,
    corrected: str,
    by: User,
    today: date | None = None,
) -> Repair:
    """信用修复申请 (法典 art. 54; 信用修复管理办法): only after the minimum period."""
    own = enterprise_selectors.enterprise_for_account(by) if by.is_public else None
    _require(
        own is not None and own.pk == evaluation.enterprise_id,
        "只能为本企业申请信用修复。",
    )
    if evaluation.status != "published" or evaluation.repaired_at is not None:
        raise ValidationError("只有已公布且尚未修复的评价结果可以申请信用修复。")
    severity = config.SEVERITY_OF_GRADE.get(evaluation.grade_code)
    if severity is None:
        raise ValidationError("该等级不属于失信信息，无需信用修复。")
    if not corrected.strip():
        raise ValidationError("请说明已纠正失信行为、消除不良影响的情况。")
    earliest = repair_earliest(severity, decision_date)
    if (today or _today()) < earliest:
        raise ValidationError(
            f"最短公示期未满，{earliest.isoformat()}起方可申请信用修复（{config.REPAIR_BASIS}）。"
        )
    repair = Repair.objects.create(
        evaluation=evaluation,
        severity=severity,
        decision_date=decision_date,
        corrected=corrected.strip(),
        submitted_by=by,
    )
    records.append(
        action="credit.repair.submit",
        target=repair,
        actor=by,
        data={"evaluation": evaluation.pk, "severity": severity},
    )
    return repair


@transaction.atomic
def repair_decide(*, repair: Repair, granted: bool, decision: str, by: User) -> Repair:
    _require(selectors.may_manage(by), "只有信用评价人员可以审核信用修复。")
    if repair.status != Repair.Status.SUBMITTED:
        raise ValidationError("该申请已审核。")
    if not decision.strip():
        raise ValidationError("请填写审核意见。")
    repair.status = Repair.Status.GRANTED if granted else Repair.Status.REFUSED
    repair.decision = decision.strip()
    repair.decided_by = by
    repair.decided_at = timezone.now()
    repair.save()
    if granted:
        Evaluation.objects.filter(pk=repair.evaluation_id).update(
            repaired_at=repair.decided_at
        )
    records.append(
        action="credit.repair.decide",
        target=repair,
        actor=by,
        data={"granted": granted, "decision": repair.decision},
    )
    return repair
