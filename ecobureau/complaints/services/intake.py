"""Intake from every channel, triage, and the duplicate check.

One service registers a complaint whatever its channel (the portal form, a 12369
phone record, a letter or visit, a transfer, a Weibo/WeChat/民心网 message, an
import row): the same checks, the same tracking code, the same duplicate search,
and the same record entry.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.core import calendar as core_calendar
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import complaint_text, rules
from ecobureau.lib.dates import SHANGHAI

from ..models import Complaint, ComplaintKey, ReceptionEvent, TriageRule
from ..processes import COMPLAINT
from .notify import tell_complainant, track_url

# Tracking codes: no 0/O, 1/I/L, so they can be read out over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_CANDIDATES = 200

# Channels through which a complaint on a case already closed (or overdue) counts
# as 重复访 against the handling unit (seed 001 附件1 扣分项: 中央和省督察、12345
# 政务服务热线、12369信访平台 and cases transferred from above).
REPEAT_CHANNELS = (
    Complaint.Channel.PHONE_12369,
    Complaint.Channel.PLATFORM_12369,
    Complaint.Channel.HOTLINE_8890,
    Complaint.Channel.HOTLINE_12345,
    Complaint.Channel.INSPECTION_CENTRAL,
    Complaint.Channel.INSPECTION_PROVINCIAL,
)


@dataclass(frozen=True)
class ComplaintData:
    """What a complaint says, from any channel."""

    channel: str
    text: str
    place: str
    received_at: datetime | None = None
    channel_reference: str = ""
    enterprise: Enterprise | None = None
    enterprise_name: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    category: str = ""
    noise_source: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    wants_written_reply: bool = False
    district: Division | None = None
    township: Division | None = None
    reception: ReceptionEvent | None = None


# --- Settings read when used (the lead adds them to settings.py) ----------------------


def duplicate_window_days() -> int:
    return int(getattr(settings, "COMPLAINT_DUPLICATE_WINDOW_DAYS", 30))


def duplicate_radius_m() -> int:
    return int(getattr(settings, "COMPLAINT_DUPLICATE_RADIUS_M", 300))


def repeat_window_days() -> int:
    return int(getattr(settings, "COMPLAINT_REPEAT_WINDOW_DAYS", 365))


def intake_unit() -> Unit | None:
    """The unit that receives complaints before they are dispatched: the 12369
    desk (seed 000 与群众互动 §2 "应急科牵头")."""
    code = getattr(settings, "COMPLAINT_INTAKE_UNIT_CODE", "emergency")
    return Unit.objects.filter(code=code).first()


# --- Intake --------------------------------------------------------------------------


def check(data: ComplaintData) -> ComplaintData:
    """The data cleaned, or ValidationError naming every problem at once."""
    problems: list[str] = []
    if data.channel not in Complaint.Channel.values:
        problems.append("请选择来源渠道。")
    text, place = data.text.strip(), data.place.strip()
    if not text:
        problems.append("请填写诉求内容。")
    if not place:
        problems.append("请填写地点。")
    if (data.latitude is None) != (data.longitude is None):
        problems.append("地图位置须同时有经度和纬度。")
    if data.latitude is not None and not Decimal(-90) <= data.latitude <= Decimal(90):
        problems.append("纬度应在−90至90之间。")
    if data.longitude is not None and not (
        Decimal(-180) <= data.longitude <= Decimal(180)
    ):
        problems.append("经度应在−180至180之间。")
    if data.category and data.category not in Complaint.Category.values:
        problems.append("类别不正确。")
    if data.noise_source and data.noise_source not in Complaint.NoiseSource.values:
        problems.append("噪声来源不正确。")
    phone = data.contact_phone.strip()
    email = data.contact_email.strip()
    if phone and not (phone.replace("-", "").isdigit() and 7 <= len(phone) <= 20):
        problems.append("联系电话应为数字（可含“-”）。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("电子邮箱格式不正确。")
    if (
        data.township is not None
        and data.district is not None
        and data.township.parent_id != data.district.pk
    ):
        problems.append("乡镇街道不属于所选区县。")
    if problems:
        raise ValidationError(problems)
    if data.anonymous:
        # 匿名: nothing that identifies the complainant is kept.
        return replace(
            data,
            text=text,
            place=place,
            contact_name="",
            contact_phone="",
            contact_email="",
            wants_written_reply=False,
        )
    return replace(
        data,
        text=text,
        place=place,
        contact_name=data.contact_name.strip(),
        contact_phone=phone,
        contact_email=email,
    )


@transaction.atomic
def complaint_submit(
    *,
    data: ComplaintData,
    by: User | None,
    photos: Sequence[UploadedFile] = (),
    notify: bool = True,
) -> Complaint:
    """Register one complaint from any channel.

    1. Check it; an anonymous complaint keeps no contact details.
    2. Create it with a tracking code; attach the photos.
    3. Suggest the triage outcome from the triage table (data).
    4. Look for a duplicate among complaints received inside the window: an open
       one → merged into it and the complainant told; a closed or overdue one →
       flagged 重复访 when it came through a counted channel.
    5. Start the case (acceptance clock, work item, record entry) and index it.
    6. Tell a real-name complainant the tracking code.
    """
    data = check(data)
    now = timezone.now()
    received_at = data.received_at or now
    enterprise_name = data.enterprise_name.strip() or (
        data.enterprise.name if data.enterprise else ""
    )
    district = data.district or (data.enterprise.district if data.enterprise else None)
    township = data.township or (data.enterprise.township if data.enterprise else None)
    complaint = Complaint(
        status="",
        channel=data.channel,
        channel_reference=data.channel_reference.strip(),
        received_at=received_at,
        text=data.text,
        place=data.place,
        enterprise=data.enterprise,
        enterprise_name=enterprise_name[:120],
        latitude=data.latitude,
        longitude=data.longitude,
        category=data.category,
        noise_source=data.noise_source,
        anonymous=data.anonymous,
        contact_name=data.contact_name[:40],
        contact_phone=data.contact_phone[:20],
        contact_email=data.contact_email,
        submitted_by=by if by is not None and by.is_public else None,
        wants_written_reply=data.wants_written_reply,
        reception=data.reception,
        district=district,
        township=township,
        unit=intake_unit(),
    )
    _save_with_code(complaint)
    for photo in photos:
        casework.attachment_add(
            file=photo,
            target=complaint,
            kind="photo",
            by=by if by is not None else anonymous_submitter(),
            note="诉求人提供的照片",
        )
    rule = triage_suggest(complaint)
    if rule is not None:
        complaint.triage_rule = rule
        complaint.redirect_to = rule.channel_text
    match = find_duplicate(complaint)
    step = "received"
    if match is not None:
        original, score, overdue = match
        complaint.match_score = score
        if original.is_open:
            complaint.duplicate_of = original
            step = "merged"
        else:
            complaint.repeat_of = original
        complaint.repeat_visit = data.channel in REPEAT_CHANNELS and (
            not original.is_open or overdue
        )
    Complaint.objects.filter(pk=complaint.pk).update(
        triage_rule=complaint.triage_rule,
        redirect_to=complaint.redirect_to,
        duplicate_of=complaint.duplicate_of,
        repeat_of=complaint.repeat_of,
        repeat_visit=complaint.repeat_visit,
        match_score=complaint.match_score,
    )
    casework.case_start(process=COMPLAINT, case=complaint, step=step, by=by)
    if match is not None:
        records.append(
            action="complaints.complaint.merge"
            if step == "merged"
            else "complaints.complaint.repeat",
            target=complaint,
            actor=by,
            data={
                "original": match[0].pk,
                "score": str(match[1]),
                "repeat_visit": complaint.repeat_visit,
            },
        )
    if step != "merged":
        index_keys(complaint)
    if notify:
        _tell_received(complaint)
    return complaint


def _save_with_code(complaint: Complaint) -> None:
    for _ in range(5):
        complaint.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                complaint.save()
            return
        except IntegrityError as error:
            if "tracking_code" not in str(error) and "channel" in str(error):
                raise ValidationError(
                    f"{complaint.get_channel_display()}编号“{complaint.channel_reference}”已登记过，请勿重复录入。"
                ) from None
            if "tracking_code" not in str(error):
                raise
    raise RuntimeError("could not draw a unique tracking code")


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def anonymous_submitter() -> User:
    """The account that stands for a visitor who filed on the portal without
    logging in: the record needs an actor for the photos they attached."""
    user, _ = User.objects.get_or_create(
        username="portal-visitor",
        defaults={
            "kind": User.Kind.CITIZEN,
            "full_name": "",
            "is_active": False,
        },
    )
    return user


def _tell_received(complaint: Complaint) -> None:
    code = complaint.tracking_code
    if complaint.status == Complaint.Status.MERGED and complaint.duplicate_of:
        original = complaint.duplicate_of.tracking_code
        text = (
            f"您反映的问题与已受理的投诉为同一事项，已并案办理，请勿重复提交；"
            f"可凭查询码{original}查询办理进度（本件查询码{code}）。"
        )
    else:
        text = f"您的投诉已收到，查询码{code}，可凭查询码查询办理进度。"
    tell_complainant(complaint=complaint, title=text, step="received")


# --- Triage ---------------------------------------------------------------------------


def triage_suggest(complaint: Complaint) -> TriageRule | None:
    """The first active rule of the triage table matching the complaint: one of its
    words appears in the normalised text, or its noise source is the complaint's."""
    text = complaint_text.normalise(f"{complaint.text} {complaint.place}")
    for rule in TriageRule.objects.filter(is_active=True).order_by("order", "code"):
        if (
            complaint.noise_source
            and complaint.noise_source in rule.noise_source_list()
        ):
            return rule
        words = [complaint_text.normalise(word) for word in rule.keyword_list()]
        if any(word and word in text for word in words):
            return rule
    return None


# --- Duplicates -------------------------------------------------------------------


def _enterprise_text(complaint: Complaint) -> str:
    if complaint.enterprise_name:
        return complaint.enterprise_name
    return (
        complaint.enterprise.name
        if complaint.enterprise_id and complaint.enterprise
        else ""
    )


def own_keys(complaint: Complaint) -> set[str]:
    """The keys a complaint is indexed under."""
    keys = set()
    name = _enterprise_text(complaint)
    if name:
        keys.add("e:" + complaint_text.enterprise_name(name).key[:58])
    if complaint.latitude is not None and complaint.longitude is not None:
        keys.add(
            "g:"
            + complaint_text.cell_key(
                float(complaint.latitude), float(complaint.longitude)
            )
        )
    place = complaint_text.place_with_text(complaint.place, complaint.text)
    keys.update("p:" + token[:58] for token in place.index_keys())
    return keys


def search_keys(complaint: Complaint, radius_m: int) -> set[str]:
    """The keys to look up: the complaint's own, with every map cell that may hold
    a point within the radius."""
    keys = {key for key in own_keys(complaint) if not key.startswith("g:")}
    if complaint.latitude is not None and complaint.longitude is not None:
        keys.update(
            "g:" + cell
            for cell in complaint_text.cells_around(
                float(complaint.latitude), float(complaint.longitude), radius_m
            )
        )
    return keys


def index_keys(complaint: Complaint) -> None:
    ComplaintKey.objects.bulk_create(
        [
            ComplaintKey(
                complaint=complaint, key=key, received_at=complaint.received_at
            )
            for key in sorted(own_keys(complaint))
        ]
    )


def candidates(complaint: Complaint, *, within_days: int) -> list[Complaint]:
    """Complaints received up to `within_days` before this one that share a key
    with it, newest first (at most MAX_CANDIDATES)."""
    keys = search_keys(complaint, duplicate_radius_m())
    if not keys:
        return []
    since = complaint.received_at - timedelta(days=within_days)
    ids = (
        ComplaintKey.objects.filter(
            key__in=sorted(keys),
            received_at__gte=since,
            received_at__lte=complaint.received_at,
        )
        .exclude(complaint_id=complaint.pk)
        .order_by("-received_at")
        .values_list("complaint_id", flat=True)[: MAX_CANDIDATES * 4]
    )
    unique = list(dict.fromkeys(ids))[:MAX_CANDIDATES]
    return list(
        Complaint.objects.filter(pk__in=unique)
        .exclude(status__in=[Complaint.Status.MERGED, Complaint.Status.NOT_ACCEPTED])
        .select_related("enterprise")
        .order_by("-received_at")
    )


def match_input(
    a: Complaint, b: Complaint, *, window_days: int, radius_m: int
) -> dict[str, Any]:
    """The `complaint-match` rule's input for a registered complaint `a` and a new
    one `b`: the same facts `manage.py rules run complaint-match` takes."""

    def side(c: Complaint) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": c.text,
            "place": c.place,
            "enterprise": _enterprise_text(c) or None,
            "at": f"{c.received_at.astimezone(SHANGHAI):%Y-%m-%dT%H:%M}",
            "category": c.category or None,
        }
        if c.latitude is not None and c.longitude is not None:
            out["lat"], out["lng"] = float(c.latitude), float(c.longitude)
        return out

    return {
        "a": side(a),
        "b": side(b),
        "window_days": window_days,
        "radius_m": radius_m,
    }


def find_duplicate(complaint: Complaint) -> tuple[Complaint, float, bool] | None:
    """The earlier complaint this one repeats, its score, and whether its handling
    clock is overdue; None if there is none.

    Open complaints are compared inside the duplicate window; closed ones inside
    the longer repeat window (a problem coming back months later is 重复访). The
    best score wins; an open original wins over a closed one.
    """
    window, repeat = duplicate_window_days(), repeat_window_days()
    radius = duplicate_radius_m()
    found = candidates(complaint, within_days=max(window, repeat))
    if not found:
        return None
    today = timezone.localdate()
    rule = rules.get("complaint-match", today)
    ctx = rules.RuleContext(as_of=today, calendar=core_calendar.current())
    best: tuple[int, float, Complaint] | None = None
    for original in found:
        days = window if original.is_open else repeat
        result = rule.run(
            match_input(original, complaint, window_days=days, radius_m=radius), ctx
        )
        if not result["duplicate"]:
            continue
        rank = (1 if original.is_open else 0, float(result["score"]), original)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None:
        return None
    original = best[2]
    overdue = bool(
        original.is_open
        and original.handling_due_at is not None
        and original.handling_due_at < timezone.now()
    )
    return original, best[1], overdue


def status_url(complaint: Complaint) -> str:
    return track_url(complaint)
