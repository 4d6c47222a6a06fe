"""Staff pages of the grid: cells, their five fixes, people and letters, trainings,
evaluations, the map and the division table; and the public pages (公开公示)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import attempt, refused_status
from ecobureau.lib import list_export

from . import exports, maps, public_lists, selectors, services
from .forms import (
    BoundaryForm,
    CellFixesForm,
    EvaluationSelfForm,
    EvaluationUpperForm,
    LetterForm,
    LetterSignForm,
    MemberForm,
    StandardForm,
    TrainingForm,
    UnitGridForm,
)
from .models import GridCell, GridMember


def form_page(
    request: AppRequest,
    form: Form,
    *,
    title: str,
    intro: str = "",
    submit: str = "保存",
    back: str = "",
) -> HttpResponse:
    """A page holding one form: most of the module's create pages. A refused form
    answers 400 with what was typed (the project's rule for refused input)."""
    return render(
        request,
        "grid/form_page.html",
        {"form": form, "title": title, "intro": intro, "submit": submit, "back": back},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Cells --------------------------------------------------------------------------


@require_GET
@staff_required
def index(request: AppRequest) -> HttpResponse:
    """The cells the person may see, with their people and the staffing check."""
    require_perm(request, "grid.view_gridcell")
    level = request.GET.get("level", "")
    cells = selectors.cell_list_for_user(request.user)
    if level.isdigit():
        cells = cells.filter(level=int(level))
    page = Paginator(cells, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/index.html",
        {
            "rows": selectors.cell_rows(page.object_list),  # type: ignore[arg-type]
            "page": page,
            "level": level,
            "levels": GridCell.Level.choices,
            "understaffed": selectors.understaffed_cells(request.user),
            "lapses": selectors.patrol_lapses(request.user),
            "querystring_without_page": f"level={level}&" if level else "",
        },
    )


@require_GET
@staff_required
def cell_detail(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    return render(request, "grid/cell_detail.html", _cell_context(request, cell))


def _cell_context(request: AppRequest, cell: GridCell, **extra: Any) -> dict[str, Any]:
    may_manage = request.user.has_perm("grid.manage_grid")
    context = {
        "cell": cell,
        "members": selectors.current_members(cell),
        "children": selectors.cell_rows(
            selectors.cell_list_for_user(request.user).filter(parent=cell)
        ),
        "letters": selectors.letter_list_for_cell(cell),
        "patrols": selectors.patrol_list_for_user(request.user).filter(cell=cell)[:10],
        "problems": selectors.problem_list_for_user(request.user).filter(cell=cell)[
            :10
        ],
        "trainings": selectors.trainings_for_cell(cell)[:10],
        "evaluations": cell.evaluations.order_by("-year")[:5],
        "supervision_items": selectors.supervision_item_list_for_user(
            request.user
        ).filter(cell=cell)[:10],
        "gaps": services.publication_gaps(cell),
        "may_manage": may_manage,
        "fixes_form": CellFixesForm(
            initial={name: getattr(cell, name) for name in services.FIX_FIELDS}
        ),
        "member_form": MemberForm(
            user=request.user, initial={"since": timezone.localdate()}
        ),
        "map_data": maps.cell_map(cell),
        "history": casework_selectors.history_for(cell),
        "next_meeting": selectors.next_meeting_due(cell),
        "standard": selectors.effective_standard(cell),
        "last_patrol": selectors.last_patrol_on(cell),
    }
    context.update(extra)
    return context


@require_POST
@staff_required
def cell_edit(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    form = CellFixesForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.cell_update(
            cell=cell, values=form.cleaned_data, by=request.user
        ),
    ):
        messages.success(request, "“五定”内容已保存。")
        return redirect("grid:cell-detail", pk=pk)
    return render(
        request,
        "grid/cell_detail.html",
        _cell_context(request, cell, fixes_form=form),
        status=refused_status(form),
    )


@require_POST
@staff_required
def member_add(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    form = MemberForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        member = services.MemberData(
            role=data["role"],
            name=data["name"],
            since=data["since"],
            title=data["title"],
            phone=data["phone"],
            user=data["account"],
            organisation=data["organisation"],
            enterprise=data["enterprise"],
            publish=data["publish"],
        )
        if attempt(
            form, lambda: services.member_add(cell=cell, data=member, by=request.user)
        ):
            messages.success(request, "网格人员已登记。")
            return redirect("grid:cell-detail", pk=pk)
    return render(
        request,
        "grid/cell_detail.html",
        _cell_context(request, cell, member_form=form),
        status=refused_status(form),
    )


@require_POST
@staff_required
def member_end(request: AppRequest, pk: int, member_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    member = get_object_or_404(GridMember, pk=member_pk, cell=cell)
    try:
        services.member_end(member=member, until=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{member.name}已登记离任。")
    return redirect("grid:cell-detail", pk=pk)


@staff_required
def cell_boundary(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.manage_grid")
    form = BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.cell_set_boundary(
                cell=cell,
                geometry=data["geometry"],
                is_demo=data["is_demo"],
                source=data["source"],
                by=request.user,
            ),
        ):
            messages.success(request, "网格边界已保存。")
            return redirect("grid:cell-detail", pk=pk)
    if request.method == "GET" and cell.boundary:
        form.initial = {
            "geojson": json.dumps(cell.boundary, ensure_ascii=False),
            "is_demo": cell.boundary_is_demo,
            "source": cell.boundary_source,
        }
    return form_page(
        request,
        form,
        title=f"网格边界：{cell.name}",
        intro="边界为GeoJSON格式的Polygon或MultiPolygon，坐标系为WGS-84（经度在前、纬度在后）。"
        "示意边界将在地图和公示页面注明“示意”。",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@require_POST
@staff_required
def cell_publish(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    try:
        if request.POST.get("action") == "unpublish":
            services.cell_unpublish(
                cell=cell, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, "已撤回公开。")
        else:
            services.cell_publish(cell=cell, by=request.user)
            messages.success(request, "网格“五定”及责任人已向社会公开。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("grid:cell-detail", pk=pk)


@staff_required
def unit_grid_new(request: AppRequest, pk: int) -> HttpResponse:
    parent = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.manage_grid")
    form = UnitGridForm(
        request.POST or None,
        initial={"supervising_level": parent.level, "code": f"{parent.code}-K"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[GridCell] = []
        spec = services.UnitGridData(
            name=data["name"],
            code=data["code"],
            kind=data["kind"],
            parent=parent,
            supervising_level=data["supervising_level"],
            key_reason=data["key_reason"],
            area_text=data["area_text"],
        )
        if attempt(
            form,
            lambda: made.append(services.unit_grid_create(data=spec, by=request.user)),
        ):
            return redirect("grid:cell-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"新增单元网格：{parent.name}",
        intro="按重点区域、流域或重点监管对象分布划分本级单元网格；一级网格可将大型污染企业、"
        "污染单位密集、周边环境敏感的区域作为本级重点监管单元网格（盘政办发〔2015〕141号 四(一)）。",
        back=reverse("grid:cell-detail", args=[parent.pk]),
    )


@staff_required
def letter_new(request: AppRequest, pk: int) -> HttpResponse:
    """A letter between this cell (lower) and its parent (upper)."""
    lower = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.manage_grid")
    if lower.parent is None:
        raise Http404("一级网格没有上级网格。")
    form = LetterForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.letter_create(
                    year=data["year"],
                    upper_cell=lower.parent,  # type: ignore[arg-type]
                    lower_cell=lower,
                    tasks=data["tasks"],
                    rewards_penalties=data["rewards_penalties"],
                    by=request.user,
                )
            ),
        ):
            return redirect("grid:letter-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"环境监管责任状：{lower.parent.name}—{lower.name}",
        intro="上级网格与下级网格之间层层签订《环境监管责任状》，明确工作任务和奖惩措施（四(二)2）。",
        back=reverse("grid:cell-detail", args=[lower.pk]),
    )


@staff_required
def letter_detail(request: AppRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(request.user, pk)
    form = LetterSignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.letter_sign(
                letter=letter,
                upper_signatory=data["upper_signatory"],
                lower_signatory=data["lower_signatory"],
                signed_on=data["signed_on"],
                scan=data["scan"],
                by=request.user,
            ),
        ):
            messages.success(request, "责任状已登记签订。")
            return redirect("grid:letter-detail", pk=pk)
    return render(
        request,
        "grid/letter_detail.html",
        {
            "letter": letter,
            "form": form,
            "attachments": selectors_files.attachment_list_for_target(letter),
            "history": casework_selectors.history_for(letter),
        },
        status=refused_status(form),
    )


@staff_required
def training_new(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.manage_grid")
    form = TrainingForm(request.POST or None, user=request.user, cell=cell)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.training_record(
                cell=cell,
                held_on=data["held_on"],
                subject=data["subject"],
                attendees=list(data["attendees"]),
                by=request.user,
            ),
        ):
            messages.success(request, "培训已登记。")
            return redirect("grid:cell-detail", pk=pk)
    return form_page(
        request,
        form,
        title=f"登记培训：{cell.name}",
        intro="定期对网格内相关责任人员进行岗位技能培训（六(一)6）。",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@staff_required
def evaluation_new(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.evaluate_cell")
    year = timezone.localdate().year
    form = EvaluationSelfForm(request.POST or None, initial={"year": year})
    if form.is_valid():
        year = form.cleaned_data["year"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.evaluation_self(
                    cell=cell,
                    year=data["year"],
                    grade=data["grade"],
                    comment=data["comment"],
                    by=request.user,
                )
            ),
        ):
            return redirect("grid:evaluation-detail", pk=made[0].pk)
    figures = selectors.cell_year_figures(cell, year)
    return render(
        request,
        "grid/evaluation_form.html",
        {
            "cell": cell,
            "form": form,
            "figures": figures,
            "suggested": services.suggested_grade(figures),
        },
        status=refused_status(form),
    )


@staff_required
def evaluation_detail(request: AppRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    form = EvaluationUpperForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.evaluation_upper(
                evaluation=evaluation,
                grade=data["grade"],
                comment=data["comment"],
                by=request.user,
            ),
        ):
            messages.success(request, "上级评价已登记。")
            return redirect("grid:evaluation-detail", pk=pk)
    return render(
        request,
        "grid/evaluation_detail.html",
        {"evaluation": evaluation, "form": form},
        status=refused_status(form),
    )


@require_GET
@staff_required
def map_view(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_gridcell")
    return render(request, "grid/map.html", {"map_data": maps.staff_map(request.user)})


@require_GET
@staff_required
def export_cells(request: AppRequest) -> HttpResponse:
    """The division table (附件3) of the cells in scope, or the city summary (附件4)."""
    require_perm(request, "grid.view_gridcell")
    return exports.cell_table_response(request.user)


# --- Public pages (no log-in) --------------------------------------------------------


@require_GET
def public_cells(request: AppRequest) -> HttpResponse:
    """Cells, responsible persons and contact details (seed 002 四(五)1, C16):
    searchable, paged, exportable (?format=csv|xlsx) with each cell's
    publication date (issue 15 item 3)."""
    district = request.GET.get("district", "")
    q = request.GET.get("q", "")[:100]
    cells = selectors.cell_list_public(
        district_id=int(district) if district.isdigit() else None, q=q
    )
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return public_lists.cells_export(fmt, cells)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grid/public_cells.html",
        {
            "page": Paginator(cells, 30).get_page(request.GET.get("page")),
            "districts": selectors.public_districts(),
            "district": district,
            "q": q,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
            "draws": selectors.draw_list_public()[:5],
            "campaigns": selectors.campaign_list_public()[:5],
            "schemes": selectors.scheme_list_public()[:10],
        },
    )


@require_GET
def public_cell(request: AppRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get_public(pk)
    return render(
        request,
        "grid/public_cell.html",
        {
            "cell": cell,
            "letters": selectors.letters_public(cell),
            "map_data": maps.cell_map(cell),
        },
    )


@require_GET
def public_draws(request: AppRequest) -> HttpResponse:
    """The 双随机 draws: searchable, paged, exportable (?format=csv|xlsx)."""
    q = request.GET.get("q", "")[:100]
    draws = selectors.draw_list_public(q=q)
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return public_lists.draws_export(fmt, draws)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(draws, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/public_draws.html",
        {
            "page": page,
            "q": q,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )


@require_GET
def public_draw(request: AppRequest, pk: int) -> HttpResponse:
    """The draw, and once its result is public each drawn enterprise with its
    inspectors and the outcome of its check (待检查 until done)."""
    draw = selectors.draw_get_public(pk)
    visible = selectors.draw_result_visible(draw)
    rows = selectors.draw_result_rows(draw) if visible else []
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    outcomes = (
        selectors.draw_outcomes_public(draw, [row.enterprise_id for row in page])
        if visible
        else {}
    )
    return render(
        request,
        "grid/public_draw.html",
        {
            "draw": draw,
            "visible": visible,
            "rows": [(row, outcomes.get(row.enterprise_id)) for row in page],
            "page": page,
        },
    )


@require_GET
def public_results(request: AppRequest) -> HttpResponse:
    """The results of the 双随机 checks across draws (一公开): searchable by
    enterprise, district and year, paged, exportable (?format=csv|xlsx), each
    with its publication date."""
    q = request.GET.get("q", "")[:100]
    district = request.GET.get("district", "")
    year = request.GET.get("year", "")
    tasks = selectors.result_list_public(
        q=q,
        district_id=int(district) if district.isdigit() else None,
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return public_lists.results_export(fmt, tasks)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/public_results.html",
        {
            "page": page,
            "rows": selectors.result_rows_public(page.object_list),
            "q": q,
            "district": district,
            "year": year,
            "districts": selectors.result_districts_public(),
            "years": selectors.result_years_public(),
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )


@require_GET
def public_draw_json(request: AppRequest, pk: int) -> HttpResponse:
    """What anyone needs to re-run the draw: `python -m ecobureau.lib.draw file`."""
    draw = selectors.draw_get_public(pk)
    if not selectors.draw_result_visible(draw):
        raise Http404(gettext("抽取结果尚未公开。"))
    response = JsonResponse(
        json.loads(draw.result), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


@staff_required
def cell_standard(request: AppRequest, pk: int) -> HttpResponse:
    """A level's time limits and standards (C22), set by its heads."""
    cell = selectors.cell_get_for_user(request.user, pk)
    require_perm(request, "grid.evaluate_cell")
    current = selectors.effective_standard(cell)
    own = (
        current.source if current.source and current.source.cell_id == cell.pk else None
    )
    initial: dict[str, Any] = {
        name: getattr(current, name) for name in services.STANDARD_FIELDS
    }
    if own is not None:
        initial |= {
            "standards": own.standards,
            "rewards_penalties": own.rewards_penalties,
        }
    form = StandardForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.standard_set(
                cell=cell,
                values={
                    name: form.cleaned_data[name] for name in services.STANDARD_FIELDS
                },
                standards=form.cleaned_data["standards"],
                rewards_penalties=form.cleaned_data["rewards_penalties"],
                by=request.user,
            ),
        )
    ):
        messages.success(request, "工作时限与标准已保存。")
        return redirect("grid:cell-detail", pk=pk)
    source = (
        "本级设定"
        if own
        else (
            f"沿用{current.source.cell.name}的设定"
            if current.source
            else "未设定，沿用系统示例配置"
        )
    )
    return form_page(
        request,
        form,
        title=f"工作时限与标准：{cell.name}",
        intro="明确各级网格责任主体巡查、报告、查处的时限和标准等工作要求，制定奖惩措施（六(二)1）。"
        f"当前：{source}。下级网格未设定的，沿用本级设定；本级受理下级上报问题时按本级时限计时。",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )
