from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest

from . import registry


def _links(
    links: list[registry.PortalLink], user: object = None
) -> list[dict[str, str]]:
    return [
        {"title": link.title, "url": reverse(link.url_name), "text": link.text}
        for link in links
        if link.visible is None or link.visible(user)
    ]


@require_GET
def home(request: AppRequest) -> HttpResponse:
    """The public portal's home: readable by anyone, no log-in."""
    return render(request, "portal/home.html", {"cards": _links(registry.HOME_CARDS)})


@require_GET
@public_account_required
def my(request: AppRequest) -> HttpResponse:
    """A public account's own page: what it has filed and what it may do."""
    sections = _links(registry.MY_SECTIONS, request.user)
    return render(request, "portal/my.html", {"sections": sections})
