"""Public participation pages: opinion collection, the director's mailbox and
policy questions (seed 000 与群众互动 6)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt, refused_status

from . import selectors, services
from .forms import LetterForm, OpinionForm, RateForm, SearchForm
from .models import Letter


@require_GET
def participation(request: AppRequest) -> HttpResponse:
    consultations = selectors.consultation_list_public()[:10]
    letters = selectors.letter_list_public()[:10]
    return render(
        request,
        "portal/participation.html",
        {"consultations": consultations, "letters": letters},
    )


@require_GET
def consultations(request: AppRequest) -> HttpResponse:
    page = Paginator(selectors.consultation_list_public(), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/consultation_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def consultation_detail(request: AppRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get_public(pk)
    form = OpinionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not request.user.is_authenticated or not request.user.is_public:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form.is_valid() and attempt(
            form,
            lambda: services.opinion_submit(
                consultation=consultation,
                by=request.user,
                text=form.cleaned_data["text"],
            ),
        ):
            return redirect(request.path + "?sent=1")
    return render(
        request,
        "portal/consultation_detail.html",
        {
            "consultation": consultation,
            "collecting": services.is_collecting(consultation),
            "opinions": selectors.opinions_public(consultation),
            "form": form,
            "sent": request.GET.get("sent") == "1",
        },
        status=refused_status(form),
    )


@require_GET
def letters(request: AppRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = Paginator(selectors.letter_list_public(q), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/letter_list.html",
        {
            "page": page,
            "form": form,
            "q": q,
            "satisfaction": _satisfaction(),
        },
    )


def _satisfaction() -> list[tuple[str, int]]:
    counts = selectors.satisfaction_counts()
    return [
        (gettext(label), counts.get(key, 0))
        for key, label in Letter.Satisfaction.choices
    ]


@require_GET
def letter_detail(request: AppRequest, code: str) -> HttpResponse:
    letter = selectors.letter_get_public(code)
    return render(request, "portal/letter_detail.html", {"letter": letter})


@require_http_methods(["GET", "POST"])
@public_account_required
def letter_new(request: AppRequest) -> HttpResponse:
    form = LetterForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": request.GET.get("kind")},
    )
    created: list[Letter] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: created.append(
                services.letter_submit(by=request.user, **form.cleaned_data)
            ),
        )
    ):
        return redirect("portal:my-letter", code=created[0].code)
    return render(
        request,
        "portal/letter_new.html",
        {"form": form},
        status=refused_status(form),
    )


@require_GET
@public_account_required
def my_letters(request: AppRequest) -> HttpResponse:
    page = Paginator(selectors.letter_list_for_author(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/my_letters.html", {"page": page})


@require_http_methods(["GET", "POST"])
@public_account_required
def my_letter(request: AppRequest, code: str) -> HttpResponse:
    letter = selectors.letter_get_for_author(request.user, code)
    form = RateForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.letter_rate(
                letter=letter,
                by=request.user,
                satisfaction=form.cleaned_data["satisfaction"],
                note=form.cleaned_data["note"],
            ),
        )
    ):
        return redirect("portal:my-letter", code=code)
    return render(
        request,
        "portal/my_letter.html",
        {"letter": letter, "form": form},
        status=refused_status(form),
    )
