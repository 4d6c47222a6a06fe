from django.contrib import admin

from .models import MinorViolationItem


@admin.register(MinorViolationItem)
class MinorViolationItemAdmin(admin.ModelAdmin[MinorViolationItem]):
    """The minor-violation list is editable data (A97): the legal section keeps
    the conditions in line with the bureau's published list."""

    list_display = ("number", "part", "title", "first_time", "committee", "active")
    list_filter = ("active", "committee")
    ordering = ("number", "part")
