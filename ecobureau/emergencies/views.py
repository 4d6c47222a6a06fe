"""Staff pages for incidents, opinion events and plans; the public release pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm, Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt, refused_status

from . import forms, grading, limits, preparedness, recovery, selectors, services
from .models import Incident, OpinionEvent, Plan
from .processes import INCIDENT, OPINION

ACTION_LABELS = {
    "emergencies.incident.create": "登记突发环境事件",
    "emergencies.incident.grade": "初步定级",
    "emergencies.incident.regrade": "调整级别",
    "emergencies.incident.verify": "核实并启动处置",
    "emergencies.incident.dismiss": "核实不构成突发环境事件",
    "emergencies.incident.close": "应急处置结束",
    "emergencies.incident.conclude": "完成损害评估与总结",
    "emergencies.report.submit": "报送报告",
    "emergencies.report.congress": "登记向人大常委会报告",
    "emergencies.log.add": "记录处置情况",
    "emergencies.task.assign": "下达处置任务",
    "emergencies.task.feedback": "任务反馈",
    "emergencies.measurement.add": "录入应急监测数据",
    "emergencies.release.draft": "起草信息发布稿",
    "emergencies.release.review": "审核信息发布稿",
    "emergencies.incident.link": "移送立案或登记投诉",
    "emergencies.stoporder.issue": "记录停产限产措施",
    "emergencies.stoporder.lift": "解除停产限产措施",
    "emergencies.recovery.add": "登记事后恢复措施",
    "emergencies.recovery.done": "事后恢复措施完成",
    "emergencies.opinionevent.create": "登记舆情",
    "emergencies.opinionevent.assign": "分派办理",
    "emergencies.opinionevent.submit": "提交回复稿",
    "emergencies.opinionevent.return": "退回修改",
    "emergencies.opinionevent.approve": "审核通过并发布回复",
    "emergencies.opinionevent.close": "办结",
    "emergencies.help.request": "登记企业舆情求助",
    "emergencies.help.assign": "指定帮扶责任人",
    "emergencies.help.action": "记录帮扶措施",
    "emergencies.help.conclude": "帮扶结束",
    "emergencies.help.reply": "企业回复舆情帮扶",
    "emergencies.plan.register": "登记预案",
    "emergencies.plan.review": "记录回顾性评估",
    "emergencies.plan.revise": "记录预案修订",
    "emergencies.plan.role_add": "登记应急职务",
    "emergencies.plan.role_remove": "移除应急职务",
    "emergencies.plan.role_change": "修改应急职务",
    "emergencies.plan.contacts": "修改应急组织与联系人",
    "emergencies.plan.changes_pruned": "按保存期限删除联系人修改前后的值",
    "emergencies.drill.record": "记录演练",
    "emergencies.drill.done": "演练整改完成",
}


# --- Incidents ----------------------------------------------------------------------

# Query parameters that prefill the registration form (a link from another page).
PREFILL = ("source", "source_ref", "clue_id", "complaint_id", "enterprise", "title")


@require_GET
@staff_required
def index(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_incident")
    status = request.GET.get("status", "")
    incidents = selectors.incident_list_for_user(request.user, status=status)
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "emergencies/incident_list.html",
        {
            "page": page,
            "status": status,
            "steps": INCIDENT.steps,
            "overdue": selectors.overdue_reports_for_user(request.user)[:20],
        },
    )


@staff_required
def incident_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.handle_incident")
    # Opened from a monitoring clue's page (登记突发环境事件): the source and the
    # clue come prefilled; the service still checks the clue is the user's to see.
    initial = {
        name: request.GET[name]
        for name in PREFILL
        if request.method == "GET" and request.GET.get(name)
    }
    form = forms.IncidentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Incident] = []
        if attempt(
            form,
            lambda: created.append(
                services.incident_register(
                    by=request.user,
                    title=data["title"],
                    source=data["source"],
                    source_ref=data["source_ref"],
                    complaint_id=data["complaint_id"],
                    clue_id=data["clue_id"],
                    district=data["district"],
                    enterprise=data["enterprise"],
                    place=data["place"],
                    occurred_at=data["occurred_at"],
                    received_at=data["received_at"],
                    summary=data["summary"],
                )
            ),
        ):
            messages.success(request, "突发环境事件已登记，初报时限开始计时。")
            return redirect(created[0])
    return render(
        request,
        "emergencies/form_page.html",
        {
            "form": form,
            "title": "登记突发环境事件",
            "intro": "接报来源可为12369、在线监测报警、网格员、其他部门、公安、媒体等。"
            f"初报时限：{limits.REPORT_BASIS}，一般、较大4小时，重大、特别重大2小时，自获知时起。",
            "back": "emergencies:index",
        },
        status=400 if request.method == "POST" else 200,  # refused: what was typed
    )


def _incident_context(
    request: AppRequest, incident: Incident, bound: dict[str, BaseForm]
) -> dict[str, Any]:
    user = request.user
    handle = user.has_perm("emergencies.handle_incident")
    grade_initial = {name: getattr(incident, name) for name in services.FACT_FIELDS}
    context: dict[str, Any] = {
        "incident": incident,
        "step": INCIDENT.step(incident.status),
        "reports": selectors.reports_of(incident),
        "gradings": incident.gradings.select_related("by"),
        "log": incident.log_entries.all(),
        "tasks": incident.tasks.all(),
        "measurements": incident.measurements.all(),
        "releases": incident.releases.select_related("drafted_by", "reviewed_by"),
        "opinions": incident.opinions.all(),
        "plans": selectors.plans_for_incident(user, incident),
        "resources": selectors.resources_for_incident(user, incident),
        "handbook": selectors.emergency_handbook_for(incident.enterprise_id),
        "links": selectors.links_of(incident),
        "stop_orders": selectors.stop_orders_of(incident),
        "recovery": selectors.recovery_measures_of(incident),
        "recovery_open": recovery.recovery_open(incident),
        "today": timezone.localdate(),
        "clocks": selectors.clocks_of(incident),
        "history": casework_selectors.history_for(incident, ACTION_LABELS),
        "now": timezone.now(),
        "may_handle": handle,
        "may_review": user.has_perm("emergencies.review_release"),
        "is_open": incident.status in ("received", "responding", "closed"),
        "congress_hours": limits.congress_report_hours(),
        "grade_basis": grading.SOURCE,
        "criteria": grading.criteria_table(grading.configured_criteria()),
        "forms": {
            "grade": forms.GradeForm(initial=grade_initial),
            "verify": forms.VerifyForm(initial={"verification": incident.verification}),
            "dismiss": forms.DismissForm(),
            "report": forms.ReportForm(),
            "congress": forms.CongressReportForm(),
            "log": forms.LogForm(),
            "task": forms.TaskForm(),
            "feedback": forms.FeedbackForm(),
            "measurement": forms.MeasurementForm(),
            "release": forms.ReleaseForm(),
            "review": forms.ReviewForm(),
            "close": forms.CloseForm(),
            "conclude": forms.ConcludeForm(),
            "open_case": forms.CaseOpenForm(),
            "open_complaint": forms.ComplaintOpenForm(),
            "stop_order": forms.StopOrderForm(),
            "lift": forms.LiftForm(),
            "recovery": forms.RecoveryForm(),
            "recovery_done": forms.RecoveryDoneForm(
                initial={"done_on": timezone.localdate()}
            ),
        },
    }
    context["forms"].update(bound)
    return context


@require_GET
@staff_required
def incident_detail(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return render(
        request,
        "emergencies/incident_detail.html",
        _incident_context(request, incident, {}),
    )


def _incident_action(
    request: AppRequest,
    incident: Incident,
    key: str,
    form: BaseForm,
    perform: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    if form.is_valid() and attempt(form, lambda: perform(form.cleaned_data)):
        messages.success(request, done)
        return redirect(incident)
    # Refused: the page again with the error beside what was typed (400) — that
    # form shown even if the incident has left the step offering it (`refused`).
    incident.refresh_from_db()  # a refused transition may have set fields in memory
    context = _incident_context(request, incident, {key: form})
    context["refused"] = key
    return render(request, "emergencies/incident_detail.html", context, status=400)


@require_POST
@staff_required
def incident_grade(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "grade",
        forms.GradeForm(request.POST),
        lambda data: services.incident_grade(
            incident=incident, by=request.user, facts=data, note=data["note"]
        ),
        "已定级。",
    )


@require_POST
@staff_required
def incident_verify(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "verify",
        forms.VerifyForm(request.POST),
        lambda data: services.incident_verify(
            incident=incident, by=request.user, verification=data["verification"]
        ),
        "已核实，进入应急处置。",
    )


@require_POST
@staff_required
def incident_dismiss(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "dismiss",
        forms.DismissForm(request.POST),
        lambda data: services.incident_dismiss(
            incident=incident,
            by=request.user,
            verification=data["verification"],
            reason=data["reason"],
        ),
        "已认定不构成突发环境事件。",
    )


@require_POST
@staff_required
def report_submit(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    return _incident_action(
        request,
        report.incident,
        "report",
        forms.ReportForm(request.POST),
        lambda data: services.report_submit(
            report=report,
            by=request.user,
            content=data["content"],
            recipients=data["recipients"],
        ),
        f"{report}已报送。",
    )


@require_POST
@staff_required
def congress_report_record(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    return _incident_action(
        request,
        report.incident,
        "congress",
        forms.CongressReportForm(request.POST),
        lambda data: services.congress_report_record(
            report=report,
            by=request.user,
            reporter=data["reporter"],
            reported_at=data["reported_at"],
            reference=data["reference"],
            summary=data["summary"],
        ),
        "已登记向本级人大常委会报告的情况。",
    )


@require_POST
@staff_required
def log_add(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "log",
        forms.LogForm(request.POST),
        lambda data: services.log_add(
            incident=incident,
            by=request.user,
            actor_name=data["actor_name"],
            action=data["action"],
            at=data["at"],
        ),
        "已记录。",
    )


@require_POST
@staff_required
def task_assign(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "task",
        forms.TaskForm(request.POST),
        lambda data: services.task_assign(
            incident=incident,
            by=request.user,
            department=data["department"],
            unit=data["unit"],
            content=data["content"],
            due_at=data["due_at"],
        ),
        "任务已下达。",
    )


@require_POST
@staff_required
def task_feedback(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    return _incident_action(
        request,
        task.incident,
        "feedback",
        forms.FeedbackForm(request.POST),
        lambda data: services.task_feedback(
            task=task, by=request.user, feedback=data["feedback"]
        ),
        "已记录反馈。",
    )


@require_POST
@staff_required
def measurement_add(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "measurement",
        forms.MeasurementForm(request.POST),
        lambda data: services.measurement_add(
            incident=incident, by=request.user, **data
        ),
        "监测数据已录入。",
    )


@require_POST
@staff_required
def release_draft(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "release",
        forms.ReleaseForm(request.POST),
        lambda data: services.release_draft(
            incident=incident, by=request.user, title=data["title"], body=data["body"]
        ),
        "发布稿已提交审核。",
    )


@require_POST
@staff_required
def release_review(request: AppRequest, pk: int) -> HttpResponse:
    release = selectors.release_get_for_user(request.user, pk)
    return _incident_action(
        request,
        release.incident,
        "review",
        forms.ReviewForm(request.POST),
        lambda data: services.release_review(
            release=release,
            by=request.user,
            approve=data["decision"] == "approve",
            note=data["note"],
        ),
        "已审核。",
    )


@require_POST
@staff_required
def incident_close(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "close",
        forms.CloseForm(request.POST),
        lambda data: services.incident_close(
            incident=incident, by=request.user, summary=data["summary"]
        ),
        "应急处置已结束，处理结果报告开始计时。",
    )


@require_POST
@staff_required
def incident_conclude(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "conclude",
        forms.ConcludeForm(request.POST),
        lambda data: services.incident_conclude(
            incident=incident, by=request.user, **data
        ),
        "损害评估与总结已完成。",
    )


# --- Opinion events -----------------------------------------------------------------


@require_GET
@staff_required
def opinion_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_opinionevent")
    status = request.GET.get("status", "")
    events = selectors.opinion_list_for_user(request.user, status=status)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    overdue_helps = [
        (record, selectors.help_clock_rows(record, now))
        for record in selectors.help_list_overdue_for_user(request.user, now=now)[:50]
    ]
    return render(
        request,
        "emergencies/opinion_list.html",
        {
            "page": page,
            "status": status,
            "steps": OPINION.steps,
            "overdue_helps": overdue_helps,
        },
    )


@staff_required
def opinion_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.handle_incident")
    form = forms.OpinionForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[OpinionEvent] = []
        if attempt(
            form,
            lambda: created.append(
                services.opinion_register(
                    by=request.user,
                    title=data["title"],
                    channel=data["channel"],
                    url=data["url"],
                    content=data["content"],
                    spread=data["spread"],
                    grade=data["grade"],
                    discovered_at=data["discovered_at"],
                    district=data["district"],
                    enterprise=data["enterprise"],
                )
            ),
        ):
            messages.success(request, "舆情已登记，回复时限开始计时。")
            return redirect(created[0])
    return render(
        request,
        "emergencies/form_page.html",
        {
            "form": form,
            "title": "登记舆情",
            "intro": limits.OPINION_BASIS,
            "back": "emergencies:opinion-list",
        },
        status=refused_status(form),
    )


def _opinion_context(
    request: AppRequest, event: OpinionEvent, bound: dict[str, BaseForm]
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "event": event,
        "step": OPINION.step(event.status),
        "clocks": selectors.clocks_of(event),
        "history": casework_selectors.history_for(event, ACTION_LABELS),
        "may_handle": request.user.has_perm("emergencies.handle_incident"),
        "may_review": request.user.has_perm("emergencies.review_release"),
        "opinion_plan": selectors.opinion_plan_for(request.user),
        "helps": selectors.helps_with_clocks(event, timezone.now()),
        "forms": {
            "assign": forms.OpinionAssignForm(
                user=request.user, initial={"handler": event.assignee_id}
            ),
            "help": forms.HelpRequestForm(
                user=request.user, initial={"enterprise": event.enterprise_id}
            ),
            "draft": forms.DraftForm(initial={"reply_draft": event.reply_draft}),
            "return": forms.ReturnForm(),
            "close": forms.ClosureNoteForm(),
        },
    }
    context["forms"].update(bound)
    return context


@require_GET
@staff_required
def opinion_detail(request: AppRequest, pk: int) -> HttpResponse:
    event = selectors.opinion_get_for_user(request.user, pk)
    return render(
        request, "emergencies/opinion_detail.html", _opinion_context(request, event, {})
    )


@require_POST
@staff_required
def opinion_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    event = selectors.opinion_get_for_user(request.user, pk)
    form_classes: dict[str, type[Form]] = {
        "submit": forms.DraftForm,
        "return": forms.ReturnForm,
        "approve": Form,
        "close": forms.ClosureNoteForm,
    }
    form: BaseForm
    if action == "assign":
        form = forms.OpinionAssignForm(request.POST, user=request.user)
    elif action in form_classes:
        form = form_classes[action](request.POST)
    else:
        raise PermissionDenied("未知的操作。")
    key = {"submit": "draft"}.get(action, action)

    def perform() -> None:
        data = dict(form.cleaned_data)
        if action == "assign":
            services.opinion_assign(
                event=event, by=request.user, handler=data["handler"], note=data["note"]
            )
        elif action == "approve":
            services.opinion_approve(event=event, by=request.user)
        else:
            services.opinion_transition(
                event=event, transition=action, by=request.user, changes=data
            )

    if form.is_valid() and attempt(form, perform):
        messages.success(request, "已办理。")
        return redirect(event)
    # Refused: the page again with the error beside what was chosen or typed (400).
    event.refresh_from_db()  # a refused transition may have set fields in memory
    context = _opinion_context(request, event, {key: form})
    context["refused"] = key
    return render(request, "emergencies/opinion_detail.html", context, status=400)


# --- Emergency plans ----------------------------------------------------------------


@require_GET
@staff_required
def plan_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    return _plan_list_page(request)


def _plan_list_page(
    request: AppRequest, *, refused: Plan | None = None, form: BaseForm | None = None
) -> HttpResponse:
    """The plans; a refused review date shows again on its own row (400)."""
    today = timezone.localdate()
    plans = [
        (plan, plan.review_state(today))
        for plan in selectors.plan_list_for_user(request.user)
    ]
    return render(
        request,
        "emergencies/plan_list.html",
        {
            "plans": plans,
            "basis": limits.PLAN_REVIEW_BASIS,
            "review_form": forms.PlanReviewForm(),
            "refused_plan": refused.pk if refused is not None else None,
            "refused_form": form,
        },
        status=refused_status(form),
    )


@staff_required
def plan_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.handle_incident")
    form = forms.PlanForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(form, lambda: preparedness.plan_register(by=request.user, **data)):
            messages.success(request, "应急预案已登记。")
            return redirect("emergencies:plan-list")
    return render(
        request,
        "emergencies/form_page.html",
        {
            "form": form,
            "title": "登记应急预案备案",
            "intro": limits.PLAN_REVIEW_BASIS,
            "back": "emergencies:plan-list",
        },
        status=refused_status(form),
    )


@require_POST
@staff_required
def plan_review(request: AppRequest, pk: int) -> HttpResponse:
    plan: Plan = selectors.plan_get_for_user(request.user, pk)
    form = forms.PlanReviewForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: preparedness.plan_review_record(
            plan=plan, by=request.user, reviewed_on=form.cleaned_data["reviewed_on"]
        ),
    ):
        messages.success(request, "已记录回顾性评估。")
        return redirect("emergencies:plan-list")
    require_perm(request, "emergencies.view_plan")
    return _plan_list_page(request, refused=plan, form=form)
