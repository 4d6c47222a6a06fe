"""Forms of patrols, problems and transfers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ecobureau.accounts.models import Unit, User

from .. import checklists, selectors
from ..models import (
    GridCell,
    Patrol,
    Problem,
)
from ._common import DATETIME, TEXT, EnterpriseField, PhotosField, UserForm

# --- Patrols and problems --------------------------------------------------------------


class PositionMixin(forms.Form):
    latitude = forms.DecimalField(
        label="纬度",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-90),
        max_value=Decimal(90),
    )
    longitude = forms.DecimalField(
        label="经度",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-180),
        max_value=Decimal(180),
    )
    accuracy_m = forms.IntegerField(label="定位精度（米）", required=False, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("纬度和经度须同时填写，或都不填。")
        return data


class PatrolForm(PositionMixin, UserForm):
    cell = forms.ModelChoiceField(label="网格", queryset=GridCell.objects.none())
    kind = forms.ChoiceField(label="巡查类型", choices=Patrol.Kind.choices)
    started_at = forms.DateTimeField(label="巡查时间", widget=DATETIME)
    place = forms.CharField(label="巡查地点", max_length=200)
    enterprise = EnterpriseField(
        label="周边企业（外部巡查，可不填）",
        required=False,
        help_text="网格员在企业外部巡查，不入企开展行政检查。填写信用代码或企业全称。",
    )
    checklist_code = forms.ChoiceField(label="巡查清单", choices=[])
    findings = forms.CharField(label="发现情况", widget=TEXT, required=False)
    photos = PhotosField(label="现场照片")

    def __init__(
        self, *args: Any, user: User, checklist_code: str = "general", **kwargs: Any
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["cell"].queryset = selectors.patrol_cells_for_user(user)  # type: ignore[attr-defined]
        self.fields["checklist_code"].choices = [  # type: ignore[attr-defined]
            (c.code, c.title) for c in checklists.CHECKLISTS.values()
        ]
        code = self.data.get("checklist_code") or checklist_code
        self.checklist = checklists.CHECKLISTS.get(
            code, checklists.CHECKLISTS["general"]
        )
        self.fields["checklist_code"].initial = self.checklist.code
        for number, item in enumerate(self.checklist.items):
            self.fields[f"check_{number}"] = forms.ChoiceField(
                label=item,
                choices=list(checklists.RESULTS.items()),
                initial="ok",
                widget=forms.RadioSelect,
            )

    def check_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{n}"] for n in range(len(self.checklist.items))]

    def answers(self) -> dict[str, str]:
        return {
            item: self.cleaned_data[f"check_{n}"]
            for n, item in enumerate(self.checklist.items)
        }


class ProblemForm(PositionMixin, UserForm):
    category = forms.ChoiceField(label="问题类别", choices=Problem.Category.choices)
    description = forms.CharField(label="问题描述", widget=TEXT)
    place = forms.CharField(label="地点", max_length=200)
    enterprise = EnterpriseField(label="涉及企业（可不填）", required=False)
    stopped = forms.BooleanField(label="已当场制止", required=False)
    found_at = forms.DateTimeField(
        label="发现时间（可不填）",
        required=False,
        widget=DATETIME,
        help_text="不填按巡查时间计；发现后须在本级规定的时限（小时）内上报，超时的记为超时上报。",
    )
    department = forms.ModelChoiceField(
        label="直接报送部门（可不选）",
        queryset=Unit.objects.none(),
        required=False,
        help_text="不选则上报上级网格（区县生态环境分局）受理；属其他部门职责的可直接报送该部门。",
    )
    photos = PhotosField(label="现场照片")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["department"].queryset = selectors.departments()  # type: ignore[attr-defined]


class ProblemActForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    result = forms.CharField(
        label="处理结果（办结、不予处理时必填，将反馈网格）",
        widget=TEXT,
        required=False,
    )
    note = forms.CharField(label="备注", max_length=300, required=False)


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label="移交部门", queryset=Unit.objects.none())
    request = forms.CharField(label="移交事项与要求", widget=TEXT)
    limit_workdays = forms.IntegerField(
        label="办理时限（工作日）", min_value=1, max_value=60
    )

    def __init__(self, *args: Any, cell: GridCell | None = None, **kwargs: Any) -> None:
        from ..processes import transfer_limit_default

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.departments()  # type: ignore[attr-defined]
        self.fields["limit_workdays"].initial = transfer_limit_default(cell)


class TransferAnswerForm(forms.Form):
    feedback = forms.CharField(label="办理结果反馈", widget=TEXT)


class TransferReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "确认办结"),
            ("return", "退回重新办理"),
            ("withdraw", "撤回移交"),
        ]
    )
    note = forms.CharField(
        label="意见（退回、撤回时必填）", widget=TEXT, required=False
    )


class LinkEnterpriseForm(forms.Form):
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        min_length=18,
        help_text="新污染源：先在企业档案中新建，再在此关联。",
    )
