"""The year's records of each enterprise, read from the other modules (read only).

One query per source for any number of enterprises. Each record becomes a
`scoring.Fact` naming the record ("enforcement.enforcementcase:12"), so every point
in a score can be traced to it.

Sources and what counts (the previous calendar year, Asia/Shanghai; rules.md C3):
- case_filed: enforcement cases filed (立案) in the year.
- penalty: penalty decisions — not built yet (issue 10); no facts, and the
  explanation says so.
- exceedance / anomaly: monitoring clues detected in the year, not dismissed (已排除).
- no_permit / over_total: monitoring discharge flags of the year.
- complaint_true: complaints about the enterprise found true or partly true,
  handled in the year (merged duplicates excluded).
- permit_expired: an enterprise under permit management (重点/简化) with no
  discharge permit valid on 31 December.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from ecobureau.complaints.models import Complaint
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enterprises.models import Enterprise, Permit
from ecobureau.lib import dates
from ecobureau.monitoring.models import Clue, DischargeFlag

from .scoring import Fact

PENALTY_MISSING = (
    "行政处罚决定数据尚未在平台建成（执法模块第二阶段），“行政处罚”指标暂无记录可计。"
)


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
