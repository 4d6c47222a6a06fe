"""Input shapes of the emergencies pages (no saving here)."""

from __future__ import annotations

from typing import Any

from django import forms

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.casework.services.attachments import size_text
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from . import department_tasks, enterprise_help, limits
from .models import (
    Drill,
    HelpAction,
    HelpReply,
    Incident,
    OpinionEvent,
    Plan,
    Release,
    Resource,
    RiskSource,
    StopOrder,
)

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


class CongressReportForm(forms.Form):
    """The local government's report of a major incident to the people's congress
    standing committee, as the bureau records it."""

    reporter = forms.CharField(
        label="报告机关",
        max_length=100,
        help_text="县（区）人民政府或经济区管委会",
        error_messages={"required": "请填写报告机关（县（区）政府或经济区管委会）。"},
    )
    reported_at = forms.DateTimeField(
        label="报告时间",
        widget=DATETIME,
        error_messages={
            "required": "请填写报告时间。",
            "invalid": "请填写正确的报告时间。",
        },
    )
    reference = forms.CharField(label="报告文号", max_length=60, required=False)
    summary = forms.CharField(
        label="报告内容摘要",
        widget=TEXT,
        error_messages={"required": "请填写报告内容摘要。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids of its own: the incident page holds other forms with a "summary".
        kwargs.setdefault("auto_id", "id_congress_%s")
        super().__init__(*args, **kwargs)


class LogForm(forms.Form):
    at = forms.DateTimeField(label="时间", required=False, widget=DATETIME)
    actor_name = forms.CharField(label="人员或单位", max_length=80)
    action = forms.CharField(label="处置内容", widget=TEXT)


class TaskForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承担部门（登记单位）",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="（不在登记单位中，填写名称）",
        help_text="选择登记的部门：其部门承办人即收到通知，可自行反馈。",
    )
    department = forms.CharField(label="承担部门名称", max_length=80, required=False)
    content = forms.CharField(label="任务内容", widget=TEXT)
    due_at = forms.DateTimeField(label="完成时限", widget=DATETIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = department_tasks.department_units()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and not (data.get("department") or "").strip():
            raise forms.ValidationError("请选择登记的部门或填写承担部门名称。")
        return data


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


class OpinionAssignForm(forms.Form):
    """研判并分派: the handler is chosen among the staff in the user's scope who
    hold the handling permission; whether the person can see this event is the
    service's check (opinions.opinion_assign)."""

    handler = forms.ModelChoiceField(label="办理人", queryset=User.objects.none())
    note = forms.CharField(label="研判意见", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            account_selectors.staff_list_for_user(user)
            .filter(
                kind=User.Kind.STAFF,
                roles__permissions__content_type__app_label="emergencies",
                roles__permissions__codename="handle_incident",
            )
            .distinct()
            .order_by("full_name", "pk")
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
    kind = forms.ChoiceField(
        label="预案类别", choices=Plan.Kind.choices, initial=Plan.Kind.ENVIRONMENTAL
    )
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


class PlanRevisionForm(forms.Form):
    revised_on = forms.DateField(label="修订（重新备案）日期", widget=DATE)
    filing_number = forms.CharField(label="新备案编号", max_length=60, required=False)
    reason = forms.CharField(label="修订原因", widget=TEXT)
    changes = forms.CharField(label="主要修订内容", widget=TEXT)
    contacts = forms.CharField(
        label="应急组织与联系人（有变化时填写）", widget=TEXT, required=False
    )


class PlanReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="回顾性评估日期", widget=DATE)


# --- Links, stop orders ------------------------------------------------------------


class CaseOpenForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label="承办执法人员（至少二人，须持执法证）",
        queryset=User.objects.none(),
    )
    start_reason = forms.CharField(label="启动原因", widget=TEXT)
    facts = forms.CharField(label="基本案情", widget=TEXT)
    urgent = forms.BooleanField(
        label="紧急情况先行启动（24小时内补报审批）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ecobureau.grid import selectors as grid_selectors

        super().__init__(*args, **kwargs)
        field = self.fields["officers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = grid_selectors.qualified_inspectors().order_by("full_name")


class ComplaintOpenForm(forms.Form):
    channel = forms.ChoiceField(label="投诉来源渠道")
    text = forms.CharField(label="投诉内容", widget=TEXT)
    contact_name = forms.CharField(label="投诉人姓名", max_length=40, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ecobureau.complaints.models import Complaint

        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = Complaint.Channel.choices


class StopOrderForm(forms.Form):
    kind = forms.ChoiceField(label="措施", choices=StopOrder.Kind.choices)
    basis = forms.CharField(
        label="依据",
        max_length=300,
        help_text="如：《中华人民共和国突发事件应对法》《突发环境事件应急管理办法》"
        "相关条款，或本级人民政府应急指挥部的决定",
    )
    issuer = forms.CharField(label="决定机关", max_length=120)
    issued_at = forms.DateTimeField(label="下达时间", widget=DATETIME)
    measures = forms.CharField(label="具体要求", widget=TEXT)


class LiftForm(forms.Form):
    reason = forms.CharField(label="解除理由", widget=TEXT)


class RecoveryForm(forms.Form):
    """A recovery measure (事后恢复): the measure, who answers for it, by when."""

    measure = forms.CharField(
        label="恢复措施",
        max_length=200,
        help_text="如：生态修复、污染物清理、饮用水恢复供水。",
    )
    unit = forms.ModelChoiceField(
        label="责任单位（登记单位）",
        queryset=Unit.objects.order_by("kind", "name"),
        required=False,
        empty_label="（不在登记单位中，填写名称）",
    )
    responsible = forms.CharField(label="责任单位名称", max_length=120, required=False)
    due_on = forms.DateField(label="完成期限", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and not (data.get("responsible") or "").strip():
            raise forms.ValidationError("请选择登记单位或填写责任单位。")
        return data


class RecoveryDoneForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DATE)
    note = forms.CharField(label="完成情况", widget=TEXT)


# --- Preparedness -------------------------------------------------------------------


class DrillForm(forms.Form):
    held_on = forms.DateField(label="演练日期", widget=DATE)
    scenario = forms.CharField(label="演练科目", max_length=200)
    participants = forms.CharField(label="参演单位与人员", widget=TEXT)
    findings = forms.CharField(label="发现问题", widget=TEXT)
    follow_ups = forms.CharField(label="整改措施", widget=TEXT, required=False)


class DrillDoneForm(forms.Form):
    """Mark the follow-ups of one of the plan's drills done."""

    drill = forms.ModelChoiceField(label="演练", queryset=Drill.objects.none())
    done_on = forms.DateField(label="整改完成日期", widget=DATE)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["drill"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            plan.drills.exclude(follow_ups="")
            .filter(follow_ups_done_on__isnull=True)
            .order_by("-held_on", "-pk")
        )


class RiskSourceForm(_ScopedForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none()
    )
    name = forms.CharField(label="风险单元", max_length=120)
    substances = forms.CharField(label="主要风险物质及数量", max_length=300)
    level = forms.ChoiceField(label="风险等级", choices=RiskSource.Level.choices)
    controls = forms.CharField(label="防控措施", widget=TEXT, required=False)


class ResourceForm(_ScopedForm):
    kind = forms.ChoiceField(label="类别", choices=Resource.Kind.choices)
    name = forms.CharField(label="名称", max_length=120)
    quantity = forms.CharField(label="数量", max_length=60, required=False)
    holder = forms.CharField(label="存放或所属单位", max_length=120)
    district = forms.ModelChoiceField(
        label="区县", queryset=Division.objects.none(), required=False
    )
    contact = forms.CharField(label="联系人", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=30)


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class PlanRoleForm(forms.Form):
    role = forms.CharField(
        label="应急职务", max_length=60, help_text="如：总指挥、现场处置组组长"
    )
    person = forms.CharField(label="姓名", max_length=40)
    unit = forms.CharField(label="单位及职务", max_length=120, required=False)
    phone = forms.CharField(label="联系电话", max_length=30)
    duty = forms.CharField(label="职责", widget=TEXT)


class PlanRoleChangeForm(forms.Form):
    """A role's holder or details changed (the role name stays)."""

    person = forms.CharField(label="姓名", max_length=40)
    unit = forms.CharField(label="单位及职务", max_length=120, required=False)
    phone = forms.CharField(label="联系电话", max_length=30)
    duty = forms.CharField(label="职责", widget=TEXT)


class PlanContactsForm(forms.Form):
    contacts = forms.CharField(label="应急组织与联系人", widget=TEXT, required=False)


class HelpRequestForm(_ScopedForm):
    enterprise = forms.ModelChoiceField(
        label="求助企业", queryset=Enterprise.objects.none()
    )
    requested_at = forms.DateTimeField(label="求助时间", widget=DATETIME)
    request = forms.CharField(label="求助事项", widget=TEXT)
    contact = forms.CharField(label="企业联系人及电话", max_length=80, required=False)


class HelpAssignForm(forms.Form):
    helper = forms.ModelChoiceField(label="帮扶责任人", queryset=User.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["helper"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            account_selectors.staff_list_for_user(user)
            .filter(kind=User.Kind.STAFF)
            .order_by("full_name", "pk")
        )


class HelpActionForm(forms.Form):
    kind = forms.ChoiceField(label="帮扶方式", choices=HelpAction.Kind.choices)
    taken_at = forms.DateTimeField(label="时间", widget=DATETIME)
    description = forms.CharField(label="内容", widget=TEXT)
    participants = forms.CharField(label="参加人员", max_length=200, required=False)


class HelpConcludeForm(forms.Form):
    outcome = forms.CharField(label="帮扶结果", widget=TEXT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their number, size and type."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        clean = super().clean  # zero-argument super() fails in a comprehension
        return [clean(item, initial) for item in files]


class HelpReplyForm(forms.Form):
    """The enterprise's reply on its own help record."""

    text = forms.CharField(
        label="回复内容",
        widget=TEXT,
        max_length=HelpReply.MAX_LENGTH,
        help_text=(
            f"向帮扶单位说明企业已采取的措施、舆情的新情况或仍需的帮助，"
            f"不超过{HelpReply.MAX_LENGTH}字。"
        ),
    )
    attachments = MultipleFileField(label="附件")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The size limit is a setting, read when the form is made.
        self.fields["attachments"].help_text = (
            f"可选，最多{enterprise_help.MAX_REPLY_FILES}个，PDF、JPEG、PNG图片或"
            f"Word、Excel文档，每个不超过"
            f"{size_text(enterprise_help.reply_file_max_bytes())}。"
        )
