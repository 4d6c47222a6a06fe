"""Input shapes of the complaint pages. Saving is done by the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise

from .models import Complaint, Dispatch, FollowUp, ReceptionEvent, Revisit

STAFF_CHANNELS = [
    (value, label)
    for value, label in Complaint.Channel.choices
    if value not in (Complaint.Channel.PORTAL, Complaint.Channel.OPEN311)
]
MAX_PHOTOS = 6


def _translated(choices: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """Choice labels (marked with gettext_noop in the model) translated when shown."""
    return [(value, _(label)) for value, label in choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("最多上传%(count)s张照片。"), params={"count": MAX_PHOTOS}
            )
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class _ComplaintFields(forms.Form):
    text = forms.CharField(
        label=_("反映的问题"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("请说明污染的情况、时间和来源。"),
    )
    place = forms.CharField(
        label=_("地点"), max_length=200, help_text=_("如：铁东区胜利路88号。")
    )
    district = forms.ModelChoiceField(
        label=_("区县"), queryset=Division.objects.filter(level=2), required=False
    )
    enterprise_name = forms.CharField(
        label=_("被投诉单位"),
        max_length=120,
        required=False,
        help_text=_("知道名称的请填写。"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-90),
        max_value=Decimal(90),
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-180),
        max_value=Decimal(180),
    )
    category = forms.ChoiceField(
        label=_("类别"),
        choices=[("", "—"), *_translated(Complaint.Category.choices)],
        required=False,
    )
    noise_source = forms.ChoiceField(
        label=_("噪声来源"),
        choices=_translated(Complaint.NoiseSource.choices),
        required=False,
    )
    anonymous = forms.BooleanField(label=_("匿名反映"), required=False)
    contact_name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False)
    wants_written_reply = forms.BooleanField(
        label=_("需要书面答复意见书"), required=False
    )
    photos = MultiplePhotoField(
        label=_("照片"), help_text=format_lazy(_("最多{count}张。"), count=MAX_PHOTOS)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(
                _("地图位置须同时有经度和纬度，请在地图上点选或一并填写。")
            )
        if not data.get("anonymous") and not (
            data.get("contact_phone") or data.get("contact_email") or self.has_account()
        ):
            raise ValidationError(
                _(
                    "实名反映请留下手机号码或电子邮箱，以便告知查询码和办理结果；"
                    "不愿留下的，请勾选“匿名反映”。"
                )
            )
        return data

    def has_account(self) -> bool:
        return False


class PublicComplaintForm(_ComplaintFields):
    """The portal form; anyone may file, with or without an account."""

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def has_account(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.is_public)


class StaffIntakeForm(_ComplaintFields):
    """Staff recording a phone call, a letter, a visit, a message or a transfer."""

    channel = forms.ChoiceField(label="来源渠道", choices=STAFF_CHANNELS)
    channel_reference = forms.CharField(label="来源编号", max_length=60, required=False)
    received_at = forms.DateTimeField(
        label="收到时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="为空则为现在。",
    )
    credit_code = forms.CharField(
        label="企业统一社会信用代码",
        max_length=18,
        required=False,
        help_text="填写后关联企业档案。",
    )
    reception = forms.ModelChoiceField(
        label="接访下访活动", queryset=ReceptionEvent.objects.none(), required=False
    )
    field_order = ["channel", "channel_reference", "received_at", "text", "place"]

    def __init__(self, *args: Any, receptions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if receptions is not None:
            self.fields["reception"].queryset = receptions  # type: ignore[attr-defined]

    def clean_received_at(self) -> Any:
        value = self.cleaned_data.get("received_at")
        if value is not None and value > timezone.now():
            raise ValidationError("收到时间不能晚于现在。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code = (data.get("credit_code") or "").strip().upper()
        data["enterprise"] = None
        if code:
            enterprise = Enterprise.objects.filter(credit_code=code).first()
            if enterprise is None:
                self.add_error("credit_code", "没有该统一社会信用代码的企业档案。")
            data["enterprise"] = enterprise
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3})
    )
    redirect_to = forms.CharField(
        label="告知的受理途径", max_length=200, required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DispatchForm(forms.Form):
    kind = forms.ChoiceField(label="承办类型", choices=Dispatch.Kind.choices)
    unit = forms.ModelChoiceField(
        label="承办单位", queryset=Unit.objects.filter(is_active=True)
    )
    grid_cell = forms.CharField(label="网格", max_length=80, required=False)
    days = forms.IntegerField(
        label="反馈时限（日）", min_value=1, max_value=90, initial=15
    )
    instructions = forms.CharField(
        label="交办要求", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lead = forms.BooleanField(label="主办单位", required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, kind = data.get("unit"), data.get("kind")
        expected = {
            Dispatch.Kind.SUB_BUREAU: (Unit.Kind.SUB_BUREAU,),
            Dispatch.Kind.TEAM: (Unit.Kind.TEAM,),
            Dispatch.Kind.SECTION: (Unit.Kind.SECTION, Unit.Kind.CENTRE),
            Dispatch.Kind.GRID: (Unit.Kind.TOWNSHIP, Unit.Kind.GOVERNMENT),
            Dispatch.Kind.DEPARTMENT: (Unit.Kind.DEPARTMENT, Unit.Kind.OTHER),
        }
        if unit is not None and kind and unit.kind not in expected.get(kind, ()):
            self.add_error(
                "unit", f"{unit.name}不是“{Dispatch.Kind(kind).label}”类单位。"
            )
        return data


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="办理反馈", widget=forms.Textarea(attrs={"rows": 4})
    )
    finding = forms.ChoiceField(
        label="核查结论",
        choices=[("", "—"), *Complaint.Finding.choices],
        required=False,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由（非本单位职责）", widget=forms.Textarea(attrs={"rows": 2})
    )


class HandleForm(forms.Form):
    survey = forms.CharField(
        label="现场调查情况", widget=forms.Textarea(attrs={"rows": 3})
    )
    finding = forms.ChoiceField(label="核查结论", choices=Complaint.Finding.choices)
    measures = forms.CharField(
        label="处理措施", widget=forms.Textarea(attrs={"rows": 3})
    )
    enforcement_case_id = forms.IntegerField(
        label="执法案件编号", required=False, min_value=1
    )


class ReplyForm(forms.Form):
    reply_method = forms.ChoiceField(
        label="答复方式", choices=Complaint.ReplyMethod.choices
    )
    reply_text = forms.CharField(
        label="答复意见", widget=forms.Textarea(attrs={"rows": 4})
    )
    no_enforcement_reason = forms.CharField(
        label="不启动行政执法程序的理由和依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="实名投诉未关联执法案件的必填，将告知诉求人（全过程记录实施办法第九条）。",
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长日数", min_value=1, max_value=30)
    reason = forms.CharField(label="延长理由", max_length=300)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="满意度", choices=Complaint.Satisfaction.choices
    )
    note = forms.CharField(label="说明", max_length=300, required=False)


class PublicRateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("您对办理结果是否满意"),
        choices=[
            (value, label)
            for value, label in _translated(Complaint.Satisfaction.choices)
            if value != Complaint.Satisfaction.UNREACHABLE
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("意见建议"), max_length=300, required=False)


class LinkCaseForm(forms.Form):
    enforcement_case_id = forms.IntegerField(
        label="执法案件编号", required=False, min_value=1
    )


class RevisitForm(forms.Form):
    outcome = forms.ChoiceField(label="回访结果", choices=Revisit.Outcome.choices)
    satisfaction = forms.ChoiceField(
        label="满意度",
        choices=[("", "—"), *Complaint.Satisfaction.choices],
        required=False,
    )
    notes = forms.CharField(label="回访记录", widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(label="转办文件（.xlsx 或 .csv）")


class ReceptionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReceptionEvent.Kind.choices)
    scheduled_on = forms.DateField(
        label="日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    person = forms.ModelChoiceField(label="参加人", queryset=User.objects.none())
    place = forms.CharField(label="地点", max_length=120)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ReceptionRecordForm(forms.Form):
    summary = forms.CharField(
        label="情况记录", widget=forms.Textarea(attrs={"rows": 3})
    )
    cancelled = forms.BooleanField(label="未举行（取消）", required=False)


class MonthForm(forms.Form):
    month = forms.CharField(required=False)

    def month_value(self) -> date:
        text = (self.data.get("month") or "").strip()
        today = timezone.localdate()
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except (ValueError, TypeError):
            # The last whole month by default.
            return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


# --- Tracked follow-up (A82), messages (A89) -----------------------------------------


class FollowUpForm(forms.Form):
    title = forms.CharField(label="督办事项", max_length=120)
    dimension = forms.ChoiceField(label="热点维度", choices=FollowUp.Dimension.choices)
    hotspot = forms.CharField(label="热点", max_length=120)
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    requirement = forms.CharField(
        label="督办要求", widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=60)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class FollowUpReportForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpCloseForm(forms.Form):
    closure_note = forms.CharField(
        label="办结情况", widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageAssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MessageReplyForm(forms.Form):
    text = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 4}))


class MessagePublishForm(forms.Form):
    where = forms.CharField(
        label="发布位置",
        max_length=200,
        help_text="如“鞍山生态环境”微博评论区、微信公众号留言回复、民心网答复栏。",
    )
