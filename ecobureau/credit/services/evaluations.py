"""The annual evaluation: launch, scope, commitments, entered items, pre-scoring, moves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates

from .. import facts, scoring, selectors, selectors_notice
from ..models import (
    Adjustment,
    Evaluation,
    EvaluationYear,
    Scheme,
)
from ..processes import EVALUATION
from .common import _grid_class_follows, _notify_enterprise, _require

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
    knows): enterprises fined ≥ 50,000 yuan or suspended, under 挂牌督办, with a
    较大 or larger environmental emergency, in a heavy-polluting sector (by their
    GB/T 4754 code, 示例配置 mapping), key monitored enterprises, and enterprises
    with records in the year."""
    active = Enterprise.objects.exclude(status="closed")
    ids = list(active.values_list("pk", flat=True))
    with_records = facts.facts_for(ids, evaluation_year.year)
    by_penalty = facts.mandatory_by_penalty(ids, evaluation_year.year)
    by_incident = facts.mandatory_by_incident(ids, evaluation_year.year)
    by_listing = facts.mandatory_by_listed_supervision(ids, evaluation_year.year)
    out = []
    for enterprise in active.order_by("name"):
        reasons = []
        if enterprise.pk in by_penalty:
            reasons.append(by_penalty[enterprise.pk])
        if enterprise.pk in by_incident:
            reasons.append(by_incident[enterprise.pk])
        if enterprise.pk in by_listing:
            reasons.append(by_listing[enterprise.pk])
        if sector := facts.heavy_polluting_sector(enterprise):
            reasons.append(f"重污染行业（{sector}，行业对应为示例配置）")
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
    # Only enterprises inside the user's data scope (enterprises' scoped selector).
    visible = set(
        enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk__in=[e.pk for e in enterprises])
        .values_list("pk", flat=True)
    )
    outside = [e.name for e in enterprises if e.pk not in visible]
    _require(not outside, f"以下企业不在您的数据范围内：{'、'.join(outside)}。")
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
    情形 by its code, or a 守信加分 item), with the record it rests on. Points are
    never negative: a bonus indicator's points add (scoring.BONUS)."""
    _require(
        _may_act_for(by, evaluation) and not by.is_public,
        "您不能填报该企业的评价数据。",
    )
    if evaluation.status != "scoped":
        raise ValidationError("只有待初审的评价可以填报数据。")
    scheme = evaluation.evaluation_year.scheme
    codes = set(
        scheme.indicators.filter(source__in=["manual", "bonus"]).values_list(
            "code", flat=True
        )
    )
    codes |= set(scheme.vetoes.values_list("code", flat=True))
    if indicator_code not in codes:
        raise ValidationError("请选择可填报的指标或一票否决情形。")
    if not reason.strip():
        raise ValidationError("请填写理由及依据的记录。")
    bonus = scheme.indicators.filter(code=indicator_code, source="bonus").first()
    if bonus is not None and _points(points) == 0:
        raise ValidationError(f"请填写守信加分分值（每项{bonus.points}分）。")
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
            "bonus": bonus is not None,
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
    return scoring.score(spec, found, excluded=excluded)


def compute_stored(evaluation: Evaluation) -> scoring.Result:
    """Re-score from the facts the stored score used (selectors.stored_facts),
    minus every record an upheld objection struck out. Records that reached the
    platform after pre-scoring do not enter: they belong to a new pre-scoring
    (send back) or the next year, not to an answer to an objection."""
    spec = selectors.scheme_spec(evaluation.evaluation_year.scheme)
    excluded = [
        item.excluded_ref for item in evaluation.adjustments.all() if item.excluded_ref
    ]
    return scoring.score(spec, selectors.stored_facts(evaluation), excluded=excluded)


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
    """复核审定 / 退回 / 征求意见后报省 / 公示 / 登记省厅公布 (credit staff only).
    `announce` puts the result on notice (公示, CREDIT_NOTICE_DAYS calendar days
    from tomorrow, 示例配置) and tells the enterprise it may object until the
    last day; `publish` then waits for the end and the answers (processes)."""
    _require(selectors.may_manage(by), "只有信用评价人员可以复核、报省和公布。")
    field = {
        "review": "review_note",
        "send_back": "review_note",
        "consult": "consultation_note",
        "announce": None,
        "publish": None,
    }.get(transition)
    if transition not in ("review", "send_back", "consult", "announce", "publish"):
        raise ValidationError("未知的操作。")
    changes: dict[str, object] = {}
    if field:
        changes[field] = note.strip()
    if transition == "announce":
        days = selectors_notice.notice_days()
        if days:
            start = dates.local_date(timezone.now())
            changes["notice_start"] = start
            changes["notice_end"] = selectors_notice.notice_end_for(start, days)
    if transition == "publish":
        changes["published_at"] = timezone.now()
    moved = casework_services.case_transition(
        process=EVALUATION,
        case=evaluation,
        transition=transition,
        by=by,
        changes=changes,
        note=note.strip(),
    )
    if transition == "announce":
        noticed = Evaluation.objects.select_related(
            "enterprise", "evaluation_year"
        ).get(pk=evaluation.pk)
        records.append(
            action="credit.evaluation.notice",
            target=noticed,
            actor=by,
            data={
                "start": noticed.notice_start.isoformat(),  # type: ignore[union-attr]
                "end": noticed.notice_end.isoformat(),  # type: ignore[union-attr]
                "basis": selectors_notice.notice_basis(),
            },
        )
        _notify_enterprise(
            noticed,
            f"{noticed.evaluation_year.year}年度企业环境信用评价结果公示："
            f"{noticed.grade_name}，公示期至{noticed.notice_end}，"
            "如有异议请在公示期内提出",
            f"notice:{noticed.pk}",
        )
    if transition == "publish":
        published = Evaluation.objects.select_related(
            "enterprise", "evaluation_year"
        ).get(pk=evaluation.pk)
        _notify_enterprise(
            published,
            f"{published.evaluation_year.year}年度企业环境信用评价结果已公布："
            f"{published.grade_name}",
            f"published:{published.pk}",
        )
        _grid_class_follows(published, by)
    return moved  # type: ignore[return-value]
