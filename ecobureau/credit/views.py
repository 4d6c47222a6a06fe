from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import public_account_required, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt
from ecobureau.enterprises.models import Enterprise

from . import config, exports, selectors, services
from .forms import (
    AdjustmentForm,
    CommitmentForm,
    DecideForm,
    LaunchForm,
    NoteForm,
    ObjectionForm,
    RepairForm,
    ScopeForm,
)
from .models import EXAMPLE_LABEL, Evaluation
from .processes import EVALUATION

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required
def index(request: AppRequest) -> HttpResponse:
    years = selectors.year_list_for_user(request.user)
    form = LaunchForm(request.POST or None)
    if request.method == "POST":
        if not selectors.may_manage(request.user):
            raise PermissionDenied("只有信用评价人员可以启动年度评价。")
        if form.is_valid() and attempt(
            form,
            request=request,
            action=lambda: services.year_launch(
                year=form.cleaned_data["year"],
                scheme=form.cleaned_data["scheme"],
                notice=form.cleaned_data["notice"],
                by=request.user,
            ),
        ):
            messages.success(request, "年度评价已启动。")
            return redirect("credit:year", form.cleaned_data["year"])
    return render(
        request,
        "credit/index.html",
        {
            "years": years,
            "form": form,
            "may_manage": selectors.may_manage(request.user),
        },
    )


@staff_required
def schemes(request: AppRequest) -> HttpResponse:
    if not selectors.may_view(request.user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    return render(
        request,
        "credit/schemes.html",
        {
            "schemes": selectors.scheme_list(),
            "example_label": EXAMPLE_LABEL,
            "repair_periods": config.REPAIR_PERIODS,
            "repair_basis": config.REPAIR_BASIS,
        },
    )


@staff_required
def year(request: AppRequest, year: int) -> HttpResponse:
    evaluation_year = selectors.year_get_for_user(request.user, year)
    form = ScopeForm(request.POST or None)
    manage = selectors.may_manage(request.user)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有信用评价人员可以确定评价范围。")
        picked = [int(pk) for pk in request.POST.getlist("enterprise") if pk.isdigit()]
        if not picked:
            form.add_error(None, "请至少选择一家企业。")
        elif form.is_valid() and attempt(
            form,
            request=request,
            action=lambda: services.evaluation_scope_add(
                evaluation_year=evaluation_year,
                enterprises=list(Enterprise.objects.filter(pk__in=picked)),
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, f"已纳入评价范围：{len(picked)}家。")
            return redirect("credit:year", year)
    evaluations = selectors.evaluation_list_for_user(request.user, year=year)
    labels = {s.code: s.label for s in EVALUATION.steps}
    candidates = []
    if manage and request.GET.get("candidates"):
        taken = set(evaluation_year.evaluations.values_list("enterprise_id", flat=True))
        candidates = [
            (e, reason)
            for e, reason in services.scope_candidates(evaluation_year)
            if e.pk not in taken
        ]
    return render(
        request,
        "credit/year.html",
        {
            "evaluation_year": evaluation_year,
            "evaluations": [(e, labels.get(e.status, e.status)) for e in evaluations],
            "form": form,
            "candidates": candidates,
            "may_manage": manage,
        },
    )


@staff_required
def year_export(request: AppRequest, year: int) -> HttpResponse:
    selectors.year_get_for_user(request.user, year)
    content = exports.year_xlsx(
        selectors.evaluation_list_for_user(request.user, year=year)
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''credit-{year}.xlsx"
    return response


def _manual_choices(evaluation: Evaluation) -> list[tuple[str, str]]:
    scheme = evaluation.evaluation_year.scheme
    choices = [
        (i.code, f"{i.code} {i.name}")
        for i in scheme.indicators.filter(source="manual")
    ]
    choices += [(v.code, f"一票否决 {v.code} {v.text}") for v in scheme.vetoes.all()]
    return choices


def _ref_choices(evaluation: Evaluation) -> list[tuple[str, str]]:
    explanation = evaluation.explanation or {}
    out = [
        (line["ref"], f"{line['indicator']} {line['label']}")
        for line in explanation.get("lines", [])
    ]
    out += [(v["ref"], f"一票否决 {v['label']}") for v in explanation.get("vetoes", [])]
    return list(dict.fromkeys(out))


@staff_required
def evaluation(request: AppRequest, pk: int) -> HttpResponse:
    item = selectors.evaluation_get_for_user(request.user, pk)
    user = request.user
    adjust_form = AdjustmentForm(choices=_manual_choices(item), prefix="adj")
    commitment_form = CommitmentForm(prefix="c")
    note_form = NoteForm(prefix="n")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "adjust":
            adjust_form = AdjustmentForm(
                request.POST, choices=_manual_choices(item), prefix="adj"
            )
            if adjust_form.is_valid() and attempt(
                adjust_form,
                request=request,
                action=lambda: services.adjustment_add(
                    evaluation=item, by=user, **adjust_form.cleaned_data
                ),
            ):
                return redirect("credit:evaluation", pk)
        elif action == "commitment":
            commitment_form = CommitmentForm(request.POST, request.FILES, prefix="c")
            if commitment_form.is_valid() and attempt(
                commitment_form,
                request=request,
                action=lambda: services.commitment_submit(
                    evaluation=item, file=commitment_form.cleaned_data["file"], by=user
                ),
            ):
                return redirect("credit:evaluation", pk)
        elif action in ("prescore", "review", "send_back", "consult", "publish"):
            note_form = NoteForm(request.POST, prefix="n")
            if note_form.is_valid():
                note = note_form.cleaned_data["note"]

                def run() -> None:
                    if action == "prescore":
                        if not selectors.may_prescore(user):
                            raise PermissionDenied("您没有初审评分的权限。")
                        services.evaluation_prescore(
                            evaluation=item, note=note, by=user
                        )
                    else:
                        services.evaluation_move(
                            evaluation=item, transition=action, note=note, by=user
                        )

                if attempt(note_form, request=request, action=run):
                    messages.success(request, "已办理。")
                    return redirect("credit:evaluation", pk)
    preview = services.compute(item) if item.status == "scoped" else None
    return render(
        request,
        "credit/evaluation.html",
        {
            "item": item,
            "explanation": preview.as_json() if preview else item.explanation,
            "is_preview": preview is not None,
            "steps": {s.code: s.label for s in EVALUATION.steps},
            "transitions": EVALUATION.available(item.status),
            "adjust_form": adjust_form,
            "commitment_form": commitment_form,
            "note_form": note_form,
            "decide_form": DecideForm(),
            "objections": selectors.objection_list(item),
            "repairs": selectors.repair_list(item),
            "history": casework_selectors.history_for(item),
            "may_manage": selectors.may_manage(user),
            "may_prescore": selectors.may_prescore(user),
            "example_label": EXAMPLE_LABEL,
        },
    )


@staff_required
@require_POST
def objection_decide(request: AppRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_get_for_manager(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        attempt(
            None,
            request=request,
            action=lambda: services.objection_decide(
                objection=objection,
                upheld=form.cleaned_data["accept"],
                decision=form.cleaned_data["decision"],
                by=request.user,
            ),
        )
    else:
        messages.error(request, "请填写处理意见。")
    return redirect("credit:evaluation", objection.evaluation_id)


@staff_required
@require_POST
def repair_decide(request: AppRequest, pk: int) -> HttpResponse:
    repair = selectors.repair_get_for_manager(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        attempt(
            None,
            request=request,
            action=lambda: services.repair_decide(
                repair=repair,
                granted=form.cleaned_data["accept"],
                decision=form.cleaned_data["decision"],
                by=request.user,
            ),
        )
    else:
        messages.error(request, "请填写审核意见。")
    return redirect("credit:evaluation", repair.evaluation_id)


# --- The enterprise's own pages and the public list -----------------------------


@public_account_required
def mine(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "credit/mine.html",
        {
            "evaluations": selectors.evaluation_list_for_enterprise_account(
                request.user
            ),
            "steps": {s.code: s.label for s in EVALUATION.steps},
        },
    )


@public_account_required
def mine_detail(request: AppRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.evaluation_get_for_user(user, pk)
    commitment_form = CommitmentForm(prefix="c")
    objection_form = ObjectionForm(choices=_ref_choices(item), prefix="o")
    repair_form = RepairForm(prefix="r")
    if request.method == "POST":
        action = request.POST.get("action", "")
        ok = False
        if action == "commitment":
            commitment_form = CommitmentForm(request.POST, request.FILES, prefix="c")
            ok = commitment_form.is_valid() and attempt(
                commitment_form,
                request=request,
                action=lambda: services.commitment_submit(
                    evaluation=item, file=commitment_form.cleaned_data["file"], by=user
                ),
            )
        elif action == "objection":
            objection_form = ObjectionForm(
                request.POST, choices=_ref_choices(item), prefix="o"
            )
            ok = objection_form.is_valid() and attempt(
                objection_form,
                request=request,
                action=lambda: services.objection_submit(
                    evaluation=item,
                    text=objection_form.cleaned_data["text"],
                    record_ref=objection_form.cleaned_data["record_ref"],
                    by=user,
                ),
            )
        elif action == "repair":
            repair_form = RepairForm(request.POST, prefix="r")
            ok = repair_form.is_valid() and attempt(
                repair_form,
                request=request,
                action=lambda: services.repair_submit(
                    evaluation=item, by=user, **repair_form.cleaned_data
                ),
            )
        if ok:
            messages.success(request, "已提交。")
            return redirect("credit:mine-detail", pk)
    return render(
        request,
        "credit/mine_detail.html",
        {
            "item": item,
            "shows_score": selectors.shows_score(user, item),
            "explanation": item.explanation,
            "steps": {s.code: s.label for s in EVALUATION.steps},
            "commitment_form": commitment_form,
            "objection_form": objection_form,
            "repair_form": repair_form,
            "errors": [
                *commitment_form.non_field_errors(),
                *objection_form.non_field_errors(),
                *repair_form.non_field_errors(),
            ],
            "objections": selectors.objection_list(item),
            "repairs": selectors.repair_list(item),
            "repair_severity": config.SEVERITY_OF_GRADE.get(item.grade_code),
            "repair_basis": config.REPAIR_BASIS,
            "example_label": EXAMPLE_LABEL,
        },
    )


def public(request: AppRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year_value = int(year_text) if year_text.isdigit() else None
    return render(
        request,
        "credit/public.html",
        {
            "evaluations": selectors.evaluation_list_public(year=year_value),
            "year": year_value,
        },
    )
