"""Forms of the monthly work reports (C22), the rural improvement targets (D18)
and the positive-list review (A73)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from ..models import RuralTarget, WorkReport
from ._common import DATE, TEXT


class WorkReportMonthForm(forms.Form):
    month = forms.CharField(
        label="报送月份",
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text="格式：2026-10。",
    )

    def clean_month(self) -> tuple[int, int]:
        value = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError("请按“2026-10”的格式填写月份。") from None
        return year, month


class WorkReportForm(forms.Form):
    summary = forms.CharField(label="本月工作开展情况", widget=TEXT)
    issues = forms.CharField(label="存在问题", widget=TEXT, required=False)
    next_plan = forms.CharField(label="下月工作计划", widget=TEXT, required=False)


class WorkReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审阅结果",
        choices=[
            (WorkReport.Status.RECEIVED, "已阅"),
            (WorkReport.Status.RETURNED, "退回补充"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审阅意见", widget=TEXT, required=False)


class RuralTargetForm(forms.Form):
    title = forms.CharField(label="整治任务", max_length=120)
    target = forms.CharField(label="目标要求", widget=TEXT)
    weight = forms.IntegerField(label="分值", min_value=1, max_value=100)
    responsible_name = forms.CharField(label="责任人", max_length=40)
    responsible_post = forms.CharField(label="职务", max_length=60, required=False)


class RuralProgressForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="报告日期", widget=DATE)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    note = forms.CharField(label="进展情况", widget=TEXT)


class RuralAssessForm(forms.Form):
    """One score and note per target, then the overall remarks."""

    def __init__(self, *args: Any, targets: list[RuralTarget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"score_{target.pk}"] = forms.DecimalField(
                label=f"{target.title}（满分{target.weight}）",
                min_value=0,
                max_value=target.weight,
                decimal_places=1,
            )
            self.fields[f"note_{target.pk}"] = forms.CharField(
                label="评分说明", required=False, max_length=300
            )
        self.fields["remarks"] = forms.CharField(label="考核意见", widget=TEXT)

    def scores(self) -> dict[int, tuple[Any, str]]:
        data = self.cleaned_data
        return {
            t.pk: (data[f"score_{t.pk}"], data.get(f"note_{t.pk}", ""))
            for t in self.targets
        }


class PositiveListAdjustForm(forms.Form):
    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("add", "列入"), ("remove", "移出")], widget=forms.HiddenInput
    )
    reason = forms.CharField(label="调整理由", widget=TEXT)
