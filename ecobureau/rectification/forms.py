"""Input shapes of the rectification pages."""

from __future__ import annotations

from typing import Any

from django import forms

from . import standards
from .models import PetitionCase, ReviewSignoff, Supervision


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


class ConditionsForm(forms.Form):
    truth = forms.ChoiceField(
        label="核实结论",
        choices=[c for c in PetitionCase.Truth.choices if c[0]],
    )
    temporary_measure = forms.BooleanField(label="仅采取临时性应对措施", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for condition in standards.PETITION_CONDITIONS:
            self.fields[f"c_{condition.code}"] = forms.CharField(
                label=condition.label, required=False, max_length=1000
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


class SignoffForm(forms.Form):
    part = forms.ChoiceField(label="复核内容", choices=ReviewSignoff.Part.choices)
    bodies = forms.CharField(label="签字单位", max_length=200)
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
