from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.services import LAST_SEEN_AT, SIGNED_IN_AT, user_sign_out
from healthjustice.accounts.two_factor import two_factor_required_for


class SessionLimitsMiddleware:
    """Sign out after 30 minutes without a request, and 12 hours after signing in, whatever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            signed_in_at = _parse(request.session.get(SIGNED_IN_AT))
            last_seen_at = _parse(request.session.get(LAST_SEEN_AT))
            expired = (
                signed_in_at is None
                or now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT
                or last_seen_at is None
                or now - last_seen_at > settings.SESSION_INACTIVITY_LIMIT
            )
            if expired:
                user_sign_out(request=request, reason="session_limit")
                messages.info(
                    request,
                    _("You were signed out to keep information safe. Sign in again to continue."),
                )
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN_AT] = now.isoformat()
        return self.get_response(request)


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# Pages a signed-in user may reach before completing two-factor sign-in.
TWO_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:sign_out",
        "set_language",
        "core:accessibility",
        "core:privacy",
        "core:cookies",
    }
)


class TwoFactorRequiredMiddleware:
    """Until a user who must use two-factor sign-in has done so, only the 2FA pages answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and two_factor_required_for(user)
            and not request.path.startswith(settings.STATIC_URL)
        ):
            try:
                url_name = resolve(request.path_info).view_name
            except Resolver404:
                url_name = ""
            if url_name not in TWO_FACTOR_EXEMPT_URL_NAMES:
                return redirect("accounts:two_factor_verify")
        return self.get_response(request)
