"""Log-in throttling, read from the log-in audit (LoginEvent)."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginEvent


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind the documented nginx proxy REMOTE_ADDR is the proxy; it passes the
    # client in X-Real-IP (docs/deployment.md). Only trust it when configured.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_REAL_IP")
        if forwarded:
            return str(forwarded)
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def _recent_failures(**filters: object) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    # A success clears the count for that name: only failures after it matter.
    events = LoginEvent.objects.filter(at__gte=since, **filters)
    last_success = (
        events.filter(success=True).order_by("-at").values_list("at", flat=True).first()
    )
    failures = events.filter(success=False)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    return failures.count()


def locked_out(*, username: str, address: str | None) -> bool:
    if _recent_failures(username=username) >= settings.LOGIN_FAILURE_LIMIT:
        return True
    return bool(
        address
        and _recent_failures(address=address)
        >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    )


def lockout_minutes() -> int:
    return max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
