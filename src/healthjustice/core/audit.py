"""The audit service: the only way events reach the append-only audit table.

Callers say explicitly what happened; nothing is recorded by signals behind their back. Details
carry field names and reasons, never personal values, so the trail itself stays minimal.
"""

import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from healthjustice.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from healthjustice.accounts.models import User
    from healthjustice.organisations.models import Membership, Organisation


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the
    address it received the request from, the client is that many entries from the right of
    X-Forwarded-For; anything further left could have been written by the client itself."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies and _is_ip_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _is_ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def audit_record(
    *,
    action: AuditAction,
    request: HttpRequest | None = None,
    actor: "User | None" = None,
    organisation: "Organisation | None" = None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. Actor and organisation default to the request's acting membership."""
    membership: Membership | None = getattr(request, "membership", None) if request else None
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if organisation is None and membership is not None:
        organisation = membership.organisation
    object_id = ""
    if target is not None:
        object_id = str(getattr(target, "public_id", None) or target.pk)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_email=actor.email if actor else "",
        organisation=organisation,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=object_id,
        ip_address=client_ip(request),
        path=request.path[:300] if request is not None else "",
        detail=detail or {},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ; the values themselves are not audited."""
    return sorted(name for name in after if before.get(name) != after[name])
