"""Coordination between levels and departments: joint meetings, joint campaigns,
training, and each cell's annual evaluation (seed 002 四(四)4, 六(一)6, 六(二)2–3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import (
    Campaign,
    CellEvaluation,
    GridCell,
    ImplementationScheme,
    InspectionTask,
    JointMeeting,
    JointReview,
    MeetingTask,
    SupervisionFollowUp,
    SupervisionItem,
    Training,
)
from ._common import require, require_cell, require_enterprise, required_text
from .planning import task_create

COORDINATE = "grid.manage_coordination"
CAMPAIGN_SOURCE = "grid.campaign"


def _scope(cell: GridCell) -> dict[str, Any]:
    return {"district": cell.district, "township": cell.township}


@transaction.atomic
def meeting_schedule(
    *,
    cell: GridCell,
    title: str,
    scheduled_on: date,
    convener: str,
    agenda: str,
    by: User,
) -> JointMeeting:
    """Schedule a joint meeting (联席会议), called by the leading group or a deputy
    on its behalf (seed 002 六(二)2)."""
    require(by, COORDINATE, "您无权组织联席会议。")
    require_cell(by, cell)
    meeting = JointMeeting.objects.create(
        cell=cell,
        title=required_text(title, "会议名称"),
        scheduled_on=scheduled_on,
        convener=required_text(convener, "召集人"),
        agenda=required_text(agenda, "议题"),
        **_scope(cell),
    )
    records.append(
        action="grid.meeting_schedule",
        target=meeting,
        actor=by,
        after={"scheduled_on": scheduled_on},
    )
    return meeting


@dataclass(frozen=True)
class TaskData:
    unit: Unit
    task: str
    due_on: date


@transaction.atomic
def meeting_record(
    *,
    meeting: JointMeeting,
    held_on: date,
    decisions: str,
    tasks: Sequence[TaskData],
    by: User,
) -> JointMeeting:
    """Record that the meeting was held: its decisions and the tasks it handed out."""
    require(by, COORDINATE, "您无权记录联席会议。")
    require_cell(by, meeting.cell)
    if meeting.status == JointMeeting.Status.HELD:
        raise ValidationError("该会议已记录。")
    if held_on > timezone.localdate():
        raise ValidationError("召开日期不能晚于今天。")
    meeting.held_on = held_on
    meeting.decisions = required_text(decisions, "议定事项")
    meeting.status = JointMeeting.Status.HELD
    meeting.save(update_fields=["held_on", "decisions", "status", "updated_at"])
    for item in tasks:
        if item.due_on < held_on:
            raise ValidationError("交办任务的完成期限不能早于会议日期。")
        MeetingTask.objects.create(
            meeting=meeting,
            unit=item.unit,
            task=required_text(item.task, "交办任务"),
            due_on=item.due_on,
        )
    records.append(
        action="grid.meeting_record",
        target=meeting,
        actor=by,
        before=JointMeeting.Status.SCHEDULED,
        after=JointMeeting.Status.HELD,
        data={"held_on": held_on, "tasks": len(tasks)},
    )
    return meeting


@transaction.atomic
def meeting_task_complete(
    *, task: MeetingTask, done_on: date, result: str, by: User
) -> MeetingTask:
    require(by, COORDINATE, "您无权登记交办任务完成情况。")
    require_cell(by, task.meeting.cell)
    if task.done_on is not None:
        raise ValidationError("该任务已登记完成。")
    task.done_on = done_on
    task.result = required_text(result, "完成情况")
    task.save(update_fields=["done_on", "result"])
    records.append(
        action="grid.meeting_task_done",
        target=task.meeting,
        actor=by,
        after={"task": task.pk, "done_on": done_on},
    )
    return task


@dataclass(frozen=True)
class CampaignData:
    cell: GridCell
    name: str
    kind: str
    scope: str
    starts_on: date
    ends_on: date
    departments: Sequence[Unit] = ()
    enterprises: Sequence[Enterprise] = ()


@transaction.atomic
def campaign_create(*, data: CampaignData, by: User) -> Campaign:
    """Organise a joint enforcement operation or special campaign (seed 002 六(二)3)."""
    require(by, COORDINATE, "您无权组织联合执法或专项行动。")
    require_cell(by, data.cell)
    if data.kind not in Campaign.Kind.values:
        raise ValidationError("请选择行动类型。")
    if data.ends_on < data.starts_on:
        raise ValidationError("结束日期不能早于开始日期。")
    campaign = Campaign.objects.create(
        cell=data.cell,
        name=required_text(data.name, "行动名称"),
        kind=data.kind,
        scope=required_text(data.scope, "范围与内容"),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        **_scope(data.cell),
    )
    campaign.departments.set(data.departments)
    campaign.enterprises.set(data.enterprises)
    records.append(
        action="grid.campaign_create",
        target=campaign,
        actor=by,
        after={
            "kind": data.kind,
            "departments": sorted(unit.pk for unit in data.departments),
            "enterprises": len(data.enterprises),
        },
    )
    return campaign


@transaction.atomic
def campaign_task_add(
    *,
    campaign: Campaign,
    enterprise: Enterprise,
    inspectors: Sequence[User],
    due_by: date,
    by: User,
) -> InspectionTask:
    """Plan a campaign check of one enterprise (C24): an inspection task of kind
    `campaign` linked to the campaign, due within its period. An enterprise not yet
    among the campaign's targets is added to them."""
    if not selectors.campaign_list_for_user(by).filter(pk=campaign.pk).exists():
        raise PermissionDenied("该行动不在您的数据范围内。")
    if campaign.published_at is not None:
        raise ValidationError("行动结果已公开，不能再安排检查。")
    if not campaign.starts_on <= due_by <= campaign.ends_on:
        raise ValidationError(
            f"完成期限应在行动期间内（{campaign.starts_on}至{campaign.ends_on}）。"
        )
    task = task_create(
        enterprise=enterprise,
        kind=InspectionTask.Kind.CAMPAIGN,
        inspectors=inspectors,
        due_by=due_by,
        by=by,
        source=(CAMPAIGN_SOURCE, str(campaign.pk)),
    )
    added = not campaign.enterprises.filter(pk=enterprise.pk).exists()
    if added:
        campaign.enterprises.add(enterprise)
    records.append(
        action="grid.campaign_task_add",
        target=campaign,
        actor=by,
        data={"task": task.pk, "enterprise": enterprise.pk, "target_added": added},
    )
    return task


@transaction.atomic
def campaign_conclude(
    *, campaign: Campaign, results: str, publish: bool, by: User
) -> Campaign:
    """Record a campaign's results and publish them if required (C24)."""
    require(by, COORDINATE, "您无权记录行动结果。")
    require_cell(by, campaign.cell)
    campaign.results = required_text(results, "行动结果")
    if publish and campaign.published_at is None:
        campaign.published_at = timezone.now()
    campaign.save(update_fields=["results", "published_at", "updated_at"])
    records.append(
        action="grid.campaign_conclude",
        target=campaign,
        actor=by,
        after={"published": campaign.published_at is not None},
        data={"tasks": selectors.campaign_task_figures(campaign)},
    )
    return campaign


@transaction.atomic
def training_record(
    *,
    cell: GridCell,
    held_on: date,
    subject: str,
    attendees: Sequence[User],
    by: User,
) -> Training:
    """Record a job-skills training of the cell's people (seed 002 六(一)6, C21)."""
    require(by, "grid.manage_grid", "您无权登记网格培训。")
    require_cell(by, cell)
    if not attendees:
        raise ValidationError("请选择参训人员。")
    if held_on > timezone.localdate():
        raise ValidationError("培训日期不能晚于今天。")
    training = Training.objects.create(
        cell=cell,
        held_on=held_on,
        subject=required_text(subject, "培训内容"),
        recorded_by=by,
    )
    training.attendees.set(attendees)
    records.append(
        action="grid.training_record",
        target=cell,
        actor=by,
        after={"training": training.pk, "attendees": len(attendees)},
    )
    return training


# --- Annual evaluation (评价) --------------------------------------------------------


def suggested_grade(figures: dict[str, Any]) -> str:
    """A reference grade from the year's figures (示例配置: the seed leaves the
    standard to each level, 六(二)1): closed share of problems, no transfer left
    overdue, at least two staff, patrols through the year."""
    problems = figures["problems"]
    closed_share = figures["problems_closed"] / problems if problems else 1.0
    points = 0
    points += 1 if closed_share >= 0.9 else 0
    points += 1 if figures["transfers_overdue"] == 0 else 0
    points += 1 if figures["staff"] >= 2 else 0
    points += 1 if figures["patrol_days"] >= 48 else 0  # about weekly
    return {4: "excellent", 3: "good", 2: "pass"}.get(points, "fail")


@transaction.atomic
def evaluation_self(
    *, cell: GridCell, year: int, grade: str, comment: str, by: User
) -> CellEvaluation:
    """The cell's own evaluation of its year (自评), with the year's figures."""
    require(by, "grid.evaluate_cell", "您无权进行网格评价。")
    require_cell(by, cell)
    if grade not in CellEvaluation.Grade.values:
        raise ValidationError("请选择自评等级。")
    figures = selectors.cell_year_figures(cell, year)
    try:
        with transaction.atomic():
            evaluation = CellEvaluation.objects.create(
                cell=cell,
                year=year,
                figures=figures,
                suggested_grade=suggested_grade(figures),
                self_grade=grade,
                self_comment=required_text(comment, "自评情况"),
                self_by=by,
                **_scope(cell),
            )
    except IntegrityError:
        raise ValidationError(f"{cell.name}{year}年已自评。") from None
    records.append(
        action="grid.evaluation_self",
        target=evaluation,
        actor=by,
        after={"grade": grade, "suggested": evaluation.suggested_grade},
    )
    return evaluation


@transaction.atomic
def evaluation_upper(
    *, evaluation: CellEvaluation, grade: str, comment: str, by: User
) -> CellEvaluation:
    """The level above evaluates the cell (上级网格对下级网格进行考核评价); the
    result then counts as reported upward."""
    require(by, "grid.evaluate_cell", "您无权进行网格评价。")
    parent = evaluation.cell.parent
    if (
        parent is None
        or not selectors.cell_list_for_user(by).filter(pk=parent.pk).exists()
    ):
        raise PermissionDenied("只有上级网格可以评价本网格。")
    if grade not in CellEvaluation.Grade.values:
        raise ValidationError("请选择评价等级。")
    claimed = CellEvaluation.objects.filter(
        pk=evaluation.pk, status=CellEvaluation.Status.SELF_ASSESSED
    ).update(
        upper_grade=grade,
        upper_comment=required_text(comment, "评价意见"),
        upper_by=by,
        status=CellEvaluation.Status.ASSESSED,
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError("该网格本年度已由上级评价。")
    evaluation.refresh_from_db()
    records.append(
        action="grid.evaluation_upper",
        target=evaluation,
        actor=by,
        before=CellEvaluation.Status.SELF_ASSESSED,
        after=CellEvaluation.Status.ASSESSED,
        data={"grade": grade},
    )
    return evaluation


# --- Supervision of the levels below (督办) --------------------------------------------

# Seed 002 六(二)8 names the three speeds but no intervals: example configuration.
FOLLOW_UP_DAYS = {
    SupervisionItem.Speed.URGENT: 1,
    SupervisionItem.Speed.IMPORTANT: 7,
    SupervisionItem.Speed.ORDINARY: 30,
}
SUPERVISE = "grid.evaluate_cell"


def _require_upper(by: User, cell: GridCell) -> GridCell:
    """Only a level above a cell supervises it (四(五)2): the actor's own level,
    the highest of the cell's ancestors in the actor's scope."""
    require(by, SUPERVISE, "您无权督办下级网格。")
    ancestors = []
    parent = cell.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    visible = set(
        selectors.cell_list_for_user(by)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    for ancestor in reversed(ancestors):
        if ancestor.pk in visible:
            return ancestor
    raise PermissionDenied("只有上级网格可以督办本网格。")


@transaction.atomic
def supervision_item_open(
    *,
    cell: GridCell,
    speed: str,
    matter: str,
    finding: str,
    by: User,
    follow_up_days: int | None = None,
) -> SupervisionItem:
    """The level above opens a supervision item against a cell below, with the
    follow-up interval of its speed (seed 002 六(二)8) unless one is given."""
    upper = _require_upper(by, cell)
    if speed not in SupervisionItem.Speed.values:
        raise ValidationError("请选择督办类别。")
    days = follow_up_days or FOLLOW_UP_DAYS[SupervisionItem.Speed(speed)]
    if not 1 <= days <= 365:
        raise ValidationError("跟进间隔应为1至365天。")
    today = timezone.localdate()
    item = SupervisionItem.objects.create(
        cell=cell,
        upper_cell=upper,
        speed=speed,
        matter=required_text(matter, "督办事项"),
        finding=finding.strip(),
        follow_up_days=days,
        next_follow_up_on=date.fromordinal(today.toordinal() + days),
        opened_by=by,
        **_scope(cell),
    )
    records.append(
        action="grid.supervision_open",
        target=item,
        actor=by,
        after=SupervisionItem.Status.OPEN,
        data={"speed": speed, "follow_up_days": days},
    )
    return item


@transaction.atomic
def supervision_item_follow_up(
    *, item: SupervisionItem, on: date, note: str, by: User
) -> SupervisionItem:
    """Record a follow-up; the next one falls due one interval later."""
    _require_upper(by, item.cell)
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != SupervisionItem.Status.OPEN:
        raise ValidationError("该督办事项已办结。")
    if on > timezone.localdate():
        raise ValidationError("跟进日期不能晚于今天。")
    if on < dates.local_date(item.created_at):  # the local day, not UTC's
        raise ValidationError("跟进日期不能早于督办日期。")
    SupervisionFollowUp.objects.create(
        item=item, on=on, note=required_text(note, "跟进情况"), by=by
    )
    item.next_follow_up_on = date.fromordinal(on.toordinal() + item.follow_up_days)
    item.save(update_fields=["next_follow_up_on", "updated_at"])
    records.append(
        action="grid.supervision_follow_up",
        target=item,
        actor=by,
        data={"on": on, "next": item.next_follow_up_on},
    )
    return item


@transaction.atomic
def supervision_item_close(
    *, item: SupervisionItem, result: str, accountability: str, by: User
) -> SupervisionItem:
    """Close the item with its result and any accountability (问责) imposed."""
    _require_upper(by, item.cell)
    claimed = SupervisionItem.objects.filter(
        pk=item.pk, status=SupervisionItem.Status.OPEN
    ).update(
        status=SupervisionItem.Status.CLOSED,
        result=required_text(result, "办结情况"),
        accountability=accountability.strip(),
        closed_on=timezone.localdate(),
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError("该督办事项已办结。")
    item.refresh_from_db()
    records.append(
        action="grid.supervision_close",
        target=item,
        actor=by,
        before=SupervisionItem.Status.OPEN,
        after=SupervisionItem.Status.CLOSED,
        data={"accountability": bool(item.accountability)},
    )
    return item


def supervision_items_remind(*, today: date | None = None) -> int:
    """Tell whoever opened an open item that its follow-up is due, once per due
    date (claimed by a conditional update, so overlapping runs tell once)."""
    today = today or timezone.localdate()
    due = SupervisionItem.objects.filter(
        status=SupervisionItem.Status.OPEN, next_follow_up_on__lte=today
    ).exclude(reminded_for=F("next_follow_up_on"))
    told = 0
    for item in due.select_related("cell"):
        with transaction.atomic():
            claimed = (
                SupervisionItem.objects.filter(
                    pk=item.pk, next_follow_up_on=item.next_follow_up_on
                )
                .exclude(reminded_for=item.next_follow_up_on)
                .update(reminded_for=item.next_follow_up_on)
            )
            if not claimed:
                continue
            notifications.send_many(
                [
                    notifications.Message(
                        recipient_id=item.opened_by_id,
                        title=f"督办事项应跟进：{item.cell.name}（{item.get_speed_display()}）",
                        url=reverse("grid:supervision-detail", args=[item.pk]),
                    )
                ]
            )
            told += 1
    return told


# --- Joint review of major and heavily polluting projects (C25) ---------------------


@dataclass(frozen=True)
class ReviewData:
    cell: GridCell
    project_name: str
    kind: str
    departments: Sequence[str]
    policy_opinion: str
    siting_opinion: str
    conclusion: str
    reviewed_on: date
    conditions: str = ""
    enterprise: Enterprise | None = None


@transaction.atomic
def review_record(*, data: ReviewData, by: User) -> JointReview:
    """Record the joint review of a major or heavily polluting project by 发改, 经信,
    国土, 规划 and 环保 (seed 002 六(二)4): who took part, the policy-fit and siting
    opinions, and the conclusion."""
    require(by, COORDINATE, "您无权登记联合审查。")
    require_cell(by, data.cell)
    if data.enterprise is not None:
        require_enterprise(by, data.enterprise)
    if data.kind not in JointReview.Kind.values:
        raise ValidationError("请选择项目类别。")
    if data.conclusion not in JointReview.Conclusion.values:
        raise ValidationError("请选择审查结论。")
    unknown = set(data.departments) - set(JointReview.Department.values)
    if unknown:
        raise ValidationError("参加审查部门有误。")
    departments = [
        code for code in JointReview.Department.values if code in data.departments
    ]
    if JointReview.Department.HUANBAO not in departments or len(departments) < 2:
        raise ValidationError("联合审查须由环保部门和至少一个其他部门共同参加。")
    if data.reviewed_on > timezone.localdate():
        raise ValidationError("审查日期不能晚于今天。")
    conditions = data.conditions.strip()
    if data.conclusion != JointReview.Conclusion.AGREED and not conditions:
        raise ValidationError("有条件同意或不同意的，须写明条件或理由。")
    review = JointReview.objects.create(
        cell=data.cell,
        project_name=required_text(data.project_name, "项目名称"),
        kind=data.kind,
        enterprise=data.enterprise,
        departments=departments,
        policy_opinion=required_text(data.policy_opinion, "产业政策符合性意见"),
        siting_opinion=required_text(data.siting_opinion, "选址意见"),
        conclusion=data.conclusion,
        conditions=conditions,
        reviewed_on=data.reviewed_on,
        recorded_by=by,
        **_scope(data.cell),
    )
    records.append(
        action="grid.review_record",
        target=review,
        actor=by,
        after={
            "conclusion": data.conclusion,
            "departments": departments,
            "enterprise": data.enterprise.pk if data.enterprise else None,
        },
    )
    return review


# --- Implementation schemes filed with the level above (C29) ------------------------

SCHEME_TITLE = "网格化环境监管体系建设实施方案"


@transaction.atomic
def scheme_file(
    *, cell: GridCell, title: str, issued_on: date, file: File[bytes], by: User
) -> ImplementationScheme:
    """A county/district or township files its implementation scheme with the
    level above (seed 002 七 "报送市政府备案"). The document must be a PDF."""
    require(by, "grid.manage_grid", "您无权报送实施方案。")
    require_cell(by, cell)
    if cell.kind != GridCell.Kind.ADMINISTRATIVE or cell.parent is None:
        raise ValidationError("只有县区和乡镇（街道）网格向上级报送实施方案。")
    title = required_text(title, "方案名称")
    if issued_on > timezone.localdate():
        raise ValidationError("印发日期不能晚于今天。")
    attachment = casework_services.attachment_add(
        file=file, target=cell, kind=Attachment.Kind.DOCUMENT, by=by
    )
    scheme = ImplementationScheme.objects.create(
        cell=cell,
        filed_with=cell.parent,
        title=title,
        issued_on=issued_on,
        attachment=attachment,
        filed_on=timezone.localdate(),
        filed_by=by,
        **_scope(cell),
    )
    records.append(
        action="grid.scheme_file",
        target=scheme,
        actor=by,
        after=ImplementationScheme.Status.FILED,
        data={"sha256": attachment.blob_id, "filed_with": cell.parent.pk},
    )
    return scheme


@transaction.atomic
def scheme_decide(
    *, scheme: ImplementationScheme, accept: bool, note: str, by: User
) -> ImplementationScheme:
    """The level above records the filing (备案) or returns the scheme for changes."""
    try:
        _require_upper(by, scheme.cell)
    except PermissionDenied:
        raise PermissionDenied("只有上级网格可以受理实施方案备案。") from None
    if scheme.status != ImplementationScheme.Status.FILED:
        raise ValidationError("该方案已处理。")
    note = note.strip()
    if not accept and not note:
        raise ValidationError("退回修改须写明意见。")
    before = scheme.status
    scheme.status = (
        ImplementationScheme.Status.ACCEPTED
        if accept
        else ImplementationScheme.Status.RETURNED
    )
    scheme.decided_on = timezone.localdate()
    scheme.decided_by = by
    scheme.decision_note = note
    scheme.save(
        update_fields=[
            "status",
            "decided_on",
            "decided_by",
            "decision_note",
            "updated_at",
        ]
    )
    records.append(
        action="grid.scheme_decide",
        target=scheme,
        actor=by,
        before=before,
        after=scheme.status,
    )
    return scheme


@transaction.atomic
def scheme_publish(*, scheme: ImplementationScheme, by: User) -> ImplementationScheme:
    """The filing level publishes its scheme once the level above has filed it
    (seed 002 七 "并向社会公开")."""
    require(by, "grid.manage_grid", "您无权公开实施方案。")
    require_cell(by, scheme.cell)
    if scheme.status != ImplementationScheme.Status.ACCEPTED:
        raise ValidationError("实施方案须经上级备案后方可公开。")
    if scheme.published_at is not None:
        raise ValidationError("该方案已公开。")
    if scheme.attachment.confidential:
        raise ValidationError("方案文件标记为涉密，不能公开。")
    scheme.published_at = timezone.now()
    scheme.save(update_fields=["published_at", "updated_at"])
    records.append(
        action="grid.scheme_publish",
        target=scheme,
        actor=by,
        after={"published": True},
    )
    return scheme
