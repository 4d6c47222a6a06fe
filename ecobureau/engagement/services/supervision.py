"""Writes for supervisors at work (鞍山市生态环境执法监督员工作规则, seed 000): their
reports and the answers by a working-day clock (A95), the matters they supervise
with logged read access and recusal (A108, A111), nominations (A109)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core import records
from ecobureau.notifications import services as notifications

from .. import rules
from ..models import (
    NominationRequest,
    Nominee,
    SupervisionMatter,
    Supervisor,
    SupervisorAccess,
    SupervisorReport,
    SupervisorReportUpdate,
)
from ._common import _not_future, _require, _text, _today

MANAGE = "engagement.manage_supervisor"
HANDLE_REPORT = "engagement.handle_supervisor_report"
HANDLE_BUREAU_REPORT = "engagement.handle_bureau_supervisor_report"
TEAM_ROLES = ("enforcement_head", "enforcement_officer")


def in_enforcement_team(user: User) -> bool:
    """Whether `user` belongs to the enforcement team (its unit, or a team role)."""
    if user.unit is not None and user.unit.kind == Unit.Kind.TEAM:
        return True
    return user.roles.filter(code__in=TEAM_ROLES).exists()


def may_handle_report(user: User, addressee: str) -> bool:
    """第十条: a report to the team is handled by the team head or the bureau's
    leaders; a report made directly to the bureau only by the bureau's leaders
    (or the office they designate: HANDLE_BUREAU_REPORT), never by anyone of the
    enforcement team it may be about."""
    if not user.is_authenticated or not user.is_staff_member:
        return False
    if addressee == SupervisorReport.Addressee.BUREAU:
        return user.has_perm(HANDLE_BUREAU_REPORT) and not in_enforcement_team(user)
    return user.has_perm(HANDLE_REPORT)


def _require_handler(user: User, addressee: str) -> None:
    if not may_handle_report(user, addressee):
        if addressee == SupervisorReport.Addressee.BUREAU:
            raise PermissionDenied(
                "直接向市生态环境局反映的事项由局领导办理，执法队人员不能经办"
                "（执法监督员工作规则 第十条）。"
            )
        raise PermissionDenied("您没有该操作的权限。")


def supervisor_for_account(user: User) -> Supervisor | None:
    """The supervisor a log-in belongs to, while appointed and not dismissed."""
    if not user.is_authenticated:
        return None
    supervisor = Supervisor.objects.filter(user=user).first()
    if supervisor is None or not supervisor.active_on(_today()):
        return None
    return supervisor


def _tell_supervisor(report: SupervisorReport, title: str, body: str) -> None:
    """第十一条 "向市生态环境执法监督员反馈工作进展情况和办理结果": in the inbox
    when the supervisor has a log-in (otherwise the team tells them in person and
    the update stays on the record)."""
    user = report.supervisor.user
    if user is None or not user.is_active:
        return
    notifications.send(
        recipients=[user],
        title=title,
        body=body,
        url="/engagement/supervision/",
        dedupe_key=f"engagement.supervisorreport:{report.pk}:{report.updates.count()}",
    )


# --- Reports (A95) ------------------------------------------------------------------


@transaction.atomic
def supervisor_report_register(
    *,
    by: User,
    supervisor: Supervisor,
    kind: str,
    addressee: str,
    content: str,
) -> SupervisorReport:
    """Register a report: by the supervisor through their own log-in, or by the
    team or the bureau on their behalf (第十条: to the team or directly to the
    bureau). The answer clock starts (working days, 示例配置)."""
    if addressee not in SupervisorReport.Addressee.values:
        raise ValidationError("请选择反映对象。")
    own = supervisor_for_account(by)
    if own is None or own.pk != supervisor.pk:
        _require(by, HANDLE_REPORT)
        if addressee == SupervisorReport.Addressee.BUREAU and not may_handle_report(
            by, addressee
        ):
            # Registered for the supervisor only by those who will handle it.
            raise ValidationError(
                "直接向市生态环境局反映的事项由局领导登记办理，执法队不能代为登记"
                "（执法监督员工作规则 第十条）。"
            )
    if not supervisor.active_on(_today()):
        raise ValidationError("该监督员不在聘期内。")
    if kind not in SupervisorReport.Kind.values:
        raise ValidationError("请选择反映类型。")
    now = timezone.now()
    report = SupervisorReport.objects.create(
        supervisor=supervisor,
        kind=kind,
        addressee=addressee,
        content=_text(content, "反映内容"),
        received_at=now,
        registered_by=by,
    )
    days = rules.supervisor_report_workdays()
    casework.clock_start(
        target=report,
        step="reply",
        label="监督员反映事项办理反馈时限",
        amount=days,
        unit=Clock.Unit.WORKDAYS,
        basis=rules.SUPERVISOR_REPORT_BASIS.format(days=days),
        started_at=now,
        by=by,
    )
    records.append(
        action="engagement.supervisorreport.register",
        target=report,
        actor=by,
        after={"supervisor": supervisor.pk, "kind": kind, "addressee": addressee},
    )
    return report


@transaction.atomic
def supervisor_report_progress(
    *, by: User, report: SupervisorReport, note: str
) -> SupervisorReportUpdate:
    """Tell the supervisor how the investigation is going (第十一条)."""
    report = SupervisorReport.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report.addressee)
    if report.status == SupervisorReport.Status.ANSWERED:
        raise ValidationError("该事项已反馈办理结果。")
    update = SupervisorReportUpdate.objects.create(
        report=report, note=_text(note, "进展情况"), at=timezone.now(), by=by
    )
    before = report.status
    report.status = SupervisorReport.Status.INVESTIGATING
    report.handler = by
    report.save(update_fields=["status", "handler"])
    records.append(
        action="engagement.supervisorreport.progress",
        target=report,
        actor=by,
        before=before,
        after={"update": update.pk},
    )
    _tell_supervisor(report, "您反映的事项有新进展", update.note)
    return update


@transaction.atomic
def supervisor_report_answer(
    *, by: User, report: SupervisorReport, result: str
) -> SupervisorReport:
    """The result, told to the supervisor; the clock stops (met or missed)."""
    report = SupervisorReport.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report.addressee)
    if report.status == SupervisorReport.Status.ANSWERED:
        raise ValidationError("该事项已反馈办理结果。")
    now = timezone.now()
    before = report.status
    report.result = _text(result, "办理结果")
    report.status = SupervisorReport.Status.ANSWERED
    report.answered_at = now
    report.handler = by
    report.save(update_fields=["result", "status", "answered_at", "handler"])
    SupervisorReportUpdate.objects.create(
        report=report, note=report.result, final=True, at=now, by=by
    )
    for clock in casework.clocks_for(report).filter(
        step="reply", state__in=Clock.OPEN_STATES
    ):
        casework.clock_stop(clock=clock, by=by, at=now)
    records.append(
        action="engagement.supervisorreport.answer",
        target=report,
        actor=by,
        before=before,
        after=SupervisorReport.Status.ANSWERED,
    )
    _tell_supervisor(report, "您反映的事项已办结", report.result)
    return report


# --- Matters, logged access, recusal (A108, A111) -----------------------------------


@transaction.atomic
def supervisor_link_account(
    *, by: User, supervisor: Supervisor, user: User
) -> Supervisor:
    """Give a supervisor their log-in (an external account holding the role
    执法监督员)."""
    _require(by, MANAGE)
    if not user.roles.filter(code="enforcement_supervisor").exists():
        raise ValidationError("该账户不是执法监督员账户（角色：执法监督员）。")
    if Supervisor.objects.filter(user=user).exclude(pk=supervisor.pk).exists():
        raise ValidationError("该账户已关联其他监督员。")
    supervisor.user = user
    supervisor.save(update_fields=["user"])
    records.append(
        action="engagement.supervisor.account",
        target=supervisor,
        actor=by,
        after=user.pk,
    )
    return supervisor


@transaction.atomic
def matter_grant(
    *, by: User, supervisor: Supervisor, case_id: int, purpose: str
) -> SupervisionMatter:
    """Ask a supervisor to supervise an enforcement case; while the matter is open
    the supervisor may read and copy its facts (第七条（四））, each time logged."""
    from .. import selectors

    _require(by, MANAGE)
    if not supervisor.active_on(_today()):
        raise ValidationError("该监督员不在聘期内。")
    case = selectors.enforcement_case_summary(case_id)
    if case is None:
        raise ValidationError(f"编号{case_id}的执法案件不存在。")
    try:
        with transaction.atomic():
            matter = SupervisionMatter.objects.create(
                supervisor=supervisor,
                case_id=case.case_id,
                case_label=case.label,
                enterprise_id=case.enterprise_id,
                purpose=_text(purpose, "监督事项"),
                granted_on=_today(),
                granted_by=by,
            )
    except IntegrityError as error:
        raise ValidationError("该监督员已在监督此案件。") from error
    records.append(
        action="engagement.matter.grant",
        target=matter,
        actor=by,
        after={"supervisor": supervisor.pk, "case": case_id},
    )
    return matter


@transaction.atomic
def matter_close(*, by: User, matter: SupervisionMatter) -> SupervisionMatter:
    _require(by, MANAGE)
    if matter.closed_on is not None:
        raise ValidationError("该监督事项已结束。")
    matter.closed_on = _today()
    matter.save(update_fields=["closed_on"])
    records.append(action="engagement.matter.close", target=matter, actor=by)
    return matter


@transaction.atomic
def matter_recuse(
    *, by: User, matter: SupervisionMatter, reason: str
) -> SupervisionMatter:
    """The supervisor withdraws from a matter in which they have an interest
    (第八条（三） "应当主动申请回避"); their access ends at once. The supervisor
    applies through their log-in, or the team records it."""
    own = supervisor_for_account(by)
    if own is None or own.pk != matter.supervisor_id:
        _require(by, MANAGE)
    matter = SupervisionMatter.objects.select_for_update().get(pk=matter.pk)
    if matter.recused:
        raise ValidationError("已申请回避。")
    matter.recused = True
    matter.recusal_reason = _text(reason, "回避原因")
    matter.recused_at = timezone.now()
    matter.save(update_fields=["recused", "recusal_reason", "recused_at"])
    records.append(
        action="engagement.matter.recuse",
        target=matter,
        actor=by,
        after={"basis": rules.SUPERVISOR_RECUSAL_BASIS},
    )
    return matter


def matter_access(
    *, by: User, matter: SupervisionMatter, action: str, certificate_no: str = ""
) -> SupervisorAccess:
    """Log one view or copy (A111) with the certificate number shown (第九条).
    Refused unless `by` is the matter's own supervisor, in term, and the matter is
    open and not recused; an enforcement supervisor's number must be given and
    match the register (ValidationError otherwise, nothing logged)."""
    from .supervisors import check_certificate

    matter = SupervisionMatter.objects.get(
        pk=matter.pk
    )  # the current state, not a caller's copy
    own = supervisor_for_account(by)
    if own is None or own.pk != matter.supervisor_id:
        raise PermissionDenied("您不是该事项的监督员。")
    if not matter.open:
        raise PermissionDenied("该监督事项已结束或您已回避。")
    if action not in SupervisorAccess.Action.values:
        raise ValidationError("未知的操作。")
    shown = check_certificate(own, certificate_no)
    return SupervisorAccess.objects.create(
        matter=matter,
        user=by,
        action=action,
        certificate_shown=shown,
        at=timezone.now(),
    )


# --- Nominations (A109) -------------------------------------------------------------


@transaction.atomic
def nomination_request(
    *,
    by: User,
    body: str,
    body_name: str,
    group: str,
    quota: int,
    requested_on: date,
    note: str = "",
) -> NominationRequest:
    """The team sets the number and asks a body for nominations (第四条（一））."""
    _require(by, MANAGE)
    if body not in NominationRequest.Body.values:
        raise ValidationError("请选择推荐单位类别。")
    if group not in Supervisor.Group.values:
        raise ValidationError("请选择监督员类别。")
    if quota < 1:
        raise ValidationError("名额至少为1名。")
    _not_future(requested_on, "发函日期")
    request = NominationRequest.objects.create(
        body=body,
        body_name=_text(body_name, "推荐单位"),
        group=group,
        quota=quota,
        requested_on=requested_on,
        note=note.strip(),
        created_by=by,
    )
    records.append(
        action="engagement.nomination.request",
        target=request,
        actor=by,
        after={"body": body, "quota": quota},
    )
    return request


@transaction.atomic
def nominee_add(
    *,
    by: User,
    request: NominationRequest,
    name: str,
    organisation: str = "",
    birth_date: date | None = None,
) -> Nominee:
    """Record a person the body nominated (第四条（二）); no more than the quota."""
    _require(by, MANAGE)
    request = NominationRequest.objects.select_for_update().get(pk=request.pk)
    if request.nominees.count() >= request.quota:
        raise ValidationError(f"推荐人选已达名额（{request.quota}名）。")
    if request.group == Supervisor.Group.ENFORCEMENT and birth_date is None:
        raise ValidationError(
            "请填写出生日期（执法监督员工作规则 第三条（六）：受聘时年龄一般不超过60周岁）。"
        )
    nominee = Nominee.objects.create(
        request=request,
        name=_text(name, "姓名"),
        organisation=organisation.strip(),
        birth_date=birth_date,
    )
    records.append(
        action="engagement.nomination.nominee",
        target=request,
        actor=by,
        after={"nominee": nominee.pk},
    )
    return nominee


_BODY_SOURCE = {
    NominationRequest.Body.NPC: Supervisor.Source.NPC,
    NominationRequest.Body.CPPCC: Supervisor.Source.CPPCC,
    NominationRequest.Body.DISTRICT: Supervisor.Source.DISTRICT,
    NominationRequest.Body.ENTERPRISE: Supervisor.Source.ENTERPRISE,
}


@transaction.atomic
def nominee_vet(
    *,
    by: User,
    nominee: Nominee,
    approve: bool,
    note: str,
    appointed_on: date | None = None,
    certificate_no: str = "",
    age_exception: str = "",
    conditions: list[str] | tuple[str, ...] = (),
) -> Nominee:
    """The team checks the nominee against 第三条 and appoints (第四条（三））, or
    rejects with the reason. Each condition of 第三条 is ticked (`conditions`,
    codes of rules.SUPERVISOR_CONDITIONS) or the appointment is refused
    (`supervisor_appoint` runs `supervisors.conditions_check`, the same check
    as a direct appointment on the register page);
    the ticks are kept on the nominee either way. Appointment goes through
    `supervisor_appoint` (its age and certificate rules apply)."""
    from .supervisors import conditions_ticked, supervisor_appoint

    _require(by, MANAGE)
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if nominee.status != Nominee.Status.NOMINATED:
        raise ValidationError("该人选已审核。")
    nominee.vetting_note = _text(note, "审核意见")
    ticked = conditions_ticked(conditions)
    nominee.conditions = ticked
    if approve:
        request = nominee.request
        nominee.supervisor = supervisor_appoint(
            by=by,
            group=request.group,
            name=nominee.name,
            source=_BODY_SOURCE[NominationRequest.Body(request.body)],
            appointed_on=appointed_on or _today(),
            organisation=nominee.organisation,
            birth_date=nominee.birth_date,
            certificate_no=certificate_no,
            age_exception=age_exception,
            conditions=ticked,
        )
        nominee.status = Nominee.Status.APPOINTED
    else:
        nominee.status = Nominee.Status.REJECTED
    nominee.save(update_fields=["vetting_note", "status", "supervisor", "conditions"])
    records.append(
        action="engagement.nomination.vet",
        target=nominee.request,
        actor=by,
        after={
            "nominee": nominee.pk,
            "status": nominee.status,
            "conditions": ticked,
        },
    )
    return nominee
