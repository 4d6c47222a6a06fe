"""Input shapes for the enforcement pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecobureau.accounts.models import User
from ecobureau.grid import selectors as grid_selectors

from .models import InspectionReason, VisitRating


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（执法证{obj.credential_no}）"


class InspectionPlanForm(forms.Form):
    officers = OfficerChoiceField(
        label="检查人员（不少于2名持证执法人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = grid_selectors.qualified_inspectors()  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=18)
    source = forms.ChoiceField(
        label="事由来源", choices=InspectionReason.Source.choices
    )
    source_id = forms.IntegerField(
        label="来源编号",
        required=False,
        min_value=1,
        help_text="投诉举报、自动监控线索或网格问题的编号。",
    )
    reference = forms.CharField(
        label="来源说明",
        required=False,
        max_length=120,
        help_text="上级交办的文号，或无人机巡查的航次与发现。",
    )
    reason = forms.CharField(
        label="检查必要性说明", widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消理由", max_length=300)


class FileForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=[("photo", "照片"), ("video", "录像"), ("audio", "录音")],
    )
    file = forms.FileField(label="文件")
    note = forms.CharField(label="说明", required=False, max_length=200)
    captured_at = forms.DateTimeField(
        label="录制时间（录音录像必填）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class FinishForm(forms.Form):
    no_recording_reason = forms.CharField(
        label="未同时进行音像记录的理由（已上传录音录像的无需填写）",
        required=False,
        max_length=300,
    )


class RatingForm(forms.Form):
    overall = forms.ChoiceField(
        label=_("总体评价"),
        choices=[(value, _(label)) for value, label in VisitRating.Overall.choices],
        widget=forms.RadioSelect,
    )
    credentials_shown = forms.TypedChoiceField(
        label=_("执法人员是否主动出示执法证件"),
        choices=[("1", _("是")), ("0", _("否"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    civil = forms.TypedChoiceField(
        label=_("执法是否规范文明"),
        choices=[("1", _("是")), ("0", _("否"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见建议"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseForm(forms.Form):
    credit_code = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    source = forms.ChoiceField(label="案件来源", choices=[])
    source_id = forms.IntegerField(
        label="来源编号",
        required=False,
        min_value=1,
        help_text="现场检查、投诉举报、自动监控线索或网格问题的编号。",
    )
    reference = forms.CharField(
        label="来源说明", required=False, max_length=200, help_text="移送机关及文号。"
    )
    start_reason = forms.CharField(
        label="启动原因", widget=forms.Textarea(attrs={"rows": 2})
    )
    facts = forms.CharField(label="基本案情", widget=forms.Textarea(attrs={"rows": 3}))
    officers = OfficerChoiceField(
        label="承办人员（不少于2名持证执法人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(
        label="情况紧急，先行启动（24小时内补报程序启动审批）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import EnforcementCase

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = EnforcementCase.Source.choices  # type: ignore[attr-defined]
        self.fields["officers"].queryset = grid_selectors.qualified_inspectors()  # type: ignore[attr-defined]
