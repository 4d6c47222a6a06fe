"""Helpers shared by the engagement services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied("您没有该操作的权限。")


def _staff_enterprise(by: User, enterprise: Enterprise) -> None:
    if not (
        enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk=enterprise.pk)
        .exists()
    ):
        raise ValidationError("该企业不在您的数据范围内。")


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    return value


def _not_future(day: date, label: str) -> None:
    if day > timezone.now().astimezone(SHANGHAI).date():
        raise ValidationError(f"{label}不能晚于今天。")


def _today() -> date:
    return timezone.now().astimezone(SHANGHAI).date()
