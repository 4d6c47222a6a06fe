"""Dates and times typed into the enforcement pages' forms, read for the views:
an unreadable value is refused with a message in the reader's language. The
label is the field's Chinese name (marked with `gettext_noop` where passed, or
already translated); it is translated here."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext


def day(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            gettext("请填写%(label)s（日期）。") % {"label": gettext(label)}
        ) from None


def moment(value: str, label: str) -> datetime:
    """A local date and time (naive input is taken as Asia/Shanghai)."""
    try:
        typed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            gettext("请填写%(label)s（日期时间）。") % {"label": gettext(label)}
        ) from None
    if timezone.is_naive(typed):
        typed = timezone.make_aware(typed)
    return typed
