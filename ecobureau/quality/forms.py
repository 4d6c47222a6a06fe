"""Input shapes of the quality pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from ecobureau.core.models import Division

from .models import (
    TARGET_CHOICES,
    Audit,
    Letter,
    LetterTarget,
    Pollutant,
    Section,
    Veto,
    WorkPlanItem,
)


def _shown(choices: Any) -> list[tuple[str, Any]]:
    """Choice labels marked with gettext_noop, translated when the form renders."""
    return [(value, _(label)) for value, label in choices]


class SectionForm(forms.Form):
    code = forms.CharField(label=_("断面编码"), max_length=30)
    name = forms.CharField(label=_("断面名称"), max_length=80)
    river = forms.CharField(label=_("所在水体"), max_length=80, required=False)
    level = forms.ChoiceField(
        label=_("考核级别"), choices=_shown(Section.Level.choices)
    )
    water_body = forms.ChoiceField(
        label=_("水体类型"), choices=_shown(Section.WaterBody.choices)
    )
    district = forms.ModelChoiceField(
        label=_("所在区县"), queryset=Division.objects.none()
    )
    is_drinking_source = forms.BooleanField(
        label=_("集中式饮用水水源地"), required=False
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    target = forms.ChoiceField(label=_("考核目标类别"), choices=TARGET_CHOICES)


class VolumeForm(forms.Form):
    """A drinking-water source's volume taken in one month."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    volume = forms.DecimalField(
        label=_("取水量（万立方米）"), min_value=0, max_digits=12, decimal_places=2
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))


class EmissionTargetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(label=_("区县"), queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label=_("污染物"), choices=_shown(Pollutant.choices))
    base_tonnes = forms.DecimalField(
        label=_("基准年排放量（吨）"), min_value=0, max_digits=12, decimal_places=3
    )
    cap_tonnes = forms.DecimalField(
        label=_("年度控制目标（吨）"), min_value=0, max_digits=12, decimal_places=3
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
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    district = forms.ModelChoiceField(label=_("区县"), queryset=Division.objects.none())
    pollutant = forms.ChoiceField(label=_("污染物"), choices=_shown(Pollutant.choices))
    tonnes = forms.DecimalField(
        label=_("排放量（吨）"), min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class VetoForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit_name = forms.CharField(label=_("责任单位"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("所属区县"), queryset=Division.objects.none(), required=False
    )
    person_name = forms.CharField(
        label=_("责任人（可不填）"), max_length=40, required=False
    )
    person_post = forms.CharField(label=_("责任人职务"), max_length=60, required=False)
    reason = forms.ChoiceField(label=_("否决事由"), choices=_shown(Veto.Reason.choices))
    facts = forms.CharField(
        label=_("事实与依据"), widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(
        label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    incident = forms.IntegerField(
        label=_("关联突发环境事件编号（事由为重大环境污染事件时填写，可不填）"),
        min_value=1,
        required=False,
        help_text=_("从上方“待研判一票否决”列表登记时自动填入。"),
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class VetoNotRequiredForm(forms.Form):
    reason = forms.CharField(
        label=_("不予否决的理由"), widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label=_("研判日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


class VetoWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=200)


class LetterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit_name = forms.CharField(label=_("责任单位"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("所属区县"), queryset=Division.objects.none(), required=False
    )
    issuer = forms.CharField(label=_("下达单位"), max_length=100, initial="市人民政府")
    head_name = forms.CharField(label=_("责任人"), max_length=40)
    head_post = forms.CharField(label=_("责任人职务"), max_length=60)
    signed_on = forms.DateField(
        label=_("签订日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    targets = forms.CharField(
        label=_("目标任务（每行一项，任务与考核指标用“｜”分隔）"),
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
        label=_("考核结果"),
        choices=[("1", _("完成")), ("0", _("未完成"))],
        coerce=lambda v: v == "1",
    )
    result = forms.CharField(label=_("完成情况"), max_length=300)


INDICATOR_CHOICES = [
    ("", gettext_noop("不关联（文字目标，人工考核）")),
    *LetterTarget.Indicator.choices,
]
POLLUTANT_CHOICES = [("", "—"), *Pollutant.choices]


class TargetLinkForm(forms.Form):
    """Which of this module's figures a target is checked against (D3)."""

    indicator = forms.ChoiceField(
        label=_("关联指标"), choices=_shown(INDICATOR_CHOICES), required=False
    )
    threshold = forms.DecimalField(
        label=_("目标值"), max_digits=10, decimal_places=2, required=False
    )
    pollutant = forms.ChoiceField(
        label=_("污染物（排放总量指标）"),
        choices=_shown(POLLUTANT_CHOICES),
        required=False,
    )


class LetterConcludeForm(forms.Form):
    cause = forms.ChoiceField(
        label=_("未完成原因（目标全部完成时不填）"),
        choices=_shown([("", "—"), *Letter.Cause.choices]),
        required=False,
    )
    incident = forms.TypedChoiceField(
        label=_("关联的重大突发环境事件（未完成原因为辖区发生重大环境污染事件时必选）"),
        choices=[("", "—")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    accountability = forms.CharField(
        label=_("责任追究情况（未完成时必填）"),
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
        label=_("向人大（常委会）报告日期（未报告可不填）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AuditForm(forms.Form):
    year = forms.IntegerField(label=_("审计年度"), min_value=2000, max_value=2100)
    unit_name = forms.CharField(label=_("被审计单位"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("所属区县"), queryset=Division.objects.none(), required=False
    )
    auditor = forms.CharField(label=_("审计机关"), max_length=100, initial="市审计局")
    scope = forms.MultipleChoiceField(
        label=_("审计内容"),
        choices=[(v, pgettext_lazy("audit scope", n)) for v, n in Audit.SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conclusion = forms.CharField(
        label=_("审计结论与整改要求"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_on = forms.DateField(
        label=_("审计报告日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]


# --- Work plans (工作计划及其完成情况, D19) ---------------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkPlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("计划名称"), max_length=200)
    issuer = forms.CharField(
        label=_("制定单位"), max_length=100, initial="市生态环境局"
    )


class WorkPlanItemForm(forms.Form):
    task = forms.CharField(label=_("工作任务"), max_length=300)
    responsible_unit = forms.CharField(label=_("责任单位"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("所属区县（由该区县分局填报进展；不选为市局）"),
        queryset=Division.objects.filter(level=2),
        required=False,
    )
    deadline = forms.DateField(label=_("完成时限"), widget=_DATE)


class WorkPlanProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("完成情况"), choices=WorkPlanItem.Status.choices)
    completed_on = forms.DateField(label=_("完成日期"), widget=_DATE, required=False)
    note = forms.CharField(
        label=_("进展说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AirPeriodForm(forms.Form):
    """The period of the air statistics: a year to the end of a month, a month,
    a quarter, or any day range (at most a year)."""

    KINDS = [
        ("ytd", "年初至月末"),
        ("month", "单月"),
        ("quarter", "季度"),
        ("range", "任意日期段"),
    ]
    kind = forms.ChoiceField(label=_("统计期"), choices=KINDS)
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, required=False
    )
    month = forms.IntegerField(
        label=_("月份"), min_value=1, max_value=12, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", "—")] + [(q, f"第{q}季度") for q in (1, 2, 3, 4)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    start = forms.DateField(label=_("开始日期"), required=False)
    end = forms.DateField(label=_("结束日期"), required=False)

    def clean(self):
        data: dict[str, Any] = super().clean() or {}
        kind: Any = data.get("kind")
        year: Any = data.get("year")
        month: Any = data.get("month")
        quarter: Any = data.get("quarter")
        start: Any = data.get("start")
        end: Any = data.get("end")
        if self.errors:
            return data
        if kind in ("ytd", "month", "quarter") and year is None:
            self.add_error("year", "请填写年度")
        if kind in ("ytd", "month") and month is None:
            self.add_error("month", "请选择月份")
        if kind == "quarter" and quarter is None:
            self.add_error("quarter", "请选择季度")
        if kind == "range":
            if start is None:
                self.add_error("start", "请填写开始日期（YYYY-MM-DD）")
            if end is None:
                self.add_error("end", "请填写结束日期（YYYY-MM-DD）")
            if start and end and start > end:
                self.add_error("end", "结束日期不能早于开始日期")
            elif start and end and (end - start).days >= 366:
                self.add_error("end", "日期段最长一年（366天）")
        if self.errors:
            return data
        if kind == "ytd":
            first, last = date(year, 1, 1), _month_end(year, month)
        elif kind == "month":
            first, last = date(year, month, 1), _month_end(year, month)
        elif kind == "quarter":
            first = date(year, quarter * 3 - 2, 1)
            last = _month_end(year, quarter * 3)
        else:
            first, last = start, end
        data["period"] = (first, last)
        return data


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


class BulletinIssueForm(forms.Form):
    """发布本月公报 (the month shown on the staff bulletin page), or its
    correction: a month already issued needs the reason (services.bulletin_issue)."""

    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    month = forms.IntegerField(min_value=1, max_value=12, widget=forms.HiddenInput)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    reason = forms.CharField(
        label=_("更正理由（已发布的月份必填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
