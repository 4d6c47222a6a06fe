"""Outcomes of complaint handling, published (环境信访查处情况, seed 002 六(二)7 "及时
公布……环境信访查处……等情况"; requirement C27).

Only what the bureau decided is shown: when it was received and closed, the
district, the kind of pollution, the registered enterprise complained about (an
organisation, never a person), the finding (属实 / 部分属实 / 不属实) and whether a
case was opened. Never the complainant, the words of the complaint, the place
(often a home), the survey or measures text (free text may name people), nor a
complaint about something other than a registered enterprise by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Complaint

# Marked for translation; the page and the exports translate them when shown.
HEADERS = (
    gettext_noop("受理日期"),
    gettext_noop("办结日期"),
    gettext_noop("区县"),
    gettext_noop("类别"),
    gettext_noop("被投诉单位"),
    gettext_noop("核查结论"),
    gettext_noop("立案查处"),
)
WIDTHS = (12, 12, 12, 10, 36, 10, 10)


def outcome_list_public(
    *, q: str = "", district_id: int | None = None
) -> QuerySet[Complaint]:
    """Closed complaints with a finding, newest first; `q` finds a registered
    enterprise by part of its name."""
    rows = Complaint.objects.filter(
        status=Complaint.Status.CLOSED, closed_at__isnull=False
    ).exclude(finding="")
    if district_id:
        rows = rows.filter(district_id=district_id)
    if q := q.strip():
        rows = rows.filter(Q(enterprise__name__icontains=q))
    return rows.select_related("district", "enterprise").order_by("-closed_at", "-pk")


def _day(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def cells(complaint: Complaint) -> list[str]:
    """One published row (the page and the exports share it)."""
    return [
        _day(complaint.received_at),
        _day(complaint.closed_at),
        complaint.district.name if complaint.district else "",
        _(complaint.get_category_display()) if complaint.category else "",
        complaint.enterprise.name
        if complaint.enterprise
        else _("（非登记企业，不公开名称）"),
        _(complaint.get_finding_display()),
        _("已立案") if complaint.enforcement_case_id else _("否"),
    ]


def export_rows(complaints: Iterable[Complaint]) -> Iterable[list[str]]:
    return (cells(c) for c in complaints)
