from django import forms
from django.utils.translation import gettext_lazy as _

from ecobureau.enterprises.models import Enterprise

from .models import Letter, Opinion, PublicityActivity, WorkList


def _translated(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    # The models mark their labels with gettext_noop; shown in the visitor's language.
    return [(value, _(label)) for value, label in choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("草案名称"), max_length=200)
    summary = forms.CharField(
        label=_("征集说明"), widget=forms.Textarea(attrs={"rows": 3})
    )
    draft_text = forms.CharField(
        label=_("草案全文"), widget=forms.Textarea(attrs={"rows": 10})
    )
    opens_on = forms.DateField(
        label=_("征集开始日期"), widget=forms.DateInput({"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("征集截止日期"), widget=forms.DateInput({"type": "date"})
    )


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("您的意见"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("意见原文不公开；采纳情况以摘要形式公布，不含您的个人信息。"),
    )


class OpinionDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("采纳情况"),
        choices=[
            (value, _(label))
            for value, label in Opinion.Status.choices
            if value != Opinion.Status.RECEIVED
        ],
    )
    summary = forms.CharField(label=_("意见摘要（公开，不含个人信息）"), max_length=300)
    reason = forms.CharField(label=_("理由（公开）"), max_length=300)


class ResultsForm(forms.Form):
    results_text = forms.CharField(
        label=_("意见采纳情况说明"), widget=forms.Textarea(attrs={"rows": 4})
    )


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("栏目"), choices=_translated(Letter.Kind.choices))
    subject = forms.CharField(label=_("标题"), max_length=120)
    text = forms.CharField(
        label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    publish_consent = forms.BooleanField(
        label=_("同意在去除个人信息后公开来信和答复"), required=False, initial=True
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 6}))
    public_subject = forms.CharField(
        label=_("公开标题（去除个人信息）"), max_length=120, required=False
    )
    public_text = forms.CharField(
        label=_("公开内容（去除姓名、电话、身份证号、住址等个人信息）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("同意发布")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审核意见"), max_length=300, required=False)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("您对答复是否满意"),
        choices=_translated(Letter.Satisfaction.choices),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("评价说明"), max_length=300, required=False)


# --- The yearly publicity plan (A94) ------------------------------------------------

_DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


class PublicityPlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=150)
    summary = forms.CharField(label=_("工作目标和重点"), widget=_TEXT)


class PublicityActivityForm(forms.Form):
    day = forms.ChoiceField(label=_("宣传日"), choices=PublicityActivity.Day.choices)
    title = forms.CharField(label=_("活动名称"), max_length=150)
    planned_on = forms.DateField(
        label=_("计划日期（宣传日活动不填则为当天）"), widget=_DATE, required=False
    )
    lead_unit = forms.CharField(label=_("牵头单位"), max_length=100)
    content = forms.CharField(label=_("活动内容"), widget=_TEXT, required=False)


class PublicityEditForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=150)
    planned_on = forms.DateField(label=_("计划日期"), widget=_DATE)
    lead_unit = forms.CharField(label=_("牵头单位"), max_length=100)
    content = forms.CharField(label=_("活动内容"), widget=_TEXT, required=False)


class PublicityHoldForm(forms.Form):
    held_on = forms.DateField(label=_("开展日期"), widget=_DATE)
    summary = forms.CharField(label=_("开展情况（公开）"), widget=_TEXT)
    participants = forms.IntegerField(label=_("参与人数"), min_value=0, required=False)


class PublicityCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因（公开）"), max_length=200)


# --- Work lists (工作清单) ---------------------------------------------------------

_DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


class WorkListForm(forms.Form):
    kind = forms.ChoiceField(label=_("清单类别"), choices=WorkList.Kind.choices)
    name = forms.CharField(label=_("清单名称"), max_length=120)
    basis = forms.CharField(label=_("制定依据"), max_length=300, required=False)


class WorkListEntryForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("登记企业"),
        queryset=Enterprise.objects.order_by("name"),
        required=False,
        help_text=_("从企业档案中选择；不在档案中的单位请填写单位名称。"),
    )
    unit_name = forms.CharField(label=_("单位名称"), max_length=200, required=False)
    credit_code_text = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, required=False
    )
    reason = forms.CharField(label=_("列入原因"), widget=_TEXT)
    document_no = forms.CharField(label=_("决定文号"), max_length=100, required=False)
    listed_on = forms.DateField(label=_("列入日期"), widget=_DATE)


class WorkListEntryEditForm(forms.Form):
    reason = forms.CharField(label=_("列入原因"), widget=_TEXT)
    document_no = forms.CharField(label=_("决定文号"), max_length=100, required=False)
    listed_on = forms.DateField(label=_("列入日期"), widget=_DATE)


class WorkListRemoveForm(forms.Form):
    removed_on = forms.DateField(label=_("移出日期"), widget=_DATE)
    removed_reason = forms.CharField(label=_("移出原因"), widget=_TEXT)


class WorkListImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))
