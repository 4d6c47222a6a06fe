"""The rural environmental improvement target-responsibility system (农村环境综合整治
目标责任制; seed 003 (十五), D18): the level above sets each township's or
district's yearly targets with a responsible person, the cell reports progress,
and at the year end the level above scores each target and records the grade."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib.dates import local_date

from ..models import GridCell, RuralAssessment, RuralProgress, RuralTarget
from ._common import require, require_cell, required_text
from .coordination import _require_upper

# Grades by share of the full score: example configuration (示例配置) — seed 003
# names the system but gives no scale.
GRADE_THRESHOLDS = (
    (Decimal("90"), RuralAssessment.Grade.EXCELLENT),
    (Decimal("80"), RuralAssessment.Grade.GOOD),
    (Decimal("60"), RuralAssessment.Grade.PASS),
)
GRADE_BASIS = "优秀≥90%、良好≥80%、合格≥60%（示例配置，未经确认）"


def grade_for(percent: Decimal) -> str:
    for floor, grade in GRADE_THRESHOLDS:
        if percent >= floor:
            return grade
    return RuralAssessment.Grade.FAIL


def _assessed(cell: GridCell, year: int) -> bool:
    return RuralAssessment.objects.filter(cell=cell, year=year).exists()


@dataclass(frozen=True)
class TargetData:
    cell: GridCell
    year: int
    title: str
    target: str
    weight: int
    responsible_name: str
    responsible_post: str = ""


@transaction.atomic
def rural_target_set(*, data: TargetData, by: User) -> RuralTarget:
    """The level above hands a township or district one yearly target."""
    upper = _require_upper(by, data.cell)
    if data.cell.kind != GridCell.Kind.ADMINISTRATIVE or data.cell.level == 1:
        raise ValidationError("整治目标下达给区县或乡镇（街道）网格。")
    if not 1 <= data.weight <= 100:
        raise ValidationError("分值应为1至100分。")
    if data.year < local_date(timezone.now()).year - 1:
        raise ValidationError("不能为已考核过的年度下达目标。")
    if _assessed(data.cell, data.year):
        raise ValidationError("该年度已考核，不能再下达目标。")
    target = RuralTarget.objects.create(
        cell=data.cell,
        upper_cell=upper,
        year=data.year,
        title=required_text(data.title, "整治任务"),
        target=required_text(data.target, "目标要求"),
        weight=data.weight,
        responsible_name=required_text(data.responsible_name, "责任人"),
        responsible_post=data.responsible_post.strip(),
        set_by=by,
        district=data.cell.district,
        township=data.cell.township,
    )
    records.append(
        action="grid.rural_target_set",
        target=target,
        actor=by,
        after={"year": data.year, "weight": data.weight},
    )
    return target


@transaction.atomic
def rural_progress_report(
    *, target: RuralTarget, on: date, percent: int, note: str, by: User
) -> RuralProgress:
    """The responsible cell reports progress on one of its targets."""
    require(by, "grid.manage_grid", "您无权报告整治目标进展。")
    require_cell(by, target.cell)
    target = RuralTarget.objects.select_for_update().get(pk=target.pk)
    if _assessed(target.cell, target.year):
        raise ValidationError("该年度已考核，不能再报告进展。")
    if not 0 <= percent <= 100:
        raise ValidationError("完成进度应为0至100。")
    if on > local_date(timezone.now()):
        raise ValidationError("报告日期不能晚于今天。")
    progress = RuralProgress.objects.create(
        target=target,
        on=on,
        percent=percent,
        note=required_text(note, "进展情况"),
        by=by,
    )
    target.progress_percent = percent
    target.progress_note = progress.note
    target.save(update_fields=["progress_percent", "progress_note", "updated_at"])
    records.append(
        action="grid.rural_progress",
        target=target,
        actor=by,
        after={"percent": percent, "on": on},
    )
    return progress


@transaction.atomic
def rural_assess(
    *,
    cell: GridCell,
    year: int,
    scores: Mapping[int, tuple[Decimal, str]],
    remarks: str,
    by: User,
) -> RuralAssessment:
    """Year-end assessment by the level above: every target scored between 0 and
    its weight, the total and grade recorded once."""
    upper = _require_upper(by, cell)
    today = local_date(timezone.now())
    if year > today.year or (year == today.year and today.month < 12):
        raise ValidationError("年终考核须在当年12月或之后进行。")
    targets = list(
        RuralTarget.objects.select_for_update()
        .filter(cell=cell, year=year)
        .order_by("pk")
    )
    if not targets:
        raise ValidationError("该网格本年度没有整治目标。")
    total = Decimal("0")
    for target in targets:
        if target.pk not in scores:
            raise ValidationError(f"请为“{target.title}”评分。")
        score, _note = scores[target.pk]
        if not Decimal("0") <= score <= target.weight:
            raise ValidationError(
                f"“{target.title}”的得分应在0至{target.weight}分之间。"
            )
        total += score
    full = sum(t.weight for t in targets)
    percent = (total * 100 / full).quantize(Decimal("0.1"))
    try:
        with transaction.atomic():
            assessment = RuralAssessment.objects.create(
                cell=cell,
                upper_cell=upper,
                year=year,
                total_score=total,
                full_score=full,
                percent=percent,
                grade=grade_for(percent),
                remarks=required_text(remarks, "考核意见"),
                assessed_by=by,
                assessed_on=today,
                district=cell.district,
                township=cell.township,
            )
    except IntegrityError:
        raise ValidationError("该网格本年度已考核。") from None
    for target in targets:
        score, note = scores[target.pk]
        target.score = score
        target.score_note = note.strip()
        target.save(update_fields=["score", "score_note", "updated_at"])
    records.append(
        action="grid.rural_assess",
        target=assessment,
        actor=by,
        after={"total": total, "full": full, "grade": assessment.grade},
        data={"scores": {str(k): str(v[0]) for k, v in scores.items()}},
    )
    return assessment
