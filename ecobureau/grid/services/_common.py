"""Checks every grid service starts with."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from .. import selectors
from ..models import GridCell


def require(by: User, perm: str, message: str) -> None:
    if not (by.is_active and by.is_staff_member and by.has_perm(perm)):
        raise PermissionDenied(message)


def require_cell(by: User, cell: GridCell) -> None:
    """The cell must be inside the actor's data scope."""
    if not selectors.cell_list_for_user(by).filter(pk=cell.pk).exists():
        raise PermissionDenied("该网格不在您的数据范围内。")


def require_enterprise(by: User, enterprise: Enterprise) -> None:
    visible = enterprise_selectors.enterprise_list_for_user(by)
    if not visible.filter(pk=enterprise.pk).exists():
        raise PermissionDenied("该企业不在您的数据范围内。")


def required_text(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    return value
