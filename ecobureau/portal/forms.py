from django import forms

from .models import Letter, Opinion, PublicityActivity


class SearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=60)


class ConsultationForm(forms.Form):
    title = forms.CharField(label="草案名称", max_length=200)
    summary = forms.CharField(
        label="征集说明", widget=forms.Textarea(attrs={"rows": 3})
    )
    draft_text = forms.CharField(
        label="草案全文", widget=forms.Textarea(attrs={"rows": 10})
    )
    opens_on = forms.DateField(
        label="征集开始日期", widget=forms.DateInput({"type": "date"})
    )
    closes_on = forms.DateField(
        label="征集截止日期", widget=forms.DateInput({"type": "date"})
    )


class OpinionForm(forms.Form):
    text = forms.CharField(
        label="您的意见",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="意见原文不公开；采纳情况以摘要形式公布，不含您的个人信息。",
    )


class OpinionDecideForm(forms.Form):
    status = forms.ChoiceField(
        label="采纳情况",
        choices=[c for c in Opinion.Status.choices if c[0] != Opinion.Status.RECEIVED],
    )
    summary = forms.CharField(label="意见摘要（公开，不含个人信息）", max_length=300)
    reason = forms.CharField(label="理由（公开）", max_length=300)


class ResultsForm(forms.Form):
    results_text = forms.CharField(
        label="意见采纳情况说明", widget=forms.Textarea(attrs={"rows": 4})
    )


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label="栏目", choices=Letter.Kind.choices)
    subject = forms.CharField(label="标题", max_length=120)
    text = forms.CharField(
        label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    publish_consent = forms.BooleanField(
        label="同意在去除个人信息后公开来信和答复", required=False, initial=True
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 6}))
    public_subject = forms.CharField(
        label="公开标题（去除个人信息）", max_length=120, required=False
    )
    public_text = forms.CharField(
        label="公开内容（去除姓名、电话、身份证号、住址等个人信息）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "同意发布"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审核意见", max_length=300, required=False)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对答复是否满意",
        choices=Letter.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="评价说明", max_length=300, required=False)


# --- The yearly publicity plan (A94) ------------------------------------------------

_DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


class PublicityPlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=150)
    summary = forms.CharField(label="工作目标和重点", widget=_TEXT)


class PublicityActivityForm(forms.Form):
    day = forms.ChoiceField(label="宣传日", choices=PublicityActivity.Day.choices)
    title = forms.CharField(label="活动名称", max_length=150)
    planned_on = forms.DateField(
        label="计划日期（宣传日活动不填则为当天）", widget=_DATE, required=False
    )
    lead_unit = forms.CharField(label="牵头单位", max_length=100)
    content = forms.CharField(label="活动内容", widget=_TEXT, required=False)


class PublicityEditForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=150)
    planned_on = forms.DateField(label="计划日期", widget=_DATE)
    lead_unit = forms.CharField(label="牵头单位", max_length=100)
    content = forms.CharField(label="活动内容", widget=_TEXT, required=False)


class PublicityHoldForm(forms.Form):
    held_on = forms.DateField(label="开展日期", widget=_DATE)
    summary = forms.CharField(label="开展情况（公开）", widget=_TEXT)
    participants = forms.IntegerField(label="参与人数", min_value=0, required=False)


class PublicityCancelForm(forms.Form):
    reason = forms.CharField(label="取消原因（公开）", max_length=200)
