"""Patrols, reported problems, transfers to departments and their escalation.

Seed 002 四(四): 检查 (the cell's people patrol and report), 查处 (the level above
handles, or transfers to whoever is responsible, who must finish in the time
set), 反馈 (the result goes back to the cell). Grid officers report and stop;
they do not inspect enterprises (国办发〔2024〕54号, rules.md I5 and §7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Clock
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import geo
from ecobureau.notifications import services as notifications
from ecobureau.notifications.models import Notification

from .. import checklists, selectors
from ..models import GridCell, GridMember, Patrol, Problem, Transfer
from ..processes import (
    TRANSFER,
    problem_process,
    report_hours_limit,
    transfer_limit_default,
)
from ._common import require, require_cell, require_enterprise, required_text
from .classes import supervision_refresh

RECORD = "grid.record_patrol"
HANDLE = "grid.handle_problem"
# A phone's clock a few minutes ahead of the server is not a reason to refuse.
CLOCK_TOLERANCE = timedelta(minutes=5)
TRANSFER_BASIS = (
    "盘政办发〔2015〕141号四(四)2“受理单位要在规定时间内完成查处工作”、六(二)5"
)


@dataclass(frozen=True)
class Position:
    """A WGS-84 point from the browser (Geolocation API), with its accuracy."""

    latitude: Decimal
    longitude: Decimal
    accuracy_m: int | None = None


def _check_position(position: Position | None) -> None:
    if position is None:
        return
    if not (-90 <= position.latitude <= 90 and -180 <= position.longitude <= 180):
        raise ValidationError("定位坐标超出经纬度范围。")


def _outside(cell: GridCell, position: Position | None) -> bool | None:
    if position is None or not cell.boundary:
        return None
    inside = geo.contains(
        cell.boundary, float(position.longitude), float(position.latitude)
    )
    return not inside


def _attach_photos(target: Any, photos: Sequence[File[bytes]], by: User) -> list[str]:
    hashes = []
    for photo in photos:
        attachment = casework_services.attachment_add(
            file=photo, target=target, kind=Attachment.Kind.PHOTO, by=by
        )
        hashes.append(attachment.blob_id)
    return hashes


# --- Patrols --------------------------------------------------------------------------


@dataclass(frozen=True)
class PatrolData:
    cell: GridCell
    kind: str
    started_at: datetime
    place: str
    checklist_code: str
    answers: Mapping[str, str]
    findings: str = ""
    position: Position | None = None
    enterprise: Enterprise | None = None
    ended_at: datetime | None = None


@transaction.atomic
def patrol_record(
    *, data: PatrolData, by: User, photos: Sequence[File[bytes]] = ()
) -> Patrol:
    """Record a patrol with its checklist, position and photos (巡查记录)."""
    require(by, RECORD, "您无权记录网格巡查。")
    require_cell(by, data.cell)
    if data.kind not in Patrol.Kind.values:
        raise ValidationError("请选择巡查类型。")
    now = timezone.now()
    if data.started_at > now + CLOCK_TOLERANCE:
        raise ValidationError("巡查时间不能晚于当前时间。")
    if data.ended_at is not None and data.ended_at < data.started_at:
        raise ValidationError("结束时间不能早于巡查时间。")
    _check_position(data.position)
    checklist = checklists.CHECKLISTS.get(data.checklist_code)
    if checklist is None:
        raise ValidationError("请选择巡查清单。")
    items = []
    for item in checklist.items:
        result = data.answers.get(item, "")
        if result not in checklists.RESULTS:
            raise ValidationError(f"请填写巡查项目“{item}”的情况。")
        items.append({"item": item, "result": result})
    problem_found = any(entry["result"] == "problem" for entry in items)
    if problem_found and not data.findings.strip():
        raise ValidationError("巡查项目中有“发现问题”，请在发现情况中写明。")
    if data.enterprise is not None:
        require_enterprise(by, data.enterprise)
    patrol = Patrol.objects.create(
        cell=data.cell,
        officer=by,
        kind=data.kind,
        started_at=data.started_at,
        ended_at=data.ended_at,
        place=required_text(data.place, "巡查地点"),
        latitude=data.position.latitude if data.position else None,
        longitude=data.position.longitude if data.position else None,
        accuracy_m=data.position.accuracy_m if data.position else None,
        outside_cell=_outside(data.cell, data.position),
        enterprise=data.enterprise,
        checklist_code=checklist.code,
        checklist=items,
        findings=data.findings.strip(),
        problem_found=problem_found,
        report_due_at=(
            (data.ended_at or data.started_at)
            + timedelta(hours=report_hours_limit(data.cell))
            if problem_found
            else None
        ),
        district=data.cell.district,
        township=data.cell.township,
    )
    hashes = _attach_photos(patrol, photos, by)
    records.append(
        action="grid.patrol_record",
        target=patrol,
        actor=by,
        after={
            "cell": data.cell.pk,
            "kind": data.kind,
            "problem_found": problem_found,
            "located": data.position is not None,
        },
        sha256=hashes,
    )
    return patrol


# --- Problems --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemData:
    cell: GridCell
    category: str
    description: str
    place: str
    stopped: bool = False
    position: Position | None = None
    enterprise: Enterprise | None = None
    patrol: Patrol | None = None
    department: Unit | None = None  # report straight to the department responsible
    found_at: datetime | None = (
        None  # when it was found; the patrol's time if not given
    )


@transaction.atomic
def problem_report(
    *, data: ProblemData, by: User, photos: Sequence[File[bytes]] = ()
) -> Problem:
    """Report a problem upward at once (seed 002 四(三)1(3) "发现环境违法行为及时
    上报"), or straight to the department whose duty it is; the level above sees
    it on its workbench with the acceptance clock running."""
    require(by, RECORD, "您无权上报网格问题。")
    require_cell(by, data.cell)
    if data.category not in Problem.Category.values:
        raise ValidationError("请选择问题类别。")
    _check_position(data.position)
    if data.enterprise is not None:
        require_enterprise(by, data.enterprise)
    if data.patrol is not None and data.patrol.cell_id != data.cell.pk:
        raise ValidationError("上报的问题与巡查记录不属于同一网格。")
    if data.department is not None and data.department.kind != Unit.Kind.DEPARTMENT:
        raise ValidationError("请选择负有环境监管职责的部门。")
    unit = selectors.handling_unit_for(data.cell)
    now = timezone.now()
    found_at = data.found_at
    if found_at is None and data.patrol is not None:
        found_at = data.patrol.ended_at or data.patrol.started_at
    if found_at is not None and found_at > now + CLOCK_TOLERANCE:
        raise ValidationError("发现时间不能晚于当前时间。")
    found_at = found_at or now
    hours = report_hours_limit(data.cell)
    report_due_at = found_at + timedelta(hours=hours)
    problem = Problem.objects.create(
        status="",
        cell=data.cell,
        patrol=data.patrol,
        reporter=by,
        category=data.category,
        description=required_text(data.description, "问题描述"),
        place=required_text(data.place, "地点"),
        latitude=data.position.latitude if data.position else None,
        longitude=data.position.longitude if data.position else None,
        enterprise=data.enterprise,
        stopped=data.stopped,
        reported_at=now,
        found_at=found_at,
        report_due_at=report_due_at,
        reported_late=now > report_due_at,
        district=data.cell.district,
        township=data.cell.township,
        unit=unit,
    )
    hashes = _attach_photos(problem, photos, by)
    process = problem_process(data.cell)
    if data.department is None:
        casework_services.case_start(
            process=process, case=problem, step="reported", by=by
        )
    else:
        casework_services.case_start(
            process=process, case=problem, step="transferred", by=by
        )
        _transfer_create(
            problem=problem,
            department=data.department,
            request=problem.description,
            limit_workdays=transfer_limit_default(data.cell),
            from_unit=unit or by.unit,
            by=by,
        )
    if hashes:
        records.append(
            action="grid.problem_photos", target=problem, actor=by, sha256=hashes
        )
    if problem.reported_late:
        records.append(
            action="grid.problem_reported_late",
            target=problem,
            actor=by,
            data={
                "found_at": found_at,
                "report_due_at": report_due_at,
                "report_hours": hours,
            },
        )
    heads = account_selectors.unit_heads({unit.pk}) if unit else {}
    late = f"，超过{hours}小时上报时限" if problem.reported_late else ""
    notifications.send(
        recipients=User.objects.filter(pk__in=heads.get(unit.pk if unit else 0, [])),
        title=f"网格上报问题：{data.cell.name}（{problem.get_category_display()}）{late}",
        url=reverse("grid:problem-detail", args=[problem.pk]),
    )
    return problem


@transaction.atomic
def problem_act(
    *,
    problem: Problem,
    transition: str,
    by: User,
    result: str = "",
    note: str = "",
) -> Problem:
    """Accept, refer to enforcement, take back, close or dismiss a problem. Closing
    and dismissing feed the result back to the cell (seed 002 四(四)3 "对环境违法
    问题的查处结果，要及时反馈回复")."""
    process = problem_process(problem.cell)
    changes: dict[str, Any] = {}
    if result.strip():
        changes["result"] = result.strip()
    assignee = by if transition == "accept" else None
    if transition in ("close", "dismiss"):
        open_transfers = problem.transfers.filter(
            status__in=[Transfer.Status.SENT, Transfer.Status.ANSWERED]
        )
        if transition == "close" and open_transfers.exists():
            raise ValidationError("仍有移交部门尚未反馈或未确认，不能办结。")
        changes["closed_at"] = timezone.now()
    casework_services.case_transition(
        process=process,
        case=problem,
        transition=transition,
        by=by,
        changes=changes,
        assignee=assignee,
        note=note.strip(),
    )
    if transition in ("close", "dismiss"):
        _feed_back(problem)
    return problem


def _feed_back(problem: Problem) -> None:
    """Tell the reporter and the cell's officers the result (反馈)."""
    people = {problem.reporter_id}
    people.update(
        GridMember.objects.filter(
            cell=problem.cell,
            until__isnull=True,
            role__in=[GridMember.Role.OFFICER, GridMember.Role.FIRST_RESPONSIBLE],
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )
    notifications.send(
        recipients=User.objects.filter(pk__in=people, is_active=True),
        title=f"网格问题处理结果已反馈：{problem.cell.name}（{problem.get_status_display()}）",
        url=reverse("grid:problem-detail", args=[problem.pk]),
    )


# --- Transfers ----------------------------------------------------------------------


def _transfer_create(
    *,
    problem: Problem,
    department: Unit,
    request: str,
    limit_workdays: int,
    from_unit: Unit | None,
    by: User,
) -> Transfer:
    if from_unit is None:
        raise ValidationError("无法确定移交单位：上报人须属于某一单位。")
    if not 1 <= limit_workdays <= 60:
        raise ValidationError("办理时限应为1至60个工作日。")
    now = timezone.now()
    transfer = Transfer.objects.create(
        status="",
        problem=problem,
        unit=department,
        from_unit=from_unit,
        sent_by=by,
        request=required_text(request, "移交事项与要求"),
        limit_workdays=limit_workdays,
        sent_at=now,
        due_at=now,
        district=problem.district,
        township=problem.township,
    )
    casework_services.case_start(process=TRANSFER, case=transfer, step="sent", by=by)
    _start_sent_clock(transfer, by)
    return transfer


def _start_sent_clock(transfer: Transfer, by: User) -> Clock:
    clock = casework_services.clock_start(
        target=transfer,
        step="sent",
        label="移交事项办理反馈时限",
        amount=transfer.limit_workdays,
        unit="workdays",
        basis=TRANSFER_BASIS,
        by=by,
        responsible_unit=transfer.unit,
        district=transfer.district,
        township=transfer.township,
    )
    transfer.due_at = clock.due_at
    transfer.save(update_fields=["due_at", "updated_at"])
    casework_services.workitem_open(
        kind="grid.transfer",
        target=transfer,
        title=f"移交问题待办理反馈：{transfer}",
        step="sent",
        step_label="待部门办理",
        unit=transfer.unit,
        district=transfer.district,
        township=transfer.township,
        clock=clock,
    )
    handlers = User.objects.filter(
        unit=transfer.unit, is_active=True, roles__code="department_handler"
    ).distinct()
    notifications.send(
        recipients=handlers,
        title=f"网格问题移交：请于{timezone.localtime(clock.due_at):%Y-%m-%d}前办理并反馈",
        url=reverse("grid:transfer-detail", args=[transfer.pk]),
        channels=[notifications.INBOX, notifications.SMS],
    )
    return clock


@transaction.atomic
def transfer_send(
    *,
    problem: Problem,
    department: Unit,
    request: str,
    limit_workdays: int,
    by: User,
) -> Transfer:
    """Hand a problem to the department responsible, with a time limit (移交)."""
    require(by, HANDLE, "您无权移交网格问题。")
    if department.kind != Unit.Kind.DEPARTMENT or not department.is_active:
        raise ValidationError("请选择负有环境监管职责的部门。")
    if problem.status in (Problem.Status.REPORTED, Problem.Status.HANDLING):
        casework_services.case_transition(
            process=problem_process(problem.cell),
            case=problem,
            transition="transfer",
            by=by,
        )
    elif problem.status != Problem.Status.TRANSFERRED:
        raise ValidationError(f"当前状态为“{problem.get_status_display()}”，不能移交。")
    else:
        casework_services.check_may_act(
            process=problem_process(problem.cell),
            transition=problem_process(problem.cell).transition("resume"),
            case=problem,
            by=by,
        )
    if problem.transfers.filter(
        unit=department, status__in=[Transfer.Status.SENT, Transfer.Status.ANSWERED]
    ).exists():
        raise ValidationError("该问题已移交该部门，正在办理中。")
    return _transfer_create(
        problem=problem,
        department=department,
        request=request,
        limit_workdays=limit_workdays,
        from_unit=problem.unit or by.unit,
        by=by,
    )


@transaction.atomic
def transfer_answer(*, transfer: Transfer, feedback: str, by: User) -> Transfer:
    """The department reports what it did (mandatory feedback, 六(二)5)."""
    require(by, "grid.answer_transfer", "您无权办理移交事项。")
    if by.unit_id != transfer.unit_id:
        raise PermissionDenied("该事项未移交您所在的部门。")
    feedback = required_text(feedback, "办理结果反馈")
    # The department's handler takes the transfer as its assignee, which is how
    # casework lets a person outside the case's district act on it.
    claimed = Transfer.objects.filter(
        pk=transfer.pk, status=Transfer.Status.SENT
    ).update(assignee=by)
    if not claimed:
        raise ValidationError("该移交事项当前不在待办理状态，请刷新页面。")
    transfer.assignee = by
    casework_services.case_transition(
        process=TRANSFER,
        case=transfer,
        transition="answer",
        by=by,
        changes={"feedback": feedback, "answered_at": timezone.now()},
    )
    casework_services.workitem_open(
        kind="grid.transfer",
        target=transfer,
        title=f"部门已反馈，待确认：{transfer}",
        step="answered",
        step_label="待确认办理结果",
        unit=transfer.from_unit,
        district=transfer.district,
        township=transfer.township,
    )
    heads = account_selectors.unit_heads({transfer.from_unit_id})
    notify = set(heads.get(transfer.from_unit_id, []))
    if transfer.problem.assignee_id:
        notify.add(transfer.problem.assignee_id)
    notifications.send(
        recipients=User.objects.filter(pk__in=notify),
        title=f"{by.unit.name if by.unit else '部门'}已反馈移交问题的办理结果，请确认",
        url=reverse("grid:transfer-detail", args=[transfer.pk]),
    )
    return transfer


@transaction.atomic
def transfer_review(
    *, transfer: Transfer, accept: bool, note: str, by: User
) -> Transfer:
    """The transferring level accepts the department's result, or returns it with
    reasons for the department to handle again within a new time limit."""
    changes = {"review_note": note.strip()} if note.strip() else {}
    casework_services.case_transition(
        process=TRANSFER,
        case=transfer,
        transition="accept" if accept else "return",
        by=by,
        changes=changes,
    )
    if not accept:
        _start_sent_clock(transfer, by)
    return transfer


@transaction.atomic
def transfer_withdraw(*, transfer: Transfer, reason: str, by: User) -> Transfer:
    for clock in casework_services.clocks_for(transfer).filter(
        state__in=Clock.OPEN_STATES
    ):
        casework_services.clock_cancel(clock=clock, by=by, reason="撤回移交")
    casework_services.case_transition(
        process=TRANSFER,
        case=transfer,
        transition="withdraw",
        by=by,
        changes={"review_note": reason.strip()},
    )
    return transfer


# --- Escalation of overdue transfers (督办) ---------------------------------------------

_ESCALATE_SQL = """
UPDATE grid_transfer SET escalation_level = %s, escalated_at = %s, updated_at = %s
WHERE id IN (
    SELECT id FROM grid_transfer
    WHERE status = 'sent' AND escalation_level = %s AND due_at < %s
    ORDER BY id LIMIT %s
) AND status = 'sent' AND escalation_level = %s
RETURNING id, from_unit_id, unit_id, due_at
"""


def escalate_again_days() -> int:
    return int(getattr(settings, "GRID_TRANSFER_ESCALATE_AGAIN_DAYS", 5))


@dataclass(frozen=True)
class EscalationResult:
    level_1: int
    level_2: int


def transfers_escalate(
    *, now: datetime | None = None, batch_size: int = 2000
) -> EscalationResult:
    """Escalate transfers whose department has not reported back in time
    (seed 002 六(二)8 督查督办; 四(五)2 the level above supervises the level below).

    1. Once overdue: 督办 by the transferring level — its heads and the receiving
       department's handlers are told.
    2. Still not answered GRID_TRANSFER_ESCALATE_AGAIN_DAYS days later: reported to
       the city level — the bureau's leaders are told.

    Each step is claimed with UPDATE … RETURNING, so overlapping runs escalate a
    transfer once per level; each escalation is a record entry.
    """
    now = now or timezone.now()
    first = _escalate(now, 0, 1, now, batch_size)
    again = now - timedelta(days=escalate_again_days())
    second = _escalate(now, 1, 2, again, batch_size)
    return EscalationResult(first, second)


def _escalate(
    now: datetime, from_level: int, to_level: int, line: datetime, batch_size: int
) -> int:
    total = 0
    # Raw SQL: datetimes adapted as the ORM would (naive UTC text on SQLite,
    # where an aware value's "+08:00" text would compare wrongly).
    at, before = (connection.ops.adapt_datetimefield_value(v) for v in (now, line))
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    _ESCALATE_SQL,
                    [to_level, at, at, from_level, before, batch_size, from_level],
                )
                rows = cursor.fetchall()
            if rows:
                _after_escalation(rows, to_level, now)
        total += len(rows)
        if len(rows) < batch_size:
            return total


def _after_escalation(rows: list[tuple[Any, ...]], level: int, now: datetime) -> None:
    records.append_many(
        [
            records.Entry(
                action="grid.transfer_escalate",
                target_type="grid.transfer",
                target_id=str(transfer_id),
                data={"level": level, "department": unit_id},
            )
            for transfer_id, _from, unit_id, _due in rows
        ],
        at=now,
    )
    from_units = {row[1] for row in rows}
    heads = account_selectors.unit_heads(from_units)
    handlers: dict[int, list[int]] = {}
    for unit_id, user_id in User.objects.filter(
        unit_id__in={row[2] for row in rows},
        is_active=True,
        roles__code="department_handler",
    ).values_list("unit_id", "pk"):
        handlers.setdefault(unit_id, []).append(user_id)
    leaders = (
        list(
            User.objects.filter(is_active=True, roles__code="bureau_leader")
            .values_list("pk", flat=True)
            .distinct()
        )
        if level == 2
        else []
    )
    messages = []
    for transfer_id, from_unit_id, unit_id, _due in rows:
        people = set(heads.get(from_unit_id, [])) | set(handlers.get(unit_id, []))
        people.update(leaders)
        word = "已超期未反馈，已督办" if level == 1 else "超期仍未反馈，已报市级督办"
        url = reverse("grid:transfer-detail", args=[transfer_id])
        messages += [
            notifications.Message(
                recipient_id=person, title=f"网格问题移交 #{transfer_id}{word}", url=url
            )
            for person in sorted(people)
        ]
    notifications.send_many(messages, level=Notification.Level.OVERDUE)


# --- A new pollution source gets its enterprise file (C9) --------------------------------


@transaction.atomic
def problem_link_enterprise(*, problem: Problem, credit_code: str, by: User) -> Problem:
    """Link a reported problem to the enterprise file it concerns. For a new
    pollution source (seed 002 四(三)2(2) "出现新的污染源，要及时报告上级政府和环保部门")
    the handler first opens the file in the enterprise registry, then links it
    here: the enterprise's supervision file and class are created at once, so the
    new source enters the calendar and the draws."""
    require(by, HANDLE, "您无权办理网格问题。")
    if not selectors.problem_list_for_user(by).filter(pk=problem.pk).exists():
        raise PermissionDenied("该问题不在您的数据范围内。")
    code = credit_code.strip().upper()
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        raise ValidationError(
            f"未找到统一社会信用代码为“{code}”的企业档案，请先在企业档案中新建。"
        )
    require_enterprise(by, enterprise)
    if problem.enterprise_id is not None and problem.enterprise_id != enterprise.pk:
        raise ValidationError("该问题已关联其他企业档案。")
    problem.enterprise = enterprise
    problem.save(update_fields=["enterprise", "updated_at"])
    supervision_refresh(enterprise=enterprise, by=by)
    records.append(
        action="grid.problem_link_enterprise",
        target=problem,
        actor=by,
        data={
            "enterprise": enterprise.pk,
            "new_source": problem.category == "new_source",
        },
    )
    return problem
