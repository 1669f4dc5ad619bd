"""One referral, seen from both sides, and the closed loop: the advice side accepts or rejects,
the referrer sees it; each side makes only its own moves; nobody else finds the referral."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthjustice.clients.models import ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.models import ReferralEvent, ReferralStatus
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import consented_client, referral_for
from tests.referrals.helpers import MINE, detail_url, referral_state, transition_url

pytestmark = pytest.mark.django_db


def test_both_sides_see_the_referral_and_each_view_is_audited(own: Tenant) -> None:
    patient = consented_client(
        own,
        ConsentScope.SHARE_REFERRAL,
        ConsentScope.SHARE_HEALTH_INFORMATION,
        given_name="Maya",
        family_name="Okoro",
    )
    referral = referral_for(
        own,
        client=patient,
        urgency="urgent",
        urgency_reason="Eviction notice.",
        note_for_adviser="Prefers afternoons.",
        health_information="COPD.",
        best_times="After 2pm",
    )

    for member in (own.referrer, own.adviser):
        content = signed_in_client(member).get(detail_url(referral)).content.decode()
        for text in (
            referral.reference,
            "Requested",
            "Maya Okoro",
            "Welfare benefits",
            "Eviction notice.",
            "Urgent",
            "Help with a Personal Independence Payment claim.",
            "After 2pm",
            "Prefers afternoons.",
            "COPD.",
            own.service.name,
            own.referrer.user.full_name,
            "17 May 1970",
        ):
            assert text in content, (member, text)

    views = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(referral.public_id))
    assert {event.organisation for event in views} == {own.health, own.advice}


def test_the_advice_side_reads_what_was_shared_not_the_clients_record(own: Tenant) -> None:
    patient = consented_client(own, given_name="Maya", family_name="Okoro")
    referral = referral_for(own, client=patient)
    patient.family_name = "Renamed-Later"
    patient.phone = "07700 900999"
    patient.save()

    content = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()

    assert "Maya Okoro" in content
    assert "Renamed-Later" not in content
    assert "07700 900999" not in content


def test_the_advice_side_is_offered_accept_and_reject_the_referrer_only_cancel(
    own: Tenant,
) -> None:
    referral = referral_for(own)

    advice = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    referrer = signed_in_client(own.referrer).get(detail_url(referral)).content.decode()

    assert 'value="accepted"' in advice
    assert 'value="rejected"' in advice
    assert 'value="accepted"' not in referrer
    assert 'value="cancelled"' in referrer


def test_accepted_by_the_advice_side_shows_as_accepted_to_the_referrer(own: Tenant) -> None:
    referral = referral_for(own)

    response = signed_in_client(own.adviser).post(
        transition_url(referral), {"to_status": "accepted", "reason": ""}
    )

    assert response["Location"] == detail_url(referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    event = ReferralEvent.objects.filter(referral=referral).last()
    assert event is not None
    assert (event.to_status, event.actor, event.actor_organisation) == (
        ReferralStatus.ACCEPTED,
        own.adviser.user,
        own.advice,
    )
    referrer = signed_in_client(own.referrer)
    assert "Accepted" in referrer.get(MINE).content.decode()
    assert own.adviser.user.full_name in referrer.get(detail_url(referral)).content.decode()


def test_rejecting_needs_a_reason_and_the_referrer_sees_it(own: Tenant) -> None:
    referral = referral_for(own)
    adviser = signed_in_client(own.adviser)
    before = referral_state()

    refused = adviser.post(transition_url(referral), {"to_status": "rejected", "reason": "  "})

    assert refused.status_code == 400
    assert "Give a reason" in refused.content.decode()
    assert referral_state() == before

    adviser.post(
        transition_url(referral),
        {"to_status": "rejected", "reason": "We do not cover this postcode."},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REJECTED
    content = signed_in_client(own.referrer).get(detail_url(referral)).content.decode()
    assert "Rejected" in content
    assert "We do not cover this postcode." in content


def test_the_referrer_cannot_accept_their_own_referral(own: Tenant) -> None:
    referral = referral_for(own)
    before = referral_state()

    response = signed_in_client(own.referrer).post(
        transition_url(referral), {"to_status": "accepted", "reason": ""}
    )

    assert response.status_code == 400
    assert "cannot be moved to Accepted by your organisation" in response.content.decode()
    assert referral_state() == before


def test_the_referrer_cancels_with_a_reason_and_the_advice_side_sees_it(own: Tenant) -> None:
    referral = referral_for(own)

    signed_in_client(own.referrer).post(
        transition_url(referral),
        {"to_status": "cancelled", "reason": "The client found help elsewhere."},
    )

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CANCELLED
    inbox = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    assert "Cancelled" in inbox
    assert "The client found help elsewhere." in inbox


def test_once_accepted_the_referrer_can_no_longer_cancel(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)
    before = referral_state()

    response = signed_in_client(own.referrer).post(
        transition_url(referral), {"to_status": "cancelled", "reason": "Changed my mind."}
    )

    assert response.status_code == 400
    assert referral_state() == before


@pytest.mark.parametrize(
    "data",
    [{}, {"to_status": "lost"}, {"to_status": "requested"}],
    ids=["nothing", "unknown", "back-to-requested"],
)
def test_bad_input_changes_nothing(own: Tenant, data: dict[str, str]) -> None:
    referral = referral_for(own)
    before = referral_state()

    response = signed_in_client(own.adviser).post(transition_url(referral), data)

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert referral_state() == before


def test_other_organisations_find_no_referral(own: Tenant, other: Tenant) -> None:
    referral = referral_for(own)
    before = referral_state()

    for member in (other.referrer, other.adviser):
        browser = signed_in_client(member)
        assert browser.get(detail_url(referral)).status_code == 404
        assert (
            browser.post(
                transition_url(referral), {"to_status": "cancelled", "reason": "Mine now."}
            ).status_code
            == 404
        )
    assert referral_state() == before


def test_the_detail_page_keeps_a_fixed_query_budget(own: Tenant) -> None:
    referral = referral_for(own)
    adviser = signed_in_client(own.adviser)
    adviser.get(detail_url(referral))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert adviser.get(detail_url(referral)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        ReferralEvent.objects.create(
            referral=referral, to_status=ReferralStatus.ACCEPTED, actor=own.adviser.user
        )
    assert queries() == few


def test_a_reason_the_service_wrote_is_shown_in_the_readers_language(own: Tenant) -> None:
    referral = referral_for(own)
    consent = referral.client.consents.get()
    referrer = signed_in_client(own.referrer)
    referrer.post(
        reverse(
            "clients:consent_withdraw",
            kwargs={"client_id": referral.client.public_id, "consent_id": consent.public_id},
        )
    )
    referral.refresh_from_db()
    assert referral.status_reason == "The client withdrew consent to the referral."

    english = referrer.get(detail_url(referral)).content.decode()
    referrer.cookies["hj_language"] = "cy"
    welsh = referrer.get(detail_url(referral)).content.decode()

    assert "The client withdrew consent to the referral." in english
    assert "Tynnodd y cleient ei gydsyniad i&#39;r atgyfeiriad yn ôl." in welsh
    assert "Project-Id-Version" not in welsh
