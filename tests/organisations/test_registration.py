"""Registering an organisation new to the service: from a partnership's page, or by command.

The organisation's first admin is a person who gets an email with a link to choose a password; a
health or advice organisation joins the partnership, a funder takes part through funding instead.
"""

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    Role,
)
from tests.conftest import Tenant, signed_in_client
from tests.organisations.helpers import database_state

pytestmark = pytest.mark.django_db

INVITATION_LINK = re.compile(r"https?://\S+/password-reset/\S+/\S+/")

ADMIN_NAME = "Oluwaseun Quartermaine"
ADMIN_EMAIL = "practice.manager@harbour.example"


def _register_url(tenant: Tenant) -> str:
    return reverse(
        "organisations:organisation_register",
        kwargs={"partnership_id": tenant.partnership.public_id},
    )


def _register(
    client: Client, tenant: Tenant, capture: Any, **change: Any
) -> tuple[HttpResponse, list[Any]]:
    data = {
        "name": "Harbour Medical Practice",
        "kind": "health",
        "ods_code": "Y02345",
        "charity_number": "",
        "admin_full_name": ADMIN_NAME,
        "admin_email": ADMIN_EMAIL,
        **change,
    }
    with capture(execute=True) as callbacks:
        response = client.post(_register_url(tenant), data)
    return response, callbacks


def _created(object_type: type, obj: Any) -> AuditEvent:
    return AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_type=object_type._meta.label_lower,
        object_id=str(obj.public_id),
    )


# Through the partnership's page ----------------------------------------------------------------


def test_a_coordinator_registers_a_health_organisation_that_joins_the_partnership(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in_client(own.coordinator)

    response, _ = _register(client, own, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == own.partnership.get_absolute_url()
    organisation = Organisation.objects.get(name="Harbour Medical Practice")
    assert organisation.kind == OrganisationKind.HEALTH
    assert organisation.ods_code == "Y02345"
    assert PartnershipMember.objects.filter(
        partnership=own.partnership, organisation=organisation
    ).exists()

    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.full_name == ADMIN_NAME
    assert not admin.has_usable_password()
    membership = Membership.objects.get(user=admin)
    assert membership.organisation == organisation
    assert membership.roles == [Role.ORGANISATION_ADMIN]
    assert membership.is_active

    [message] = mail.outbox
    assert message.to == [ADMIN_EMAIL]
    for part in ADMIN_NAME.split():
        assert part not in f"{message.subject}\n{message.body}"
    assert len(INVITATION_LINK.findall(message.body)) == 1

    for model, obj in [(Organisation, organisation), (User, admin), (Membership, membership)]:
        event = _created(model, obj)
        assert event.actor == own.coordinator.user
        assert event.organisation == own.advice
    joined = AuditEvent.objects.get(
        action=AuditAction.CHANGE, object_id=str(own.partnership.public_id)
    )
    assert joined.detail == {"organisation_added": str(organisation.public_id)}

    assert "Harbour Medical Practice" in client.get(response["Location"]).content.decode()


def test_the_registered_admin_follows_the_link_signs_in_and_runs_their_organisation(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    _register(signed_in_client(own.coordinator), own, django_capture_on_commit_callbacks)
    [link] = INVITATION_LINK.findall(mail.outbox[0].body)
    newcomer = Client()

    form = newcomer.get(link, follow=True)
    newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": "harbour-admin-passphrase", "new_password2": "harbour-admin-passphrase"},
    )
    signed_in = newcomer.post(
        reverse("accounts:sign_in"),
        {"username": ADMIN_EMAIL, "password": "harbour-admin-passphrase"},
    )

    assert signed_in.status_code == 302
    assert newcomer.get(reverse("organisations:member_list")).status_code == 200
    detail = newcomer.get(reverse("organisations:organisation_detail")).content.decode()
    assert "Harbour Medical Practice" in detail


def test_a_registered_funder_does_not_join_the_partnership_but_its_admin_is_invited(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    members_before = set(own.partnership.members.values_list("organisation_id", flat=True))

    response, _ = _register(
        signed_in_client(own.coordinator),
        own,
        django_capture_on_commit_callbacks,
        name="Harbour Community Trust",
        kind="funder",
        ods_code="",
        charity_number="1234567",
    )

    assert response.status_code == 302
    funder = Organisation.objects.get(name="Harbour Community Trust")
    assert funder.kind == OrganisationKind.FUNDER
    assert funder.charity_number == "1234567"
    assert not PartnershipMember.objects.filter(organisation=funder).exists()
    assert set(own.partnership.members.values_list("organisation_id", flat=True)) == members_before
    membership = Membership.objects.get(user__email=ADMIN_EMAIL)
    assert (membership.organisation, membership.roles) == (funder, [Role.ORGANISATION_ADMIN])
    [message] = mail.outbox
    assert message.to == [ADMIN_EMAIL]
    assert not AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type=Partnership._meta.label_lower
    ).exists()


def test_a_duplicate_organisation_name_is_refused_and_changes_nothing(
    own: Tenant, other: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in_client(own.coordinator)
    before = database_state()

    response, callbacks = _register(
        client, own, django_capture_on_commit_callbacks, name=other.health.name
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Organisation with this Name already exists." in content
    assert database_state() == before
    assert not User.objects.filter(email=ADMIN_EMAIL).exists()
    assert callbacks == []
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_an_existing_users_email_gives_them_a_membership_and_no_invitation(
    own: Tenant, other: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    person = other.adviser.user
    users_before = User.objects.count()

    response, _ = _register(
        signed_in_client(own.coordinator),
        own,
        django_capture_on_commit_callbacks,
        admin_email=person.email.upper(),
        admin_full_name="Someone Else Entirely",
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Harbour Medical Practice")
    membership = Membership.objects.get(user=person, organisation=organisation)
    assert membership.roles == [Role.ORGANISATION_ADMIN]
    assert User.objects.count() == users_before
    person.refresh_from_db()
    assert person.full_name != "Someone Else Entirely"
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type=User._meta.label_lower
    ).exists()


def test_an_admin_of_a_member_organisation_that_does_not_coordinate_cannot_register(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in_client(own.health_admin)
    before = database_state()

    response, _ = _register(client, own, django_capture_on_commit_callbacks)

    assert response.status_code == 403
    assert database_state() == before
    assert mail.outbox == []
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert event.detail["permission"] == "partnerships.manage"


# By command, for the first organisation of an installation ---------------------------------------


def _create_organisation(**options: str) -> str:
    arguments = {
        "name": "Northbridge Law Centre",
        "kind": "advice",
        "admin-email": "director@northbridge.example",
        "admin-name": "Priyanka Ravensworth",
        **options,
    }
    out = io.StringIO()
    args = [part for key, value in arguments.items() for part in (f"--{key}", value)]
    call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_an_organisation_and_invites_its_admin(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        output = _create_organisation(**{"charity-number": "7654321"})

    organisation = Organisation.objects.get(name="Northbridge Law Centre")
    assert organisation.kind == OrganisationKind.ADVICE
    assert organisation.charity_number == "7654321"
    admin = User.objects.get(email="director@northbridge.example")
    assert not admin.has_usable_password()
    membership = Membership.objects.get(user=admin)
    assert (membership.organisation, membership.roles) == (
        organisation,
        [Role.ORGANISATION_ADMIN],
    )
    assert not PartnershipMember.objects.filter(organisation=organisation).exists()
    [message] = mail.outbox
    assert message.to == ["director@northbridge.example"]
    assert "Priyanka" not in message.body
    assert len(INVITATION_LINK.findall(message.body)) == 1
    assert "Created Northbridge Law Centre" in output
    event = _created(Organisation, organisation)
    assert (event.actor, event.ip_address, event.path) == (None, None, "")


def test_the_command_refuses_a_duplicate_name_and_changes_nothing(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    before = database_state()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(CommandError, match="already exists"),
    ):
        _create_organisation(name=own.advice.name)

    assert database_state() == before
    assert callbacks == []
    assert mail.outbox == []
    assert not User.objects.filter(email="director@northbridge.example").exists()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"admin-email": "not-an-address"}, "valid email address"),
        ({"admin-name": "  "}, "full name"),
    ],
    ids=["bad-email", "blank-name"],
)
def test_the_command_refuses_an_admin_it_could_not_invite(
    db: None, options: dict[str, str], error: str, django_capture_on_commit_callbacks: Any
) -> None:
    before = database_state()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError, match=error):
        _create_organisation(**options)

    assert database_state() == before
    assert mail.outbox == []
