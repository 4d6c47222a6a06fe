"""Staff pages of the leadership view, the unit assessment and its public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt
from ecobureau.core.replica import reports_from_replica

from . import exports, forms, scoring, selectors, services
from . import notice as notice_doc
from .models import Assessment


def _period(request: AppRequest, default_kind: str = "month") -> selectors.Period:
    return selectors.period_parse(
        request.GET.get("period") or default_kind,
        request.GET.get("value"),
        today=timezone.localdate(),
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
@staff_required
def home(request: AppRequest) -> HttpResponse:
    level = selectors.home_level(request.user)
    return redirect(level.url())


def _level_page(request: AppRequest, level: selectors.Level) -> HttpResponse:
    period = _period(request)
    # 环境质量口径: cumulative from 1 January (the seed's way of reporting, the
    # default) or the period's months alone (`?quality=period`).
    quality_period = request.GET.get("quality") == "period"
    sections = selectors.figures(
        request.user, level, period, quality_cumulative=not quality_period
    )
    ranking = None
    if period.kind == "month":
        scores = selectors.unit_scores(period)
        visible = selectors.units_visible(request.user)
        ranking = [s for s in scores if visible is None or s.facts.unit_id in visible]
    return render(
        request,
        "leadership/level.html",
        {
            "level": level,
            "period": period,
            "quality_period": quality_period,
            "sections": sections,
            "children": selectors.children_of(level),
            "ranking": ranking,
            "scheme_label": scoring.SCHEME_LABEL,
        },
    )


@require_GET
@staff_required
@reports_from_replica
def city(request: AppRequest) -> HttpResponse:
    return _level_page(request, selectors.city_level(request.user))


@require_GET
@staff_required
@reports_from_replica
def district(request: AppRequest, pk: int) -> HttpResponse:
    return _level_page(request, selectors.district_level(request.user, pk))


@require_GET
@staff_required
@reports_from_replica
def unit(request: AppRequest, pk: int) -> HttpResponse:
    return _level_page(request, selectors.unit_level(request.user, pk))


@require_GET
@staff_required
@reports_from_replica
def items(request: AppRequest) -> HttpResponse:
    """The items behind one figure, in the viewer's scope."""
    level = selectors.level_get(
        request.user, request.GET.get("level", ""), _int(request.GET.get("pk"))
    )
    period = _period(request)
    key = request.GET.get("key", "")
    drill = selectors.DRILLS.get(key)
    if drill is None:
        raise Http404("没有该指标。")
    only = request.GET.get("only", "")
    qs = selectors.drill_filter(
        key, only, selectors.drill_items(request.user, level, period, key)
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(drill.link(obj), drill.row(obj)) for obj in page.object_list]
    return render(
        request,
        "leadership/items.html",
        {
            "level": level,
            "period": period,
            "drill": drill,
            "page": page,
            "rows": rows,
            "only": only,
            "query": request.GET.copy(),
        },
    )


def _assessment_context(
    request: AppRequest, kind: str
) -> tuple[selectors.Period, Assessment | None, list[dict[str, Any]], dict[str, Any]]:
    period = _period(request, kind)
    if period.kind != kind:
        period = selectors.period_containing(kind, period.start)
    stored = selectors.assessment_stored(kind, period)
    if stored is not None:
        rows, scheme = stored.rows, stored.scheme
    else:
        rows = [scoring.to_row(s) for s in selectors.unit_scores(period)]
        scheme = scoring.EXAMPLE_SCHEME
    return period, stored, selectors.rows_for_user(request.user, rows), scheme


def _title(kind: str, period: selectors.Period) -> str:
    return f"{period.label}单位{'月度排名' if kind == 'month' else '季度考核'}"


@require_http_methods(["GET", "POST"])
@staff_required
def assessment(request: AppRequest, kind: str) -> HttpResponse:
    """The monthly ranking (kind=month) or the quarterly assessment (kind=quarter):
    live figures until a leader confirms them, the stored result afterwards. A
    quarter also shows its supervision findings (A96; a form to record one), its
    与基层互动 results with any accountability follow-up (A80) and its progress
    notice."""
    if kind not in Assessment.Kind.values:
        raise Http404("没有该考核类型。")
    if not selectors.may_view(request.user):
        require_perm(request, "leadership.view_leadership")
    period, stored, rows, scheme = _assessment_context(request, kind)
    is_finding = request.method == "POST" and request.POST.get("form") == "finding"
    finding_form = None
    if kind == Assessment.Kind.QUARTER and selectors.may_record_finding(request.user):
        notice = selectors.notice_of(stored)
        if notice is None:
            finding_form = forms.FindingForm(request.POST if is_finding else None)
    if is_finding:
        if finding_form is None:
            require_perm(request, "leadership.record_finding")
            messages.error(request, "该季度不能再录入督查发现。")
            return redirect(request.get_full_path())
        if finding_form.is_valid():
            valid = finding_form

            def record() -> None:
                services.finding_record(
                    quarter=period, by=request.user, **valid.cleaned_data
                )

            if attempt(finding_form, record):
                messages.success(request, "督查发现已录入。")
                return redirect(request.get_full_path())
    may_confirm = (
        stored is None
        and selectors.is_city(request.user)
        and request.user.has_perm("leadership.confirm_assessment")
    )
    form = None
    if may_confirm:
        scores = selectors.unit_scores(period)
        form = forms.ConfirmForm(
            request.POST if request.method == "POST" and not is_finding else None,
            scores=scores,
            with_supervision=kind == Assessment.Kind.QUARTER,
        )
        if request.method == "POST" and not is_finding and form.is_valid():
            valid_confirm = form

            def confirm() -> None:
                services.assessment_confirm(
                    kind=kind,
                    period=period,
                    by=request.user,
                    supervision=valid_confirm.supervision(),
                    note=valid_confirm.cleaned_data["note"],
                )

            if attempt(form, confirm):
                messages.success(request, "考核结果已确认并存档。")
                return redirect(request.get_full_path())
    elif request.method == "POST" and not is_finding:
        require_perm(request, "leadership.confirm_assessment")
        messages.error(request, "该期间的考核结果已经确认。")
        return redirect(request.get_full_path())
    context: dict[str, Any] = {
        "kind": kind,
        "title": _title(kind, period),
        "period": period,
        "stored": stored,
        "rows": rows,
        "scheme": scheme,
        "scheme_text": exports.scheme_text(scheme),
        "form": form,
        "finding_form": finding_form,
        "period_ended": period.end <= timezone.localdate(),
    }
    if kind == Assessment.Kind.QUARTER:
        context.update(_quarter_context(request, period, stored))
    context.update(_participation_context(request, period))
    return render(
        request,
        "leadership/assessment.html",
        context,
        # A POST that reaches here was refused: the form again with its errors.
        status=400 if request.method == "POST" else 200,
    )


def _participation_context(
    request: AppRequest, period: selectors.Period
) -> dict[str, Any]:
    """A76 beside the scores: each unit's participation in enterprise
    engagement in the period, in the reader's scope; reported, not scored."""
    allowed = selectors.may_view_participation(request.user)
    return {
        "participation": (
            selectors.participation_for_user(request.user, period) if allowed else None
        ),
        "participation_note": selectors.PARTICIPATION_NOTE,
    }


@require_GET
@staff_required
@reports_from_replica
def participation(request: AppRequest, kind: str) -> HttpResponse:
    """The drill-down of A76: each cadre's participation in the period (of one
    unit with ?unit=, which must be one the reader may open), in scope."""
    if kind not in Assessment.Kind.values:
        raise Http404("没有该考核类型。")
    if not selectors.may_view(request.user):
        require_perm(request, "leadership.view_leadership")
    require_perm(request, "engagement.view_demand")
    period = _period(request, kind)
    if period.kind != kind:
        period = selectors.period_containing(kind, period.start)
    unit_pk = _int(request.GET.get("unit"))
    level = selectors.unit_level(request.user, unit_pk) if unit_pk else None
    rows = selectors.participation_for_user(
        request.user, period, by="cadre", unit_id=unit_pk
    )
    return render(
        request,
        "leadership/participation.html",
        {
            "kind": kind,
            "title": _title(kind, period),
            "period": period,
            "level": level,
            "rows": rows,
            "note": selectors.PARTICIPATION_NOTE,
        },
    )


def _quarter_context(
    request: AppRequest, period: selectors.Period, stored: Assessment | None
) -> dict[str, Any]:
    user = request.user
    notice = selectors.notice_of(stored)
    return {
        "findings": selectors.finding_list_for_user(user, period),
        "grassroots": (
            selectors.grassroots_results_for_user(user, stored) if stored else []
        ),
        "poor_line": selectors.poor_supervision_from(),
        "notice": notice,
        "may_issue_notice": (
            stored is not None
            and notice is None
            and selectors.is_city(user)
            and user.has_perm("leadership.confirm_assessment")
        ),
        "notice_is_extract": selectors.notice_units_for_user(user) is not None,
    }


@require_GET
@staff_required
def assessment_export(request: AppRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in Assessment.Kind.values or fmt not in ("xlsx", "pdf"):
        raise Http404("没有该导出。")
    if not selectors.may_view(request.user):
        require_perm(request, "leadership.view_leadership")
    period, stored, rows, scheme = _assessment_context(request, kind)
    title = _title(kind, period)
    findings = (
        list(selectors.finding_list_for_user(request.user, period))
        if kind == Assessment.Kind.QUARTER
        else None
    )
    participation = None
    if selectors.may_view_participation(request.user):
        participation = exports.Participation(
            units=selectors.participation_for_user(request.user, period),
            cadres=selectors.participation_for_user(request.user, period, by="cadre"),
            note=selectors.PARTICIPATION_NOTE,
        )
    if fmt == "xlsx":
        content = exports.xlsx_bytes(title, rows, scheme, findings, participation)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        status = stored.get_status_display() if stored else "未确认（实时计算）"
        content = exports.pdf_bytes(
            title,
            rows,
            scheme,
            status=status,
            issued_on=timezone.localdate(),
            created_at=timezone.now(),
            findings=findings,
            participation=participation,
        )
        response = HttpResponse(content, content_type="application/pdf")
    filename = f"{kind}-{period.value}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@staff_required
def assessment_list(request: AppRequest) -> HttpResponse:
    assessments = selectors.assessment_list_for_user(request.user)
    return render(
        request, "leadership/assessment_list.html", {"assessments": assessments}
    )


@require_GET
@staff_required
def assessment_detail(request: AppRequest, pk: int) -> HttpResponse:
    stored = selectors.assessment_get_for_user(request.user, pk)
    period = selectors.period_containing(stored.kind, stored.period_start)
    query = f"?period={stored.kind}&value={period.value}"
    return redirect(f"{_assessment_url(stored.kind)}{query}")


def _assessment_url(kind: str) -> str:
    from django.urls import reverse

    return reverse("leadership:assessment", args=[kind])


@require_POST
@staff_required
def assessment_publish(request: AppRequest, pk: int) -> HttpResponse:
    stored = selectors.assessment_get_for_user(request.user, pk)
    require_perm(request, "leadership.publish_assessment")
    if attempt(
        None,
        lambda: services.assessment_publish(assessment=stored, by=request.user),
        request,
    ):
        messages.success(request, "考核结果已公布。")
    return redirect(stored.get_absolute_url())


@require_POST
@staff_required
def notice_issue(request: AppRequest, pk: int) -> HttpResponse:
    """Issue the quarter's progress notice (通报工作进展, A96)."""
    stored = selectors.assessment_get_for_user(request.user, pk)
    require_perm(request, "leadership.confirm_assessment")
    if attempt(
        None,
        lambda: services.notice_issue(assessment=stored, by=request.user),
        request,
    ):
        messages.success(request, "工作进展通报已印发。")
    return redirect(stored.get_absolute_url())


@require_GET
@staff_required
def notice_pdf(request: AppRequest, pk: int) -> HttpResponse:
    """The issued notice as PDF, drawn from what it said when issued: the whole
    notice for the city; for a district leader or a unit head an extract of their
    own units' lines (another district's findings are not theirs to read)."""
    item = selectors.notice_get_for_user(request.user, pk)
    units = selectors.notice_units_for_user(request.user)
    content = notice_doc.pdf_bytes(item.content, created_at=item.issued_at, units=units)
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "" if units is None else "-extract"
    filename = f"notice-{item.assessment.period_start:%Y-%m}{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def public(request: AppRequest) -> HttpResponse:
    """Published unit assessment results (no log-in; units, scores, ranks only)."""
    assessments = list(selectors.assessment_list_public()[:24])
    chosen = None
    pk = _int(request.GET.get("id"))
    if pk is not None:
        chosen = selectors.assessment_get_public(pk)
    elif assessments:
        chosen = assessments[0]
    return render(
        request,
        "leadership/public.html",
        {"assessments": assessments, "chosen": chosen},
    )
