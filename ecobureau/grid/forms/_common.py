"""Widgets and fields shared by the grid forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
TEXT = forms.Textarea(attrs={"rows": 3})
CLASS_CHOICES = [("A", "A类"), ("B", "B类"), ("C", "C类")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input (a phone's camera or gallery)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class EnterpriseField(forms.CharField):
    """An enterprise of the user's scope, by its credit code or its exact name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "统一社会信用代码或企业全称。")
        super().__init__(**kwargs)
        self.user: User | None = None

    def clean(self, value: Any) -> Enterprise | None:
        text = super().clean(value)
        if not text:
            return None
        assert self.user is not None  # set by the form
        visible = enterprise_selectors.enterprise_list_for_user(self.user)
        code = credit_code.normalize(text)
        found = list(visible.filter(credit_code=code)[:2]) or list(
            visible.filter(name=text.strip())[:2]
        )
        if len(found) != 1:
            raise ValidationError(
                "未找到该企业（或不在您的数据范围内），请核对信用代码或全称。"
            )
        return found[0]


class UserForm(forms.Form):
    """A form that knows who is filling it in (for scoped choices)."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, EnterpriseField):
                field.user = user
