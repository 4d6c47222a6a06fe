"""Internal approvals in order: handler, reviewer, approver (requirements A49).

全过程记录实施办法 第三十八条: "全程记录内部审批流程，明确承办人、审核人、批准人 …
由承办人提出意见和理由，经审核人审核后，由批准人批准". Each step checks the order,
that the three are different people, the role, and that the person may see the
object the approval is about (`casework.registry`); each step appends a record
entry on that object, so its history shows the approval, and moves the work item
to the next person.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.core.models import Division

from .. import registry
from ..models import Approval
from .transitions import STALE_MESSAGE
from .workitems import workitem_close, workitem_open

Status = Approval.Status
KIND = "casework.approval"


@transaction.atomic
def approval_propose(
    *,
    target: models.Model,
    subject: str,
    proposal: str,
    reasons: str,
    by: User,
    reviewer_roles: Iterable[str] = (),
    approver_roles: Iterable[str] = (),
) -> Approval:
    """The handler (`by`) proposes, with reasons, to the reviewers of their unit.

    `subject` names what is approved ("立案审批") and is shown on the workbench:
    never put personal data in it. `reviewer_roles` / `approver_roles` name the
    roles the module requires; by default a head of a unit reviews and approves.
    """
    _check_handler(by)
    _check_sees(by, target._meta.label_lower, target.pk)
    return _propose(
        target=target,
        subject=subject,
        proposal=proposal,
        reasons=reasons,
        by=by,
        reviewer_roles=list(reviewer_roles),
        approver_roles=list(approver_roles),
        previous=None,
    )


@transaction.atomic
def approval_resubmit(
    *, approval: Approval, proposal: str, reasons: str, by: User
) -> Approval:
    """The handler proposes again, revised, after the approver returned it: a new
    approval with the same subject and roles, naming the returned one."""
    if approval.status != Status.RETURNED:
        raise ValidationError("只有已退回的审批可以重新提请。")
    if by.pk != approval.handler_id:
        raise PermissionDenied("只有原承办人可以重新提请。")
    if Approval.objects.filter(previous=approval).exists():
        raise ValidationError("该审批已重新提请。")
    _check_handler(by)
    target = _check_sees(by, approval.target_type, approval.target_id)
    again = _propose(
        target=target,
        subject=approval.subject,
        proposal=proposal,
        reasons=reasons,
        by=by,
        reviewer_roles=approval.reviewer_roles,
        approver_roles=approval.approver_roles,
        previous=approval,
    )
    workitem_close(target=approval)
    return again


@transaction.atomic
def approval_review(*, approval: Approval, opinion: str, by: User) -> Approval:
    """The reviewer gives an opinion; the approval goes to the approvers."""
    if approval.status != Status.PROPOSED:
        raise ValidationError(
            f"当前状态为“{approval.get_status_display()}”，不能审核。"
        )
    if by.pk == approval.handler_id:
        raise PermissionDenied("承办人不能审核本人提请的事项。")
    _check_role(by, approval.review_roles(), "审核")
    target = _check_sees(by, approval.target_type, approval.target_id)
    opinion = _required(opinion, "审核意见")
    now = timezone.now()
    _move(
        approval,
        Status.PROPOSED,
        Status.REVIEWED,
        reviewer=by,
        review_opinion=opinion,
        reviewed_at=now,
    )
    approval.reviewer, approval.review_opinion, approval.reviewed_at = by, opinion, now
    _append(approval, "review", by, Status.PROPOSED, opinion)
    workitem_close(target=approval)
    _open_for_approvers(approval, target)
    return approval


@transaction.atomic
def approval_decide(
    *, approval: Approval, decision: str, opinion: str, by: User
) -> Approval:
    """The approver approves, rejects, or returns the proposal to its handler.

    Rejecting or returning needs reasons. A returned proposal waits on the
    handler's workbench to be revised and proposed again.
    """
    if decision not in Approval.Decision.values:
        raise ValidationError("请选择审批决定：批准、不予批准或退回承办人。")
    if approval.status != Status.REVIEWED:
        raise ValidationError(
            f"当前状态为“{approval.get_status_display()}”，不能作出审批决定。"
        )
    if by.pk == approval.handler_id:
        raise PermissionDenied("承办人不能批准本人提请的事项。")
    if by.pk == approval.reviewer_id:
        raise PermissionDenied("审核人不能再作为批准人，须由另一人批准。")
    _check_role(by, approval.decide_roles(), "批准")
    target = _check_sees(by, approval.target_type, approval.target_id)
    opinion = opinion.strip()
    if decision != Approval.Decision.APPROVE and not opinion:
        raise ValidationError("不予批准或退回承办人，须说明理由。")
    opinion = opinion or "同意。"
    status = {
        Approval.Decision.APPROVE: Status.APPROVED,
        Approval.Decision.REJECT: Status.REJECTED,
        Approval.Decision.RETURN: Status.RETURNED,
    }[Approval.Decision(decision)]
    now = timezone.now()
    _move(
        approval,
        Status.REVIEWED,
        status,
        approver=by,
        decision_opinion=opinion,
        decided_at=now,
    )
    approval.approver, approval.decision_opinion, approval.decided_at = (
        by,
        opinion,
        now,
    )
    _append(approval, decision, by, Status.REVIEWED, opinion)
    workitem_close(target=approval)
    if status == Status.RETURNED:
        workitem_open(
            kind=KIND,
            target=approval,
            title=f"审批已退回，待修改后重新提请：{approval.subject}",
            step="revise",
            step_label="修改后重新提请",
            assignee=approval.handler,
            unit=approval.unit,
            district=_division(target, "district"),
            township=_division(target, "township"),
        )
    follow = registry.target_type(approval.target_type).on_approval_decided
    if follow is not None:  # the owning module's consequence, in this transaction
        follow(approval, target)
    return approval


# --- Steps ----------------------------------------------------------------------


def _propose(
    *,
    target: models.Model,
    subject: str,
    proposal: str,
    reasons: str,
    by: User,
    reviewer_roles: list[str],
    approver_roles: list[str],
    previous: Approval | None,
) -> Approval:
    fields = (("审批事项", subject), ("承办人意见", proposal), ("理由", reasons))
    missing = [name for name, value in fields if not value.strip()]
    if missing:
        raise ValidationError(f"请填写：{'、'.join(missing)}。")
    now = timezone.now()
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                target_type=target._meta.label_lower,
                target_id=target.pk,
                subject=subject.strip()[:120],
                status=Status.PROPOSED,
                unit=_check_handler(by),
                handler=by,
                proposal=proposal.strip(),
                reasons=reasons.strip(),
                proposed_at=now,
                reviewer_roles=reviewer_roles,
                approver_roles=approver_roles,
                previous=previous,
            )
    except IntegrityError:
        raise ValidationError(
            f"“{subject.strip()}”已有正在办理的审批，请等待其办结。"
        ) from None
    _append(
        approval,
        "propose",
        by,
        None,
        approval.proposal + "\n" + approval.reasons,
        previous=previous.pk if previous else None,
    )
    workitem_open(
        kind=KIND,
        target=approval,
        title=f"待审核：{approval.subject}",
        step="review",
        step_label="审核",
        unit=approval.unit,
        district=_division(target, "district"),
        township=_division(target, "township"),
    )
    return approval


def _open_for_approvers(approval: Approval, target: models.Model) -> None:
    """A work item for each person who may approve (the heads of the handler's
    unit, else of the unit above it), or for the unit if there is nobody."""
    approvers: list[User | None] = [*_approvers(approval)] or [None]
    for approver in approvers:
        workitem_open(
            kind=KIND,
            target=approval,
            title=f"待批准：{approval.subject}",
            step="decide",
            step_label="批准",
            assignee=approver,
            unit=approval.unit,
            district=_division(target, "district"),
            township=_division(target, "township"),
        )


def _approvers(approval: Approval) -> list[User]:
    unit: Unit | None = approval.unit
    excluded = [approval.handler_id, approval.reviewer_id]
    while unit is not None:
        people = list(
            User.objects.filter(
                unit=unit, is_active=True, roles__code__in=approval.decide_roles()
            )
            .exclude(pk__in=excluded)
            .distinct()
            .order_by("pk")
        )
        if people:
            return people
        unit = unit.parent
    return []


def _move(approval: Approval, old: str, new: str, **fields: object) -> None:
    # Two reviewers acting at once: one wins, the other is told.
    moved = Approval.objects.filter(pk=approval.pk, status=old).update(
        status=new, updated_at=timezone.now(), **fields
    )
    if not moved:
        raise ValidationError(STALE_MESSAGE, code="stale")
    approval.status = new


def _append(
    approval: Approval,
    step: str,
    by: User,
    before: str | None,
    text: str,
    **extra: object,
) -> None:
    # The opinions stay on the approval; the record holds their SHA-256, so a
    # later change to the stored text would show, without personal data in it.
    data = {
        "approval": approval.pk,
        "subject": approval.subject,
        "opinion_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    data.update({key: value for key, value in extra.items() if value is not None})
    records.append(
        action=f"approval.{step}",
        target=(approval.target_type, approval.target_id),
        actor=by,
        before=before,
        after=approval.status,
        data=data,
    )


def _check_handler(by: User) -> Unit:
    if not by.is_staff_member:
        raise PermissionDenied("只有工作人员可以提请审批。")
    if by.unit is None:
        raise ValidationError("承办人须属于某一单位：审核人从承办人所在单位产生。")
    return by.unit


def _check_sees(by: User, label: str, target_id: int) -> models.Model:
    try:
        return registry.target_get_for_user(by, label, target_id)
    except Http404:
        raise PermissionDenied("该事项不在您的数据范围内。") from None


def _check_role(by: User, roles: frozenset[str], step: str) -> None:
    if by.is_superuser:
        return
    if not by.is_staff_member or not by.roles.filter(code__in=roles).exists():
        raise PermissionDenied(f"您没有{step}该事项的权限。")


def _required(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    return value


def _division(target: models.Model, name: str) -> Division | None:
    value = getattr(target, name, None)
    return value if isinstance(value, Division) else None
