"""Writes of the enterprise help record (舆情帮扶, seed 000 与企业互动（七）; A70).

requested (the enterprise's request, on an opinion event) → helping (a helper
assigned) → concluded (the outcome written, after at least one joint analysis
and one measure: the seed's "会同企业，分析研判舆情信息，研究制定解决问题的措施").
Each write checks the writer's permission and the event's scope, and appends a
record entry on the opinion event in the same transaction.

The enterprise is told when its request is registered and when it is answered
(a helper named, the help concluded with its outcome): its verified, active
accounts get the message in their inbox and by e-mail through the
notifications module, in the same transaction (the e-mail as an outbox row),
linking to the enterprise's own page of the record (`emergencies:my-help-detail`).

The enterprise answers on its own page while the help is open (`help_reply`):
what it has done, what it still needs. The reply is appended to the record on the
opinion event like the staff's writes, shows in the staff page's timeline, and the
helper, once named, is told in the inbox.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.notifications import services as notifications

from . import selectors
from .models import EnterpriseHelp, HelpAction, HelpReply, OpinionEvent

HANDLE = "emergencies.handle_incident"


def _require(by: User) -> None:
    if not by.has_perm(HANDLE):
        raise PermissionDenied("您没有该操作的权限。")


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    return value


def _not_future(moment: datetime, label: str) -> None:
    if moment > timezone.now():
        raise ValidationError(f"{label}不能晚于当前时间。")


def _tell_enterprise(
    help_record: EnterpriseHelp, title: str, body: str, key: str
) -> None:
    """Message the enterprise's verified, active accounts (inbox + e-mail)."""
    users = [
        account.user
        for account in enterprise_selectors.account_list_for_enterprise(
            help_record.enterprise
        )
        if account.verified and account.user.is_active
    ]
    if users:
        notifications.send(
            recipients=users,
            title=title,
            body=f"舆情事件：{help_record.event.title}\n{body}",
            url=reverse("emergencies:my-help-detail", args=[help_record.pk]),
            channels=(notifications.INBOX, notifications.EMAIL),
            dedupe_key=f"emergencies:help:{help_record.pk}:{key}",
        )


def _locked(help_record: EnterpriseHelp) -> EnterpriseHelp:
    return EnterpriseHelp.objects.select_for_update().get(pk=help_record.pk)


@transaction.atomic
def help_request(
    *,
    event: OpinionEvent,
    enterprise: Enterprise,
    by: User,
    requested_at: datetime,
    request: str,
    contact: str = "",
) -> EnterpriseHelp:
    """Register an enterprise's request for help with an opinion event."""
    _require(by)
    if not selectors.opinion_list_for_user(by).filter(pk=event.pk).exists():
        raise PermissionDenied("该舆情事件不在您的数据范围内。")
    if (
        not enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk=enterprise.pk)
        .exists()
    ):
        raise PermissionDenied("该企业不在您的数据范围内。")
    if event.status == "closed":
        raise ValidationError("舆情已办结，不能再登记帮扶。")
    _not_future(requested_at, "求助时间")
    if requested_at < event.discovered_at:
        raise ValidationError("求助时间不能早于舆情发现时间。")
    if EnterpriseHelp.objects.filter(
        event=event, enterprise=enterprise, status__in=["requested", "helping"]
    ).exists():
        raise ValidationError("该企业在本舆情中已有未结束的帮扶。")
    record = EnterpriseHelp.objects.create(
        event=event,
        enterprise=enterprise,
        requested_at=requested_at,
        request=_text(request, "求助事项"),
        contact=contact.strip(),
        created_by=by,
    )
    records.append(
        action="emergencies.help.request",
        target=event,
        actor=by,
        after={"help": record.pk, "enterprise": enterprise.pk},
    )
    _tell_enterprise(
        record,
        "您单位的舆情帮扶求助已登记",
        f"求助事项：{record.request}",
        "request",
    )
    return record


@transaction.atomic
def help_assign(
    *, help_record: EnterpriseHelp, by: User, helper: User
) -> EnterpriseHelp:
    """Name the person who helps the enterprise (again, to hand it over). The
    helper must be bureau staff who can see the opinion event."""
    _require(by)
    help_record = _locked(help_record)
    if help_record.status == EnterpriseHelp.Status.CONCLUDED:
        raise ValidationError("帮扶已结束。")
    if (
        not helper.is_active
        or not selectors.opinion_list_for_user(helper)
        .filter(pk=help_record.event_id)
        .exists()
    ):
        raise ValidationError("帮扶责任人须为能查看该舆情事件的本局工作人员。")
    before = help_record.status
    help_record.helper = helper
    help_record.assigned_at = timezone.now()
    help_record.status = EnterpriseHelp.Status.HELPING
    help_record.save(update_fields=["helper", "assigned_at", "status", "updated_at"])
    records.append(
        action="emergencies.help.assign",
        target=help_record.event,
        actor=by,
        before=before,
        after={"help": help_record.pk, "helper": helper.pk, "status": "helping"},
    )
    _tell_enterprise(
        help_record,
        "您单位的舆情帮扶求助已受理",
        f"帮扶责任人：{helper.display_name}",
        f"assign:{helper.pk}:{help_record.assigned_at.isoformat()}",
    )
    return help_record


@transaction.atomic
def help_action_add(
    *,
    help_record: EnterpriseHelp,
    by: User,
    kind: str,
    taken_at: datetime,
    description: str,
    participants: str = "",
) -> HelpAction:
    """Record one joint analysis, measure or other help given."""
    _require(by)
    help_record = _locked(help_record)
    if help_record.status != EnterpriseHelp.Status.HELPING:
        raise ValidationError("请先指定帮扶责任人；帮扶结束后不能再记录。")
    if kind not in HelpAction.Kind.values:
        raise ValidationError("请选择帮扶方式。")
    _not_future(taken_at, "时间")
    if taken_at < help_record.requested_at:
        raise ValidationError("时间不能早于企业求助时间。")
    action = HelpAction.objects.create(
        help=help_record,
        kind=kind,
        taken_at=taken_at,
        description=_text(description, "内容"),
        participants=participants.strip(),
        by=by,
    )
    records.append(
        action="emergencies.help.action",
        target=help_record.event,
        actor=by,
        after={"help": help_record.pk, "action": action.pk, "kind": kind},
    )
    return action


@transaction.atomic
def help_conclude(
    *, help_record: EnterpriseHelp, by: User, outcome: str
) -> EnterpriseHelp:
    """Close the help with its outcome. The seed asks for analysis together with
    the enterprise and measures worked out, so both must be on record first."""
    _require(by)
    help_record = _locked(help_record)
    if help_record.status != EnterpriseHelp.Status.HELPING:
        raise ValidationError("只有帮扶中的记录可以结束。")
    kinds = set(help_record.actions.values_list("kind", flat=True))
    missing = [
        label
        for kind, label in (
            (HelpAction.Kind.ANALYSIS, "会同企业分析研判"),
            (HelpAction.Kind.MEASURE, "研究制定解决措施"),
        )
        if kind not in kinds
    ]
    if missing:
        raise ValidationError(f"结束帮扶前须记录：{'、'.join(missing)}。")
    help_record.outcome = _text(outcome, "帮扶结果")
    help_record.status = EnterpriseHelp.Status.CONCLUDED
    help_record.concluded_at = timezone.now()
    help_record.save(update_fields=["outcome", "status", "concluded_at", "updated_at"])
    records.append(
        action="emergencies.help.conclude",
        target=help_record.event,
        actor=by,
        before="helping",
        after={"help": help_record.pk, "status": "concluded"},
    )
    _tell_enterprise(
        help_record,
        "您单位的舆情帮扶已结束",
        f"帮扶结果：{help_record.outcome}",
        "conclude",
    )
    return help_record


@transaction.atomic
def help_reply(*, help_record: EnterpriseHelp, by: User, text: str) -> HelpReply:
    """Post the enterprise's reply or further information on its help record.

    Only a verified account of the record's own enterprise may post
    (`selectors.help_list_for_enterprise_user`), only while the help is open, and
    the text must be given and at most `HelpReply.MAX_LENGTH` characters. The
    record entry holds ids only: the text stays in its row."""
    if (
        not selectors.help_list_for_enterprise_user(by)
        .filter(pk=help_record.pk)
        .exists()
    ):
        raise PermissionDenied("只能回复本单位的舆情帮扶记录。")
    help_record = _locked(help_record)
    if help_record.status == EnterpriseHelp.Status.CONCLUDED:
        raise ValidationError("帮扶已结束，不能再回复。")
    text = _text(text, "回复内容")
    if len(text) > HelpReply.MAX_LENGTH:
        raise ValidationError(f"回复内容不能超过{HelpReply.MAX_LENGTH}字。")
    reply = HelpReply.objects.create(help=help_record, text=text, by=by)
    records.append(
        action="emergencies.help.reply",
        target=help_record.event,
        actor=by,
        after={"help": help_record.pk, "reply": reply.pk},
    )
    helper = help_record.helper
    if helper is not None and helper.is_active:
        notifications.send(
            recipients=[helper],
            title="企业对舆情帮扶作了回复",
            body=f"{help_record.enterprise.name}：{help_record.event.title}",
            url=help_record.get_absolute_url(),
            channels=(notifications.INBOX,),
            dedupe_key=f"emergencies:help:{help_record.pk}:reply:{reply.pk}",
        )
    return reply
