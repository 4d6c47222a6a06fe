"""Input shapes for the enforcement pages. Labels, help and choices are lazy so
a page shows them in the reader's language; the Chinese is the msgid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecobureau.accounts.models import User
from ecobureau.grid import selectors as grid_selectors

from .models import InspectionReason, VisitRating


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(name)s（执法证%(number)s）") % {
            "name": obj.display_name,
            "number": obj.credential_no,
        }


class InspectionPlanForm(forms.Form):
    officers = OfficerChoiceField(
        label=_("检查人员（不少于2名持证执法人员）"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = grid_selectors.qualified_inspectors()  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    source = forms.ChoiceField(
        label=_("事由来源"),
        # the model's labels are stored Chinese, translated when shown
        choices=[(value, _(label)) for value, label in InspectionReason.Source.choices],
    )
    source_id = forms.IntegerField(
        label=_("来源编号"),
        required=False,
        min_value=1,
        help_text=_("投诉举报、自动监控线索或网格问题的编号。"),
    )
    reference = forms.CharField(
        label=_("来源说明"),
        required=False,
        max_length=120,
        help_text=_("上级交办的文号，或无人机巡查的航次与发现。"),
    )
    reason = forms.CharField(
        label=_("检查必要性说明"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消理由"), max_length=300)


class FileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[("photo", _("照片")), ("video", _("录像")), ("audio", _("录音"))],
    )
    file = forms.FileField(label=_("文件"))
    note = forms.CharField(label=_("说明"), required=False, max_length=200)
    captured_at = forms.DateTimeField(
        label=_("录制时间（录音录像必填）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class FinishForm(forms.Form):
    no_recording_reason = forms.CharField(
        label=_("未同时进行音像记录的理由（已上传录音录像的无需填写）"),
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
    credit_code = forms.CharField(label=_("当事人统一社会信用代码"), max_length=18)
    source = forms.ChoiceField(label=_("案件来源"), choices=[])
    source_id = forms.IntegerField(
        label=_("来源编号"),
        required=False,
        min_value=1,
        help_text=_("现场检查、投诉举报、自动监控线索或网格问题的编号。"),
    )
    reference = forms.CharField(
        label=_("来源说明"),
        required=False,
        max_length=200,
        help_text=_("移送机关及文号。"),
    )
    start_reason = forms.CharField(
        label=_("启动原因"), widget=forms.Textarea(attrs={"rows": 2})
    )
    facts = forms.CharField(
        label=_("基本案情"), widget=forms.Textarea(attrs={"rows": 3})
    )
    officers = OfficerChoiceField(
        label=_("承办人员（不少于2名持证执法人员）"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(
        label=_("情况紧急，先行启动（24小时内补报程序启动审批）"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import EnforcementCase

        super().__init__(*args, **kwargs)
        # the model's labels are stored Chinese, translated when shown
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (value, gettext(label)) for value, label in EnforcementCase.Source.choices
        ]
        self.fields["officers"].queryset = grid_selectors.qualified_inspectors()  # type: ignore[attr-defined]
