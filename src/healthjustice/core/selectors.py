"""Reads of the audit trail, scoped to the acting membership's organisation."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditEvent
from healthjustice.organisations.models import Membership


def audit_events_for(
    membership: Membership,
    *,
    actor: User | None = None,
    action: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events in this organisation, and account events (sign-ins) of its members."""
    member_ids = Membership.objects.filter(organisation_id=membership.organisation_id).values(
        "user_id"
    )
    events = AuditEvent.objects.filter(
        Q(organisation_id=membership.organisation_id)
        | Q(organisation__isnull=True, actor_id__in=member_ids)
    )
    filters: dict[str, Any] = {}
    if actor is not None:
        filters["actor"] = actor
    if action:
        filters["action"] = action
    if object_id:
        filters["object_id"] = object_id.strip()
    if date_from:
        filters["occurred_at__gte"] = _start_of(date_from)
    if date_to:
        filters["occurred_at__lt"] = _start_of(date_to + timedelta(days=1))
    return events.filter(**filters).order_by("-occurred_at", "-id")


def audit_people(membership: Membership) -> QuerySet[User]:
    """Everyone who is or was a member of this organisation, to filter its audit log by."""
    return User.objects.filter(memberships__organisation_id=membership.organisation_id).order_by(
        "full_name"
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
