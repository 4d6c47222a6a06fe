"""Forms of classes and inspection planning."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core.models import Division

from .. import selectors
from ..models import (
    EnterpriseSupervision,
    InspectionTask,
    KeyEnterpriseDocument,
)
from ._common import CLASS_CHOICES, DATE, TEXT, EnterpriseField, UserForm

# --- Classes and planning -----------------------------------------------------------


class OverrideForm(forms.Form):
    klass = forms.ChoiceField(label="调整为", choices=CLASS_CHOICES)
    reason = forms.CharField(label="调整理由", widget=TEXT)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=TEXT)


class PollutionForm(forms.Form):
    pollution = forms.ChoiceField(
        label="污染程度", choices=EnterpriseSupervision.Pollution.choices
    )
    reason = forms.CharField(label="认定理由", widget=TEXT)


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="监管责任人", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class ViolationForm(forms.Form):
    occurred_on = forms.DateField(label="违法行为日期", widget=DATE)
    description = forms.CharField(label="违法行为", max_length=300)
    source = forms.CharField(
        label="来源（处罚决定书文号等）", max_length=40, required=False
    )


class PolicyForm(forms.Form):
    supervision_months = forms.IntegerField(
        label="监管频次（每几个月一次）", min_value=1, max_value=36
    )
    draw_percent = forms.DecimalField(
        label="双随机抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    basis = forms.CharField(label="依据", max_length=200)


class DrawForm(forms.Form):
    title = forms.CharField(label="抽查名称", max_length=120)
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    division = forms.ModelChoiceField(
        label="抽查范围", queryset=Division.objects.none()
    )
    due_by = forms.DateField(label="检查完成期限", widget=DATE)
    percent_C = forms.DecimalField(
        label="C类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    percent_B = forms.DecimalField(
        label="B类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    percent_A = forms.DecimalField(
        label="A类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    team_size = forms.IntegerField(label="每组检查人数", min_value=2, max_value=6)
    embargo_until = forms.DateField(
        label="结果公开日期（可空）",
        widget=DATE,
        required=False,
        help_text="为空则抽取后立即公开种子、名录和结果；需检查前保密的，填检查完成后的日期。",
    )
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员库",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则为您范围内全部持证执法人员。",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = account_selectors.division_list_for_user(  # type: ignore[attr-defined]
            user
        ).filter(level__lte=2)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]
        policies = selectors.policies()
        for klass in ("A", "B", "C"):
            self.fields[f"percent_{klass}"].initial = policies[klass].draw_percent
        self.fields["team_size"].initial = selectors.team_size()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due_by = data.get("due_by")
        if isinstance(due_by, date) and due_by < timezone.localdate():
            self.add_error("due_by", "检查完成期限不能早于今天。")
        return data


class DrawExecuteForm(forms.Form):
    public_entropy = forms.CharField(
        label="公开随机数（可空）",
        max_length=80,
        required=False,
        help_text="封存后才公布的数字，如抽取当日体育彩票开奖号码；与封存的种子共同决定结果。",
    )


class TaskForm(UserForm):
    enterprise = EnterpriseField(label="企业")
    kind = forms.ChoiceField(
        label="检查类型",
        choices=[
            c
            for c in InspectionTask.Kind.choices
            if c[0] != InspectionTask.Kind.ROUTINE
        ],
    )
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_by = forms.DateField(label="完成期限", widget=DATE)
    source_type = forms.CharField(
        label="来源类型（如 complaints.complaint）", max_length=60, required=False
    )
    source_id = forms.CharField(label="来源编号", max_length=40, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class TaskCompleteForm(forms.Form):
    done_on = forms.DateField(label="检查日期", widget=DATE)
    result = forms.CharField(label="检查结果", widget=TEXT)


class NonsiteForm(UserForm):
    on = forms.DateField(label="检查日期", widget=DATE)
    summary = forms.CharField(label="检查情况（在线数据、视频、用电等）", widget=TEXT)


class ConflictForm(UserForm):
    inspector = forms.ModelChoiceField(label="执法人员", queryset=User.objects.none())
    enterprise = EnterpriseField(label="企业")
    reason = forms.CharField(label="回避理由", max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspector"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class ListedRequestForm(UserForm):
    enterprise = EnterpriseField(label="正面清单企业")
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    reason = forms.CharField(label="现场检查的必要性说明", widget=TEXT)


class KeyDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类别", choices=KeyEnterpriseDocument.Kind.choices
    )
    title = forms.CharField(label="标题", max_length=200)
    issued_on = forms.DateField(label="编制日期", widget=DATE)
    file = forms.FileField(label="文件（PDF）")
