"""The NHS number: optional, typed as it is printed, kept as 10 digits whose last is the check
digit. A wrong one is refused with an error that says what is wrong, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from healthjustice.clients.forms import clean_nhs_number
from healthjustice.clients.models import Client
from tests.clients.factories import client_form, client_state
from tests.conftest import Tenant, signed_in_client


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("9434765919", "9434765919"), ("943 476 5919", "9434765919"), ("943-476-5919", "9434765919")],
    ids=["digits", "spaces", "hyphens"],
)
def test_a_valid_number_is_kept_as_ten_digits(typed: str, kept: str) -> None:
    assert clean_nhs_number(typed) == kept


def test_no_number_is_allowed() -> None:
    assert clean_nhs_number("  ") == ""


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("9434765911", "This is not a valid NHS number"),
        ("94347A5919", "An NHS number has only digits"),
        ("943476591", "An NHS number has 10 digits. You entered 9."),
        ("94347659190", "An NHS number has 10 digits. You entered 11."),
    ],
    ids=["wrong-check-digit", "letters", "nine-digits", "eleven-digits"],
)
def test_a_wrong_number_is_refused_with_a_specific_error(typed: str, error: str) -> None:
    with pytest.raises(ValidationError) as raised:
        clean_nhs_number(typed)

    assert error in " ".join(raised.value.messages)


@pytest.mark.django_db
def test_a_client_is_added_with_the_number_typed_with_spaces(own: Tenant) -> None:
    response = signed_in_client(own.referrer).post(
        reverse("clients:client_create"), client_form(nhs_number="943 476 5919")
    )

    assert response.status_code == 302
    assert Client.objects.get().nhs_number == "9434765919"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("9434765911", "This is not a valid NHS number"),
        ("94347A5919", "An NHS number has only digits"),
        ("943476591", "An NHS number has 10 digits. You entered 9."),
    ],
    ids=["wrong-check-digit", "letters", "nine-digits"],
)
def test_a_client_with_a_wrong_number_is_not_added(own: Tenant, typed: str, error: str) -> None:
    before = client_state()

    response = signed_in_client(own.referrer).post(
        reverse("clients:client_create"), client_form(nhs_number=typed)
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert error in content
    assert client_state() == before
