"""Every write of the emergencies module (keyword-only, atomic, on the record)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.complaints import selectors as complaint_selectors
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.monitoring import selectors as monitoring_selectors

from . import department_tasks, grading, limits
from .models import (
    Grading,
    Incident,
    LogEntry,
    Measurement,
    Release,
    Report,
    Task,
)
from .opinions import (  # the opinion events' writes live there; callers use services
    opinion_approve as opinion_approve,
)
from .opinions import opinion_assign as opinion_assign
from .opinions import opinion_register as opinion_register
from .opinions import opinion_transition as opinion_transition
from .processes import INCIDENT
from .recovery import recovery_add as recovery_add  # 事后恢复 (recovery.py)
from .recovery import recovery_done as recovery_done

INCIDENT_KIND = INCIDENT.model
CONGRESS_RECIPIENT = "本级人民代表大会常务委员会"
REPORT_RECIPIENTS = {
    "low": "本级人民政府、上一级生态环境主管部门",
    "high": "本级人民政府、省级生态环境主管部门，同时上报生态环境部",
}


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied("您没有该操作的权限。")


def _check_links(*, by: User, complaint_id: int | None, clue_id: int | None) -> None:
    if complaint_id and not (
        complaint_selectors.complaint_list_for_user(by).filter(pk=complaint_id).exists()
    ):
        raise ValidationError(f"未找到编号为{complaint_id}的投诉，或您无权查看该投诉。")
    if clue_id and not (
        monitoring_selectors.clue_list_for_user(by).filter(pk=clue_id).exists()
    ):
        raise ValidationError(f"未找到编号为{clue_id}的监测线索，或您无权查看该线索。")


# --- Incidents: intake, verification, grading ---------------------------------------


@transaction.atomic
def incident_register(
    *,
    by: User,
    title: str,
    source: str,
    place: str,
    summary: str,
    received_at: datetime | None = None,
    occurred_at: datetime | None = None,
    source_ref: str = "",
    complaint_id: int | None = None,
    clue_id: int | None = None,
    enterprise: Enterprise | None = None,
    district: Division | None = None,
    township: Division | None = None,
    unit: Unit | None = None,
    assignee: User | None = None,
) -> Incident:
    """Register an incident from any source; the initial-report clock starts at the
    moment the bureau learned of it (`received_at`)."""
    _require(by, "emergencies.handle_incident")
    if source not in Incident.Source.values:
        raise ValidationError("请选择信息来源。")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError("获知时间不能晚于当前时间。")
    if occurred_at and occurred_at > received_at:
        raise ValidationError("事发时间不能晚于获知时间。")
    _check_links(by=by, complaint_id=complaint_id, clue_id=clue_id)
    if enterprise is not None and district is None:
        district, township = enterprise.district, enterprise.township
    incident = Incident.objects.create(
        title=title.strip(),
        source=source,
        source_ref=source_ref.strip(),
        complaint_id=complaint_id,
        clue_id=clue_id,
        enterprise=enterprise,
        place=place.strip(),
        summary=summary.strip(),
        received_at=received_at,
        occurred_at=occurred_at,
        district=district,
        township=township,
        unit=unit or by.unit,
        assignee=assignee or by,
        created_by=by,
    )
    casework.case_start(process=INCIDENT, case=incident, step="received", by=by)
    _report_open(incident=incident, kind=Report.Kind.INITIAL, by=by)
    return incident


def _report_open(
    *,
    incident: Incident,
    kind: str,
    by: User | None,
    started_at: datetime | None = None,
) -> Report:
    if kind == Report.Kind.INITIAL:
        hours = limits.initial_hours(incident.grade)
        basis, label, started = limits.REPORT_BASIS, "初报时限", incident.received_at
    elif kind == Report.Kind.CONGRESS:
        hours, basis = limits.congress_report_hours(), limits.CONGRESS_BASIS
        label, started = "向本级人大常委会报告时限", started_at or timezone.now()
    elif kind == Report.Kind.FOLLOWUP:
        hours, basis, label = limits.followup_hours(), limits.FOLLOWUP_BASIS, "续报时限"
        started = started_at or timezone.now()
    else:
        hours, basis, label = (
            limits.final_hours(),
            limits.FINAL_BASIS,
            "处理结果报告时限",
        )
        started = started_at or timezone.now()
    sequence = incident.reports.filter(kind=kind).count() + 1
    report = Report(incident=incident, kind=kind, sequence=sequence, due_at=started)
    if kind == Report.Kind.CONGRESS:
        report.recipients = CONGRESS_RECIPIENT
    clock = casework.clock_start(
        target=incident,
        step=report.step_code,
        label=label,
        amount=hours,
        unit=Clock.Unit.HOURS,
        basis=basis,
        started_at=started,
        by=by,
        responsible=incident.assignee,
        responsible_unit=incident.unit,
        district=incident.district,
        township=incident.township,
    )
    report.clock, report.due_at = clock, clock.due_at
    report.save()
    casework.workitem_open(
        kind=INCIDENT_KIND,
        target=incident,
        title=(
            f"{report}待登记：{incident}"
            if kind == Report.Kind.CONGRESS
            else f"{report}待报送：{incident}"
        ),
        step=report.step_code,
        step_label=str(report),
        assignee=incident.assignee,
        unit=incident.unit,
        district=incident.district,
        township=incident.township,
        clock=clock,
    )
    return report


def _grade_facts(data: dict[str, Any]) -> grading.Facts:
    return grading.Facts(
        deaths=int(data.get("deaths") or 0),
        poisoned=int(data.get("poisoned") or 0),
        evacuated=int(data.get("evacuated") or 0),
        loss_10k_yuan=Decimal(str(data.get("loss_10k_yuan") or "0")),
        water=data.get("water") or "none",
        boundary=data.get("boundary") or "none",
        ecology=data.get("ecology") or "none",
    )


FACT_FIELDS = (
    "deaths",
    "poisoned",
    "evacuated",
    "loss_10k_yuan",
    "water",
    "boundary",
    "ecology",
)


@transaction.atomic
def incident_grade(
    *, incident: Incident, by: User, facts: dict[str, Any], note: str = ""
) -> Grading:
    """(Re)grade the incident from the facts known now; every grading is kept.

    A first grade of 重大 or above shortens a pending initial report's limit to 2
    hours from the same start (limits.py)."""
    _require(by, "emergencies.handle_incident")
    if incident.status in ("reviewed", "dismissed"):
        raise ValidationError("事件已办结，不能再定级。")
    try:
        # The national criteria with the bureau's values for the unconfirmed ones.
        result = grading.grade_configured(_grade_facts(facts))
    except (ValueError, ArithmeticError) as error:
        raise ValidationError("认定事实的数值不正确，请检查。") from error
    previous = incident.grade
    if previous and previous != result.grade and not note.strip():
        raise ValidationError("调整级别须说明理由。")
    values = {name: getattr(_grade_facts(facts), name) for name in FACT_FIELDS}
    for name, value in values.items():
        setattr(incident, name, value)
    incident.grade = result.grade
    incident.save(update_fields=[*FACT_FIELDS, "grade", "updated_at"])
    entry = Grading.objects.create(
        incident=incident,
        grade=result.grade,
        previous=previous,
        reasons="\n".join(result.reasons),
        facts={k: str(v) for k, v in values.items()},
        note=note.strip(),
        by=by,
        at=timezone.now(),
    )
    records.append(
        action="emergencies.incident.grade"
        if not previous
        else "emergencies.incident.regrade",
        target=incident,
        actor=by,
        before=previous or None,
        after=result.grade,
    )
    _initial_limit_follow_grade(incident=incident, by=by)
    _congress_report_follow_grade(incident=incident, by=by)
    return entry


def _initial_limit_follow_grade(*, incident: Incident, by: User) -> None:
    report = incident.reports.filter(
        kind=Report.Kind.INITIAL, submitted_at__isnull=True
    ).first()
    if report is None or report.clock is None:
        return
    hours = limits.initial_hours(incident.grade)
    if report.clock.amount == hours:
        return
    casework.clock_cancel(clock=report.clock, by=by, reason="事件定级调整初报时限")
    casework.workitem_close(target=incident, step=report.step_code, cancelled=True)
    report.delete()
    _report_open(incident=incident, kind=Report.Kind.INITIAL, by=by)


def _congress_report_follow_grade(*, incident: Incident, by: User) -> None:
    """Expect the report to the people's congress standing committee once the
    incident is graded 重大 or above (limits.congress_report_expected); withdraw
    it, while not yet recorded, if a regrading takes the incident below 重大.

    The clock runs from the grading that made it expected; a regrading between
    重大 and 特别重大 neither restarts nor shortens it. A report already recorded
    stays whatever the grade becomes."""
    existing = incident.reports.filter(kind=Report.Kind.CONGRESS).first()
    if limits.congress_report_expected(incident.grade):
        if existing is None:
            _report_open(incident=incident, kind=Report.Kind.CONGRESS, by=by)
        return
    if existing is not None and existing.submitted_at is None:
        _report_cancel(
            report=existing,
            by=by,
            reason="事件级别调整为重大以下，不再需要向人大常委会报告",
        )


@transaction.atomic
def incident_verify(*, incident: Incident, by: User, verification: str) -> Incident:
    """First verification done and graded: the response starts."""
    casework.case_transition(
        process=INCIDENT,
        case=incident,
        transition="verify",
        by=by,
        changes={"verification": verification.strip(), "verified_at": timezone.now()},
    )
    return incident


@transaction.atomic
def incident_dismiss(
    *, incident: Incident, by: User, verification: str, reason: str
) -> Incident:
    casework.case_transition(
        process=INCIDENT,
        case=incident,
        transition="dismiss",
        by=by,
        changes={
            "verification": verification.strip(),
            "verified_at": timezone.now(),
            "dismiss_reason": reason.strip(),
        },
    )
    for report in incident.reports.filter(submitted_at__isnull=True):
        _report_cancel(report=report, by=by, reason="核实不构成突发环境事件")
    return incident


def _report_cancel(*, report: Report, by: User, reason: str) -> None:
    if report.clock is not None:
        casework.clock_cancel(clock=report.clock, by=by, reason=reason)
    casework.workitem_close(
        target=report.incident, step=report.step_code, cancelled=True
    )
    report.delete()


@transaction.atomic
def incident_close(*, incident: Incident, by: User, summary: str) -> Incident:
    """The response is over: pending follow-ups are withdrawn, the final report's
    clock starts."""
    now = timezone.now()
    casework.case_transition(
        process=INCIDENT,
        case=incident,
        transition="close",
        by=by,
        changes={"closure_summary": summary.strip(), "closed_at": now},
    )
    for report in incident.reports.filter(
        kind=Report.Kind.FOLLOWUP, submitted_at__isnull=True
    ):
        _report_cancel(report=report, by=by, reason="应急处置结束，转处理结果报告")
    if incident.reports.filter(kind=Report.Kind.FINAL).exists():
        return incident
    _report_open(incident=incident, kind=Report.Kind.FINAL, by=by, started_at=now)
    return incident


@transaction.atomic
def incident_conclude(
    *, incident: Incident, by: User, damage_assessment: str, review_summary: str
) -> Incident:
    # The bureau's own reports must all be sent. The congress report is the
    # government's: it does not hold up the bureau's conclusion, and its clock
    # keeps running (and shows overdue) until it is recorded.
    if (
        incident.reports.filter(submitted_at__isnull=True)
        .exclude(kind=Report.Kind.CONGRESS)
        .exists()
    ):
        raise ValidationError("尚有未报送的报告，请先报送处理结果报告。")
    casework.case_transition(
        process=INCIDENT,
        case=incident,
        transition="conclude",
        by=by,
        changes={
            "damage_assessment": damage_assessment.strip(),
            "review_summary": review_summary.strip(),
        },
    )
    return incident


# --- Reports upward -----------------------------------------------------------------


def recipients_for(incident: Incident) -> str:
    high = incident.grade and grading.at_least(incident.grade, grading.MAJOR)
    return REPORT_RECIPIENTS["high" if high else "low"]


@transaction.atomic
def report_submit(
    *,
    report: Report,
    by: User,
    content: str,
    recipients: str = "",
    at: datetime | None = None,
) -> Report:
    """Send a report upward: its clock stops (met or missed). A follow-up's clock
    starts after an initial or follow-up report while the response goes on."""
    incident = report.incident
    _require(by, "emergencies.handle_incident")
    if report.kind == Report.Kind.CONGRESS:
        raise ValidationError(
            "向人大常委会的报告由县（区）政府或经济区管委会报送，请登记其报告情况。"
        )
    if report.submitted_at is not None:
        raise ValidationError("该报告已报送。")
    if not content.strip():
        raise ValidationError("请填写报告内容。")
    if report.kind == Report.Kind.INITIAL and not incident.grade:
        raise ValidationError("初报须包含事件的初步定级，请先定级。")
    at = at or timezone.now()
    report.submitted_at, report.submitted_by = at, by
    report.content = content.strip()
    report.recipients = recipients.strip() or recipients_for(incident)
    report.save()
    if report.clock is not None:
        casework.clock_stop(clock=report.clock, by=by, at=at)
    casework.workitem_close(target=incident, step=report.step_code)
    records.append(
        action="emergencies.report.submit",
        target=incident,
        actor=by,
        after={"report": report.pk, "kind": report.kind, "sequence": report.sequence},
    )
    if report.kind != Report.Kind.FINAL and incident.status in (
        "received",
        "responding",
    ):
        pending = incident.reports.filter(
            kind=Report.Kind.FOLLOWUP, submitted_at__isnull=True
        ).exists()
        if not pending:
            _report_open(
                incident=incident, kind=Report.Kind.FOLLOWUP, by=by, started_at=at
            )
    return report


@transaction.atomic
def congress_report_record(
    *,
    report: Report,
    by: User,
    reporter: str,
    reported_at: datetime,
    summary: str,
    reference: str = "",
) -> Report:
    """Record the local government's report of a major incident to the people's
    congress standing committee at its level (seed 002 四（三）2（1）): which body
    reported, when, its document number and a summary. The report's clock stops at
    the time reported (met, or missed — which opens the accountability follow-up)."""
    _require(by, "emergencies.handle_incident")
    report = (
        Report.objects.select_for_update().select_related("incident").get(pk=report.pk)
    )
    incident = report.incident
    if report.kind != Report.Kind.CONGRESS:
        raise ValidationError("只有向人大常委会的报告可以这样登记。")
    if report.submitted_at is not None:
        raise ValidationError("该事件向人大常委会的报告已登记。")
    if not reporter.strip():
        raise ValidationError("请填写报告机关（县（区）政府或经济区管委会）。")
    if not summary.strip():
        raise ValidationError("请填写报告内容摘要。")
    if reported_at > timezone.now():
        raise ValidationError("报告时间不能晚于当前时间。")
    if reported_at < incident.received_at:
        raise ValidationError("报告时间不能早于获知事件的时间。")
    report.reporter, report.reference = reporter.strip(), reference.strip()
    report.content = summary.strip()
    report.submitted_at, report.submitted_by = reported_at, by
    report.save(
        update_fields=[
            "reporter",
            "reference",
            "content",
            "submitted_at",
            "submitted_by",
        ]
    )
    if report.clock is not None:
        casework.clock_stop(clock=report.clock, by=by, at=reported_at)
    casework.workitem_close(target=incident, step=report.step_code)
    records.append(
        action="emergencies.report.congress",
        target=incident,
        actor=by,
        before="pending",
        after={
            "report": report.pk,
            "kind": report.kind,
            "reported_at": reported_at,
            "reference": report.reference,
        },
    )
    return report


# --- The response -------------------------------------------------------------------


def _open_incident(incident: Incident) -> None:
    if incident.status in ("reviewed", "dismissed"):
        raise ValidationError("事件已办结，不能再添加。")


@transaction.atomic
def log_add(
    *,
    incident: Incident,
    by: User,
    actor_name: str,
    action: str,
    at: datetime | None = None,
) -> LogEntry:
    _require(by, "emergencies.handle_incident")
    _open_incident(incident)
    if not action.strip() or not actor_name.strip():
        raise ValidationError("请填写人员或单位和处置内容。")
    entry = LogEntry.objects.create(
        incident=incident,
        at=at or timezone.now(),
        actor_name=actor_name.strip(),
        action=action.strip(),
        recorded_by=by,
    )
    records.append(
        action="emergencies.log.add", target=incident, actor=by, after={"log": entry.pk}
    )
    return entry


@transaction.atomic
def task_assign(
    *,
    incident: Incident,
    by: User,
    department: str,
    content: str,
    due_at: datetime,
    unit: Unit | None = None,
) -> Task:
    """A task to a department with its deadline. A department of the registry
    (`unit`) is told at once and answers itself (department_tasks.py); the typed
    name defaults to the unit's."""
    _require(by, "emergencies.handle_incident")
    _open_incident(incident)
    if due_at <= timezone.now():
        raise ValidationError("完成时限须晚于当前时间。")
    if unit is not None and unit.kind != Unit.Kind.DEPARTMENT:
        raise ValidationError("承担部门须为登记的其他政府部门。")
    department = department.strip() or (unit.name if unit else "")
    if not department:
        raise ValidationError("请填写或选择承担部门。")
    task = Task.objects.create(
        incident=incident,
        department=department,
        unit=unit,
        content=content.strip(),
        due_at=due_at,
        created_by=by,
    )
    records.append(
        action="emergencies.task.assign",
        target=incident,
        actor=by,
        after={"task": task.pk, "due_at": due_at, "unit": task.unit_id},
    )
    department_tasks.tell_department(task)
    return task


@transaction.atomic
def task_feedback(*, task: Task, by: User, feedback: str) -> Task:
    """The feedback on a task, given by the department's own handler or recorded
    by the bureau's incident handlers; once, claimed by a conditional update so
    two answers at the same moment cannot both land."""
    by_department = department_tasks.handles_task(by, task)
    if not by_department:
        _require(by, "emergencies.handle_incident")
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError("请填写反馈情况。")
    now = timezone.now()
    claimed = Task.objects.filter(pk=task.pk, feedback_at__isnull=True).update(
        feedback=feedback, feedback_at=now, feedback_by=by
    )
    if not claimed:
        raise ValidationError("该任务已反馈。")
    task.refresh_from_db()
    records.append(
        action="emergencies.task.feedback",
        target=task.incident,
        actor=by,
        after={
            "task": task.pk,
            "late": task.feedback_at > task.due_at,  # type: ignore[operator]
            "by_department": by_department,
        },
    )
    if by_department:
        department_tasks.tell_handler(task)
    return task


@transaction.atomic
def measurement_add(
    *,
    incident: Incident,
    by: User,
    measured_at: datetime,
    point: str,
    pollutant: str,
    value: Decimal,
    unit: str,
    limit: Decimal | None = None,
) -> Measurement:
    _require(by, "emergencies.handle_incident")
    _open_incident(incident)
    if measured_at > timezone.now():
        raise ValidationError("监测时间不能晚于当前时间。")
    measurement = Measurement.objects.create(
        incident=incident,
        measured_at=measured_at,
        point=point.strip(),
        pollutant=pollutant.strip(),
        value=value,
        unit=unit.strip(),
        limit=limit,
        recorded_by=by,
    )
    records.append(
        action="emergencies.measurement.add",
        target=incident,
        actor=by,
        after={"measurement": measurement.pk},
    )
    return measurement


@transaction.atomic
def release_draft(*, incident: Incident, by: User, title: str, body: str) -> Release:
    _require(by, "emergencies.handle_incident")
    if incident.status == "dismissed":
        raise ValidationError("该事件已核实不构成突发环境事件。")
    release = Release.objects.create(
        incident=incident, title=title.strip(), body=body.strip(), drafted_by=by
    )
    records.append(
        action="emergencies.release.draft",
        target=incident,
        actor=by,
        after={"release": release.pk},
    )
    return release


@transaction.atomic
def release_review(
    *, release: Release, by: User, approve: bool, note: str = ""
) -> Release:
    """Publish a reviewed release, or return it. The drafter may not review."""
    _require(by, "emergencies.review_release")
    if release.status != Release.Status.DRAFT:
        raise ValidationError("该稿件不在待审核状态。")
    if release.drafted_by_id == by.pk:
        raise ValidationError("发布稿须由起草人以外的人员审核。")
    if not approve and not note.strip():
        raise ValidationError("退回须填写审核意见。")
    before = release.status
    release.status = Release.Status.PUBLISHED if approve else Release.Status.RETURNED
    release.reviewed_by, release.review_note = by, note.strip()
    release.published_at = timezone.now() if approve else None
    release.save()
    records.append(
        action="emergencies.release.review",
        target=release.incident,
        actor=by,
        before=before,
        after={"release": release.pk, "status": release.status},
    )
    return release
