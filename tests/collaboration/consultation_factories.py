"""Consultations, ratings and learning built directly where how they were made is not under test."""

from typing import Any

from django.urls import reverse

from healthjustice.clients.models import ConsentScope
from healthjustice.collaboration.models import Consultation, ConsultationMessage
from healthjustice.organisations.models import Membership
from healthjustice.referrals.models import Referral, ReferralStatus
from tests.conftest import Tenant
from tests.referrals.factories import consented_client, referral_for


def referral_with_health_consent(
    tenant: Tenant, *, status: str = ReferralStatus.ACCEPTED, **fields: Any
) -> Referral:
    """A referral whose client agreed to the referral and to relevant health information being
    shared: one a consultation can be about."""
    client = consented_client(
        tenant, ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION
    )
    return referral_for(tenant, client=client, status=status, **fields)


def consultation_for(
    tenant: Tenant,
    *,
    starter: Membership | None = None,
    referral: Referral | None = None,
    body: str = "Would a carer studying part-time keep their benefit?",
    **fields: Any,
) -> Consultation:
    """An open consultation from the tenant's referrer (or `starter`) to the other organisation of
    the tenant's partnership, with its first message."""
    starter = starter or tenant.referrer
    to_organisation = tenant.advice if starter.organisation == tenant.health else tenant.health
    values: dict[str, Any] = {
        "partnership": tenant.partnership,
        "from_organisation": starter.organisation,
        "from_team": starter.team,
        "started_by": starter.user,
        "to_organisation": to_organisation,
        "subject": "A question about a carer who studies",
        "referral": referral,
    }
    if referral is not None:
        values["consent"] = referral.client.consents.get(
            scope=ConsentScope.SHARE_HEALTH_INFORMATION
        )
    consultation = Consultation.objects.create(**{**values, **fields})
    ConsultationMessage.objects.create(
        consultation=consultation,
        author=starter.user,
        organisation=starter.organisation,
        body=body,
        sent_at=consultation.started_at,
    )
    return consultation


def consultation_url(name: str, consultation: Consultation) -> str:
    return reverse(f"collaboration:{name}", kwargs={"consultation_id": consultation.public_id})


def referral_url(name: str, referral: Referral) -> str:
    return reverse(name, kwargs={"referral_id": referral.public_id})
