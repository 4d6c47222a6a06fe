"""Input shapes of the permits pages. No saving here: views call services."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework.workflow import Transition

from . import details as item_details
from . import processes
from .models import (
    LegalBasis,
    Material,
    RadiationEvent,
    RadiationLicence,
    ServiceItem,
    WasteAssessment,
)
from .services.catalogue import EDITABLE_FIELDS
from .services.handling import ActionInput

PHONE_HELP = _("手机或固定电话")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DetailsMixin(forms.Form):
    """Adds the item's own questions (details.SPECS) to a form."""

    item: ServiceItem

    def add_detail_fields(self, item: ServiceItem, initial: dict[str, Any]) -> None:
        self.item = item
        self.detail_names: list[str] = []
        self.table_specs: list[item_details.FieldSpec] = []
        if item.condition_choices:
            self.fields["condition"] = forms.ChoiceField(
                label=item.condition_question,
                choices=[("", _("请选择"))] + [(c, c) for c in item.condition_choices],
                help_text=_("所需材料因情形而异，请如实选择。"),
            )
        for spec in item_details.specs_for(item.code):
            if spec.kind == "table":
                self.table_specs.append(spec)
                self._add_table(spec, initial.get(spec.name) or [])
                continue
            self.fields[spec.name] = self._field(spec)
            self.detail_names.append(spec.name)
            if spec.name in initial:
                self.initial[spec.name] = initial[spec.name]

    def _field(self, spec: item_details.FieldSpec) -> forms.Field:
        label, required, help_text = spec.label, spec.required, spec.help
        if spec.kind == "textarea":
            return forms.CharField(
                label=label,
                required=required,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
            )
        if spec.kind == "date":
            return forms.DateField(
                label=label,
                required=required,
                help_text=help_text,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        if spec.kind == "integer":
            return forms.IntegerField(
                label=label,
                required=required,
                help_text=help_text,
                min_value=0,
                max_value=10**9,
            )
        if spec.kind == "tonnes":
            # Tonnes to the kilogram, as the declaration sheet asks (details.py).
            return forms.DecimalField(
                label=label,
                required=required,
                help_text=help_text or "单位：吨，最多3位小数",
                min_value=0,
                max_digits=12,
                decimal_places=3,
                widget=forms.NumberInput(attrs={"step": "0.001", "min": "0"}),
            )
        if spec.kind == "choice":
            return forms.ChoiceField(
                label=label,
                required=required,
                help_text=help_text,
                choices=[("", "请选择"), *((c, c) for c in spec.choices)],
            )
        return forms.CharField(
            label=label, required=required, help_text=help_text, max_length=200
        )

    def _add_table(
        self, spec: item_details.FieldSpec, rows: list[dict[str, Any]]
    ) -> None:
        for index in range(max(spec.rows, len(rows))):
            row = rows[index] if index < len(rows) else {}
            for column in spec.columns:
                name = f"{spec.name}-{index}-{column.name}"
                label = f"{column.label}（第{index + 1}行）"
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=100,
                    widget=forms.TextInput(attrs={"aria-label": label}),
                )
                self.initial[name] = row.get(column.name, "")

    def table_rows(self, spec: item_details.FieldSpec) -> list[list[forms.BoundField]]:
        count = max(spec.rows, len(self.initial.get(spec.name) or []))
        rows = []
        for index in range(count):
            names = [f"{spec.name}-{index}-{c.name}" for c in spec.columns]
            if all(name in self.fields for name in names):
                rows.append([self[name] for name in names])
        return rows

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            name: data.get(name)
            for name in self.detail_names
            if data.get(name) not in (None, "")
        }
        for spec in self.table_specs:
            rows = []
            index = 0
            while f"{spec.name}-{index}-{spec.columns[0].name}" in self.fields:
                row = {
                    c.name: (data.get(f"{spec.name}-{index}-{c.name}") or "").strip()
                    for c in spec.columns
                }
                if any(row.values()):
                    rows.append(row)
                index += 1
            values[spec.name] = rows
        return values

    def check_details(self, today: date) -> None:
        """The item's own checks, shown on their fields (the form keeps what was
        typed)."""
        answers = self.answers()
        for name, message in item_details.check(self.item.code, answers, today).items():
            self.add_error(name if name in self.fields else None, message)


class ApplyForm(DetailsMixin):
    submission_key = forms.CharField(widget=forms.HiddenInput)
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=PHONE_HELP
    )

    def __init__(
        self,
        *args: Any,
        item: ServiceItem,
        needs_district: bool,
        initial_answers: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("submission_key"):
            self.initial["submission_key"] = uuid.uuid4().hex
        if needs_district:
            self.fields["district"] = forms.ModelChoiceField(
                label=_("所在区县"),
                queryset=account_selectors.districts(),
                empty_label=_("请选择"),
                help_text=_("申请事项发生地（如施工工地）所在的区县"),
            )
        self.add_detail_fields(item, initial_answers or {})


class DraftForm(ApplyForm):
    """The same questions, editing a draft (no new key)."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)


class RegisterForm(ApplyForm):
    """The window registers a paper or oral application (申请登记、口头申请)."""

    channel = forms.ChoiceField(
        label="申请方式",
        choices=[
            ("window", "窗口申请（书面）"),
            ("letter", "信函申请"),
            ("oral", "口头申请（工作人员记录）"),
        ],
    )
    received_on = forms.DateField(
        label="收到申请材料日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="信函申请填写收到信函的日期；留空为今天",
    )
    applicant_name = forms.CharField(label="申请人（单位名称或姓名）", max_length=120)
    together_with = forms.ModelMultipleChoiceField(
        label="同时接待的工作人员",
        queryset=User.objects.none(),
        required=False,
        help_text="两名以上工作人员同时接待的，由职位高者为首问负责人",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("needs_district", True)
        super().__init__(*args, **kwargs)
        _model_choice(
            self, "together_with"
        ).queryset = account_selectors.staff_list_for_user(user).exclude(pk=user.pk)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件"))


class EnquiryForm(forms.Form):
    question = forms.CharField(
        label=_("咨询内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[
            (5, _("5分 非常满意")),
            (4, _("4分 满意")),
            (3, _("3分 基本满意")),
            (2, _("2分 不满意")),
            (1, _("1分 非常不满意")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("评价意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandoverForm(forms.Form):
    to = forms.ModelChoiceField(label="移交给", queryset=User.objects.none())
    reason = forms.CharField(label="移交理由", max_length=300)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "to").queryset = account_selectors.staff_list_for_user(
            user
        ).exclude(pk=user.pk)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label="延长理由（将告知申请人）",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectForm(forms.Form):
    note = forms.CharField(label="当场更正的内容", max_length=300)


# --- Staff actions on an application -------------------------------------------------

ACTION_FIELDS = {
    "opinion": "opinion",
    "reasons": "reasons",
    "inspectors": "inspectors",
    "site_findings": "site_findings",
    "province_opinion": "province_opinion",
    "customs_opinion": "customs_opinion",
    "excluded_reason": "excluded_reason",
    "supplement_items": "supplement_materials",
}
DOCUMENT_FIELDS = {
    "correction_notice": ("supplement_materials", "supplement_other", "supply_by"),
    "non_acceptance": ("reasons", "redirect"),
    "licence_refusal": ("reasons",),
    "filing_refusal": ("reasons",),
    "licence_decision": ("content", "valid_until", "conditions"),
    "ewaste_certificate": ("content", "valid_until"),
    "filing_certificate": ("content", "conditions"),
    "night_construction_permit": ("conditions",),
}


def action_fields(procedure: processes.Procedure, transition: Transition) -> list[str]:
    """The inputs one transition needs, in the order the form shows them."""
    names: list[str] = []

    def add(*more: str) -> None:
        names.extend(name for name in more if name not in names)

    for required in transition.requires:
        if required in ACTION_FIELDS:
            add(ACTION_FIELDS[required])
        if required == "supplement_items":
            add("supplement_other")
    if transition.target in processes.APPLICANT_STEPS:
        add("supplement_materials", "supplement_other")
    for kind in transition.documents:
        add(*DOCUMENT_FIELDS.get(kind, ()))
    if transition.recordings:
        add("no_recording_reason")
    if procedure.step_unit(transition.target) == "province":
        add("province_reviewer")
    add("note")
    return names


class ActionForm(forms.Form):
    opinion = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label="理由（每行一条）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    supplement_materials = forms.MultipleChoiceField(
        label="需补正的材料（一次性告知全部）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    supplement_other = forms.CharField(
        label="其他需补正的内容（每行一条）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supply_by = forms.DateField(
        label="补正期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    inspectors = forms.CharField(
        label="核查人员（两名以上，用顿号分隔）", required=False, max_length=200
    )
    site_findings = forms.CharField(
        label="现场核查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    no_recording_reason = forms.CharField(
        label="未同时进行音像记录的理由（已上传录音录像的不填）",
        required=False,
        max_length=300,
    )
    province_reviewer = forms.ModelChoiceField(
        label="省厅审核人", queryset=User.objects.none(), required=False
    )
    excluded_reason = forms.ChoiceField(
        label="不计时程序",
        required=False,
        choices=[("", "请选择"), *processes.EXCLUDED_REASONS.items()],
    )
    customs_opinion = forms.CharField(
        label="海关意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    province_opinion = forms.CharField(
        label="省厅审定意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    content = forms.CharField(
        label="许可/备案内容（留空则按申请内容生成）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    conditions = forms.CharField(
        label="要求（每行一条；夜间施工留空则用标准要求）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    redirect = forms.CharField(label="应向其申请的机关", required=False, max_length=100)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args: Any, item: ServiceItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "supplement_materials").choices = [
            (m.code, m.name)
            for m in item.materials.all()
            if m.kind == Material.Kind.UPLOAD
        ]
        from .selectors import province_reviewers

        _model_choice(self, "province_reviewer").queryset = province_reviewers()

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            opinion=data["opinion"],
            reasons=_lines(data["reasons"]),
            supplement_materials=list(data["supplement_materials"]),
            supplement_other=_lines(data["supplement_other"]),
            supply_by=data["supply_by"],
            inspectors=data["inspectors"],
            site_findings=data["site_findings"],
            no_recording_reason=data["no_recording_reason"],
            province_reviewer=data["province_reviewer"],
            excluded_reason=data["excluded_reason"],
            customs_opinion=data["customs_opinion"],
            province_opinion=data["province_opinion"],
            content=data["content"],
            valid_until=data["valid_until"],
            conditions=_lines(data["conditions"]),
            redirect=data["redirect"],
            note=data["note"],
        )


# --- Catalogue editing ----------------------------------------------------------------


class ItemForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label="别名（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    choices_text = forms.CharField(
        label="情形选项（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = ServiceItem
        fields = [
            name
            for name in EDITABLE_FIELDS
            if name not in ("aliases", "condition_choices")
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "applicable_parties",
                "legal_basis_text",
                "place_and_hours",
                "materials_text",
                "procedure_text",
                "time_limit_text",
                "result",
                "fees",
                "sample_forms",
                "faq",
                "complaint_channel",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aliases_text"].initial = "\n".join(self.instance.aliases)
        self.fields["choices_text"].initial = "\n".join(self.instance.condition_choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("season_start_month", "season_end_month"):
            value = data.get(name)
            if value is not None and not 1 <= value <= 12:
                self.add_error(name, "月份应为1至12。")
        return data

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["aliases"] = _lines(data["aliases_text"])
        values["condition_choices"] = _lines(data["choices_text"])
        return values


class MaterialForm(forms.Form):
    code = forms.SlugField(label="代码", max_length=40)
    name = forms.CharField(label="材料名称", max_length=300)
    kind = forms.ChoiceField(label="提交方式", choices=Material.Kind.choices)
    required = forms.BooleanField(label="必需", required=False)
    condition = forms.CharField(label="适用情形", required=False, max_length=60)
    note = forms.CharField(label="份数与要求", required=False, max_length=200)


class BasisForm(forms.Form):
    law = forms.CharField(label="法律法规或文件", max_length=200)
    articles = forms.CharField(label="条款", required=False, max_length=200)
    text = forms.CharField(
        label="条文或说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_from = forms.DateField(
        label="施行日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label="失效日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label="核实情况", choices=LegalBasis.Status.choices)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "失效日期不能早于施行日期。")
        return data


MaterialFormSet = formset_factory(MaterialForm, extra=1, can_delete=True)
BasisFormSet = formset_factory(BasisForm, extra=1, can_delete=True)


def formset_rows(formset: Any) -> list[dict[str, Any]]:
    """The kept rows of a valid formset, as plain dicts."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class StatisticsForm(forms.Form):
    since = forms.DateField(
        label="提交日期自",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label="申请人", required=False, max_length=60)
    item = forms.ChoiceField(label="事项", required=False)
    status = forms.CharField(label="状态", required=False, max_length=30)

    def __init__(self, *args: Any, items: list[ServiceItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "item").choices = [("", "全部事项")] + [
            (item.code, item.name) for item in items
        ]


def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


# --- Registers ----------------------------------------------------------------------


class EnterpriseCodeMixin(forms.Form):
    """An enterprise named by its credit code, among those the user may see."""

    credit_code = forms.CharField(label="统一社会信用代码", max_length=40)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_credit_code(self) -> Any:
        from ecobureau.enterprises import selectors as enterprise_selectors

        code = self.cleaned_data["credit_code"].strip().upper().replace(" ", "")
        enterprise = (
            enterprise_selectors.enterprise_list_for_user(self.user)
            .filter(credit_code=code)
            .first()
        )
        if enterprise is None:
            raise forms.ValidationError(
                "在您的数据范围内没有该统一社会信用代码的企业。"
            )
        self.enterprise = enterprise
        return code


class LicenceForm(EnterpriseCodeMixin):
    number = forms.CharField(label="证书编号", max_length=60)
    scope = forms.CharField(
        label="种类和范围", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    issuer = forms.CharField(
        label="发证机关", max_length=80, initial="辽宁省生态环境厅"
    )
    issued_on = forms.DateField(
        label="发证日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label="有效期至", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="备注", required=False, max_length=300)


class LicenceEventForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RadiationEvent.Kind.choices)
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = forms.DateField(
        label="延续后有效期至（延续时填）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label="新状态（状态变更时填）",
        required=False,
        choices=[("", "—"), *RadiationLicence.Status.choices],
    )
    scope = forms.CharField(
        label="变更后的种类和范围（变更时填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssessmentForm(EnterpriseCodeMixin):
    year = forms.IntegerField(label="评估年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="单位类别", choices=WasteAssessment.Kind.choices)
    result = forms.ChoiceField(label="评估结果", choices=WasteAssessment.Result.choices)
    score = forms.IntegerField(label="得分", required=False, min_value=0, max_value=100)
    findings = forms.CharField(
        label="主要问题和整改要求",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assessed_on = forms.DateField(
        label="评估日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    declaration = forms.IntegerField(
        label="关联的危险废物申报登记（申请编号后六位）", required=False, min_value=1
    )
    plan = forms.IntegerField(
        label="关联的危险废物管理计划备案（申请编号后六位）",
        required=False,
        min_value=1,
    )
