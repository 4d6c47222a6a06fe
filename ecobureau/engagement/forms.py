"""Input shapes of the engagement pages (no saving here)."""

from __future__ import annotations

from typing import Any

from django import forms

from ecobureau.accounts.models import Unit, User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from . import rules
from .models import Commissioner, Demand, Participation, Supervisor, Visit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
STAFF_CHANNELS = [c for c in Demand.Channel.choices if c[0] != Demand.Channel.PLATFORM]


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


class ParticipationForm(forms.Form):
    kind = forms.ChoiceField(label="活动类型", choices=Participation.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="情况", max_length=300, required=False)
