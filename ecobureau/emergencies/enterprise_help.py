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
what it has done, what it still needs, with files if it has them (statements,
monitoring data, screenshots). The reply is appended to the record on the
opinion event like the staff's writes, shows in the staff page's timeline, and the
helper, once named, is told in the inbox.

The bureau's response is timed (limits.py, 示例配置): registering the request
starts two casework clocks in calendar hours from the request — naming a helper,
and the first joint analysis or measure. `help_assign` stops the first,
the first analysis or measure recorded stops the second (at the time it was held);
a missed clock opens casework's accountability follow-up, and the casework sweep
(`clocks_mark_due`, run by the scheduled `mark_clocks`) marks an unanswered one
overdue and tells the responsible officer and the unit's heads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment, Clock
from ecobureau.casework.services.attachments import size_text
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import filetypes
from ecobureau.notifications import services as notifications

from . import limits, selectors
from .models import EnterpriseHelp, HelpAction, HelpReply, OpinionEvent

HANDLE = "emergencies.handle_incident"

# The enterprise's files on a reply: the types and sizes the permits module accepts
# from applicants (scans, photos, PDF and Office documents), decided from the
# content, at most 20 MB each (示例配置, setting EMERGENCY_HELP_FILE_MAX_BYTES) and
# five a reply.
SCAN_TYPES = (filetypes.PDF, filetypes.JPEG, filetypes.PNG)
REPLY_FILE_TYPES = (*SCAN_TYPES, filetypes.DOCX, filetypes.XLSX, filetypes.OLE)
REPLY_FILE_MAX_BYTES = 20 * 1024 * 1024
MAX_REPLY_FILES = 5


def reply_file_max_bytes() -> int:
    return int(getattr(settings, "EMERGENCY_HELP_FILE_MAX_BYTES", REPLY_FILE_MAX_BYTES))


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


def _start_clock(
    record: EnterpriseHelp, step: str, label: str, hours: int, basis: str, by: User
) -> Clock:
    """A response clock from the request, held by whoever handles the opinion
    event (the helper is not named yet) and that person's unit."""
    event = record.event
    return casework.clock_start(
        target=record,
        step=step,
        label=label,
        amount=hours,
        unit=Clock.Unit.HOURS,
        basis=basis,
        started_at=record.requested_at,
        by=by,
        responsible=event.assignee,
        responsible_unit=event.unit,
        district=event.district,
    )


def _stop_clock(clock: Clock | None, by: User, at: datetime) -> None:
    if clock is not None and clock.is_open:
        casework.clock_stop(clock=clock, by=by, at=at)


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
    record.assign_clock = _start_clock(
        record,
        "help-assign",
        "指定帮扶责任人时限",
        limits.help_assign_hours(),
        limits.HELP_ASSIGN_BASIS,
        by,
    )
    record.action_clock = _start_clock(
        record,
        "help-first-action",
        "首次会同研判或制定措施时限",
        limits.help_first_action_hours(),
        limits.HELP_FIRST_ACTION_BASIS,
        by,
    )
    record.save(update_fields=["assign_clock", "action_clock", "updated_at"])
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
    # Only the first naming answers the request; a hand-over finds it stopped.
    _stop_clock(help_record.assign_clock, by, help_record.assigned_at)
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
    if kind in (HelpAction.Kind.ANALYSIS, HelpAction.Kind.MEASURE):
        # Stopped when the analysis or measure was held, which is neither in the
        # future nor before the request (checked above).
        _stop_clock(help_record.action_clock, by, taken_at)
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
def help_reply(
    *,
    help_record: EnterpriseHelp,
    by: User,
    text: str,
    files: Sequence[File[bytes]] = (),
) -> HelpReply:
    """Post the enterprise's reply or further information on its help record.

    Only a verified account of the record's own enterprise may post
    (`selectors.help_list_for_enterprise_user`), only while the help is open, and
    the text must be given and at most `HelpReply.MAX_LENGTH` characters. Files
    (at most `MAX_REPLY_FILES`, each of `REPLY_FILE_TYPES` and within the size
    limit) are checked all before any is stored, then attached to the reply as
    casework attachments (content hashed into the record). The record entry holds
    ids only: the text stays in its row."""
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
    if len(files) > MAX_REPLY_FILES:
        raise ValidationError(f"每次回复最多上传{MAX_REPLY_FILES}个附件。")
    kinds = [_check_reply_file(file) for file in files]
    reply = HelpReply.objects.create(help=help_record, text=text, by=by)
    attachments = [
        casework.attachment_add(file=file, target=reply, kind=kind, by=by)
        for file, kind in zip(files, kinds, strict=True)
    ]
    after: dict[str, object] = {"help": help_record.pk, "reply": reply.pk}
    if attachments:
        after["files"] = [attachment.pk for attachment in attachments]
    records.append(
        action="emergencies.help.reply",
        target=help_record.event,
        actor=by,
        after=after,
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


def _check_reply_file(file: File[bytes]) -> str:
    """Refuse a file too large, empty or of a type not accepted (from its content,
    not its name); return the attachment kind to store it under."""
    limit = reply_file_max_bytes()
    name = file.name or "附件"
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"附件“{name}”过大：每个文件不超过{size_text(limit)}，"
            f"该文件为{size_text(size)}。"
        )
    if size == 0:
        raise ValidationError(f"附件“{name}”为空，请重新选择。")
    file.seek(0)
    file_type = filetypes.detect(cast(BinaryIO, file))
    file.seek(0)
    if file_type is None or file_type not in REPLY_FILE_TYPES:
        names = "、".join(t.name for t in REPLY_FILE_TYPES)
        actual = file_type.label if file_type else "无法识别的格式"
        raise ValidationError(
            f"附件“{name}”类型不符：只接受{names}格式，该文件实际为{actual}。"
        )
    return Attachment.Kind.SCAN if file_type in SCAN_TYPES else Attachment.Kind.OTHER
