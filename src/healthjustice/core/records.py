"""Creating and changing a record, validated and audited: the common step of write services."""

from typing import Any, TypeVar

from django.db import models, transaction
from django.http import HttpRequest

from healthjustice.core.audit import audit_record, changed_fields
from healthjustice.core.models import AuditAction
from healthjustice.organisations.models import Organisation

M = TypeVar("M", bound=models.Model)


def _snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


@transaction.atomic
def record_update(*, request: HttpRequest | None, instance: M, data: dict[str, Any]) -> M:
    """Apply `data` to `instance`, validate the whole record and audit which fields changed."""
    before = _snapshot(instance, list(data))
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    fields = changed_fields(before, _snapshot(instance, list(data)))
    if fields:
        audit_record(
            action=AuditAction.CHANGE, request=request, target=instance, detail={"fields": fields}
        )
    return instance


@transaction.atomic
def record_create(
    *, request: HttpRequest | None, instance: M, organisation: Organisation | None = None
) -> M:
    """Validate and save a new record. `organisation` names whose record it is when there is no
    acting membership to tell (a member of the public, a command)."""
    instance.full_clean()
    instance.save()
    audit_record(
        action=AuditAction.CREATE, request=request, target=instance, organisation=organisation
    )
    return instance
