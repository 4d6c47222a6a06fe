"""Helpers shared by the rectification services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates


def _require(by: User, perm: str) -> None:
    if not (by.is_superuser or by.has_perm(f"rectification.{perm}")):
        raise PermissionDenied("您没有该操作的权限。")


def _enterprise_check(by: User, enterprise: Enterprise | None) -> None:
    """An item may name only an enterprise its author may see (issue 11 item 3):
    a district office cannot tie its ledger to another district's enterprise."""
    if enterprise is None or by.is_superuser:
        return
    visible = Enterprise.objects.filter(pk=enterprise.pk).filter(
        enterprise_selectors.enterprise_scope_q(by)
    )
    if not visible.exists():
        raise ValidationError(
            f"企业“{enterprise.name}”（{enterprise.credit_code}）不在您的管辖范围内。"
        )


def _today() -> date:
    return dates.local_date(timezone.now())


# The steps that stamp a time on the item (publication, close-out).
_STAMPS = {"publish": "published_at", "close": "closed_at"}


def reopen_note(changes: dict[str, Any], note: str) -> str:
    """B4 (seed 001 三(一)2 "分类处置"): a reopening names its category, checked
    here and written into the transition's record entry with the reason."""
    from ..models import ReopenCategory

    category = changes.get("reopen_category") or ""
    if category not in ReopenCategory.values:
        raise ValidationError("请选择反弹类别（整改不到位、问题反弹或其他）。")
    text = f"反弹类别：{ReopenCategory(category).label}；{changes.get('reopen_reason', '')}"
    return f"{text}；{note}" if note else text
