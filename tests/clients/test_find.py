"""Finding a client of one's own organisation before adding one.

Names and dates of birth are posted, never sent in a query string, so they stay out of URLs and
access logs; other organisations' clients are never found.
"""

from datetime import date

import pytest
from django.urls import reverse

from healthjustice.clients.models import Client
from healthjustice.core.models import AuditAction, AuditEvent
from tests.clients.factories import ClientFactory
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

FIND = reverse("clients:client_find")
BORN = date(1984, 3, 27)


def test_a_client_is_found_by_last_name_in_any_case_and_date_of_birth(own: Tenant) -> None:
    wanted = ClientFactory(
        organisation=own.health,
        given_name="Rhiannon",
        family_name="Evans",
        date_of_birth=BORN,
        nhs_number="9434765919",
        postcode="RV1 3CD",
    )
    ClientFactory(organisation=own.health, family_name="Evans", date_of_birth=date(1990, 1, 1))

    response = signed_in_client(own.referrer).post(
        FIND, {"family_name": "EVANS", "date_of_birth": "1984-03-27"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("clients:client_detail", kwargs={"client_id": wanted.public_id}) in content
    assert "Rhiannon Evans" in content
    assert "27 March 1984" in content
    assert "943 476 5919" in content
    assert "RV1 3CD" in content
    assert "1 January 1990" not in content


def test_a_client_is_found_by_nhs_number_typed_with_spaces(own: Tenant) -> None:
    wanted = ClientFactory(organisation=own.health, nhs_number="9434765919")

    response = signed_in_client(own.referrer).post(FIND, {"nhs_number": "943 476 5919"})

    assert response.status_code == 200
    assert wanted.full_name in response.content.decode()


def test_each_search_is_audited_by_record_identifier_only(own: Tenant) -> None:
    wanted = ClientFactory(organisation=own.health, family_name="Evans", date_of_birth=BORN)

    signed_in_client(own.referrer).post(
        FIND, {"family_name": "Evans", "date_of_birth": "1984-03-27"}
    )

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == own.referrer.user
    assert event.detail == {"search": "clients", "found": [str(wanted.public_id)]}
    assert "Evans" not in str(event.detail)


def test_another_organisations_client_is_never_found(own: Tenant, other: Tenant) -> None:
    theirs = ClientFactory(
        organisation=other.health, family_name="Evans", date_of_birth=BORN, nhs_number="9434765919"
    )
    client = signed_in_client(own.referrer)

    by_name = client.post(FIND, {"family_name": "Evans", "date_of_birth": "1984-03-27"})
    by_number = client.post(FIND, {"nhs_number": "9434765919"})

    for response in (by_name, by_number):
        assert response.status_code == 200
        content = response.content.decode()
        assert str(theirs.public_id) not in content
        assert "No client of your organisation matches your search." in content


def test_the_search_form_posts_and_a_query_string_searches_nothing(own: Tenant) -> None:
    ClientFactory(organisation=own.health, family_name="Evans", date_of_birth=BORN)

    response = signed_in_client(own.referrer).get(
        FIND, {"family_name": "Evans", "date_of_birth": "1984-03-27"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in content
    assert "Results" not in content
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Enter the client&#39;s last name and date of birth, or their NHS number."),
        ({"family_name": "Evans"}, "Enter the date of birth as well as the last name."),
        ({"date_of_birth": "1984-03-27"}, "Enter the last name as well as the date of birth."),
        ({"nhs_number": "9434765911"}, "This is not a valid NHS number"),
        ({"family_name": "Evans", "date_of_birth": "3000-01-01"}, "must be in the past"),
    ],
    ids=["nothing", "no-date-of-birth", "no-last-name", "bad-nhs-number", "future-birth"],
)
def test_an_incomplete_search_says_what_is_missing(
    own: Tenant, data: dict[str, str], error: str
) -> None:
    response = signed_in_client(own.referrer).post(FIND, data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert error in content


def test_add_a_new_client_carries_what_was_typed_in_the_body_not_the_url(own: Tenant) -> None:
    client = signed_in_client(own.referrer)
    create = reverse("clients:client_create")

    results = client.post(FIND, {"family_name": "Evans", "date_of_birth": "1984-03-27"})
    content = results.content.decode()
    assert f'action="{create}"' in content
    assert 'name="family_name" value="Evans"' in content
    assert "Evans" not in create

    form = client.post(
        create, {"prefill": "1", "family_name": "Evans", "date_of_birth": "1984-03-27"}
    )

    assert form.status_code == 200
    page = form.content.decode()
    assert "There is a problem" not in page
    assert 'value="Evans"' in page
    assert 'value="1984-03-27"' in page
    assert not Client.objects.exists()


def test_the_next_step_survives_the_search(own: Tenant) -> None:
    response = signed_in_client(own.referrer).post(
        f"{FIND}?next=screen", {"family_name": "Evans", "date_of_birth": "1984-03-27"}
    )

    assert f'action="{reverse("clients:client_create")}?next=screen"' in response.content.decode()
