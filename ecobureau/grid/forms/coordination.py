"""Forms of projects, meetings, campaigns, 督办, reviews and schemes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code

from .. import selectors
from ..models import (
    Campaign,
    JointReview,
    Project,
    ProjectEvent,
    SupervisionItem,
)
from ._common import DATE, TEXT, EnterpriseField, UserForm

# --- Projects and coordination -------------------------------------------------------


class ProjectForm(UserForm):
    name = forms.CharField(label="项目名称", max_length=120)
    enterprise = EnterpriseField(label="建设单位")
    eia_approval_no = forms.CharField(label="环评批复文号", max_length=60)
    eia_approved_on = forms.DateField(label="环评批复日期", widget=DATE)
    track = forms.ChoiceField(label="跟踪类别", choices=Project.Track.choices)
    needs_supervision = forms.BooleanField(label="须开展工程环境监理", required=False)
    supervision_org = forms.CharField(
        label="环境监理单位", max_length=80, required=False
    )


class ProjectEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            c for c in ProjectEvent.Kind.choices if c[0] != ProjectEvent.Kind.PHASE
        ],
    )
    on = forms.DateField(label="日期", widget=DATE)
    summary = forms.CharField(label="内容", widget=TEXT)


class ProjectAdvanceForm(forms.Form):
    phase = forms.ChoiceField(label="阶段", choices=Project.Phase.choices)
    on = forms.DateField(label="日期", widget=DATE)
    works_started = forms.BooleanField(label="治理设施或主体工程已开工", required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=120)
    scheduled_on = forms.DateField(label="计划日期", widget=DATE)
    convener = forms.CharField(
        label="召集人", max_length=60, help_text="领导小组组长，或受委托的副组长。"
    )
    agenda = forms.CharField(label="议题", widget=TEXT)


class MeetingRecordForm(forms.Form):
    held_on = forms.DateField(label="召开日期", widget=DATE)
    decisions = forms.CharField(label="议定事项", widget=TEXT)

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for n in range(rows):
            self.fields[f"unit_{n}"] = forms.ModelChoiceField(
                label=f"交办单位{n + 1}",
                queryset=account_selectors.unit_list(),
                required=False,
            )
            self.fields[f"task_{n}"] = forms.CharField(
                label=f"交办任务{n + 1}", max_length=300, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=f"完成期限{n + 1}", widget=DATE, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tasks = []
        for n in range(self.rows):
            unit, task, due = (
                data.get(f"unit_{n}"),
                data.get(f"task_{n}"),
                data.get(f"due_{n}"),
            )
            if not (unit or task or due):
                continue
            if not (unit and task and due):
                raise ValidationError(f"交办任务{n + 1}：单位、任务和期限须同时填写。")
            tasks.append((unit, task, due))
        data["tasks"] = tasks
        return data

    def task_rows(
        self,
    ) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"unit_{n}"], self[f"task_{n}"], self[f"due_{n}"])
            for n in range(self.rows)
        ]


class CampaignForm(UserForm):
    name = forms.CharField(label="行动名称", max_length=120)
    kind = forms.ChoiceField(label="类型", choices=Campaign.Kind.choices)
    scope = forms.CharField(label="范围与内容", widget=TEXT)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    departments = forms.ModelMultipleChoiceField(
        label="参加部门",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    enterprises = forms.CharField(
        label="检查对象（每行一个信用代码或企业全称）", widget=TEXT, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["departments"].queryset = selectors.departments()  # type: ignore[attr-defined]

    def clean_enterprises(self) -> list[Enterprise]:
        found = []
        visible = enterprise_selectors.enterprise_list_for_user(self.user)
        for line in self.cleaned_data["enterprises"].splitlines():
            text = line.strip()
            if not text:
                continue
            match = visible.filter(credit_code=credit_code.normalize(text)).first() or (
                visible.filter(name=text).first()
            )
            if match is None:
                raise ValidationError(f"未找到企业“{text}”（或不在您的数据范围内）。")
            found.append(match)
        return found


class CampaignConcludeForm(forms.Form):
    results = forms.CharField(label="行动结果", widget=TEXT)
    publish = forms.BooleanField(label="向社会公开", required=False)


class SupervisionItemForm(forms.Form):
    speed = forms.ChoiceField(
        label="督办类别",
        choices=SupervisionItem.Speed.choices,
        help_text="重要事项全程督办、紧急事项迅速督办、一般事项定期督办（六(二)8）。",
    )
    matter = forms.CharField(label="督办事项", widget=TEXT)
    finding = forms.CharField(
        label="发现的问题",
        widget=TEXT,
        required=False,
        help_text="对下级网格运行情况的监督发现。",
    )
    follow_up_days = forms.IntegerField(
        label="跟进间隔（天）",
        min_value=1,
        max_value=365,
        required=False,
        help_text="不填则按类别：紧急1天、重要7天、一般30天（示例配置）。",
    )


class SupervisionFollowUpForm(forms.Form):
    on = forms.DateField(label="跟进日期", widget=DATE)
    note = forms.CharField(label="跟进情况", widget=TEXT)


class SupervisionCloseForm(forms.Form):
    result = forms.CharField(label="办结情况", widget=TEXT)
    accountability = forms.CharField(
        label="问责情况",
        widget=TEXT,
        required=False,
        help_text="纪检监察机关依法依纪问责的，记录问责对象、方式和文号。",
    )


class ReviewForm(UserForm):
    project_name = forms.CharField(label="项目名称", max_length=120)
    kind = forms.ChoiceField(label="项目类别", choices=JointReview.Kind.choices)
    enterprise = EnterpriseField(label="建设单位（已登记企业，可不填）", required=False)
    departments = forms.MultipleChoiceField(
        label="参加审查部门",
        choices=JointReview.Department.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="发改、经信、国土、规划、环保等部门协同审查（六(二)4）。",
    )
    policy_opinion = forms.CharField(label="产业政策符合性意见", widget=TEXT)
    siting_opinion = forms.CharField(label="选址意见", widget=TEXT)
    conclusion = forms.ChoiceField(
        label="审查结论", choices=JointReview.Conclusion.choices
    )
    conditions = forms.CharField(
        label="审查条件或理由",
        widget=TEXT,
        required=False,
        help_text="有条件同意或不同意的须填写。",
    )
    reviewed_on = forms.DateField(label="审查日期", widget=DATE)


class SchemeForm(forms.Form):
    title = forms.CharField(
        label="方案名称",
        max_length=200,
        help_text="例如：XX区网格化环境监管体系建设实施方案。",
    )
    issued_on = forms.DateField(label="印发日期", widget=DATE)
    file = forms.FileField(label="方案文件（PDF）")


class SchemeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="备案意见",
        choices=[("accept", "予以备案"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="意见", widget=TEXT, required=False, help_text="退回修改须填写。"
    )


class CampaignTaskForm(UserForm):
    enterprise = EnterpriseField(label="检查对象")
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="现场检查须有2名以上持证执法人员。",
    )
    due_by = forms.DateField(label="完成期限", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]
