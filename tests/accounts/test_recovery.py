"""Getting back in: a lost authenticator, a password never chosen, a lockout, stale sessions."""

import io
import re
from datetime import timedelta

import axes.utils
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.accounts.models import User, UserSession
from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
PAGE = reverse("organisations:organisation_detail")
NEW_PASSWORD = "a-brand-new-passphrase-77"
LINK = re.compile(r"https?://[^\s]+/password-reset/[^\s]+/[^\s]+/")


@pytest.fixture(autouse=True)
def _no_failed_attempts() -> None:
    axes.utils.reset()


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> int:
    return client.post(SIGN_IN, {"username": email, "password": password}).status_code


# Resetting a lost authenticator ----------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def _reset_two_factor(email: str) -> str:
    out = io.StringIO()
    call_command("reset_two_factor", email, stdout=out)
    return out.getvalue()


@pytest.fixture
def verified(own: Tenant) -> Client:
    """The adviser, signed in with their authenticator's code."""
    device = TOTPDevice.objects.create(user=own.adviser.user, name="phone", confirmed=True)
    client = signed_in_client(own.adviser)
    assert client.post(VERIFY, {"token": _code(device)})["Location"] == reverse("core:home")
    assert client.get(PAGE).status_code == 200
    return client


def test_resetting_two_factor_removes_the_device_and_signs_out_everywhere(
    own: Tenant, verified: Client
) -> None:
    user = own.adviser.user
    unverified = signed_in_client(own.adviser)
    bystander = signed_in_client(own.coordinator)

    output = _reset_two_factor(user.email.upper())

    assert "Two-factor sign-in reset" in output
    assert not TOTPDevice.objects.filter(user=user).exists()
    for client in (verified, unverified):
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)
    assert not UserSession.objects.filter(user=user).exists()
    assert bystander.get(PAGE).status_code == 200

    change = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(user.public_id))
    assert change.detail == {"fields": ["two_factor_device"], "reason": "authenticator_reset"}
    assert change.actor is None
    ended = AuditEvent.objects.get(action=AuditAction.SESSIONS_ENDED)
    assert ended.object_id == str(user.public_id)
    assert ended.detail == {"reason": "authenticator_reset", "count": 2}


@override_settings(REQUIRE_2FA=True)
def test_after_a_reset_the_person_sets_up_a_new_authenticator_at_sign_in(
    own: Tenant, verified: Client
) -> None:
    _reset_two_factor(own.adviser.user.email)
    client = signed_in_client(own.adviser)

    assert client.get(PAGE)["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == SETUP


def test_resetting_two_factor_for_an_unknown_address_fails_and_changes_nothing(
    own: Tenant,
) -> None:
    TOTPDevice.objects.create(user=own.adviser.user, name="phone", confirmed=True)

    with pytest.raises(CommandError, match=r"No account uses that email address\."):
        _reset_two_factor("nobody@example.org")

    assert TOTPDevice.objects.filter(user=own.adviser.user).count() == 1
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CHANGE, AuditAction.SESSIONS_ENDED]
    ).exists()


# Password reset for people who never chose a password ------------------------------------------


def _request_reset(email: str) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": email})
    assert response["Location"] == reverse("accounts:password_reset_done")


def test_an_invited_person_without_a_password_can_reset_it_and_sign_in(db: None) -> None:
    user = UserFactory(email="invited@example.org")
    user.set_unusable_password()
    user.save()

    _request_reset("Invited@Example.org")

    [message] = mail.outbox
    assert message.to == ["invited@example.org"]
    [link] = LINK.findall(message.body)
    client = Client()
    form_page = client.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.has_usable_password()
    assert _sign_in(Client(), "invited@example.org", NEW_PASSWORD) == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, actor=user, detail__known_account=True
    ).exists()


@pytest.mark.parametrize("usable_password", [True, False], ids=["with-password", "invited"])
def test_a_deactivated_person_gets_no_reset_email(db: None, usable_password: bool) -> None:
    user = UserFactory(email="gone@example.org", is_active=False)
    if not usable_password:
        user.set_unusable_password()
        user.save()

    _request_reset(user.email)

    assert mail.outbox == []
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert event.actor is None
    assert event.detail == {"known_account": False}


# Tracked sessions are tidied at sign-in ----------------------------------------------------------


def _stored_session(*, expires_in: timedelta) -> str:
    store = SessionStore()
    store["planted"] = True
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return str(store.session_key)


def test_signing_in_forgets_the_users_dead_sessions_and_keeps_the_live_ones(
    own: Tenant,
) -> None:
    user = own.adviser.user
    live = signed_in_client(own.adviser)
    live_key = live.session.session_key
    expired_key = _stored_session(expires_in=-timedelta(minutes=1))
    UserSession.objects.create(user=user, session_key=expired_key)
    UserSession.objects.create(user=user, session_key="no-such-session-anymore")
    others_dead = UserSession.objects.create(user=own.coordinator.user, session_key="others-gone")

    client = Client()
    assert _sign_in(client, user.email) == 302

    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    assert keys == {live_key, client.session.session_key}
    assert UserSession.objects.filter(pk=others_dead.pk).exists()
    assert live.get(PAGE).status_code == 200


def test_a_session_expiring_later_is_kept_at_sign_in(own: Tenant) -> None:
    user: User = own.adviser.user
    later = _stored_session(expires_in=timedelta(minutes=5))
    UserSession.objects.create(user=user, session_key=later)

    assert _sign_in(Client(), user.email) == 302

    assert UserSession.objects.filter(user=user, session_key=later).exists()


# The locked-out page ---------------------------------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=45))
def test_the_locked_out_page_states_the_configured_cool_off_time(own: Tenant) -> None:
    client = Client()
    email = own.adviser.user.email

    statuses = [_sign_in(client, email, "wrong-password-entirely") for _ in range(2)]
    locked = client.post(SIGN_IN, {"username": email, "password": PASSWORD})

    assert statuses == [400, 429]
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Wait 45 minutes and try again" in content
    assert "30 minutes" not in content
    assert client.get(reverse("accounts:account")).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=1, AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_locked_out_page_says_minute_for_one_minute(own: Tenant) -> None:
    response = Client().post(
        SIGN_IN, {"username": own.adviser.user.email, "password": "wrong-password-entirely"}
    )

    assert response.status_code == 429
    assert "Wait 1 minute and try again" in response.content.decode()
