"""Admin pages for people, units, duties, roles and divisions.

Units, departments and their duties are reference data that each place may add,
remove or change (requirement C11); `manage.py load_reference` does not undo those
changes. Changes to a person's access are recorded like those made in the staff
pages (`user.create`, `user.access`, `user.password`). Division's admin lives here
because divisions are administered together with units and data scopes.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from ecobureau.core import records
from ecobureau.core.models import Division

from . import services
from .models import (
    DepartmentDuty,
    LoginEvent,
    ReferenceLoad,
    Role,
    Unit,
    UnitLeader,
    User,
)


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin[Division]):
    list_display = ["code", "name", "kind", "level", "parent", "sort_order"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class DepartmentDutyInline(admin.TabularInline[DepartmentDuty, Unit]):
    model = DepartmentDuty
    fields = ["sort_order", "text", "source"]
    extra = 0
    formfield_overrides = {
        # One duty is a sentence or two; a small box keeps the list readable.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})},
    }


class UnitLeaderInline(admin.TabularInline[UnitLeader, Unit]):
    """The three kinds of leader of a government or department (requirement D2)."""

    model = UnitLeader
    fields = ["kind", "name", "title", "business", "user"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = [
        "name",
        "short_name",
        "kind",
        "code",
        "division",
        "document_prefix",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "division"]
    list_select_related = ["division"]
    inlines = [DepartmentDutyInline, UnitLeaderInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["code", "name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["permissions"]


class UserAdminChangeForm(UserChangeForm[User]):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        probe = User(
            kind=cleaned.get("kind", self.instance.kind),
            scope=cleaned.get("scope", self.instance.scope),
            scope_division=cleaned.get("scope_division"),
        )
        try:
            # The same scope rules as the staff pages: public accounts see only
            # their own items; "本辖区" names a division.
            services.check_scope(probe)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    form = UserAdminChangeForm
    list_display = [
        "username",
        "full_name",
        "kind",
        "unit",
        "scope",
        "scope_division",
        "is_active",
    ]
    list_filter = ["kind", "scope", "is_active", "is_superuser", "unit__kind"]
    search_fields = ["username", "full_name", "phone", "email"]
    list_select_related = ["unit", "scope_division"]
    autocomplete_fields = ["unit", "scope_division"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            "身份",
            {
                "fields": (
                    "kind",
                    "full_name",
                    "phone",
                    "email",
                    "title",
                    "credential_no",
                )
            },
        ),
        (
            "单位、角色与数据范围",
            {"fields": ("unit", "roles", "scope", "scope_division")},
        ),
        (
            "账户状态",
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "last_login",
                    "date_joined",
                )
            },
        ),
        (
            "Django 权限",
            {
                "classes": ("collapse",),
                "fields": ("is_staff", "is_superuser", "groups", "user_permissions"),
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "kind",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool
    ) -> None:
        if change:
            stored = User.objects.get(pk=obj.pk)
            form.access_before = services.access_snapshot(stored)  # type: ignore[attr-defined]
        # A city-level division means the whole city, as in the staff pages.
        services.check_scope(obj)
        super().save_model(request, obj, form, change)

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[User],
        formsets: Any,
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        after = services.access_snapshot(user)
        before = getattr(form, "access_before", None)
        if not change:
            records.append(
                action="user.create", target=user, actor=request.user, after=after
            )
        elif before != after:
            records.append(
                action="user.access",
                target=user,
                actor=request.user,
                before=before,
                after=after,
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                if user is not None:
                    records.append(
                        action="user.password", target=user, actor=request.user
                    )
        return response


_M = TypeVar("_M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Written only by the system; shown for the audit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin[LoginEvent]):
    list_display = ["at", "username", "success", "reason", "address", "user_agent"]
    list_filter = ["success", "reason"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"


@admin.register(ReferenceLoad)
class ReferenceLoadAdmin(ReadOnlyAdmin[ReferenceLoad]):
    list_display = ["loaded_at", "dataset", "version", "result"]
    list_filter = ["dataset"]
    # `shipped` holds every row of the dataset; the list of fields leaves it out.
    fields = ["dataset", "version", "digest", "result", "loaded_at"]
