"""Messages left on the bureau's Weibo and WeChat accounts and 民心网 (seed 000
与群众互动 §7; requirements A89, D17).

They come in as complaints of the channels `weibo`, `wechat`, `minxin`, entered
by hand (intake page) or imported (platform import). Then:

1. the designated collector (`complaints.collect_messages`) assigns each message
   to a responsible unit; the reply clock starts (working days, a setting: the
   seed requires a limit but gives no figure, so the default is 示例配置);
2. the unit drafts the reply, which goes through the casework approval
   (承办 → 审核 → 批准) — the public-opinion procedure of 与群众互动 §5;
3. only an approved reply is published; publishing stops the reply clock and is
   recorded. A returned or rejected reply is drafted again.

The complaint's own closed loop (受理 → 派单 → 答复 → 回访) continues as for any
complaint; public-opinion incidents themselves belong to the emergencies module.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Approval, Clock
from ecobureau.core import records

from ..models import Complaint, MessageReply
from ..processes import (
    MESSAGE_REPLY_BASIS,
    MESSAGE_REPLY_SUBJECT,
    MESSAGE_REPLY_WORKDAYS_EXAMPLE,
)

STEP = "message_reply"


def reply_workdays() -> int:
    return int(
        getattr(
            settings, "COMPLAINT_MESSAGE_REPLY_WORKDAYS", MESSAGE_REPLY_WORKDAYS_EXAMPLE
        )
    )


def reply_clock(complaint: Complaint) -> Clock | None:
    return (
        Clock.objects.filter(
            target_type=complaint._meta.label_lower, target_id=complaint.pk, step=STEP
        )
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def message_assign(*, complaint: Complaint, unit: Unit, by: User) -> Complaint:
    """The designated collector assigns the message to a responsible unit; the
    reply clock starts. Reassigning moves the clock's responsibility, not its
    start."""
    if not by.has_perm("complaints.collect_messages"):
        raise PermissionDenied("只有指定的留言收集人可以分配留言。")
    if not complaint.is_message:
        raise ValidationError("只有微博、微信公众号和民心网留言需要分配回复单位。")
    if complaint.message_replies.filter(status=MessageReply.Status.PUBLISHED).exists():
        raise ValidationError("该留言已发布回复。")
    now = timezone.now()
    before = complaint.message_unit_id
    Complaint.objects.filter(pk=complaint.pk).update(
        message_unit=unit, message_assigned_at=complaint.message_assigned_at or now
    )
    complaint.message_unit = unit
    complaint.message_assigned_at = complaint.message_assigned_at or now
    clock = reply_clock(complaint)
    if clock is None:
        casework.clock_start(
            target=complaint,
            step=STEP,
            label="留言回复期限",
            amount=reply_workdays(),
            unit=Clock.Unit.WORKDAYS,
            basis=MESSAGE_REPLY_BASIS,
            by=by,
            responsible_unit=unit,
            district=complaint.district,
            township=complaint.township,
        )
    else:
        Clock.objects.filter(pk=clock.pk).update(responsible_unit=unit)
    records.append(
        action="complaints.message.assign",
        target=complaint,
        actor=by,
        data={"unit": unit.pk, "previous_unit": before},
    )
    return complaint


def may_draft(user: User, complaint: Complaint) -> bool:
    return (
        complaint.is_message
        and complaint.message_unit_id is not None
        and user.is_staff_member
        and user.unit_id == complaint.message_unit_id
        and not complaint.message_replies.filter(
            status__in=(
                MessageReply.Status.APPROVING,
                MessageReply.Status.APPROVED,
                MessageReply.Status.PUBLISHED,
            )
        ).exists()
    )


@transaction.atomic
def message_reply_draft(*, complaint: Complaint, text: str, by: User) -> MessageReply:
    """The responsible unit drafts the reply; it goes to review and approval. A
    reply whose approval was returned or rejected is settled first, so the unit
    can draft again."""
    for earlier in complaint.message_replies.filter(
        status=MessageReply.Status.APPROVING
    ):
        _settle(earlier)
    if not may_draft(by, complaint):
        raise PermissionDenied(
            "只有留言责任单位可以拟写回复，且每次只能有一份待审核的回复。"
        )
    text = text.strip()
    if not text:
        raise ValidationError("请填写回复内容。")
    reply = MessageReply.objects.create(
        complaint=complaint,
        text=text,
        drafted_by=by,
        district=complaint.district,
        township=complaint.township,
        unit=complaint.message_unit,
    )
    records.append(
        action="complaints.message.draft",
        target=complaint,
        actor=by,
        data={"reply": reply.pk},
    )
    casework.approval_propose(
        target=reply,
        subject=MESSAGE_REPLY_SUBJECT.format(code=complaint.tracking_code),
        proposal="拟按以下内容回复留言：\n" + text,
        reasons="按照舆情应对工作程序，留言回复经审核、批准后发布。",
        by=by,
    )
    return reply


def reply_approval(reply: MessageReply) -> Approval | None:
    return (
        Approval.objects.filter(target_type=reply._meta.label_lower, target_id=reply.pk)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def _settle(reply: MessageReply) -> MessageReply:
    """The reply's status after its approval was decided."""
    if reply.status != MessageReply.Status.APPROVING:
        return reply
    approval = reply_approval(reply)
    if approval is None or approval.is_open:
        return reply
    status = (
        MessageReply.Status.APPROVED
        if approval.status == Approval.Status.APPROVED
        else MessageReply.Status.RETURNED
    )
    MessageReply.objects.filter(pk=reply.pk, status=reply.status).update(
        status=status, updated_at=timezone.now()
    )
    reply.status = status
    return reply


@transaction.atomic
def message_reply_settle(*, reply: MessageReply) -> MessageReply:
    return _settle(reply)


@transaction.atomic
def message_reply_publish(*, reply: MessageReply, where: str, by: User) -> MessageReply:
    """Publish an approved reply; the reply clock stops (met or missed)."""
    if not (by.has_perm("complaints.collect_messages") or by.unit_id == reply.unit_id):
        raise PermissionDenied("只有留言收集人或责任单位可以发布回复。")
    reply = _settle(reply)
    if reply.status != MessageReply.Status.APPROVED:
        raise ValidationError("回复经审核、批准后才能发布。")
    now = timezone.now()
    moved = MessageReply.objects.filter(
        pk=reply.pk, status=MessageReply.Status.APPROVED
    ).update(
        status=MessageReply.Status.PUBLISHED,
        published_at=now,
        published_by=by,
        published_where=where.strip()[:200],
        updated_at=now,
    )
    if not moved:
        raise ValidationError("该回复已由他人发布。")
    reply.status, reply.published_at, reply.published_by = (
        MessageReply.Status.PUBLISHED,
        now,
        by,
    )
    reply.published_where = where.strip()[:200]
    clock = reply_clock(reply.complaint)
    if clock is not None and clock.is_open:
        casework.clock_stop(clock=clock, by=by, at=now)
    records.append(
        action="complaints.message.publish",
        target=reply.complaint,
        actor=by,
        data={"reply": reply.pk, "where": reply.published_where},
    )
    return reply
