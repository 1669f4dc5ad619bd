import base64
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.accounts import services
from healthjustice.accounts.forms import ResetPasswordForm, SignInForm, TokenForm
from healthjustice.accounts.selectors import two_factor_pending_device
from healthjustice.accounts.two_factor import two_factor_enabled_for
from healthjustice.core.permissions import signed_in
from healthjustice.core.qr import qr_svg


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.user_sign_in(request=request, user=form.get_user())
            return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
        services.user_sign_in_failed(request=request, email=request.POST.get("username", ""))
    return render(
        request,
        "accounts/sign_in.jinja",
        {"form": form, "next": _safe_next(request)},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    email = (credentials or {}).get("username", "") or request.POST.get("username", "")
    services.user_locked_out(request=request, email=email)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.jinja", {"minutes": minutes}, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.user_sign_out(request=request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:sign_in")


@signed_in
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect("core:home")
    if not two_factor_enabled_for(request.user):  # type: ignore[arg-type]
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_verify(request=request, token=form.cleaned_data["token"]):
            return redirect("core:home")
        form.add_error(
            "token", _("That code is not right. Check your authenticator app and try again.")
        )
    return render(
        request,
        "accounts/two_factor_verify.jinja",
        {"form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Replacing an authenticator needs a code from the current one: a password alone must never
    # be enough to take over someone's second factor.
    if two_factor_enabled_for(user) and not user.is_verified():  # type: ignore[arg-type, union-attr]
        return redirect("accounts:two_factor_verify")
    device = two_factor_pending_device(user)  # type: ignore[arg-type]
    if device is None or request.method == "GET":
        device = services.two_factor_device_start(user=user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            messages.success(
                request,
                _(
                    "Two-factor sign-in is set up. "
                    "You will be asked for a code each time you sign in."
                ),
            )
            return redirect("accounts:account")
        form.add_error(
            "token", _("That code is not right. Check your authenticator app and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {"form": form, "qr_svg": qr_svg(device.config_url), "secret": secret},
        status=400 if form.errors else 200,
    )


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.jinja",
        {
            "two_factor_enabled": two_factor_enabled_for(request.user),  # type: ignore[arg-type]
            "memberships": request.memberships,  # type: ignore[attr-defined]
        },
    )


@require_POST
@signed_in
def preferences(request: HttpRequest) -> HttpResponse:
    services.user_preferences_update(
        request=request,
        user=request.user,  # type: ignore[arg-type]
        email_on_referral_updates=request.POST.get("email_on_referral_updates") == "on",
    )
    messages.success(request, _("Your email preferences have been saved."))
    return redirect("accounts:account")


@signed_in
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        services.password_changed(request=request, user=user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/password_change.jinja",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@signed_in
def switch_organisation(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("membership", "")
    for membership in request.memberships:  # type: ignore[attr-defined]
        if str(membership.public_id) == chosen:
            services.organisation_switch(request=request, membership=membership)
            messages.success(
                request,
                _("You are now working for %(organisation)s.")
                % {"organisation": membership.organisation.name},
            )
            break
    else:
        messages.error(request, _("Choose one of your organisations."))
    return redirect("core:home")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = ResetPasswordForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        services.password_reset_requested(request=self.request, email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(request=self.request, user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
