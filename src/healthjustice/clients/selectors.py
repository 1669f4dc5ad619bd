"""Reads of client records: only the acting membership's organisation's own."""

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q, QuerySet

from healthjustice.clients.models import Client, Consent, ConsentScope
from healthjustice.organisations.models import Membership
from healthjustice.organisations.selectors import get_in_scope

if TYPE_CHECKING:
    from healthjustice.referrals.models import Referral

MATCH_LIMIT = 10


def clients_of(membership: Membership) -> QuerySet[Client]:
    return Client.objects.filter(organisation_id=membership.organisation_id)


def client_get(membership: Membership, public_id: UUID | str) -> Client:
    return get_in_scope(clients_of(membership), public_id)


def client_matches(
    membership: Membership,
    *,
    family_name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
) -> list[Client]:
    """Existing clients who may be the same person: the same NHS number, or the same last name
    (in any letter case) and date of birth."""
    conditions = Q()
    if nhs_number:
        conditions |= Q(nhs_number=nhs_number)
    if family_name and date_of_birth:
        conditions |= Q(family_name__iexact=family_name.strip(), date_of_birth=date_of_birth)
    if not conditions:
        return []
    return list(clients_of(membership).filter(conditions).order_by("family_name")[:MATCH_LIMIT])


def consents_of(client: Client) -> QuerySet[Consent]:
    return client.consents.select_related("recorded_by", "withdrawn_by").order_by(
        "withdrawn_at", "-recorded_at"
    )


def consent_in_force(client: Client, scope: ConsentScope) -> Consent | None:
    return client.consents.in_force().filter(scope=scope).order_by("-recorded_at").first()


def consent_get(client: Client, public_id: UUID | str) -> Consent:
    return get_in_scope(client.consents.all(), public_id)


def client_referrals(client: Client) -> "QuerySet[Referral]":
    """The client's referrals, newest first."""
    return client.referrals.select_related("service", "advice_organisation").order_by(
        "-created_at", "-id"
    )


def client_referrals_awaiting_acceptance(client: Client) -> "QuerySet[Referral]":
    """The referrals that withdrawing consent to the referral would cancel: those the advice
    service has not yet accepted."""
    # Imported here: referrals build on clients, so clients cannot import them at load time.
    from healthjustice.referrals.models import ReferralStatus

    return client.referrals.filter(status=ReferralStatus.REQUESTED)
