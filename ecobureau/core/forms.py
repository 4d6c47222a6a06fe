"""What every module's views share around forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def attempt(
    form: BaseForm | None,
    action: Callable[[], Any],
    request: HttpRequest | None = None,
) -> bool:
    """Run a service; a rule it refuses (ValidationError) becomes the form's error,
    so the page shows it beside what was typed — or, for a button with no form,
    a message on the next page (STYLE.md §4). True when the service ran."""
    try:
        action()
    except ValidationError as error:
        if form is not None:
            form.add_error(None, error)
        elif request is not None:
            for message in error.messages:
                messages.error(request, message)
        else:
            raise
        return False
    return True


def refused_status(*forms: BaseForm | None) -> int:
    """400 when one of the page's forms was posted and refused, else 200: a
    refused POST answers 400 with the page and what was typed (STYLE.md §4)."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms) else 200
