"""Reports sent (B7): seed 001 五5 "协调组每周上报…，每月向市委、市政府和市督改办报告
整改情况". The weekly and monthly reports are generated from the data
(`reports.py`); this records that one was sent — which report, for which
district, to whom, when and by whom."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division

from ..models import ReportDispatch
from ._common import _today

# 五5: the monthly report goes to these three; the weekly one (按周上报) to the
# city rectification office.
MONTHLY_ADDRESSEES = (
    ReportDispatch.Addressee.PARTY,
    ReportDispatch.Addressee.GOVERNMENT,
    ReportDispatch.Addressee.OFFICE,
)
WEEKLY_ADDRESSEES = (ReportDispatch.Addressee.OFFICE,)


def addressees_of(kind: str) -> tuple[str, ...]:
    return (
        MONTHLY_ADDRESSEES if kind == ReportDispatch.Kind.MONTH else WEEKLY_ADDRESSEES
    )


def addressee_text(kind: str) -> str:
    labels = dict(ReportDispatch.Addressee.choices)
    return "、".join(str(labels[a]) for a in addressees_of(kind))


def month_period(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def may_dispatch(user: User) -> bool:
    """The city office or a district's acceptance body (协调组) reports."""
    return user.is_superuser or any(
        user.has_perm(f"rectification.{p}")
        for p in ("manage_ledger", "accept_rectification")
    )


@transaction.atomic
def report_dispatch_record(
    *,
    by: User,
    kind: str,
    period_end: date,
    district: Division | None,
    addressees: list[str],
    sent_on: date,
    note: str = "",
) -> ReportDispatch:
    """Record that the report of a period was sent. A district's report is its
    own district's: another district's is refused, and the whole city's needs
    city scope. The same report is recorded once per addressee."""
    if not may_dispatch(by):
        raise PermissionDenied("您没有报送整改报告的权限。")
    if kind not in ReportDispatch.Kind.values:
        raise ValidationError("报告类型无效。")
    allowed = account_selectors.division_list_for_user(by).filter(level=2)
    city = by.is_superuser or by.scope == User.Scope.CITY
    if district is None and not city:
        raise ValidationError("请选择本区县。全市的报告由市督改办报送。")
    if district is not None and not allowed.filter(pk=district.pk).exists():
        raise ValidationError(
            f"“{district.name}”不在您的管辖范围内，不能登记其报告报送。"
        )
    chosen = [a for a in ReportDispatch.Addressee.values if a in set(addressees)]
    if not chosen or len(chosen) != len(set(addressees)):
        raise ValidationError("请选择报送对象（市委、市政府、市督改办）。")
    if kind == ReportDispatch.Kind.MONTH:
        start, end = month_period(period_end)
    else:
        start, end = period_end.fromordinal(period_end.toordinal() - 6), period_end
    today = _today()
    if sent_on > today:
        raise ValidationError("报送日期不能晚于今天。")
    if sent_on < start:
        raise ValidationError(f"报送日期不能早于报告期开始（{start.isoformat()}）。")
    earlier = ReportDispatch.objects.filter(
        kind=kind, period_end=end, district=district
    )
    sent = {a for row in earlier for a in row.addressees}
    again = [a for a in chosen if a in sent]
    if again:
        labels = dict(ReportDispatch.Addressee.choices)
        raise ValidationError(
            "该报告已登记报送"
            + "、".join(str(labels[a]) for a in again)
            + "，不能重复登记。"
        )
    dispatch = ReportDispatch.objects.create(
        kind=kind,
        period_start=start,
        period_end=end,
        district=district,
        addressees=chosen,
        sent_on=sent_on,
        note=note.strip(),
        by=by,
    )
    records.append(
        action="rectification.report_dispatch",
        target=dispatch,
        actor=by,
        after={
            "kind": kind,
            "period": [start, end],
            "district": district.pk if district else None,
            "addressees": chosen,
            "sent_on": sent_on,
        },
    )
    return dispatch
