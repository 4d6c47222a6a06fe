"""Close-out (整改一个、验收一个、公示一个、销号一个、备案一个, seed 001 五4) and the
revisits of closed cases (复查回访, 三(一)2) and the city look-back on closed
tasks (回头看, 三(一)1)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import dates

from ..models import (
    LookBack,
    Measure,
    PetitionCase,
    RectificationTask,
    Revisit,
    Supervision,
)
from ._common import _require, _today
from .petitions import petition_transition


def close_check(item: RectificationTask | PetitionCase) -> None:
    """整改一个、验收一个、公示一个、销号一个 (seed 001 五4): published first."""
    if item.published_at is None:
        raise ValidationError("公示后方可销号。")


# --- Revisits (复查回访, B3) -------------------------------------------------------

REVISIT_SHARE = Fraction(1, 10)  # seed 001 三(一)2: "按每月10%比例进行复查回访"


@transaction.atomic
def revisits_draw(*, month: date) -> list[Revisit]:
    """Draw, for each responsible unit (承办单位), 10 % (rounded up) of its
    petition cases closed out before `month` ends, for a revisit that month
    (seed 001 三(一)2 "按每月10%比例"; seed 000 "案件办理责任部门要确保每月复查或
    回访不低于10%", A85). Cases without a unit form one group of their own.
    Reproducible: each unit's draw is seeded by the month and the unit; a month
    is drawn once (the unique (case, month) key)."""
    first = month.replace(day=1)
    if Revisit.objects.filter(month=first).exists():
        return []
    next_month = (first + timedelta(days=32)).replace(day=1)
    end = datetime.combine(next_month, datetime.min.time(), tzinfo=dates.SHANGHAI)
    closed = PetitionCase.objects.filter(
        status__in=("closed", "filed"), closed_at__lt=end
    ).order_by("number")
    by_unit: dict[int | None, list[PetitionCase]] = {}
    for case in closed:
        by_unit.setdefault(case.unit_id, []).append(case)
    drawn: list[PetitionCase] = []
    for unit_id, cases in sorted(by_unit.items(), key=lambda kv: kv[0] or 0):
        count = math.ceil(len(cases) * REVISIT_SHARE)
        seed = f"rectification-revisit-{first:%Y-%m}-{unit_id or 0}"
        drawn += random.Random(seed).sample(cases, count)  # noqa: S311
    revisits = Revisit.objects.bulk_create(
        [
            Revisit(case=case, month=first)
            for case in sorted(drawn, key=lambda c: c.number)
        ]
    )
    if revisits and revisits[0].pk is None:  # backends that return no keys
        revisits = list(Revisit.objects.filter(month=first).select_related("case"))
    for revisit in revisits:
        records.append(
            action="rectification.revisit_draw",
            target=revisit.case,
            after={"month": first, "revisit": revisit.pk},
        )
    return revisits


def revisit_coverage(month: date) -> list[dict[str, object]]:
    """A85: for each responsible unit, its closed cases, the revisits drawn for
    `month` and those done — at least 10 % of its cases each month."""
    first = month.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    end = datetime.combine(next_month, datetime.min.time(), tzinfo=dates.SHANGHAI)
    closed = dict(
        PetitionCase.objects.filter(status__in=("closed", "filed"), closed_at__lt=end)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    drawn = dict(
        Revisit.objects.filter(month=first)
        .values("case__unit")
        .annotate(n=Count("pk"))
        .values_list("case__unit", "n")
    )
    done = dict(
        Revisit.objects.filter(month=first, done_on__isnull=False)
        .values("case__unit")
        .annotate(n=Count("pk"))
        .values_list("case__unit", "n")
    )
    from ecobureau.accounts.models import Unit

    names = dict(
        Unit.objects.filter(pk__in=[u for u in closed if u]).values_list("pk", "name")
    )
    rows: list[dict[str, object]] = []
    for unit_id, total in sorted(closed.items(), key=lambda kv: names.get(kv[0], "")):
        needed = math.ceil(total * REVISIT_SHARE)
        rows.append(
            {
                "unit": names.get(unit_id, "未指定承办单位"),
                "closed": total,
                "needed": needed,
                "drawn": drawn.get(unit_id, 0),
                "done": done.get(unit_id, 0),
                "short": done.get(unit_id, 0) < needed,
            }
        )
    return rows


@transaction.atomic
def revisit_record(
    *,
    by: User,
    revisit: Revisit,
    findings: str,
    satisfied: bool,
    rebound: bool,
    category: str = "rebound",
) -> Revisit:
    """Record a revisit; a rebound or a problem not fully fixed reopens the case
    (三(一)2: 分类处置、台帐式管理，重新整改，重新销号) under `category` (B4:
    整改不到位 / 问题反弹 / 其他; 问题反弹 unless told)."""
    _require(by, "handle_rectification")
    if revisit.done_on is not None:
        raise ValidationError("该回访已记录。")
    if not findings.strip():
        raise ValidationError("请填写复查回访情况。")
    revisit.done_on, revisit.findings = _today(), findings.strip()
    revisit.satisfied, revisit.rebound, revisit.by = satisfied, rebound, by
    revisit.save()
    records.append(
        action="rectification.revisit_record",
        target=revisit.case,
        actor=by,
        after={"revisit": revisit.pk, "satisfied": satisfied, "rebound": rebound},
    )
    if rebound and revisit.case.status in ("closed", "filed"):
        reason = f"复查回访发现反弹或整改不到位：{revisit.findings}"
        if _is_office(by):
            petition_transition(
                by=by,
                case=revisit.case,
                transition="reopen",
                changes={"reopen_reason": reason, "reopen_category": category},
            )
        else:
            # Only the office reopens; the finding goes to it as a warning.
            Supervision.objects.create(
                kind=Supervision.Kind.WARNING,
                case=revisit.case,
                reason=reason + "（待市督改办重新交办整改）",
                issued_at=timezone.now(),
                automatic=True,
            )
    return revisit


def _is_office(by: User) -> bool:
    from ..processes import OFFICE_ROLES

    return by.is_superuser or by.roles.filter(code__in=OFFICE_ROLES).exists()


# --- City look-back (回头看, B2) ----------------------------------------------------


@transaction.atomic
def lookback_record(
    *,
    by: User,
    measure: Measure,
    checked_on: date,
    findings: str,
    holds: bool,
) -> LookBack:
    """Record the on-site check of one measure of a closed task (seed 001 三(一)1
    "对照每项任务的每条整改措施，现场检查落实情况"). A measure found not to hold
    raises a warning to the office, which reopens the task (三(一)2 重新整改、重新销号)."""
    _require(by, "manage_ledger")
    task = measure.task
    if task.status not in ("closed", "filed"):
        raise ValidationError("回头看针对已销号的整改任务。")
    if checked_on > _today():
        raise ValidationError("检查日期不能晚于今天。")
    if not findings.strip():
        raise ValidationError("请填写现场检查情况。")
    lookback = LookBack.objects.create(
        measure=measure,
        checked_on=checked_on,
        findings=findings.strip(),
        holds=holds,
        by=by,
    )
    records.append(
        action="rectification.lookback",
        target=task,
        actor=by,
        after={"measure": measure.pk, "holds": holds, "checked_on": checked_on},
    )
    if not holds:
        Supervision.objects.create(
            kind=Supervision.Kind.WARNING,
            task=task,
            reason=f"回头看发现第{measure.seq}项措施整改成果未保持：{lookback.findings}"
            "（应重新整改、重新销号）",
            issued_at=timezone.now(),
            automatic=True,
        )
    return lookback


def lookback_progress(tasks: list[RectificationTask]) -> dict[int, tuple[int, int]]:
    """For each closed task, (measures checked, measures) — 确保无遗漏."""
    checked = dict(
        Measure.objects.filter(task__in=tasks, lookbacks__isnull=False)
        .values("task")
        .annotate(n=Count("pk", distinct=True))
        .values_list("task", "n")
    )
    totals = dict(
        Measure.objects.filter(task__in=tasks)
        .values("task")
        .annotate(n=Count("pk"))
        .values_list("task", "n")
    )
    return {t.pk: (checked.get(t.pk, 0), totals.get(t.pk, 0)) for t in tasks}
