from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from ecobureau.core.models import Division

from .models import Role, Unit, User


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("账号"),
        max_length=150,
        help_text=_("工作人员填写用户名；企业填写统一社会信用代码；公众填写手机号。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), strip=False, widget=forms.PasswordInput
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"), strip=False, widget=forms.PasswordInput
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_old_password(self) -> str:
        value: str = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("原密码不正确。"))
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get(
            "new_password2"
        ):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class NewPasswordForm(forms.Form):
    """A new password typed twice; the two must match (validators run in the service)."""

    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), strip=False, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class CitizenRegisterForm(NewPasswordForm):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=11,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    full_name = forms.CharField(
        label=_("姓名（可不填）"), max_length=40, required=False
    )
    field_order = ["phone", "full_name", "password", "password2"]


class EnterpriseRegisterForm(NewPasswordForm):
    code = forms.CharField(label=_("统一社会信用代码"), max_length=24)
    name = forms.CharField(label=_("单位名称"), max_length=120)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    field_order = ["code", "name", "phone", "password", "password2"]


class UserAccessForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("所属单位"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("角色"),
        queryset=Role.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(label=_("数据范围"), choices=User.Scope.choices)
    scope_division = forms.ModelChoiceField(
        label=_("辖区"),
        queryset=Division.objects.filter(level__in=[1, 2, 3]),
        required=False,
    )
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("scope") == User.Scope.DIVISION and not data.get("scope_division"):
            self.add_error("scope_division", _("数据范围为“本辖区”时必须选择辖区。"))
        return data


class StaffCreateForm(UserAccessForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=80)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    kind = forms.ChoiceField(
        label=_("账户类型"),
        choices=[
            (User.Kind.STAFF, _("局内人员")),
            (User.Kind.EXTERNAL, _("局外协同人员")),
        ],
    )
