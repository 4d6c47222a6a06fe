from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import public_account_required, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework_services
from ecobureau.core.forms import attempt, refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates, list_export

from . import (
    config,
    exports,
    selectors,
    selectors_consult,
    selectors_entries,
    selectors_notice,
    selectors_registers,
    services,
    views_consult,
)
from .forms import (
    AdjustmentForm,
    CommitmentForm,
    DecideForm,
    LaunchForm,
    NoteForm,
    ObjectionForm,
    OpinionRequestForm,
    RepairForm,
    SchemeReviseForm,
    ScopeForm,
)
from .models import EXAMPLE_LABEL, Evaluation, EvaluationYear
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
            "entries_overdue": (
                selectors_entries.overdue_count_for_user(
                    request.user, today=dates.local_date(timezone.now())
                )
                if selectors.may_manage(request.user)
                or selectors.may_prescore(request.user)
                else None
            ),
            "objections_overdue": selectors_notice.overdue_objections_for_user(
                request.user
            ),
            "opinions_pending": selectors_consult.opinion_pending_for_member(
                request.user
            ).count(),
        },
        status=refused_status(form),
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
            "may_manage": selectors.may_manage(request.user),
            "example_label": EXAMPLE_LABEL,
            "repair_periods": config.REPAIR_PERIODS,
            "repair_basis": config.REPAIR_BASIS,
        },
    )


def _posted_rows(
    post: object, prefix: str, codes: list[str], names: list[str]
) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for code in codes:
        row: dict[str, object] = {}
        for name in names:
            key = f"{prefix}-{code}-{name}"
            if name.startswith("is_"):
                row[name] = post.get(key) == "on"  # type: ignore[attr-defined]
            elif key in post:  # type: ignore[operator]
                row[name] = post.get(key)  # type: ignore[attr-defined]
        out[code] = row
    return out


@staff_required
def scheme_revise(request: AppRequest, pk: int) -> HttpResponse:
    """Edit a scheme as a new version with an effective date (示例配置 flags kept)."""
    if not selectors.may_manage(request.user):
        raise PermissionDenied("只有信用评价人员可以修改评价方案。")
    scheme = selectors.scheme_get(pk)
    form = SchemeReviseForm(request.POST or None)
    indicators = list(scheme.indicators.all())
    grades = list(scheme.grades.all())
    vetoes = list(scheme.vetoes.all())
    posted = request.POST if request.method == "POST" else None
    ind = (
        _posted_rows(
            posted, "ind", [i.code for i in indicators], ["points", "cap", "is_example"]
        )
        if posted
        else {}
    )
    grd = (
        _posted_rows(
            posted, "grade", [g.code for g in grades], ["min_score", "is_example"]
        )
        if posted
        else {}
    )
    vet = (
        _posted_rows(posted, "veto", [v.code for v in vetoes], ["is_confirmed"])
        if posted
        else {}
    )
    if posted is not None and form.is_valid():
        revised = attempt(
            form,
            request=request,
            action=lambda: services.scheme_revise(
                scheme=scheme,
                effective_from=form.cleaned_data["effective_from"],
                indicators=ind,
                grades=grd,
                vetoes=vet,
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
        )
        if revised:
            messages.success(request, "已保存为新版本。")
            return redirect("credit:schemes")

    def value(
        rows: dict[str, dict[str, object]], code: str, name: str, current: object
    ) -> object:
        return rows.get(code, {}).get(name, current) if posted else current

    return render(
        request,
        "credit/scheme_revise.html",
        {
            "scheme": scheme,
            "form": form,
            "indicators": [
                (
                    i,
                    value(ind, i.code, "points", i.points),
                    value(ind, i.code, "cap", i.cap),
                    value(ind, i.code, "is_example", i.is_example),
                )
                for i in indicators
            ],
            "grades": [
                (
                    g,
                    value(grd, g.code, "min_score", g.min_score),
                    value(grd, g.code, "is_example", g.is_example),
                )
                for g in grades
            ],
            "vetoes": [
                (v, value(vet, v.code, "is_confirmed", v.is_confirmed)) for v in vetoes
            ],
            "example_label": EXAMPLE_LABEL,
        },
        status=refused_status(form),
    )


@staff_required
def year(request: AppRequest, year: int) -> HttpResponse:
    evaluation_year = selectors.year_get_for_user(request.user, year)
    form = ScopeForm(request.POST or None)
    manage = selectors.may_manage(request.user)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有信用评价人员可以确定评价范围。")
        picked = {int(pk) for pk in request.POST.getlist("enterprise") if pk.isdigit()}
        # Only enterprises in the user's data scope (the enterprises module's selector).
        chosen = list(
            enterprise_selectors.enterprise_list_for_user(request.user).filter(
                pk__in=picked
            )
        )
        if not picked:
            form.add_error(None, "请至少选择一家企业。")
        elif len(chosen) != len(picked):
            form.add_error(None, "所选企业中有不在您数据范围内的企业，未纳入。")
        elif form.is_valid() and attempt(
            form,
            request=request,
            action=lambda: services.evaluation_scope_add(
                evaluation_year=evaluation_year,
                enterprises=chosen,
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, f"已纳入评价范围：{len(picked)}家。")
            return redirect("credit:year", year)
    return _year_page(request, evaluation_year, form=form)


def _year_page(
    request: AppRequest,
    evaluation_year: EvaluationYear,
    *,
    form: ScopeForm | None = None,
    opinion_form: BaseForm | None = None,
) -> HttpResponse:
    """The year page; a refused form (scope or the year's 征求意见) answers 400
    with what was entered kept."""
    year = evaluation_year.year
    manage = selectors.may_manage(request.user)
    form = form if form is not None else ScopeForm()
    evaluations = list(selectors.evaluation_list_for_user(request.user, year=year))
    labels = {s.code: s.label for s in EVALUATION.steps}
    candidates = []
    if manage and request.GET.get("candidates"):
        taken = set(evaluation_year.evaluations.values_list("enterprise_id", flat=True))
        candidates = [
            (e, reason)
            for e, reason in services.scope_candidates(evaluation_year)
            if e.pk not in taken
        ]
    if manage and opinion_form is None:
        opinion_form = OpinionRequestForm(
            units=selectors_consult.consult_units(request.user), prefix="yop"
        )
    return render(
        request,
        "credit/year.html",
        {
            "evaluation_year": evaluation_year,
            "evaluations": [(e, labels.get(e.status, e.status)) for e in evaluations],
            "form": form,
            "candidates": candidates,
            "may_manage": manage,
            "opinion_form": opinion_form if manage else None,
            "reviewed_count": sum(1 for e in evaluations if e.status == "reviewed"),
        },
        status=refused_status(form, opinion_form),
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
    choices += [
        (i.code, f"守信加分 {i.code} {i.name}（每项{i.points}分，{EXAMPLE_LABEL}）")
        for i in scheme.indicators.filter(source="bonus")
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
        elif action == "disclosure":
            if attempt(
                None,
                request=request,
                action=lambda: services.disclosure_offer_accept(
                    evaluation=item, by=user
                ),
            ):
                messages.success(request, "已计入本次评价。")
            return redirect("credit:evaluation", pk)
        elif action == "notice":
            if attempt(
                None,
                request=request,
                action=lambda: services.result_notice_issue(evaluation=item, by=user),
            ):
                messages.success(request, "已制发信用评价结果告知书。")
            return redirect("credit:evaluation", pk)
        elif action == "consequence":
            # 失信惩戒: take off the positive list (enterprises' service checks who).
            if attempt(
                None,
                request=request,
                action=lambda: services.consequence_apply(evaluation=item, by=user),
            ):
                messages.success(request, "已移出监督执法正面清单。")
            return redirect("credit:evaluation", pk)
        elif action in (
            "prescore",
            "review",
            "send_back",
            "consult",
            "announce",
            "publish",
        ):
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
    return _evaluation_page(
        request,
        item,
        adjust_form=adjust_form,
        commitment_form=commitment_form,
        note_form=note_form,
    )


def _with_decide_forms(
    rows: list[Any], kind: str, bound: tuple[str, int, DecideForm] | None
) -> list[Any]:
    """Give each objection / repair still to be decided its own form
    (`row.decide_form`); the one posted and refused keeps what was typed."""
    for row in rows:
        if bound is not None and bound[0] == kind and bound[1] == row.pk:
            row.decide_form = bound[2]
        else:
            row.decide_form = DecideForm(auto_id=f"{kind}{row.pk}_%s")
    return rows


def _evaluation_page(
    request: AppRequest,
    item: Evaluation,
    *,
    adjust_form: AdjustmentForm | None = None,
    commitment_form: CommitmentForm | None = None,
    note_form: NoteForm | None = None,
    decided: tuple[str, int, DecideForm] | None = None,
    consult_bound: views_consult.Bound | None = None,
) -> HttpResponse:
    """The evaluation page; a refused form (any of them) answers 400 with it
    bound, so what was typed is kept."""
    user = request.user
    consult, consult_forms = views_consult.section_context(user, item, consult_bound)
    adjust_form = adjust_form or AdjustmentForm(
        choices=_manual_choices(item), prefix="adj"
    )
    commitment_form = commitment_form or CommitmentForm(prefix="c")
    note_form = note_form or NoteForm(prefix="n")
    decide_form = decided[2] if decided else None
    preview = services.compute(item) if item.status == "scoped" else None
    return render(
        request,
        "credit/evaluation.html",
        {
            "item": item,
            "explanation": preview.as_json() if preview else item.explanation,
            "is_preview": preview is not None,
            "steps": {s.code: s.label for s in EVALUATION.steps},
            "transitions": [
                t
                for t in EVALUATION.available(item.status)
                if t.code != "announce" or selectors_notice.notice_days()
            ],
            "publish_blockers": selectors_notice.publish_blockers(
                item, dates.local_date(timezone.now())
            ),
            "notice_basis": selectors_notice.notice_basis(),
            "adjust_form": adjust_form,
            "commitment_form": commitment_form,
            "note_form": note_form,
            "objections": _with_decide_forms(
                selectors_notice.objection_rows(item), "objection", decided
            ),
            "repairs": _with_decide_forms(
                list(selectors.repair_list(item)), "repair", decided
            ),
            "history": casework_selectors.history_for(item),
            "documents": selectors_files.document_list_for_target(item),
            "may_manage": selectors.may_manage(user),
            "may_prescore": selectors.may_prescore(user),
            "may_adjust_list": user.has_perm("enterprises.manage_positive_list"),
            "example_label": EXAMPLE_LABEL,
            **selectors.consequences_context(item),
            "publication": selectors.publication_period(item),
            "publication_note": selectors.publication_rule_note(),
            **selectors_registers.provincial_for_evaluation(item),
            "disclosure_offer": (
                selectors_registers.disclosure_offer(item)
                if item.status == "scoped"
                else None
            ),
            **consult,
        },
        status=refused_status(
            adjust_form, commitment_form, note_form, decide_form, *consult_forms
        ),
    )


@staff_required
@require_POST
def objection_decide(request: AppRequest, pk: int) -> HttpResponse:
    """Decide an objection; a refused decision re-renders the evaluation page
    (400) with the conclusion and the opinion typed kept."""
    objection = selectors.objection_get_for_manager(request.user, pk)
    form = DecideForm(request.POST, auto_id=f"objection{objection.pk}_%s")
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.objection_decide(
            objection=objection,
            upheld=form.cleaned_data["accept"],
            decision=form.cleaned_data["decision"],
            by=request.user,
        ),
    ):
        messages.success(request, "异议已处理。")
        return redirect("credit:evaluation", objection.evaluation_id)
    return _evaluation_page(
        request, objection.evaluation, decided=("objection", objection.pk, form)
    )


@staff_required
@require_POST
def repair_decide(request: AppRequest, pk: int) -> HttpResponse:
    """Decide a repair application; refused: the evaluation page again (400),
    what was typed kept."""
    repair = selectors.repair_get_for_manager(request.user, pk)
    form = DecideForm(request.POST, auto_id=f"repair{repair.pk}_%s")
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.repair_decide(
            repair=repair,
            granted=form.cleaned_data["accept"],
            decision=form.cleaned_data["decision"],
            by=request.user,
        ),
    ):
        messages.success(request, "修复申请已审核。")
        return redirect("credit:evaluation", repair.evaluation_id)
    return _evaluation_page(
        request, repair.evaluation, decided=("repair", repair.pk, form)
    )


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
    window = selectors.repair_window_for(item)
    # The document date is typed only when the platform holds no record of it.
    typed = bool(window) and window["document"] is None
    repair_form = RepairForm(prefix="r", needs_date=typed)
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
            repair_form = RepairForm(request.POST, prefix="r", needs_date=typed)
            ok = repair_form.is_valid() and attempt(
                repair_form,
                request=request,
                action=lambda: services.repair_submit(
                    evaluation=item, by=user, **repair_form.cleaned_data
                ),
            )
        if ok:
            messages.success(request, gettext("已提交。"))
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
            "repair_severity": selectors.repair_severity(item),
            "repair_window": window,
            "publication": selectors.publication_period(item),
            "publication_note": selectors.publication_rule_note(),
            "repair_typed_note": config.REPAIR_TYPED_NOTE,
            "repair_basis": config.REPAIR_BASIS,
            "config_note": selectors.example_note(item),
            "example_label": EXAMPLE_LABEL,
            "documents": selectors_files.document_list_for_target(item),
            **(
                selectors.consequences_context(item)
                if selectors.shows_score(user, item)
                else {}
            ),
        },
        status=refused_status(commitment_form, objection_form, repair_form),
    )


@public_account_required
def mine_notice(request: AppRequest, pk: int, document_pk: int) -> HttpResponseBase:
    """The enterprise opens its own result notice (信用评价结果告知书) PDF."""
    item = selectors.evaluation_get_for_user(request.user, pk)
    document = get_object_or_404(
        selectors_files.document_list_for_target(item), pk=document_pk
    )
    handle = casework_services.attachment_access(
        attachment=document.attachment, by=request.user
    )
    return FileResponse(
        handle, filename=document.attachment.name, content_type="application/pdf"
    )


PUBLIC_PAGE_SIZE = 50


def _public_year(request: AppRequest) -> int | None:
    year_text = request.GET.get("year", "")
    return int(year_text) if year_text.isdigit() else None


def _public_rows(request: AppRequest) -> list[selectors.PublicRow]:
    return selectors.public_rows(
        year=_public_year(request), q=request.GET.get("q", "")[:100]
    )


def public(request: AppRequest) -> HttpResponse:
    """The bureau's published list (本局评价结果): searchable by name or credit
    code, paged, exportable; no personal data (enterprise name, credit code,
    district and grade only), each result's publication date, the province's
    published grade beside it where one was imported (decision 0010)."""
    rows = _public_rows(request)
    page = Paginator(rows, PUBLIC_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return render(
        request,
        "credit/public.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "year": _public_year(request),
            "q": request.GET.get("q", "")[:100],
            "count": len(rows),
            "any_example": any(row.example for row in rows),
            "example_label": EXAMPLE_LABEL,
            "querystring_without_page": f"{encoded}&" if encoded else "",
            "export_query": f"?{encoded}" if encoded else "",
        },
    )


def public_export(request: AppRequest) -> HttpResponse:
    response = HttpResponse(
        exports.public_xlsx(_public_rows(request)), content_type=XLSX
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''credit-public.xlsx"
    return response


def public_export_csv(request: AppRequest) -> HttpResponse:
    return list_export.response(
        "csv",
        filename="credit-public",
        title=gettext("本局企业环境信用评价结果"),
        headers=[gettext(header) for header in exports.PUBLIC_HEADERS],
        rows=exports.public_cells(_public_rows(request)),
    )
