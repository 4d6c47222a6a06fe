from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ecobureau.lib import aqi as aqi_lib

from .models import EmergencyPlan, Forecast, ForecastDay, PlanMeasure
from .services import DayEdit, MeasureInput

PRIMARY_CHOICES = [
    (p, p)
    for p in (
        aqi_lib.PM25,
        aqi_lib.PM10,
        aqi_lib.O3,
        aqi_lib.NO2,
        aqi_lib.SO2,
        aqi_lib.CO,
    )
]


class ReviewForm(forms.Form):
    """会商: the overall opinion and, per lead day, the range, primary pollutant
    and the reason for any change (fields day_<lead>_low … are added per day)."""

    opinion = forms.CharField(
        label="会商意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="会商参加人员讨论的主要意见、结论；调整模型预报时须在对应日期填写理由。",
    )

    def __init__(self, *args: Any, forecast: Forecast, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days: list[ForecastDay] = list(forecast.days.all())
        for day in self.days:
            prefix = f"day_{day.lead}"
            self.fields[f"{prefix}_low"] = forms.IntegerField(
                label=f"{day.target_date:%m月%d日} AQI下限",
                min_value=0,
                max_value=500,
                initial=day.low,
            )
            self.fields[f"{prefix}_high"] = forms.IntegerField(
                label="上限", min_value=0, max_value=500, initial=day.high
            )
            self.fields[f"{prefix}_primary"] = forms.MultipleChoiceField(
                label="首要污染物",
                choices=PRIMARY_CHOICES,
                required=False,
                initial=list(day.primary),
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{prefix}_reason"] = forms.CharField(
                label="调整理由",
                required=False,
                max_length=300,
                initial=day.adjust_reason,
            )

    def rows(self) -> list[dict[str, Any]]:
        """The per-day fields grouped for the template."""
        return [
            {
                "day": day,
                "low": self[f"day_{day.lead}_low"],
                "high": self[f"day_{day.lead}_high"],
                "primary": self[f"day_{day.lead}_primary"],
                "reason": self[f"day_{day.lead}_reason"],
            }
            for day in self.days
        ]

    def edits(self) -> list[DayEdit]:
        data = self.cleaned_data
        return [
            DayEdit(
                lead=day.lead,
                low=data[f"day_{day.lead}_low"],
                high=data[f"day_{day.lead}_high"],
                primary=tuple(data[f"day_{day.lead}_primary"]),
                reason=data[f"day_{day.lead}_reason"],
            )
            for day in self.days
        ]


class WarningSubmitForm(forms.Form):
    proposal = forms.CharField(
        label="承办人意见",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="建议按预报发布预警并启动相应级别应急响应。",
    )
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class PlanDecisionForm(forms.Form):
    opinion = forms.CharField(
        label="审查意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回修改时必须填写。",
    )


class PlanForm(forms.Form):
    """A plan with its measures: three rows per level (empty rows ignored)."""

    ROWS_PER_LEVEL = 3

    title = forms.CharField(label=_("预案名称"), max_length=120)
    grade = forms.ChoiceField(
        label=_("绩效分级"),
        choices=[(value, _(label)) for value, label in EmergencyPlan.Grade.choices],
        required=False,
    )
    contact = forms.CharField(label=_("应急联系人及电话"), max_length=80)
    summary = forms.CharField(
        label=_("预案概要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(label=_("预案文本（PDF等）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level, _label in PlanMeasure.Level.choices:
            for row in range(self.ROWS_PER_LEVEL):
                prefix = f"{level}_{row}"
                self.fields[f"{prefix}_facility"] = forms.CharField(
                    label=_("生产线/设施"), max_length=80, required=False
                )
                self.fields[f"{prefix}_measure"] = forms.CharField(
                    label=_("减排措施"), max_length=300, required=False
                )
                for cut in ("pm", "so2", "nox", "vocs"):
                    self.fields[f"{prefix}_{cut}"] = forms.DecimalField(
                        label=format_lazy(_("{pollutant}减排%"), pollutant=cut.upper()),
                        min_value=Decimal(0),
                        max_value=Decimal(100),
                        max_digits=5,
                        decimal_places=1,
                        required=False,
                    )

    def levels(self) -> list[dict[str, Any]]:
        return [
            {
                "label": _(label),
                "rows": [
                    {
                        "facility": self[f"{level}_{row}_facility"],
                        "measure": self[f"{level}_{row}_measure"],
                        "cuts": [
                            self[f"{level}_{row}_{cut}"]
                            for cut in ("pm", "so2", "nox", "vocs")
                        ],
                    }
                    for row in range(self.ROWS_PER_LEVEL)
                ],
            }
            for level, label in PlanMeasure.Level.choices
        ]

    def measures(self) -> list[MeasureInput]:
        data = self.cleaned_data
        out = []
        for level, _label in PlanMeasure.Level.choices:
            for row in range(self.ROWS_PER_LEVEL):
                prefix = f"{level}_{row}"
                facility, measure = (
                    data[f"{prefix}_facility"],
                    data[f"{prefix}_measure"],
                )
                if not facility and not measure:
                    continue
                out.append(
                    MeasureInput(
                        level=level,
                        facility=facility,
                        measure=measure,
                        pm_cut=data[f"{prefix}_pm"] or Decimal(0),
                        so2_cut=data[f"{prefix}_so2"] or Decimal(0),
                        nox_cut=data[f"{prefix}_nox"] or Decimal(0),
                        vocs_cut=data[f"{prefix}_vocs"] or Decimal(0),
                    )
                )
        return out


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    uploads = MultipleFileField(label="小时数据文件（.csv或.csv.gz，可多选）")
    create_stations = forms.BooleanField(label="自动登记文件中的新点位", required=False)
