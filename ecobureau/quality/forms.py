"""Input shapes of the quality pages."""

from __future__ import annotations

from django import forms

from ecobureau.core.models import Division

from .models import TARGET_CHOICES, Pollutant, Section


class SectionForm(forms.Form):
    code = forms.CharField(label="断面编码", max_length=30)
    name = forms.CharField(label="断面名称", max_length=80)
    river = forms.CharField(label="所在水体", max_length=80, required=False)
    level = forms.ChoiceField(label="考核级别", choices=Section.Level.choices)
    water_body = forms.ChoiceField(label="水体类型", choices=Section.WaterBody.choices)
    district = forms.ModelChoiceField(
        label="所在区县", queryset=Division.objects.none()
    )
    is_drinking_source = forms.BooleanField(label="集中式饮用水水源地", required=False)

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    target = forms.ChoiceField(label="考核目标类别", choices=TARGET_CHOICES)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")


class EmissionTargetForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(label="区县", queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label="污染物", choices=Pollutant.choices)
    base_tonnes = forms.DecimalField(
        label="基准年排放量（吨）", min_value=0, max_digits=12, decimal_places=3
    )
    cap_tonnes = forms.DecimalField(
        label="年度控制目标（吨）", min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        base, cap = data.get("base_tonnes"), data.get("cap_tonnes")
        if base is not None and cap is not None and cap > base:
            self.add_error(
                "cap_tonnes", "控制目标不应高于基准年排放量（减排任务为削减）"
            )
        return data


class EmissionActualForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12)
    district = forms.ModelChoiceField(label="区县", queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label="污染物", choices=Pollutant.choices)
    tonnes = forms.DecimalField(
        label="排放量（吨）", min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]
