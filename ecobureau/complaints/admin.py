from django.contrib import admin

from .models import ReceptionEvent, TriageRule


@admin.register(TriageRule)
class TriageRuleAdmin(admin.ModelAdmin):
    """The triage table is data: each city keeps its own (requirements D11)."""

    list_display = (
        "order",
        "name",
        "outcome",
        "channel_text",
        "is_active",
        "example_configuration",
    )
    list_display_links = ("name",)
    list_filter = ("outcome", "is_active")
    ordering = ("order", "code")


@admin.register(ReceptionEvent)
class ReceptionEventAdmin(admin.ModelAdmin):
    list_display = ("scheduled_on", "kind", "person", "place", "status")
    list_filter = ("kind", "status")
    readonly_fields = ("person", "unit", "recorded_at")
