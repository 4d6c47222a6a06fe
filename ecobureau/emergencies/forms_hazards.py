"""Input shapes of the hazard register pages (区域环境安全隐患)."""

from __future__ import annotations

from typing import Any

from django import forms

from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise

from . import selectors
from .forms import DATE, TEXT, _ScopedForm
from .models import RiskSource, SafetyHazard


class HazardForm(_ScopedForm):
    district = forms.ModelChoiceField(label="区县", queryset=Division.objects.none())
    place = forms.CharField(label="隐患地点", max_length=200)
    enterprise = forms.ModelChoiceField(
        label="涉及企业（如有）", queryset=Enterprise.objects.none(), required=False
    )
    risk_source = forms.ModelChoiceField(
        label="涉及风险源（如有）",
        queryset=RiskSource.objects.none(),
        required=False,
    )
    found_on = forms.DateField(label="发现日期", widget=DATE)
    level = forms.ChoiceField(label="隐患等级", choices=SafetyHazard.Level.choices)
    description = forms.CharField(
        label="隐患描述",
        widget=TEXT,
        help_text="公开时只显示地点、企业和隐患情况；请勿填写个人姓名、电话。",
    )
    measure = forms.CharField(label="整改措施", widget=TEXT)
    deadline = forms.DateField(label="整改期限", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["risk_source"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.risk_source_list_for_user(user)


class HazardAddForm(HazardForm):
    publish = forms.BooleanField(label="登记后即在门户网站公开", required=False)


class HazardRectifyForm(forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE)
    note = forms.CharField(label="整改完成情况", widget=TEXT)
