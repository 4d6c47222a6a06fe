"""Admin pages for the working-day calendar.

Every save and delete goes through the services, so each change is recorded and
provisional deadlines are recomputed (signals.calendar_changed).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import CalendarDay, CalendarYear

_LINE = re.compile(
    r"(?P<first>\d{4}-\d{2}-\d{2})(?:\s*(?:~|至)\s*(?P<last>\d{4}-\d{2}-\d{2}))?"
    r"\s*(?P<name>.*)"
)
# A holiday stretch never runs this long; a longer range is a typing mistake.
_MAX_RANGE_DAYS = 31


def parse_days(text: str) -> list[tuple[date, str]]:
    """Lines of "2027-10-01~2027-10-07 国庆节" (or one date) → (date, name) pairs."""
    days: list[tuple[date, str]] = []
    errors = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.fullmatch(line)
        try:
            if match is None:
                raise ValueError
            first = date.fromisoformat(match["first"])
            last = date.fromisoformat(match["last"] or match["first"])
        except ValueError:
            errors.append(f"第{number}行“{line}”应为“YYYY-MM-DD 名称”或日期区间")
            continue
        if not 0 <= (last - first).days <= _MAX_RANGE_DAYS:
            errors.append(f"第{number}行的日期区间有误：{first}至{last}")
            continue
        days.extend(
            (first + timedelta(days=offset), match["name"].strip())
            for offset in range((last - first).days + 1)
        )
    if errors:
        raise ValidationError(errors)
    return days


def _days_text(kind: str, year: int) -> str:
    rows = CalendarDay.objects.filter(kind=kind, date__year=year).order_by("date")
    return "\n".join(f"{row.date} {row.name}".strip() for row in rows)


class CalendarYearForm(forms.ModelForm[CalendarYear]):
    rest_days = forms.CharField(
        label="放假日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "每行一天或一段，如“2027-10-01~2027-10-07 国庆节”，含调休放假的周末。"
        ),
    )
    work_days = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一天，如“2027-09-26 国庆节”。",
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            year = self.instance.year
            self.fields["rest_days"].initial = _days_text(CalendarDay.Kind.REST, year)
            self.fields["work_days"].initial = _days_text(CalendarDay.Kind.WORK, year)

    def clean_rest_days(self) -> list[tuple[date, str]]:
        return parse_days(self.cleaned_data["rest_days"])

    def clean_work_days(self) -> list[tuple[date, str]]:
        return parse_days(self.cleaned_data["work_days"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            services.calendar_year_check(
                year=cleaned["year"],
                source=cleaned["source"],
                days=[*cleaned["rest_days"], *cleaned["work_days"]],
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    form = CalendarYearForm
    list_display = ["year", "source", "entered_at"]
    readonly_fields = ["entered_by_id", "entered_at"]

    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarYear,
        form: forms.ModelForm[CalendarYear],
        change: bool,
    ) -> None:
        entry = services.calendar_year_enter(
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            rest_days=form.cleaned_data["rest_days"],
            work_days=form.cleaned_data["work_days"],
            by=request.user,
        )
        obj.pk, obj.entered_at = entry.pk, entry.entered_at

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        services.calendar_year_remove(year=obj.year, by=request.user)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarYear]
    ) -> None:
        for entry in queryset:
            services.calendar_year_remove(year=entry.year, by=request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def get_readonly_fields(
        self, request: HttpRequest, obj: CalendarDay | None = None
    ) -> list[str]:
        # Changing the date would leave the old date's entry behind; delete it
        # and add the new date instead.
        return ["date"] if obj else []

    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarDay,
        form: forms.ModelForm[CalendarDay],
        change: bool,
    ) -> None:
        entry = services.calendar_day_set(
            day=obj.date, kind=obj.kind, name=obj.name, by=request.user
        )
        obj.pk = entry.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.calendar_day_remove(day=obj.date, by=request.user)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay]
    ) -> None:
        for entry in queryset:
            services.calendar_day_remove(day=entry.date, by=request.user)
