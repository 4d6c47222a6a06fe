"""Acceptance, dispatch, handling, reply, extension and satisfaction.

Every status change goes through `casework.services.case_transition` with
`processes.COMPLAINT` (role and scope check, conditional update, clocks, work
items, record entry); the dispatches, which are not cases, are changed here with
their own record entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.roles import HEAD_ROLES
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core import records
from ecobureau.lib.dates import local_date

from ..models import Complaint, Dispatch
from ..processes import (
    COMPLAINT,
    DISPATCH_RESPONDERS,
    EXTENSION_MAX_DAYS,
    HANDLING_BASIS,
    HANDLING_DAYS,
)
from . import documents
from .intake import index_keys
from .notify import tell_complainant

HANDLING_STEP = "handling"
DISPATCH_KIND = "complaints.dispatch"


def handling_clock(complaint: Complaint) -> Clock | None:
    # Not through `clocks_for`: its prefetched extensions would be stale inside
    # `clock_extend`, which recomputes from them after adding one.
    return (
        Clock.objects.filter(
            target_type=complaint._meta.label_lower,
            target_id=complaint.pk,
            step=HANDLING_STEP,
        )
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def complaint_accept(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """受理: the acceptance clock stops, the 60-day handling clock starts (rules.md
    J2), and a real-name complainant is told."""
    now = timezone.now()
    casework.case_transition(
        process=COMPLAINT,
        case=complaint,
        transition="accept",
        by=by,
        changes={"accepted_at": now},
        note=note,
    )
    clock = casework.clock_start(
        target=complaint,
        step=HANDLING_STEP,
        label="办结期限",
        amount=HANDLING_DAYS,
        unit=Clock.Unit.DAYS,
        basis=HANDLING_BASIS,
        by=by,
        started_at=now,
        responsible_unit=complaint.unit,
        district=complaint.district,
        township=complaint.township,
    )
    Complaint.objects.filter(pk=complaint.pk).update(handling_due_at=clock.due_at)
    complaint.handling_due_at = clock.due_at
    tell_complainant(
        complaint=complaint,
        title=(
            f"您的投诉（查询码{complaint.tracking_code}）已受理，"
            f"将于{timezone.localtime(clock.due_at):%Y年%m月%d日}前办结答复。"
        ),
        step="accepted",
    )
    return complaint


@transaction.atomic
def complaint_reject(
    *,
    complaint: Complaint,
    by: User,
    reason: str,
    redirect_to: str = "",
) -> Complaint:
    """不予受理, naming the proper route (seed 000 12369 常见问题1, 3–4; rules.md J5).
    A real-name complainant is told why, in writing (全过程记录 第九条, A32)."""
    reason, redirect_to = reason.strip(), redirect_to.strip()
    if not reason:
        raise ValidationError("请说明不予受理的理由。")
    casework.case_transition(
        process=COMPLAINT,
        case=complaint,
        transition="reject",
        by=by,
        changes={"not_accepted_reason": reason, "redirect_to": redirect_to},
    )
    if complaint.real_name:
        documents.issue_not_accepted_notice(complaint=complaint, by=by)
    route = f"，请向{redirect_to}反映" if redirect_to else ""
    tell_complainant(
        complaint=complaint,
        title=f"您的投诉（查询码{complaint.tracking_code}）不予受理：{reason}{route}。",
        step="not_accepted",
    )
    return complaint


@transaction.atomic
def complaint_unmerge(*, complaint: Complaint, by: User, note: str) -> Complaint:
    """撤销并案: a complaint merged automatically is not a duplicate after all."""
    if not note.strip():
        raise ValidationError("请说明撤销并案的理由。")
    original = complaint.duplicate_of_id
    casework.case_transition(
        process=COMPLAINT,
        case=complaint,
        transition="unmerge",
        by=by,
        changes={"duplicate_of": None, "repeat_visit": False},
        note=note.strip(),
    )
    records.append(
        action="complaints.complaint.unmerge",
        target=complaint,
        actor=by,
        data={"original": original},
    )
    index_keys(complaint)
    return complaint


@dataclass(frozen=True)
class DispatchOrder:
    unit: Unit
    kind: str
    days: int
    instructions: str = ""
    grid_cell: str = ""
    lead: bool = False


@transaction.atomic
def complaint_dispatch(
    *, complaint: Complaint, orders: list[DispatchOrder], by: User
) -> list[Dispatch]:
    """派单: hand the complaint to one or more units, each with its own feedback
    deadline inside the handling limit. The lead unit becomes the complaint's unit
    (rankings count it). A complaint already in handling may be sent to further
    units without a change of status."""
    if not orders:
        raise ValidationError("请至少选择一个承办单位。")
    leads = [order for order in orders if order.lead]
    if complaint.status == Complaint.Status.ACCEPTED and len(leads) != 1:
        raise ValidationError("请指定一个主办单位。")
    if complaint.status not in (Complaint.Status.ACCEPTED, Complaint.Status.DISPATCHED):
        raise ValidationError(
            f"当前状态为“{complaint.get_status_display()}”，不能派单。"
        )
    clock = handling_clock(complaint)
    for order in orders:
        if order.kind not in Dispatch.Kind.values:
            raise ValidationError("承办类型不正确。")
        if order.days < 1:
            raise ValidationError("反馈时限至少为1日。")
        if clock is not None and clock.is_open:
            start = local_date(timezone.now())
            remaining = (local_date(clock.due_at) - start).days
            if order.days > max(1, remaining):
                raise ValidationError(
                    f"{order.unit.name}的反馈时限（{order.days}日）超过了本件办结期限，"
                    f"最多{max(1, remaining)}日。"
                )
    if complaint.status == Complaint.Status.ACCEPTED:
        lead = leads[0]
        casework.case_transition(
            process=COMPLAINT,
            case=complaint,
            transition="dispatch",
            by=by,
            unit=lead.unit,
        )
        if clock is not None:
            Clock.objects.filter(pk=clock.pk).update(responsible_unit=lead.unit)
    else:
        casework.check_may_act(
            process=COMPLAINT,
            transition=COMPLAINT.transition("dispatch"),
            case=complaint,
            by=by,
        )
    return [_dispatch_one(complaint=complaint, order=order, by=by) for order in orders]


def _dispatch_one(*, complaint: Complaint, order: DispatchOrder, by: User) -> Dispatch:
    now = timezone.now()
    dispatch = Dispatch(
        complaint=complaint,
        kind=order.kind,
        unit=order.unit,
        grid_cell=order.grid_cell.strip(),
        lead=order.lead,
        instructions=order.instructions.strip(),
        days=order.days,
        due_at=now,
        dispatched_by=by,
        district=complaint.district,
        township=complaint.township,
    )
    dispatch.save()
    clock = casework.clock_start(
        target=dispatch,
        step="feedback",
        label="交办反馈期限",
        amount=order.days,
        unit=Clock.Unit.DAYS,
        basis="派单时确定的反馈时限（在60日办结期限内）",
        by=by,
        started_at=now,
        responsible_unit=order.unit,
        district=complaint.district,
        township=complaint.township,
    )
    Dispatch.objects.filter(pk=dispatch.pk).update(due_at=clock.due_at)
    dispatch.due_at = clock.due_at
    casework.workitem_open(
        kind=DISPATCH_KIND,
        target=dispatch,
        title=f"交办投诉待反馈：{complaint}",
        step="feedback",
        step_label="办理反馈",
        unit=order.unit,
        district=complaint.district,
        township=complaint.township,
        clock=clock,
    )
    records.append(
        action="complaints.dispatch.create",
        target=complaint,
        actor=by,
        data={
            "dispatch": dispatch.pk,
            "unit": order.unit.pk,
            "kind": order.kind,
            "days": order.days,
            "lead": order.lead,
        },
    )
    return dispatch


def may_answer(user: User, dispatch: Dispatch) -> bool:
    if user.is_superuser:
        return True
    if user.unit_id != dispatch.unit_id:
        return False
    held = set(user.roles.values_list("code", flat=True))
    return bool(held & set(DISPATCH_RESPONDERS))


@transaction.atomic
def dispatch_feedback(
    *, dispatch: Dispatch, feedback: str, finding: str, by: User
) -> Dispatch:
    """The dispatched unit reports what it found and did (办理反馈)."""
    if not may_answer(by, dispatch):
        raise PermissionDenied("只有承办单位的人员可以反馈。")
    if not feedback.strip():
        raise ValidationError("请填写办理反馈。")
    if finding and finding not in Complaint.Finding.values:
        raise ValidationError("核查结论不正确。")
    now = timezone.now()
    moved = Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.OPEN).update(
        status=Dispatch.Status.ANSWERED,
        feedback=feedback.strip(),
        finding=finding,
        fed_back_at=now,
        fed_back_by=by,
        updated_at=now,
    )
    if not moved:
        raise ValidationError("该交办已反馈或已撤回，请刷新页面。")
    dispatch.refresh_from_db()
    for clock in casework.clocks_for(dispatch).filter(state__in=Clock.OPEN_STATES):
        casework.clock_stop(clock=clock, by=by, at=now)
    casework.workitem_close(target=dispatch)
    records.append(
        action="complaints.dispatch.feedback",
        target=dispatch.complaint,
        actor=by,
        before=Dispatch.Status.OPEN,
        after=Dispatch.Status.ANSWERED,
        data={"dispatch": dispatch.pk, "finding": finding},
    )
    return dispatch


@transaction.atomic
def dispatch_return(*, dispatch: Dispatch, reason: str, by: User) -> Dispatch:
    """退回: the unit says the matter is not theirs (rules.md J3: object within 5
    working days); the dispatcher sends it elsewhere."""
    if not may_answer(by, dispatch):
        raise PermissionDenied("只有承办单位的人员可以退回。")
    if not reason.strip():
        raise ValidationError("请说明退回理由。")
    now = timezone.now()
    moved = Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.OPEN).update(
        status=Dispatch.Status.RETURNED,
        feedback=reason.strip(),
        fed_back_at=now,
        fed_back_by=by,
        updated_at=now,
    )
    if not moved:
        raise ValidationError("该交办已反馈或已撤回，请刷新页面。")
    for clock in casework.clocks_for(dispatch).filter(state__in=Clock.OPEN_STATES):
        casework.clock_cancel(clock=clock, by=by, reason="承办单位退回")
    casework.workitem_close(target=dispatch, cancelled=True)
    records.append(
        action="complaints.dispatch.return",
        target=dispatch.complaint,
        actor=by,
        before=Dispatch.Status.OPEN,
        after=Dispatch.Status.RETURNED,
        data={"dispatch": dispatch.pk},
    )
    dispatch.refresh_from_db()
    return dispatch


@transaction.atomic
def complaint_handle(
    *,
    complaint: Complaint,
    by: User,
    survey: str,
    finding: str,
    measures: str,
    enforcement_case_id: int | None = None,
) -> Complaint:
    """办理完毕: the handling record (现场调查, 属实/部分属实/不属实, 处理措施) once
    every dispatch has answered."""
    waiting = complaint.dispatches.filter(status=Dispatch.Status.OPEN).count()
    if waiting:
        raise ValidationError(f"还有{waiting}个承办单位未反馈，不能办结办理。")
    if finding and finding not in Complaint.Finding.values:
        raise ValidationError("核查结论不正确。")
    casework.case_transition(
        process=COMPLAINT,
        case=complaint,
        transition="handle",
        by=by,
        changes={
            "survey": survey.strip(),
            "finding": finding,
            "measures": measures.strip(),
            "enforcement_case_id": enforcement_case_id,
            "handled_at": timezone.now(),
        },
    )
    return complaint


@transaction.atomic
def complaint_redo(*, complaint: Complaint, by: User, note: str) -> Complaint:
    if not note.strip():
        raise ValidationError("请说明退回重办的理由。")
    casework.case_transition(
        process=COMPLAINT, case=complaint, transition="redo", by=by, note=note.strip()
    )
    return complaint


@transaction.atomic
def complaint_link_case(
    *, complaint: Complaint, enforcement_case_id: int | None, by: User
) -> Complaint:
    """Link the enforcement case opened on this complaint (a reference only)."""
    casework.check_may_act(
        process=COMPLAINT,
        transition=COMPLAINT.transition("handle"),
        case=complaint,
        by=by,
    )
    before = complaint.enforcement_case_id
    Complaint.objects.filter(pk=complaint.pk).update(
        enforcement_case_id=enforcement_case_id, updated_at=timezone.now()
    )
    complaint.enforcement_case_id = enforcement_case_id
    records.append(
        action="complaints.complaint.link_case",
        target=complaint,
        actor=by,
        before=before,
        after=enforcement_case_id,
    )
    return complaint


@transaction.atomic
def complaint_reply(
    *,
    complaint: Complaint,
    by: User,
    reply_text: str,
    reply_method: str,
    no_enforcement_reason: str = "",
) -> Complaint:
    """答复并办结: the reply to the complainant (电话反馈; a written reply, 纸质答复
    意见书, when they asked for one), the handling clock stops (met or missed).

    A real-name complaint closed without an enforcement case needs the reason and
    the rule for not starting an enforcement procedure; it is stored, told to the
    complainant and printed on a written reply (全过程记录实施办法 第九条, A32)."""
    if reply_method not in Complaint.ReplyMethod.values:
        raise ValidationError("请选择答复方式。")
    no_enforcement_reason = no_enforcement_reason.strip()
    if complaint.enforcement_case_id is not None:
        no_enforcement_reason = ""
    elif complaint.real_name and not no_enforcement_reason:
        raise ValidationError(
            "实名投诉经审查不启动行政执法程序的，须写明不启动的理由和依据"
            "（全过程记录实施办法第九条），并告知诉求人。"
        )
    if complaint.wants_written_reply and reply_method != Complaint.ReplyMethod.WRITTEN:
        raise ValidationError("诉求人要求书面答复，请选择“书面答复”并出具答复意见书。")
    now = timezone.now()
    casework.case_transition(
        process=COMPLAINT,
        case=complaint,
        transition="reply",
        by=by,
        changes={
            "reply_text": reply_text.strip(),
            "reply_method": reply_method,
            "closed_at": now,
            "no_enforcement_reason": no_enforcement_reason,
        },
    )
    clock = handling_clock(complaint)
    if clock is not None:
        casework.clock_stop(clock=clock, by=by, at=now)
    if reply_method == Complaint.ReplyMethod.WRITTEN:
        documents.issue_reply(complaint=complaint, by=by)
    told = reply_text.strip()[:120]
    if no_enforcement_reason:
        told += f"。经审查不启动行政执法程序，理由和依据：{no_enforcement_reason[:120]}"
    tell_complainant(
        complaint=complaint,
        title=(
            f"您的投诉（查询码{complaint.tracking_code}）已办结：{told}"
            "。请凭查询码评价办理结果。"
        ),
        step="closed",
    )
    return complaint


def may_extend(user: User, complaint: Complaint) -> bool:
    """The head of the handling unit, or a bureau leader (rules.md J2 "经本机关负责人
    批准")."""
    held = set(user.roles.values_list("code", flat=True))
    if user.is_superuser or "bureau_leader" in held:
        return True
    return bool(held & HEAD_ROLES) and user.unit_id == complaint.unit_id


@transaction.atomic
def complaint_extend(
    *, complaint: Complaint, days: int, reason: str, by: User
) -> Complaint:
    """One extension of the handling limit, at most 30 days, approved by a head,
    the reason recorded and told to the complainant (rules.md J2)."""
    if not may_extend(by, complaint):
        raise PermissionDenied("延长办理期限须经承办单位负责人或局领导批准。")
    if not 1 <= days <= EXTENSION_MAX_DAYS:
        raise ValidationError(f"延长期限为1至{EXTENSION_MAX_DAYS}日。")
    clock = handling_clock(complaint)
    if clock is None or not clock.is_open:
        raise ValidationError("本件没有正在计时的办结期限。")
    if clock.extensions.exists():
        raise ValidationError("办结期限只能延长一次。")
    casework.clock_extend(clock=clock, amount=days, reason=reason, approved_by=by)
    Complaint.objects.filter(pk=complaint.pk).update(handling_due_at=clock.due_at)
    complaint.handling_due_at = clock.due_at
    tell_complainant(
        complaint=complaint,
        title=(
            f"您的投诉（查询码{complaint.tracking_code}）办理期限延长{days}日，"
            f"至{timezone.localtime(clock.due_at):%Y年%m月%d日}。理由：{reason.strip()}"
        ),
        step="extended",
    )
    return complaint


@transaction.atomic
def complaint_rate(
    *, complaint: Complaint, satisfaction: str, note: str = "", by: User | None
) -> Complaint:
    """The complainant's satisfaction with the result: given on the tracking page,
    or recorded by staff from a call. Once given, it is not changed (a revisit
    records its own)."""
    if satisfaction not in Complaint.Satisfaction.values:
        raise ValidationError("请选择满意度。")
    if (
        by is not None
        and by.is_staff_member
        and not by.has_perm("complaints.handle_complaint")
    ):
        raise PermissionDenied("您没有登记满意度的权限。")
    now = timezone.now()
    moved = Complaint.objects.filter(
        pk=complaint.pk, status=Complaint.Status.CLOSED, satisfaction=""
    ).update(
        satisfaction=satisfaction,
        satisfaction_at=now,
        satisfaction_note=note.strip()[:300],
        updated_at=now,
    )
    if not moved:
        raise ValidationError("只能对已办结且尚未评价的投诉评价满意度。")
    complaint.satisfaction, complaint.satisfaction_at = satisfaction, now
    records.append(
        action="complaints.complaint.rate",
        target=complaint,
        actor=by,
        after=satisfaction,
    )
    return complaint
