"""Input shapes of the engagement pages (no saving here)."""

from __future__ import annotations

from typing import Any

from django import forms

from ecobureau.accounts.models import Unit, User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import selectors as grid_selectors

from . import rules
from .models import (
    Commissioner,
    Demand,
    EiaStaff,
    EiaUnit,
    GreenChannel,
    HonourNomination,
    Lecture,
    NominationRequest,
    Participation,
    Supervisor,
    SupervisorMeeting,
    SupervisorReport,
    Visit,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
STAFF_CHANNELS = [c for c in Demand.Channel.choices if c[0] != Demand.Channel.PLATFORM]


def conditions_field(label: str) -> forms.MultipleChoiceField:
    """The 第三条 (一)–(六) checklist (A108), the same on the vetting form and the
    register's direct appointment; `services.conditions_check` decides."""
    return forms.MultipleChoiceField(
        label=label,
        choices=rules.SUPERVISOR_CONDITIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class _EnterpriseForm(forms.Form):
    """A form whose enterprise is chosen inside the user's scope."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "enterprise" in self.fields:
            field = self.fields["enterprise"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = enterprise_selectors.enterprise_list_for_user(
                user
            ).order_by("name")


class EnterpriseDemandForm(forms.Form):
    """What an enterprise account fills in on the platform."""

    title = forms.CharField(label="诉求标题", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Demand.Category.choices)
    content = forms.CharField(
        label="诉求内容", widget=forms.Textarea(attrs={"rows": 5})
    )


class StaffDemandForm(_EnterpriseForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none()
    )
    channel = forms.ChoiceField(label="来源", choices=STAFF_CHANNELS)
    title = forms.CharField(label="诉求标题", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Demand.Category.choices)
    content = forms.CharField(
        label="诉求内容", widget=forms.Textarea(attrs={"rows": 5})
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位", queryset=Unit.objects.order_by("name")
    )
    assignee = forms.ModelChoiceField(
        label="承办人",
        queryset=User.objects.filter(kind=User.Kind.STAFF, is_active=True).order_by(
            "username"
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))


class ReopenForm(forms.Form):
    reopen_note = forms.CharField(label="重新办理原因", max_length=300)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="评价", choices=rules.RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="评价意见",
        max_length=300,
        required=False,
        help_text="选择“不满意”或“非常不满意”时必填",
    )


class CommissionerForm(_EnterpriseForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none()
    )
    commissioner = forms.ModelChoiceField(
        label="服务专员",
        queryset=User.objects.filter(kind=User.Kind.STAFF, is_active=True).order_by(
            "username"
        ),
    )
    rank = forms.ChoiceField(label="职级", choices=Commissioner.Rank.choices)
    started_on = forms.DateField(label="起始日期", widget=DATE)


class VisitForm(_EnterpriseForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none()
    )
    kind = forms.ChoiceField(label="类型", choices=Visit.Kind.choices)
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    difficulties = forms.CharField(label="了解到的困难和问题", widget=TEXT)
    help_given = forms.CharField(label="帮助解决情况", widget=TEXT, required=False)
    demand_title = forms.CharField(
        label="同时登记为企业诉求（填写诉求标题）",
        max_length=100,
        required=False,
        help_text="需要答复的困难，填写标题后按企业诉求流转并计时",
    )
    demand_category = forms.ChoiceField(
        label="诉求类别", choices=Demand.Category.choices, required=False
    )


class EiaUnitForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)
    does_project_reports = forms.BooleanField(
        label="编制建设项目环境影响报告书（表）", required=False, initial=True
    )
    does_plan_reports = forms.BooleanField(
        label="编制规划环评及有关篇章、说明", required=False
    )
    does_post_evaluation = forms.BooleanField(
        label="编制环境影响后评价文件", required=False
    )
    qualifications = forms.CharField(
        label="技术能力与资质说明", widget=TEXT, required=False
    )
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)


class EiaStaffForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    full_time = forms.BooleanField(label="全职", required=False, initial=True)
    engineer_certificate = forms.CharField(
        label="环境影响评价工程师职业资格证书编号", max_length=40, required=False
    )
    lead_author = forms.BooleanField(label="可担任编制主持人", required=False)


class ConductForm(forms.Form):
    kind = forms.ChoiceField(label="行为类型", choices=rules.CONDUCT_CHOICES)
    occurred_on = forms.DateField(label="发生日期", widget=DATE)
    project = forms.CharField(label="涉及项目", max_length=150, required=False)
    facts = forms.CharField(label="事实经过", widget=TEXT)
    quality_rating = forms.ChoiceField(
        label="环评质量考核结果（通报表扬时填写）",
        choices=[("", "—"), *rules.QUALITY_CHOICES],
        required=False,
    )
    service_days_agreed = forms.IntegerField(
        label="约定技术服务时限（日，通报表扬时填写）",
        min_value=1,
        max_value=3650,
        required=False,
    )
    service_days_actual = forms.IntegerField(
        label="实际技术服务用时（日，通报表扬时填写）",
        min_value=0,
        max_value=3650,
        required=False,
    )


class EiaReturnForm(forms.Form):
    """A104 三（一）5: one return for revision of a submitted report."""

    report = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    returned_on = forms.DateField(label="退改日期", widget=DATE)
    reason = forms.CharField(label="退改原因", max_length=300)


class DecideForm(forms.Form):
    reason = forms.CharField(label="处理理由", widget=TEXT)
    points = forms.IntegerField(
        label="环评信用平台记分分值", min_value=1, max_value=20, required=False
    )
    judicial = forms.BooleanField(label="涉嫌犯罪，移送司法机关", required=False)


class DismissForm(forms.Form):
    reason = forms.CharField(label="不成立理由", widget=TEXT)


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label="公示内容",
        widget=TEXT,
        help_text="面向公众：写明单位、行为与处理结果，不写个人信息",
    )


class SupervisorForm(forms.Form):
    group = forms.ChoiceField(label="类别", choices=Supervisor.Group.choices)
    name = forms.CharField(label="姓名", max_length=30)
    source = forms.ChoiceField(label="推荐来源", choices=Supervisor.Source.choices)
    organisation = forms.CharField(label="工作单位", max_length=100, required=False)
    birth_date = forms.DateField(label="出生日期", widget=DATE, required=False)
    certificate_no = forms.CharField(
        label="监督员证编号", max_length=30, required=False
    )
    appointed_on = forms.DateField(label="聘任日期", widget=DATE)
    age_exception = forms.CharField(
        label="超龄聘任说明", max_length=200, required=False
    )
    conditions = conditions_field("第三条条件核对（聘任执法监督员须逐项勾选）")


class SupervisorEditForm(forms.Form):
    """Completing or correcting a register entry (A108)."""

    name = forms.CharField(label="姓名", max_length=30)
    organisation = forms.CharField(label="工作单位", max_length=100, required=False)
    birth_date = forms.DateField(label="出生日期", widget=DATE, required=False)
    certificate_no = forms.CharField(
        label="监督员证编号", max_length=30, required=False
    )
    age_exception = forms.CharField(
        label="超龄聘任说明", max_length=200, required=False
    )
    reason = forms.CharField(
        label="修改原因",
        max_length=200,
        required=False,
        help_text="如：补录聘任时未登记的出生日期和监督员证编号",
    )


class ParticipationForm(forms.Form):
    kind = forms.ChoiceField(
        label="活动类型",
        choices=[
            choice
            for choice in Participation.Kind.choices
            if choice[0]
            not in (Participation.Kind.MEETING, Participation.Kind.TRAINING)
        ],
    )
    held_on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="情况", max_length=300, required=False)
    certificate_shown = forms.CharField(
        label="出示的监督员证编号",
        max_length=30,
        required=False,
        help_text="执法监督员开展监督工作时出示的《鞍山市生态环境执法监督员证》编号（第九条）",
    )


class SupervisorMeetingForm(forms.Form):
    """A114: a work meeting or training with its attendees from the registry."""

    kind = forms.ChoiceField(label="类型", choices=SupervisorMeeting.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="名称", max_length=150)
    agenda = forms.CharField(label="议程", widget=TEXT)
    summary = forms.CharField(label="会议（培训）纪要", widget=TEXT, required=False)
    materials = forms.CharField(label="提供的工作资料", widget=TEXT, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label="参加的监督员",
        queryset=Supervisor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = supervisors


class MatterCertificateForm(forms.Form):
    """第九条: the supervisor shows the certificate before reading a matter."""

    certificate_no = forms.CharField(
        label="监督员证编号",
        max_length=30,
        help_text="请填写您的《鞍山市生态环境执法监督员证》编号（工作规则 第九条）",
    )


# --- Reception day, forums, revisits ------------------------------------------------


class ReceptionPlanForm(forms.Form):
    held_on = forms.DateField(label="接待日期", widget=DATE)
    agenda = forms.CharField(label="议程", widget=TEXT)
    hosts = forms.CharField(label="接待人员", max_length=200, required=False)


class BookingForm(forms.Form):
    topic = forms.CharField(label="拟咨询的问题", max_length=300)
    contact_name = forms.CharField(label="来访人", max_length=30)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)


class ReceiveForm(forms.Form):
    booking = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label="现场解答情况", widget=TEXT)
    solution = forms.CharField(label="提出的解决方案", widget=TEXT, required=False)
    follow_up_title = forms.CharField(
        label="需后续办理的诉求（填写则登记为诉求）", max_length=100, required=False
    )
    follow_up_category = forms.ChoiceField(
        label="诉求类别", choices=Demand.Category.choices, required=False
    )


class DayRecordForm(forms.Form):
    record = forms.CharField(label="接待情况记录", widget=TEXT)


class ForumForm(forms.Form):
    held_on = forms.DateField(label="召开日期", widget=DATE)
    title = forms.CharField(label="会议名称", max_length=150)
    npc_deputies = forms.IntegerField(label="人大代表人数", min_value=0, initial=0)
    cppcc_members = forms.IntegerField(label="政协委员人数", min_value=0, initial=0)
    enterprise_reps = forms.IntegerField(label="企业代表人数", min_value=0, initial=0)
    attendees = forms.CharField(label="参会人员", widget=TEXT)
    reported = forms.CharField(label="通报的工作情况", widget=TEXT)
    topics = forms.CharField(label="代表提出的需求建议", widget=TEXT)
    outcomes = forms.CharField(
        label="会议结果与工作思路调整", widget=TEXT, required=False
    )


class ForumDemandForm(_EnterpriseForm):
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none()
    )
    title = forms.CharField(label="诉求标题", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Demand.Category.choices)
    content = forms.CharField(label="诉求内容", widget=TEXT)


YES_NO = [("1", "是"), ("0", "否")]


class RevisitForm(forms.Form):
    visited_on = forms.DateField(label="回访日期", widget=DATE)
    civil = forms.TypedChoiceField(
        label="文明执法", choices=YES_NO, coerce=lambda v: v == "1"
    )
    clean_conduct = forms.TypedChoiceField(
        label="廉洁执法", choices=YES_NO, coerce=lambda v: v == "1"
    )
    satisfied = forms.TypedChoiceField(
        label="企业满意", choices=YES_NO, coerce=lambda v: v == "1"
    )
    findings = forms.CharField(label="企业反映情况", widget=TEXT)
    problem = forms.CharField(label="发现的问题", widget=TEXT, required=False)
    proposal = forms.CharField(
        label="处理建议（报局党组）", widget=TEXT, required=False
    )


class RevisitReportForm(forms.Form):
    summary = forms.CharField(label="报告内容", widget=TEXT)


# --- Supervisors at work ------------------------------------------------------------


class SupervisorReportForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SupervisorReport.Kind.choices)
    addressee = forms.ChoiceField(
        label="反映对象", choices=SupervisorReport.Addressee.choices
    )
    content = forms.CharField(label="反映内容", widget=TEXT)


class StaffSupervisorReportForm(SupervisorReportForm):
    supervisor = forms.ModelChoiceField(
        label="监督员",
        queryset=Supervisor.objects.filter(left_on__isnull=True).order_by("name"),
    )
    field_order = ["supervisor", "kind", "addressee", "content"]


class ProgressForm(forms.Form):
    note = forms.CharField(label="进展情况", widget=TEXT)


class ResultForm(forms.Form):
    result = forms.CharField(label="办理结果", widget=TEXT)


class SupervisorDismissForm(forms.Form):
    left_on = forms.DateField(label="解聘日期", widget=DATE)
    reason = forms.CharField(label="解聘原因", max_length=200)


class MatterForm(forms.Form):
    case_id = forms.IntegerField(label="执法案件编号", min_value=1)
    purpose = forms.CharField(label="监督事项", max_length=200)


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label="回避原因（与该事项的关联或利害关系）", max_length=300
    )


# --- Leaders linked to enterprises and the letter (E15) -----------------------------

LEADER_ROLES = ("bureau_leader", "section_head", "sub_bureau_head", "enforcement_head")


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（{obj.unit.name if obj.unit_id else '—'}）"


class LeaderLinkForm(_EnterpriseForm):
    leader = LeaderChoiceField(label="联系领导", queryset=User.objects.none())
    enterprise = forms.ModelChoiceField(
        label="联系企业", queryset=Enterprise.objects.none()
    )
    started_on = forms.DateField(label="起始日期", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["leader"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(
                is_active=True, kind=User.Kind.STAFF, roles__code__in=LEADER_ROLES
            )
            .select_related("unit")
            .distinct()
            .order_by("full_name", "pk")
        )


class LeaderUnlinkForm(forms.Form):
    link = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_on = forms.DateField(label="结束日期", widget=DATE)


class LetterForm(forms.Form):
    """The letter and who receives it: all key enterprises in scope, every
    enterprise in scope, or the credit codes listed."""

    class Recipients:
        KEY = "key"
        ALL = "all"
        CODES = "codes"

    RECIPIENT_CHOICES = [
        (Recipients.KEY, "数据范围内全部重点排污单位（绿色通道企业）"),
        (Recipients.ALL, "数据范围内全部企业"),
        (Recipients.CODES, "按统一社会信用代码指定"),
    ]

    title = forms.CharField(
        label="标题", max_length=150, initial="致全市企业家朋友们的一封信"
    )
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    sent_on = forms.DateField(label="发送日期", widget=DATE)
    recipients = forms.ChoiceField(label="收信企业", choices=RECIPIENT_CHOICES)
    credit_codes = forms.CharField(
        label="统一社会信用代码（每行一个，仅“按代码指定”时填写）",
        widget=TEXT,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = enterprise_selectors.enterprise_list_for_user(self.user)
        recipients = data.get("recipients")
        if recipients == self.Recipients.KEY:
            chosen = list(scope.exclude(key_source=""))
        elif recipients == self.Recipients.ALL:
            chosen = list(scope)
        elif recipients == self.Recipients.CODES:
            codes = {
                code.strip().upper()
                for code in data.get("credit_codes", "").split()
                if code.strip()
            }
            if not codes:
                self.add_error("credit_codes", "请填写收信企业的统一社会信用代码。")
                return data
            chosen = list(scope.filter(credit_code__in=codes))
            missing = sorted(codes - {e.credit_code for e in chosen})
            if missing:
                self.add_error(
                    "credit_codes",
                    f"以下代码不在企业库或您的数据范围内：{'、'.join(missing)}",
                )
                return data
        else:
            return data
        if not chosen and recipients != self.Recipients.CODES:
            self.add_error("recipients", "该范围内没有企业。")
        data["enterprises"] = chosen
        return data


# --- Supervisor nominations (A109) --------------------------------------------------


class NominationRequestForm(forms.Form):
    body = forms.ChoiceField(
        label="推荐单位类别", choices=NominationRequest.Body.choices
    )
    body_name = forms.CharField(label="推荐单位", max_length=100)
    group = forms.ChoiceField(label="监督员类别", choices=Supervisor.Group.choices)
    quota = forms.IntegerField(label="名额", min_value=1, max_value=200)
    requested_on = forms.DateField(label="发函日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)


class NomineeForm(forms.Form):
    request = forms.ModelChoiceField(
        label="推荐意向", queryset=NominationRequest.objects.none()
    )
    name = forms.CharField(label="姓名", max_length=30)
    organisation = forms.CharField(label="工作单位", max_length=100, required=False)
    birth_date = forms.DateField(label="出生日期", widget=DATE, required=False)

    def __init__(self, *args: Any, requests: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["request"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = requests


class VetForm(forms.Form):
    nominee = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    approve = forms.TypedChoiceField(
        label="审核结论",
        choices=[("1", "审核通过，予以聘任"), ("0", "审核未通过")],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label="审核意见", max_length=300)
    appointed_on = forms.DateField(label="聘任日期", widget=DATE, required=False)
    certificate_no = forms.CharField(
        label="监督员证编号", max_length=30, required=False
    )
    age_exception = forms.CharField(
        label="超龄聘任说明", max_length=200, required=False
    )
    conditions = conditions_field("第三条条件核对（审核通过须逐项勾选）")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("approve") and not data.get("appointed_on"):
            self.add_error("appointed_on", "审核通过的须填写聘任日期。")
        return data


# --- EIA reports (A102) and the A105 case -------------------------------------------


class EiaReportForm(forms.Form):
    project = forms.CharField(label="建设项目名称", max_length=150)
    lead_author = forms.ModelChoiceField(
        label="编制主持人", queryset=EiaStaff.objects.none()
    )

    def __init__(self, *args: Any, unit: EiaUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_author"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unit.staff.filter(left_on__isnull=True).order_by("name")


class EiaSubmitForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    project_number = forms.CharField(
        label="环评信用平台项目编号", max_length=60, required=False
    )
    situation_table = forms.CharField(
        label="《编制单位和编制人员情况表》编号或说明",
        max_length=100,
        required=False,
    )
    submitted_on = forms.DateField(label="报批日期", widget=DATE)


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}（执法证{obj.credential_no}）"


class ConductCaseForm(forms.Form):
    officers = OfficerChoiceField(
        label="承办人员（不少于2名持证执法人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    facts = forms.CharField(
        label="基本案情（不填则用行为记录的事实经过）", widget=TEXT, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = grid_selectors.qualified_inspectors().order_by("full_name")


# --- 与基层互动: suggestions (A77) and research reports (A78) -------------------------


class SuggestionForm(forms.Form):
    title = forms.CharField(label="建议题目", max_length=150)
    content = forms.CharField(
        label="建议内容", widget=forms.Textarea(attrs={"rows": 5})
    )


class SuggestionDecideForm(forms.Form):
    suggestion = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    adopt = forms.TypedChoiceField(
        label="评审结论",
        choices=[("1", "采纳"), ("0", "不采纳")],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label="评审意见", max_length=300)


class SuggestionRewardForm(forms.Form):
    suggestion = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reward = forms.CharField(label="奖励内容", max_length=200)
    rewarded_on = forms.DateField(label="奖励日期", widget=DATE)


class ResearchReportForm(forms.Form):
    title = forms.CharField(label="调研报告题目", max_length=150)
    authors = forms.CharField(label="执笔人", max_length=100)
    summary = forms.CharField(label="主要内容和决策建议", widget=TEXT)
    completed_on = forms.DateField(label="完成日期", widget=DATE)


# --- 与基层互动 6, 1, 3: honours, party branches, lectures ----------------------------


class _UnitChoiceForm(forms.Form):
    """The office picks any unit of the system; other staff act for their own unit,
    so the field is left out for them."""

    def __init__(self, *args: Any, may_manage: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_manage:
            del self.fields["unit"]
            return
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(
            kind__in=(
                Unit.Kind.BUREAU,
                Unit.Kind.SECTION,
                Unit.Kind.TEAM,
                Unit.Kind.SUB_BUREAU,
                Unit.Kind.CENTRE,
            ),
            is_active=True,
        ).order_by("kind", "name")


class HonourNominationForm(_UnitChoiceForm):
    year = forms.IntegerField(label="评选年度", min_value=2000, max_value=2100)
    category = forms.ChoiceField(
        label="评选类别", choices=HonourNomination.Category.choices
    )
    unit = forms.ModelChoiceField(
        label="推荐单位（不选为本单位）", queryset=Unit.objects.none(), required=False
    )
    person_name = forms.CharField(label="被推荐人姓名", max_length=40)
    post = forms.CharField(label="职务（岗位）", max_length=60)
    deeds = forms.CharField(label="主要事迹", widget=TEXT)


class HonourDecideForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    select = forms.TypedChoiceField(
        label="评选结论",
        choices=[("1", "当选"), ("0", "未当选")],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label="评选意见", max_length=300)


class HonourPublishForm(forms.Form):
    document_no = forms.CharField(label="表彰决定文号", max_length=60)
    decided_on = forms.DateField(label="表彰决定日期", widget=DATE)


class PartyBranchForm(forms.Form):
    name = forms.CharField(label="党支部名称", max_length=80)
    unit = forms.ModelChoiceField(
        label="所在单位", queryset=Unit.objects.filter(is_active=True), required=False
    )
    secretary = forms.CharField(label="支部书记", max_length=40)
    members = forms.IntegerField(label="党员人数", min_value=1, max_value=1000)


class BranchRatingForm(forms.Form):
    branch = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    standardised = forms.TypedChoiceField(
        label="标准化建设",
        choices=[("1", "达标"), ("0", "未达标")],
        coerce=lambda value: value == "1",
    )
    stars = forms.TypedChoiceField(
        label="星级",
        choices=[(str(n), f"{n}星") for n in range(1, rules.BRANCH_STAR_MAX + 1)],
        coerce=int,
    )
    basis = forms.CharField(
        label="评定依据（“三会一课”等组织生活落实情况）", widget=TEXT
    )
    rated_on = forms.DateField(label="评定日期", widget=DATE)


class LectureForm(_UnitChoiceForm):
    kind = forms.ChoiceField(label="类型", choices=Lecture.Kind.choices)
    held_on = forms.DateField(label="举办日期", widget=DATE)
    topic = forms.CharField(label="主题", max_length=150)
    speaker = forms.CharField(label="主讲人", max_length=60)
    attendees = forms.IntegerField(label="参加人数", min_value=1, max_value=100000)
    unit = forms.ModelChoiceField(
        label="组织单位（不选为本单位）", queryset=Unit.objects.none(), required=False
    )


class GreenChannelEnrolForm(forms.Form):
    credit_codes = forms.CharField(
        label="统一社会信用代码（每行一个）",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="可从局里保存的企业名单中整列粘贴；任一行有误时整批不纳入，并逐行说明原因。",
    )
    category = forms.ChoiceField(label="类别", choices=GreenChannel.Category.choices)
    enrolled_on = forms.DateField(label="纳入日期", widget=DATE)
    basis = forms.CharField(
        label="纳入依据",
        max_length=200,
        initial="实施领导干部联系企业制度，建立诉求反馈绿色通道",
    )


class GreenChannelEndForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_on = forms.DateField(label="退出日期", widget=DATE)
    reason = forms.CharField(label="退出原因", max_length=200)
