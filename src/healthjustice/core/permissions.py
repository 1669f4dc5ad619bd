"""Permissions are `rules` predicates over the acting membership (never over the bare user).

A permission answers "may this membership do this, to this object?". Selectors decide what a
membership can see at all; a record of another organisation is never found, so it answers 404
rather than 403 and does not reveal that it exists.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from healthjustice.core.audit import audit_record
from healthjustice.core.errors import error_page
from healthjustice.core.models import AuditAction
from healthjustice.organisations.models import Membership, Role

permissions = rules.RuleSet()


def has_role(*roles: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(membership: Membership | None) -> bool:
        return membership is not None and membership.has_role(*roles)

    return predicate


is_coordinator = has_role(Role.COORDINATOR)
is_organisation_admin = has_role(Role.ORGANISATION_ADMIN)


def can(membership: Membership | None, permission: str, obj: Any = None) -> bool:
    return permissions.test_rule(permission, membership, obj)


def permission_required(
    permission: str, get_object: Callable[..., Any] | None = None
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Require a signed-in user acting for an organisation, holding `permission`.

    `get_object(request, **kwargs)` loads the object through a scoped selector (raising 404 for
    anything outside the membership's reach); the view then receives it as `obj`.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_sign_in(request)
            membership = getattr(request, "membership", None)
            if membership is None:
                return redirect("core:home")
            # Denials are answered with a rendered page rather than an exception, so that the
            # request's transaction commits and the audit event is kept.
            try:
                obj = get_object(request, **kwargs) if get_object else None
            except Http404:
                audit_record(
                    action=AuditAction.PERMISSION_DENIED,
                    request=request,
                    detail={"permission": permission, "reason": "not_in_scope"},
                )
                return error_page(request, status=404)
            if not can(membership, permission, obj):
                audit_record(
                    action=AuditAction.PERMISSION_DENIED,
                    request=request,
                    target=obj,
                    detail={"permission": permission},
                )
                return error_page(request, status=403)
            if get_object:
                kwargs = {"obj": obj}
            return view(request, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def redirect_to_sign_in(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(request.get_full_path())


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Any signed-in user, with or without an organisation (account pages)."""

    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_sign_in(request)
        return view(request, **kwargs)

    return wrapped
