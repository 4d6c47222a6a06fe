"""Small presentation helpers for the permits templates (no queries)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def table_rows(form: Any, spec: Any) -> list[Any]:
    """The bound fields of a table question (details.FieldSpec), row by row."""
    rows: list[Any] = form.table_rows(spec)
    return rows


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
