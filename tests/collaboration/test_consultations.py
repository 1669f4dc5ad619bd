"""Consultations between the health and the advice side: there and back with the response time,
consent for a consultation about a client, who is told, who can read a thread, and the log of
what crossed."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from healthjustice.clients.models import ConsentScope
from healthjustice.collaboration.models import (
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    ExchangeKind,
    InformationExchange,
)
from healthjustice.core.models import AuditEvent, Notification, NotificationKind
from healthjustice.core.notifications import describe
from healthjustice.organisations.models import Membership, Role
from healthjustice.referrals.models import ReferralStatus
from tests.casework.factories import supervisor_of
from tests.collaboration.consultation_factories import (
    consultation_for,
    consultation_url,
    referral_url,
    referral_with_health_consent,
)
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory
from tests.query_budgets import assert_flat, queries
from tests.referrals.factories import consented_client, referral_for

pytestmark = pytest.mark.django_db

LIST = reverse("collaboration:consultation_list")
AWAITING = 'nhsuk-tag--orange">Awaiting your reply'  # the marker, not the filter's option
START = reverse("collaboration:consultation_start")


def _backdate(consultation: Consultation, **delta: float) -> None:
    """Move the consultation and its messages into the past, so a response time can be measured."""
    earlier = timezone.now() - timedelta(**delta)
    Consultation.objects.filter(pk=consultation.pk).update(started_at=earlier)
    ConsultationMessage.objects.filter(consultation=consultation).update(sent_at=earlier)
    consultation.refresh_from_db()


def _recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def _state() -> dict[str, Any]:
    return {
        "consultations": Consultation.objects.count(),
        "messages": ConsultationMessage.objects.count(),
        "exchanges": InformationExchange.objects.count(),
        "notifications": Notification.objects.count(),
    }


# There and back ---------------------------------------------------------------------------------


def test_a_general_question_goes_there_and_back_through_the_pages(own: Tenant) -> None:
    gp = signed_in_client(own.referrer)
    page = gp.get(START)
    recipient = f"{own.partnership.public_id}.{own.advice.public_id}"
    assert recipient in page.content.decode()

    response = gp.post(
        START,
        {
            "recipient": recipient,
            "subject": "Carer's Allowance and study",
            "body": "Would a carer studying part-time still get Carer's Allowance?",
        },
    )

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation_url("consultation_detail", consultation)
    assert consultation.from_organisation == own.health
    assert consultation.from_team == own.health_team
    assert consultation.to_organisation == own.advice
    assert consultation.referral is None
    assert consultation.consent is None
    assert consultation.first_response_at is None
    _backdate(consultation, hours=3)

    adviser = signed_in_client(own.adviser)
    listed = adviser.get(LIST).content.decode()
    assert "Carer&#39;s Allowance and study" in listed
    assert AWAITING in listed
    assert "Not yet" in listed
    reply = adviser.post(
        consultation_url("consultation_reply", consultation),
        {"body": "Yes, if the course is under 21 hours a week."},
    )
    assert reply.status_code == 302

    consultation.refresh_from_db()
    assert consultation.first_response_at is not None
    waited = consultation.first_response_at - consultation.started_at
    assert timedelta(hours=3) <= waited < timedelta(hours=3, minutes=1)
    thread = gp.get(consultation_url("consultation_detail", consultation)).content.decode()
    assert "Yes, if the course is under 21 hours a week." in thread
    assert "After 3\xa0hours" in thread
    assert "After 3\xa0hours" in gp.get(LIST).content.decode()
    # The referrer's answer back does not move the response time.
    first = consultation.first_response_at
    gp.post(consultation_url("consultation_reply", consultation), {"body": "Thank you."})
    consultation.refresh_from_db()
    assert consultation.first_response_at == first
    assert consultation.messages.count() == 3
    assert list(consultation.messages.values_list("organisation", flat=True)) == [
        own.health.pk,
        own.advice.pk,
        own.health.pk,
    ]
    assert AWAITING in adviser.get(LIST).content.decode()
    assert AWAITING not in gp.get(LIST).content.decode()


def test_a_question_about_a_client_goes_there_and_back_from_the_referral(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    gp = signed_in_client(own.referrer)
    referral_page = gp.get(referral_url("referrals:referral_detail", referral)).content.decode()
    start = referral_url("collaboration:consultation_start_about_referral", referral)
    assert "Ask the advice service a question" in referral_page
    assert start in referral_page

    response = gp.post(
        start, {"subject": "Her PIP reconsideration", "body": "What should my letter cover?"}
    )

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.referral == referral
    assert consultation.consent == referral.client.consents.get(
        scope=ConsentScope.SHARE_HEALTH_INFORMATION
    )
    assert consultation.to_organisation == own.advice
    _backdate(consultation, days=2)
    adviser = signed_in_client(own.adviser)
    advice_referral_page = adviser.get(referral_url("referrals:referral_detail", referral))
    assert "Her PIP reconsideration" in advice_referral_page.content.decode()
    assert "Ask the referrer" in advice_referral_page.content.decode()
    adviser.post(
        consultation_url("consultation_reply", consultation),
        {"body": "How far she can walk on a bad day."},
    )
    gp.post(consultation_url("consultation_reply", consultation), {"body": "Thank you."})

    consultation.refresh_from_db()
    assert consultation.messages.count() == 3
    assert timedelta(days=2) <= consultation.first_response_at - consultation.started_at
    page = gp.get(referral_url("referrals:referral_detail", referral)).content.decode()
    assert "first response after 2\xa0days" in page


def test_the_adviser_can_ask_the_referrer_about_a_referral(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    response = signed_in_client(own.adviser).post(
        referral_url("collaboration:consultation_start_about_referral", referral),
        {"subject": "Mobility on bad days", "body": "How far can she walk on a bad day?"},
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.from_organisation == own.advice
    assert consultation.to_organisation == own.health
    assert consultation.to_team == own.health_team
    # The referrer who made the referral is told.
    assert _recipients(NotificationKind.CONSULTATION_MESSAGE) == {own.referrer.user.email}


def test_either_side_closes_and_reopens_and_a_closed_thread_takes_no_replies(own: Tenant) -> None:
    consultation = consultation_for(own)
    adviser = signed_in_client(own.adviser)
    adviser.post(consultation_url("consultation_close", consultation))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.closed_at is not None

    gp = signed_in_client(own.referrer)
    refused = gp.post(consultation_url("consultation_reply", consultation), {"body": "One more."})
    assert refused.status_code == 400
    assert "This consultation is closed. Reopen it to write again." in refused.content.decode()
    assert consultation.messages.count() == 1

    gp.post(consultation_url("consultation_reopen", consultation))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.closed_at is None
    assert (
        gp.post(
            consultation_url("consultation_reply", consultation), {"body": "One more."}
        ).status_code
        == 302
    )
    assert "Open consultations" in gp.get(LIST).content.decode()


def test_the_list_shows_open_closed_and_awaiting_consultations(own: Tenant) -> None:
    consultation_for(own, subject="Still open")
    consultation_for(own, subject="All done", status=ConsultationStatus.CLOSED)
    adviser = signed_in_client(own.adviser)
    default = adviser.get(LIST).content.decode()
    assert "Still open" in default
    assert "All done" not in default
    closed_list = adviser.get(LIST, {"show": "closed"}).content.decode()
    assert "All done" in closed_list
    assert "Still open" not in closed_list
    everything = adviser.get(LIST, {"show": "all"}).content.decode()
    assert "All done" in everything
    assert "Still open" in everything
    assert "Still open" in adviser.get(LIST, {"show": "awaiting"}).content.decode()
    assert (
        "Still open"
        not in signed_in_client(own.referrer).get(LIST, {"show": "awaiting"}).content.decode()
    )
    assert adviser.get(LIST, {"show": "nonsense"}).status_code == 400


# Consent ----------------------------------------------------------------------------------------


def test_a_consultation_about_a_client_without_consent_is_refused_and_nothing_is_made(
    own: Tenant,
) -> None:
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)
    url = referral_url("collaboration:consultation_start_about_referral", referral)
    gp = signed_in_client(own.referrer)
    page = gp.get(url).content.decode()
    assert "The client has not agreed to relevant health information being shared" in page
    assert (
        reverse("clients:consent_record", kwargs={"client_id": referral.client.public_id}) in page
    )
    before = _state()

    response = gp.post(url, {"subject": "About her claim", "body": "Can you help?"})

    assert response.status_code == 400
    assert (
        "The client has not agreed to relevant health information being shared, so you cannot "
        "consult about them." in response.content.decode()
    )
    assert _state() == before
    # The advice side is refused the same way.
    refused = signed_in_client(own.adviser).post(
        url, {"subject": "About her claim", "body": "Can you help?"}
    )
    assert refused.status_code == 400
    assert _state() == before


def test_a_withdrawn_consent_is_not_enough(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    referral.client.consents.filter(scope=ConsentScope.SHARE_HEALTH_INFORMATION).update(
        withdrawn_at=timezone.now()
    )
    before = _state()
    response = signed_in_client(own.referrer).post(
        referral_url("collaboration:consultation_start_about_referral", referral),
        {"subject": "About her claim", "body": "Can you help?"},
    )
    assert response.status_code == 400
    assert _state() == before


def test_withdrawing_consent_stops_the_thread_taking_messages(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    consultation = consultation_for(own, referral=referral)
    gp = signed_in_client(own.referrer)
    consent = consultation.consent
    assert consent is not None
    withdraw = reverse(
        "clients:consent_withdraw",
        kwargs={"client_id": referral.client.public_id, "consent_id": consent.public_id},
    )
    assert gp.post(withdraw).status_code == 302
    before = _state()

    adviser = signed_in_client(own.adviser)
    response = adviser.post(
        consultation_url("consultation_reply", consultation), {"body": "Her walking distance?"}
    )

    assert response.status_code == 400
    assert "The client has withdrawn their consent" in response.content.decode()
    assert _state() == before
    thread = adviser.get(consultation_url("consultation_detail", consultation)).content.decode()
    assert "Consent withdrawn" in thread
    assert "Send the reply" not in thread
    assert "Would a carer studying part-time" in thread


def test_a_self_referral_has_no_one_to_consult(own: Tenant) -> None:
    referral = referral_with_health_consent(
        own, referring_organisation=None, referring_team=None, referred_by=None, source="self"
    )
    adviser = signed_in_client(own.adviser)
    page = adviser.get(referral_url("referrals:referral_detail", referral)).content.decode()
    assert "Ask the referrer" not in page
    response = adviser.post(
        referral_url("collaboration:consultation_start_about_referral", referral),
        {"subject": "About her claim", "body": "Can you help?"},
    )
    assert response.status_code == 400
    assert Consultation.objects.count() == 0


# Who is told ------------------------------------------------------------------------------------


def test_a_new_question_tells_the_advice_organisations_advisers_and_supervisors(
    own: Tenant, other: Tenant
) -> None:
    supervisor = supervisor_of(own)
    signed_in_client(own.referrer).post(
        START,
        {
            "recipient": f"{own.partnership.public_id}.{own.advice.public_id}",
            "subject": "Carer's Allowance and study",
            "body": "Would a carer studying part-time still get it?",
        },
    )
    assert _recipients(NotificationKind.CONSULTATION_MESSAGE) == {
        own.adviser.user.email,
        supervisor.user.email,
    }


def test_a_reply_tells_the_starter_only(own: Tenant) -> None:
    MembershipFactory(organisation=own.health, team=own.health_team)  # another referrer
    consultation = consultation_for(own)
    signed_in_client(own.adviser).post(
        consultation_url("consultation_reply", consultation), {"body": "Yes."}
    )
    assert _recipients(NotificationKind.CONSULTATION_MESSAGE) == {own.referrer.user.email}


def test_a_question_to_a_team_tells_the_teams_referrers(own: Tenant) -> None:
    nurses = TeamFactory(organisation=own.health, name="Practice nurses")
    nurse = MembershipFactory(organisation=own.health, team=nurses)
    MembershipFactory(organisation=own.health, team=nurses, roles=[Role.ORGANISATION_ADMIN])
    signed_in_client(own.adviser).post(
        START,
        {
            "recipient": f"{own.partnership.public_id}.{own.health.public_id}.{nurses.public_id}",
            "subject": "A talk for our advisers",
            "body": "Could someone talk to us about anxiety and assessments?",
        },
    )
    consultation = Consultation.objects.get()
    assert consultation.to_team == nurses
    assert _recipients(NotificationKind.CONSULTATION_MESSAGE) == {nurse.user.email}


def test_a_question_to_a_health_organisation_tells_its_referrers(own: Tenant) -> None:
    signed_in_client(own.adviser).post(
        START,
        {
            "recipient": f"{own.partnership.public_id}.{own.health.public_id}",
            "subject": "A talk for our advisers",
            "body": "Could someone talk to us about anxiety and assessments?",
        },
    )
    # The referrer, not the health organisation's admin.
    assert _recipients(NotificationKind.CONSULTATION_MESSAGE) == {own.referrer.user.email}


def test_notifications_carry_the_reference_and_a_link_only(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    signed_in_client(own.referrer).post(
        referral_url("collaboration:consultation_start_about_referral", referral),
        {"subject": "Her PIP reconsideration", "body": "What should my letter cover?"},
    )
    consultation = Consultation.objects.get()
    notification = Notification.objects.get(kind=NotificationKind.CONSULTATION_MESSAGE)
    assert notification.organisation == own.advice
    assert notification.reference == consultation.reference
    assert notification.link == consultation_url("consultation_detail", consultation)
    text = describe(notification)
    assert text == f"New message in consultation {consultation.reference}"
    for personal in ("PIP", "letter", referral.client.family_name, referral.client.given_name):
        assert personal not in text
        assert personal not in notification.link


# Who can read a thread --------------------------------------------------------------------------


def _routes(consultation: Consultation) -> list[tuple[str, str]]:
    return [
        ("get", consultation_url("consultation_detail", consultation)),
        ("post", consultation_url("consultation_reply", consultation)),
        ("post", consultation_url("consultation_close", consultation)),
        ("post", consultation_url("consultation_reopen", consultation)),
    ]


@pytest.mark.parametrize("starter", ["referrer", "adviser"])
def test_every_consultation_route_answers_404_to_another_organisation(
    own: Tenant, other: Tenant, starter: str
) -> None:
    consultation = consultation_for(own, starter=getattr(own, starter))
    for outsider in (other.referrer, other.adviser):
        browser = signed_in_client(outsider)
        for method, url in _routes(consultation):
            response = getattr(browser, method)(
                url, {"body": "Hello"} if method == "post" else None
            )
            assert response.status_code == 404, (outsider, url)
        assert consultation.subject not in browser.get(LIST, {"show": "all"}).content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.messages.count() == 1


def test_a_general_consultation_is_read_by_the_two_named_organisations_only(own: Tenant) -> None:
    # Another health organisation in the same partnership is not party to the thread.
    neighbour = OrganisationFactory(health=True, name="Neighbouring practice")
    own.partnership.members.create(organisation=neighbour)
    neighbour_gp = MembershipFactory(organisation=neighbour)
    consultation = consultation_for(own)
    browser = signed_in_client(neighbour_gp)
    for method, url in _routes(consultation):
        response = getattr(browser, method)(url, {"body": "Hello"} if method == "post" else None)
        assert response.status_code == 404
    assert consultation.subject not in browser.get(LIST, {"show": "all"}).content.decode()
    assert (
        signed_in_client(own.adviser)
        .get(consultation_url("consultation_detail", consultation))
        .status_code
        == 200
    )


def test_a_referral_of_another_organisation_cannot_be_consulted_on(
    own: Tenant, other: Tenant
) -> None:
    referral = referral_with_health_consent(other)
    url = referral_url("collaboration:consultation_start_about_referral", referral)
    for member in (own.referrer, own.adviser):
        browser = signed_in_client(member)
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"subject": "S", "body": "B"}).status_code == 404
    assert Consultation.objects.count() == 0


def test_a_general_question_goes_only_to_a_partner_on_the_other_side(
    own: Tenant, other: Tenant
) -> None:
    gp = signed_in_client(own.referrer)
    for recipient in (
        f"{other.partnership.public_id}.{other.advice.public_id}",
        f"{own.partnership.public_id}.{own.health.public_id}",
    ):
        response = gp.post(START, {"recipient": recipient, "subject": "S", "body": "B"})
        assert response.status_code == 400
        assert "Choose who the question is for." in response.content.decode()
    assert Consultation.objects.count() == 0


def test_the_service_refuses_an_organisation_outside_the_partnership(
    own: Tenant, other: Tenant, rf: Any
) -> None:
    from django.core.exceptions import ValidationError

    from healthjustice.collaboration.services.consultations import consultation_start

    request = rf.post("/")
    request.user = own.referrer.user
    request.membership = own.referrer
    with pytest.raises(ValidationError) as refused:
        consultation_start(
            request=request,
            membership=own.referrer,
            partnership=own.partnership,
            to_organisation=other.advice,
            subject="S",
            body="B",
        )
    assert "recipient" in refused.value.message_dict
    assert Consultation.objects.count() == 0


def test_coordinators_and_funders_do_not_consult(own: Tenant) -> None:
    consultation = consultation_for(own)
    assert signed_in_client(own.coordinator).get(LIST).status_code == 403
    assert (
        signed_in_client(own.coordinator)
        .get(consultation_url("consultation_detail", consultation))
        .status_code
        == 403
    )
    assert signed_in_client(own.funder_viewer).get(LIST).status_code == 403


# The log of what crossed ------------------------------------------------------------------------


def test_each_message_about_a_client_is_logged_with_its_consent_and_referral(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    gp = signed_in_client(own.referrer)
    gp.post(
        referral_url("collaboration:consultation_start_about_referral", referral),
        {"subject": "Her PIP reconsideration", "body": "What should my letter cover?"},
    )
    consultation = Consultation.objects.get()
    signed_in_client(own.adviser).post(
        consultation_url("consultation_reply", consultation), {"body": "Walking distance."}
    )

    rows = list(InformationExchange.objects.order_by("id"))
    assert [(row.from_organisation, row.to_organisation) for row in rows] == [
        (own.health, own.advice),
        (own.advice, own.health),
    ]
    for row in rows:
        assert row.kind == ExchangeKind.CONSULTATION
        assert row.record_reference == consultation.reference
        assert row.partnership == own.partnership
        assert row.consent == consultation.consent
        assert row.referral == referral
        assert row.health_team == own.health_team
    assert [row.shared_by for row in rows] == [own.referrer.user, own.adviser.user]


def test_general_messages_are_logged_without_consent_or_referral(own: Tenant) -> None:
    consultation = consultation_for(own, starter=own.adviser, to_team=own.health_team)
    signed_in_client(own.referrer).post(
        consultation_url("consultation_reply", consultation), {"body": "Happy to."}
    )
    row = InformationExchange.objects.get()
    assert row.kind == ExchangeKind.CONSULTATION
    assert (row.from_organisation, row.to_organisation) == (own.health, own.advice)
    assert row.consent is None
    assert row.referral is None
    # The health-side team involved is the team the question was sent to.
    assert row.health_team == own.health_team


def test_messages_are_audited_without_their_words(own: Tenant) -> None:
    consultation = consultation_for(own)
    signed_in_client(own.adviser).post(
        consultation_url("consultation_reply", consultation), {"body": "A confidential answer."}
    )
    event = AuditEvent.objects.get(object_type="collaboration.consultationmessage")
    assert "confidential" not in str(event.detail)
    signed_in_client(own.referrer).get(consultation_url("consultation_detail", consultation))
    viewed = AuditEvent.objects.get(object_type="collaboration.consultation", action="view")
    assert viewed.actor == own.referrer.user
    assert viewed.object_id == str(consultation.public_id)


def test_bad_input_gets_a_clear_error_and_changes_nothing(own: Tenant) -> None:
    gp = signed_in_client(own.referrer)
    before = _state()
    response = gp.post(
        START,
        {
            "recipient": f"{own.partnership.public_id}.{own.advice.public_id}",
            "subject": "",
            "body": "",
        },
    )
    assert response.status_code == 400
    assert "Enter a subject." in response.content.decode()
    assert "Write your message." in response.content.decode()
    consultation = consultation_for(own)
    before = _state()
    blank = gp.post(consultation_url("consultation_reply", consultation), {"body": "   "})
    assert blank.status_code == 400
    assert "Write your message." in blank.content.decode()
    assert _state() == before


# Query budgets ----------------------------------------------------------------------------------

BUDGET = 20


def test_the_consultation_list_runs_a_fixed_number_of_queries(own: Tenant) -> None:
    adviser = signed_in_client(own.adviser)

    def grow(count: int) -> None:
        for index in range(count):
            referral = referral_with_health_consent(own) if index % 2 else None
            consultation = consultation_for(own, referral=referral)
            ConsultationMessage.objects.create(
                consultation=consultation,
                author=own.adviser.user,
                organisation=own.advice,
                body="An answer.",
            )

    assert_flat(adviser, LIST, grow, budget=BUDGET)


def test_the_thread_runs_a_fixed_number_of_queries(own: Tenant) -> None:
    consultation = consultation_for(own, referral=referral_with_health_consent(own))
    url = consultation_url("consultation_detail", consultation)
    gp = signed_in_client(own.referrer)
    colleagues = [MembershipFactory(organisation=own.advice) for _ in range(3)]

    def grow(count: int) -> None:
        for index in range(count):
            author: Membership = colleagues[index % len(colleagues)]
            ConsultationMessage.objects.create(
                consultation=consultation,
                author=author.user,
                organisation=own.advice,
                body=f"Message {index}",
            )

    assert_flat(gp, url, grow, budget=BUDGET)


def test_the_referral_page_shows_consultations_in_a_fixed_number_of_queries(own: Tenant) -> None:
    referral = referral_with_health_consent(own)
    url = referral_url("referrals:referral_detail", referral)
    gp = signed_in_client(own.referrer)

    def grow(count: int) -> None:
        for _ in range(count):
            consultation_for(own, referral=referral)

    grow(2)
    gp.get(url)
    few = queries(gp, url)
    grow(8)
    assert queries(gp, url) == few


def test_a_consented_client_is_enough_for_either_side(own: Tenant) -> None:
    """The consent is the referral's client record's: given to the referring organisation."""
    client = consented_client(
        own, ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION
    )
    referral = referral_for(own, client=client)
    page = signed_in_client(own.adviser).get(
        referral_url("collaboration:consultation_start_about_referral", referral)
    )
    assert page.status_code == 200
    assert "Send the question" in page.content.decode()
