"""Signing in: a fresh session, safe redirects, and lockout after repeated failures."""

import axes.utils
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from healthjustice.accounts.models import UserSession
from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")


@pytest.fixture(autouse=True)
def _no_failed_attempts() -> None:
    axes.utils.reset()


def _post(client: Client, email: str, password: str = PASSWORD, **extra: str) -> HttpResponse:
    return client.post(SIGN_IN, {"username": email, "password": password, **extra})


def test_sign_in_rotates_the_session_key(own: Tenant) -> None:
    client = Client()
    session = client.session
    session["language_hint"] = "planted-before-sign-in"
    session.save()
    key_before = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = _post(client, own.adviser.user.email)

    assert response.status_code == 302
    key_after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()
    assert UserSession.objects.filter(user=own.adviser.user, session_key=key_after).exists()


def test_sign_in_goes_home_and_the_user_acts_for_their_organisation(own: Tenant) -> None:
    client = Client()

    response = _post(client, own.adviser.user.email)

    assert response["Location"] == reverse("core:home")
    page = client.get(reverse("organisations:organisation_detail"))
    assert page.status_code == 200
    assert own.advice.name in page.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message(own: Tenant) -> None:
    client = Client()

    response = _post(client, own.adviser.user.email, "wrong-password-entirely")

    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 302


def test_a_deactivated_account_cannot_sign_in(own: Tenant) -> None:
    own.adviser.user.is_active = False
    own.adviser.user.save()

    response = _post(Client(), own.adviser.user.email)

    assert response.status_code == 400


@pytest.mark.parametrize(
    "target", ["/organisation/", "/partnerships/?page=2", "http://testserver/account/"]
)
def test_next_is_honoured_for_same_site_urls(own: Tenant, target: str) -> None:
    response = _post(Client(), own.adviser.user.email, next=target)

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "http://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example/",
    ],
)
def test_next_is_ignored_for_other_sites(own: Tenant, target: str) -> None:
    response = _post(Client(), own.adviser.user.email, next=target)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_next_from_the_query_string_is_honoured(own: Tenant) -> None:
    response = Client().post(
        f"{SIGN_IN}?next=/organisation/",
        {"username": own.adviser.user.email, "password": PASSWORD},
    )

    assert response["Location"] == "/organisation/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_the_failure_limit_answers_429_and_is_audited(own: Tenant) -> None:
    client = Client()
    email = own.adviser.user.email

    statuses = [_post(client, email, "wrong-password-entirely").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    locked = _post(client, email)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 302
    events = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT)
    assert events.count() == 2
    assert {event.actor for event in events} == {own.adviser.user}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_of_one_account_leaves_others_signing_in(own: Tenant) -> None:
    client = Client()
    for _ in range(3):
        _post(client, own.adviser.user.email, "wrong-password-entirely")

    assert _post(client, own.coordinator.user.email).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_resets_the_failure_count(own: Tenant) -> None:
    email = own.adviser.user.email
    for _ in range(2):
        _post(Client(), email, "wrong-password-entirely")
    assert _post(Client(), email).status_code == 302

    statuses = [_post(Client(), email, "wrong-password-entirely").status_code for _ in range(2)]

    assert statuses == [400, 400]
