"""The positive-list review screen (监督执法正面清单, A73): current members and
candidates with the data the review rests on — compliance (violations, checks),
management (class, pollution, key source), emissions and exceedances, facility
operation and online monitoring (through the monitoring selectors, so the reader's
monitoring scope applies). The list itself belongs to `enterprises`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise, PositiveListEntry
from ecobureau.monitoring import selectors as monitoring_selectors

from ..models import EnterpriseSupervision, InspectionTask, Violation
from ._common import today
from .classes import CreditGrade, credit_grades

VIOLATION_YEARS = 3
MONITORING_DAYS = 365


@dataclass
class ReviewRow:
    enterprise: Enterprise
    entry: PositiveListEntry | None
    supervision: EnterpriseSupervision | None
    violations: int = 0
    last_violation: date | None = None
    last_violation_text: str = ""
    checks: int = 0
    last_check: date | None = None
    last_check_result: str = ""
    exceedances: int = 0
    exceedance_hours: int = 0
    anomalies: int = 0
    instruments: int = 0
    instruments_offline: int = 0
    credit: CreditGrade | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def credit_bars_listing(self) -> bool:
        """The grade in force rules the enterprise out of the list (失信惩戒)."""
        return self.credit is not None and not self.credit.positive_list_eligible

    @property
    def suggestion(self) -> str:
        if self.entry is not None:
            return "建议研究移出" if self.flags else "继续保留"
        return "暂不宜列入" if self.flags else "可研究列入"


def _since_years(years: int) -> date:
    now = today()
    if (now.month, now.day) == (2, 29):
        now -= timedelta(days=1)
    return now.replace(year=now.year - years)


def review_queryset(user: User, *, show: str, q: str = "") -> QuerySet[Enterprise]:
    """`members`: enterprises on the list; `candidates`: operating enterprises in
    scope not on it with no violation in three years."""
    listed = PositiveListEntry.objects.filter(removed_on__isnull=True).values(
        "enterprise_id"
    )
    qs = enterprise_selectors.enterprise_list_for_user(user)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(credit_code=q.strip().upper()))
    if show == "members":
        return qs.filter(pk__in=listed)
    violators = Violation.objects.filter(
        revoked_on__isnull=True, occurred_on__gte=_since_years(VIOLATION_YEARS)
    ).values("enterprise_id")
    return (
        qs.exclude(pk__in=listed)
        .exclude(pk__in=violators)
        .filter(status=Enterprise.Status.OPERATING)
    )


def review_rows(user: User, enterprises: list[Enterprise]) -> list[ReviewRow]:
    """The review data of a page of enterprises, in a fixed number of queries."""
    ids = [e.pk for e in enterprises]
    entries = {
        e.enterprise_id: e
        for e in PositiveListEntry.objects.filter(
            enterprise_id__in=ids, removed_on__isnull=True
        ).select_related("added_by")
    }
    supervisions = {
        s.enterprise_id: s
        for s in EnterpriseSupervision.objects.filter(enterprise_id__in=ids)
    }
    rows = {
        e.pk: ReviewRow(e, entries.get(e.pk), supervisions.get(e.pk))
        for e in enterprises
    }
    since = _since_years(VIOLATION_YEARS)
    for v in (
        Violation.objects.filter(
            enterprise_id__in=ids, revoked_on__isnull=True, occurred_on__gte=since
        )
        .order_by("enterprise_id", "-occurred_on")
        .values("enterprise_id", "occurred_on", "description")
    ):
        row = rows[v["enterprise_id"]]
        row.violations += 1
        if row.last_violation is None:
            row.last_violation = v["occurred_on"]
            row.last_violation_text = v["description"]
    for t in (
        InspectionTask.objects.filter(
            enterprise_id__in=ids, status=InspectionTask.Status.DONE, done_on__gte=since
        )
        .order_by("enterprise_id", "-done_on")
        .values("enterprise_id", "done_on", "result")
    ):
        row = rows[t["enterprise_id"]]
        row.checks += 1
        if row.last_check is None:
            row.last_check = t["done_on"]
            row.last_check_result = t["result"]
    window = today() - timedelta(days=MONITORING_DAYS)
    for e in (
        monitoring_selectors.exceedance_list_for_user(user)
        .filter(enterprise_id__in=ids, started_at__date__gte=window)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    ):
        rows[e["enterprise_id"]].exceedances = e["n"]
        rows[e["enterprise_id"]].exceedance_hours = e["hours"] or 0
    for a in (
        monitoring_selectors.anomaly_list_for_user(user)
        .filter(enterprise_id__in=ids, started_at__date__gte=window)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
    ):
        rows[a["enterprise_id"]].anomalies = a["n"]
    for i in (
        monitoring_selectors.instrument_list_for_user(user)
        .filter(enterprise_id__in=ids, status="active")
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"), offline=Count("pk", filter=~Q(link="online")))
    ):
        rows[i["enterprise_id"]].instruments = i["n"]
        rows[i["enterprise_id"]].instruments_offline = i["offline"]
    # the credit grade in force (published, not repaired, within its period),
    # through the lookup credit registers: one call for the page
    for pk, grade in credit_grades(ids, today()).items():
        rows[pk].credit = grade
    for row in rows.values():
        row.flags = _flags(row)
    return [rows[e.pk] for e in enterprises]


def credit_flag(grade: CreditGrade) -> str:
    return f"{grade.year}年度环境信用{grade.grade_name}（{grade.colour_name}）：{grade.text}"


def _flags(row: ReviewRow) -> list[str]:
    flags = []
    if row.credit is not None and row.credit_bars_listing:
        flags.append(credit_flag(row.credit))
    if row.violations:
        flags.append(f"近三年违法{row.violations}次")
    if row.supervision is not None and row.supervision.klass == "C":
        flags.append("C类重点监管")
    if row.exceedances:
        flags.append(f"近一年超标{row.exceedances}次（{row.exceedance_hours}小时）")
    if row.anomalies:
        flags.append(f"近一年在线监测异常{row.anomalies}次")
    if row.instruments_offline:
        flags.append(f"在线监测设备离线{row.instruments_offline}台")
    return flags


def monitoring_visible(user: User) -> bool:
    return bool(user.has_perm("monitoring.view_monitoring_data"))
