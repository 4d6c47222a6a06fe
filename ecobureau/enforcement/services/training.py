"""Training records of the enforcement staff on the minor-violation list (目录清单)
and its discipline rules (requirements A72; 与企业互动方案 (九)): who was trained,
when, on which course, for how many hours. Heads of enforcement and the bureau's
leaders record them; each record is one record entry. Officers see their own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import dates

from ..models import TrainingRecord
from .decision_common import _check_role, _roles
from .inspections import _text

RECORDER_ROLES = ("enforcement_head", "bureau_leader")
TRAINEE_ROLES = ("enforcement_officer", "enforcement_head")
# One sitting is at most a day's course; longer courses are recorded per day.
MAX_HOURS = Decimal("8")


def can_record(user: User) -> bool:
    return user.is_superuser or bool(_roles(user) & set(RECORDER_ROLES))


def trainable_staff() -> QuerySet[User]:
    """The enforcement staff the list's training is for."""
    return (
        User.objects.filter(
            is_active=True, kind=User.Kind.STAFF, roles__code__in=TRAINEE_ROLES
        )
        .distinct()
        .order_by("username")
    )


def training_list_for_user(user: User) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.select_related("trainee").order_by("-held_on", "-pk")
    if not user.is_authenticated or not user.is_staff_member:
        return qs.none()
    if can_record(user):
        return qs
    return qs.filter(trainee=user)


def untrained_staff(since: date | None = None) -> list[User]:
    """Enforcement staff with no training on the list recorded since `since`
    (default: the current calendar year)."""
    day = since or date(dates.local_date(timezone.now()).year, 1, 1)
    trained = TrainingRecord.objects.filter(held_on__gte=day).values("trainee_id")
    return list(trainable_staff().exclude(pk__in=trained)[:200])


def _hours(value: object) -> Decimal:
    try:
        hours = Decimal(str(value or "").strip())
    except InvalidOperation:
        raise ValidationError("学时请填写数字。") from None
    if hours <= 0 or hours > MAX_HOURS:
        raise ValidationError(
            gettext("学时应大于0、不超过%(max)s（按每次培训登记）。")
            % {"max": MAX_HOURS}
        )
    return hours.quantize(Decimal("0.1"))


@transaction.atomic
def training_record(
    *,
    trainee: User,
    held_on: date,
    course: str,
    topic: str,
    hours: object,
    organiser: str,
    by: User,
) -> TrainingRecord:
    _check_role(by, RECORDER_ROLES, gettext_noop("登记培训记录"))
    if not trainable_staff().filter(pk=trainee.pk).exists():
        raise ValidationError("参训人员应为在岗执法人员。")
    if held_on > dates.local_date(timezone.now()):
        raise ValidationError("培训日期不能晚于今天。")
    if topic not in TrainingRecord.Topic.values:
        raise ValidationError("请选择培训内容。")
    record = TrainingRecord.objects.create(
        trainee=trainee,
        held_on=held_on,
        course=_text(course, gettext_noop("课程名称"))[:120],
        topic=topic,
        hours=_hours(hours),
        organiser=_text(organiser, gettext_noop("组织单位"))[:100],
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    records.append(
        action="enforcement.training_record",
        target=record,
        actor=by,
        data={
            "training": record.pk,
            "trainee": trainee.pk,
            "held_on": held_on,
            "topic": topic,
            "hours": record.hours,
        },
    )
    return record
