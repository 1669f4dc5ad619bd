"""Adding, reading and changing a client record: only inside the organisation, each view and
change audited by field name (never value), and a possible duplicate checked first."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from healthjustice.clients.models import Client, ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.models import ReferralStatus
from tests.clients.factories import (
    ClientFactory,
    ConsentFactory,
    client_form,
    client_state,
    client_url,
)
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db

CREATE = reverse("clients:client_create")
RECORD_TEXT = [
    "given_name",
    "family_name",
    "nhs_number",
    "address",
    "postcode",
    "phone",
    "email",
    "preferred_language",
    "accessibility_needs",
    "representative_name",
    "representative_relationship",
    "representative_phone",
]


def _events(action: str, client: Client) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="clients.client", object_id=str(client.public_id)
        )
    )


# Adding ------------------------------------------------------------------------------------------


def test_a_referrer_adds_a_client_to_their_organisation(own: Tenant) -> None:
    response = signed_in_client(own.referrer).post(CREATE, client_form())

    client = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == client_url("client_detail", client)
    assert client.organisation == own.health
    assert client.created_by == own.referrer.user
    assert (client.given_name, client.family_name) == ("Rhiannon", "Evans")
    assert client.date_of_birth == date(1984, 3, 27)
    assert client.postcode == "RV1 3CD"
    assert (client.may_leave_voicemail, client.may_text, client.may_write) == (True, False, True)
    assert client.preferred_language == "Welsh"
    assert client.representative_relationship == "Son"


def test_adding_a_client_is_audited_without_their_details(own: Tenant) -> None:
    signed_in_client(own.adviser).post(CREATE, client_form())

    client = Client.objects.get()
    [event] = _events(AuditAction.CREATE, client)
    assert event.actor == own.adviser.user
    assert event.organisation == own.advice
    assert event.detail == {}


def test_a_new_client_can_go_straight_to_screening(own: Tenant) -> None:
    response = signed_in_client(own.referrer).post(f"{CREATE}?next=screen", client_form())

    client = Client.objects.get()
    assert response["Location"] == reverse(
        "screening:screen", kwargs={"client_id": client.public_id}
    )


def test_an_unknown_next_step_goes_to_the_client_page(own: Tenant) -> None:
    response = signed_in_client(own.referrer).post(
        f"{CREATE}?next=https://evil.example", client_form()
    )

    assert response["Location"] == client_url("client_detail", Client.objects.get())


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"given_name": ""}, "Enter the client&#39;s first name."),
        ({"family_name": ""}, "Enter the client&#39;s last name."),
        ({"date_of_birth": ""}, "Enter the client&#39;s date of birth."),
        ({"date_of_birth": "27/03/84x"}, "Enter the date of birth as a real date"),
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "The date of birth must be in the past.",
        ),
        ({"date_of_birth": "1850-01-01"}, "The date of birth must be after 1900."),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"phone": "call me maybe"}, "Enter a phone number, like 01632 960 001"),
        ({"representative_phone": "12"}, "Enter a phone number, like 01632 960 001"),
        ({"safe_to_contact": ["pigeon"]}, "Select a valid choice."),
    ],
    ids=[
        "no-first-name",
        "no-last-name",
        "no-date-of-birth",
        "not-a-date",
        "born-tomorrow",
        "born-too-long-ago",
        "bad-email",
        "bad-phone",
        "bad-representative-phone",
        "unknown-way-to-contact",
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(
    own: Tenant, change: dict[str, Any], error: str
) -> None:
    before = client_state()

    response = signed_in_client(own.referrer).post(CREATE, client_form(**change))

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert error in content
    assert client_state() == before


# The duplicate check -----------------------------------------------------------------------------


def test_a_possible_duplicate_is_shown_and_must_be_ruled_out_before_adding(own: Tenant) -> None:
    existing = ClientFactory(
        organisation=own.health, family_name="EVANS", date_of_birth=date(1984, 3, 27)
    )
    client = signed_in_client(own.referrer)
    existing_url = client_url("client_detail", existing)

    shown = client.post(CREATE, client_form())

    assert shown.status_code == 200
    content = shown.content.decode()
    assert "This client may already have a record" in content
    assert existing_url in content
    assert "None of these is the same person" in content
    assert "There is a problem" not in content
    assert Client.objects.count() == 1

    not_ruled_out = client.post(CREATE, client_form(matches_shown="1"))

    assert not_ruled_out.status_code == 400
    assert "If none of them is, tick the box." in not_ruled_out.content.decode()
    assert Client.objects.count() == 1

    added = client.post(CREATE, client_form(matches_shown="1", not_a_match="on"))

    assert added.status_code == 302
    assert Client.objects.count() == 2


def test_a_client_with_no_possible_duplicate_is_added_at_once(own: Tenant, other: Tenant) -> None:
    ClientFactory(organisation=other.health, family_name="Evans", date_of_birth=date(1984, 3, 27))

    response = signed_in_client(own.referrer).post(CREATE, client_form())

    assert response.status_code == 302
    assert Client.objects.filter(organisation=own.health).count() == 1


def test_an_nhs_number_the_organisation_already_has_is_refused_even_when_confirmed(
    own: Tenant,
) -> None:
    existing = ClientFactory(organisation=own.health, nhs_number="9434765919")
    client = signed_in_client(own.referrer)
    before = client_state()

    shown = client.post(CREATE, client_form(nhs_number="943 476 5919"))
    confirmed = client.post(
        CREATE, client_form(nhs_number="9434765919", matches_shown="1", not_a_match="on")
    )

    assert client_url("client_detail", existing) in shown.content.decode()
    assert confirmed.status_code == 400
    assert "already has a client with this NHS number" in confirmed.content.decode()
    assert client_state() == before


def test_showing_possible_duplicates_is_audited_as_a_view_of_them(own: Tenant) -> None:
    existing = ClientFactory(
        organisation=own.health, family_name="Evans", date_of_birth=date(1984, 3, 27)
    )

    signed_in_client(own.referrer).post(CREATE, client_form())

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.detail == {"search": "clients", "found": [str(existing.public_id)]}


# Reading -----------------------------------------------------------------------------------------


def test_every_view_of_the_client_page_is_audited(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)
    client = signed_in_client(own.referrer)

    client.get(client_url("client_detail", record))
    client.get(client_url("client_detail", record))

    events = _events(AuditAction.VIEW, record)
    assert len(events) == 2
    assert {event.actor for event in events} == {own.referrer.user}


def test_the_client_page_shows_the_record_consents_and_referrals(own: Tenant) -> None:
    record = ClientFactory(
        organisation=own.health,
        given_name="Rhiannon",
        family_name="Evans",
        nhs_number="9434765919",
        may_text=True,
    )
    ConsentFactory(client=record, recorded_by=own.referrer.user)
    withdrawn = ConsentFactory(
        client=record,
        scope=ConsentScope.EVALUATION,
        recorded_by=own.referrer.user,
        withdrawn_at=timezone.now(),
        withdrawn_by=own.health_admin.user,
    )
    referral = referral_for(own, client=record, status=ReferralStatus.ACCEPTED)

    response = signed_in_client(own.referrer).get(client_url("client_detail", record))

    content = response.content.decode()
    assert response.status_code == 200
    assert "943 476 5919" in content
    assert "Text message" in content
    assert str(ConsentScope.SHARE_REFERRAL.label) in content
    assert content.count(">Withdraw<") == 1
    assert "Withdrawn" in content
    assert withdrawn.withdrawn_by.full_name in content
    assert referral.reference in content
    assert own.service.name in content
    assert "Accepted" in content
    assert client_url("consent_record", record) in content
    assert client_url("client_edit", record) in content
    assert reverse("screening:screen", kwargs={"client_id": record.public_id}) in content
    assert reverse("referrals:referral_create", kwargs={"client_id": record.public_id}) in content


def test_an_adviser_is_not_offered_to_refer(own: Tenant) -> None:
    record = ClientFactory(organisation=own.advice)

    response = signed_in_client(own.adviser).get(client_url("client_detail", record))

    assert response.status_code == 200
    refer = reverse("referrals:referral_create", kwargs={"client_id": record.public_id})
    assert refer not in response.content.decode()


def test_another_organisations_client_is_not_found_and_the_attempt_audited(
    own: Tenant, other: Tenant
) -> None:
    theirs = ClientFactory(organisation=other.health)

    response = signed_in_client(own.referrer).get(client_url("client_detail", theirs))

    assert response.status_code == 404
    assert theirs.full_name not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).exists()
    assert not _events(AuditAction.VIEW, theirs)


# Changing ----------------------------------------------------------------------------------------


def _as_form(client: Client, **change: Any) -> dict[str, Any]:
    """The edit form as it opens for `client`, with `change` typed over it."""
    ways = {
        "voicemail": client.may_leave_voicemail,
        "text": client.may_text,
        "letter": client.may_write,
    }
    return {
        **client_form(),
        **{name: getattr(client, name) for name in RECORD_TEXT},
        "date_of_birth": client.date_of_birth.isoformat(),
        "safe_to_contact": [way for way, allowed in ways.items() if allowed],
        "interpreter_needed": "on" if client.interpreter_needed else "",
        **change,
    }


def test_a_change_is_audited_by_field_name_not_value(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health, phone="01632 960001")

    response = signed_in_client(own.referrer).post(
        client_url("client_edit", record),
        _as_form(record, phone="07700 900555", safe_to_contact=["text"]),
    )

    assert response.status_code == 302
    assert response["Location"] == client_url("client_detail", record)
    record.refresh_from_db()
    assert record.phone == "07700 900555"
    assert record.may_text is True
    [event] = _events(AuditAction.CHANGE, record)
    assert event.detail == {"fields": ["may_text", "phone"]}
    assert "07700" not in str(event.detail)


def test_saving_without_a_change_writes_no_change_event(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)

    response = signed_in_client(own.referrer).post(
        client_url("client_edit", record), _as_form(record)
    )

    assert response.status_code == 302
    assert _events(AuditAction.CHANGE, record) == []


def test_opening_the_edit_page_is_a_view_of_the_record(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health, nhs_number="9434765919", may_write=True)

    response = signed_in_client(own.referrer).get(client_url("client_edit", record))

    content = response.content.decode()
    assert 'value="9434765919"' in content
    assert 'value="letter" checked' in content
    assert len(_events(AuditAction.VIEW, record)) == 1


def test_a_bad_change_is_refused_and_the_record_kept(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)
    before = client_state()

    response = signed_in_client(own.referrer).post(
        client_url("client_edit", record), _as_form(record, nhs_number="9434765911")
    )

    assert response.status_code == 400
    assert "This is not a valid NHS number" in response.content.decode()
    assert client_state() == before
