"""The rules of making a referral, as the service keeps them whatever page calls it."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from healthjustice.clients.models import ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import Membership
from healthjustice.referrals.models import Referral, ReferralSource, ReferralStatus
from healthjustice.referrals.services import referral_create
from tests.conftest import Tenant
from tests.organisations.factories import PathwayFactory, TeamFactory
from tests.referrals.factories import ClientFactory, consented_client

pytestmark = pytest.mark.django_db


def _request(membership: Membership) -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership  # type: ignore[attr-defined]
    return request


def _refer(tenant: Tenant, client: Any, **change: Any) -> Referral:
    arguments: dict[str, Any] = {
        "request": _request(tenant.referrer),
        "membership": tenant.referrer,
        "client": client,
        "pathway": tenant.pathway,
        "needs": ["benefits"],
        "urgency": "soon",
        "urgency_reason": "Rent arrears letter.",
        "help_wanted": "Claiming the benefits they are entitled to.",
        "contact_channels": ["phone"],
        **change,
    }
    return referral_create(**arguments)


def _refused(tenant: Tenant, client: Any, message: str, **change: Any) -> None:
    with pytest.raises(ValidationError, match=message):
        _refer(tenant, client, **change)
    assert Referral.objects.count() == 0


def test_a_referral_carries_the_consented_details_along_the_pathway(own: Tenant) -> None:
    client = consented_client(own, given_name="Maya", family_name="Okoro")

    referral = _refer(own, client)

    assert referral.status == ReferralStatus.REQUESTED
    assert referral.source == ReferralSource.CLINICIAN
    assert (referral.referring_organisation, referral.referring_team, referral.referred_by) == (
        own.health,
        own.health_team,
        own.referrer.user,
    )
    assert (referral.service, referral.advice_organisation) == (own.service, own.advice)
    assert referral.consent == client.consents.get()
    assert referral.shared_details["family_name"] == "Okoro"
    assert referral.shared_details["date_of_birth"] == "1970-05-17"
    assert "nhs_number" not in referral.shared_details
    assert [event.to_status for event in referral.events.all()] == [ReferralStatus.REQUESTED]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(referral.public_id)
    ).exists()


def test_without_consent_to_share_the_referral_nothing_is_sent(own: Tenant) -> None:
    _refused(own, ClientFactory(organisation=own.health), "consent")


def test_withdrawn_consent_is_no_consent(own: Tenant) -> None:
    client = consented_client(own)
    client.consents.update(withdrawn_at=timezone.now())

    _refused(own, client, "consent")


def test_health_information_needs_the_clients_agreement_to_share_it(own: Tenant) -> None:
    _refused(
        own,
        consented_client(own),
        "not agreed to share health information",
        health_information="Diagnosed with COPD in 2024.",
    )

    client = consented_client(
        own, ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION
    )
    referral = _refer(own, client, health_information="Diagnosed with COPD in 2024.")
    assert referral.health_information == "Diagnosed with COPD in 2024."


def test_a_pathway_not_open_to_the_referrer_is_refused(own: Tenant, other: Tenant) -> None:
    client = consented_client(own)
    other_team = TeamFactory(organisation=own.health)
    elsewhere = PathwayFactory(
        partnership=own.partnership, from_team=other_team, to_service=own.service
    )
    inactive = PathwayFactory(
        partnership=own.partnership, from_team=own.health_team, is_active=False
    )

    for pathway in (elsewhere, inactive, other.pathway):
        _refused(own, client, "services your team can refer to", pathway=pathway)


def test_needs_the_service_does_not_advise_on_are_refused(own: Tenant) -> None:
    _refused(own, consented_client(own), "does not give advice", needs=["housing"])


def test_another_organisations_client_cannot_be_referred(own: Tenant, other: Tenant) -> None:
    _refused(own, consented_client(other), "not one of your organisation")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"needs": []}, "at least one"),
        ({"urgency": "whenever"}, "how urgent"),
        ({"help_wanted": "   "}, "wants help with"),
        ({"contact_channels": ["pigeon"]}, "Choose from the list"),
    ],
    ids=["no-needs", "unknown-urgency", "no-help-wanted", "unknown-channel"],
)
def test_an_incomplete_request_is_refused(
    own: Tenant, change: dict[str, Any], message: str
) -> None:
    _refused(own, consented_client(own), message, **change)
