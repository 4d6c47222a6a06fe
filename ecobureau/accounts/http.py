from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ecobureau.accounts.models import User


class AppRequest(HttpRequest):
    """The request type views receive: an authenticated project user and htmx."""

    user: User
    htmx: HtmxDetails
