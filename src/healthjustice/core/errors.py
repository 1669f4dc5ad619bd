"""Error pages in the design system (403, 404, 500, CSRF failure)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

ERROR_TEMPLATES = {
    400: "core/errors/400.jinja",
    403: "core/errors/403.jinja",
    404: "core/errors/404.jinja",
    500: "core/errors/500.jinja",
}


def error_page(request: HttpRequest, *, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(ERROR_TEMPLATES[status], request=request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse(render_to_string("core/errors/csrf.jinja", request=request), status=403)
