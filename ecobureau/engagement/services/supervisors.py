"""Writes for the supervisor registry: appointment with the 第三条 checks and the
certificate (A108), term and renewal per group (A109, E17), dismissal, the
participation rows (A110, with the certificate shown, 第九条) and the team's work
meetings and training (A114, 第十二条（二）（四））."""

from __future__ import annotations

from collections.abc import Sequence
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


def conditions_ticked(conditions: Sequence[str]) -> list[str]:
    """The 第三条 codes ticked, in the rule's order; an unknown code is refused."""
    if set(conditions) - set(rules.SUPERVISOR_CONDITION_CODES):
        raise ValidationError("未知的审核条件。")
    return [code for code in rules.SUPERVISOR_CONDITION_CODES if code in conditions]


def conditions_check(group: str, conditions: Sequence[str]) -> list[str]:
    """工作规则 第四条（三）"按照条件审核": an enforcement supervisor is appointed
    only with every condition of 第三条 (一)–(六) ticked — at vetting a nominee
    (`nominee_vet`) and at a direct appointment on the register page alike.
    Returns the ticked codes in order."""
    ticked = conditions_ticked(conditions)
    if group == Supervisor.Group.ENFORCEMENT:
        missing = [
            label for code, label in rules.SUPERVISOR_CONDITIONS if code not in ticked
        ]
        if missing:
            raise ValidationError(
                "聘任执法监督员须逐项核对执法监督员工作规则 第三条的条件，以下条件未勾选："
                + "；".join(missing)
            )
    return ticked


def _check_enforcement_record(
    *,
    group: str,
    birth_date: date | None,
    certificate_no: str,
    appointed_on: date,
    age_exception: str,
    exclude_pk: int | None = None,
) -> None:
    """Birth date, certificate number (unique among serving supervisors) and the
    age rule for an enforcement supervisor (第三条（六）, 第九条)."""
    if group != Supervisor.Group.ENFORCEMENT:
        return
    if birth_date is None:
        raise ValidationError(
            "请填写出生日期（执法监督员工作规则 第三条（六）：受聘时年龄一般不超过60周岁）。"
        )
    if not certificate_no:
        raise ValidationError(
            f"请填写{rules.SUPERVISOR_CERTIFICATE}编号（执法监督员工作规则 第九条）。"
        )
    holders = Supervisor.objects.filter(
        certificate_no=certificate_no, left_on__isnull=True
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    if holders.exists():
        raise ValidationError(f"监督员证编号{certificate_no}已被其他监督员使用。")
    if (
        _age_on(birth_date, appointed_on) > rules.SUPERVISOR_MAX_AGE
        and not age_exception.strip()
    ):
        raise ValidationError(
            "受聘时年龄一般不超过60周岁（执法监督员工作规则 第三条）；如确需聘任，请填写超龄聘任说明。"
        )


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
    conditions: Sequence[str] = (),
) -> Supervisor:
    """Appoint a supervisor. An enforcement supervisor needs every condition of
    第三条 ticked (`conditions`, `conditions_check` — the same check as vetting a
    nominee), the birth date (over 60 at appointment only with a stated
    exception, 第三条（六） "一般") and the number of the certificate they will
    show (第九条)."""
    _require(by, MANAGE)
    if group not in Supervisor.Group.values:
        raise ValidationError("请选择监督员类别。")
    if source not in Supervisor.Source.values:
        raise ValidationError("请选择推荐来源。")
    certificate_no = certificate_no.strip()
    ticked = conditions_check(group, conditions)
    _check_enforcement_record(
        group=group,
        birth_date=birth_date,
        certificate_no=certificate_no,
        appointed_on=appointed_on,
        age_exception=age_exception,
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
        conditions=ticked,
        created_by=by,
    )
    records.append(
        action="engagement.supervisor.appoint",
        target=supervisor,
        actor=by,
        after={
            "group": group,
            "term_end": supervisor.term_end.isoformat(),
            "conditions": ticked,
        },
    )
    return supervisor


# The fields the register's edit page may change. Group, appointment date and
# term are not edited here (renewal and dismissal have their own steps).
EDITABLE_FIELDS = (
    "name",
    "organisation",
    "birth_date",
    "certificate_no",
    "age_exception",
)
# Fields the A108 rules require for an enforcement supervisor; the record says
# when one was filled in for the first time (a register entry completed).
_REQUIRED_FIELDS = frozenset({"birth_date", "certificate_no"})


@transaction.atomic
def supervisor_update(
    *,
    by: User,
    supervisor: Supervisor,
    name: str,
    organisation: str = "",
    birth_date: date | None = None,
    certificate_no: str = "",
    age_exception: str = "",
    reason: str = "",
) -> Supervisor:
    """Complete or correct a supervisor's register entry (A108): e.g. the birth
    date and certificate number of a supervisor appointed before they were
    required. The same checks as appointment apply to an enforcement supervisor
    (birth date, a certificate number no other serving supervisor holds, the age
    at appointment). The record entry names the fields changed (and which were
    filled in for the first time) and the reason — never the values, which are
    personal data (STYLE §4)."""
    _require(by, MANAGE)
    supervisor = Supervisor.objects.select_for_update().get(pk=supervisor.pk)
    if supervisor.left_on is not None:
        raise ValidationError("已解聘的监督员不能修改登记信息。")
    certificate_no = certificate_no.strip()
    age_exception = age_exception.strip()
    _check_enforcement_record(
        group=supervisor.group,
        birth_date=birth_date,
        certificate_no=certificate_no,
        appointed_on=supervisor.appointed_on,
        age_exception=age_exception,
        exclude_pk=supervisor.pk,
    )
    values: dict[str, object] = {
        "name": _text(name, "姓名"),
        "organisation": organisation.strip(),
        "birth_date": birth_date,
        "certificate_no": certificate_no,
        "age_exception": age_exception,
    }
    changed = [f for f in EDITABLE_FIELDS if getattr(supervisor, f) != values[f]]
    if not changed:
        raise ValidationError("登记信息没有变化。")
    completed = [
        f for f in _REQUIRED_FIELDS if f in changed and not getattr(supervisor, f)
    ]
    for field in changed:
        setattr(supervisor, field, values[field])
    supervisor.save(update_fields=changed)
    records.append(
        action="engagement.supervisor.update",
        target=supervisor,
        actor=by,
        after={"fields": changed, "completed": sorted(completed)},
        data={"reason": reason.strip()} if reason.strip() else None,
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
    certificate_shown: str = "",
) -> Participation:
    """One participation (第六条（三）) entered on the supervisors' pages, by a
    holder of `engagement.manage_supervisor`. For supervision work an enforcement
    supervisor's certificate number shown is recorded (第九条) and the row is
    refused without it; meetings and training are recorded with
    `supervisor_meeting_record`. Another module's own record (enforcement's
    case-file review) goes through `participation_record_from_module`."""
    _require(by, MANAGE)
    return _participation_create(
        by=by,
        supervisor=supervisor,
        kind=kind,
        held_on=held_on,
        note=note,
        certificate_shown=certificate_shown,
    )


# Kinds another module may record from its own records (not meetings/training).
MODULE_PARTICIPATION_KINDS = frozenset(
    {
        Participation.Kind.INSPECTION,
        Participation.Kind.FILE_REVIEW,
        Participation.Kind.CASE_AUDIT,
    }
)


@transaction.atomic
def participation_record_from_module(
    *,
    by: User,
    supervisor: Supervisor,
    kind: str,
    held_on: date,
    source: str,
    note: str = "",
    certificate_shown: str = "",
) -> Participation:
    """Internal entry point for another module's record a supervisor took part
    in — enforcement's case-file review (`file_review.review_record`), recorded
    by a legal reviewer or bureau leader who does not manage the register. The
    calling module has already checked who may write its own record, so
    `engagement.manage_supervisor` is not asked; everything else is as on the
    page: the kind, the date, the term, the certificate number shown (第九条),
    and the record entry (with `source`, e.g. ``enforcement.filereview:12``).
    Not wired to any view."""
    if kind not in MODULE_PARTICIPATION_KINDS:
        raise ValidationError("该活动类型不能由其他模块登记。")
    if not source.strip():
        raise ValidationError("请注明参与记录的来源。")
    return _participation_create(
        by=by,
        supervisor=supervisor,
        kind=kind,
        held_on=held_on,
        note=note,
        certificate_shown=certificate_shown,
        source=source.strip(),
    )


def _participation_create(
    *,
    by: User,
    supervisor: Supervisor,
    kind: str,
    held_on: date,
    note: str,
    certificate_shown: str,
    source: str = "",
) -> Participation:
    if kind not in Participation.Kind.values:
        raise ValidationError("请选择活动类型。")
    if kind in (Participation.Kind.MEETING, Participation.Kind.TRAINING):
        raise ValidationError(
            "工作会议和业务培训请在“监督员工作会议和培训”中登记（含参加人员）。"
        )
    _not_future(held_on, "活动日期")
    if not supervisor.active_on(held_on):
        raise ValidationError("该日期不在此监督员的聘期内。")
    shown = check_certificate(supervisor, certificate_shown)
    participation = Participation.objects.create(
        supervisor=supervisor,
        kind=kind,
        held_on=held_on,
        note=note.strip(),
        certificate_shown=shown,
        created_by=by,
    )
    after: dict[str, object] = {"participation": participation.pk, "kind": kind}
    if source:
        after["source"] = source
    records.append(
        action="engagement.participation.record",
        target=supervisor,
        actor=by,
        after=after,
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
