"""Input shapes of the quality pages."""

from __future__ import annotations

from django import forms

from ecobureau.core.models import Division

from .models import (
    TARGET_CHOICES,
    Audit,
    Letter,
    LetterTarget,
    Pollutant,
    Section,
    Veto,
)


class SectionForm(forms.Form):
    code = forms.CharField(label="断面编码", max_length=30)
    name = forms.CharField(label="断面名称", max_length=80)
    river = forms.CharField(label="所在水体", max_length=80, required=False)
    level = forms.ChoiceField(label="考核级别", choices=Section.Level.choices)
    water_body = forms.ChoiceField(label="水体类型", choices=Section.WaterBody.choices)
    district = forms.ModelChoiceField(
        label="所在区县", queryset=Division.objects.none()
    )
    is_drinking_source = forms.BooleanField(label="集中式饮用水水源地", required=False)

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    target = forms.ChoiceField(label="考核目标类别", choices=TARGET_CHOICES)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")


class EmissionTargetForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(label="区县", queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label="污染物", choices=Pollutant.choices)
    base_tonnes = forms.DecimalField(
        label="基准年排放量（吨）", min_value=0, max_digits=12, decimal_places=3
    )
    cap_tonnes = forms.DecimalField(
        label="年度控制目标（吨）", min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        base, cap = data.get("base_tonnes"), data.get("cap_tonnes")
        if base is not None and cap is not None and cap > base:
            self.add_error(
                "cap_tonnes", "控制目标不应高于基准年排放量（减排任务为削减）"
            )
        return data


class EmissionActualForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12)
    district = forms.ModelChoiceField(label="区县", queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label="污染物", choices=Pollutant.choices)
    tonnes = forms.DecimalField(
        label="排放量（吨）", min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class VetoForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit_name = forms.CharField(label="责任单位", max_length=100)
    district = forms.ModelChoiceField(
        label="所属区县", queryset=Division.objects.none(), required=False
    )
    person_name = forms.CharField(
        label="责任人（可不填）", max_length=40, required=False
    )
    person_post = forms.CharField(label="责任人职务", max_length=60, required=False)
    reason = forms.ChoiceField(label="否决事由", choices=Veto.Reason.choices)
    facts = forms.CharField(
        label="事实与依据", widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(
        label="决定日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    incident = forms.IntegerField(
        label="关联突发环境事件编号（事由为重大环境污染事件时填写，可不填）",
        min_value=1,
        required=False,
        help_text="从上方“待研判一票否决”列表登记时自动填入。",
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class VetoNotRequiredForm(forms.Form):
    reason = forms.CharField(
        label="不予否决的理由", widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label="研判日期", widget=forms.DateInput(attrs={"type": "date"})
    )


class VetoWithdrawForm(forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=200)


class LetterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit_name = forms.CharField(label="责任单位", max_length=100)
    district = forms.ModelChoiceField(
        label="所属区县", queryset=Division.objects.none(), required=False
    )
    issuer = forms.CharField(label="下达单位", max_length=100, initial="市人民政府")
    head_name = forms.CharField(label="责任人", max_length=40)
    head_post = forms.CharField(label="责任人职务", max_length=60)
    signed_on = forms.DateField(
        label="签订日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    targets = forms.CharField(
        label="目标任务（每行一项，任务与考核指标用“｜”分隔）",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean_targets(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["targets"].splitlines():
            if not line.strip():
                continue
            task, _, measure = line.replace("|", "｜").partition("｜")
            rows.append((task.strip(), measure.strip()))
        if not rows:
            raise forms.ValidationError("请至少填写一项目标任务")
        return rows


class TargetAssessForm(forms.Form):
    met = forms.TypedChoiceField(
        label="考核结果",
        choices=[("1", "完成"), ("0", "未完成")],
        coerce=lambda v: v == "1",
    )
    result = forms.CharField(label="完成情况", max_length=300)


INDICATOR_CHOICES = [
    ("", "不关联（文字目标，人工考核）"),
    *LetterTarget.Indicator.choices,
]
POLLUTANT_CHOICES = [("", "—"), *Pollutant.choices]


class TargetLinkForm(forms.Form):
    """Which of this module's figures a target is checked against (D3)."""

    indicator = forms.ChoiceField(
        label="关联指标", choices=INDICATOR_CHOICES, required=False
    )
    threshold = forms.DecimalField(
        label="目标值", max_digits=10, decimal_places=2, required=False
    )
    pollutant = forms.ChoiceField(
        label="污染物（排放总量指标）",
        choices=POLLUTANT_CHOICES,
        required=False,
    )


class LetterConcludeForm(forms.Form):
    cause = forms.ChoiceField(
        label="未完成原因（目标全部完成时不填）",
        choices=[("", "—"), *Letter.Cause.choices],
        required=False,
    )
    incident = forms.TypedChoiceField(
        label="关联的重大突发环境事件（未完成原因为辖区发生重大环境污染事件时必选）",
        choices=[("", "—")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    accountability = forms.CharField(
        label="责任追究情况（未完成时必填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, incidents=(), **kwargs):
        """`incidents`: the 重大/特别重大 incidents of the letter's area and year."""
        super().__init__(*args, **kwargs)
        self.fields["incident"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (
                    i.pk,
                    f"#{i.pk} {i.title}（{i.grade_label}，{i.happened_on:%Y-%m-%d}）",
                )
                for i in incidents
            ),
        ]


class LetterPublishForm(forms.Form):
    congress_reported_on = forms.DateField(
        label="向人大（常委会）报告日期（未报告可不填）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AuditForm(forms.Form):
    year = forms.IntegerField(label="审计年度", min_value=2000, max_value=2100)
    unit_name = forms.CharField(label="被审计单位", max_length=100)
    district = forms.ModelChoiceField(
        label="所属区县", queryset=Division.objects.none(), required=False
    )
    auditor = forms.CharField(label="审计机关", max_length=100, initial="市审计局")
    scope = forms.MultipleChoiceField(
        label="审计内容", choices=Audit.SCOPES, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conclusion = forms.CharField(
        label="审计结论与整改要求", widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_on = forms.DateField(
        label="审计报告日期", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]
