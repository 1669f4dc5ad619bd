"""The acting membership: which organisation a signed-in user is working for right now.

Every read of organisation data is scoped to it. A user who belongs to several organisations
switches between them explicitly; the choice lives in the session.
"""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from healthjustice.organisations.models import Membership

SESSION_KEY = "acting_membership"


def active_memberships_of(user: Any) -> "list[Membership]":
    from healthjustice.organisations.models import Membership

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation", "team")
        .order_by("organisation__name")
    )


def resolve_acting_membership(request: HttpRequest) -> "Membership | None":
    memberships = active_memberships_of(request.user)
    request.memberships = memberships  # type: ignore[attr-defined]
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if str(membership.public_id) == chosen:
            return membership
    request.session[SESSION_KEY] = str(memberships[0].public_id)
    return memberships[0]


def set_acting_membership(request: HttpRequest, membership: "Membership") -> None:
    request.session[SESSION_KEY] = str(membership.public_id)
    request.membership = membership  # type: ignore[attr-defined]
