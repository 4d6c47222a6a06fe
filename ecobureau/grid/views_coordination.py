"""三同时 projects, joint meetings and joint campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import attempt, refused_status

from . import selectors, services
from .forms import (
    CampaignConcludeForm,
    CampaignForm,
    CampaignTaskForm,
    MeetingForm,
    MeetingRecordForm,
    ProjectAdvanceForm,
    ProjectEventForm,
    ProjectForm,
    ReviewForm,
    SupervisionCloseForm,
    SupervisionFollowUpForm,
    SupervisionItemForm,
    TaskCompleteForm,
)
from .models import MeetingTask, Project
from .views import form_page

# --- 三同时 projects -------------------------------------------------------------------


@require_GET
@staff_required
def project_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_project")
    projects = selectors.project_list_for_user(request.user)
    phase = request.GET.get("phase", "")
    if phase:
        projects = projects.filter(phase=phase)
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/project_list.html",
        {
            "page": page,
            "phase": phase,
            "phases": Project.Phase.choices,
            "rates": selectors.project_rates(request.user),
            "today": timezone.localdate(),
            "querystring_without_page": f"phase={phase}&" if phase else "",
        },
    )


@staff_required
def project_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.manage_projects")
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.ProjectData(
            name=data["name"],
            enterprise=data["enterprise"],
            eia_approval_no=data["eia_approval_no"],
            eia_approved_on=data["eia_approved_on"],
            track=data["track"],
            needs_supervision=data["needs_supervision"],
            supervision_org=data["supervision_org"],
        )
        made: list[Project] = []
        if attempt(
            form,
            lambda: made.append(services.project_create(data=spec, by=request.user)),
        ):
            return redirect("grid:project-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title="登记三同时项目",
        intro="污染物排放较大并需要建设环保治理设施的工业项目实行A类重点跟踪；三产、房地产和基本无污染的项目简单跟踪、简易验收"
        "（盘政办发〔2015〕141号附件1 二3）。",
        back=reverse("grid:project-list"),
    )


@staff_required
def project_detail(request: AppRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    event_form = ProjectEventForm(initial={"on": timezone.localdate()})
    advance_form = ProjectAdvanceForm(
        initial={"on": timezone.localdate(), "works_started": project.works_started}
    )
    if request.method == "POST" and request.POST.get("form") == "advance":
        advance_form = ProjectAdvanceForm(request.POST)
        if advance_form.is_valid():
            data = advance_form.cleaned_data
            if attempt(
                advance_form,
                lambda: services.project_advance(
                    project=project,
                    phase=data["phase"],
                    on=data["on"],
                    works_started=data["works_started"],
                    note=data["note"],
                    by=request.user,
                ),
            ):
                return redirect("grid:project-detail", pk=pk)
    elif request.method == "POST":
        event_form = ProjectEventForm(request.POST)
        if event_form.is_valid():
            data = event_form.cleaned_data
            if attempt(
                event_form,
                lambda: services.project_event_add(
                    project=project,
                    kind=data["kind"],
                    on=data["on"],
                    summary=data["summary"],
                    by=request.user,
                ),
            ):
                return redirect("grid:project-detail", pk=pk)
    project.refresh_from_db()
    return render(
        request,
        "grid/project_detail.html",
        {
            "project": project,
            "events": project.events.select_related("by"),
            "event_form": event_form,
            "advance_form": advance_form,
            "may_manage": request.user.has_perm("grid.manage_projects"),
            "today": timezone.localdate(),
            "attachments": selectors_files.attachment_list_for_target(project),
            "history": casework_selectors.history_for(project),
        },
        status=refused_status(advance_form, event_form),
    )


# --- Joint meetings --------------------------------------------------------------------


@require_GET
@staff_required
def meeting_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_jointmeeting")
    page = Paginator(selectors.meeting_list_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "grid/meeting_list.html", {"page": page})


@staff_required
def meeting_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.manage_coordination")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.meeting_schedule(cell=cell, by=request.user, **data)
            ),
        ):
            return redirect("grid:meeting-detail", pk=made[0].pk)
    due = selectors.next_meeting_due(cell)
    return form_page(
        request,
        form,
        title=f"安排联席会议：{cell.name}",
        intro="联席会议原则上每半年召开一次，由领导小组召集，特殊情况下可委托副组长召集（六(二)2）。"
        + (f"按上次会议推算，下次应于{due}前召开。" if due else ""),
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@staff_required
def meeting_detail(request: AppRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, pk)
    form = MeetingRecordForm(
        request.POST or None, initial={"held_on": timezone.localdate()}
    )
    done_form = TaskCompleteForm(initial={"done_on": timezone.localdate()})
    if request.method == "POST" and request.POST.get("form") == "task":
        task = get_object_or_404(
            MeetingTask, pk=request.POST.get("task"), meeting=meeting
        )
        done_form = TaskCompleteForm(request.POST)
        if done_form.is_valid() and attempt(
            done_form,
            lambda: services.meeting_task_complete(
                task=task,
                done_on=done_form.cleaned_data["done_on"],
                result=done_form.cleaned_data["result"],
                by=request.user,
            ),
        ):
            return redirect("grid:meeting-detail", pk=pk)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tasks = [
            services.TaskData(unit=unit, task=text, due_on=due)
            for unit, text, due in data["tasks"]
        ]
        if attempt(
            form,
            lambda: services.meeting_record(
                meeting=meeting,
                held_on=data["held_on"],
                decisions=data["decisions"],
                tasks=tasks,
                by=request.user,
            ),
        ):
            messages.success(request, "会议情况已记录。")
            return redirect("grid:meeting-detail", pk=pk)
    return render(
        request,
        "grid/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "done_form": done_form,
            "tasks": meeting.tasks.select_related("unit"),
            "may_manage": request.user.has_perm("grid.manage_coordination"),
            "history": casework_selectors.history_for(meeting),
        },
        status=refused_status(done_form, form),
    )


# --- Joint campaigns -------------------------------------------------------------------


@require_GET
@staff_required
def campaign_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_campaign")
    page = Paginator(selectors.campaign_list_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "grid/campaign_list.html", {"page": page})


@staff_required
def campaign_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.manage_coordination")
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.CampaignData(
            cell=cell,
            name=data["name"],
            kind=data["kind"],
            scope=data["scope"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            departments=list(data["departments"]),
            enterprises=data["enterprises"],
        )
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(services.campaign_create(data=spec, by=request.user)),
        ):
            return redirect("grid:campaign-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"组织联合执法或专项行动：{cell.name}",
        intro="对重点、难点、热点问题，重大节假日、重大会议和重大社会活动期间，国家、省、市专项行动，"
        "以及突发环境安全事件开展联合执法（六(二)3）。",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@staff_required
def campaign_detail(request: AppRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    adding = request.method == "POST" and request.POST.get("form") == "task"
    task_form = CampaignTaskForm(
        request.POST if adding else None,
        user=request.user,
        initial={"due_by": campaign.ends_on},
    )
    if adding:
        require_perm(request, "grid.add_inspectiontask")
        if task_form.is_valid() and attempt(
            task_form,
            lambda: services.campaign_task_add(
                campaign=campaign,
                enterprise=task_form.cleaned_data["enterprise"],
                inspectors=list(task_form.cleaned_data["inspectors"]),
                due_by=task_form.cleaned_data["due_by"],
                by=request.user,
            ),
        ):
            return redirect("grid:campaign-detail", pk=pk)
    form = CampaignConcludeForm(
        request.POST if request.method == "POST" and not adding else None,
        initial={"results": campaign.results, "publish": bool(campaign.published_at)},
    )
    if (
        request.method == "POST"
        and not adding
        and form.is_valid()
        and attempt(
            form,
            lambda: services.campaign_conclude(
                campaign=campaign,
                results=form.cleaned_data["results"],
                publish=form.cleaned_data["publish"],
                by=request.user,
            ),
        )
    ):
        return redirect("grid:campaign-detail", pk=pk)
    return render(
        request,
        "grid/campaign_detail.html",
        {
            "campaign": campaign,
            "form": form,
            "enterprises": campaign.enterprises.all()[:200],
            "may_manage": request.user.has_perm("grid.manage_coordination"),
            "tasks": selectors.campaign_tasks(request.user, campaign),
            "figures": selectors.campaign_task_figures(campaign),
            "task_form": task_form,
            "may_plan": request.user.has_perm("grid.add_inspectiontask")
            and campaign.published_at is None,
            "history": casework_selectors.history_for(campaign),
        },
        status=refused_status(form, task_form),
    )


# --- Supervision of the levels below (督办) --------------------------------------------


@require_GET
@staff_required
def supervision_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_cellevaluation")
    page = Paginator(
        selectors.supervision_item_list_for_user(request.user), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/supervision_list.html",
        {"page": page, "today": timezone.localdate()},
    )


@staff_required
def supervision_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.evaluate_cell")
    form = SupervisionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.supervision_item_open(cell=cell, by=request.user, **data)
            ),
        ):
            return redirect("grid:supervision-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"督办下级网格：{cell.name}",
        intro="上级网格对下级网格的运行情况进行监督，发现的问题和督办事项记在下级网格名下（四(五)2）。",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@staff_required
def supervision_detail(request: AppRequest, pk: int) -> HttpResponse:
    item = selectors.supervision_item_get_for_user(request.user, pk)
    follow_form = SupervisionFollowUpForm(initial={"on": timezone.localdate()})
    close_form = SupervisionCloseForm()
    if request.method == "POST" and request.POST.get("form") == "close":
        close_form = SupervisionCloseForm(request.POST)
        if close_form.is_valid() and attempt(
            close_form,
            lambda: services.supervision_item_close(
                item=item, by=request.user, **close_form.cleaned_data
            ),
        ):
            messages.success(request, "督办事项已办结。")
            return redirect("grid:supervision-detail", pk=pk)
    elif request.method == "POST":
        follow_form = SupervisionFollowUpForm(request.POST)
        if follow_form.is_valid() and attempt(
            follow_form,
            lambda: services.supervision_item_follow_up(
                item=item, by=request.user, **follow_form.cleaned_data
            ),
        ):
            messages.success(request, "跟进情况已记录。")
            return redirect("grid:supervision-detail", pk=pk)
    parent = item.cell.parent
    may_supervise = (
        request.user.has_perm("grid.evaluate_cell")
        and parent is not None
        and selectors.cell_list_for_user(request.user).filter(pk=parent.pk).exists()
    )
    return render(
        request,
        "grid/supervision_detail.html",
        {
            "item": item,
            "follow_ups": item.follow_ups.select_related("by"),
            "follow_form": follow_form,
            "close_form": close_form,
            "may_supervise": may_supervise,
            "history": casework_selectors.history_for(item),
        },
        status=refused_status(close_form, follow_form),
    )


# --- Joint review of major and heavily polluting projects (C25) ---------------------


@require_GET
@staff_required
def review_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_jointreview")
    page = Paginator(selectors.review_list_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "grid/review_list.html", {"page": page})


@staff_required
def review_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.manage_coordination")
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.ReviewData(
            cell=cell,
            project_name=data["project_name"],
            kind=data["kind"],
            enterprise=data["enterprise"],
            departments=data["departments"],
            policy_opinion=data["policy_opinion"],
            siting_opinion=data["siting_opinion"],
            conclusion=data["conclusion"],
            conditions=data["conditions"],
            reviewed_on=data["reviewed_on"],
        )
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(services.review_record(data=spec, by=request.user)),
        ):
            return redirect("grid:review-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"登记重大项目联合审查：{cell.name}",
        intro="全市重大项目和重污染项目，由发改、经信、国土、规划、环保等部门协同审查"
        "产业政策符合性和选址（六(二)4）。",
        back=reverse("grid:review-list"),
    )


@require_GET
@staff_required
def review_detail(request: AppRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    return render(
        request,
        "grid/review_detail.html",
        {"review": review, "history": casework_selectors.history_for(review)},
    )
