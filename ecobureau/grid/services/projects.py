""" "Three simultaneities" projects (三同时): tracking from the EIA approval to the
completion acceptance (seed 002 附件1 二3, requirements C34–C38)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import local_date
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import Project, ProjectEvent
from ._common import require, require_enterprise, required_text
from .classes import CellFinder, add_months

MANAGE = "grid.manage_projects"

# Seed 002 附件1 二3: "试生产期为每个月一次申报，建设期为每季一次申报"; checks "对已开工
# 建设的项目须采用每季定期现场检查的方式，处于试生产期的建设项目每月定期现场检查".
# From the EIA approval until trial production the builder reports quarterly.
REPORT_MONTHS = {
    Project.Phase.DESIGN: 3,
    Project.Phase.CONSTRUCTION: 3,
    Project.Phase.TRIAL: 1,
}
CHECK_MONTHS = REPORT_MONTHS


def supervision_report_months() -> int:
    """监理报告 "定期上报": the seed sets no interval; quarterly is example
    configuration."""
    return int(getattr(settings, "GRID_SUPERVISION_REPORT_MONTHS", 3))


@dataclass(frozen=True)
class ProjectData:
    name: str
    enterprise: Enterprise
    eia_approval_no: str
    eia_approved_on: date
    track: str
    needs_supervision: bool = False
    supervision_org: str = ""
    officer: User | None = None


def _schedule(project: Project, since: date) -> None:
    """Set the next report, check and supervision-report dates for the phase."""
    if project.track == Project.Track.SIMPLE or not project.is_open:
        project.next_report_due = project.next_check_due = None
        project.next_supervision_due = None
        return
    months = REPORT_MONTHS[Project.Phase(project.phase)]
    project.next_report_due = add_months(since, months)
    project.next_check_due = add_months(
        since, CHECK_MONTHS[Project.Phase(project.phase)]
    )
    if project.needs_supervision and project.phase != Project.Phase.TRIAL:
        project.next_supervision_due = add_months(since, supervision_report_months())
    else:
        project.next_supervision_due = None


@transaction.atomic
def project_create(*, data: ProjectData, by: User) -> Project:
    """Start tracking a project from its EIA approval. Industrial projects with large
    emissions that need treatment facilities get class-A key tracking; service,
    real-estate and essentially non-polluting projects simple tracking (C34, C38)."""
    require(by, MANAGE, "您无权登记三同时项目。")
    require_enterprise(by, data.enterprise)
    if data.track not in Project.Track.values:
        raise ValidationError("请选择跟踪类别。")
    if data.eia_approved_on > local_date(timezone.now()):
        raise ValidationError("环评批复日期不能晚于今天。")
    if data.officer is not None and data.officer.is_public:
        raise ValidationError("跟踪责任人须为工作人员。")
    enterprise = data.enterprise
    project = Project(
        name=required_text(data.name, "项目名称"),
        enterprise=enterprise,
        cell=CellFinder().find(enterprise),
        eia_approval_no=required_text(data.eia_approval_no, "环评批复文号"),
        eia_approved_on=data.eia_approved_on,
        track=data.track,
        needs_supervision=data.needs_supervision,
        supervision_org=data.supervision_org.strip(),
        officer=data.officer or by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    _schedule(project, data.eia_approved_on)
    project.save()
    records.append(
        action="grid.project_create",
        target=project,
        actor=by,
        after={"track": project.track, "phase": project.phase},
    )
    return project


def _check_kind(project: Project, kind: str) -> None:
    if kind == ProjectEvent.Kind.PHONE_CHECK and project.works_started:
        raise ValidationError(
            "项目已开工建设，须现场检查，不能以电话查询代替（种子002 附件1 二3）。"
        )
    if kind == ProjectEvent.Kind.SUPERVISION_REPORT and not project.needs_supervision:
        raise ValidationError("该项目未要求开展工程环境监理。")


@transaction.atomic
def project_event_add(
    *, project: Project, kind: str, on: date, summary: str, by: User
) -> ProjectEvent:
    """Record a builder's report, a check or a supervision report; the next due
    date of that kind moves on from `on`."""
    require(by, MANAGE, "您无权登记三同时跟踪记录。")
    if not selectors.project_list_for_user(by).filter(pk=project.pk).exists():
        raise ValidationError("该项目不在您的数据范围内。")
    if kind not in ProjectEvent.Kind.values or kind == ProjectEvent.Kind.PHASE:
        raise ValidationError("请选择跟踪记录类型。")
    if not project.is_open:
        raise ValidationError("项目已竣工验收，跟踪已结束。")
    if on > local_date(timezone.now()):
        raise ValidationError("日期不能晚于今天。")
    _check_kind(project, kind)
    event = ProjectEvent.objects.create(
        project=project, kind=kind, on=on, summary=required_text(summary, "内容"), by=by
    )
    if project.track == Project.Track.KEY:
        months = REPORT_MONTHS[Project.Phase(project.phase)]
        if kind == ProjectEvent.Kind.REPORT:
            project.next_report_due = add_months(on, months)
        elif kind in (ProjectEvent.Kind.PHONE_CHECK, ProjectEvent.Kind.SITE_CHECK):
            project.next_check_due = add_months(on, months)
        else:
            project.next_supervision_due = add_months(on, supervision_report_months())
    project.reminded_on = None
    project.save()
    records.append(
        action="grid.project_event",
        target=project,
        actor=by,
        after={"event": event.pk, "kind": kind, "on": on},
    )
    return event


@transaction.atomic
def project_advance(
    *,
    project: Project,
    phase: str,
    on: date,
    by: User,
    works_started: bool | None = None,
    note: str = "",
) -> Project:
    """Move a project to its next phase (construction, trial, accepted), or mark
    that its works have started (phone checks give way to on-site checks)."""
    require(by, MANAGE, "您无权变更三同时项目阶段。")
    if not selectors.project_list_for_user(by).filter(pk=project.pk).exists():
        raise ValidationError("该项目不在您的数据范围内。")
    order = list(Project.Phase.values)
    if phase not in order or order.index(phase) < order.index(project.phase):
        raise ValidationError("项目阶段只能向后推进。")
    before = (project.phase, project.works_started)
    if works_started is not None:
        project.works_started = works_started
    if phase in (Project.Phase.TRIAL, Project.Phase.ACCEPTED):
        project.works_started = True
    project.phase = phase
    if phase == Project.Phase.ACCEPTED:
        project.accepted_on = on
    _schedule(project, on)
    project.save()
    ProjectEvent.objects.create(
        project=project,
        kind=ProjectEvent.Kind.PHASE,
        on=on,
        summary=note.strip() or f"进入“{project.get_phase_display()}”阶段",
        by=by,
    )
    records.append(
        action="grid.project_advance",
        target=project,
        actor=by,
        before={"phase": before[0], "works_started": before[1]},
        after={"phase": project.phase, "works_started": project.works_started},
    )
    return project


def projects_remind(*, now: datetime | None = None) -> int:
    """Remind each officer of reports and checks due within the reminder window or
    overdue; at most once a week per project while it stays due."""
    now = now or timezone.now()
    today = local_date(now)
    horizon = today + timedelta(
        days=int(getattr(settings, "GRID_REMIND_DAYS_BEFORE", 7))
    )
    due = (
        Q(next_report_due__lte=horizon)
        | Q(next_check_due__lte=horizon)
        | Q(next_supervision_due__lte=horizon)
    )
    not_recent = Q(reminded_on__isnull=True) | Q(
        reminded_on__lte=today - timedelta(days=7)
    )
    ids = list(
        Project.objects.filter(due, not_recent, officer__isnull=False)
        .filter(phase__in=Project.OPEN_PHASES)
        .values_list("pk", "officer_id")
    )
    per_officer: dict[int, int] = defaultdict(int)
    for pk, officer_id in ids:
        with transaction.atomic():
            claimed = (
                Project.objects.filter(pk=pk)
                .filter(not_recent)
                .update(reminded_on=today)
            )
        if claimed:
            per_officer[officer_id] += 1
    notifications.send_many(
        [
            notifications.Message(
                recipient_id=officer_id,
                title=f"三同时项目提醒：您跟踪的{count}个项目有进展申报、检查或监理报告即将到期或已超期",
                url=reverse("grid:project-list"),
            )
            for officer_id, count in sorted(per_officer.items())
        ]
    )
    return sum(per_officer.values())
