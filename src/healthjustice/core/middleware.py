from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from healthjustice.core.tenancy import resolve_acting_membership


class ActingMembershipMiddleware:
    """Attach the acting membership (or None) to every request of a signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.membership = resolve_acting_membership(request)  # type: ignore[attr-defined]
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages seen by a signed-in user may hold personal data: browsers and proxies keep none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
