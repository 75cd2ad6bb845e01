from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.http import client_ip

from . import services
from .forms import ApiTokenForm, PasswordChangeForm, SignInForm


def sign_in(request, *, landing: str = "core:home"):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = services.sign_in(
            employee_no=form.cleaned_data["employee_no"],
            password=form.cleaned_data["password"],
            ip=client_ip(request),
            request=request,
        )
        if result.person is not None:
            login(request, result.person)
            target = request.POST.get("next") or request.GET.get("next")
            if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
                return redirect(target)
            return redirect(landing)
        error = result.error
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=200 if not error else 400,
    )


def admin_sign_in(request):
    """/admin/login/: the platform's sign-in, not Django's own admin login, which would
    skip the lockout, the audit of failures and the password policy. Django's form
    posts `username`; it is read as the 工号."""
    if request.method == "POST" and "employee_no" not in request.POST:
        data = request.POST.copy()
        data["employee_no"] = data.get("username", "")
        request.POST = data
    return sign_in(request, landing="admin:index")


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.record_sign_out(person=request.user, ip=client_ip(request))
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    person = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                person=person,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            wrong_old = getattr(exc, "code", None) == "wrong_password"
            for message in exc.messages:
                form.add_error("old_password" if wrong_old else "new_password", message)
        else:
            update_session_auth_hash(request, person)
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
    reason = ""
    if person.must_change_password:
        reason = _("首次登录或密码已重置，请先设置您自己的密码。")
    elif services.password_expired(person):
        reason = _("密码已超过有效期，请设置新密码。")
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason})


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_api_token(
                person=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(person=request.user, token=token)
    messages.success(request, _("令牌已吊销。"))
    return redirect("accounts:tokens")
