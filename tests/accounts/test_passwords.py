"""Password reset by email (a link, no personal details) and password change."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-77"
LINK = re.compile(r"https?://[^\s]+/password-reset/[^\s]+/[^\s]+/")


def _can_sign_in(email: str, password: str) -> bool:
    response = Client().post(reverse("accounts:sign_in"), {"username": email, "password": password})
    return response.status_code == 302


def _reset_link(email: str) -> str:
    response = Client().post(reverse("accounts:password_reset"), {"email": email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    [link] = LINK.findall(message.body)
    return link


def test_the_reset_email_carries_a_link_and_no_personal_details(own: Tenant) -> None:
    user = own.adviser.user
    user.full_name = "Zebedee Quixote"
    user.job_title = "Welfare rights adviser"
    user.save()

    _reset_link(user.email)

    [message] = mail.outbox
    assert message.to == [user.email]
    text = f"{message.subject}\n{message.body}"
    for personal in ("Zebedee", "Quixote", "Welfare rights adviser", user.email, own.advice.name):
        assert personal not in text
    assert message.alternatives == []


def test_the_reset_link_sets_a_new_password(own: Tenant) -> None:
    user = own.adviser.user
    link = _reset_link(user.email)
    client = Client()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert _can_sign_in(user.email, NEW_PASSWORD)
    assert not _can_sign_in(user.email, PASSWORD)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=user).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, actor=user, detail__known_account=True
    ).exists()


def test_a_reset_link_works_only_once(own: Tenant) -> None:
    link = _reset_link(own.adviser.user.email)
    client = Client()
    url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert "new_password1" not in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(db: None) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert event.actor is None
    assert event.detail == {"known_account": False}


def test_changing_the_password_keeps_the_user_signed_in_and_is_audited(own: Tenant) -> None:
    user = own.adviser.user
    client = signed_in_client(own.adviser)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).status_code == 200
    assert _can_sign_in(user.email, NEW_PASSWORD)
    assert not _can_sign_in(user.email, PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.actor == user
    assert event.object_id == str(user.public_id)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"old_password": "not-it", "new_password1": NEW_PASSWORD},
            "Your old password was entered incorrectly",
        ),
        ({"old_password": PASSWORD, "new_password1": "short1"}, "This password is too short"),
    ],
    ids=["wrong-old-password", "too-short"],
)
def test_a_refused_password_change_changes_nothing(
    own: Tenant, data: dict[str, str], error: str
) -> None:
    client = signed_in_client(own.adviser)
    hashed = User.objects.get(pk=own.adviser.user.pk).password

    response = client.post(
        reverse("accounts:password_change"), {**data, "new_password2": data["new_password1"]}
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert User.objects.get(pk=own.adviser.user.pk).password == hashed
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()
