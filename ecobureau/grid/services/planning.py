"""Inspection planning: conflicts of interest, positive-list approvals, the
double-random draw, inspection tasks and the due-supervision reminders.

Who inspects: only credentialed enforcement officers, at least two on site
(行政处罚法第四十二条), never grid officers (国办发〔2024〕54号, rules.md I5). What is
inspected routinely: enterprises drawn by class ratios, positive-list enterprises
only with the enforcement head's approval (rules.md I3), no enterprise beyond the
yearly cap on routine checks (rules.md I4).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import services as enterprise_services
from ecobureau.enterprises.models import Enterprise, PositiveListEntry
from ecobureau.lib import canonical_json
from ecobureau.lib import draw as lib_draw
from ecobureau.lib.dates import local_date
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import (
    Draw,
    EnterpriseSupervision,
    InspectionTask,
    InspectorConflict,
    ListedCheckRequest,
)
from ._common import require, require_enterprise, required_text
from .classes import supervision_mark

PLAN = "grid.manage_plan"
GRID_OFFICER_BANNED = (
    "网格员不得从事涉企行政检查（国办发〔2024〕54号），发现问题请通过网格巡查上报。"
)
ACTIVE_STATUSES = (Enterprise.Status.OPERATING, Enterprise.Status.CONSTRUCTION)


# --- Conflicts of interest (回避) -----------------------------------------------------


@transaction.atomic
def conflict_declare(
    *, inspector: User, enterprise: Enterprise, reason: str, by: User
) -> InspectorConflict:
    """Declare that an inspector must not inspect an enterprise (行政处罚法第四十三条):
    by the inspector, or by a planner."""
    if by.pk != inspector.pk:
        require(by, PLAN, "只能申报本人的回避关系，或由检查计划负责人登记。")
    require_enterprise(by, enterprise)
    try:
        with transaction.atomic():
            conflict = InspectorConflict.objects.create(
                inspector=inspector,
                enterprise=enterprise,
                reason=required_text(reason, "回避理由"),
                declared_by=by,
            )
    except IntegrityError:
        raise ValidationError("该回避关系已登记。") from None
    records.append(
        action="grid.conflict_declare",
        target=enterprise,
        actor=by,
        after={"conflict": conflict.pk, "inspector": inspector.pk},
    )
    return conflict


@transaction.atomic
def conflict_end(*, conflict: InspectorConflict, reason: str, by: User) -> None:
    require(by, PLAN, "只有检查计划负责人可以解除回避关系。")
    if conflict.ended_on is not None:
        raise ValidationError("该回避关系已解除。")
    conflict.ended_on = local_date(timezone.now())
    conflict.save(update_fields=["ended_on"])
    records.append(
        action="grid.conflict_end",
        target=conflict.enterprise,
        actor=by,
        after={"conflict": conflict.pk},
        data={"reason": required_text(reason, "解除理由")},
    )


# --- Positive-list review: the credit grade bars a listing (失信惩戒) ------------------


@transaction.atomic
def positive_list_add_reviewed(
    *, enterprise: Enterprise, reason: str, by: User
) -> PositiveListEntry:
    """List an enterprise from the review screen (A73), unless its credit grade in
    force rules it out (守信激励，失信惩戒; the grade and its consequence come from
    credit through the registered lookup). The list and its record entry stay in
    `enterprises`."""
    grade = selectors.credit_grades([enterprise.pk], selectors.today()).get(
        enterprise.pk
    )
    if grade is not None and not grade.positive_list_eligible:
        raise ValidationError(
            f"{enterprise.name}{grade.year}年度环境信用评价为{grade.grade_name}"
            f"（{grade.colour_name}），{grade.text}，不能列入正面清单（{grade.basis}）。"
        )
    return enterprise_services.positive_list_add(
        enterprise=enterprise, reason=reason, by=by
    )


# --- Positive-list enterprises: on-site check only with approval ---------------------


@transaction.atomic
def listed_request_create(
    *, enterprise: Enterprise, year: int, reason: str, by: User
) -> ListedCheckRequest:
    """Ask to check a positive-list enterprise on site: the head of enforcement
    approves (rules.md I3 "非必要不现场执法检查"), through casework's approvals."""
    require(by, "grid.add_listedcheckrequest", "您无权提请正面清单企业现场检查。")
    require_enterprise(by, enterprise)
    if enterprise.pk not in selectors.listed_enterprise_ids():
        raise ValidationError("该企业不在监督执法正面清单内，无需此项审批。")
    reason = required_text(reason, "必要性说明")
    request = ListedCheckRequest.objects.create(
        enterprise=enterprise,
        year=year,
        reason=reason,
        requested_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    records.append(
        action="grid.listed_request", target=request, actor=by, after={"year": year}
    )
    casework_services.approval_propose(
        target=request,
        subject=ListedCheckRequest.SUBJECT,
        proposal=f"拟于{year}年对该正面清单企业开展现场检查。",
        reasons=reason,
        by=by,
        approver_roles=["enforcement_head"],
    )
    return request


# --- Who may inspect ----------------------------------------------------------------


def check_team(
    *, inspectors: Sequence[User], enterprise: Enterprise, onsite: bool
) -> None:
    """Refuse a team that breaks the rules, naming who and why."""
    needed = selectors.team_size() if onsite else 1
    if len({user.pk for user in inspectors}) < needed:
        raise ValidationError(
            f"现场检查的执法人员不得少于{needed}人（行政处罚法第四十二条）。"
            if onsite
            else "请指定检查人员。"
        )
    qualified = set(
        selectors.qualified_inspectors()
        .filter(pk__in=[user.pk for user in inspectors])
        .values_list("pk", flat=True)
    )
    for user in inspectors:
        if selectors.is_grid_officer(user):
            raise ValidationError(f"{user.display_name}：{GRID_OFFICER_BANNED}")
        if user.pk not in qualified:
            raise ValidationError(
                f"{user.display_name}不是持有执法证的执法人员，不能参加检查。"
            )
    barred = selectors.conflict_pairs([user.pk for user in inspectors], [enterprise.pk])
    if barred:
        names = {user.pk: user.display_name for user in inspectors}
        who = "、".join(names[inspector] for inspector, _ in barred)
        raise ValidationError(f"{who}与该企业存在利害关系，应当回避。")


# --- The double-random draw --------------------------------------------------------


@dataclass(frozen=True)
class DrawSpec:
    title: str
    year: int
    division: Division
    due_by: date
    percents: dict[str, Decimal]
    team_size: int
    inspector_ids: list[int] | None = None  # None: every qualified one in scope
    embargo_until: date | None = None


@dataclass(frozen=True)
class Pool:
    enterprises: list[tuple[int, str]]
    listed_excluded: int
    capped_excluded: int
    approved_listed: dict[int, int]  # enterprise id → approved request id


def draw_pool(*, division: Division, year: int) -> Pool:
    """Enterprises a routine draw may pick: active, in the division, not over the
    yearly cap, and not on the positive list unless an on-site check was approved."""
    rows = EnterpriseSupervision.objects.filter(enterprise__status__in=ACTIVE_STATUSES)
    if division.level == 2:
        rows = rows.filter(district=division)
    elif division.level == 3:
        rows = rows.filter(township=division)
    listed = selectors.listed_enterprise_ids()
    approved = selectors.approved_listed_requests(year)
    counts = selectors.routine_checks_counts(year)
    cap = selectors.routine_cap()
    enterprises: list[tuple[int, str]] = []
    listed_out = capped_out = 0
    for enterprise_id, klass in rows.order_by("enterprise_id").values_list(
        "enterprise_id", "klass"
    ):
        if enterprise_id in listed and enterprise_id not in approved:
            listed_out += 1
        elif counts.get(enterprise_id, 0) >= cap:
            capped_out += 1
        else:
            enterprises.append((enterprise_id, klass))
    return Pool(enterprises, listed_out, capped_out, approved)


def _check_division(by: User, division: Division) -> None:
    if division.level > 2:
        raise ValidationError("双随机抽查的范围应为全市或某一区县。")
    allowed = account_selectors.division_list_for_user(by).filter(pk=division.pk)
    if not allowed.exists():
        raise PermissionDenied("该区域不在您的数据范围内。")


@transaction.atomic
def draw_commit(*, spec: DrawSpec, by: User) -> Draw:
    """Freeze the pools and commit to a seed (封存): publish SHA-256 of both.

    1. The enterprise pool (draw_pool), the inspector pool (qualified inspectors of
       the organiser's scope, or those chosen) and their conflicts are frozen as
       canonical JSON.
    2. A 256-bit seed is drawn from the operating system's CSPRNG; only its hash
       is shown until the draw.
    """
    require(by, PLAN, "您无权组织双随机抽查。")
    _check_division(by, spec.division)
    if by.unit is None:
        raise ValidationError("组织人须属于某一单位。")
    if spec.team_size < lib_draw.MIN_TEAM:
        raise ValidationError("每组检查人员不得少于2人（行政处罚法第四十二条）。")
    for klass, percent in spec.percents.items():
        if klass not in lib_draw.CLASSES or not 0 <= percent <= 100:
            raise ValidationError("各类抽查比例应在0至100之间。")
    inspectors = list(
        selectors.inspector_list_for_user(by).values_list("pk", flat=True)
    )
    if spec.inspector_ids is not None:
        outside = sorted(set(spec.inspector_ids) - set(inspectors))
        if outside:
            raise ValidationError(
                "以下人员不是您范围内持有执法证的执法人员，不能列入检查人员库："
                + "、".join(str(pk) for pk in outside)
            )
        inspectors = sorted(set(spec.inspector_ids))
    if len(inspectors) < spec.team_size:
        raise ValidationError(f"检查人员库不足{spec.team_size}人，无法组成检查组。")
    pool = draw_pool(division=spec.division, year=spec.year)
    if not pool.enterprises:
        raise ValidationError("抽查范围内没有可抽取的企业。")
    conflicts = selectors.conflict_pairs(inspectors, [pk for pk, _ in pool.enterprises])
    pools = {
        "algorithm": lib_draw.ALGORITHM,
        "year": spec.year,
        "division": spec.division.code,
        "team_size": spec.team_size,
        "percents": {
            k: str(spec.percents.get(k, Decimal(0))) for k in lib_draw.CLASSES
        },
        "enterprises": [[pk, klass] for pk, klass in pool.enterprises],
        "inspectors": inspectors,
        "conflicts": [list(pair) for pair in conflicts],
        "positive_list_approved": sorted(pool.approved_listed),
    }
    pools_text = canonical_json.dumps(pools)
    seed = secrets.token_hex(32)
    now = timezone.now()
    draw = Draw.objects.create(
        title=required_text(spec.title, "抽查名称"),
        year=spec.year,
        division=spec.division,
        district=spec.division if spec.division.level == 2 else None,
        organiser=by,
        unit=by.unit,
        algorithm=lib_draw.ALGORITHM,
        team_size=spec.team_size,
        percents=pools["percents"],
        due_by=spec.due_by,
        seed_sha256=lib_draw.seed_hash(seed),
        seed=seed,
        pools=pools_text,
        pools_sha256=hashlib.sha256(pools_text.encode()).hexdigest(),
        enterprise_count=len(pool.enterprises),
        inspector_count=len(inspectors),
        committed_at=now,
        embargo_until=spec.embargo_until,
    )
    records.append(
        action="grid.draw_commit",
        target=draw,
        actor=by,
        after=Draw.Status.COMMITTED,
        data={
            "seed_sha256": draw.seed_sha256,
            "pools_sha256": draw.pools_sha256,
            "enterprises": len(pool.enterprises),
            "inspectors": len(inspectors),
            "listed_excluded": pool.listed_excluded,
            "capped_excluded": pool.capped_excluded,
        },
    )
    return draw


@transaction.atomic
def draw_execute(*, draw: Draw, public_entropy: str, by: User) -> Draw:
    """Draw (抽取): run lib.draw on the frozen pools, store what the public needs
    to re-run it, create the inspection tasks and tell each inspector."""
    require(by, PLAN, "您无权组织双随机抽查。")
    if not selectors.draw_list_for_user(by).filter(pk=draw.pk).exists():
        raise PermissionDenied("该抽查不在您的数据范围内。")
    if draw.status != Draw.Status.COMMITTED:
        raise ValidationError(f"当前状态为“{draw.get_status_display()}”，不能抽取。")
    public_entropy = public_entropy.strip()
    now = timezone.now()
    claimed = Draw.objects.filter(pk=draw.pk, status=Draw.Status.COMMITTED).update(
        status=Draw.Status.DRAWN, drawn_at=now, public_entropy=public_entropy
    )
    if not claimed:
        raise ValidationError("该抽查刚刚已被他人抽取，请刷新页面。")
    pools = json.loads(draw.pools)
    enterprises = [(int(pk), str(klass)) for pk, klass in pools["enterprises"]]
    conflicts = [(int(i), int(e)) for i, e in pools["conflicts"]]
    percents = {k: Decimal(v) for k, v in pools["percents"].items()}
    result = lib_draw.draw(
        seed=lib_draw.effective_seed(draw.seed, public_entropy),
        enterprises=enterprises,
        inspectors=pools["inspectors"],
        percents=percents,
        team_size=draw.team_size,
        conflicts=conflicts,
    )
    published = lib_draw.published(
        seed=draw.seed,
        public_entropy=public_entropy,
        enterprises=enterprises,
        inspectors=pools["inspectors"],
        percents=percents,
        team_size=draw.team_size,
        conflicts=conflicts,
        result=result,
    )
    result_text = canonical_json.dumps(published)
    draw.status, draw.drawn_at, draw.public_entropy = (
        Draw.Status.DRAWN,
        now,
        public_entropy,
    )
    draw.result = result_text
    draw.drawn_count = len(result.assignments)
    draw.save(update_fields=["result", "drawn_count", "updated_at"])
    tasks = _tasks_from_draw(draw, result, pools, by)
    records.append(
        action="grid.draw_execute",
        target=draw,
        actor=by,
        before=Draw.Status.COMMITTED,
        after=Draw.Status.DRAWN,
        data={
            "result_sha256": hashlib.sha256(result_text.encode()).hexdigest(),
            "drawn": len(result.assignments),
            "unassigned": len(result.unassigned),
            "tasks": tasks,
            "public_entropy": public_entropy,
        },
    )
    _notify_inspectors(draw, result)
    return draw


def _tasks_from_draw(
    draw: Draw, result: lib_draw.DrawResult, pools: dict[str, Any], by: User
) -> int:
    ids = [assignment.enterprise_id for assignment in result.assignments]
    places = {
        pk: (district, township)
        for pk, district, township in Enterprise.objects.filter(pk__in=ids).values_list(
            "pk", "district_id", "township_id"
        )
    }
    approved = selectors.approved_listed_requests(draw.year)
    tasks = InspectionTask.objects.bulk_create(
        [
            InspectionTask(
                enterprise_id=assignment.enterprise_id,
                year=draw.year,
                kind=InspectionTask.Kind.ROUTINE,
                draw=draw,
                listed_request_id=approved.get(assignment.enterprise_id),
                due_by=draw.due_by,
                created_by=by,
                district_id=places[assignment.enterprise_id][0],
                township_id=places[assignment.enterprise_id][1],
            )
            for assignment in result.assignments
        ],
        batch_size=2000,
    )
    through = InspectionTask.inspectors.through
    through.objects.bulk_create(
        [
            through(inspectiontask_id=task.pk, user_id=inspector)
            for task, assignment in zip(tasks, result.assignments, strict=True)
            for inspector in assignment.inspectors
        ],
        batch_size=5000,
    )
    return len(tasks)


def _notify_inspectors(draw: Draw, result: lib_draw.DrawResult) -> None:
    loads = result.loads()
    url = reverse("grid:task-list")
    messages = [
        notifications.Message(
            recipient_id=inspector,
            title=f"{draw.title}：您被随机选派检查{count}家企业，请在{draw.due_by}前完成",
            url=url,
        )
        for inspector, count in sorted(loads.items())
    ]
    notifications.send_many(messages)


@transaction.atomic
def draw_cancel(*, draw: Draw, reason: str, by: User) -> Draw:
    """Withdraw a committed draw before it is drawn (the commitment stays public)."""
    require(by, PLAN, "您无权组织双随机抽查。")
    reason = required_text(reason, "撤销理由")
    claimed = Draw.objects.filter(pk=draw.pk, status=Draw.Status.COMMITTED).update(
        status=Draw.Status.CANCELLED, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("只有已封存、尚未抽取的抽查可以撤销。")
    draw.status = Draw.Status.CANCELLED
    records.append(
        action="grid.draw_cancel",
        target=draw,
        actor=by,
        before=Draw.Status.COMMITTED,
        after=Draw.Status.CANCELLED,
        data={"reason": reason},
    )
    return draw


# --- Inspection tasks ----------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    enterprise: Enterprise,
    kind: str,
    inspectors: Sequence[User],
    due_by: date,
    by: User,
    source: tuple[str, str] | None = None,
) -> InspectionTask:
    """Plan one check of an enterprise outside a draw: a campaign check, or a check
    triggered by a complaint, a data clue, a transfer or a request (these do not
    count against the yearly cap, rules.md I4), or a non-site check."""
    require(by, "grid.add_inspectiontask", "您无权安排企业检查。")
    if selectors.is_grid_officer(by):
        raise PermissionDenied(GRID_OFFICER_BANNED)
    require_enterprise(by, enterprise)
    if kind not in InspectionTask.Kind.values or kind == InspectionTask.Kind.ROUTINE:
        raise ValidationError("日常检查须通过双随机抽查安排；请选择其他检查类型。")
    if kind in InspectionTask.ROUTINE_KINDS:
        allowed, why = selectors.onsite_check_allowed(enterprise, due_by.year)
        if not allowed:
            raise ValidationError(why)
    if kind in (InspectionTask.Kind.COMPLAINT, InspectionTask.Kind.DATA) and not source:
        raise ValidationError("个案检查须注明来源（投诉举报或数据线索编号）。")
    check_team(
        inspectors=inspectors,
        enterprise=enterprise,
        onsite=kind in InspectionTask.ONSITE_KINDS,
    )
    approved = selectors.approved_listed_requests(due_by.year)
    task = InspectionTask.objects.create(
        enterprise=enterprise,
        year=due_by.year,
        kind=kind,
        listed_request_id=approved.get(enterprise.pk),
        source_type=source[0] if source else "",
        source_id=str(source[1]) if source else "",
        due_by=due_by,
        created_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    task.inspectors.set(inspectors)
    records.append(
        action="grid.task_create",
        target=task,
        actor=by,
        after={
            "kind": kind,
            "enterprise": enterprise.pk,
            "inspectors": sorted(user.pk for user in inspectors),
            "due_by": due_by,
        },
    )
    notifications.send(
        recipients=[user for user in inspectors if user.pk != by.pk],
        title=f"您被安排{task.get_kind_display()}，请在{due_by}前完成",
        url=reverse("grid:task-detail", args=[task.pk]),
    )
    return task


@transaction.atomic
def task_complete(
    *, task: InspectionTask, done_on: date, result: str, by: User
) -> InspectionTask:
    """A check was carried out (recorded by the inspectors, or by enforcement when
    its inspection record is finished): the enterprise's calendar moves on."""
    if selectors.is_grid_officer(by):
        raise PermissionDenied(GRID_OFFICER_BANNED)
    inspectors = {user.pk for user in task.inspectors.all()}
    if by.pk not in inspectors and not by.has_perm(PLAN):
        raise PermissionDenied("只有本任务的检查人员或检查计划负责人可以登记检查结果。")
    if done_on > local_date(timezone.now()):
        raise ValidationError("检查日期不能晚于今天。")
    claimed = InspectionTask.objects.filter(
        pk=task.pk, status=InspectionTask.Status.PLANNED
    ).update(
        status=InspectionTask.Status.DONE,
        done_on=done_on,
        result=required_text(result, "检查结果"),
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError("该检查任务已完成或已取消。")
    task.status, task.done_on, task.result = InspectionTask.Status.DONE, done_on, result
    records.append(
        action="grid.task_complete",
        target=task,
        actor=by,
        before=InspectionTask.Status.PLANNED,
        after=InspectionTask.Status.DONE,
        data={"done_on": done_on},
    )
    supervision_mark(enterprise=task.enterprise, on=done_on, how=task.kind, by=by)
    return task


@transaction.atomic
def task_cancel(*, task: InspectionTask, reason: str, by: User) -> InspectionTask:
    require(by, PLAN, "只有检查计划负责人可以取消检查任务。")
    reason = required_text(reason, "取消理由")
    claimed = InspectionTask.objects.filter(
        pk=task.pk, status=InspectionTask.Status.PLANNED
    ).update(status=InspectionTask.Status.CANCELLED, updated_at=timezone.now())
    if not claimed:
        raise ValidationError("只有待检查的任务可以取消。")
    task.status = InspectionTask.Status.CANCELLED
    records.append(
        action="grid.task_cancel",
        target=task,
        actor=by,
        before=InspectionTask.Status.PLANNED,
        after=InspectionTask.Status.CANCELLED,
        data={"reason": reason},
    )
    return task


@transaction.atomic
def nonsite_check_record(
    *, enterprise: Enterprise, on: date, summary: str, by: User
) -> InspectionTask:
    """A non-site check (非现场检查: online data, video, power use, drone) that
    fulfils the enterprise's supervision frequency without a visit."""
    require(by, "grid.add_inspectiontask", "您无权登记非现场检查。")
    require_enterprise(by, enterprise)
    check_team(inspectors=[by], enterprise=enterprise, onsite=False)
    if on > local_date(timezone.now()):
        raise ValidationError("检查日期不能晚于今天。")
    task = InspectionTask.objects.create(
        enterprise=enterprise,
        year=on.year,
        kind=InspectionTask.Kind.NONSITE,
        due_by=on,
        status=InspectionTask.Status.DONE,
        done_on=on,
        result=required_text(summary, "检查情况"),
        created_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    task.inspectors.set([by])
    records.append(
        action="grid.nonsite_check",
        target=task,
        actor=by,
        after={"enterprise": enterprise.pk, "on": on},
    )
    supervision_mark(enterprise=enterprise, on=on, how=task.kind, by=by)
    return task


# --- Reminders (到期动态提醒) ---------------------------------------------------------

_REMIND_SQL = """
UPDATE grid_enterprisesupervision SET reminded_for = next_due_on, updated_at = %s
WHERE id IN (
    SELECT id FROM grid_enterprisesupervision
    WHERE officer_id IS NOT NULL AND next_due_on <= %s
      AND (reminded_for IS NULL OR reminded_for <> next_due_on)
    ORDER BY id LIMIT %s
) AND (reminded_for IS NULL OR reminded_for <> next_due_on)
RETURNING id, officer_id, next_due_on
"""


def reminder_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "GRID_REMIND_DAYS_BEFORE", 7))


def supervision_remind(*, now: datetime | None = None, batch_size: int = 5000) -> int:
    """Remind each officer of the enterprises whose supervision falls due within
    GRID_REMIND_DAYS_BEFORE days or is overdue, once per due date (seed 002 附件1
    二1 "设定企业监管频次，到期动态提醒"). Rows are claimed with UPDATE … RETURNING,
    so two overlapping runs never remind twice."""
    now = now or timezone.now()
    today = local_date(now)
    horizon = date.fromordinal(today.toordinal() + reminder_days())
    reminded = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                at = connection.ops.adapt_datetimefield_value(now)
                cursor.execute(_REMIND_SQL, [at, horizon, batch_size])
                rows = cursor.fetchall()
            _send_reminders(rows, today)
        reminded += len(rows)
        if len(rows) < batch_size:
            return reminded


def _send_reminders(rows: list[tuple[Any, ...]], today: date) -> None:
    per_officer: dict[int, list[date]] = defaultdict(list)
    for _pk, officer_id, due in rows:
        due_date = due if isinstance(due, date) else date.fromisoformat(str(due))
        per_officer[officer_id].append(due_date)
    url = reverse("grid:calendar")
    messages = []
    for officer_id, dues in sorted(per_officer.items()):
        overdue = sum(1 for due in dues if due < today)
        soon = len(dues) - overdue
        parts = []
        if overdue:
            parts.append(f"{overdue}家已超过监管期限")
        if soon:
            parts.append(f"{soon}家将于{min(d for d in dues if d >= today)}起到期")
        messages.append(
            notifications.Message(
                recipient_id=officer_id,
                title=f"企业监管到期提醒：您负责的企业中{'，'.join(parts)}",
                url=url,
            )
        )
    notifications.send_many(messages)
