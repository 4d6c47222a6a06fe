"""System checks of the emergencies module's settings (run by `manage.py check`,
`runserver` and `migrate`)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import grading


def grading_overrides_check(**kwargs: Any) -> list[checks.CheckMessage]:
    """EMERGENCY_GRADING_OVERRIDES may set only criteria marked NOT_CONFIRMED, with
    values that keep every grade's band (grading.apply_overrides)."""
    try:
        grading.configured_criteria()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="只有标为示例配置（NOT CONFIRMED）的分级标准可由本局配置，"
                "见 docs/modules/emergencies.md。",
                id="emergencies.E001",
            )
        ]
    return []
