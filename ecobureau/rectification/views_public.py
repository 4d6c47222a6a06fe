"""The public 公示 page (B14: 公示一个 before close-out): published tasks and
petition cases, never the complainant — searchable, each list paged and
exported as CSV or Excel with the same rows (issue 15 item 3)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ecobureau.accounts.http import AppRequest
from ecobureau.lib import list_export

from . import selectors
from .models import PetitionCase, RectificationTask
from .processes import CASE, TASK

TASK_HEADERS = ("任务编号", "督察轮次", "反馈问题", "整改目标", "状态", "公示时间")
CASE_HEADERS = ("受理编号", "督察轮次", "举报内容", "核实结论", "状态", "公示时间")


def _day(task_or_case: RectificationTask | PetitionCase) -> str:
    published = task_or_case.published_at
    return f"{published:%Y-%m-%d}" if published else ""


def _task_rows(tasks: QuerySet[RectificationTask]) -> Iterable[list[str]]:
    labels = {s.code: s.label for s in TASK.steps}
    for t in tasks:
        yield [
            t.number,
            t.round,
            t.problem,
            t.target,
            labels.get(t.status, ""),
            _day(t),
        ]


def _case_rows(cases: QuerySet[PetitionCase]) -> Iterable[list[str]]:
    labels = {s.code: s.label for s in CASE.steps}
    for c in cases:
        yield [
            c.number,
            c.round,
            c.public_content,
            c.get_truth_display(),
            labels.get(c.status, ""),
            _day(c),
        ]


@require_GET
def public(request: AppRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    tasks = selectors.task_list_public(q=q)
    cases = selectors.case_list_public(q=q)
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        if request.GET.get("list") == "cases":
            return list_export.response(
                fmt,
                filename="rectification-cases",
                title="信访举报案件公示",
                headers=CASE_HEADERS,
                rows=_case_rows(cases),
                widths=(20, 24, 60, 10, 12, 12),
            )
        return list_export.response(
            fmt,
            filename="rectification-tasks",
            title="整改任务公示",
            headers=TASK_HEADERS,
            rows=_task_rows(tasks),
            widths=(14, 24, 60, 40, 12, 12),
        )
    query = request.GET.copy()
    for key in ("tpage", "cpage"):
        query.pop(key, None)
    return render(
        request,
        "rectification/public.html",
        {
            "task_page": Paginator(tasks, 30).get_page(request.GET.get("tpage")),
            "case_page": Paginator(cases, 30).get_page(request.GET.get("cpage")),
            "q": q,
            "base_query": query.urlencode(),
            "task_steps": {s.code: s.label for s in TASK.steps},
            "case_steps": {s.code: s.label for s in CASE.steps},
        },
    )
