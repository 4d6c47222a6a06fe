from typing import Any

from django import forms

from .models import (
    Accountability,
    Approval,
    Attachment,
    ClockPause,
    RecordingCorrection,
)


class ClockPauseForm(forms.Form):
    reason = forms.ChoiceField(label="暂停事由", choices=ClockPause.Reason.choices)
    starts_on = forms.DateField(
        label="起始日", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class ClockExtendForm(forms.Form):
    amount = forms.IntegerField(label="延长", min_value=1, max_value=365)
    reason = forms.CharField(
        label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class AccountabilityActForm(forms.Form):
    # Set by the button pressed (one button per available transition).
    transition = forms.CharField(widget=forms.HiddenInput)
    findings = forms.CharField(
        label="核查情况", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.ChoiceField(
        label="处理结果",
        required=False,
        choices=[c for c in Accountability.Outcome.choices if c[0]],
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


# --- Evidence upload (全过程记录实施办法 第三十二条 for recordings) ------------------

_LOCAL_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class AttachmentUploadForm(forms.Form):
    # Documents (文书) are issued by the platform itself, never uploaded.
    kind = forms.ChoiceField(
        label="类别",
        choices=[
            c for c in Attachment.Kind.choices if c[0] != Attachment.Kind.DOCUMENT
        ],
    )
    file = forms.FileField(
        label="文件", help_text="如提交后页面提示错误，请重新选择文件。"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)
    confidential = forms.BooleanField(
        label="涉及国家秘密、商业秘密或个人隐私",
        required=False,
        help_text="仅有权限者可查看，每次查看均记录。",
    )
    captured_at = forms.DateTimeField(
        label="录制时间",
        required=False,
        widget=_LOCAL_DATETIME,
        help_text="录音、录像必填：须在录制后24小时内存储。",
    )
    returned_at = forms.DateTimeField(
        label="回到本单位时间",
        required=False,
        widget=_LOCAL_DATETIME,
        help_text="连续工作、异地工作或在边远、交通不便地区执法的，"
        "填写回到本单位的时间，24小时自该时间起算。",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        recording = data.get("kind") in (Attachment.Kind.AUDIO, Attachment.Kind.VIDEO)
        if recording and not data.get("captured_at"):
            self.add_error("captured_at", "录音录像须填写录制时间。")
        if not recording and data.get("returned_at"):
            self.add_error("returned_at", "只有录音录像需要填写回到本单位时间。")
        return data


# --- Internal approvals (全过程记录实施办法 第三十八条) -----------------------------


class ApprovalReviewForm(forms.Form):
    opinion = forms.CharField(
        label="审核意见", widget=forms.Textarea(attrs={"rows": 3})
    )


class ApprovalDecideForm(forms.Form):
    decision = forms.ChoiceField(label="审批决定", choices=Approval.Decision.choices)
    opinion = forms.CharField(
        label="批准意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不予批准或退回承办人须说明理由。",
    )


class ApprovalResubmitForm(forms.Form):
    proposal = forms.CharField(
        label="承办人意见", widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


# --- Recordings report and correction orders (第三十六条, 第三十七条) ---------------


class RecordingPeriodForm(forms.Form):
    since = forms.DateField(
        label="起始日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


class RecordingCorrectionIssueForm(forms.Form):
    finding_type = forms.ChoiceField(
        choices=RecordingCorrection.FindingType.choices, widget=forms.HiddenInput
    )
    finding_id = forms.IntegerField(widget=forms.HiddenInput)
    finding = forms.CharField(
        label="整改事项", widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline_days = forms.IntegerField(
        label="整改期限（日）", min_value=1, max_value=90, initial=15
    )


class RecordingCorrectionActForm(forms.Form):
    # Set by the button pressed (one button per available transition).
    transition = forms.CharField(widget=forms.HiddenInput)
    response = forms.CharField(
        label="整改情况", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opinion = forms.CharField(
        label="验收意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回或撤销须说明理由。",
    )
    deadline_days = forms.IntegerField(
        label="重新整改期限（日）",
        required=False,
        min_value=1,
        max_value=90,
        help_text="退回时适用；不填则与原期限天数相同。",
    )
