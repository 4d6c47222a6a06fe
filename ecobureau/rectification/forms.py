"""Input shapes of the rectification pages."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.db.models import QuerySet

from ecobureau.accounts.models import Unit

from . import selectors, services, standards
from .models import (
    Measure,
    PetitionCase,
    Regulation,
    ReviewSignoff,
    Source,
    Supervision,
    SupervisionVisit,
    UnitAssessment,
)


class LedgerUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="台账", choices=[("tasks", "整改任务台账"), ("cases", "信访案件台账")]
    )
    file = forms.FileField(label="Excel文件（.xlsx）")


class MeasureEvidenceForm(forms.Form):
    done_on = forms.DateField(label="完成日期", required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for condition in standards.MEASURE_CONDITIONS[kind]:
            self.fields[f"c_{condition.code}"] = forms.CharField(
                label=condition.label, required=False, max_length=500
            )

    def evidence(self) -> dict[str, str]:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("c_")
        }


class TargetForm(forms.Form):
    met = forms.BooleanField(label="已达到整改目标", required=False)
    evidence = forms.CharField(label="佐证", required=False, widget=forms.Textarea)


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea, max_length=4000)


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="督办方式",
        choices=[
            (Supervision.Kind.LETTER, "督办函"),
            (Supervision.Kind.TALK, "约谈"),
            (Supervision.Kind.CLUE, "移送问题线索"),
        ],
    )
    reason = forms.CharField(label="事由", widget=forms.Textarea, max_length=2000)
    public = forms.BooleanField(label="公开约谈", required=False)
    reply_due_on = forms.DateField(label="反馈期限", required=False)
    recipient = forms.CharField(
        label="移送单位",
        required=False,
        max_length=200,
        help_text="移送问题线索时填写，如纪工委",
    )


class ConditionsForm(forms.Form):
    truth = forms.ChoiceField(
        label="核实结论",
        choices=[c for c in PetitionCase.Truth.choices if c[0]],
    )
    temporary_measure = forms.BooleanField(label="仅采取临时性应对措施", required=False)

    def __init__(self, *args: Any, category: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for condition in standards.PETITION_CONDITIONS:
            self.fields[f"c_{condition.code}"] = forms.CharField(
                label=condition.label, required=False, max_length=1000
            )
        # B28: the kind's acceptance checklist, one evidence field per item.
        for condition in standards.CATEGORY_CONDITIONS.get(category, ()):
            self.fields[f"c_{condition.code}"] = forms.CharField(
                label=f"验收标准：{condition.label}",
                required=False,
                max_length=1000,
            )

    def conditions(self) -> dict[str, str]:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("c_")
        }


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=60)
    unit_name = forms.CharField(label="单位", max_length=120)
    post = forms.CharField(label="职务（职称）", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    signed = forms.BooleanField(label="已签字", required=False)
    supervisor = forms.BooleanField(
        label="督导责任单位（市级行业主管部门）代表", required=False
    )


class SignoffForm(forms.Form):
    part = forms.ChoiceField(label="复核内容", choices=ReviewSignoff.Part.choices)
    bodies = forms.CharField(
        label="签字单位",
        max_length=200,
        help_text="多个单位用“、”分隔，如：市司法局、市生态环境局、市住建局。",
    )
    signer = forms.CharField(label="签字人", max_length=60)
    agreed = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "同意"), ("0", "不同意")],
        coerce=lambda v: v == "1",
    )
    opinion = forms.CharField(label="复核意见", widget=forms.Textarea, max_length=2000)


class RevisitForm(forms.Form):
    findings = forms.CharField(
        label="复查回访情况", widget=forms.Textarea, max_length=2000
    )
    satisfied = forms.BooleanField(label="群众满意", required=False)
    rebound = forms.BooleanField(label="出现反弹或整改不到位", required=False)


class AssessmentSelfForm(forms.Form):
    note = forms.CharField(label="自评说明", required=False, widget=forms.Textarea)


class AssessmentReviewForm(forms.Form):
    failure = forms.ChoiceField(
        label="不合格情形（附件1）",
        choices=UnitAssessment.Failure.choices,
        required=False,
    )
    note = forms.CharField(label="复核意见", widget=forms.Textarea)


class AssessmentDeptReviewForm(forms.Form):
    reviewers = forms.CharField(
        label="复核部门及人员",
        max_length=300,
        help_text="参加复核的行业主管部门及人员，如：市住建局 王某、市水利局 李某",
    )
    note = forms.CharField(label="部门复核意见", widget=forms.Textarea)
    reviewed_on = forms.DateField(label="部门复核日期")


class AssessmentTalkForm(forms.Form):
    talk_on = forms.DateField(label="约谈日期")
    deadline = forms.DateField(label="限期整改期限")
    note = forms.CharField(label="约谈情况与整改要求", widget=forms.Textarea)


# --- Entry forms (staff pages that add to the ledger and the oversight records) ---


def _districts() -> Any:
    from ecobureau.core.models import Division

    return Division.objects.filter(level=2).order_by("sort_order", "code")


def _units() -> Any:
    from ecobureau.accounts.models import Unit

    return Unit.objects.order_by("code")


def _supervising_choices(form: forms.Form, name: str) -> None:
    """B13: offer the registry's department units (kind 其他政府部门, active) for
    the supervising department, less the review group's basic bodies, which the
    service refuses — unless one was submitted, so that a refused choice stays
    selected beside its reason (as `ReviewDepartmentsForm` does)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    units = selectors.review_department_units()
    field.queryset = units
    submitted = str(form.data.get(form.add_prefix(name), "")) if form.is_bound else ""
    field.widget.choices = [("", "---------")] + [
        (unit.pk, unit.name)
        for unit in units
        if str(unit.pk) == submitted
        or not services.supervising_department_refusal(unit)
    ]
    if len(field.widget.choices) == 1:
        field.help_text = (
            "单位名录中没有可选择的市级行业主管部门。请系统管理员在管理后台的"
            "“单位”中添加（类型选“其他政府部门”），或运行 manage.py load_reference。"
        )


def enterprise_by_code(text: str) -> Any:
    """The enterprise a typed 统一社会信用代码 names (issue 11 item 3), or None
    when nothing was typed; a code matching no enterprise is refused."""
    from ecobureau.enterprises.models import Enterprise
    from ecobureau.lib import credit_code

    code = credit_code.normalize(text)
    if not code:
        return None
    found = Enterprise.objects.filter(credit_code=code).first()
    if found is None:
        raise forms.ValidationError(f"未找到统一社会信用代码为“{code}”的企业。")
    return found


class TaskForm(forms.Form):
    number = forms.CharField(label="任务编号", max_length=40)
    round = forms.CharField(label="督察轮次", max_length=60)
    source = forms.ChoiceField(label="督察来源", choices=Source.choices)
    problem = forms.CharField(label="反馈问题", widget=forms.Textarea)
    target = forms.CharField(label="整改目标", widget=forms.Textarea)
    responsible_units = forms.CharField(label="责任单位", max_length=200)
    responsible_persons = forms.CharField(
        label="责任人", max_length=200, required=False
    )
    deadline = forms.DateField(
        label="完成时限", widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.ModelChoiceField(
        label="区县", queryset=_districts(), required=False
    )
    unit = forms.ModelChoiceField(label="承办单位", queryset=_units(), required=False)
    enterprise = forms.CharField(
        label="涉及企业（统一社会信用代码）",
        max_length=40,
        required=False,
        help_text="问题涉及某一企业时填写其统一社会信用代码，用于企业环境信用评价。",
    )

    def clean_enterprise(self) -> Any:
        return enterprise_by_code(self.cleaned_data.get("enterprise") or "")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fresh querysets per request (places and units added after start-up).
        district = self.fields["district"]
        unit = self.fields["unit"]
        assert isinstance(district, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        district.queryset = _districts()
        unit.queryset = _units()


class CaseForm(TaskForm):
    received_on = forms.DateField(
        label="交办日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    content = forms.CharField(label="举报内容", widget=forms.Textarea)
    category = forms.ChoiceField(label="问题类型", choices=PetitionCase.Category)
    supervising_department = forms.ModelChoiceField(
        label="督导责任单位（市级行业主管部门）",
        queryset=Unit.objects.none(),
        required=False,
        help_text="从单位名录中选择；参加验收并在验收意见书上“签字背书”"
        "（种子001五3）。",
    )
    complainant_name = forms.CharField(label="投诉人", max_length=60, required=False)
    complainant_phone = forms.CharField(
        label="投诉人联系电话", max_length=30, required=False
    )
    key_case = forms.BooleanField(label="重点案件", required=False)
    guarantors = forms.CharField(label="包保领导", max_length=200, required=False)

    field_order = [
        "number",
        "round",
        "source",
        "received_on",
        "content",
        "category",
        "responsible_units",
        "responsible_persons",
        "deadline",
        "district",
        "unit",
        "enterprise",
        "supervising_department",
        "complainant_name",
        "complainant_phone",
        "key_case",
        "guarantors",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("problem", "target"):
            del self.fields[name]
        self.fields["number"].label = "受理编号"
        self.fields["deadline"].label = "办结时限"
        _supervising_choices(self, "supervising_department")


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="措施类型", choices=Measure.Kind.choices)
    content = forms.CharField(label="措施内容", widget=forms.Textarea)
    due_on = forms.DateField(
        label="节点时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    needs_clearing = forms.BooleanField(
        label="需拆除或清理（关停搬迁）", required=False
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label="节点内容", max_length=200)
    due_on = forms.DateField(
        label="节点时限", widget=forms.DateInput(attrs={"type": "date"})
    )


class LookBackForm(forms.Form):
    checked_on = forms.DateField(
        label="检查日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(label="现场检查情况", widget=forms.Textarea)
    holds = forms.BooleanField(label="整改成果保持，未反弹", required=False)


class EnforcementLinkForm(forms.Form):
    enforcement_case = forms.IntegerField(label="执法案件编号", min_value=1)


class MeetingForm(forms.Form):
    planned_on = forms.DateField(
        label="计划日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    topics = forms.CharField(label="研究议题", widget=forms.Textarea)


class MeetingRecordForm(forms.Form):
    held_on = forms.DateField(
        label="召开日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes = forms.CharField(label="会议纪要（研究解决的问题）", widget=forms.Textarea)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label="督查类型", choices=SupervisionVisit.Kind.choices)
    planned_on = forms.DateField(
        label="计划日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    focus = forms.CharField(label="督查区域或领域", max_length=200)
    team = forms.CharField(label="督查组成员", widget=forms.Textarea)
    district = forms.ModelChoiceField(
        label="区县", queryset=_districts(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = _districts()


class VisitRecordForm(forms.Form):
    done_on = forms.DateField(
        label="督查日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(label="发现问题", widget=forms.Textarea)
    follow_up = forms.CharField(
        label="整改要求与跟踪", widget=forms.Textarea, required=False
    )
    task_numbers = forms.CharField(
        label="涉及整改任务编号", required=False, help_text="多个编号用“、”或逗号分隔。"
    )
    case_numbers = forms.CharField(
        label="涉及信访案件受理编号",
        required=False,
        help_text="多个编号用“、”或逗号分隔。",
    )


class RegulationForm(forms.Form):
    applies_to = forms.ChoiceField(label="适用", choices=Regulation.AppliesTo.choices)
    code = forms.CharField(label="文号", max_length=80)
    title = forms.CharField(label="名称", max_length=200)
    effective_from = forms.DateField(
        label="施行日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class EnterpriseLinkForm(forms.Form):
    """The enterprise an item concerns, by its code; empty removes the link."""

    enterprise = forms.CharField(
        label="涉及企业（统一社会信用代码）",
        max_length=40,
        required=False,
        help_text="问题涉及某一企业时填写其统一社会信用代码；留空则取消关联。",
    )

    def clean_enterprise(self) -> Any:
        return enterprise_by_code(self.cleaned_data.get("enterprise") or "")


class ReviewDepartmentsForm(forms.Form):
    """B30: the departments added to a case's review group, ticked from the
    registry's department units. `units` validates a choice; the list shows them
    less `hidden` (the basic bodies and the supervising department, which the
    service refuses) — unless one was submitted, so a refused choice stays
    ticked beside its reason."""

    departments = forms.ModelMultipleChoiceField(
        label="复核工作组增加的行业主管部门",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="督导责任单位以外、根据案件情况加入市级复核工作组的行业主管部门，"
        "从单位名录中选择。每个部门均须以单位名录中的名称在整改、处罚、"
        "群众满意、不属实各部分签字背书。不选择任何部门即清空。",
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        hidden: Collection[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = units
        name = self.add_prefix("departments")
        submitted = (
            {
                str(v)
                for v in field.widget.value_from_datadict(self.data, {}, name) or ()
            }
            if self.is_bound
            else set()
        )
        field.widget.choices = [
            (unit.pk, unit.name)
            for unit in units
            if unit.pk not in hidden or str(unit.pk) in submitted
        ]


class SupervisingDepartmentForm(forms.Form):
    """B13: the supervising department, picked from the registry of units."""

    department = forms.ModelChoiceField(
        label="督导责任单位（市级行业主管部门）",
        queryset=Unit.objects.none(),
        help_text="从单位名录中选择市级行业主管部门。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _supervising_choices(self, "department")

    @property
    def offers_any(self) -> bool:
        """Whether the list offers a department (the first choice is the blank)."""
        return len(self.fields["department"].widget.choices) > 1


LEADS = [("main", "主要领导（3分）"), ("deputy", "分管领导（2分）"), ("", "无")]
SUBJECT_LEADS = {"主要": "main", "分管": "deputy", "无": None}


class CaseScoreForm(forms.Form):
    """The rubric inputs of 附件1 (二), in the `petition-score` contract's shape."""

    territorial_lead = forms.ChoiceField(
        label="属地责任：包案领导", choices=LEADS, required=False
    )
    territorial_unit_head = forms.ChoiceField(
        label="属地责任：牵头单位负责人", choices=LEADS, required=False
    )
    territorial_person = forms.BooleanField(
        label="属地责任：明确具体负责人（3分）", required=False
    )
    subjects = forms.CharField(
        label="属事责任主体",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个主体：包案领导（主要/分管/无），具体负责人（有/无），"
        "如“分管，有”。多个主体按平均值计分。",
    )
    plan_unit = forms.BooleanField(label="整改方案明确责任单位", required=False)
    plan_measures = forms.BooleanField(label="整改方案明确整改措施", required=False)
    plan_milestones = forms.BooleanField(label="整改方案明确时间节点", required=False)
    plan_funding = forms.BooleanField(label="整改方案明确资金保障", required=False)
    plan_reviewed = forms.BooleanField(label="整改方案经审核（6分）", required=False)
    completed_on_time = forms.BooleanField(
        label="整改措施按时落实（8分）", required=False
    )
    archive_index = forms.BooleanField(label="档案有目录（2分）", required=False)
    archive_dispatch_note = forms.BooleanField(
        label="档案有交办说明（2分）", required=False
    )
    archive_units = forms.IntegerField(label="办案单位数", min_value=0, initial=1)
    units_with_materials = forms.IntegerField(
        label="材料齐全的单位数", min_value=0, initial=0
    )
    units_with_survey_records = forms.IntegerField(
        label="有勘察笔录和照片的单位数", min_value=0, initial=0
    )
    issues = forms.IntegerField(label="举报问题数", min_value=1, initial=1)
    issues_resolved = forms.IntegerField(label="已解决问题数", min_value=0, initial=0)
    satisfied = forms.BooleanField(label="群众满意（25分）", required=False)
    praise = forms.ChoiceField(
        label="上级表扬",
        required=False,
        choices=[
            ("", "无"),
            ("city-deputy", "市分管领导表扬（2分）"),
            ("city-head", "市主要领导表扬（5分）"),
            ("provincial", "省级表扬（10分）"),
            ("national", "国家表扬（15分）"),
        ],
    )
    revisit = forms.BooleanField(label="主动回访并改进（2分）", required=False)
    source_control = forms.BooleanField(label="从源头解决问题（5分）", required=False)
    generalized = forms.BooleanField(label="举一反三（5分）", required=False)
    media_reports = forms.MultipleChoiceField(
        label="媒体正面报道",
        required=False,
        choices=[
            ("national", "国家级（5分）"),
            ("provincial", "省级（4分）"),
            ("city", "市级（3分）"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    penalty_missing = forms.BooleanField(label="扣分：处罚未到位", required=False)
    late = forms.BooleanField(label="扣分：未按时限完成整改", required=False)
    repeat_complaint = forms.BooleanField(label="扣分：有重复访", required=False)
    fake = forms.BooleanField(
        label="表面整改、虚假整改、敷衍整改（0分）", required=False
    )

    def clean_subjects(self) -> list[dict[str, Any]]:
        import re

        subjects = []
        for n, line in enumerate(self.cleaned_data["subjects"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p for p in re.split(r"[，,\s]+", line.strip()) if p]
            if (
                len(parts) != 2
                or parts[0] not in SUBJECT_LEADS
                or parts[1] not in ("有", "无")
            ):
                raise forms.ValidationError(
                    f"第{n}行应为“主要/分管/无，有/无”，如“分管，有”。"
                )
            subjects.append(
                {"lead": SUBJECT_LEADS[parts[0]], "person": parts[1] == "有"}
            )
        return subjects

    def inputs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "territorial": {
                "lead": d["territorial_lead"] or None,
                "unit_head": d["territorial_unit_head"] or None,
                "person": d["territorial_person"],
            },
            "subjects": d["subjects"],
            "plan": {
                "unit": d["plan_unit"],
                "measures": d["plan_measures"],
                "milestones": d["plan_milestones"],
                "funding": d["plan_funding"],
            },
            "plan_reviewed": d["plan_reviewed"],
            "completed_on_time": d["completed_on_time"],
            "archive": {
                "index": d["archive_index"],
                "dispatch_note": d["archive_dispatch_note"],
                "units": d["archive_units"],
                "units_with_materials": d["units_with_materials"],
                "units_with_survey_records": d["units_with_survey_records"],
            },
            "issues": d["issues"],
            "issues_resolved": d["issues_resolved"],
            "satisfied": d["satisfied"],
            "praise": d["praise"] or None,
            "revisit": d["revisit"],
            "source_control": d["source_control"],
            "generalized": d["generalized"],
            "media": list(d["media_reports"]),
            "penalty_missing": d["penalty_missing"],
            "late": d["late"],
            "repeat_complaint": d["repeat_complaint"],
            "fake": d["fake"],
        }

    @staticmethod
    def initial_from(inputs: dict[str, Any]) -> dict[str, Any]:
        """The form's fields from stored inputs (to edit a recorded score)."""
        leads = {v: k for k, v in SUBJECT_LEADS.items()}
        t, plan, archive = inputs["territorial"], inputs["plan"], inputs["archive"]
        return {
            "territorial_lead": t["lead"] or "",
            "territorial_unit_head": t["unit_head"] or "",
            "territorial_person": t["person"],
            "subjects": "\n".join(
                f"{leads[s['lead']]}，{'有' if s['person'] else '无'}"
                for s in inputs["subjects"]
            ),
            **{f"plan_{k}": v for k, v in plan.items()},
            "archive_index": archive["index"],
            "archive_dispatch_note": archive["dispatch_note"],
            "archive_units": archive["units"],
            "units_with_materials": archive["units_with_materials"],
            "units_with_survey_records": archive["units_with_survey_records"],
            "praise": inputs["praise"] or "",
            "media_reports": inputs["media"],
            **{
                k: inputs[k]
                for k in (
                    "plan_reviewed",
                    "completed_on_time",
                    "issues",
                    "issues_resolved",
                    "satisfied",
                    "revisit",
                    "source_control",
                    "generalized",
                    "penalty_missing",
                    "late",
                    "repeat_complaint",
                    "fake",
                )
            },
        }


class TerritoriesForm(forms.Form):
    """B23: the other territories of a case (多属地分别考核计分), ticked from the
    registry's governments, townships and departments."""

    territories = forms.ModelMultipleChoiceField(
        label="其他属地",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="承办单位以外、案件同时涉及的地区或部门；每个属地分别评分，"
        "并计入各自的年度考核。不选择任何单位即清空。",
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["territories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = units


class KeyCaseForm(forms.Form):
    """B8: a key case (重点案件) with its guarantors, work plan, push mechanism,
    standard and deadline (seed 001 三(二)2)."""

    key_case = forms.BooleanField(label="重点案件", required=False)
    guarantors = forms.CharField(
        label="包保领导",
        max_length=200,
        required=False,
        help_text="责任单位党政主要领导",
    )
    work_plan = forms.CharField(
        label="工作计划", widget=forms.Textarea, max_length=4000, required=False
    )
    push_mechanism = forms.CharField(
        label="推进机制",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
        help_text="如调度频次、会商、督办方式",
    )
    key_standard = forms.CharField(
        label="整改标准", widget=forms.Textarea, max_length=4000, required=False
    )
    deadline = forms.DateField(label="完成时限（办结时限）")


class DispatchForm(forms.Form):
    """B7: record that a weekly or monthly report was sent (seed 001 五5)."""

    kind = forms.ChoiceField(
        label="报告类型",
        choices=[("month", "月报"), ("week", "周报")],
        initial="month",
    )
    period_end = forms.DateField(
        label="报告期",
        help_text="月报填该月任一日期；周报填该周星期日。",
    )
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="区县",
        queryset=None,
        required=False,
        empty_label="全市（市督改办）",
        error_messages={"invalid_choice": "所选区县不在您的管辖范围内。"},
    )
    addressees = forms.MultipleChoiceField(
        label="报送对象",
        choices=[
            ("party", "市委"),
            ("government", "市政府"),
            ("office", "市督改办"),
        ],
        initial=["party", "government", "office"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择报送对象（市委、市政府、市督改办）。"},
    )
    sent_on = forms.DateField(label="报送日期")
    note = forms.CharField(label="报送方式及文号", required=False, max_length=200)

    def __init__(self, *args: Any, districts: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts
