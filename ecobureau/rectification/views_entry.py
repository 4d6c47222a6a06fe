"""Entry pages: what the services record that the ledger import and the detail
pages do not — a task or case entered by hand, a measure or milestone added,
the look-back on a measure, the supervising department, an enforcement case
linked to a petition case, the committee's meetings, supervision visits and a
newer close-out regulation. One page per entry; a refused form answers 400
with its errors beside what was typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import selectors, services, standards
from .forms import (
    CaseForm,
    CaseScoreForm,
    EnforcementLinkForm,
    EnterpriseLinkForm,
    KeyCaseForm,
    LookBackForm,
    MeasureForm,
    MeetingForm,
    MeetingRecordForm,
    MilestoneForm,
    RegulationForm,
    ReviewDepartmentsForm,
    SupervisingDepartmentForm,
    TaskForm,
    TerritoriesForm,
    VisitForm,
    VisitRecordForm,
)
from .models import CommitteeMeeting, Measure, SupervisionVisit

TEMPLATE = "rectification/entry_form.html"


def _need(request: AppRequest, *perms: str) -> None:
    user = request.user
    if not (
        user.is_superuser or any(user.has_perm(f"rectification.{p}") for p in perms)
    ):
        raise PermissionDenied("您没有该操作的权限。")


def _page(
    request: AppRequest,
    form: django_forms.Form,
    *,
    title: str,
    back: str,
    submit: str,
    intro: str = "",
    template: str = TEMPLATE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form page; 400 when a submitted form was refused."""
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "back": back,
            "submit": submit,
            "intro": intro,
            **(extra or {}),
        },
        status=status,
    )


def _entry_page(
    request: AppRequest,
    form: django_forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str,
    then: Any,
    title: str,
    back: str,
    submit: str,
    intro: str = "",
    template: str = TEMPLATE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page whose valid submission goes to one service (`save`, given the
    cleaned data): saved → `done` and a redirect to `then` (None: to what `save`
    returned); refused by the form or the service → the page again with the
    reason, what was typed kept, 400."""
    saved: list[Any] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: saved.append(save(form.cleaned_data)))
    ):
        messages.success(request, done)
        return redirect(then if then is not None else saved[0])
    return _page(
        request,
        form,
        title=title,
        back=back,
        submit=submit,
        intro=intro,
        template=template,
        extra=extra,
    )


def _numbers(text: str) -> list[str]:
    return [n for n in re.split(r"[、，,；;\s]+", text) if n]


# --- Ledger entries ----------------------------------------------------------------


@staff_required
def task_new(request: AppRequest) -> HttpResponse:
    _need(request, "manage_ledger")
    return _entry_page(
        request,
        TaskForm(request.POST or None),
        lambda data: services.task_create(
            by=request.user, data=services.TaskData(**data)
        ),
        done="已录入整改任务，待党工委、管委会会议审议。",
        then=None,
        title="录入整改任务",
        back=reverse("rectification:index"),
        submit="录入",
        intro="录入后状态为待审议；整改措施在任务页面逐条增加（种子001三(二)1）。",
    )


@staff_required
def case_new(request: AppRequest) -> HttpResponse:
    _need(request, "manage_ledger")
    return _entry_page(
        request,
        CaseForm(request.POST or None),
        lambda data: services.petition_create(
            by=request.user, data=services.CaseData(**data)
        ),
        done="已录入信访案件。",
        then=None,
        title="录入督察转办信访案件",
        back=reverse("rectification:index"),
        submit="录入",
    )


@staff_required
def measure_new(request: AppRequest, pk: int) -> HttpResponse:
    _need(request, "manage_ledger")
    task = selectors.task_get_for_user(request.user, pk)
    form = MeasureForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.measure_add(
            by=request.user,
            task=task,
            data=services.MeasureData(**data),
        ),
        done="已增加整改措施。",
        then=task,
        title=f"{task}：增加整改措施",
        back=task.get_absolute_url(),
        submit="增加",
        intro="完成标准按措施类型确定（种子001四(一)）。",
    )


@staff_required
def milestone_new(request: AppRequest, pk: int) -> HttpResponse:
    _need(request, "manage_ledger")
    task = selectors.task_get_for_user(request.user, pk)
    form = MilestoneForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.milestone_add(by=request.user, task=task, **data),
        done="已增加时间节点。",
        then=task,
        title=f"{task}：增加时间节点",
        back=task.get_absolute_url(),
        submit="增加",
        intro="时间表、路线图，按时间节点分阶段推进（种子001三(二)1）。",
    )


@staff_required
def lookback_new(request: AppRequest, pk: int, measure_pk: int) -> HttpResponse:
    _need(request, "manage_ledger")
    task = selectors.task_get_for_user(request.user, pk)
    measure = get_object_or_404(Measure, pk=measure_pk, task=task)
    form = LookBackForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.lookback_record(by=request.user, measure=measure, **data),
        done="已记录回头看检查。",
        then=task,
        title=f"回头看：{task} 第{measure.seq}项措施",
        back=task.get_absolute_url(),
        submit="记录",
        intro=f"{measure.get_kind_display()}：{measure.content}。"
        "对照每条整改措施现场检查落实情况（种子001三(一)1）。",
    )


def _enterprise_page(
    request: AppRequest,
    item: Any,
    setter: Callable[[Any], Any],
) -> HttpResponse:
    if not services.enterprise_link_allowed(request.user, item):
        raise PermissionDenied("只有承办单位或市督改办可以修改涉及企业。")
    current = item.enterprise.credit_code if item.enterprise_id else ""
    form = EnterpriseLinkForm(request.POST or None, initial={"enterprise": current})
    return _entry_page(
        request,
        form,
        lambda data: setter(data["enterprise"]),
        done="已修改涉及企业。",
        then=item,
        title=f"{item}：涉及企业",
        back=item.get_absolute_url(),
        submit="保存",
        intro="问题涉及的企业用于企业环境信用评价（逾期未整改、反弹）。"
        "由承办单位或市督改办填写，修改留有记录。",
    )


@staff_required
def task_enterprise(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    return _enterprise_page(
        request,
        task,
        lambda enterprise: services.task_enterprise_set(
            by=request.user, task=task, enterprise=enterprise
        ),
    )


@staff_required
def case_enterprise(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    return _enterprise_page(
        request,
        case,
        lambda enterprise: services.petition_enterprise_set(
            by=request.user, case=case, enterprise=enterprise
        ),
    )


@staff_required
def case_supervisor(request: AppRequest, pk: int) -> HttpResponse:
    """B13: the supervising department, picked from the registry of units; says
    so, and where the administrator adds departments, when none can be picked."""
    _need(request, "manage_ledger", "accept_rectification")
    case = selectors.case_get_for_user(request.user, pk)
    form = SupervisingDepartmentForm(
        request.POST if request.method == "POST" else None,
        initial={"department": case.supervising_department_id},
    )
    return _entry_page(
        request,
        form,
        lambda data: services.petition_supervising_department(
            by=request.user,
            case=case,
            department=data["department"],
        ),
        done="已登记督导责任单位。",
        then=case,
        title=f"{case}：督导责任单位",
        back=case.get_absolute_url(),
        submit="保存",
        intro="市级行业主管部门作为案件办理督导责任单位，需参加案件的验收工作，"
        "在验收意见书上“签字背书”（种子001五3）。"
        + (
            f"原登记的“{case.supervising_department_unlisted}”未在单位名录中，"
            "请重新选择。"
            if case.supervising_department_unlisted and not case.supervising_department
            else ""
        ),
        template="rectification/supervisor_form.html",
        extra={
            "registry_empty": not selectors.review_department_units().exists(),
            "none_offered": not form.offers_any,
            "units_admin_url": reverse("admin:accounts_unit_changelist"),
        },
    )


@staff_required
def case_review_departments(request: AppRequest, pk: int) -> HttpResponse:
    """B30: the industry departments added to the city review group, ticked from
    the registry of units; says so when the registry offers none."""
    _need(request, "manage_ledger", "review_rectification")
    case = selectors.case_get_for_user(request.user, pk)
    units = selectors.review_department_units()
    refused = services.review_department_refusals(case, units)
    form = ReviewDepartmentsForm(
        request.POST if request.method == "POST" else None,
        units=units,
        hidden=refused,
        initial={"departments": [u.pk for u in case.review_departments.all()]},
    )
    return _entry_page(
        request,
        form,
        lambda data: services.petition_review_departments(
            by=request.user,
            case=case,
            departments=data["departments"],
        ),
        done="已登记复核工作组的行业主管部门。",
        then=case,
        title=f"{case}：复核工作组行业主管部门",
        back=case.get_absolute_url(),
        submit="保存",
        intro="市级复核工作组由市纪委监委机关、市委市政府督查室、市司法局、"
        "市生态环境局组成基本架构，根据案件具体情况随时添加行业主管部门"
        "（种子001附件2二(二)）。督导责任单位已在其中。",
        template="rectification/review_departments_form.html",
        extra={
            "registry_empty": not units,
            "none_offered": all(u.pk in refused for u in units),
            "units_admin_url": reverse("admin:accounts_unit_changelist"),
            "unlisted": standards.split_names(case.review_departments_unlisted),
        },
    )


@staff_required
def case_link(request: AppRequest, pk: int) -> HttpResponse:
    """Link an enforcement case to the petition case's 查处 condition."""
    _need(request, "handle_rectification")
    case = selectors.case_get_for_user(request.user, pk)
    form = EnforcementLinkForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.enforcement_link(
            by=request.user,
            enforcement_case_id=data["enforcement_case"],
            petition=case,
        ),
        done="已关联执法案件。",
        then=case,
        title=f"{case}：关联执法案件",
        back=case.get_absolute_url(),
        submit="关联",
        intro="违法问题查处到位的佐证：关联的执法案件须已作出决定（种子001四(二)3）。",
    )


# --- Oversight records (city-wide) -------------------------------------------------


def _oversight_url() -> str:
    return reverse("rectification:oversight")


@staff_required
def meeting_new(request: AppRequest) -> HttpResponse:
    _need(request, "manage_ledger")
    form = MeetingForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.meeting_schedule(by=request.user, **data),
        done="已安排会议。",
        then="rectification:oversight",
        title="安排党工委研究环境保护工作会议",
        back=_oversight_url(),
        submit="安排",
        intro="党工委会坚持每两个月至少研究一次环境保护工作（种子001五1）。",
    )


@staff_required
def meeting_held(request: AppRequest, pk: int) -> HttpResponse:
    _need(request, "manage_ledger")
    meeting = get_object_or_404(CommitteeMeeting, pk=pk)
    form = MeetingRecordForm(
        request.POST or None,
        initial={"held_on": meeting.held_on, "minutes": meeting.minutes},
    )
    return _entry_page(
        request,
        form,
        lambda data: services.meeting_record(by=request.user, meeting=meeting, **data),
        done="已记录会议。",
        then="rectification:oversight",
        title=f"记录会议召开情况（计划{meeting.planned_on:%Y-%m-%d}）",
        back=_oversight_url(),
        submit="记录",
        intro=f"研究议题：{meeting.topics}",
    )


@staff_required
def visit_new(request: AppRequest) -> HttpResponse:
    _need(request, "manage_ledger")
    form = VisitForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.visit_schedule(by=request.user, **data),
        done="已安排督查。",
        then="rectification:oversight",
        title="安排督查",
        back=_oversight_url(),
        submit="安排",
        intro="纪工委每月现场督查；专项督查以市督改办人员为主，邀请专家和行业部门参加"
        "（种子001五6）。",
    )


@staff_required
def visit_done(request: AppRequest, pk: int) -> HttpResponse:
    _need(request, "manage_ledger")
    visit = get_object_or_404(SupervisionVisit, pk=pk)
    form = VisitRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        task_numbers = _numbers(data.pop("task_numbers"))
        case_numbers = _numbers(data.pop("case_numbers"))
        tasks = list(
            selectors.task_list_for_user(request.user).filter(number__in=task_numbers)
        )
        cases = list(
            selectors.case_list_for_user(request.user).filter(number__in=case_numbers)
        )
        unknown = sorted(
            (set(task_numbers) - {t.number for t in tasks})
            | (set(case_numbers) - {c.number for c in cases})
        )
        if unknown:
            form.add_error(None, "未找到以下编号：" + "、".join(unknown) + "。")
        elif attempt(
            form,
            lambda: services.visit_record(
                by=request.user, visit=visit, tasks=tasks, cases=cases, **data
            ),
        ):
            messages.success(request, "已记录督查情况。")
            return redirect("rectification:oversight")
    return _page(
        request,
        form,
        title=f"记录督查情况：{visit.get_kind_display()}（{visit.focus}）",
        back=_oversight_url(),
        submit="记录",
        intro=f"计划日期{visit.planned_on:%Y-%m-%d}；督查组成员：{visit.team}",
    )


@staff_required
def regulation_new(request: AppRequest) -> HttpResponse:
    _need(request, "manage_ledger")
    form = RegulationForm(request.POST or None)
    return _entry_page(
        request,
        form,
        lambda data: services.regulation_add(by=request.user, **data),
        done="已登记新规定，自施行日期起替代原规定。",
        then="rectification:oversight",
        title="登记新的销号规定",
        back=_oversight_url(),
        submit="登记",
        intro="如果上级出台新的规定，按新规定执行（种子001五4）。",
    )


def _score_unit(request: AppRequest, case: Any) -> Any:
    """B23: the territory scored — `?unit=` one of the case's territories, else
    its 承办单位; another unit is no page (404)."""
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if not raw:
        return case.unit
    for unit in services.case_territories(case):
        if str(unit.pk) == raw:
            return unit
    raise Http404("该单位不是本案件的属地。")


@staff_required
def case_score(request: AppRequest, pk: int) -> HttpResponse:
    """Score a petition case by the rubric of 附件1 (二) (B22, B23), for one of
    its territories (多属地分别考核计分)."""
    _need(request, "handle_rectification")
    case = selectors.case_get_for_user(request.user, pk)
    unit = _score_unit(request, case)
    stored = case.scores.filter(unit=unit).first()
    initial = CaseScoreForm.initial_from(stored.inputs) if stored else None
    form = CaseScoreForm(request.POST or None, initial=initial)
    saved: list[Any] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: saved.append(
                services.case_score_record(
                    by=request.user, case=case, inputs=form.inputs(), unit=unit
                )
            ),
        )
    ):
        messages.success(request, f"已评分：{saved[0].score}分。")
        return redirect(case)
    several = len(services.case_territories(case)) > 1
    return _page(
        request,
        form,
        title=f"{case}：案件评分" + (f"（{unit.name}）" if unit and several else ""),
        back=case.get_absolute_url(),
        submit="评分",
        intro="属地责任9分、属事责任5分、整改情况22分、档案情况14分、办理结果50分，"
        "另计加分和扣分；表面整改、虚假整改、敷衍整改的案件为0分（种子001附件1(二)）。"
        + ("多属地分别考核计分：本页只为此属地评分。" if several else "")
        + (f"当前得分：{stored.score}分。" if stored else ""),
    )


@staff_required
def case_territories(request: AppRequest, pk: int) -> HttpResponse:
    """B23: the other territories a case spans, each scored separately."""
    _need(request, "manage_ledger")
    case = selectors.case_get_for_user(request.user, pk)
    units = selectors.territory_units()
    form = TerritoriesForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"territories": [u.pk for u in case.territories.all()]},
    )
    return _entry_page(
        request,
        form,
        lambda data: services.petition_territories(
            by=request.user, case=case, units=list(data["territories"])
        ),
        done="已登记其他属地，各属地分别考核计分。",
        then=case,
        title=f"{case}：其他属地",
        back=case.get_absolute_url(),
        submit="保存",
        intro="同属地多主体分值按平均值计得分；多属地分别考核计分（种子001附件1(二)）。"
        + (f"承办单位：{case.unit}。" if case.unit else ""),
    )


@staff_required
def case_key_plan(request: AppRequest, pk: int) -> HttpResponse:
    """B8: the key case's guarantors, work plan, push mechanism, standard and
    deadline (seed 001 三(二)2)."""
    case = selectors.case_get_for_user(request.user, pk)
    if not services.enterprise_link_allowed(request.user, case):
        raise PermissionDenied("只有市督改办或案件承办单位可以登记重点案件。")
    form = KeyCaseForm(
        request.POST if request.method == "POST" else None,
        initial={
            "key_case": case.key_case,
            "guarantors": case.guarantors,
            "work_plan": case.work_plan,
            "push_mechanism": case.push_mechanism,
            "key_standard": case.key_standard,
            "deadline": case.deadline,
        },
    )
    return _entry_page(
        request,
        form,
        lambda data: services.petition_key_plan(by=request.user, case=case, **data),
        done="已登记重点案件。",
        then=case,
        title=f"{case}：重点案件",
        back=case.get_absolute_url(),
        submit="保存",
        intro="针对重点案件，责任单位要党政主要领导包保，建立工作计划、制定推进机制，"
        "明确整改标准和完成时限（种子001三(二)2）。",
    )
