from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecobureau.accounts.models import Unit

from .models import Scheme


class LaunchForm(forms.Form):
    year = forms.IntegerField(
        label="评价年度（评价该年度1月1日至12月31日的环境行为）",
        min_value=2014,
        max_value=2100,
    )
    scheme = forms.ModelChoiceField(label="评价方案", queryset=Scheme.objects.all())
    notice = forms.CharField(label="工作通知（文号或标题）", max_length=200)


class ScopeForm(forms.Form):
    reason = forms.CharField(
        label="纳入评价范围的理由", max_length=200, initial="按省厅要求确定的评价范围"
    )


class CommitmentForm(forms.Form):
    file = forms.FileField(label=_("环境信用承诺书或排污许可证扫描件（PDF或图片）"))


class AdjustmentForm(forms.Form):
    indicator_code = forms.ChoiceField(label="指标或一票否决情形")
    points = forms.DecimalField(
        label="分值（扣分/记分；守信加分项为加分）",
        min_value=0,
        max_value=100,
        initial=0,
    )
    reason = forms.CharField(label="理由及依据的记录", max_length=300)

    def __init__(
        self, *args: object, choices: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator_code"].choices = choices  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ObjectionForm(forms.Form):
    record_ref = forms.ChoiceField(
        label=_("有异议的评分记录（可不选）"), required=False
    )
    text = forms.CharField(
        label=_("异议内容及理由"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: object, choices: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["record_ref"].choices = [("", _("（整体评价结果）")), *choices]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="结论",
        choices=[("1", "成立/准予"), ("0", "不成立/不予")],
        coerce=lambda v: v == "1",
    )
    decision = forms.CharField(
        label="处理意见", widget=forms.Textarea(attrs={"rows": 3})
    )


class RepairForm(forms.Form):
    decision_date = forms.DateField(
        label=_("失信信息所依据的文书日期（平台无该文书记录时填写）"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    corrected = forms.CharField(
        label=_("已纠正失信行为、消除不良影响的情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, needs_date: bool = True, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not needs_date:
            # The platform holds the document: its date is used (C10).
            del self.fields["decision_date"]


class SchemeReviseForm(forms.Form):
    effective_from = forms.DateField(
        label="新版本生效日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="修改理由及依据文件", max_length=300)


class ProvincialImportForm(forms.Form):
    file = forms.FileField(label="省厅公布的评价结果（Excel .xlsx）")
    authority = forms.CharField(
        label="评价机关（名单中未填写时采用）",
        max_length=80,
        initial="辽宁省生态环境厅",
    )
    correct = forms.BooleanField(
        label="按本文件更正已登记的等级（省厅更正公布结果时选择）", required=False
    )
    correction_basis = forms.CharField(
        label="更正依据（省厅更正文件的文号或说明）", max_length=200, required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("correct") and not data.get("correction_basis", "").strip():
            self.add_error("correction_basis", "选择按本文件更正时，请填写更正依据。")
        upload = data.get("file")
        if upload is not None and not upload.name.lower().endswith(".xlsx"):
            self.add_error("file", "请上传 Excel（.xlsx）格式的文件。")
        return data


class DisclosureReportForm(forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18)
    year = forms.IntegerField(label="报告年度", min_value=2014, max_value=2100)
    disclosed_on = forms.DateField(
        label="披露日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    where = forms.CharField(label="披露平台或网址", max_length=200)


class OpinionRequestForm(forms.Form):
    """征求部门（科室）意见: the units of the bureau to ask (own unit left out)."""

    units = forms.ModelMultipleChoiceField(
        label="征求意见的部门（科室）",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, units: QuerySet[Unit], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class OpinionAnswerForm(forms.Form):
    verdict = forms.ChoiceField(
        label="答复结论",
        choices=[("none", "无意见"), ("has", "有意见")],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="意见内容（有意见时必填）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("verdict") == "has" and not str(data.get("opinion", "")).strip():
            self.add_error("opinion", "有意见时请填写意见内容。")
        return data


class OpinionHandleForm(forms.Form):
    adopted = forms.TypedChoiceField(
        label="处理情况",
        choices=[("1", "采纳"), ("0", "不采纳")],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label="处理说明（不采纳的请说明理由）",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpinionWithdrawForm(forms.Form):
    """撤回征求意见: a request the unit has not answered, with the reason."""

    reason = forms.CharField(
        label="撤回理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
