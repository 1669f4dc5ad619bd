"""Notifications: in the service for every change, by email only as a link."""

import pytest
from django.core import mail
from django.urls import reverse

from healthjustice.core.models import Notification, NotificationKind
from healthjustice.referrals.models import ReferralStatus
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import consented_client, referral_for
from tests.referrals.helpers import refer_url, referral_form, transition_url

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("core:notifications")


def test_a_new_referral_notifies_the_advice_team_and_emails_only_a_link(
    own: Tenant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = consented_client(own, given_name="Rhiannon", family_name="Gethin")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client(own.referrer).post(refer_url(client), referral_form(own))
    assert response.status_code == 302

    notified = Notification.objects.filter(kind=NotificationKind.REFERRAL_RECEIVED)
    assert {n.recipient for n in notified} == {own.adviser.user}
    assert {n.organisation for n in notified} == {own.advice}
    assert [message.to for message in mail.outbox] == [[own.adviser.user.email]]
    body = mail.outbox[0].body + mail.outbox[0].subject
    reference = notified.get().reference
    for private in ("Rhiannon", "Gethin", reference, "benefits"):
        assert private not in body
    assert "http" in body


def test_a_status_change_notifies_the_referrer_in_the_service_and_by_email_only_if_asked(
    own: Tenant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    referral = referral_for(own)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(own.adviser).post(transition_url(referral), {"to_status": "accepted"})
    notice = Notification.objects.get(kind=NotificationKind.REFERRAL_STATUS_CHANGED)
    assert (notice.recipient, notice.status) == (own.referrer.user, ReferralStatus.ACCEPTED)
    assert mail.outbox == []

    own.referrer.user.email_on_referral_updates = True
    own.referrer.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(own.adviser).post(transition_url(referral), {"to_status": "in-progress"})
    assert [message.to for message in mail.outbox] == [[own.referrer.user.email]]
    assert referral.reference not in mail.outbox[0].body


def test_the_referrer_is_not_notified_of_their_own_cancellation(own: Tenant) -> None:
    referral = referral_for(own)
    signed_in_client(own.referrer).post(
        transition_url(referral), {"to_status": "cancelled", "reason": "Sorted at the surgery."}
    )
    assert not Notification.objects.filter(recipient=own.referrer.user).exists()


def test_the_page_lists_notifications_of_the_acting_organisation_and_marks_them_read(
    own: Tenant, other: Tenant
) -> None:
    referral = referral_for(own)
    signed_in_client(own.adviser).post(transition_url(referral), {"to_status": "accepted"})
    client = signed_in_client(own.referrer)

    home = client.get(reverse("core:home")).content.decode()
    page = client.get(NOTIFICATIONS).content.decode()

    assert '1<span class="nhsuk-u-visually-hidden"> unread</span>' in home
    assert f"Referral {referral.reference} is now: Accepted" in page
    assert (
        signed_in_client(other.referrer)
        .get(NOTIFICATIONS)
        .content.decode()
        .count(referral.reference)
        == 0
    )
    client.post(NOTIFICATIONS)
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "unread</span>" not in client.get(reverse("core:home")).content.decode()


def test_the_email_preference_is_saved_from_the_account_page(own: Tenant) -> None:
    client = signed_in_client(own.referrer)
    client.post(reverse("accounts:preferences"), {"email_on_referral_updates": "on"})
    own.referrer.user.refresh_from_db()
    assert own.referrer.user.email_on_referral_updates is True
    client.post(reverse("accounts:preferences"), {})
    own.referrer.user.refresh_from_db()
    assert own.referrer.user.email_on_referral_updates is False
