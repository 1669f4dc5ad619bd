"""The audit trail: what is recorded, that it names fields and not values, and that it is final."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_sign_in_is_audited_with_who_and_where(own: Tenant) -> None:
    signed_in_client(own.adviser)

    [event] = _events(AuditAction.SIGN_IN)
    assert event.actor == own.adviser.user
    assert event.actor_email == own.adviser.user.email
    assert event.ip_address == "127.0.0.1"
    assert event.path == reverse("accounts:sign_in")


def test_failed_sign_in_with_a_wrong_password_is_audited_against_the_account(
    own: Tenant,
) -> None:
    response = Client().post(
        reverse("accounts:sign_in"),
        {"username": own.adviser.user.email, "password": "not-the-password"},
    )

    assert response.status_code == 400
    [event] = _events(AuditAction.SIGN_IN_FAILED)
    assert event.actor == own.adviser.user
    assert event.detail == {"reason": "wrong_password"}
    assert "not-the-password" not in str(event.detail)


def test_failed_sign_in_for_an_unknown_account_is_audited_without_an_actor(db: None) -> None:
    response = Client().post(
        reverse("accounts:sign_in"), {"username": "nobody@example.org", "password": PASSWORD}
    )

    assert response.status_code == 400
    [event] = _events(AuditAction.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.detail == {"reason": "unknown_account"}


def test_a_role_without_permission_gets_403_and_a_permission_denied_event(own: Tenant) -> None:
    client = signed_in_client(own.referrer)

    response = client.get(reverse("core:audit_log"))

    assert response.status_code == 403
    [event] = _events(AuditAction.PERMISSION_DENIED)
    assert event.actor == own.referrer.user
    assert event.organisation == own.health
    assert event.detail["permission"] == "audit.view"
    assert event.path == reverse("core:audit_log")


def test_another_organisations_record_gets_404_and_a_permission_denied_event(
    own: Tenant, other: Tenant
) -> None:
    client = signed_in_client(own.admin)
    url = reverse("organisations:site_edit", kwargs={"site_id": other.advice_site.public_id})

    response = client.get(url)

    assert response.status_code == 404
    [event] = _events(AuditAction.PERMISSION_DENIED)
    assert event.actor == own.admin.user
    assert event.organisation == own.advice
    assert event.detail["reason"] == "not_in_scope"
    assert event.path == url


def test_opening_a_members_record_writes_a_view_event(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    response = client.get(
        reverse("organisations:member_edit", kwargs={"member_id": own.adviser.public_id})
    )

    assert response.status_code == 200
    [event] = _events(AuditAction.VIEW)
    assert event.actor == own.admin.user
    assert event.organisation == own.advice
    assert event.object_type == "accounts.user"
    assert event.object_id == str(own.adviser.user.public_id)


def test_a_create_is_audited_with_the_new_records_public_id(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    response = client.post(
        reverse("organisations:site_create"),
        {"name": "Harbour outreach office", "setting": "advice", "address": "", "postcode": ""},
    )

    assert response.status_code == 302
    site = own.advice.sites.get(name="Harbour outreach office")
    [event] = _events(AuditAction.CREATE)
    assert event.object_type == "organisations.site"
    assert event.object_id == str(site.public_id)
    assert event.organisation == own.advice
    assert event.actor == own.admin.user


def test_a_change_is_audited_with_field_names_and_never_values(own: Tenant) -> None:
    client = signed_in_client(own.admin)
    site = own.advice_site

    response = client.post(
        reverse("organisations:site_edit", kwargs={"site_id": site.public_id}),
        {"name": site.name, "setting": site.setting, "address": "7 Secret Street", "postcode": ""},
    )

    assert response.status_code == 302
    [event] = _events(AuditAction.CHANGE)
    assert event.object_id == str(site.public_id)
    assert event.detail == {"fields": ["address", "postcode"]}
    assert "Secret" not in str(event.detail)


def test_saving_without_a_change_writes_no_change_event(own: Tenant) -> None:
    client = signed_in_client(own.admin)
    site = own.advice_site

    response = client.post(
        reverse("organisations:site_edit", kwargs={"site_id": site.public_id}),
        {"name": site.name, "setting": site.setting, "address": "", "postcode": site.postcode},
    )

    assert response.status_code == 302
    assert _events(AuditAction.CHANGE) == []


# The trail is append-only in the database itself -------------------------------------------------


@pytest.fixture
def event(own: Tenant) -> AuditEvent:
    return AuditEvent.objects.create(
        action=AuditAction.VIEW,
        actor=own.admin.user,
        actor_email=own.admin.user.email,
        organisation=own.advice,
        object_type="accounts.user",
        object_id="original",
    )


def _assert_unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.object_id == "original"
    assert stored.actor_email == event.actor_email
    assert stored.action == AuditAction.VIEW


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET object_id = 'tampered' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_raw_sql_that_updates_or_deletes_an_event(
    event: AuditEvent, statement: str
) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])

    _assert_unchanged(event)


def test_the_database_refuses_queryset_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_id="tampered")

    _assert_unchanged(event)


def test_the_database_refuses_queryset_delete(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    _assert_unchanged(event)


def test_the_database_refuses_saving_a_changed_event(event: AuditEvent) -> None:
    event.object_id = "tampered"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()

    event.object_id = "original"
    _assert_unchanged(event)


def test_deleting_a_user_keeps_their_audit_history(own: Tenant) -> None:
    user = UserFactory()
    AuditEvent.objects.create(action=AuditAction.SIGN_IN, actor=user, actor_email=user.email)

    user.delete()

    assert AuditEvent.objects.filter(actor_email=user.email).count() == 1
