"""The scoring configuration is edited here until a page exists: a new scheme with a
later effective date, its indicators, grade bands and direct downgrades.

The province's published grades, their imports and the registered disclosure
reports are written only by the credit services (with their record entries), so
the admin shows them read-only, for the audit."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import (
    DisclosureReport,
    GradeBand,
    Indicator,
    ProvincialGrade,
    ProvincialImport,
    Scheme,
    VetoRule,
)


class IndicatorInline(admin.TabularInline[Indicator, Scheme]):
    model = Indicator
    extra = 0


class GradeBandInline(admin.TabularInline[GradeBand, Scheme]):
    model = GradeBand
    extra = 0


class VetoRuleInline(admin.TabularInline[VetoRule, Scheme]):
    model = VetoRule
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = ("name", "kind", "effective_from", "effective_to", "is_example")
    inlines = [IndicatorInline, GradeBandInline, VetoRuleInline]


_M = TypeVar("_M", bound=models.Model)


class _ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Written only through the credit services; shown for the audit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProvincialImport)
class ProvincialImportAdmin(_ReadOnlyAdmin[ProvincialImport]):
    list_display = (
        "created_at",
        "file_name",
        "rows",
        "recorded",
        "corrected",
        "unchanged",
        "conflicts",
        "imported_by",
    )
    list_select_related = ("imported_by",)
    search_fields = ("file_name", "sha256")
    date_hierarchy = "created_at"


@admin.register(ProvincialGrade)
class ProvincialGradeAdmin(_ReadOnlyAdmin[ProvincialGrade]):
    list_display = (
        "year",
        "enterprise",
        "grade_name",
        "colour",
        "authority",
        "conflict",
        "source",
        "row",
    )
    list_filter = ("year", "grade_name")
    list_select_related = ("enterprise", "source")
    search_fields = ("enterprise__name", "published_name")


@admin.register(DisclosureReport)
class DisclosureReportAdmin(_ReadOnlyAdmin[DisclosureReport]):
    list_display = ("year", "enterprise", "disclosed_on", "where", "registered_by")
    list_filter = ("year",)
    list_select_related = ("enterprise", "registered_by")
    search_fields = ("enterprise__name",)
