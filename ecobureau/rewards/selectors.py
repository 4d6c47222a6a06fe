"""Reads of the rewards module, scoped to the person asking.

Reward handlers (`rewards.manage_reward`) see the reports in their data scope;
the staff of the handling unit see the reports handed to them (to survey and
investigate); a bureau leader sees them to approve. Everyone but the holders of
`rewards.view_identity` sees the reporters masked. The public sees only the
publications, which never identify a reporter.
"""

from __future__ import annotations

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
