"""The daily scheduling sheet (按日调度, seed 001 三(二)1 "按日调度，按周上报、通报";
B7): the progress reports of one day on the tasks and cases the user may see,
the items flagged late or at risk, and the open items due within the warning
days that reported nothing that day — as a page and an Excel workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from ecobureau.accounts.models import User
from ecobureau.lib import xlsx

from . import selectors
from .models import ProgressReport
from .processes import DONE_STEPS
from .services import warning_days


@dataclass(frozen=True)
class DailyReport:
    item: str
    url: str
    unit: str
    by: str
    text: str


@dataclass(frozen=True)
class DailySheet:
    day: date
    reports: list[DailyReport]
    at_risk: list[selectors.AtRiskItem]
    silent: list[tuple[str, str, date, str]]  # item, url, deadline, unit

    @property
    def title(self) -> str:
        return f"督察整改按日调度表（{self.day:%Y年%m月%d日}）"


def daily_sheet(user: User, *, day: date) -> DailySheet:
    """What the day's scheduling covers, inside the user's scope."""
    tasks = selectors.task_list_for_user(user).order_by()
    cases = selectors.case_list_for_user(user).order_by()
    rows = (
        ProgressReport.objects.filter(
            Q(task__in=tasks.values("pk")) | Q(case__in=cases.values("pk")),
            reported_on=day,
        )
        .select_related("task__unit", "case__unit", "by")
        .order_by("pk")
    )
    reports = []
    reported_tasks: set[int] = set()
    reported_cases: set[int] = set()
    for r in rows:
        item = r.task if r.task_id else r.case
        assert item is not None
        (reported_tasks if r.task_id else reported_cases).add(item.pk)
        reports.append(
            DailyReport(
                item=str(item),
                url=item.get_absolute_url(),
                unit=item.unit.name if item.unit else "",
                by=r.by.full_name,
                text=r.text,
            )
        )
    # Open items due within the warning days that reported nothing today.
    soon = Q(deadline__lte=day + timedelta(days=warning_days()))
    silent = []
    for qs, done in ((tasks, reported_tasks), (cases, reported_cases)):
        for item in (
            qs.exclude(status__in=DONE_STEPS)
            .filter(soon)
            .exclude(pk__in=done)
            .select_related("unit")
            .order_by("deadline", "number")
        ):
            silent.append(
                (
                    str(item),
                    item.get_absolute_url(),
                    item.deadline,
                    item.unit.name if item.unit else "",
                )
            )
    return DailySheet(
        day=day,
        reports=reports,
        at_risk=selectors.items_at_risk_for_user(user),
        silent=silent,
    )


def daily_xlsx(sheet: DailySheet) -> bytes:
    content, _ = xlsx.write_workbook(
        [
            xlsx.Sheet(
                name="当日进展",
                headers=("事项", "承办单位", "报送人", "进展情况"),
                rows=[(r.item, r.unit, r.by, r.text) for r in sheet.reports],
                widths=(24, 24, 10, 60),
            ),
            xlsx.Sheet(
                name="超期与预警",
                headers=("事项", "区县", "承办单位", "完成时限", "情况"),
                rows=[
                    (i.label, i.district, i.unit, i.deadline.isoformat(), i.flag)
                    for i in sheet.at_risk
                ],
                widths=(24, 12, 24, 12, 8),
            ),
            xlsx.Sheet(
                name="临期未报送",
                headers=("事项", "完成时限", "承办单位"),
                rows=[(s[0], s[2].isoformat(), s[3]) for s in sheet.silent],
                widths=(24, 12, 24),
            ),
        ]
    )
    return content
