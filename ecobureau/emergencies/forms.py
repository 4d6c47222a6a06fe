"""Input shapes of the emergencies pages (no saving here)."""

from __future__ import annotations

from typing import Any

from django import forms

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from . import limits
from .models import Incident, OpinionEvent, Plan, Release

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class _ScopedForm(forms.Form):
    """A form with a district and an enterprise chosen inside the user's scope."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "district" in self.fields:
            field = self.fields["district"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = account_selectors.division_list_for_user(user).filter(
                level=2
            )
        if "enterprise" in self.fields:
            field = self.fields["enterprise"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = enterprise_selectors.enterprise_list_for_user(
                user
            ).order_by("name")


class IncidentForm(_ScopedForm):
    title = forms.CharField(label="事件名称", max_length=120)
    source = forms.ChoiceField(label="信息来源", choices=Incident.Source.choices)
    source_ref = forms.CharField(label="来源编号或说明", max_length=120, required=False)
    complaint_id = forms.IntegerField(
        label="关联投诉编号",
        required=False,
        min_value=1,
        help_text="来自12369等投诉时填写",
    )
    clue_id = forms.IntegerField(
        label="关联监测线索编号",
        required=False,
        min_value=1,
        help_text="来自在线监测报警时填写",
    )
    district = forms.ModelChoiceField(
        label="区县", queryset=Division.objects.none(), required=False
    )
    enterprise = forms.ModelChoiceField(
        label="涉事企业", queryset=Enterprise.objects.none(), required=False
    )
    place = forms.CharField(label="事发地点", max_length=200)
    occurred_at = forms.DateTimeField(label="事发时间", required=False, widget=DATETIME)
    received_at = forms.DateTimeField(
        label="获知时间",
        required=False,
        widget=DATETIME,
        help_text="为空则为当前时间；初报时限自此起算",
    )
    summary = forms.CharField(label="事件简况", widget=TEXT)


class GradeForm(forms.Form):
    deaths = forms.IntegerField(label="死亡人数", min_value=0, initial=0)
    poisoned = forms.IntegerField(label="中毒或重伤人数", min_value=0, initial=0)
    evacuated = forms.IntegerField(label="疏散转移人数", min_value=0, initial=0)
    loss_10k_yuan = forms.DecimalField(
        label="直接经济损失（万元）",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=0,
    )
    water = forms.ChoiceField(
        label="饮用水水源地取水中断", choices=Incident.Water.choices
    )
    boundary = forms.ChoiceField(label="跨区域影响", choices=Incident.Boundary.choices)
    ecology = forms.ChoiceField(label="生态破坏", choices=Incident.Ecology.choices)
    note = forms.CharField(
        label="说明（调整级别时必填）", max_length=300, required=False
    )


class VerifyForm(forms.Form):
    verification = forms.CharField(label="核实情况", widget=TEXT)


class DismissForm(forms.Form):
    verification = forms.CharField(label="核实情况", widget=TEXT)
    reason = forms.CharField(label="不构成突发环境事件的理由", widget=TEXT)


class ReportForm(forms.Form):
    content = forms.CharField(
        label="报告内容", widget=forms.Textarea(attrs={"rows": 4})
    )
    recipients = forms.CharField(
        label="报送对象",
        max_length=300,
        required=False,
        help_text="为空则按事件级别填写",
    )


class LogForm(forms.Form):
    at = forms.DateTimeField(label="时间", required=False, widget=DATETIME)
    actor_name = forms.CharField(label="人员或单位", max_length=80)
    action = forms.CharField(label="处置内容", widget=TEXT)


class TaskForm(forms.Form):
    department = forms.CharField(label="承担部门", max_length=80)
    content = forms.CharField(label="任务内容", widget=TEXT)
    due_at = forms.DateTimeField(label="完成时限", widget=DATETIME)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="反馈情况", widget=TEXT)


class MeasurementForm(forms.Form):
    measured_at = forms.DateTimeField(label="监测时间", widget=DATETIME)
    point = forms.CharField(label="点位", max_length=80)
    pollutant = forms.CharField(label="监测项目", max_length=40)
    value = forms.DecimalField(label="监测值", max_digits=14, decimal_places=4)
    unit = forms.CharField(label="单位", max_length=20, initial="mg/L")
    limit = forms.DecimalField(
        label="标准限值", required=False, max_digits=14, decimal_places=4
    )


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = Release
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=[("approve", "同意发布"), ("return", "退回修改")]
    )
    note = forms.CharField(label="审核意见", max_length=300, required=False)


class CloseForm(forms.Form):
    summary = forms.CharField(label="应急处置结束情况", widget=TEXT)


class ConcludeForm(forms.Form):
    damage_assessment = forms.CharField(label="损害评估", widget=TEXT)
    review_summary = forms.CharField(label="总结复盘", widget=TEXT)


class OpinionForm(_ScopedForm):
    title = forms.CharField(label="舆情标题", max_length=120)
    channel = forms.ChoiceField(label="来源渠道", choices=OpinionEvent.Channel.choices)
    url = forms.CharField(label="原文链接或出处", max_length=300, required=False)
    content = forms.CharField(label="舆情内容", widget=TEXT)
    spread = forms.CharField(
        label="传播情况",
        max_length=200,
        required=False,
        help_text="如阅读、转发、评论数",
    )
    grade = forms.ChoiceField(
        label="舆情级别",
        choices=list(limits.OPINION_GRADES.items()),
        help_text="回复时限（示例配置）：一般24小时、较大12小时、重大4小时，自发现时起",
    )
    discovered_at = forms.DateTimeField(
        label="发现时间", required=False, widget=DATETIME
    )
    district = forms.ModelChoiceField(
        label="区县", queryset=Division.objects.none(), required=False
    )
    enterprise = forms.ModelChoiceField(
        label="涉及企业（企业求助时选择）",
        queryset=Enterprise.objects.none(),
        required=False,
    )


class DraftForm(forms.Form):
    reply_draft = forms.CharField(
        label="回复稿", widget=forms.Textarea(attrs={"rows": 4})
    )


class ReturnForm(forms.Form):
    return_note = forms.CharField(label="退回意见", max_length=300)


class ClosureNoteForm(forms.Form):
    closure_note = forms.CharField(label="办结情况", widget=TEXT)


class PlanForm(_ScopedForm):
    holder_kind = forms.ChoiceField(label="编制主体类型", choices=Plan.Holder.choices)
    holder_name = forms.CharField(label="编制单位", max_length=120, required=False)
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label="区县", queryset=Division.objects.none(), required=False
    )
    title = forms.CharField(label="预案名称", max_length=160)
    filing_number = forms.CharField(label="备案编号", max_length=60, required=False)
    filed_on = forms.DateField(label="备案日期", widget=DATE)
    reviewed_on = forms.DateField(
        label="最近回顾性评估日期", required=False, widget=DATE
    )
    contacts = forms.CharField(label="应急组织与联系人", widget=TEXT, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("enterprise") and not (data.get("holder_name") or "").strip():
            self.add_error("holder_name", "请填写编制单位，或选择企业。")
        return data


class PlanReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="回顾性评估日期", widget=DATE)
