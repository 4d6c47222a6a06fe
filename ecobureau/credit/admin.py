"""The scoring configuration is edited here until a page exists: a new scheme with a
later effective date, its indicators, grade bands and direct downgrades."""

from django.contrib import admin

from .models import GradeBand, Indicator, Scheme, VetoRule


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
