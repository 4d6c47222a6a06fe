import json
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI

from . import services
from .models import (
    Clue,
    DischargeAllowance,
    DroneFinding,
    FacilityFailure,
    Filing,
    Instrument,
    Operator,
)
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


# --- Drone patrols (A74) ----------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _local_datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )


class FlightForm(forms.Form):
    started_at = _local_datetime_field("起飞时间")
    ended_at = _local_datetime_field("降落时间")
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="区县", queryset=None
    )
    township: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="乡镇街道", queryset=None, required=False
    )
    area_name = forms.CharField(label="巡查区域", max_length=120)
    route = forms.CharField(
        label="航线或区域（GeoJSON）",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="WGS-84坐标，经度在前。航线用LineString，区域用Polygon；"
        "可从飞控软件导出的GeoJSON粘贴。",
    )
    pilot = forms.CharField(label="飞手", max_length=40)
    aircraft = forms.CharField(label="机型及编号", max_length=80)
    purpose = forms.CharField(label="巡查任务", max_length=200, required=False)
    weather = forms.CharField(label="天气", max_length=60, required=False)
    note = forms.CharField(
        label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    footage = MultipleFileField(label="航拍影像（图片或视频，可多选）", required=False)

    def __init__(
        self, *args: Any, districts: Any, townships: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        self.fields["township"].queryset = townships  # type: ignore[attr-defined]

    def clean_route(self) -> Any:
        text = self.cleaned_data["route"]
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(
                "航线不是有效的GeoJSON（JSON格式有误）。"
            ) from None
        return services.check_route(value)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="问题类型", choices=DroneFinding.Kind.choices)
    seen_at = _local_datetime_field("发现时间")
    longitude = forms.DecimalField(
        label="经度", max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    latitude = forms.DecimalField(
        label="纬度", max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="涉及企业", queryset=None, required=False, help_text="不能确定时留空。"
    )
    description = forms.CharField(
        label="情况描述", widget=forms.Textarea(attrs={"rows": 3})
    )
    images = MultipleFileField(label="现场影像（图片或视频，可多选）", required=False)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]


class FlightFilterForm(forms.Form):
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


# --- Permitted totals (D14) -----------------------------------------------------------


class AllowanceForm(forms.Form):
    permit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="排污许可证", queryset=None
    )
    pollutant_code = forms.CharField(
        label="污染物编码",
        max_length=20,
        help_text="HJ 212-2017编码，如 w01018 化学需氧量",
    )
    yearly_tonnes = forms.DecimalField(
        label="年许可排放量（吨）", max_digits=14, decimal_places=4, min_value=0
    )
    method = forms.ChoiceField(
        label="排放方式", choices=DischargeAllowance.Method.choices
    )
    route = forms.ChoiceField(
        label="排放去向", choices=DischargeAllowance.Route.choices
    )
    receiving = forms.CharField(
        label="受纳水体或去向说明", max_length=120, required=False
    )

    def __init__(self, *args: Any, permits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["permit"].queryset = permits  # type: ignore[attr-defined]


class PublicDischargeForm(forms.Form):
    q = forms.CharField(label="企业名称", required=False, max_length=60)
    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100
    )


# --- Facility failures (A98) ----------------------------------------------------------

_LOCAL_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class FailureForm(forms.Form):
    """The enterprise's report of a sudden pollution-control facility failure."""

    facility = forms.CharField(label="发生故障的污染防治设施", max_length=120)
    outlet: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="涉及的排放口", queryset=None, required=False
    )
    cause = forms.CharField(
        label="故障情况及原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    began_at = forms.DateTimeField(label="故障发生时间", widget=_LOCAL_DATETIME)
    measures = forms.MultipleChoiceField(
        label="采取的措施",
        choices=FacilityFailure.Measure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="停产、限产或其他有效措施减少污染物排放。",
    )
    measures_note = forms.CharField(
        label="措施说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    repair = forms.CharField(
        label="组织维修情况",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="维修单位、到场时间、维修进展等。",
    )
    ended_at = forms.DateTimeField(
        label="故障排除时间", widget=_LOCAL_DATETIME, required=False
    )

    def __init__(self, *args: Any, outlets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets  # type: ignore[attr-defined]


class FailureUpdateForm(forms.Form):
    """What the enterprise adds later: measures, the repair, the end."""

    measures = forms.MultipleChoiceField(
        label="采取的措施",
        choices=FacilityFailure.Measure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    measures_note = forms.CharField(
        label="措施说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    repair = forms.CharField(
        label="组织维修情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    ended_at = forms.DateTimeField(
        label="故障排除时间", widget=_LOCAL_DATETIME, required=False
    )
