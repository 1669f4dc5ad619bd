"""Clients, consent and referrals, built directly where the rule under test is not how they were
made."""

from datetime import timedelta

from django.utils import timezone

from healthjustice.clients.models import Client, ConsentScope
from healthjustice.referrals.models import Referral, ReferralEvent, ReferralStatus, Urgency
from healthjustice.referrals.services import shared_details_of
from tests.clients.factories import ClientFactory, ConsentFactory
from tests.conftest import Tenant


def consented_client(tenant: Tenant, *scopes: str, **fields: object) -> Client:
    """A client of the tenant's health organisation who agreed to `scopes` (the referral share
    when none are named)."""
    client = ClientFactory(organisation=tenant.health, **fields)
    for scope in scopes or (ConsentScope.SHARE_REFERRAL,):
        ConsentFactory(client=client, scope=scope, recorded_by=tenant.referrer.user)
    return client


def referral_for(
    tenant: Tenant,
    *,
    client: Client | None = None,
    status: str = ReferralStatus.REQUESTED,
    urgency: str = Urgency.ROUTINE,
    days_ago: float = 0,
    **fields: object,
) -> Referral:
    """A referral by the tenant's referrer along its pathway, made `days_ago` and now in `status`
    (with the requested event of its history)."""
    client = client or consented_client(tenant)
    values: dict[str, object] = {
        "client": client,
        "referring_organisation": tenant.health,
        "referring_team": tenant.health_team,
        "referred_by": tenant.referrer.user,
        "site": tenant.health_site,
        "partnership": tenant.partnership,
        "pathway": tenant.pathway,
        "service": tenant.service,
        "advice_organisation": tenant.advice,
        "needs": ["benefits"],
        "urgency": urgency,
        "help_wanted": "Help with a Personal Independence Payment claim.",
        "contact_channels": ["phone"],
        "shared_details": shared_details_of(client),
        "consent": client.consents.first(),
        "status": status,
        "status_reason": "A reason." if status != ReferralStatus.REQUESTED else "",
    }
    referral = Referral.objects.create(**{**values, **fields})
    ReferralEvent.objects.create(
        referral=referral, to_status=ReferralStatus.REQUESTED, actor=tenant.referrer.user
    )
    if days_ago:
        Referral.objects.filter(pk=referral.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        referral.refresh_from_db()
    return referral
