"""The demo data: idempotent, a login for every role, and two partnerships that share nothing."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from healthjustice.core.demo import DEMO_PASSWORD, demo_logins, load_demo_data
from healthjustice.organisations.models import Membership, Partnership, Role

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def test_loading_twice_changes_nothing() -> None:
    load_demo_data()
    first = _counts()

    load_demo_data()

    assert _counts() == first
    assert first["organisations.Partnership"] == 2


def test_there_is_a_demo_login_for_every_role() -> None:
    load_demo_data()

    held = {role for roles in Membership.objects.values_list("roles", flat=True) for role in roles}

    assert held == set(Role.values)


def test_the_two_partnerships_share_no_organisation() -> None:
    load_demo_data()
    riverside, valley = Partnership.objects.order_by("name")

    def involved(partnership: Partnership) -> set[int]:
        members = set(partnership.members.values_list("organisation_id", flat=True))
        funders = set(partnership.fundings.values_list("funder_id", flat=True))
        return members | funders

    assert involved(riverside).isdisjoint(involved(valley))
    assert len(involved(riverside)) > 2
    assert len(involved(valley)) > 2


def test_every_printed_demo_login_signs_in() -> None:
    load_demo_data()

    for email, password, _roles, _organisations in demo_logins():
        assert password == DEMO_PASSWORD
        response = Client().post(
            reverse("accounts:sign_in"), {"username": email, "password": password}
        )
        assert response.status_code == 302, email


def test_demo_users_keep_their_passwords_when_loading_again() -> None:
    load_demo_data()
    email = demo_logins()[0][0]
    client = Client()
    client.post(reverse("accounts:sign_in"), {"username": email, "password": DEMO_PASSWORD})
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "changed-after-the-demo-7",
            "new_password2": "changed-after-the-demo-7",
        },
    )

    load_demo_data()

    response = Client().post(
        reverse("accounts:sign_in"),
        {"username": email, "password": "changed-after-the-demo-7"},
    )
    assert response.status_code == 302
