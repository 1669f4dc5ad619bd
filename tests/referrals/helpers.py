"""Helpers shared by the tests of the referral pages."""

from typing import Any

from django.urls import reverse

from healthjustice.clients.models import Client, Consent
from healthjustice.core.models import AuditEvent
from healthjustice.referrals.models import Referral, ReferralEvent
from tests.conftest import Tenant
from tests.organisations.helpers import WRITES

MINE = reverse("referrals:my_referrals")


def referral_state() -> dict[str, Any]:
    """Every referral, event and consent, and the count of write events: equal before and after
    a refused request when nothing changed."""
    return {
        "referrals": list(Referral.objects.order_by("pk").values()),
        "events": list(ReferralEvent.objects.order_by("pk").values()),
        "consents": list(Consent.objects.order_by("pk").values()),
        "writes": AuditEvent.objects.filter(action__in=WRITES).count(),
    }


def refer_url(client: Client) -> str:
    return reverse("referrals:referral_create", kwargs={"client_id": client.public_id})


def referral_form(tenant: Tenant, **change: Any) -> dict[str, Any]:
    return {
        "pathway": str(tenant.pathway.public_id),
        "needs": ["benefits"],
        "urgency": "soon",
        "urgency_reason": "Rent arrears letter last week.",
        "help_wanted": "Claiming the benefits they are entitled to.",
        "contact_channels": ["phone", "email"],
        "best_times": "Weekday mornings",
        "note_for_adviser": "Prefers to be called Sam.",
        "health_information": "",
        **change,
    }


def detail_url(referral: Referral) -> str:
    return reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id})


def transition_url(referral: Referral) -> str:
    return reverse("referrals:referral_transition", kwargs={"referral_id": referral.public_id})
