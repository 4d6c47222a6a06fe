"""Reads for the legal section's report on recordings and its correction orders
(全过程记录实施办法 第三十二条, 第十三条, 第三十六条, 第三十七条; requirements A48).

The report and the annual figures are unscoped: they are for the legal section
(法制科) and leaders, whose views check `casework.review_recordings`. Correction
orders are also shown to the unit ordered to correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.lib.dates import SHANGHAI

from . import registry
from .models import Attachment, Clock, RecordingCorrection, UnrecordedStep
from .selectors_files import late_recording_counts, late_recording_list

FindingType = RecordingCorrection.FindingType
NO_UNIT = "（未记录单位）"


@dataclass(frozen=True)
class Finding:
    """One finding of the report: a recording stored late, or a step done without
    its recording; with the correction order about it, if any."""

    type: str  # RecordingCorrection.FindingType
    pk: int
    at: datetime
    target_type: str
    target_id: int
    target_label: str  # "企业 #12": kind and number, never a name
    summary: str
    correction: RecordingCorrection | None

    @property
    def type_label(self) -> str:
        return str(FindingType(self.type).label)


@dataclass(frozen=True)
class UnitReport:
    unit_id: int | None
    unit_name: str
    recordings: int  # audio and video made in the period
    late: list[Finding]
    unrecorded: list[Finding]

    @property
    def findings(self) -> int:
        return len(self.late) + len(self.unrecorded)


def recording_report(*, since: datetime, until: datetime) -> list[UnitReport]:
    """Per unit, for [since, until): the recordings made, those stored late, and
    the steps done without a recording, with their reasons. Units with the most
    findings first. A fixed number of queries, however long the lists."""
    counts = {
        row.unit_id: row for row in late_recording_counts(since=since, until=until)
    }
    late = list(late_recording_list(since=since, until=until))
    unrecorded = list(unrecorded_step_list(since=since, until=until))
    orders = _corrections_for(late, unrecorded)
    names = {row.unit_id: row.unit_name for row in counts.values()}
    by_unit: dict[int | None, tuple[list[Finding], list[Finding]]] = {
        unit_id: ([], []) for unit_id in counts
    }
    for attachment in late:
        by_unit.setdefault(attachment.unit_id, ([], []))[0].append(
            _late_finding(attachment, orders)
        )
    for step in unrecorded:
        names.setdefault(step.unit_id, step.unit.name if step.unit else NO_UNIT)
        by_unit.setdefault(step.unit_id, ([], []))[1].append(
            _unrecorded_finding(step, orders)
        )
    reports = [
        UnitReport(
            unit_id=unit_id,
            unit_name=names.get(unit_id, NO_UNIT),
            recordings=counts[unit_id].recordings if unit_id in counts else 0,
            late=late_findings,
            unrecorded=unrecorded_findings,
        )
        for unit_id, (late_findings, unrecorded_findings) in by_unit.items()
    ]
    return sorted(reports, key=lambda report: (-report.findings, report.unit_name))


def unrecorded_step_list(
    *,
    unit_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[UnrecordedStep]:
    """Steps done without their recording, in [since, until)."""
    steps = UnrecordedStep.objects.select_related("unit", "actor")
    if unit_id is not None:
        steps = steps.filter(unit_id=unit_id)
    if since is not None:
        steps = steps.filter(created_at__gte=since)
    if until is not None:
        steps = steps.filter(created_at__lt=until)
    return steps.order_by("unit_id", "created_at", "pk")


def finding_get(finding_type: str, finding_id: int) -> Finding | None:
    """One finding of the report, for the form that orders its correction."""
    if finding_type == FindingType.LATE_RECORDING:
        attachment = (
            late_recording_list().filter(pk=finding_id).select_related("unit").first()
        )
        return _late_finding(attachment, {}) if attachment else None
    if finding_type == FindingType.UNRECORDED_STEP:
        step = unrecorded_step_list().filter(pk=finding_id).first()
        return _unrecorded_finding(step, {}) if step else None
    return None


@dataclass(frozen=True)
class UnitFindings:
    """A unit's figures for one year's assessment (第三十六条 "纳入年度工作考核")."""

    unit_id: int | None
    unit_name: str
    recordings: int  # audio and video made in the year
    late_recordings: int  # stored after their 24 hours (第三十二条)
    unrecorded_steps: int  # done without a recording, on a stated reason (第十三条)
    corrections: int  # correction orders issued to the unit (第三十七条)
    corrections_late: int  # of which corrected after, or still past, the deadline

    @property
    def findings(self) -> int:
        return self.late_recordings + self.unrecorded_steps


def recording_findings_by_unit(year: int) -> list[UnitFindings]:
    """Per unit, the recording findings and correction orders of one calendar year
    (Asia/Shanghai), for the annual assessment. Units with findings or orders
    only; the most findings first."""
    since = datetime(year, 1, 1, tzinfo=SHANGHAI)
    until = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    rows: dict[int | None, dict[str, int]] = {}
    names: dict[int | None, str] = {}

    def row(unit_id: int | None, name: str | None) -> dict[str, int]:
        names.setdefault(unit_id, name or NO_UNIT)
        return rows.setdefault(
            unit_id,
            dict.fromkeys(
                ("recordings", "late", "unrecorded", "corrections", "late_orders"), 0
            ),
        )

    for counted in late_recording_counts(since=since, until=until):
        if counted.late:
            entry = row(counted.unit_id, counted.unit_name)
            entry["recordings"], entry["late"] = counted.recordings, counted.late
    for unit_id, name, n in (
        UnrecordedStep.objects.filter(created_at__gte=since, created_at__lt=until)
        .order_by()
        .values_list("unit_id", "unit__name")
        .annotate(n=Count("pk"))
    ):
        row(unit_id, name)["unrecorded"] = n
    late_orders = _late_correction_ids()
    for pk, unit_id, name in RecordingCorrection.objects.filter(
        created_at__gte=since, created_at__lt=until
    ).values_list("pk", "ordered_unit_id", "ordered_unit__name"):
        entry = row(unit_id, name)
        entry["corrections"] += 1
        entry["late_orders"] += pk in late_orders
    result = [
        UnitFindings(
            unit_id=unit_id,
            unit_name=names[unit_id],
            recordings=entry["recordings"],
            late_recordings=entry["late"],
            unrecorded_steps=entry["unrecorded"],
            corrections=entry["corrections"],
            corrections_late=entry["late_orders"],
        )
        for unit_id, entry in rows.items()
    ]
    return sorted(
        result, key=lambda unit: (-unit.findings, -unit.corrections, unit.unit_name)
    )


# --- Correction orders ----------------------------------------------------------


def recording_correction_list_for_user(user: User) -> QuerySet[RecordingCorrection]:
    """All orders for the legal section; the orders of one's own unit, or of one's
    data scope, for everyone else on the staff."""
    corrections = RecordingCorrection.objects.select_related(
        "ordered_unit", "issuing_unit", "issued_by"
    )
    if not user.is_staff_member:
        return corrections.none()
    if user.has_perm("casework.review_recordings"):
        return corrections
    own_unit = Q(ordered_unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    return corrections.filter(
        account_selectors.scope_q(user, unit="ordered_unit") | own_unit
    )


def recording_correction_get_for_user(user: User, pk: int) -> RecordingCorrection:
    return get_object_or_404(recording_correction_list_for_user(user), pk=pk)


def recording_correction_list(
    *, since: datetime, until: datetime
) -> QuerySet[RecordingCorrection]:
    """Orders issued in [since, until), for the report page."""
    return (
        RecordingCorrection.objects.filter(created_at__gte=since, created_at__lt=until)
        .select_related("ordered_unit", "issuing_unit")
        .order_by("ordered_unit_id", "created_at", "pk")
    )


def last_month(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The previous calendar month in Asia/Shanghai, as [since, until)."""
    today = timezone.localtime(now or timezone.now(), SHANGHAI).date()
    first = today.replace(day=1)
    previous = (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )
    return (
        datetime(previous.year, previous.month, 1, tzinfo=SHANGHAI),
        datetime(first.year, first.month, 1, tzinfo=SHANGHAI),
    )


# --- Helpers --------------------------------------------------------------------


def _target_label(target_type: str, target_id: int) -> str:
    kind = registry.registered_targets().get(target_type)
    return f"{kind.verbose_name if kind else target_type} #{target_id}"


def _late_finding(
    attachment: Attachment,
    orders: dict[tuple[str, int], RecordingCorrection],
) -> Finding:
    captured = attachment.captured_at
    due = attachment.storage_due_at
    assert captured is not None and due is not None  # recordings always have both
    uploaded = timezone.localtime(attachment.uploaded_at, SHANGHAI)
    summary = (
        f"{attachment.get_kind_display()}“{attachment.name}”录制于"
        f"{timezone.localtime(captured, SHANGHAI):%Y-%m-%d %H:%M}，应于"
        f"{timezone.localtime(due, SHANGHAI):%Y-%m-%d %H:%M}前存储，实际于"
        f"{uploaded:%Y-%m-%d %H:%M}存储，超过第三十二条规定的24小时。"
    )
    return Finding(
        type=FindingType.LATE_RECORDING,
        pk=attachment.pk,
        at=captured,
        target_type=attachment.target_type,
        target_id=attachment.target_id,
        target_label=_target_label(attachment.target_type, attachment.target_id),
        summary=summary,
        correction=orders.get((FindingType.LATE_RECORDING, attachment.pk)),
    )


def _unrecorded_finding(
    step: UnrecordedStep,
    orders: dict[tuple[str, int], RecordingCorrection],
) -> Finding:
    summary = (
        f"“{step.step_label}”环节执行“{step.transition_label}”时未同时进行音像记录"
        f"（第十三条），所述理由：{step.reason}"
    )
    return Finding(
        type=FindingType.UNRECORDED_STEP,
        pk=step.pk,
        at=step.created_at,
        target_type=step.target_type,
        target_id=step.target_id,
        target_label=_target_label(step.target_type, step.target_id),
        summary=summary,
        correction=orders.get((FindingType.UNRECORDED_STEP, step.pk)),
    )


def _corrections_for(
    late: list[Attachment], unrecorded: list[UnrecordedStep]
) -> dict[tuple[str, int], RecordingCorrection]:
    """The latest correction order about each finding, in one query."""
    wanted = Q(
        finding_type=FindingType.LATE_RECORDING,
        finding_id__in=[a.pk for a in late],
    ) | Q(
        finding_type=FindingType.UNRECORDED_STEP,
        finding_id__in=[s.pk for s in unrecorded],
    )
    if not late and not unrecorded:
        return {}
    orders: dict[tuple[str, int], RecordingCorrection] = {}
    for order in RecordingCorrection.objects.filter(wanted).order_by(
        "created_at", "pk"
    ):
        orders[(order.finding_type, order.finding_id)] = order
    return orders


def _late_correction_ids() -> set[int]:
    """Orders whose correcting clock was missed or is overdue."""
    return set(
        Clock.objects.filter(
            target_type=RecordingCorrection._meta.label_lower,
            step=RecordingCorrection.Status.ORDERED,
            state__in=(Clock.State.MISSED, Clock.State.OVERDUE),
        ).values_list("target_id", flat=True)
    )
