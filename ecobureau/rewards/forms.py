"""Input shapes of the reward pages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ecobureau.accounts.models import Unit
from ecobureau.lib import reward

from .models import RewardReport
from .services.procedure import PROXY_PAPERS

MAX_REPORTERS = 5


class ReportForm(forms.Form):
    channel = forms.ChoiceField(label="举报方式", choices=RewardReport.Channel.choices)
    reported_party = forms.CharField(label="被举报单位准确名称", max_length=120)
    reported_address = forms.CharField(label="详细地址", max_length=200)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    occurred = forms.CharField(label="发生时间", max_length=80, required=False)
    evidence_note = forms.CharField(
        label="提供的证据（图片、影像等）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    complaint_code = forms.CharField(
        label="对应投诉查询码",
        max_length=16,
        required=False,
        help_text="举报人此前已就同一事项投诉的，填写投诉查询码；该投诉的诉求人信息随即对其他人员保密。",
    )

    def clean_complaint_code(self) -> int | None:
        from ecobureau.complaints import selectors as complaint_selectors

        code = self.cleaned_data.get("complaint_code", "").strip().upper()
        if not code:
            return None
        complaint = complaint_selectors.complaint_by_code_public(code)
        if complaint is None:
            raise ValidationError("没有该查询码的投诉，请核对。")
        return complaint.pk


class ReporterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40, required=False)
    id_number = forms.CharField(label="身份证件号码", max_length=20, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    bank_account = forms.CharField(label="银行账户", max_length=40, required=False)

    def has_any(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(str(data.get(name, "")).strip() for name in self.fields)


ReporterFormSet = forms.formset_factory(
    ReporterForm, extra=MAX_REPORTERS, max_num=MAX_REPORTERS
)


class DispatchForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位",
        queryset=Unit.objects.filter(
            is_active=True,
            kind__in=[Unit.Kind.TEAM, Unit.Kind.SUB_BUREAU, Unit.Kind.SECTION],
        ),
    )


class TextForm(forms.Form):
    text = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}))


class ExcludeForm(forms.Form):
    exclusions = forms.TypedMultipleChoiceField(
        label="不予奖励情形（第八条）",
        choices=[
            (k, f"（{reward.item_text(k)}）{v}") for k, v in reward.EXCLUSIONS.items()
        ],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    not_first = forms.BooleanField(label="非第一有效举报人（第十条）", required=False)
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label="送达方式", choices=RewardReport.Service.choices)
    served_on = forms.DateField(
        label="送达或公示日期", widget=forms.DateInput(attrs={"type": "date"})
    )


CATEGORY_CHOICES = [(n, f"第六条第（{reward.item_text(n)}）项") for n in range(1, 19)]


class PenaltyForm(forms.Form):
    decided_on = forms.DateField(
        label="处罚或追责决定日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reference = forms.CharField(
        label="决定书文号", max_length=60, required=False
    )
    judicial = forms.BooleanField(label="司法机关追究法律责任", required=False)
    enforcement_case_id = forms.IntegerField(
        label="执法案件编号", required=False, min_value=1
    )
    categories = forms.TypedMultipleChoiceField(
        label="查实的违法情形（第六条）",
        choices=CATEGORY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )


class StopOrderForm(forms.Form):
    """第六条第（九）项: the stop order in force the report concerns, among those
    the handler may see (given by the view)."""

    stop_order = forms.TypedChoiceField(
        label="被举报单位未执行的停产、停排令", coerce=int, choices=()
    )
    same_party_confirmed = forms.BooleanField(
        label="被举报单位与该令的企业名称不一致时：确认系同一单位（简称、曾用名等）",
        required=False,
    )

    def __init__(
        self, *args: Any, orders: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stop_order"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *((pk, f"#{pk} {label}") for pk, label in orders)]


class ProposeForm(forms.Form):
    approved_amount = forms.DecimalField(
        label="特别情形奖励金额（仅第六条第（十八）项，最高50000元）",
        max_digits=9,
        decimal_places=2,
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("50000"),
    )
    reasons = forms.CharField(
        label="承办人理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ExtendClaimForm(forms.Form):
    days = forms.IntegerField(label="顺延工作日数", min_value=1, max_value=60)
    reason = forms.CharField(label="顺延理由", max_length=200)


class PayForm(forms.Form):
    claimed_by = forms.ChoiceField(
        label="领取方式", choices=RewardReport.ClaimBy.choices
    )
    id_number = forms.CharField(
        label="本人领取：身份证件号码", max_length=20, required=False
    )
    papers = forms.MultipleChoiceField(
        label="代领材料核对",
        choices=PROXY_PAPERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    proxy_name = forms.CharField(label="受托人姓名", max_length=40, required=False)
    proxy_id_number = forms.CharField(
        label="受托人身份证件号码", max_length=20, required=False
    )
    agreed_shares = forms.CharField(
        label="协商份额（按举报人顺序，以逗号分隔；协商不成的留空，平均分配）",
        max_length=200,
        required=False,
    )

    def clean_agreed_shares(self) -> list[Decimal] | None:
        text = self.cleaned_data.get("agreed_shares", "").strip()
        if not text:
            return None
        try:
            return [
                Decimal(part.strip()) for part in text.replace("，", ",").split(",")
            ]
        except ArithmeticError:
            raise ValidationError("协商份额应为以逗号分隔的金额。") from None

    def clean(self) -> dict[str, Any]:
        return super().clean() or {}


class PurposeForm(forms.Form):
    purpose = forms.CharField(label="查看事由", max_length=100)
