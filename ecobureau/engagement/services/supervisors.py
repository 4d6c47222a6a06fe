"""Writes for the supervisor registry: appointment with the 第三条 checks and the
certificate (A108), term and renewal per group (A109, E17), dismissal, the
participation rows (A110, with the certificate shown, 第九条) and the team's work
meetings and training (A114, 第十二条（二）（四））."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records

from .. import rules
from ..models import Participation, Supervisor, SupervisorMeeting
from ._common import _not_future, _require, _text

MANAGE = "engagement.manage_supervisor"


def _add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def term_end(group: str, start: date) -> date:
    """The last day of a term starting on `start`: three years for enforcement
    (and social) supervisors (第四条); whole years (年度) for the business group,
    ending on 31 December (seed 004, 示例配置)."""
    if group == Supervisor.Group.BUSINESS:
        return date(start.year + rules.business_supervisor_term_years() - 1, 12, 31)
    return _add_years(start, rules.SUPERVISOR_TERM_YEARS) - timedelta(days=1)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@transaction.atomic
def supervisor_appoint(
    *,
    by: User,
    group: str,
    name: str,
    source: str,
    appointed_on: date,
    organisation: str = "",
    birth_date: date | None = None,
    certificate_no: str = "",
    age_exception: str = "",
) -> Supervisor:
    """Appoint a supervisor. An enforcement supervisor needs the birth date (over
    60 at appointment only with a stated exception, 第三条（六） "一般") and the
    number of the certificate they will show (第九条)."""
    _require(by, MANAGE)
    if group not in Supervisor.Group.values:
        raise ValidationError("请选择监督员类别。")
    if source not in Supervisor.Source.values:
        raise ValidationError("请选择推荐来源。")
    certificate_no = certificate_no.strip()
    if group == Supervisor.Group.ENFORCEMENT:
        if birth_date is None:
            raise ValidationError(
                "请填写出生日期（执法监督员工作规则 第三条（六）：受聘时年龄一般不超过60周岁）。"
            )
        if not certificate_no:
            raise ValidationError(
                f"请填写{rules.SUPERVISOR_CERTIFICATE}编号（执法监督员工作规则 第九条）。"
            )
        if Supervisor.objects.filter(
            certificate_no=certificate_no, left_on__isnull=True
        ).exists():
            raise ValidationError(f"监督员证编号{certificate_no}已被其他监督员使用。")
        if (
            _age_on(birth_date, appointed_on) > rules.SUPERVISOR_MAX_AGE
            and not age_exception.strip()
        ):
            raise ValidationError(
                "受聘时年龄一般不超过60周岁（执法监督员工作规则 第三条）；如确需聘任，请填写超龄聘任说明。"
            )
    supervisor = Supervisor.objects.create(
        group=group,
        name=_text(name, "姓名"),
        source=source,
        organisation=organisation.strip(),
        birth_date=birth_date,
        age_exception=age_exception.strip(),
        certificate_no=certificate_no,
        appointed_on=appointed_on,
        term_end=term_end(group, appointed_on),
        created_by=by,
    )
    records.append(
        action="engagement.supervisor.appoint",
        target=supervisor,
        actor=by,
        after={"group": group, "term_end": supervisor.term_end.isoformat()},
    )
    return supervisor


@transaction.atomic
def supervisor_renew(*, by: User, supervisor: Supervisor) -> Supervisor:
    """Renew for another term from the day after the current one ends (3 years;
    the business group by year)."""
    _require(by, MANAGE)
    if supervisor.left_on is not None:
        raise ValidationError("已解聘的监督员不能续聘。")
    before = supervisor.term_end
    supervisor.term_end = term_end(supervisor.group, before + timedelta(days=1))
    supervisor.save(update_fields=["term_end"])
    records.append(
        action="engagement.supervisor.renew",
        target=supervisor,
        actor=by,
        before=before.isoformat(),
        after=supervisor.term_end.isoformat(),
    )
    return supervisor


@transaction.atomic
def supervisor_dismiss(
    *, by: User, supervisor: Supervisor, left_on: date, reason: str
) -> Supervisor:
    """Dynamic adjustment (工作规则 第五条)."""
    _require(by, MANAGE)
    if supervisor.left_on is not None:
        raise ValidationError("该监督员已解聘。")
    if left_on < supervisor.appointed_on:
        raise ValidationError("解聘日期不能早于聘任日期。")
    supervisor.left_on = left_on
    supervisor.left_reason = _text(reason, "解聘原因")
    supervisor.save(update_fields=["left_on", "left_reason"])
    records.append(
        action="engagement.supervisor.dismiss",
        target=supervisor,
        actor=by,
        after=left_on.isoformat(),
    )
    return supervisor


def check_certificate(supervisor: Supervisor, shown: str) -> str:
    """第九条: an enforcement supervisor at supervision work shows the certificate;
    the number shown must be the one on the register."""
    shown = (shown or "").strip()
    if supervisor.group != Supervisor.Group.ENFORCEMENT:
        return shown
    if not shown:
        raise ValidationError(
            f"请填写监督员出示的{rules.SUPERVISOR_CERTIFICATE}编号（执法监督员工作规则 第九条）。"
        )
    if shown != supervisor.certificate_no:
        raise ValidationError("出示的监督员证编号与登记的编号不一致。")
    return shown


@transaction.atomic
def participation_record(
    *,
    by: User,
    supervisor: Supervisor,
    kind: str,
    held_on: date,
    note: str = "",
    certificate_shown: str | None = None,
) -> Participation:
    """One participation (第六条（三））. For supervision work an enforcement
    supervisor's certificate number shown is recorded (第九条) and the row is
    refused without it; meetings and training are recorded with
    `supervisor_meeting_record`.

    One exception, for compatibility: enforcement's case-file review
    (`enforcement.services.file_review.review_record`) records its supervisors'
    file reviews without collecting a number (it passes none, `None`); such a
    row is kept with the number blank. Every other caller passes a string — the
    engagement page always does — and an empty one is refused."""
    _require(by, MANAGE)
    if kind not in Participation.Kind.values:
        raise ValidationError("请选择活动类型。")
    if kind in (Participation.Kind.MEETING, Participation.Kind.TRAINING):
        raise ValidationError(
            "工作会议和业务培训请在“监督员工作会议和培训”中登记（含参加人员）。"
        )
    _not_future(held_on, "活动日期")
    if not supervisor.active_on(held_on):
        raise ValidationError("该日期不在此监督员的聘期内。")
    if certificate_shown is None and kind == Participation.Kind.FILE_REVIEW:
        shown = ""
    else:
        shown = check_certificate(supervisor, certificate_shown or "")
    participation = Participation.objects.create(
        supervisor=supervisor,
        kind=kind,
        held_on=held_on,
        note=note.strip(),
        certificate_shown=shown,
        created_by=by,
    )
    records.append(
        action="engagement.participation.record",
        target=supervisor,
        actor=by,
        after={"participation": participation.pk, "kind": kind},
    )
    return participation


@transaction.atomic
def supervisor_meeting_record(
    *,
    by: User,
    kind: str,
    held_on: date,
    title: str,
    agenda: str,
    attendees: list[Supervisor],
    summary: str = "",
    materials: str = "",
) -> SupervisorMeeting:
    """A work meeting or training the team held (第十二条（二）（四）) with the
    supervisors who attended, each in term that day; one participation row per
    attendee points to it."""
    _require(by, MANAGE)
    if kind not in SupervisorMeeting.Kind.values:
        raise ValidationError("请选择类型（工作会议或业务学习培训）。")
    _not_future(held_on, "日期")
    if not attendees:
        raise ValidationError("请选择参加的监督员。")
    outside = [s.name for s in attendees if not s.active_on(held_on)]
    if outside:
        raise ValidationError(f"以下人员在该日期不在聘期内：{'、'.join(outside)}。")
    meeting = SupervisorMeeting.objects.create(
        kind=kind,
        held_on=held_on,
        title=_text(title, "名称"),
        agenda=_text(agenda, "议程"),
        summary=summary.strip(),
        materials=materials.strip(),
        created_by=by,
    )
    meeting.attendees.set(attendees)
    participation_kind = (
        Participation.Kind.MEETING
        if kind == SupervisorMeeting.Kind.MEETING
        else Participation.Kind.TRAINING
    )
    Participation.objects.bulk_create(
        Participation(
            supervisor=supervisor,
            kind=participation_kind,
            held_on=held_on,
            note=meeting.title[:300],
            meeting=meeting,
            created_by=by,
        )
        for supervisor in attendees
    )
    records.append(
        action="engagement.supervisormeeting.record",
        target=meeting,
        actor=by,
        after={"kind": kind, "attendees": sorted(s.pk for s in attendees)},
    )
    return meeting
