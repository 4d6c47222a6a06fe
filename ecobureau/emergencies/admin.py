from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Incident, OpinionEvent, Plan


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: incidents change only through the services (the record)."""

    list_display = ("pk", "title", "source", "grade", "status", "received_at")
    list_filter = ("status", "grade", "source")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(OpinionEvent)
class OpinionEventAdmin(admin.ModelAdmin):
    list_display = ("pk", "title", "channel", "grade", "status", "discovered_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "holder_name", "filed_on", "reviewed_on")
