"""The year's records of each enterprise, read from the other modules (read only).

One query per source for any number of enterprises. Each record becomes a
`scoring.Fact` naming the record ("enforcement.enforcementcase:12"), so every point
in a score can be traced to it.

Sources and what counts (the previous calendar year, Asia/Shanghai; rules.md C3):
- case_filed: enforcement cases filed (立案) in the year.
- penalty: administrative penalty decisions (行政处罚决定) decided in the year, each
  named by its decision number (决定书文号) and date; the fine and other penalties
  are in the label (enforcement's PenaltyDecision and its issued decision document).
- exceedance / anomaly: monitoring clues detected in the year, not dismissed (已排除).
- no_permit / over_total: monitoring discharge flags of the year.
- complaint_true: complaints about the enterprise found true or partly true,
  handled in the year (merged duplicates excluded).
- permit_expired: an enterprise under permit management (重点/简化) with no
  discharge permit valid on 31 December.
- incident: environmental emergencies (突发环境事件) the enterprise was responsible
  for, graded and not dismissed, that happened in the year (emergencies' selector
  `incidents_for_enterprises`); each names the incident, its grade and date.

- rectification: 督察整改 tasks and petition cases naming the enterprise (their
  optional enterprise link) whose deadline fell in the year and was missed, or
  that were reopened (反弹) in the year (rectification's selector
  `overdue_items_for_enterprises`); each names the task or case, its deadline
  and what happened. Tasks without an enterprise are never attributed.
- disclosure: a breach of the disclosure duty (信息公开义务) established by
  enforcement — a case's check against the minor-violation list entry
  违反信息公开规定的行为 (重点排污单位环境信息未及时公开或公开内容不全), decided by
  the head in the year, whichever the decision (不予处罚 with education, or
  continued to a penalty). The only record of the duty the platform holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from ecobureau.casework.models import Document
from ecobureau.complaints.models import Complaint
from ecobureau.emergencies import selectors as emergency_selectors
from ecobureau.enforcement.models import (
    EnforcementCase,
    ListedSupervision,
    MinorViolationCheck,
    PenaltyDecision,
)
from ecobureau.enterprises.models import Enterprise, Permit
from ecobureau.lib import dates
from ecobureau.monitoring.models import Clue, DischargeFlag
from ecobureau.rectification import selectors as rectification_selectors

from . import config
from .scoring import Fact

# The documents that carry a penalty decision's number (enforcement.selectors
# PARTY_DOCUMENT_KINDS: the ordinary and the summary-procedure decision).
DECISION_DOCUMENT_KINDS = ("enf_penalty_decision", "enf_summary_decision")
# rules.md C4: fined at least this much in the year → in the mandatory scope.
MANDATORY_FINE = Decimal(50000)
# rules.md C4: licence suspended or revoked, or ordered to stop production.
MANDATORY_MEASURES = {"suspend", "revoke_permit", "restrict"}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    start = dates.local_datetime(date(year, 1, 1), time(0, 0))
    end = dates.local_datetime(date(year + 1, 1, 1), time(0, 0))
    return start, end


def _day(moment: datetime | None) -> date | None:
    return dates.local_date(moment) if moment else None


def facts_for(enterprise_ids: Iterable[int], year: int) -> dict[int, list[Fact]]:
    ids = list(enterprise_ids)
    start, end = year_bounds(year)
    out: dict[int, list[Fact]] = defaultdict(list)

    for case in EnforcementCase.objects.filter(
        enterprise_id__in=ids, filed_at__gte=start, filed_at__lt=end
    ).only("id", "enterprise_id", "reference", "start_reason", "filed_at"):
        out[case.enterprise_id].append(
            Fact(
                "case_filed",
                f"enforcement.enforcementcase:{case.pk}",
                f"执法案件{case.reference or '#' + str(case.pk)}立案：{case.start_reason[:40]}",
                _day(case.filed_at),
            )
        )

    for fact in penalty_facts(ids, start, end):
        out[fact[0]].append(fact[1])

    for clue in (
        Clue.objects.filter(
            enterprise_id__in=ids,
            source__in=[Clue.Source.EXCEEDANCE, Clue.Source.ANOMALY],
            detected_at__gte=start,
            detected_at__lt=end,
        )
        .exclude(status=Clue.Status.DISMISSED)
        .only("id", "enterprise_id", "number", "title", "source", "detected_at")
    ):
        out[clue.enterprise_id].append(  # type: ignore[index]
            Fact(
                "exceedance" if clue.source == Clue.Source.EXCEEDANCE else "anomaly",
                f"monitoring.clue:{clue.pk}",
                f"监测线索{clue.number}：{clue.title[:40]}",
                _day(clue.detected_at),
            )
        )

    for flag in DischargeFlag.objects.filter(enterprise_id__in=ids, year=year):
        out[flag.enterprise_id].append(
            Fact(
                flag.kind,
                f"monitoring.dischargeflag:{flag.pk}",
                f"{flag.get_kind_display()}：{flag.detail[:60]}",
                _day(flag.detected_at),
            )
        )

    for complaint in (
        Complaint.objects.filter(
            enterprise_id__in=ids,
            finding__in=[Complaint.Finding.TRUE, Complaint.Finding.PARTLY],
            handled_at__gte=start,
            handled_at__lt=end,
        )
        .exclude(status=Complaint.Status.MERGED)
        .only("id", "enterprise_id", "tracking_code", "finding", "handled_at")
    ):
        out[complaint.enterprise_id].append(  # type: ignore[index]
            Fact(
                "complaint_true",
                f"complaints.complaint:{complaint.pk}",
                f"投诉{complaint.tracking_code}核查{complaint.get_finding_display()}",
                _day(complaint.handled_at),
            )
        )

    for incident in emergency_selectors.incidents_for_enterprises(ids, start, end):
        out[incident.enterprise_id].append(incident_fact(incident))

    for fact in disclosure_facts(ids, start, end):
        out[fact[0]].append(fact[1])

    for item in rectification_selectors.overdue_items_for_enterprises(ids, start, end):
        out[item.enterprise_id].append(rectification_fact(item))

    year_end = date(year, 12, 31)
    managed = list(
        Enterprise.objects.filter(
            pk__in=ids,
            permit_category__in=[
                Enterprise.PermitCategory.KEY,
                Enterprise.PermitCategory.SIMPLIFIED,
            ],
        ).values_list("pk", flat=True)
    )
    valid = set(
        Permit.objects.filter(
            enterprise_id__in=managed,
            kind=Permit.Kind.DISCHARGE,
        )
        .exclude(valid_until__lt=year_end)
        .exclude(issued_on__gt=year_end)
        .values_list("enterprise_id", flat=True)
    )
    for pk in managed:
        if pk not in valid:
            out[pk].append(
                Fact(
                    "permit_expired",
                    f"enterprises.enterprise:{pk}",
                    f"{year}年12月31日无有效排污许可证（企业档案）",
                    year_end,
                )
            )
    return dict(out)


def disclosure_facts(
    ids: list[int], start: datetime, end: datetime
) -> list[tuple[int, Fact]]:
    """(enterprise id, fact) for each disclosure breach decided in [start, end):
    one query for any number of enterprises."""
    rows = (
        MinorViolationCheck.objects.filter(
            case__enterprise_id__in=ids,
            item__title__contains=config.DISCLOSURE_ITEM_TITLE,
            decided_at__gte=start,
            decided_at__lt=end,
        )
        .exclude(decision="")
        .order_by("decided_at", "pk")
        .values_list(
            "pk",
            "case__enterprise_id",
            "case_id",
            "case__reference",
            "item__number",
            "item__title",
            "decision",
            "decided_at",
        )
    )
    labels = dict(MinorViolationCheck.Decision.choices)
    out = []
    for pk, enterprise_id, case_id, reference, number, title, decision, at in rows:
        day = _day(at)
        out.append(
            (
                enterprise_id,
                Fact(
                    "disclosure",
                    f"enforcement.minorviolationcheck:{pk}",
                    f"信息公开义务：执法案件{reference or '#' + str(case_id)}"
                    f"经核对属轻微违法行为目录清单第{number}项“{title}”"
                    f"（{day}负责人决定：{labels.get(decision, decision)}）",
                    day,
                ),
            )
        )
    return out


def rectification_fact(item: rectification_selectors.EnterpriseItem) -> Fact:
    """A late or rebounding 督察整改 item as a fact: the line names the task or
    case number, its deadline, what happened and why it counts."""
    why = (
        "未按时限完成整改（种子001 四）"
        if item.situation == "overdue"
        else "整改后反弹、重新整改（种子001 三(一)2）"
    )
    return Fact(
        "rectification",
        f"{item.ref}:{item.situation}",
        f"督察整改：{item.label}——{why}",
        item.on,
    )


def incident_fact(incident: emergency_selectors.IncidentSummary) -> Fact:
    day = _day(incident.happened_at)
    return Fact(
        "incident",
        f"emergencies.incident:{incident.pk}",
        f"突发环境事件#{incident.pk}（{incident.grade_label}，{day}）："
        f"{incident.title[:40]}",
        day,
    )


def mandatory_by_incident(ids: list[int], year: int) -> dict[int, str]:
    """Enterprise id → why an incident of the year puts it in the mandatory scope
    (rules.md C4: a 较大 or larger environmental emergency the previous year)."""
    start, end = year_bounds(year)
    out: dict[int, str] = {}
    for incident in emergency_selectors.incidents_for_enterprises(ids, start, end):
        if incident.larger_or_above:
            out[incident.enterprise_id] = (
                f"上年度发生{incident.grade_label}突发环境事件（突发环境事件#{incident.pk}）"
            )
    return out


def _decisions(ids: list[int], start: datetime, end: datetime) -> list[PenaltyDecision]:
    return list(
        PenaltyDecision.objects.filter(
            case__enterprise_id__in=ids, decided_at__gte=start, decided_at__lt=end
        )
        .select_related("case")
        .only(
            "id",
            "case__id",
            "case__enterprise_id",
            "decided_at",
            "warning",
            "fine",
            "daily_fine",
            "measures",
        )
        .order_by("decided_at", "pk")
    )


def _decision_numbers(case_ids: list[int]) -> dict[int, str]:
    """Case id → the number (文号) of its penalty decision document, one query."""
    numbers: dict[int, str] = {}
    for case_id, reference in (
        Document.objects.filter(
            target_type="enforcement.enforcementcase",
            target_id__in=case_ids,
            kind__in=DECISION_DOCUMENT_KINDS,
        )
        .order_by("issued_at", "pk")
        .values_list("target_id", "reference")
    ):
        numbers[case_id] = reference
    return numbers


def penalty_executed_dates(decision_ids: Iterable[int]) -> dict[int, date | None]:
    """Penalty decision id → the day it was carried out in full (执行完毕,
    enforcement's `PenaltyDecision.executed_at`), None while not yet; one query
    (read only). C9 counts the publication period from this day."""
    return {
        pk: _day(executed_at)
        for pk, executed_at in PenaltyDecision.objects.filter(
            pk__in=list(decision_ids)
        ).values_list("pk", "executed_at")
    }


def penalty_facts(
    ids: list[int], start: datetime, end: datetime
) -> list[tuple[int, Fact]]:
    """Penalty decisions decided in the year (two queries for any number of
    enterprises). Each names the decision number and date."""
    decisions = _decisions(ids, start, end)
    numbers = _decision_numbers([d.case.pk for d in decisions])
    out = []
    for decision in decisions:
        number = (
            numbers.get(decision.case.pk) or f"案件#{decision.case.pk}（文书未编号）"
        )
        day = _day(decision.decided_at)
        out.append(
            (
                decision.case.enterprise_id,
                Fact(
                    "penalty",
                    f"enforcement.penaltydecision:{decision.pk}",
                    f"行政处罚决定书{number}（{day}）：{decision.penalty_text()}"[:200],
                    day,
                ),
            )
        )
    return out


def mandatory_by_penalty(ids: list[int], year: int) -> dict[int, str]:
    """Enterprise id → why a penalty of the year puts it in the mandatory scope
    (rules.md C4: fined ≥ 50,000 yuan, licence suspended/revoked, ordered to stop)."""
    start, end = year_bounds(year)
    out: dict[int, str] = {}
    for decision in _decisions(ids, start, end):
        enterprise_id = decision.case.enterprise_id
        if decision.fine >= MANDATORY_FINE:
            out[enterprise_id] = f"上年度罚款{decision.fine}元（≥5万元）"
        elif MANDATORY_MEASURES & set(decision.measures or []):
            out[enterprise_id] = "上年度被责令停产整治、停产停业或吊销许可证"
    return out


def mandatory_by_listed_supervision(ids: list[int], year: int) -> dict[int, str]:
    """Enterprise id → why a case under listed supervision (挂牌督办) in the year
    puts it in the mandatory scope (rules.md C4)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    rows = ListedSupervision.objects.filter(
        case__enterprise_id__in=ids, listed_on__gte=start, listed_on__lt=end
    ).values_list("case__enterprise_id", "authority", "reference")
    return {
        enterprise_id: f"上年度被{authority}挂牌督办（{reference}）"
        for enterprise_id, authority, reference in rows
    }


def heavy_polluting_sector(enterprise: Enterprise) -> str:
    """The 重污染行业 the enterprise's GB/T 4754 code falls in (rules.md C4: 16
    heavy-polluting sectors), "" if none. The code mapping is 示例配置
    (`config.HEAVY_POLLUTING_SECTORS`)."""
    code = (enterprise.industry_code or "").strip()
    for prefix, sector in config.HEAVY_POLLUTING_SECTORS:
        if code.startswith(prefix):
            return sector
    return ""
