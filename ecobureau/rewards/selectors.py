"""Reads of the rewards module, scoped to the person asking.

Reward handlers (`rewards.manage_reward`) see the reports in their data scope;
the staff of the handling unit see the reports handed to them (to survey and
investigate); a bureau leader sees them to approve. Everyone but the holders of
`rewards.view_identity` sees the reporters masked. The public sees only the
publications, which never identify a reporter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User

from .models import (
    Publication,
    ReportReporter,
    RewardDossier,
    RewardReport,
    RulesEdition,
)

_NOTHING = Q(pk__in=[])


def report_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm("rewards.view_rewardreport"):
        return _NOTHING
    return account_selectors.scope_q(user)


def report_list_for_user(user: User, *, status: str = "") -> QuerySet[RewardReport]:
    reports = RewardReport.objects.filter(report_scope_q(user))
    if status:
        reports = reports.filter(status=status)
    return reports.select_related("unit", "matter").order_by("-registered_at", "-pk")


def report_get_for_user(user: User, pk: int) -> RewardReport:
    return get_object_or_404(
        RewardReport.objects.filter(report_scope_q(user)).select_related(
            "unit", "matter", "duplicate_of", "district"
        ),
        pk=pk,
    )


def dossier_get_for_user(user: User, pk: int) -> RewardDossier:
    """The 奖金核发管理档案: the reward handlers only (实施细则 第十一条、第十二条)."""
    if not (user.is_staff_member and user.has_perm("rewards.view_identity")):
        raise Http404
    return get_object_or_404(
        RewardDossier.objects.filter(
            report__in=RewardReport.objects.filter(report_scope_q(user))
        ).select_related("report", "document", "document__attachment__blob"),
        pk=pk,
    )


def dossier_for_user(user: User, report: RewardReport) -> RewardDossier | None:
    if not (user.is_staff_member and user.has_perm("rewards.view_identity")):
        return None
    return (
        RewardDossier.objects.filter(report=report).select_related("document").first()
    )


def reporters_masked(report: RewardReport) -> QuerySet[ReportReporter]:
    """The reporters as everyone may see them: masks and shares, no ciphertext."""
    return (
        report.report_reporters.select_related("reporter")
        .only(
            "order",
            "share",
            "agreed_share",
            "report_id",
            "reporter__id",
            "reporter__name_mask",
            "reporter__id_mask",
            "reporter__phone_mask",
        )
        .order_by("order")
    )


def report_rows_for_user(user: User, *, status: str = "") -> list[list[object]]:
    """The register (举报奖励台账) as the person may export it: reporters masked
    for everyone, handlers included (the identity is shown only through the
    recorded view, never in a file that can travel)."""
    from ecobureau.lib.dates import SHANGHAI

    reports = report_list_for_user(user, status=status).prefetch_related(
        "report_reporters__reporter"
    )
    rows: list[list[object]] = []
    for r in reports:
        names = "、".join(
            link.reporter.name_mask
            for link in sorted(r.report_reporters.all(), key=lambda x: x.order)
        )
        rows.append(
            [
                r.registration_no,
                f"{r.registered_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}",
                r.get_channel_display(),
                r.reported_party,
                r.reported_address,
                r.position,
                names,
                r.unit.name if r.unit_id and r.unit else "",
                r.get_status_display(),
                r.stop_order_text,
                "" if r.amount is None else str(r.amount),
                "" if r.served_on is None else r.served_on.isoformat(),
                ""
                if r.claim_due_at is None
                else f"{r.claim_due_at.astimezone(SHANGHAI):%Y-%m-%d}",
                ""
                if r.paid_at is None
                else f"{r.paid_at.astimezone(SHANGHAI):%Y-%m-%d}",
            ]
        )
    return rows


EXPORT_HEADERS = [
    "登记号",
    "登记时间",
    "举报方式",
    "被举报单位",
    "详细地址",
    "登记次序",
    "举报人（脱敏）",
    "承办单位",
    "状态",
    "未执行的停产、停排令（第六条第（九）项）",
    "奖励金额（元）",
    "送达或公示日期",
    "领取期限",
    "发放日期",
]


def matter_reports(report: RewardReport) -> QuerySet[RewardReport]:
    return RewardReport.objects.filter(matter=report.matter).order_by("position")


def publications_public() -> QuerySet[Publication]:
    return Publication.objects.select_related("report").order_by("-published_on", "-pk")


def rules_warning(report: RewardReport) -> str:
    """实施细则 第十五条 "有效期1年" (A128): the edition in force when the report was
    registered is the latest published on or before that day; outside its year, or
    with no edition entered, the handler is warned that higher-level rules
    prevail. Empty when the rules were in force."""
    from datetime import date

    from ecobureau.lib.dates import SHANGHAI

    day = report.registered_at.astimezone(SHANGHAI).date()
    edition = (
        RulesEdition.objects.filter(published_on__lte=day)
        .order_by("-published_on")
        .first()
    )
    if edition is None:
        return "未录入举报奖励实施细则的发布日期，无法核对登记时细则是否有效（第十五条：有效期1年）。"
    start = edition.published_on
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        end = date(start.year + 1, 3, 1)
    if day >= end:
        return (
            f"登记时{edition.title}（{start:%Y年%m月%d日}发布，有效期1年）已过有效期，"
            "请按上级规定核定奖励。"
        )
    return ""


# --- Stop orders (第六条第（九）项), through a hook -------------------------------------

# Emergencies (突发环境事件) sits above rewards in the module map, so rewards reads
# its stop-production / stop-discharge orders only through the function
# registered here at start-up (`RewardsConfig.ready()` registers
# `emergencies.selectors.stop_orders_in_force_for_user`): a person in, the
# orders not yet lifted that this person may see (their emergencies scope) out.
# Without emergencies installed no order can be linked.
StopOrderLookup = Callable[[User], Iterable[Any]]
STOP_ORDER_LOOKUP: StopOrderLookup | None = None


def register_stop_order_lookup(lookup: StopOrderLookup | None) -> None:
    """Set (or, with None, remove) the lookup of stop orders in force."""
    global STOP_ORDER_LOOKUP
    STOP_ORDER_LOOKUP = lookup


def stop_orders_in_force_for_user(user: User) -> list[Any]:
    """The stop orders in force this person may see, newest first."""
    lookup = STOP_ORDER_LOOKUP
    if lookup is None:
        return []
    return list(lookup(user))


def stop_order_label(order: Any) -> str:
    """How a linked order is named on the report: measure, enterprise, incident,
    issuer and date."""
    from ecobureau.lib.dates import local_date

    incident = order.incident
    grade = incident.get_grade_display() if incident.grade else "未定级"
    return (
        f"{order.get_kind_display()}：{order.enterprise.name}"
        f"（突发环境事件#{incident.pk}，{grade}；{order.issuer}"
        f"{local_date(order.issued_at):%Y-%m-%d}下达）"
    )[:300]
