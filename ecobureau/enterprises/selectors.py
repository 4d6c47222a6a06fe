"""Reads of the enterprise file, always scoped to the person asking.

Staff see the enterprises inside their data scope (`accounts.selectors.scope_q` on
district, township and supervising unit) if their roles grant
`enterprises.view_enterprise`; an enterprise account sees its own file once the
bureau has verified the link; citizens and anonymous visitors see nothing here.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import credit_code
from ecobureau.lib.dates import local_datetime

from .models import (
    EmissionLimit,
    Enterprise,
    EnterpriseAccount,
    Facility,
    FacilityStatusChange,
    Outlet,
    Permit,
    PositiveListEntry,
)

_NOTHING = Q(pk__in=[])

# Values of the key-source filter beyond the model's own choices.
KEY_SOURCE_ANY = "any"
KEY_SOURCE_NONE = "none"


@dataclass(frozen=True)
class EnterpriseFilters:
    """What the list page, the export and the API filter on; empty means "any"."""

    q: str = ""  # part of the name, or the start of the credit code
    district_id: int | None = None
    township_id: int | None = None
    key_source: str = ""  # a KeySource value, KEY_SOURCE_ANY or KEY_SOURCE_NONE
    status: str = ""
    industry: str = ""  # start of the GB/T 4754 code, or part of the industry name


def _staff_scope_q(user: User) -> Q:
    return account_selectors.scope_q(
        user, district="district", township="township", unit="supervising_unit"
    )


def enterprise_scope_q(user: User) -> Q:
    """The filter that keeps only the enterprises this user may see."""
    if not user.is_authenticated or not user.is_active:
        return _NOTHING
    if user.is_superuser or user.is_staff_member:
        if not user.has_perm("enterprises.view_enterprise"):
            return _NOTHING
        return _staff_scope_q(user)
    if user.kind == User.Kind.ENTERPRISE:
        # EnterpriseAccount.user is one-to-one, so this join adds no duplicates.
        return Q(accounts__user_id=user.pk, accounts__verified=True)
    return _NOTHING


def scope_allows(
    user: User,
    *,
    district_id: int | None,
    township_id: int | None,
    supervising_unit_id: int | None,
    pk: int | None = None,
) -> bool:
    """Whether an enterprise with these values lies inside the user's staff scope.

    Evaluates the very filter `scope_q` builds, in memory, so services can check a
    row before it is saved (and the import can check 100,000 rows without a query
    each) while `scope_q` stays the one definition of a scope.
    """
    values: dict[str, object] = {
        "pk": pk,
        "district_id": district_id,
        "township_id": township_id,
        "supervising_unit_id": supervising_unit_id,
    }
    return _q_matches(_staff_scope_q(user), values)


def _q_matches(q: Q, values: Mapping[str, object]) -> bool:
    results: list[bool] = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_q_matches(child, values))
            continue
        lookup, expected = cast(tuple[str, Any], child)
        if lookup.endswith("__in"):
            results.append(values[lookup.removesuffix("__in")] in list(expected))
        elif "__" not in lookup:
            results.append(values[lookup] == expected)
        else:
            # A lookup this evaluator does not know must never widen a scope.
            raise ValueError(f"scope lookup not supported in memory: {lookup}")
    if not results:
        matched = True
    elif q.connector == Q.OR:
        matched = any(results)
    else:
        matched = all(results)
    return not matched if q.negated else matched


def _apply_filters(
    qs: QuerySet[Enterprise], f: EnterpriseFilters
) -> QuerySet[Enterprise]:
    text = f.q.strip()
    if text:
        code = credit_code.normalize(text)
        qs = qs.filter(Q(name__icontains=text) | Q(credit_code__startswith=code))
    if f.district_id:
        qs = qs.filter(district_id=f.district_id)
    if f.township_id:
        qs = qs.filter(township_id=f.township_id)
    if f.key_source == KEY_SOURCE_ANY:
        qs = qs.exclude(key_source="")
    elif f.key_source == KEY_SOURCE_NONE:
        qs = qs.filter(key_source="")
    elif f.key_source:
        qs = qs.filter(key_source=f.key_source)
    if f.status:
        qs = qs.filter(status=f.status)
    industry = f.industry.strip()
    if industry:
        qs = qs.filter(
            Q(industry_code__startswith=industry.upper())
            | Q(industry_name__icontains=industry)
        )
    return qs


def enterprise_list_for_user(
    user: User, *, filters: EnterpriseFilters | None = None
) -> QuerySet[Enterprise]:
    """Enterprises the user may see, filtered, in a stable indexed order.

    Ordered by name then id, so LIMIT/OFFSET pages never repeat or skip a row and
    the `enterprise_name` index serves the order.
    """
    qs = Enterprise.objects.filter(enterprise_scope_q(user)).select_related(
        "district", "township", "supervising_unit"
    )
    if filters is not None:
        qs = _apply_filters(qs, filters)
    return qs.order_by("name", "pk")


def enterprise_get_for_user(user: User, pk: int) -> Enterprise:
    """One enterprise, or Http404 if it is outside the user's scope."""
    return get_object_or_404(enterprise_list_for_user(user), pk=pk)


def enterprise_for_account(user: User) -> Enterprise | None:
    """The enterprise a public enterprise account acts for, once verified."""
    if not user.is_authenticated or user.kind != User.Kind.ENTERPRISE:
        return None
    return enterprise_list_for_user(user).first()


def account_list_for_enterprise(enterprise: Enterprise) -> QuerySet[EnterpriseAccount]:
    return enterprise.accounts.select_related("user").order_by("created_at")


def outlet_list_for_enterprise(enterprise: Enterprise) -> QuerySet[Outlet]:
    """The enterprise's outlets, each with its limits (newest first per pollutant)."""
    limits = EmissionLimit.objects.order_by("pollutant_code", "-effective_from")
    return enterprise.outlets.prefetch_related(
        Prefetch("limits", queryset=limits)
    ).order_by("code")


def outlet_get_for_user(user: User, enterprise_pk: int, outlet_pk: int) -> Outlet:
    enterprise = enterprise_get_for_user(user, enterprise_pk)
    return get_object_or_404(
        Outlet.objects.select_related("enterprise"), enterprise=enterprise, pk=outlet_pk
    )


def limit_get_for_user(user: User, enterprise_pk: int, limit_pk: int) -> EmissionLimit:
    enterprise = enterprise_get_for_user(user, enterprise_pk)
    return get_object_or_404(
        EmissionLimit.objects.select_related("outlet__enterprise"),
        outlet__enterprise=enterprise,
        pk=limit_pk,
    )


def permit_list_for_enterprise(enterprise: Enterprise) -> QuerySet[Permit]:
    return enterprise.permits.order_by("kind", "-issued_on", "pk")


def facility_list_for_enterprise(enterprise: Enterprise) -> QuerySet[Facility]:
    """The enterprise's pollution-control facilities, each with its status
    history (newest first), for the enterprise's own page."""
    changes = FacilityStatusChange.objects.order_by("-changed_on", "-pk")
    return (
        enterprise.facilities.select_related("outlet")
        .prefetch_related(Prefetch("status_changes", queryset=changes))
        .order_by("kind", "name", "pk")
    )


def facility_get_for_user(user: User, enterprise_pk: int, facility_pk: int) -> Facility:
    """One facility of an enterprise the user may see, or Http404."""
    enterprise = enterprise_get_for_user(user, enterprise_pk)
    return get_object_or_404(
        Facility.objects.select_related("enterprise", "outlet"),
        enterprise=enterprise,
        pk=facility_pk,
    )


# --- Facility-failure reports around a stop (A98), through a hook --------------------

# Monitoring sits above enterprises in the module map and owns the reports an
# enterprise files when a pollution-control facility fails (污染防治设施故障报告).
# This module reads them only through the function monitoring registers at
# start-up (`MonitoringConfig.ready()`): a person, an enterprise id and a stretch
# of time in; that enterprise's reports overlapping the stretch which this person
# may see (monitoring's data scope) out, oldest first. Without monitoring
# installed there are none.


@dataclass(frozen=True)
class FailureReport:
    """A facility-failure report as the facility card shows it."""

    id: int
    label: str  # number, facility as reported, when it began and ended
    began_at: datetime
    ended_at: datetime | None
    url: str


FailureLookup = Callable[[User, int, datetime, datetime], Iterable[FailureReport]]
FAILURE_LOOKUP: FailureLookup | None = None

# "Around a stop": from this many days before the stop began until it ended (or
# now). A report is due within 24 hours of the failure (seed 000 轻微违法清单第4项);
# the week's lead leaves room for a stop decided some days after the failure.
FAILURE_LEAD_DAYS = 7


def register_failure_lookup(lookup: FailureLookup | None) -> None:
    """Set (or, with None, remove) the lookup of facility-failure reports."""
    global FAILURE_LOOKUP
    FAILURE_LOOKUP = lookup


def _stretch(since: date, until: date | None) -> tuple[datetime, datetime]:
    start = local_datetime(since - timedelta(days=FAILURE_LEAD_DAYS), time.min)
    end = timezone.now() if until is None else local_datetime(until)
    return start, end


def failures_around(
    user: User, enterprise: Enterprise, *, since: date, until: date | None = None
) -> list[FailureReport]:
    """The enterprise's failure reports this person may see that overlap the
    stretch from FAILURE_LEAD_DAYS before `since` to the end of `until` (or now)."""
    lookup = FAILURE_LOOKUP
    if lookup is None:
        return []
    start, end = _stretch(since, until)
    return list(lookup(user, enterprise.pk, start, end))


def _overlaps(report: FailureReport, start: datetime, end: datetime) -> bool:
    return report.began_at <= end and (
        report.ended_at is None or report.ended_at >= start
    )


def facility_list_for_page(user: User, enterprise: Enterprise) -> list[Facility]:
    """The facilities of the file page; every stop in a facility's history carries
    `failures_around`: the failure reports this person may see around it (one
    lookup for the whole page). A linked report the person may not see is named
    only as linked, never by its text."""
    facilities = list(facility_list_for_enterprise(enterprise))
    stops: list[tuple[FacilityStatusChange, date | None]] = []
    for facility in facilities:
        changes = list(facility.status_changes.all())  # newest first
        for index, change in enumerate(changes):
            change.failures_around = []  # type: ignore[attr-defined]
            change.failure_ids_around = set()  # type: ignore[attr-defined]
            if change.new_status == Facility.Status.STOPPED:
                ended = changes[index - 1].changed_on if index else None
                stops.append((change, ended))
    if not stops:
        return facilities
    earliest = min(change.changed_on for change, _ in stops)
    reports = failures_around(user, enterprise, since=earliest)
    for change, ended in stops:
        start, end = _stretch(change.changed_on, ended)
        around = [report for report in reports if _overlaps(report, start, end)]
        change.failures_around = around  # type: ignore[attr-defined]
        change.failure_ids_around = {r.id for r in around}  # type: ignore[attr-defined]
    return facilities


def outlet_choices(enterprise: Enterprise) -> QuerySet[Outlet]:
    return enterprise.outlets.order_by("code")


def facility_list_public() -> QuerySet[Facility]:
    """Facilities as the public disclosure shows them (A92): what they treat, how,
    their status and since when — no person (who changed a status is not read).

    Meant for a `Prefetch("facilities", queryset=...)` on key dischargers."""
    return Facility.objects.only(
        "enterprise_id",
        "name",
        "kind",
        "pollutants",
        "process",
        "capacity",
        "capacity_unit",
        "commissioned_on",
        "status",
        "status_since",
        "updated_at",
    ).order_by("kind", "name", "pk")


def district_choices_for_user(user: User) -> QuerySet[Division]:
    """Districts a user may pick in forms and filters: all of them, or their own.

    Only narrows the choice; the services check the scope itself.
    """
    districts = Division.objects.filter(level=2).order_by("sort_order", "code")
    home = home_division(user)
    if home is None:
        return districts
    district_id = home.pk if home.level == 2 else home.parent_id
    return districts.filter(pk__in=[district_id])


def township_choices_for_user(user: User) -> QuerySet[Division]:
    townships = (
        Division.objects.filter(level=3)
        .select_related("parent")
        .order_by("parent__sort_order", "parent__code", "sort_order", "code")
    )
    home = home_division(user)
    if home is None:
        return townships
    if home.level == 2:
        return townships.filter(parent_id=home.pk)
    return townships.filter(pk=home.pk)


def home_division(user: User) -> Division | None:
    """The district or township a division-scoped user works in, else None."""
    if user.is_superuser or user.scope != User.Scope.DIVISION:
        return None
    division = user.scope_division
    if division is None or division.level == 1:
        return None
    return division


def unit_choices() -> QuerySet[Unit]:
    return account_selectors.unit_list().order_by("sort_order", "code")


def enterprise_account_candidate(enterprise: Enterprise) -> User | None:
    """The enterprise account registered with this enterprise's credit code."""
    return User.objects.filter(
        username=enterprise.credit_code, kind=User.Kind.ENTERPRISE
    ).first()


# --- The file's history (read from the record) ---------------------------------------

HISTORY_ACTIONS = {
    "enterprise.create": "建档",
    "enterprise.update": "修改档案",
    "enterprise.import_create": "Excel导入建档",
    "enterprise.import_update": "Excel导入更新",
    "enterprise.outlet_add": "新增排放口",
    "enterprise.outlet_update": "修改排放口",
    "enterprise.limit_add": "新增排放限值",
    "enterprise.limit_update": "修改排放限值",
    "enterprise.permit_add": "新增许可与批复",
    "enterprise.account_link": "关联企业账户",
    "enterprise.facility_add": "新增污染防治设施",
    "enterprise.facility_update": "修改污染防治设施",
    "enterprise.facility_status": "变更污染防治设施状态",
}


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    action: str
    actor: str
    fields: str  # the changed fields' Chinese names


def _field_label(name: str, action: str = "") -> str:
    models_: tuple[type[Model], ...] = (Enterprise, Outlet, EmissionLimit, Permit)
    if action.startswith("enterprise.facility"):
        models_ = (Facility,)  # a facility's "name" is not the enterprise's
    for model in models_:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return str(getattr(model_field, "verbose_name", name))
    return name


def enterprise_history(enterprise: Enterprise, *, limit: int = 50) -> list[HistoryItem]:
    """The latest changes to the file, newest first, with who made them."""
    entries = list(records.history(enterprise).order_by("-seq")[:limit])
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id}
    names = {
        user.pk: user.display_name
        for user in User.objects.filter(pk__in=actor_ids).only(
            "pk", "username", "full_name"
        )
    }
    items = []
    for entry in entries:
        data = records.payload_of(entry).get("data", {})
        changed: list[str] = []
        if entry.action.endswith("_update") or entry.action == "enterprise.update":
            changed = [*data.get("after", {}), *data.get("personal_fields", [])]
        items.append(
            HistoryItem(
                at=entry.at,
                action=HISTORY_ACTIONS.get(entry.action, entry.action),
                actor=names.get(entry.actor_id or 0, "系统"),
                fields="、".join(_field_label(name, entry.action) for name in changed),
            )
        )
    return items


def positive_list_for_user(user: User) -> QuerySet[PositiveListEntry]:
    """Current positive-list entries of the enterprises in the user's scope."""
    return (
        PositiveListEntry.objects.filter(
            removed_on__isnull=True, enterprise__in=enterprise_list_for_user(user)
        )
        .select_related("enterprise", "enterprise__district", "added_by")
        .order_by("enterprise__name")
    )


def positive_list_history(enterprise: Enterprise) -> QuerySet[PositiveListEntry]:
    return enterprise.positive_list_entries.select_related(
        "added_by", "removed_by"
    ).order_by("-added_on", "-pk")


def on_positive_list(enterprise: Enterprise) -> bool:
    return enterprise.positive_list_entries.filter(removed_on__isnull=True).exists()


def positive_list_changes_by_year(user: User) -> list[tuple[int, int, int]]:
    """(year, added, removed) for the enterprises in scope: how the list moved."""
    entries = PositiveListEntry.objects.filter(
        enterprise__in=enterprise_list_for_user(user)
    )
    years: dict[int, list[int]] = {}
    for added_on, removed_on in entries.values_list("added_on", "removed_on"):
        years.setdefault(added_on.year, [0, 0])[0] += 1
        if removed_on:
            years.setdefault(removed_on.year, [0, 0])[1] += 1
    return [(year, added, removed) for year, (added, removed) in sorted(years.items())]
