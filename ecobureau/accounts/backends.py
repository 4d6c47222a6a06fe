from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from . import throttle
from .models import User


class ThrottledLoginBackend(ModelBackend):
    """Django's model backend with two changes: an account name or address that has
    failed too often is refused outright (so every log-in path is throttled, the
    admin's included), and permissions come from the user's roles."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is not None and throttle.locked_out(
            username=username, address=throttle.client_address(request)
        ):
            raise PermissionDenied("too many failed log-ins")
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )

    def _get_group_permissions(self, user_obj: User) -> QuerySet[Permission]:
        return Permission.objects.filter(role__users=user_obj)
