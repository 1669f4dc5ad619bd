"""Session limits, and ending every session of a person (deactivation, an admin's action)."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from healthjustice.accounts.models import UserSession
from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD
from tests.conftest import Tenant, set_session_times, signed_in_client

pytestmark = pytest.mark.django_db

PAGE = reverse("organisations:organisation_detail")
SIGN_IN = reverse("accounts:sign_in")


def _signed_out(client: Client) -> bool:
    response = client.get(PAGE)
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize(
    ("idle", "signed_out"),
    [(timedelta(minutes=29), False), (timedelta(minutes=31), True)],
)
def test_thirty_minutes_without_a_request_signs_out(
    own: Tenant, idle: timedelta, signed_out: bool
) -> None:
    client = signed_in_client(own.adviser)
    set_session_times(client, last_seen_at=timezone.now() - idle)

    response = client.get(PAGE)

    if signed_out:
        assert response.status_code == 302
        assert response["Location"] == SIGN_IN
        assert "You were signed out to keep information safe." in (
            client.get(SIGN_IN).content.decode()
        )
        assert _signed_out(client)
        assert AuditEvent.objects.filter(
            action=AuditAction.SIGN_OUT, detail__reason="session_limit"
        ).exists()
    else:
        assert response.status_code == 200


def test_each_request_restarts_the_inactivity_clock(own: Tenant) -> None:
    client = signed_in_client(own.adviser)
    set_session_times(client, last_seen_at=timezone.now() - timedelta(minutes=29))
    assert client.get(PAGE).status_code == 200

    last_seen = timezone.datetime.fromisoformat(client.session["last_seen_at"])

    assert timezone.now() - last_seen < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("age", "signed_out"),
    [
        (timedelta(hours=11, minutes=59), False),
        (timedelta(hours=12, minutes=1), True),
    ],
)
def test_twelve_hours_after_signing_in_signs_out_however_active(
    own: Tenant, age: timedelta, signed_out: bool
) -> None:
    client = signed_in_client(own.adviser)
    set_session_times(
        client,
        signed_in_at=timezone.now() - age,
        last_seen_at=timezone.now() - timedelta(minutes=1),
    )

    response = client.get(PAGE)

    assert (response.status_code == 302) is signed_out
    if signed_out:
        assert response["Location"] == SIGN_IN
        assert _signed_out(client)


def test_a_session_without_sign_in_times_is_not_trusted(own: Tenant) -> None:
    client = signed_in_client(own.adviser)
    session = client.session
    del session["signed_in_at"]
    session.save()

    assert client.get(PAGE)["Location"] == SIGN_IN


def _deactivate(admin: Client, member_id: object, roles: list[str]) -> HttpResponse:
    return admin.post(
        reverse("organisations:member_edit", kwargs={"member_id": member_id}),
        {"roles": roles, "team": ""},
    )


def test_deactivating_a_membership_ends_every_session_of_that_person(own: Tenant) -> None:
    on_laptop = signed_in_client(own.adviser)
    on_phone = signed_in_client(own.adviser)
    admin = signed_in_client(own.admin)
    assert on_laptop.get(PAGE).status_code == 200

    response = _deactivate(admin, own.adviser.public_id, own.adviser.roles)

    assert response.status_code == 302
    own.adviser.refresh_from_db()
    assert own.adviser.is_active is False
    assert _signed_out(on_laptop)
    assert _signed_out(on_phone)
    assert not UserSession.objects.filter(user=own.adviser.user).exists()
    event = AuditEvent.objects.get(action=AuditAction.SESSIONS_ENDED)
    assert event.object_id == str(own.adviser.user.public_id)
    assert event.detail == {"reason": "membership_deactivated", "count": 2}
    assert admin.get(PAGE).status_code == 200


def test_a_deactivated_member_who_signs_in_again_sees_nothing_of_the_organisation(
    own: Tenant,
) -> None:
    admin = signed_in_client(own.admin)
    _deactivate(admin, own.adviser.public_id, own.adviser.roles)
    client = Client()
    client.post(SIGN_IN, {"username": own.adviser.user.email, "password": PASSWORD})

    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert own.advice.name not in client.get(reverse("core:home")).content.decode()


def test_an_admin_can_end_all_sessions_of_a_member(own: Tenant) -> None:
    member = signed_in_client(own.adviser)
    admin = signed_in_client(own.admin)

    response = admin.post(
        reverse("organisations:member_end_sessions", kwargs={"member_id": own.adviser.public_id})
    )

    assert response.status_code == 302
    assert _signed_out(member)
    own.adviser.refresh_from_db()
    assert own.adviser.is_active is True
    event = AuditEvent.objects.get(action=AuditAction.SESSIONS_ENDED)
    assert event.actor == own.admin.user
    assert event.organisation == own.advice
    assert event.object_id == str(own.adviser.user.public_id)
    assert event.detail == {"reason": "ended_by_admin", "count": 1}
    assert signed_in_client(own.adviser).get(PAGE).status_code == 200


def test_ending_sessions_answers_only_to_post(own: Tenant) -> None:
    member = signed_in_client(own.adviser)
    admin = signed_in_client(own.admin)

    response = admin.get(
        reverse("organisations:member_end_sessions", kwargs={"member_id": own.adviser.public_id})
    )

    assert response.status_code == 405
    assert member.get(PAGE).status_code == 200


def test_signing_out_ends_the_session_on_the_server(own: Tenant) -> None:
    client = signed_in_client(own.adviser)
    key = client.session.session_key

    client.post(reverse("accounts:sign_out"))

    assert not UserSession.objects.filter(session_key=key).exists()
    assert _signed_out(client)
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor=own.adviser.user).exists()
