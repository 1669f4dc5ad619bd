"""Page 3 of screen, consent and refer: the referral form, consent inside it, the duplicate
warning and the confirmation.

Bad input answers 400 with a clear error and changes nothing: no referral, no consent, no event.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from healthjustice.clients.models import Consent, ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.models import Referral, ReferralStatus
from healthjustice.screening.defaults import ensure_default_questionnaire
from healthjustice.screening.models import ScreeningResponse
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import ClientFactory, consented_client, referral_for
from tests.referrals.helpers import refer_url, referral_form, referral_state

pytestmark = pytest.mark.django_db


def _refused(client: Client, url: str, data: dict[str, Any], error: str) -> str:
    before = referral_state()

    response = client.post(url, data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert error in content
    assert referral_state() == before
    return content


def test_the_form_offers_the_referrers_pathways_with_what_each_service_does(own: Tenant) -> None:
    own.service.typical_wait_days = 5
    own.service.channels = ["phone", "face_to_face"]
    own.service.save()
    patient = consented_client(own, given_name="Maya", family_name="Okoro")

    response = signed_in_client(own.referrer).get(refer_url(patient))

    content = response.content.decode()
    assert response.status_code == 200
    assert own.service.name in content
    assert own.advice.name in content
    assert "Topics: Welfare benefits." in content
    assert "Phone, Face to face" in content
    assert "5 working days" in content
    assert "Maya Okoro" in content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(patient.public_id)
    ).exists()


def test_a_referrer_refers_a_consented_client_and_gets_a_reference(own: Tenant) -> None:
    own.service.typical_wait_days = 5
    own.service.save()
    patient = consented_client(own)
    browser = signed_in_client(own.referrer)

    response = browser.post(refer_url(patient), referral_form(own))

    referral = Referral.objects.get()
    assert response["Location"] == reverse(
        "referrals:referral_sent", kwargs={"referral_id": referral.public_id}
    )
    assert referral.client == patient
    assert referral.needs == ["benefits"]
    assert referral.contact_channels == ["phone", "email"]
    assert referral.best_times == "Weekday mornings"
    assert referral.note_for_adviser == "Prefers to be called Sam."
    confirmation = browser.get(response["Location"]).content.decode()
    assert "Referral sent" in confirmation
    assert referral.reference in confirmation
    assert "within 5 working days" in confirmation


def test_without_consent_the_form_records_it_with_the_referral(own: Tenant) -> None:
    patient = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    assert "What the client agreed to" in browser.get(refer_url(patient)).content.decode()

    response = browser.post(
        refer_url(patient),
        referral_form(
            own,
            scopes=[ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION],
            method="verbal",
            health_information="Diagnosed with COPD; cannot walk far.",
        ),
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    consents = {consent.scope: consent for consent in Consent.objects.filter(client=patient)}
    assert set(consents) == {ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION}
    assert all(consent.recorded_by == own.referrer.user for consent in consents.values())
    assert referral.consent == consents[ConsentScope.SHARE_REFERRAL]
    assert referral.health_information == "Diagnosed with COPD; cannot walk far."


def test_a_client_who_does_not_agree_to_share_the_referral_is_not_referred(own: Tenant) -> None:
    patient = ClientFactory(organisation=own.health)

    _refused(
        signed_in_client(own.referrer),
        refer_url(patient),
        referral_form(own, scopes=[ConsentScope.EVALUATION], method="verbal"),
        "You can only refer when the client agrees to share the referral",
    )


def test_consent_without_how_it_was_given_is_refused(own: Tenant) -> None:
    _refused(
        signed_in_client(own.referrer),
        refer_url(ClientFactory(organisation=own.health)),
        referral_form(own, scopes=[ConsentScope.SHARE_REFERRAL]),
        "Choose how the client gave consent.",
    )


def test_consent_given_in_the_flow_is_not_kept_when_the_referral_is_refused(own: Tenant) -> None:
    """The service refuses a need the pathway does not cover after consent was recorded: both are
    undone together."""
    content = _refused(
        signed_in_client(own.referrer),
        refer_url(ClientFactory(organisation=own.health)),
        referral_form(
            own, needs=["housing"], scopes=[ConsentScope.SHARE_REFERRAL], method="written"
        ),
        "This service does not give advice on any of the topics chosen.",
    )
    assert Consent.objects.count() == 0
    assert "What the client agreed to" in content


def test_health_information_without_the_clients_agreement_is_refused(own: Tenant) -> None:
    _refused(
        signed_in_client(own.referrer),
        refer_url(consented_client(own)),
        referral_form(own, health_information="Diagnosed with COPD."),
        "The client has not agreed to share health information.",
    )


def test_a_pathway_the_referrer_cannot_use_is_refused(own: Tenant, other: Tenant) -> None:
    _refused(
        signed_in_client(own.referrer),
        refer_url(consented_client(own)),
        referral_form(own, pathway=str(other.pathway.public_id)),
        "Choose one of the services your team can refer to.",
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"pathway": ""}, "Choose the advice service to refer to."),
        ({"needs": []}, "Choose at least one thing the client needs advice about."),
        ({"urgency": ""}, "Choose how urgent this is."),
        ({"help_wanted": ""}, "Say what the client wants help with."),
        ({"contact_channels": []}, "Choose at least one way to contact the client."),
        ({"needs": ["gardening"]}, "Select a valid choice."),
    ],
    ids=["no-service", "no-needs", "no-urgency", "no-help-wanted", "no-contact", "bad-need"],
)
def test_an_incomplete_referral_is_refused(own: Tenant, change: dict[str, Any], error: str) -> None:
    _refused(
        signed_in_client(own.referrer),
        refer_url(consented_client(own)),
        referral_form(own, **change),
        error,
    )


def test_another_organisations_client_is_not_found(own: Tenant, other: Tenant) -> None:
    browser = signed_in_client(own.referrer)
    url = refer_url(consented_client(other))

    assert browser.get(url).status_code == 404
    assert browser.post(url, referral_form(own)).status_code == 404
    assert Referral.objects.count() == 0


# The duplicate warning ----------------------------------------------------------------------------


def test_an_open_referral_is_shown_and_must_be_acknowledged(own: Tenant) -> None:
    patient = consented_client(own)
    earlier = referral_for(own, client=patient, status=ReferralStatus.ACCEPTED, days_ago=45)
    browser = signed_in_client(own.referrer)

    content = browser.get(refer_url(patient)).content.decode()

    assert "This client has been referred recently" in content
    assert earlier.reference in content
    assert own.referrer.user.full_name in content
    assert own.service.name in content
    assert "Accepted" in content
    _refused(
        browser,
        refer_url(patient),
        referral_form(own),
        "recent referrals and confirm you still want to refer them.",
    )
    response = browser.post(refer_url(patient), referral_form(own, still_refer="on"))
    assert response.status_code == 302
    assert Referral.objects.filter(client=patient).count() == 2


@pytest.mark.parametrize(("made", "closed"), [(10, 10), (45, 10)], ids=["made", "closed"])
def test_a_referral_made_or_closed_in_the_last_thirty_days_is_shown(
    own: Tenant, made: int, closed: int
) -> None:
    patient = consented_client(own)
    earlier = referral_for(own, client=patient, status=ReferralStatus.REJECTED, days_ago=made)
    Referral.objects.filter(pk=earlier.pk).update(
        status_changed_at=timezone.now() - timedelta(days=closed)
    )

    content = signed_in_client(own.referrer).get(refer_url(patient)).content.decode()

    assert "This client has been referred recently" in content
    assert earlier.reference in content
    assert "I have checked these referrals and still want to refer" in content


def test_a_referral_closed_more_than_thirty_days_ago_is_not_a_duplicate(own: Tenant) -> None:
    patient = consented_client(own)
    earlier = referral_for(own, client=patient, status=ReferralStatus.CANCELLED, days_ago=40)
    Referral.objects.filter(pk=earlier.pk).update(
        status_changed_at=timezone.now() - timedelta(days=31)
    )
    browser = signed_in_client(own.referrer)

    content = browser.get(refer_url(patient)).content.decode()

    assert "This client has been referred recently" not in content
    assert earlier.reference not in content
    assert browser.post(refer_url(patient), referral_form(own)).status_code == 302


# From a screening -------------------------------------------------------------------------------


def test_the_form_is_filled_in_from_the_clients_screening(own: Tenant) -> None:
    patient = consented_client(own)
    screening = ScreeningResponse.objects.create(
        client=patient,
        organisation=own.health,
        questionnaire=ensure_default_questionnaire(),
        fhir={},
        needs=["benefits", "debt"],
        urgency="urgent",
        urgency_reasons=["eviction"],
    )
    browser = signed_in_client(own.referrer)

    content = browser.get(f"{refer_url(patient)}?screening={screening.public_id}").content.decode()

    assert 'value="debt" checked' in content
    assert 'value="benefits" checked' in content
    assert 'value="urgent" checked' in content
    assert "Eviction or possession notice" in content
    assert "come from the screening" in content

    someone_else = consented_client(own)
    content = browser.get(
        f"{refer_url(someone_else)}?screening={screening.public_id}"
    ).content.decode()
    assert "come from the screening" not in content
    assert 'value="urgent" checked' not in content
