"""Login, logout and two-factor (TOTP) verification and enrolment."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction

from . import selectors, services
from .forms import LoginForm, TokenForm


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    from django.urls import reverse

    return reverse(default)


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            audit.record(actor=user, action=AuditAction.LOGIN, obj=user)
            return redirect(_safe_next(request))
        typed = (request.POST.get("username") or "")[:150]
        audit.record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            object_kind="accounts.user",
            actor_label=typed,
            # Failed logins for a real account reach its organisation's administrator.
            organisation=selectors.organisation_kind_of_username(typed),
        )
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(actor=request.user, action=AuditAction.LOGOUT, obj=request.user)
    auth_logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; users without a confirmed device enrol first."""
    device = selectors.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_safe_next(request))
        # A right password with a wrong code may mean the password is known to
        # someone else: recorded like a failed login, for the administrator.
        audit.record(
            actor=request.user,
            action=AuditAction.LOGIN_FAILED,
            obj=request.user,
            changes={"after": {"step": "two_factor"}},
        )
        form.add_error("token", _("This code is not valid. Check the time on your device."))
    return render(request, "accounts/two_factor.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    # Enrolment is only for accounts without an authenticator. Otherwise the
    # password alone would let anyone add a second app and skip the first; a lost
    # app is reset by the functional administrator.
    if selectors.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    device = services.pending_two_factor_device(actor=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_two_factor(
            actor=request.user, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(request, _("Two-factor login is set up."))
            return redirect("core:home")
        form.add_error("token", _("This code is not valid. Check the time on your device."))
    buffer = BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": buffer.getvalue().decode(), "secret": _b32(device)},
    )


def _b32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")
