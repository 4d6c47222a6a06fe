from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .models import Clue, Filing, Instrument, Operator
from .selectors import KIND_LABELS
from .services import anomaly_rules


class InstrumentFilterForm(forms.Form):
    q = forms.CharField(label="MN或企业名称", required=False)
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="区县", queryset=None, required=False
    )
    link = forms.ChoiceField(
        label="联网状态",
        choices=[("", "全部"), *Instrument.Link.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *Instrument.Status.choices], required=False
    )

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs["type"] = "search"


class InstrumentForm(forms.Form):
    mn = forms.CharField(
        label="设备唯一标识MN",
        max_length=64,
        help_text="HJ 212-2017为24位；早期设备为14位等，按设备实际填写。",
    )
    name = forms.CharField(label="设施名称", max_length=80, required=False)
    vendor = forms.CharField(label="生产厂家", max_length=80, required=False)
    model_name = forms.CharField(label="型号", max_length=60, required=False)
    system_code = forms.ChoiceField(
        label="系统编码ST",
        choices=[
            (code, f"{code} {name}")
            for code, name in hj212_codes.SYSTEM_CODES.items()
            if code != "91"
        ],
    )
    operator = forms.ModelChoiceField(
        label="运营单位", queryset=Operator.objects.order_by("name"), required=False
    )
    installed_on = forms.DateField(
        label="安装日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    accepted_on = forms.DateField(
        label="验收日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="访问密码",
        max_length=6,
        required=False,
        help_text="留空则自动生成6位密码。密码只显示一次，请录入数采仪。",
    )


class RetireForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200)


class OperatorForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=120)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False
    )
    contact_name = forms.CharField(label="联系人", max_length=40, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ChartForm(forms.Form):
    code = forms.ChoiceField(label="监测项目", required=False)
    kind = forms.ChoiceField(
        label="数据类型",
        choices=[("", "自动（按时段长度）"), *KIND_LABELS.items()],
        required=False,
    )
    start = forms.DateTimeField(
        label="开始时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    end = forms.DateTimeField(
        label="结束时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (code, f"{hj212_codes.pollutant_name(code)}（{code}）") for code in codes
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.now()
        end = data.get("end") or now
        start = data.get("start") or end - timedelta(days=2)
        if start >= end:
            raise forms.ValidationError("开始时间应早于结束时间。")
        if end - start > timedelta(days=3660):
            raise forms.ValidationError("时段不能超过10年。")
        data["start"], data["end"] = start, end
        return data


class ClueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *Clue.Status.choices], required=False
    )
    source = forms.ChoiceField(
        label="来源", choices=[("", "全部"), *Clue.Source.choices], required=False
    )
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="区县", queryset=None, required=False
    )
    month = forms.DateField(
        label="月份",
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean_month(self) -> Any:
        month = self.cleaned_data.get("month")
        return month.replace(day=1) if month else None


class ClueDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("dismiss", "排除"), ("refer", "转现场执法")], widget=forms.HiddenInput
    )
    referral = forms.ChoiceField(
        label="转办方式",
        choices=[("", "—"), *Clue.Referral.choices[1:]],
        required=False,
    )
    reason = forms.CharField(
        label="研判意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="排除须写明理由（如仪器故障已核实、停产期间等）；转办写明需现场核实的内容。",
    )


class AnomalyRuleForm(forms.Form):
    enabled = forms.BooleanField(label="启用", required=False)
    reason = forms.CharField(
        label="研判依据", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, param in anomaly_rules.SPECS[kind].params.items():
            field: forms.Field
            if param.kind is int:
                field = forms.IntegerField(
                    label=param.label,
                    min_value=int(param.low),
                    max_value=int(param.high),
                )
            else:
                field = forms.FloatField(
                    label=param.label, min_value=param.low, max_value=param.high
                )
            self.fields[f"param_{name}"] = field

    def params(self) -> dict[str, Any]:
        return {
            name.removeprefix("param_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("param_")
        }


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label="备案类型", choices=Filing.Kind.choices)
    outlet: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="排放口", queryset=None
    )
    instrument: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="变更的设施", queryset=None, required=False, help_text="变更备案时选择"
    )
    mn = forms.CharField(label="设备唯一标识MN", max_length=64)
    vendor = forms.CharField(label="生产厂家", max_length=80)
    model_name = forms.CharField(label="型号", max_length=60)
    operator_name = forms.CharField(label="运营单位", max_length=120, required=False)
    accepted_on = forms.DateField(
        label="验收日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="应在验收后5个工作日内备案。",
    )
    description = forms.CharField(
        label="安装或变更内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    report = forms.FileField(
        label="验收报告及验收意见", help_text="PDF或图片，办理要件。"
    )

    def __init__(
        self, *args: Any, outlets: Any, instruments: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets  # type: ignore[attr-defined]
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
        self.fields["outlet"].label_from_instance = (  # type: ignore[attr-defined]
            lambda outlet: f"{outlet.enterprise.name} {outlet.code} {outlet.name}"
        )


class FilingDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("file", "予以备案"), ("return", "退回")], widget=forms.HiddenInput
    )
    opinion = forms.CharField(
        label="办理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def local_input(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def day_start(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(SHANGHAI).date(), time(0), SHANGHAI)
