"""Reactions of the casework core to signals of modules below it."""

from typing import Any

from django.dispatch import receiver

from ecobureau.core.signals import calendar_changed

from . import services


@receiver(calendar_changed)
def recompute_provisional_deadlines(sender: Any, **kwargs: Any) -> None:
    """A year's official holidays were entered: recompute the provisional clocks."""
    services.clocks_recompute_provisional(by=kwargs.get("by"))
