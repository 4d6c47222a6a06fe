import secrets

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ecobureau.core.forms import refused_status

from . import selectors, services
from .decorators import staff_required
from .forms import (
    CitizenRegisterForm,
    EnterpriseRegisterForm,
    LoginForm,
    PasswordChangeForm,
    StaffCreateForm,
    UserAccessForm,
)
from .http import AppRequest
from .models import User


def _next_url(request: AppRequest, user: User) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    if user.is_public:
        return resolve_url("portal:my")
    return resolve_url("casework:workbench")


@sensitive_post_parameters("password")
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: AppRequest) -> HttpResponse:
    """One log-in page for staff (username), enterprises (credit code) and citizens
    (phone); throttled and audited in the service."""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_authenticate(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user)
            if user.must_change_password:
                messages.info(request, "首次登录或密码已重置，请先修改密码。")
                return redirect("accounts:password-change")
            return redirect(_next_url(request, user))
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request: AppRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "已安全退出。")
    return redirect("portal:home")


@sensitive_post_parameters("old_password", "new_password", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AppRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user, new_password=form.cleaned_data["new_password"]
            )
        except ValidationError as error:
            form.add_error("new_password", error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect(_next_url(request, request.user))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form},
        status=refused_status(form),
    )


def _register(request: AppRequest, kind: str) -> HttpResponse:
    """Open a public account and log it in; the form keeps what was typed on error."""
    form_class = CitizenRegisterForm if kind == "citizen" else EnterpriseRegisterForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "citizen":
                user = services.citizen_register(
                    phone=data["phone"],
                    password=data["password"],
                    full_name=data["full_name"],
                )
            else:
                user = services.enterprise_register(
                    code=data["code"],
                    password=data["password"],
                    name=data["name"],
                    phone=data["phone"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(
                request,
                user,
                backend="ecobureau.accounts.backends.ThrottledLoginBackend",
            )
            messages.success(request, REGISTERED[kind])
            return redirect("portal:my")
    return render(
        request,
        "accounts/register.html",
        {"form": form, "kind": kind},
        status=refused_status(form),
    )


REGISTERED = {
    "citizen": "注册成功。",
    "enterprise": "注册成功。生态环境部门核验后，即可查看本企业档案并在线办事。",
}


@sensitive_post_parameters("password", "password2")
@require_http_methods(["GET", "POST"])
def register_citizen(request: AppRequest) -> HttpResponse:
    return _register(request, "citizen")


@sensitive_post_parameters("password", "password2")
@require_http_methods(["GET", "POST"])
def register_enterprise(request: AppRequest) -> HttpResponse:
    return _register(request, "enterprise")


@staff_required
@permission_required("accounts.manage_users", raise_exception=True)
def user_list(request: AppRequest) -> HttpResponse:
    users = (
        selectors.staff_list_for_user(request.user)
        .prefetch_related("roles")
        .order_by("unit__sort_order", "username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(full_name__icontains=query) | users.filter(
            username__icontains=query
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": query})


@staff_required
@permission_required("accounts.manage_users", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_edit(request: AppRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(selectors.staff_list_for_user(request.user), pk=pk)
    initial = {
        "unit": user.unit,
        "roles": user.roles.all(),
        "scope": user.scope,
        "scope_division": user.scope_division,
        "is_active": user.is_active,
    }
    form = UserAccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_set_access(
                user=user,
                by=request.user,
                role_codes=[r.code for r in data["roles"]],
                scope=data["scope"],
                scope_division=data["scope_division"],
                unit=data["unit"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已更新 {user.display_name} 的角色与数据范围。")
            return redirect("accounts:user-list")
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "person": user},
        status=refused_status(form),
    )


@staff_required
@permission_required("accounts.manage_users", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_create(request: AppRequest) -> HttpResponse:
    form = StaffCreateForm(
        request.POST or None, initial={"is_active": True, "scope": User.Scope.OWN}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        initial_password = _initial_password()
        try:
            person = services.user_create(
                username=data["username"],
                password=initial_password,
                kind=data["kind"],
                full_name=data["full_name"],
                by=request.user,
                unit=data["unit"],
                role_codes=[r.code for r in data["roles"]],
                scope=data["scope"],
                scope_division=data["scope_division"],
                phone=data["phone"],
                email=data["email"],
                must_change_password=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"已创建账号 {person.username}，初始密码：{initial_password}（仅显示一次，首次登录须修改）。",
            )
            return redirect("accounts:user-list")
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "person": None},
        status=refused_status(form),
    )


def _initial_password() -> str:
    # Three character classes and 14 characters satisfy every validator in settings.
    return f"Eb-{secrets.token_urlsafe(9)}7a"
