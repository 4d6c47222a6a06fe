"""Every write of the leadership module: confirming and publishing a unit
assessment, recording supervision findings and issuing the quarter's progress
notice, each with its record entry in the same transaction. Confirming a quarter
opens casework's accountability follow-up for a unit whose 与基层互动 supervision
result is poor (A80)."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.selectors import unit_heads
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.lib import pdf

from . import notice, scoring, selectors
from .models import Assessment, GrassrootsResult, ProgressNotice, SupervisionFinding


def _may_confirm(user: User, perm: str) -> bool:
    return selectors.may_view(user) and selectors.is_city(user) and user.has_perm(perm)


@transaction.atomic
def assessment_confirm(
    *,
    kind: str,
    period: selectors.Period,
    by: User,
    supervision: dict[int, Decimal] | None = None,
    note: str = "",
) -> Assessment:
    """Store the period's ranking (月度) or assessment (季度) as computed now, with
    the example scheme and the 与基层互动 deductions (A80) the leader entered."""
    if not _may_confirm(by, "leadership.confirm_assessment"):
        raise PermissionDenied("只有市局领导可以确认单位考核结果。")
    if kind not in Assessment.Kind.values or period.kind != kind:
        raise ValidationError("考核类型与期间不符。")
    today = timezone.localdate()
    if period.end > today:
        raise ValidationError("期间尚未结束，不能确认考核结果。")
    if selectors.assessment_stored(kind, period) is not None:
        raise ValidationError("该期间的考核结果已经确认，不能重复确认。")
    supervision = supervision or {}
    if any(v < 0 for v in supervision.values()):
        raise ValidationError("督查扣分不能为负数。")
    if kind == Assessment.Kind.MONTH and any(supervision.values()):
        # A84: the monthly ranking is by the complaint figures; the 与基层互动
        # supervision results count in the performance assessment (A80).
        raise ValidationError("与基层互动督查扣分计入季度考核，月度排名不扣此分。")
    scores = selectors.unit_scores(period, supervision=supervision)
    if not scores:
        raise ValidationError("该期间没有可考核的单位数据。")
    now = timezone.now()
    assessment = Assessment.objects.create(
        kind=kind,
        period_start=period.start,
        period_end=period.last_day,
        status=Assessment.Status.CONFIRMED,
        scheme=scoring.EXAMPLE_SCHEME,
        rows=[scoring.to_row(s) for s in scores],
        note=note,
        confirmed_by=by,
        confirmed_at=now,
    )
    opened = _grassroots_results(assessment, supervision, by=by)
    records.append(
        action="leadership.assessment_confirm",
        target=assessment,
        actor=by,
        after=assessment.status,
        data={
            "kind": kind,
            "period": period.value,
            "units": len(scores),
            "scores": {str(s.facts.unit_id): str(s.score) for s in scores},
            "scheme": scoring.SCHEME_LABEL,
            "accountability": opened,
        },
    )
    return assessment


def _district_id(unit: Unit) -> int | None:
    division = unit.division
    while division is not None and division.level > 2:
        division = division.parent
    return division.pk if division is not None and division.level == 2 else None


def _grassroots_results(
    assessment: Assessment, supervision: dict[int, Decimal], *, by: User
) -> dict[str, int]:
    """Store each unit's 与基层互动 supervision deduction of a quarter; one that
    reaches the poor-implementation line (`selectors.poor_supervision_from()`,
    示例配置) opens casework's accountability follow-up for the unit (seed 000 与基层
    互动 10 "落实不力的，启动问责程序"). Returns {unit id: follow-up id}."""
    if assessment.kind != Assessment.Kind.QUARTER:
        return {}
    line = selectors.poor_supervision_from()
    cap = Decimal(str(assessment.scheme["supervision_cap"]))
    units = Unit.objects.select_related("division__parent").in_bulk(
        [pk for pk, v in supervision.items() if v]
    )
    heads = unit_heads(set(units))
    opened: dict[str, int] = {}
    for pk, unit in sorted(units.items()):
        deduction = min(supervision[pk], cap)
        poor = line > 0 and deduction >= line
        result = GrassrootsResult.objects.create(
            assessment=assessment,
            unit=unit,
            deduction=deduction,
            poor=poor,
            threshold=line,
        )
        if not poor:
            continue
        unit_heads_ = heads.get(pk, [])
        followup = casework_services.accountability_open(
            source=result,
            source_label=f"{assessment.title}与基层互动督查落实不力（{unit.name}）",
            lapse=(
                f"{unit.name}在{assessment.title}中与基层互动督查扣{deduction}分，"
                f"达到落实不力扣分线{line}分（示例配置，需按考核办法核定）。"
            ),
            person_responsible=(
                User.objects.get(pk=unit_heads_[0]) if len(unit_heads_) == 1 else None
            ),
            by=by,
            district_id=_district_id(unit),
        )
        if followup is not None:
            result.accountability = followup
            result.save(update_fields=["accountability", "updated_at"])
            opened[str(pk)] = followup.pk
    return opened


@transaction.atomic
def assessment_publish(*, assessment: Assessment, by: User) -> Assessment:
    """Publish a confirmed result on the portal (units, scores and ranks only)."""
    if not _may_confirm(by, "leadership.publish_assessment"):
        raise PermissionDenied("只有市局领导可以公布单位考核结果。")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.CONFIRMED:
        raise ValidationError("只有已确认、尚未公布的考核结果可以公布。")
    old = locked.status
    locked.status = Assessment.Status.PUBLISHED
    locked.published_by = by
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    records.append(
        action="leadership.assessment_publish",
        target=locked,
        actor=by,
        before=old,
        after=locked.status,
    )
    return locked


# --- Supervision findings and the quarter's progress notice (A96) ------------------


@transaction.atomic
def finding_record(
    *,
    quarter: selectors.Period,
    unit: Unit,
    found_on: date,
    finding: str,
    rectification: str,
    rectification_due: date | None = None,
    by: User,
) -> SupervisionFinding:
    """Record a finding of the supervision of a member unit's 与群众互动 work in a
    quarter (seed 000 与群众互动 三、4 "对各成员单位进行监督检查，发现存在问题")."""
    if not selectors.may_record_finding(by):
        raise PermissionDenied("只有市局考核督查人员可以录入督查发现。")
    if quarter.kind != "quarter":
        raise ValidationError("督查发现按季度录入。")
    if unit.kind not in selectors.MEMBER_UNIT_KINDS or not unit.is_active:
        raise ValidationError("被督查单位须为在用的局属成员单位。")
    today = timezone.localdate()
    if found_on > today:
        raise ValidationError("督查日期不能晚于今天。")
    if found_on < quarter.start:
        raise ValidationError(f"督查日期不能早于{quarter.label}开始之日。")
    if rectification_due is not None and rectification_due < found_on:
        raise ValidationError("整改期限不能早于督查日期。")
    if not finding.strip() or not rectification.strip():
        raise ValidationError("请填写发现的问题和整改要求。")
    if ProgressNotice.objects.filter(
        assessment__kind=Assessment.Kind.QUARTER,
        assessment__period_start=quarter.start,
    ).exists():
        raise ValidationError("本季度工作进展通报已印发，新的督查发现请计入下一季度。")
    item = SupervisionFinding.objects.create(
        quarter_start=quarter.start,
        unit=unit,
        found_on=found_on,
        finding=finding.strip(),
        rectification=rectification.strip(),
        rectification_due=rectification_due,
        recorded_by=by,
    )
    records.append(
        action="leadership.finding_record",
        target=item,
        actor=by,
        unit_id=unit.pk,
        data={
            "quarter": quarter.value,
            "unit": unit.pk,
            "found_on": found_on.isoformat(),
        },
    )
    return item


def _bureau() -> Unit:
    unit = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True)
        .exclude(document_prefix="")
        .order_by("pk")
        .first()
    )
    if unit is None:
        raise ValidationError("未设置局的文号代字，不能印发通报。")
    return unit


@transaction.atomic
def notice_issue(*, assessment: Assessment, by: User) -> ProgressNotice:
    """Issue the quarter's progress notice (通报工作进展): the ranking with every
    deduction, the 与基层互动 results and the supervision findings as they are
    now, numbered in the bureau's 考 series, kept with the notice; the record
    entry holds the PDF's SHA-256."""
    if not _may_confirm(by, "leadership.confirm_assessment"):
        raise PermissionDenied("只有市局领导可以印发工作进展通报。")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.kind != Assessment.Kind.QUARTER:
        raise ValidationError("工作进展通报按季度印发。")
    if ProgressNotice.objects.filter(assessment=locked).exists():
        raise ValidationError("本季度工作进展通报已经印发。")
    bureau = _bureau()
    records.lock_chain()
    issued_at = timezone.now()
    issued_on = timezone.localdate(issued_at)
    number = casework_services.document_number_take(
        unit=bureau, series=notice.SERIES, year=issued_on.year
    )
    reference = f"{bureau.document_prefix}{notice.SERIES}〔{issued_on.year}〕{number}号"
    content = notice.content_of(
        locked, issuer=bureau.name, reference=reference, issued_on=issued_on
    )
    try:
        document = notice.pdf_bytes(content, created_at=issued_at)
    except pdf.MissingGlyphs as error:
        raise ValidationError(
            f"以下字符在文书字库中没有，无法排版：{'、'.join(error.characters)}。"
        ) from None
    digest = hashlib.sha256(document).hexdigest()
    item = ProgressNotice.objects.create(
        assessment=locked,
        reference=reference,
        content=content,
        sha256=digest,
        issued_by=by,
        issued_at=issued_at,
    )
    records.append(
        action="leadership.notice_issue",
        target=locked,
        actor=by,
        sha256=[digest],
        data={
            "notice": item.pk,
            "reference": reference,
            "findings": [f["id"] for f in content["findings"]],
            "units": len(content["rows"]),
        },
    )
    return item
