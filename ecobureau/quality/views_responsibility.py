"""Responsibility pages: the veto register (一票否决, D7) and the responsibility
letters (目标责任状, D3) with their targets, assessment, conclusion and the
published results (C10). Quality staff read; city-scope quality staff write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt
from ecobureau.core.models import Division
from ecobureau.emergencies import selectors as emergency_selectors

from . import forms, letter_figures, selectors, services
from .models import Letter, Veto
from .views import _require_view


def _can_record(request: AppRequest) -> bool:
    user = request.user
    return bool(
        user.has_perm("quality.manage_quality")
        and (user.is_superuser or user.scope == user.Scope.CITY)
    )


def _register_page(
    request: AppRequest,
    *,
    template: str,
    form_class: type,
    items_name: str,
    items: object,
    form: object = None,
    status: int = 200,
    initial: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A register page of D3/D6/D7: its entries in the user's scope and, for the city
    bureau that records them, the entry form (blank, prefilled, or the refused one)."""
    can_record = _can_record(request)
    if form is None and can_record:
        form = form_class(
            initial=initial or {"year": timezone.localdate().year},
            districts=Division.objects.filter(level=2),
        )
    return render(
        request,
        template,
        {
            items_name: items,
            "form": form if can_record else None,
            "can_record": can_record,
            **(extra or {}),
        },
        status=status,
    )


def _incident_year(request: AppRequest) -> int:
    """?year= of the incidents awaiting a veto decision: this year by default, or an
    earlier one (vetoes are often decided after the year ends)."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year else this_year


def _veto_initial(
    incident: emergency_selectors.AccountabilityIncident,
) -> dict[str, Any]:
    """The veto form prefilled from a 重大/特别重大 incident (reason INCIDENT)."""
    day = incident.happened_on
    place = incident.district_name or "本市"
    facts = (
        f"{day.year}年{day.month}月{day.day}日，{place}发生{incident.grade_label}"
        f"突发环境事件“{incident.title}”（突发环境事件#{incident.pk}）。"
        f"{incident.summary}"
    )
    return {
        "year": incident.year,
        "reason": Veto.Reason.INCIDENT,
        "district": incident.district_id,
        "facts": facts,
        "incident": incident.pk,
    }


def _page(
    request: AppRequest,
    *,
    form=None,
    status: int = 200,
    initial: dict[str, Any] | None = None,
    judged_form: tuple[int, forms.VetoNotRequiredForm] | None = None,
) -> HttpResponse:
    year = _incident_year(request)
    pending = selectors.incidents_pending_veto_for_user(request.user, year=year)
    # One 不予否决 form a row, ids unique on the page; a refused one comes back as
    # typed in its row.
    rows = [
        (
            incident,
            judged_form[1]
            if judged_form and judged_form[0] == incident.pk
            else forms.VetoNotRequiredForm(auto_id=f"id_nr{incident.pk}_%s"),
        )
        for incident in pending
    ]
    return _register_page(
        request,
        template="quality/veto_list.html",
        form_class=forms.VetoForm,
        items_name="vetoes",
        items=selectors.veto_list_for_user(request.user),
        form=form,
        status=status,
        initial=initial,
        extra={
            "pending_incidents": rows,
            "judged_incidents": selectors.veto_not_required_list_for_user(
                request.user, year=year
            ),
            "incident_year": year,
            "this_year": timezone.localdate().year,
        },
    )


@require_GET
@staff_required
def veto_list(request: AppRequest) -> HttpResponse:
    """The register; ?incident= (with ?year=) prefills the form from one of the
    year's incidents awaiting a decision in the user's area (404 otherwise)."""
    _require_view(request)
    initial = None
    if request.GET.get("incident") and _can_record(request):
        pending = selectors.incidents_pending_veto_for_user(
            request.user, year=_incident_year(request)
        )
        incident = next(
            (i for i in pending if str(i.pk) == request.GET["incident"]), None
        )
        if incident is None:
            raise Http404("该事件不在待研判一票否决的列表中")
        initial = _veto_initial(incident)
    return _page(request, initial=initial)


@require_POST
@staff_required
def veto_create(request: AppRequest) -> HttpResponse:
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("一票否决由市局登记")
    form = forms.VetoForm(request.POST, districts=Division.objects.filter(level=2))
    if form.is_valid() and attempt(
        form,
        lambda: services.veto_record(
            actor=request.user, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, "一票否决已登记。")
        return redirect(reverse("quality:vetoes"))
    return _page(request, form=form, status=400)


@require_POST
@staff_required
def veto_not_required(request: AppRequest, incident: int) -> HttpResponse:
    """研判不予一票否决 for one of the year's incidents awaiting a decision in the
    user's area (404 otherwise); refused → the page again, 400, as typed."""
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("一票否决的研判由市局登记")
    year = _incident_year(request)
    pending = selectors.incidents_pending_veto_for_user(request.user, year=year)
    if not any(i.pk == incident for i in pending):
        raise Http404("该事件不在待研判一票否决的列表中")
    form = forms.VetoNotRequiredForm(request.POST, auto_id=f"id_nr{incident}_%s")
    if form.is_valid() and attempt(
        form,
        lambda: services.veto_not_required_record(
            actor=request.user,
            incident=incident,
            year=year,
            now=timezone.now(),
            **form.cleaned_data,
        ),
    ):
        messages.success(request, "已登记不予一票否决的研判。")
        return redirect(reverse("quality:vetoes") + f"?year={year}")
    return _page(request, status=400, judged_form=(incident, form))


@require_POST
@staff_required
def veto_withdraw(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("一票否决由市局撤销")
    veto = get_object_or_404(selectors.veto_list_for_user(request.user), pk=pk)
    form = forms.VetoWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.veto_withdraw(
                actor=request.user, veto=veto, reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return _page(request, status=400)
        messages.success(request, "一票否决已撤销。")
        return redirect(reverse("quality:vetoes"))
    messages.error(request, "请填写撤销理由。")
    return _page(request, status=400)


# --- Responsibility letters -------------------------------------------------------------


def _letter_list_page(request: AppRequest, *, form=None, status: int = 200):
    return _register_page(
        request,
        template="quality/letter_list.html",
        form_class=forms.LetterForm,
        items_name="letters",
        items=selectors.letter_list_for_user(request.user),
        form=form,
        status=status,
    )


@require_GET
@staff_required
def letter_list(request: AppRequest) -> HttpResponse:
    _require_view(request)
    return _letter_list_page(request)


@require_POST
@staff_required
def letter_create(request: AppRequest) -> HttpResponse:
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("目标责任状由市局登记")
    form = forms.LetterForm(request.POST, districts=Division.objects.filter(level=2))
    if form.is_valid():
        try:
            letter = services.letter_create(
                actor=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "目标责任状已登记。")
            return redirect(letter.get_absolute_url())
    return _letter_list_page(request, form=form, status=400)


def _letter_incidents(
    request: AppRequest, letter: Letter
) -> list[emergency_selectors.AccountabilityIncident]:
    """The 重大/特别重大 incidents of the letter's area (its district, or the city)
    and year that the user may see (D3: a major pollution incident in the area)."""
    return selectors.major_incidents_for_user(
        request.user, year=letter.year, district_id=letter.district_id
    )


def _letter_page(request: AppRequest, letter, *, status: int = 200, **forms_):
    can_record = _can_record(request)
    incidents = _letter_incidents(request, letter)
    targets = list(letter.targets.all())
    figures = letter_figures.letter_figures(letter, targets, now=timezone.now())
    for target in targets:
        target.figure = figures.get(target.pk)
    context = {
        "letter": letter,
        "targets": targets,
        "text_only_note": letter_figures.TEXT_ONLY_NOTE,
        "can_record": can_record,
        "assess_form": forms_.get("assess_form"),
        "assess_target": forms_.get("assess_target"),
        "link_form": forms_.get("link_form"),
        "link_target": forms_.get("link_target"),
        "indicator_choices": forms.INDICATOR_CHOICES,
        "pollutant_choices": forms.POLLUTANT_CHOICES,
        "incidents": incidents,
        "linked_incident": next(
            (i for i in incidents if i.pk == letter.incident_id), None
        ),
        "conclude_form": forms_.get("conclude_form")
        or forms.LetterConcludeForm(incidents=incidents),
        "publish_form": forms_.get("publish_form") or forms.LetterPublishForm(),
    }
    return render(request, "quality/letter_detail.html", context, status=status)


@require_GET
@staff_required
def letter_detail(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    return _letter_page(request, selectors.letter_get_for_user(request.user, pk))


@require_POST
@staff_required
def letter_target_assess(request: AppRequest, pk: int, target_pk: int) -> HttpResponse:
    _require_view(request)
    letter = selectors.letter_get_for_user(request.user, pk)
    if not _can_record(request):
        raise PermissionDenied("目标责任状由市局考核")
    target = get_object_or_404(letter.targets.all(), pk=target_pk)
    form = forms.TargetAssessForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.letter_target_assess(
            actor=request.user, target=target, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, f"第{target.position}项目标已考核。")
        return redirect(letter.get_absolute_url())
    return _letter_page(
        request, letter, assess_form=form, assess_target=target.pk, status=400
    )


@require_POST
@staff_required
def letter_target_link(request: AppRequest, pk: int, target_pk: int) -> HttpResponse:
    _require_view(request)
    letter = selectors.letter_get_for_user(request.user, pk)
    if not _can_record(request):
        raise PermissionDenied("目标责任状由市局维护")
    target = get_object_or_404(letter.targets.all(), pk=target_pk)
    form = forms.TargetLinkForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.letter_target_link(
            actor=request.user, target=target, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, f"第{target.position}项目标的关联指标已保存。")
        return redirect(letter.get_absolute_url())
    return _letter_page(
        request, letter, link_form=form, link_target=target.pk, status=400
    )


@require_POST
@staff_required
def letter_conclude(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    letter = selectors.letter_get_for_user(request.user, pk)
    if not _can_record(request):
        raise PermissionDenied("目标责任状由市局考核")
    form = forms.LetterConcludeForm(
        request.POST, incidents=_letter_incidents(request, letter)
    )
    if form.is_valid() and attempt(
        form,
        lambda: services.letter_conclude(
            actor=request.user, letter=letter, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, "考核结论已登记。")
        return redirect(letter.get_absolute_url())
    return _letter_page(request, letter, conclude_form=form, status=400)


@require_POST
@staff_required
def letter_publish(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    letter = selectors.letter_get_for_user(request.user, pk)
    if not _can_record(request):
        raise PermissionDenied("考核结果由市局公开")
    form = forms.LetterPublishForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.letter_publish(
            actor=request.user, letter=letter, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, "考核结果已公开。")
        return redirect(letter.get_absolute_url())
    return _letter_page(request, letter, publish_form=form, status=400)


@require_GET
def letter_list_public(request: AppRequest) -> HttpResponse:
    """Published assessment results of the responsibility letters (C10)."""
    return render(
        request,
        "quality/letter_public.html",
        {"letters": selectors.letter_list_public()},
    )


# --- Environmental-responsibility audits (D6) -----------------------------------------


def _audit_page(request: AppRequest, *, form=None, status: int = 200):
    return _register_page(
        request,
        template="quality/audit_list.html",
        form_class=forms.AuditForm,
        items_name="audits",
        items=selectors.audit_list_for_user(request.user),
        form=form,
        status=status,
    )


@require_GET
@staff_required
def audit_list(request: AppRequest) -> HttpResponse:
    _require_view(request)
    return _audit_page(request)


@require_POST
@staff_required
def audit_create(request: AppRequest) -> HttpResponse:
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("环境保护责任审计结果由市局登记")
    form = forms.AuditForm(request.POST, districts=Division.objects.filter(level=2))
    if form.is_valid() and attempt(
        form,
        lambda: services.audit_record(
            actor=request.user, now=timezone.now(), **form.cleaned_data
        ),
    ):
        messages.success(request, "审计结果已登记。")
        return redirect(reverse("quality:audits"))
    return _audit_page(request, form=form, status=400)


@require_POST
@staff_required
def audit_publish(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    if not _can_record(request):
        raise PermissionDenied("审计结果由市局公开")
    audit = get_object_or_404(selectors.audit_list_for_user(request.user), pk=pk)
    try:
        services.audit_publish(actor=request.user, audit=audit, now=timezone.now())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return _audit_page(request, status=400)
    messages.success(request, "审计结果已公开。")
    return redirect(reverse("quality:audits"))


@require_GET
def audit_list_public(request: AppRequest) -> HttpResponse:
    """Published environmental-responsibility audit results (D6)."""
    return render(
        request, "quality/audit_public.html", {"audits": selectors.audit_list_public()}
    )
