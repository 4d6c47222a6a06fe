"""Public reads of the 双随机 inspection results (一公开: "抽查情况及查处结果及时向社会
公开", rules.md §6; requirement A93 "公开……检查情况"; issue 15 item 3).

A drawn enterprise's check is published once its task is done and the draw's
result is public (after any embargo): the check date, the result as the
inspectors recorded it with personal data masked (`lib.deidentify`), and the
penalty decisions published by enforcement on the cases that came out of that
check. Enforcement sits above grid, so grid does not import it: enforcement
registers a lookup (`register_public_decision_lookup`) in its
`AppConfig.ready()`; without one no decision is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, Prefetch, Q, QuerySet

from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.lib import deidentify
from ecobureau.lib.dates import local_date

from ..models import Draw, InspectionTask
from ._common import today


@dataclass(frozen=True)
class PublicDecisionRef:
    """A penalty decision as enforcement publishes it: its number and date; the
    page links to enforcement's public list searched by the number."""

    reference: str
    decided_on: date


# task ids → the live published decisions of the cases opened from that task's
# inspection (enforcement: Inspection.plan_task → EnforcementCase.inspection →
# PenaltyDecision.case → PublishedDecision not withdrawn).
PublicDecisionLookup = Callable[[list[int]], dict[int, list[PublicDecisionRef]]]
PUBLIC_DECISION_LOOKUP: PublicDecisionLookup | None = None


def register_public_decision_lookup(lookup: PublicDecisionLookup | None) -> None:
    """Set (or, with None, remove) the lookup; enforcement calls it at start-up."""
    global PUBLIC_DECISION_LOOKUP
    PUBLIC_DECISION_LOOKUP = lookup


def public_decisions_for_tasks(
    task_ids: Iterable[int],
) -> dict[int, list[PublicDecisionRef]]:
    """The published penalty decisions that followed each check (one call)."""
    lookup = PUBLIC_DECISION_LOOKUP
    ids = list(task_ids)
    if lookup is None or not ids:
        return {}
    return {pk: list(refs) for pk, refs in lookup(ids).items() if refs}


def _visible_draws(on: date) -> QuerySet[Draw]:
    """Draws whose result is public (`draw_result_visible`, as a query)."""
    return Draw.objects.filter(status=Draw.Status.DRAWN).filter(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=on)
    )


def _inspectors() -> Prefetch:
    return Prefetch(
        "inspectors",
        queryset=User.objects.only("pk", "full_name", "username", "phone"),
    )


def result_list_public(
    *, q: str = "", district_id: int | None = None, year: int | None = None
) -> QuerySet[InspectionTask]:
    """Done checks of drawn enterprises whose draw result is public, newest
    first; `q` finds the enterprise by part of its name or credit code."""
    tasks = InspectionTask.objects.filter(
        status=InspectionTask.Status.DONE,
        draw__in=_visible_draws(today()).values("pk"),
    )
    if district_id:
        tasks = tasks.filter(district_id=district_id)
    if year:
        tasks = tasks.filter(year=year)
    if q := q.strip():
        tasks = tasks.filter(
            Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__icontains=q)
        )
    return (
        tasks.select_related("enterprise", "district", "draw")
        .prefetch_related(_inspectors())
        .order_by("-done_on", "-pk")
    )


def result_districts_public() -> QuerySet[Division]:
    """The districts with a published result (the page's filter)."""
    return Division.objects.filter(
        pk__in=result_list_public().values("district_id")
    ).order_by("sort_order", "code")


def result_years_public() -> list[int]:
    years = result_list_public().order_by().values_list("year", flat=True)
    return sorted(set(years.distinct()), reverse=True)


def result_latest_public() -> date | None:
    """The latest publication date of a result (for the disclosure catalogue)."""
    latest: datetime | None = result_list_public().aggregate(latest=Max("updated_at"))[
        "latest"
    ]
    if latest is None:
        return None
    embargo = (
        _visible_draws(today())
        .filter(tasks__status=InspectionTask.Status.DONE)
        .aggregate(latest=Max("embargo_until"))["latest"]
    )
    return max(local_date(latest), embargo) if embargo else local_date(latest)


def result_text_public(task: InspectionTask) -> str:
    """The result as typed by the inspectors (or written by enforcement from the
    inspection record), fit to publish: the enterprise's legal representative
    and contact and their phone, the inspectors' phones, and every ID and mobile
    number masked; the enterprise's own name kept whole."""
    enterprise = task.enterprise
    names = [enterprise.legal_representative, enterprise.contact_name]
    phones = [enterprise.contact_phone]
    phones += [user.phone for user in task.inspectors.all()]
    own = enterprise.name.strip()
    parts = task.result.split(own) if own else [task.result]
    return own.join(
        deidentify.mask_text(
            part,
            names=[n for n in names if n],
            phones=[p for p in phones if p],
        )
        for part in parts
    )


def result_published_on(task: InspectionTask) -> date:
    """When the result went public: when it was recorded (a done task is not
    changed afterwards), or the end of the draw's embargo if that is later."""
    recorded = local_date(task.updated_at)
    draw = task.draw
    if draw is not None and draw.embargo_until and draw.embargo_until > recorded:
        return draw.embargo_until
    return recorded


@dataclass(frozen=True)
class PublicResult:
    task_id: int
    status: str
    status_label: str
    enterprise: str
    credit_code: str
    district: str
    draw_id: int | None
    draw_title: str
    year: int
    done_on: date | None
    result: str
    decisions: list[PublicDecisionRef]
    published_on: date | None


def result_rows_public(tasks: Iterable[InspectionTask]) -> list[PublicResult]:
    """The published rows of done tasks (and a planned or cancelled one as its
    status only: no date, no text)."""
    tasks = list(tasks)
    done = [t.pk for t in tasks if t.status == InspectionTask.Status.DONE]
    decisions = public_decisions_for_tasks(done)
    rows = []
    for task in tasks:
        is_done = task.status == InspectionTask.Status.DONE
        rows.append(
            PublicResult(
                task_id=task.pk,
                status=task.status,
                status_label=task.get_status_display(),
                enterprise=task.enterprise.name,
                credit_code=task.enterprise.credit_code,
                district=task.district.name,
                draw_id=task.draw_id,
                draw_title=task.draw.title if task.draw else "",
                year=task.year,
                done_on=task.done_on if is_done else None,
                result=result_text_public(task) if is_done else "",
                decisions=decisions.get(task.pk, []) if is_done else [],
                published_on=result_published_on(task) if is_done else None,
            )
        )
    return rows


def draw_outcomes_public(
    draw: Draw, enterprise_ids: Iterable[int]
) -> dict[int, PublicResult]:
    """The check of each drawn enterprise asked for (the page shown), by
    enterprise id, for the draw's public page; only when the draw's result is
    public (the caller checks)."""
    tasks = list(
        InspectionTask.objects.filter(draw=draw, enterprise_id__in=list(enterprise_ids))
        .select_related("enterprise", "district", "draw")
        .prefetch_related(_inspectors())
    )
    rows = result_rows_public(tasks)
    return {task.enterprise_id: row for task, row in zip(tasks, rows, strict=True)}
