"""Staff pages for public participation: the letters queue (draft → review →
publish) and consultations (publish, study each opinion, publish the results)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework.selectors import history_for
from ecobureau.core.forms import attempt, refused_status

from . import selectors, services
from .forms import (
    AnswerForm,
    ConsultationForm,
    OpinionDecideForm,
    ResultsForm,
    ReviewForm,
)
from .models import Consultation, Letter

ACTION_LABELS = {
    "portal.letter_submit": "来信提交",
    "portal.letter_draft": "起草答复",
    "portal.letter_publish": "审核通过并发布",
    "portal.letter_return": "审核退回",
    "portal.letter_rate": "来信人评价",
    "portal.consultation_create": "起草征集",
    "portal.consultation_publish": "发布征集",
    "portal.consultation_results": "公布采纳情况",
}


@require_GET
@staff_required
def staff_index(request: AppRequest) -> HttpResponse:
    if not selectors.may_handle(request.user):
        raise PermissionDenied("您没有互动交流办理权限。")
    user = request.user
    return render(
        request,
        "portal/staff_index.html",
        {
            "to_answer": selectors.letter_list_for_staff(
                user, status=Letter.Status.RECEIVED
            ),
            "to_review": selectors.letter_list_for_staff(
                user, status=Letter.Status.DRAFTED
            ),
            "published": selectors.letter_list_for_staff(
                user, status=Letter.Status.PUBLISHED
            ).order_by("-published_at")[:20],
            "consultations": selectors.consultation_list_for_staff(user),
            "may_manage": user.has_perm("portal.manage_consultation"),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_letter(request: AppRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_staff(request.user, pk)
    initial = {
        "answer": letter.answer,
        "public_subject": letter.public_subject or letter.subject,
        "public_text": letter.public_text or letter.text,
    }
    answer_form = AnswerForm(
        request.POST if request.POST.get("step") == "answer" else None,
        initial=initial,
    )
    review_form = ReviewForm(
        request.POST if request.POST.get("step") == "review" else None
    )
    if request.method == "POST":
        if request.POST.get("step") == "answer" and answer_form.is_valid():
            if attempt(
                answer_form,
                lambda: services.letter_draft_answer(
                    letter=letter, by=request.user, **answer_form.cleaned_data
                ),
            ):
                return redirect("portal:staff-letter", pk=pk)
        elif request.POST.get("step") == "review" and review_form.is_valid():
            data = review_form.cleaned_data
            if attempt(
                review_form,
                lambda: services.letter_review(
                    letter=letter,
                    by=request.user,
                    approve=data["decision"] == "approve",
                    note=data["note"],
                ),
            ):
                return redirect("portal:staff-letter", pk=pk)
    return render(
        request,
        "portal/staff_letter.html",
        {
            "letter": letter,
            "answer_form": answer_form,
            "review_form": review_form,
            "may_answer": request.user.has_perm("portal.answer_letter"),
            "may_review": request.user.has_perm("portal.review_letter"),
            "history": history_for(letter, ACTION_LABELS),
        },
        status=refused_status(answer_form, review_form),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_consultation_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "portal.manage_consultation")
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    created: list[Consultation] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: created.append(
                services.consultation_create(by=request.user, **form.cleaned_data)
            ),
        )
    ):
        return redirect("portal:staff-consultation", pk=created[0].pk)
    return render(
        request,
        "portal/staff_consultation_new.html",
        {"form": form},
        status=refused_status(form),
    )


@require_GET
@staff_required
def staff_consultation(request: AppRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get_for_staff(request.user, pk)
    return render(
        request,
        "portal/staff_consultation.html",
        _consultation_context(consultation),
    )


def _consultation_context(consultation: Consultation, **extra: object) -> dict:
    context: dict[str, object] = {
        "consultation": consultation,
        "opinions": consultation.opinions.order_by("pk"),
        "decide_form": OpinionDecideForm(),
        "results_form": ResultsForm(),
        "history": history_for(consultation, ACTION_LABELS),
    }
    context.update(extra)
    return context


@require_POST
@staff_required
def staff_consultation_publish(request: AppRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get_for_staff(request.user, pk)
    attempt(
        None,
        lambda: services.consultation_publish(
            consultation=consultation, by=request.user
        ),
        request,
    )
    return redirect("portal:staff-consultation", pk=pk)


@require_POST
@staff_required
def staff_opinion_decide(request: AppRequest, pk: int) -> HttpResponse:
    opinion = selectors.opinion_get_for_staff(request.user, pk)
    form = OpinionDecideForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.opinion_decide(
            opinion=opinion, by=request.user, **form.cleaned_data
        ),
    ):
        return redirect("portal:staff-consultation", pk=opinion.consultation_id)
    consultation = selectors.consultation_get_for_staff(
        request.user, opinion.consultation_id
    )
    return render(
        request,
        "portal/staff_consultation.html",
        _consultation_context(consultation, decide_form=form, form_opinion=opinion.pk),
        status=refused_status(form),
    )


@require_POST
@staff_required
def staff_consultation_results(request: AppRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get_for_staff(request.user, pk)
    form = ResultsForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.consultation_publish_results(
            consultation=consultation,
            by=request.user,
            results_text=form.cleaned_data["results_text"],
        ),
    ):
        return redirect("portal:staff-consultation", pk=pk)
    return render(
        request,
        "portal/staff_consultation.html",
        _consultation_context(consultation, results_form=form),
        status=refused_status(form),
    )
