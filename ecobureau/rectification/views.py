"""Staff pages of rectification, and the public list of published items."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import attempt
from ecobureau.lib import dates

from . import (
    documents,
    ledger,
    reports,
    selectors,
    selectors_links,
    services,
    standards,
)
from .forms import (
    ConditionsForm,
    LedgerUploadForm,
    MeasureEvidenceForm,
    MemberForm,
    ProgressForm,
    RevisitForm,
    SignoffForm,
    SupervisionForm,
    TargetForm,
)
from .models import (
    Measure,
    Milestone,
    PetitionCase,
    RectificationTask,
    Revisit,
)
from .processes import CASE, TASK

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> Any:
    from django.utils import timezone

    return dates.local_date(timezone.now())


@staff_required
def index(request: AppRequest) -> HttpResponse:
    user = request.user
    lines = selectors.progress_summary(user, today=_today())
    return render(
        request,
        "rectification/index.html",
        {
            "lines": lines,
            "district_lines": selectors.progress_summary(
                user, today=_today(), by="district"
            ),
            "headlines": [selectors.headline(line) for line in lines],
            "tasks": selectors.task_list_for_user(user)[:200],
            "cases": selectors.case_list_for_user(user)[:200],
            "at_risk": selectors.at_risk_list_for_user(user)[:50],
            "task_steps": {s.code: s.label for s in TASK.steps},
            "case_steps": {s.code: s.label for s in CASE.steps},
        },
    )


# --- Transitions -----------------------------------------------------------------


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


# Optional fields a step's form offers beside the required ones: B5, the
# approving meeting chosen from the held committee meetings (the text stays).
OPTIONAL_FIELDS: dict[tuple[type[models.Model], str], tuple[str, ...]] = {
    (RectificationTask, "approve"): ("approval_meeting_record",),
}


def _options(field: models.Field[Any, Any]) -> list[tuple[str, str]] | None:
    """A select's options: a field's choices, or the held meetings (B5)."""
    if isinstance(field, models.ForeignKey):
        return [("", "——（未登记，仅填写会议名称）")] + [
            (str(m.pk), str(m)) for m in selectors.held_meetings()
        ]
    if field.choices:
        return [("", "——请选择——")] + [
            (str(v), str(label)) for v, label in field.choices
        ]
    return None


def _transition_fields(
    model: type[models.Model], codes: tuple[str, ...]
) -> list[dict[str, Any]]:
    fields = []
    for name in codes:
        field = _field(model, name)
        options = _options(field)
        kind = (
            "select"
            if options is not None
            else "date"
            if isinstance(field, models.DateField)
            else "textarea"
            if isinstance(field, models.TextField)
            else "text"
        )
        fields.append(
            {
                "name": name,
                "label": field.verbose_name,
                "kind": kind,
                "options": options or [],
            }
        )
    return fields


def _fields_of(model: type[models.Model], spec: Any) -> tuple[str, ...]:
    return (*OPTIONAL_FIELDS.get((model, spec.code), ()), *spec.requires)


def _transitions(
    process: Any, item: Any, model: type[models.Model]
) -> list[dict[str, Any]]:
    return [
        {
            "code": t.code,
            "label": t.label,
            "fields": _transition_fields(model, _fields_of(model, t)),
        }
        for t in process.available(item.status)
    ]


def _changes(
    model: type[models.Model], names: tuple[str, ...], data: Any
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in names:
        field = _field(model, name)
        raw = (data.get(name) or "").strip()
        if not raw:
            continue
        try:
            changes[name] = field.to_python(raw)
        except ValidationError:
            raise ValidationError(f"{field.verbose_name}格式不正确。") from None
    return changes


@staff_required
@require_POST
def task_transition(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    code = request.POST.get("transition", "")
    try:
        spec = TASK.transition(code)
    except KeyError:
        raise PermissionDenied("未知的操作。") from None

    try:
        changes = _changes(
            RectificationTask, _fields_of(RectificationTask, spec), request.POST
        )
        services.task_transition(
            by=request.user,
            task=task,
            transition=code,
            changes=changes,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        # Refused: the page again with what was typed and why (400).
        task.refresh_from_db()
        context = _task_context(request, task)
        _refused(context["transitions"], code, request.POST, error)
        return render(request, "rectification/task_detail.html", context, status=400)
    messages.success(request, f"已{spec.label}。")
    return redirect("rectification:task-detail", pk=pk)


@staff_required
@require_POST
def case_transition(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    code = request.POST.get("transition", "")
    try:
        spec = CASE.transition(code)
    except KeyError:
        raise PermissionDenied("未知的操作。") from None

    try:
        changes = _changes(PetitionCase, _fields_of(PetitionCase, spec), request.POST)
        services.petition_transition(
            by=request.user, case=case, transition=code, changes=changes
        )
    except ValidationError as error:
        case.refresh_from_db()
        context = _case_context(request, case)
        _refused(context["transitions"], code, request.POST, error)
        return render(request, "rectification/case_detail.html", context, status=400)
    messages.success(request, f"已{spec.label}。")
    return redirect("rectification:case-detail", pk=pk)


def _refused(
    transitions: list[dict[str, Any]], code: str, data: Any, error: ValidationError
) -> None:
    """Keep what was typed in the refused step's form and show why."""
    for t in transitions:
        if t["code"] == code:
            t["errors"] = error.messages
            for f in t["fields"]:
                f["value"] = data.get(f["name"], "")


# --- Tasks -----------------------------------------------------------------------


# Words for this module's own record actions in the pages' history.
HISTORY_LABELS = {
    "rectification.task_enterprise": "修改涉及企业",
    "rectification.case_enterprise": "修改涉及企业",
    "rectification.case_supervising_department": "登记督导责任单位",
    "rectification.measure_add": "增加整改措施",
    "rectification.case_review_departments": "登记复核工作组行业主管部门",
}


def _task_context(
    request: AppRequest, task: RectificationTask, **forms: Any
) -> dict[str, Any]:
    measures = [
        {
            "measure": m,
            "conditions": [
                {
                    "label": c.label,
                    "basis": c.basis,
                    "value": m.evidence.get(c.code, ""),
                }
                for c in standards.MEASURE_CONDITIONS[m.kind]
                if not (
                    m.kind == "closure" and c.code == "cleared" and not m.needs_clearing
                )
            ],
            "form": forms.get(f"measure_{m.pk}")
            or MeasureEvidenceForm(
                kind=m.kind,
                prefix=f"m{m.pk}",
                initial={
                    "done_on": m.done_on,
                    **{f"c_{k}": v for k, v in m.evidence.items()},
                },
            ),
            # 案件查处: the linked enforcement cases and whether each is decided.
            "links": selectors_links.enforcement_rows(list(m.enforcement_links.all()))
            if m.kind == Measure.Kind.CASE
            else [],
            "lookbacks": list(m.lookbacks.all()),
        }
        for m in task.measures.all()
    ]
    return {
        "task": task,
        "status_label": TASK.step(task.status).label,
        "measures": measures,
        "transitions": _transitions(TASK, task, RectificationTask),
        "target_form": forms.get("target")
        or TargetForm(
            initial={"met": task.target_met, "evidence": task.target_evidence}
        ),
        "progress_form": forms.get("progress") or ProgressForm(),
        "supervision_form": forms.get("supervision") or SupervisionForm(),
        "history": casework_selectors.history_for(task, HISTORY_LABELS),
        "may_link_enterprise": services.enterprise_link_allowed(request.user, task),
    }


@staff_required
def task_detail(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    return render(
        request, "rectification/task_detail.html", _task_context(request, task)
    )


@staff_required
@require_POST
def measure_evidence(request: AppRequest, pk: int, measure_pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    measure = get_object_or_404(Measure, pk=measure_pk, task=task)
    form = MeasureEvidenceForm(request.POST, kind=measure.kind, prefix=f"m{measure.pk}")
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.measure_evidence(
            by=request.user,
            measure=measure,
            evidence=form.evidence(),
            done_on=form.cleaned_data["done_on"],
        ),
    ):
        messages.success(request, "已保存措施佐证。")
        return redirect("rectification:task-detail", pk=pk)
    context = _task_context(request, task, **{f"measure_{measure.pk}": form})
    return render(request, "rectification/task_detail.html", context, status=400)


@staff_required
@require_POST
def task_target(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    form = TargetForm(request.POST)
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.task_target(
            by=request.user,
            task=task,
            met=form.cleaned_data["met"],
            evidence=form.cleaned_data["evidence"],
        ),
    ):
        return redirect("rectification:task-detail", pk=pk)
    return render(
        request,
        "rectification/task_detail.html",
        _task_context(request, task, target=form),
        status=400,
    )


@staff_required
@require_POST
def milestone_done(request: AppRequest, pk: int, milestone_pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, task=task)
    attempt(
        None,
        request=request,
        action=lambda: services.milestone_done(
            by=request.user, milestone=milestone, done_on=_today()
        ),
    )
    return redirect("rectification:task-detail", pk=pk)


# --- Petition cases --------------------------------------------------------------


def _case_context(
    request: AppRequest, case: PetitionCase, **forms: Any
) -> dict[str, Any]:
    known = services.complainant_known(case)
    return {
        "case": case,
        "status_label": CASE.step(case.status).label,
        "see_complainant": selectors.may_see_complainant(request.user),
        "satisfaction_label": standards.satisfaction_label(known),
        # 附件2 二(三)3: who is the case's 当地党委政府 for the satisfaction part.
        "local_places": "或".join(services.local_places(case)),
        # B30: added departments and the names they sign with; unknown names flagged.
        "review_units": [unit.name for unit in case.review_departments.all()],
        "review_unlisted": standards.split_names(case.review_departments_unlisted),
        "industry_bodies": standards.industry_departments(
            case.supervising_department_name, services.review_department_names(case)
        ),
        "category_standard": standards.CATEGORY_STANDARDS[case.category],
        "conditions": [
            {
                "label": c.label,
                "basis": c.basis,
                "value": case.conditions.get(c.code, ""),
            }
            for c in standards.PETITION_CONDITIONS
        ],
        # B28: the kind's acceptance checklist with the evidence of each item.
        "checklist": [
            {
                "label": c.label,
                "basis": c.basis,
                "value": case.conditions.get(c.code, ""),
            }
            for c in standards.CATEGORY_CONDITIONS[case.category]
        ],
        "key_plan_missing": services.key_case_plan_missing(case),
        "required_parts": services.required_parts(case),
        # B23: one score per territory (多属地分别考核计分).
        "territory_scores": _territory_scores(case),
        "links": selectors_links.enforcement_rows(list(case.enforcement_links.all())),
        "transitions": _transitions(CASE, case, PetitionCase),
        "conditions_form": forms.get("conditions")
        or ConditionsForm(
            category=case.category,
            initial={
                "truth": case.truth,
                "temporary_measure": case.temporary_measure,
                **{f"c_{k}": v for k, v in case.conditions.items()},
            },
        ),
        "member_form": forms.get("member") or MemberForm(),
        "signoff_form": forms.get("signoff") or SignoffForm(),
        "progress_form": forms.get("progress") or ProgressForm(),
        "supervision_form": forms.get("supervision") or SupervisionForm(),
        "revisit_form": RevisitForm(),
        "pdfs": selectors_files.document_list_for_target(case),
        "history": casework_selectors.history_for(case, HISTORY_LABELS),
        "may_link_enterprise": services.enterprise_link_allowed(request.user, case),
        "document_kinds": [
            (kind.code, kind.title)
            for kind in documents.KINDS
            if (kind.code == "rect_acceptance_opinion" and case.accepted_on)
            or case.status in services._REVIEWED
        ],
    }


def _territory_scores(case: PetitionCase) -> list[dict[str, Any]]:
    scores = {s.unit_id: s for s in case.scores.all()}
    units = services.case_territories(case)
    if not units:
        return [{"unit": None, "primary": True, "score": scores.get(None)}]
    return [
        {"unit": u, "primary": u.pk == case.unit_id, "score": scores.get(u.pk)}
        for u in units
    ]


@staff_required
def case_detail(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    return render(
        request, "rectification/case_detail.html", _case_context(request, case)
    )


@staff_required
@require_POST
def case_conditions(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    form = ConditionsForm(request.POST, category=case.category)
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.petition_evidence(
            by=request.user,
            case=case,
            conditions=form.conditions(),
            truth=form.cleaned_data["truth"],
            temporary_measure=form.cleaned_data["temporary_measure"],
        ),
    ):
        messages.success(request, "已保存办结条件佐证。")
        return redirect("rectification:case-detail", pk=pk)
    return render(
        request,
        "rectification/case_detail.html",
        _case_context(request, case, conditions=form),
        status=400,
    )


@staff_required
@require_POST
def case_member(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    form = MemberForm(request.POST)
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.acceptance_member_add(
            by=request.user, case=case, **form.cleaned_data
        ),
    ):
        return redirect("rectification:case-detail", pk=pk)
    return render(
        request,
        "rectification/case_detail.html",
        _case_context(request, case, member=form),
        status=400,
    )


@staff_required
@require_POST
def case_signoff(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    form = SignoffForm(request.POST)
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.review_sign(
            by=request.user, case=case, **form.cleaned_data
        ),
    ):
        return redirect("rectification:case-detail", pk=pk)
    return render(
        request,
        "rectification/case_detail.html",
        _case_context(request, case, signoff=form),
        status=400,
    )


# --- Ledgers and reports ---------------------------------------------------------


@staff_required
def ledger_import(request: AppRequest) -> HttpResponse:
    if not request.user.has_perm("rectification.manage_ledger"):
        raise PermissionDenied("您没有维护整改台账的权限。")
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        importer = (
            ledger.task_import
            if form.cleaned_data["kind"] == "tasks"
            else ledger.case_import
        )
        try:
            result = importer(by=request.user, content=content)
        except ledger.LedgerError as error:
            errors = error.rows
        else:
            messages.success(
                request, f"导入完成：新增{result.created}项，更新{result.updated}项。"
            )
            return redirect("rectification:index")
    return render(
        request,
        "rectification/import.html",
        {"form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def ledger_export(request: AppRequest, kind: str) -> HttpResponse:
    if kind == "tasks":
        content, name = ledger.task_export(request.user), "整改任务台账.xlsx"
    else:
        content, name = ledger.case_export(request.user), "信访案件台账.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@staff_required
def report(request: AppRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in reports.PERIODS or fmt not in ("xlsx", "pdf"):
        raise PermissionDenied("未知的报告。")
    built = reports.report_build(request.user, kind=kind, today=_today())
    if fmt == "xlsx":
        response = HttpResponse(reports.report_xlsx(built), content_type=XLSX)
    else:
        issuer = request.user.unit.name if request.user.unit else "督察整改工作机构"
        response = HttpResponse(
            reports.report_pdf(built, issuer=issuer), content_type="application/pdf"
        )
    filename = f"督察整改{reports.PERIODS[kind]}-{built.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


@staff_required
@require_POST
def case_document(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    kind = request.POST.get("kind", "")
    if attempt(
        None,
        request=request,
        action=lambda: services.case_document_issue(
            by=request.user, case=case, kind=kind
        ),
    ):
        messages.success(request, "文书已制作，见下方文书列表。")
    return redirect("rectification:case-detail", pk=pk)


@staff_required
@require_POST
def revisit_record(request: AppRequest, pk: int, revisit_pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    revisit = get_object_or_404(Revisit, pk=revisit_pk, case=case)
    form = RevisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写复查回访情况。")
    elif attempt(
        None,
        request=request,
        action=lambda: services.revisit_record(
            by=request.user, revisit=revisit, **form.cleaned_data
        ),
    ):
        messages.success(request, "已记录复查回访。")
    return redirect("rectification:case-detail", pk=pk)


def _year(request: AppRequest) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or "")
    except ValueError:
        return _today().year - 1


@staff_required
def oversight(request: AppRequest) -> HttpResponse:
    """The committee's meetings (B12), supervision visits (B17) and the close-out
    regulations (B15), with the periods that went without a meeting or visit."""
    if not request.user.has_perm("rectification.view_rectificationtask"):
        raise PermissionDenied("您没有查看督察整改的权限。")
    year = _year(request)
    return render(
        request,
        "rectification/oversight.html",
        {
            "year": year,
            "meetings": selectors.meetings_in(year),
            "meeting_gaps": services.meeting_gaps(year, today=_today()),
            "visits": selectors.visits_in(year),
            "visit_gaps": services.routine_visit_gaps(year, today=_today()),
            "regulations": selectors.regulations(),
            "coverage": services.revisit_coverage(_today()),
            "coverage_month": f"{_today():%Y年%-m月}",
        },
    )


@staff_required
@require_POST
def measure_link(request: AppRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Link an enforcement case (by its number) to a 案件查处 measure."""
    task = selectors.task_get_for_user(request.user, pk)
    measure = get_object_or_404(Measure, task=task, pk=measure_pk)
    raw = request.POST.get("enforcement_case", "").strip().lstrip("#")
    if not raw.isdigit():
        messages.error(request, "请填写执法案件编号（数字）。")
    elif attempt(
        None,
        lambda: services.enforcement_link(
            by=request.user, enforcement_case_id=int(raw), measure=measure
        ),
        request,
    ):
        messages.success(request, "已关联执法案件。")
    return redirect("rectification:task-detail", pk=pk)
