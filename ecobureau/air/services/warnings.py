"""Heavy-pollution weather warnings: proposal from a published forecast that
meets the grading, internal approval (承办→审核→批准), publication, lifting."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Approval
from ecobureau.enterprises.models import EnterpriseAccount
from ecobureau.lib import air_warning
from ecobureau.lib import aqi as aqi_lib
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import EmergencyPlan, Forecast, Warning
from ..processes import WARNING

_RANK = {level: rank for rank, level in enumerate(air_warning.ORDER)}
# Reviewer and approver of a warning: the section head reviews, a bureau leader
# approves (the city's plan gives the decision to the command; 示例配置).
REVIEWER_ROLES = ("section_head",)
APPROVER_ROLES = ("bureau_leader",)


def forecast_series(forecast: Forecast) -> list[tuple[date, int]]:
    """The published daily AQI of each forecast day: the range's midpoint."""
    return [
        (d.target_date, (d.low + d.high) // 2) for d in forecast.days.order_by("lead")
    ]


def _kind(forecast: Forecast, window: air_warning.Run | None) -> str:
    days = forecast.days.all()
    if window is not None:
        days = days.filter(target_date__gte=window.start, target_date__lte=window.end)
    primaries = {p for d in days for p in d.primary}
    if primaries & {aqi_lib.PM25, aqi_lib.PM10}:
        return Warning.Kind.PARTICULATE
    if aqi_lib.O3 in primaries:
        return Warning.Kind.OZONE
    return Warning.Kind.OTHER


@transaction.atomic
def warning_propose_from_forecast(*, forecast: Forecast) -> Warning | None:
    """Propose a warning when the published forecast meets the grading in
    force and no warning of that level or higher is proposed or in force."""
    series = forecast_series(forecast)
    result = air_warning.grade(series)
    if result.level == air_warning.NONE:
        return None
    open_levels = Warning.objects.filter(
        city=forecast.city,
        status__in=[
            Warning.Status.PROPOSED,
            Warning.Status.SUBMITTED,
            Warning.Status.PUBLISHED,
        ],
    ).values_list("level", flat=True)
    if any(_RANK[level] >= _RANK[result.level] for level in open_levels):
        return None
    window = result.window
    warning = Warning.objects.create(
        city=forecast.city,
        level=result.level,
        kind=_kind(forecast, window),
        forecast=forecast,
        rule_version=result.basis,
        evidence={
            "forecast": forecast.pk,
            "days": [{"date": d.isoformat(), "aqi": v} for d, v in series],
            "explain": result.explain,
        },
        starts_on=window.start if window else series[0][0],
        ends_on=window.end if window else series[-1][0],
        unit=forecast.unit,
    )
    casework.case_start(process=WARNING, case=warning, step="proposed", by=None)
    _tell_forecasters(warning, f"预警建议：{warning}")
    return warning


def _tell_forecasters(warning: Warning, title: str) -> None:
    people = User.objects.filter(roles__code="forecaster", is_active=True).distinct()
    notifications.send(
        recipients=people,
        title=title,
        url=reverse("air:warning-detail", args=[warning.pk]),
        level="warning",
    )


@transaction.atomic
def warning_submit(
    *, warning: Warning, by: User, proposal: str, reasons: str
) -> Approval:
    """The handler puts the proposal to internal approval (承办→审核→批准)."""
    check_may_manage(by)
    casework.case_transition(
        process=WARNING,
        case=warning,
        transition="submit",
        by=by,
        changes={"proposal_note": proposal},
    )
    return casework.approval_propose(
        target=warning,
        subject=f"发布{warning.get_level_display()}",
        proposal=proposal,
        reasons=reasons,
        by=by,
        reviewer_roles=REVIEWER_ROLES,
        approver_roles=APPROVER_ROLES,
    )


@transaction.atomic
def warning_publish(*, warning: Warning, by: User) -> Warning:
    """Publish an approved warning. A warning of another level in force for the
    city is lifted first (a change of level); enterprises with filed plans are
    told which measures apply."""
    check_may_manage(by)
    approval = selectors.warning_approval(warning)
    if approval is None or approval.status != Approval.Status.APPROVED:
        raise ValidationError("预警须经审核、批准后方可发布。")
    current = selectors.warning_in_force(warning.city)
    if current is not None and current.pk != warning.pk:
        warning_lift(
            warning=current,
            by=by,
            reason=f"预警级别调整为{warning.get_level_display()}",
        )
    casework.case_transition(
        process=WARNING,
        case=warning,
        transition="publish",
        by=by,
        changes={"published_at": timezone.now()},
    )
    _tell_enterprises(warning)
    return warning


def _tell_enterprises(warning: Warning) -> None:
    if warning.kind != Warning.Kind.PARTICULATE:
        return
    enterprise_ids = (
        EmergencyPlan.objects.filter(
            status=EmergencyPlan.Status.FILED, measures__level=warning.level
        )
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    accounts = EnterpriseAccount.objects.filter(
        enterprise_id__in=enterprise_ids, verified=True
    ).select_related("user")
    notifications.send(
        recipients=[a.user for a in accounts],
        title=f"{warning}已发布，请按已备案的应急预案落实{warning.get_level_display()}减排措施",
        url=reverse("air:my-plans"),
        level="warning",
        channels=[notifications.INBOX, notifications.SMS],
        dedupe_key=f"air-warning-{warning.pk}",
    )


@transaction.atomic
def warning_lift(*, warning: Warning, by: User, reason: str) -> Warning:
    check_may_manage(by)
    if not reason.strip():
        raise ValidationError("请填写解除理由。")
    casework.case_transition(
        process=WARNING,
        case=warning,
        transition="lift",
        by=by,
        changes={"lift_reason": reason.strip(), "lifted_at": timezone.now()},
    )
    return warning


@transaction.atomic
def warning_dismiss(*, warning: Warning, by: User, reason: str) -> Warning:
    check_may_manage(by)
    approval = selectors.warning_approval(warning)
    if approval is not None and approval.is_open:
        raise ValidationError("审批尚在办理中，待审批办结后再作处理。")
    casework.case_transition(
        process=WARNING,
        case=warning,
        transition="dismiss",
        by=by,
        changes={"dismiss_reason": reason.strip()},
    )
    return warning


def warning_lift_advice(warning: Warning) -> tuple[bool, str]:
    """Whether the latest published forecast allows lifting the warning."""
    forecast = selectors.forecast_latest_public(warning.city)
    if forecast is None:
        return False, "尚无已发布预报"
    return air_warning.lift_allowed(forecast_series(forecast))


def check_may_manage(user: User) -> None:
    if not user.has_perm("air.manage_warning"):
        raise PermissionDenied("您没有办理重污染天气预警的权限。")
