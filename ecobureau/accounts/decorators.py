from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase

from .http import AppRequest

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Log-in required, and only staff or external collaborators (not the public)."""

    @wraps(view)
    def wrapped(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_staff_member:
            raise PermissionDenied("仅限工作人员访问。")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def public_account_required(view: View) -> View:
    """Log-in required as an enterprise or a citizen."""

    @wraps(view)
    def wrapped(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_public:
            raise PermissionDenied("该页面供企业和公众账户使用。")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def require_perm(request: AppRequest, perm: str) -> None:
    """Refuse (403) a logged-in user without `perm`; the reader's data scope is
    the selectors' business, not this check's."""
    if not request.user.has_perm(perm):
        raise PermissionDenied("您没有该操作的权限。")
