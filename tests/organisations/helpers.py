"""Helpers shared by the tests of organisation and partnership pages."""

from typing import Any

from django.apps import apps
from django.urls import reverse

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditAction, AuditEvent
from tests.conftest import Tenant

WRITES = [AuditAction.CREATE, AuditAction.CHANGE, AuditAction.DELETE]


def database_state() -> dict[str, Any]:
    """Every row of every organisation model and every user, and the count of write events:
    equal before and after a refused request when nothing changed."""
    state: dict[str, Any] = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("organisations").get_models()
    }
    state["users"] = list(User.objects.order_by("pk").values())
    state["writes"] = AuditEvent.objects.filter(action__in=WRITES).count()
    return state


def partnership_url(tenant: Tenant, name: str, **kwargs: Any) -> str:
    return reverse(
        f"organisations:{name}", kwargs={"partnership_id": tenant.partnership.public_id, **kwargs}
    )


def funding_form(tenant: Tenant, **change: Any) -> dict[str, Any]:
    return {
        "funder": tenant.funder.pk,
        "amount": "25000.00",
        "start_date": "2026-04-01",
        "end_date": "2027-03-31",
        "note": "",
        **change,
    }
