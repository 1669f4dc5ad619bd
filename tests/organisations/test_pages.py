"""Organisation and partnership set-up through the pages: the rules of the services hold.

Bad input answers 400 with a clear error, and changes nothing: no row and no audit event.
"""

import re
from typing import Any

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import (
    Funding,
    Membership,
    Partnership,
    PartnershipMember,
    Pathway,
    Service,
    Site,
    Team,
)
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import OrganisationFactory, ServiceFactory, TeamFactory
from tests.organisations.helpers import database_state, funding_form, partnership_url

pytestmark = pytest.mark.django_db


class Refused:
    """Post bad input and check that it was refused with `error` and changed nothing."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def __call__(self, url: str, data: dict[str, Any], error: str) -> None:
        before = database_state()
        mail.outbox.clear()

        response = self.client.post(url, data)

        assert response.status_code == 400
        content = response.content.decode()
        assert "There is a problem" in content
        assert error in content
        assert database_state() == before
        assert mail.outbox == []


def _written(action: str, model: type) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_type=model._meta.label_lower)


# Organisation, sites, teams, advice services ------------------------------------------------------


def test_an_admin_edits_the_organisations_details(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    response = client.post(
        reverse("organisations:organisation_edit"),
        {"name": own.advice.name, "phone": "01632 960000", "website": "advice.example"},
    )

    assert response.status_code == 302
    own.advice.refresh_from_db()
    assert own.advice.phone == "01632 960000"
    assert own.advice.website == "https://advice.example"
    assert _written(AuditAction.CHANGE, type(own.advice)).detail == {"fields": ["phone", "website"]}


def test_an_organisation_cannot_take_another_organisations_name(own: Tenant, other: Tenant) -> None:
    Refused(signed_in_client(own.admin))(
        reverse("organisations:organisation_edit"),
        {"name": other.advice.name},
        "already exists",
    )


def test_a_site_is_created_in_the_acting_organisation(own: Tenant) -> None:
    client = signed_in_client(own.coordinator)

    response = client.post(
        reverse("organisations:site_create"),
        {"name": "Harbour office", "setting": "advice", "postcode": "RV9 9ZZ"},
    )

    assert response["Location"] == reverse("organisations:organisation_detail")
    site = Site.objects.get(name="Harbour office")
    assert site.organisation == own.advice
    assert "Harbour office" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "", "setting": "advice"}, "This field is required."),
        ({"name": "Riverside advice centre", "setting": "advice"}, "already exists"),
        ({"name": "Somewhere", "setting": "castle"}, "Select a valid choice."),
    ],
    ids=["no-name", "duplicate-name", "unknown-setting"],
)
def test_a_bad_site_is_refused(own: Tenant, data: dict[str, str], error: str) -> None:
    Refused(signed_in_client(own.admin))(reverse("organisations:site_create"), data, error)


def test_two_organisations_may_each_have_a_site_of_the_same_name(
    own: Tenant, other: Tenant
) -> None:
    response = signed_in_client(own.admin).post(
        reverse("organisations:site_create"), {"name": other.advice_site.name, "setting": "advice"}
    )

    assert response.status_code == 302
    assert Site.objects.filter(name=other.advice_site.name).count() == 2


def test_a_site_is_edited(own: Tenant) -> None:
    url = reverse("organisations:site_edit", kwargs={"site_id": own.advice_site.public_id})

    response = signed_in_client(own.admin).post(
        url, {"name": "Renamed centre", "setting": "advice"}
    )

    assert response.status_code == 302
    own.advice_site.refresh_from_db()
    assert own.advice_site.name == "Renamed centre"


def test_a_team_is_created_at_one_of_the_organisations_sites(own: Tenant) -> None:
    response = signed_in_client(own.admin).post(
        reverse("organisations:team_create"),
        {"name": "Debt team", "setting": "advice", "site": own.advice_site.pk},
    )

    assert response.status_code == 302
    team = Team.objects.get(name="Debt team")
    assert (team.organisation, team.site) == (own.advice, own.advice_site)
    assert _written(AuditAction.CREATE, Team).object_id == str(team.public_id)


def test_a_team_cannot_be_placed_at_another_organisations_site(own: Tenant, other: Tenant) -> None:
    refused = Refused(signed_in_client(own.admin))
    data = {"name": "Debt team", "setting": "advice", "site": other.advice_site.pk}

    refused(reverse("organisations:team_create"), data, "Select a valid choice.")
    refused(
        reverse("organisations:team_edit", kwargs={"team_id": own.advice_team.public_id}),
        data,
        "Select a valid choice.",
    )


def test_a_team_is_moved_to_another_of_the_organisations_sites(own: Tenant) -> None:
    second = Site.objects.create(organisation=own.advice, name="Second office")
    url = reverse("organisations:team_edit", kwargs={"team_id": own.advice_team.public_id})

    response = signed_in_client(own.admin).post(
        url, {"name": own.advice_team.name, "setting": own.advice_team.setting, "site": second.pk}
    )

    assert response.status_code == 302
    own.advice_team.refresh_from_db()
    assert own.advice_team.site == second
    assert _written(AuditAction.CHANGE, Team).detail == {"fields": ["site"]}


SERVICE_LEVELS = {
    "urgent_contact_days": "2",
    "soon_contact_days": "3",
    "routine_contact_days": "5",
    "contact_attempts_limit": "3",
}
SERVICE = {
    "name": "Housing advice",
    "topics": ["housing", "debt"],
    "channels": ["phone", "video"],
    "typical_wait_days": "4",
    **SERVICE_LEVELS,
    "urgent_contact_days": "1",
    "contact_attempts_limit": "4",
}


def test_an_advice_organisation_adds_an_advice_service(own: Tenant) -> None:
    response = signed_in_client(own.admin).post(reverse("organisations:service_create"), SERVICE)

    assert response.status_code == 302
    service = Service.objects.get(name="Housing advice")
    assert service.organisation == own.advice
    assert service.topics == ["housing", "debt"]
    assert service.typical_wait_days == 4
    assert (
        service.urgent_contact_days,
        service.soon_contact_days,
        service.routine_contact_days,
        service.contact_attempts_limit,
    ) == (1, 3, 5, 4)


def test_a_new_service_form_offers_the_default_service_levels(own: Tenant) -> None:
    content = (
        signed_in_client(own.admin).get(reverse("organisations:service_create")).content.decode()
    )

    for name, value in SERVICE_LEVELS.items():
        assert re.search(rf'name="{name}"[^>]*value="{value}"', content), name


def test_a_health_organisation_cannot_offer_an_advice_service(own: Tenant) -> None:
    Refused(signed_in_client(own.health_admin))(
        reverse("organisations:service_create"),
        SERVICE,
        "Only advice organisations offer advice services.",
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"topics": []}, "This field is required."),
        ({"topics": ["astrology"]}, "Select a valid choice."),
        ({"typical_wait_days": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"urgent_contact_days": "0"}, "The target must be at least 1 working day."),
        ({"routine_contact_days": "31"}, "The target can be at most 30 working days."),
        ({"soon_contact_days": "two"}, "Enter a whole number, for example 3."),
        ({"routine_contact_days": ""}, "Enter the target for first contact with routine"),
        ({"contact_attempts_limit": "0"}, "Allow at least 1 contact attempt."),
        ({"contact_attempts_limit": "11"}, "Allow at most 10 contact attempts."),
        (
            {"urgent_contact_days": "4"},
            "Urgent referrals need a target no longer than referrals to be seen soon.",
        ),
        (
            {"soon_contact_days": "6"},
            "Referrals to be seen soon need a target no longer than routine referrals.",
        ),
    ],
    ids=[
        "no-topics",
        "unknown-topic",
        "negative-wait",
        "no-days",
        "too-many-days",
        "not-a-number",
        "missing-target",
        "no-attempts",
        "too-many-attempts",
        "urgent-after-soon",
        "soon-after-routine",
    ],
)
def test_a_bad_advice_service_is_refused(own: Tenant, change: dict[str, Any], error: str) -> None:
    Refused(signed_in_client(own.admin))(
        reverse("organisations:service_create"), {**SERVICE, **change}, error
    )


def test_an_advice_service_is_edited_and_the_change_names_fields(own: Tenant) -> None:
    url = reverse("organisations:service_edit", kwargs={"service_id": own.service.public_id})

    response = signed_in_client(own.admin).post(
        url,
        {
            "name": own.service.name,
            "topics": ["benefits"],
            "channels": ["phone"],
            **SERVICE_LEVELS,
            "contact_attempts_limit": "5",
        },
    )

    assert response.status_code == 302
    own.service.refresh_from_db()
    assert own.service.topics == ["benefits"]
    assert own.service.contact_attempts_limit == 5
    assert _written(AuditAction.CHANGE, Service).detail == {
        "fields": ["contact_attempts_limit", "topics"]
    }


# Members ------------------------------------------------------------------------------------------

INVITATION_LINK = re.compile(r"https?://\S+/password-reset/\S+/\S+/")


def _add_member(client: Client, **data: Any) -> HttpResponse:
    return client.post(
        reverse("organisations:member_add"),
        {
            "email": "new.person@example.org",
            "full_name": "Nia Newcomer",
            "roles": ["adviser"],
            **data,
        },
    )


def test_a_new_person_is_added_and_invited_by_an_email_with_a_link(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in_client(own.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _add_member(client, email="New.Person@Example.org", team=own.advice_team.pk)

    assert response["Location"] == reverse("organisations:member_list")
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.roles, membership.team) == (
        own.advice,
        ["adviser"],
        own.advice_team,
    )
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "Nia" not in message.body
    assert "Newcomer" not in message.body
    [link] = INVITATION_LINK.findall(message.body)

    newcomer = Client()
    form = newcomer.get(link, follow=True)
    newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": "my-own-new-passphrase", "new_password2": "my-own-new-passphrase"},
    )
    signed_in = newcomer.post(
        reverse("accounts:sign_in"),
        {"username": "new.person@example.org", "password": "my-own-new-passphrase"},
    )
    assert signed_in.status_code == 302
    assert (
        own.advice_site.name
        in newcomer.get(reverse("organisations:organisation_detail")).content.decode()
    )


def test_adding_someone_already_in_the_service_gives_a_membership_and_no_invitation(
    own: Tenant, other: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    person = other.adviser.user

    with django_capture_on_commit_callbacks(execute=True):
        response = _add_member(signed_in_client(own.admin), email=person.email)

    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=own.advice).exists()
    assert mail.outbox == []


def test_adding_an_existing_member_again_is_refused(own: Tenant) -> None:
    Refused(signed_in_client(own.admin))(
        reverse("organisations:member_add"),
        {"email": own.adviser.user.email.upper(), "full_name": "Again", "roles": ["adviser"]},
        "This person is already a member of your organisation.",
    )


@pytest.mark.parametrize(
    ("acting", "roles"),
    [
        ("admin", ["referrer"]),
        ("admin", ["funder_viewer"]),
        ("health_admin", ["adviser"]),
        ("health_admin", ["supervisor"]),
        ("admin", ["superuser"]),
    ],
)
def test_roles_must_fit_the_kind_of_organisation(
    own: Tenant, acting: str, roles: list[str]
) -> None:
    Refused(signed_in_client(getattr(own, acting)))(
        reverse("organisations:member_add"),
        {"email": "new.person@example.org", "full_name": "Nia Newcomer", "roles": roles},
        "Select a valid choice.",
    )


def test_a_member_needs_a_role_and_a_team_of_their_organisation(own: Tenant, other: Tenant) -> None:
    refused = Refused(signed_in_client(own.admin))
    url = reverse("organisations:member_add")
    person = {"email": "new.person@example.org", "full_name": "Nia Newcomer"}

    refused(url, {**person, "roles": []}, "This field is required.")
    refused(url, {**person, "roles": ["adviser"], "team": other.advice_team.pk}, "Select a valid")
    refused(url, {**person, "email": "not-an-address", "roles": ["adviser"]}, "Enter a valid email")


def test_a_members_roles_are_changed_and_the_change_is_audited(own: Tenant) -> None:
    url = reverse("organisations:member_edit", kwargs={"member_id": own.adviser.public_id})

    response = signed_in_client(own.admin).post(
        url, {"roles": ["adviser", "supervisor"], "team": own.advice_team.pk, "is_active": "on"}
    )

    assert response.status_code == 302
    own.adviser.refresh_from_db()
    assert own.adviser.roles == ["adviser", "supervisor"]
    assert _written(AuditAction.CHANGE, Membership).detail == {"fields": ["roles"]}


@pytest.mark.parametrize(
    "data",
    [{"roles": ["organisation_admin"]}, {"roles": ["adviser"], "is_active": "on"}],
    ids=["deactivate-self", "drop-own-admin-role"],
)
def test_an_admin_cannot_lock_themselves_out(own: Tenant, data: dict[str, Any]) -> None:
    Refused(signed_in_client(own.admin))(
        reverse("organisations:member_edit", kwargs={"member_id": own.admin.public_id}),
        data,
        "You cannot remove your own admin role or deactivate yourself.",
    )


def test_a_members_roles_must_fit_the_organisation_when_edited(own: Tenant) -> None:
    Refused(signed_in_client(own.admin))(
        reverse("organisations:member_edit", kwargs={"member_id": own.adviser.public_id}),
        {"roles": ["referrer"], "is_active": "on"},
        "Select a valid choice.",
    )


# Partnerships ----------------------------------------------------------------------------------


PARTNERSHIP = {
    "name": "Harbour Health Justice Partnership",
    "integration_model": "embedded",
    "channels": ["face_to_face"],
    "start_date": "2026-04-01",
    "status": "planned",
}


@pytest.mark.parametrize("acting", ["coordinator", "admin", "health_admin"])
def test_the_creators_organisation_coordinates_and_takes_part_in_a_new_partnership(
    own: Tenant, acting: str
) -> None:
    membership: Membership = getattr(own, acting)

    response = signed_in_client(membership).post(
        reverse("organisations:partnership_create"), PARTNERSHIP
    )

    partnership = Partnership.objects.get(name=PARTNERSHIP["name"])
    assert response["Location"] == partnership.get_absolute_url()
    assert partnership.coordinating_organisation == membership.organisation
    assert list(partnership.organisations.all()) == [membership.organisation]
    assert _written(AuditAction.CREATE, Partnership).object_id == str(partnership.public_id)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"name": "Valley partnership"}, "already exists"),
        ({"start_date": "2026-02-30"}, "Enter a valid date."),
        ({"channels": []}, "This field is required."),
        ({"integration_model": "telepathy"}, "Select a valid choice."),
    ],
    ids=["duplicate-name", "bad-date", "no-channel", "unknown-model"],
)
def test_a_bad_partnership_is_refused(
    own: Tenant, other: Tenant, change: dict[str, Any], error: str
) -> None:
    Refused(signed_in_client(own.coordinator))(
        reverse("organisations:partnership_create"), {**PARTNERSHIP, **change}, error
    )


def test_an_organisation_is_added_to_a_partnership(own: Tenant) -> None:
    hospital = OrganisationFactory(name="Riverside Hospital", health=True)

    response = signed_in_client(own.coordinator).post(
        partnership_url(own, "partnership_member_add"),
        {"organisation": hospital.pk, "joined_on": "2026-05-01"},
    )

    assert response["Location"] == own.partnership.get_absolute_url()
    member = PartnershipMember.objects.get(partnership=own.partnership, organisation=hospital)
    assert str(member.joined_on) == "2026-05-01"
    event = _written(AuditAction.CHANGE, Partnership)
    assert event.detail == {"organisation_added": str(hospital.public_id)}


def test_funders_and_existing_members_cannot_be_added_as_organisations(own: Tenant) -> None:
    refused = Refused(signed_in_client(own.coordinator))
    url = partnership_url(own, "partnership_member_add")

    refused(url, {"organisation": own.funder.pk}, "Select a valid choice.")
    refused(url, {"organisation": own.health.pk}, "Select a valid choice.")


def test_the_coordinating_organisation_cannot_remove_itself(own: Tenant) -> None:
    client = signed_in_client(own.coordinator)
    before = database_state()

    response = client.post(
        partnership_url(own, "partnership_member_remove", organisation_id=own.advice.public_id),
        follow=True,
    )

    assert "The coordinating organisation cannot leave its own partnership." in (
        response.content.decode()
    )
    assert database_state() == before


def test_removing_an_organisation_deactivates_its_pathways(own: Tenant) -> None:
    second_health = OrganisationFactory(name="Canal Street Surgery", health=True)
    PartnershipMember.objects.create(partnership=own.partnership, organisation=second_health)
    staying = Pathway.objects.create(
        partnership=own.partnership,
        from_team=TeamFactory(organisation=second_health),
        to_service=own.service,
        topics=["debt"],
    )

    response = signed_in_client(own.coordinator).post(
        partnership_url(own, "partnership_member_remove", organisation_id=own.health.public_id)
    )

    assert response["Location"] == own.partnership.get_absolute_url()
    assert not own.partnership.members.filter(organisation=own.health).exists()
    own.pathway.refresh_from_db()
    staying.refresh_from_db()
    assert own.pathway.is_active is False
    assert staying.is_active is True
    event = _written(AuditAction.CHANGE, Partnership)
    assert event.detail == {"organisation_removed": str(own.health.public_id)}


def test_removing_an_advice_organisation_deactivates_pathways_into_its_services(
    own: Tenant,
) -> None:
    law_centre = OrganisationFactory(name="Northbridge Law Centre", advice=True)
    PartnershipMember.objects.create(partnership=own.partnership, organisation=law_centre)
    into_law_centre = Pathway.objects.create(
        partnership=own.partnership,
        from_team=own.health_team,
        to_service=ServiceFactory(organisation=law_centre, topics=["housing"]),
        topics=["housing"],
    )

    signed_in_client(own.coordinator).post(
        partnership_url(own, "partnership_member_remove", organisation_id=law_centre.public_id)
    )

    into_law_centre.refresh_from_db()
    own.pathway.refresh_from_db()
    assert into_law_centre.is_active is False
    assert own.pathway.is_active is True


# Pathways --------------------------------------------------------------------------------------


def _pathway(tenant: Tenant, **change: Any) -> dict[str, Any]:
    return {
        "from_team": tenant.health_team.pk,
        "from_site": "",
        "to_service": tenant.service.pk,
        "topics": ["debt"],
        "is_active": "on",
        **change,
    }


@pytest.mark.parametrize("origin", ["team", "site"])
def test_a_pathway_is_added_from_a_team_or_a_site(own: Tenant, origin: str) -> None:
    data = (
        _pathway(own)
        if origin == "team"
        else _pathway(own, from_team="", from_site=own.health_site.pk)
    )

    response = signed_in_client(own.coordinator).post(partnership_url(own, "pathway_create"), data)

    assert response.status_code == 302
    pathway = Pathway.objects.exclude(pk=own.pathway.pk).get()
    assert pathway.partnership == own.partnership
    assert (pathway.from_team, pathway.from_site) == (
        (own.health_team, None) if origin == "team" else (None, own.health_site)
    )
    assert pathway.topics == ["debt"]


def test_a_pathway_from_both_a_team_and_a_site_is_refused(own: Tenant) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "pathway_create"),
        _pathway(own, from_site=own.health_site.pk),
        "Choose either a referring team or a referring site.",
    )


def test_a_pathway_from_neither_a_team_nor_a_site_is_refused(own: Tenant) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "pathway_create"),
        _pathway(own, from_team=""),
        "Choose either a referring team or a referring site.",
    )


def test_a_pathway_topic_must_be_offered_by_the_service(own: Tenant) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "pathway_create"),
        _pathway(own, topics=["debt", "immigration"]),
        "This service does not give advice on every topic chosen.",
    )


def test_a_pathway_joins_only_organisations_in_the_partnership(own: Tenant, other: Tenant) -> None:
    refused = Refused(signed_in_client(own.coordinator))
    url = partnership_url(own, "pathway_create")
    outsider_service = ServiceFactory(topics=["debt"])

    refused(url, _pathway(own, from_team=other.health_team.pk), "Select a valid choice.")
    refused(url, _pathway(own, to_service=outsider_service.pk), "Select a valid choice.")
    refused(url, _pathway(own, from_team=own.advice_team.pk), "Select a valid choice.")


def test_a_pathway_is_edited(own: Tenant) -> None:
    url = partnership_url(own, "pathway_edit", pathway_id=own.pathway.public_id)

    response = signed_in_client(own.coordinator).post(
        url, _pathway(own, topics=["benefits", "debt"])
    )

    assert response.status_code == 302
    own.pathway.refresh_from_db()
    assert own.pathway.topics == ["benefits", "debt"]
    assert _written(AuditAction.CHANGE, Pathway).detail == {"fields": ["topics"]}


def test_a_pathway_of_a_removed_organisation_cannot_be_turned_back_on(own: Tenant) -> None:
    client = signed_in_client(own.coordinator)
    client.post(
        partnership_url(own, "partnership_member_remove", organisation_id=own.health.public_id)
    )

    Refused(client)(
        partnership_url(own, "pathway_edit", pathway_id=own.pathway.public_id),
        _pathway(own),
        "Select a valid choice.",
    )


# Funding ---------------------------------------------------------------------------------------


def test_funding_is_added(own: Tenant) -> None:
    response = signed_in_client(own.coordinator).post(
        partnership_url(own, "funding_create"), funding_form(own)
    )

    assert response.status_code == 302
    funding = Funding.objects.exclude(pk=own.funding.pk).get()
    assert (funding.partnership, funding.funder, str(funding.amount)) == (
        own.partnership,
        own.funder,
        "25000.00",
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"end_date": "2026-03-31"}, "The end date must be on or after the start date."),
        ({"amount": "0"}, "Enter an amount greater than £0."),
        ({"amount": "-5"}, "Enter an amount greater than £0."),
        ({"amount": "lots"}, "Enter a number."),
    ],
    ids=["ends-before-start", "zero", "negative", "not-a-number"],
)
def test_bad_funding_is_refused(own: Tenant, change: dict[str, Any], error: str) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "funding_create"), funding_form(own, **change), error
    )


def test_the_funder_must_be_a_funder_organisation(own: Tenant) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "funding_create"),
        funding_form(own, funder=own.health.pk),
        "Select a valid choice.",
    )


def test_bad_funding_is_refused_when_edited(own: Tenant) -> None:
    Refused(signed_in_client(own.coordinator))(
        partnership_url(own, "funding_edit", funding_id=own.funding.public_id),
        funding_form(own, start_date="2027-01-01", end_date="2026-01-01"),
        "The end date must be on or after the start date.",
    )


def test_funding_is_edited_and_the_change_names_fields(own: Tenant) -> None:
    url = partnership_url(own, "funding_edit", funding_id=own.funding.public_id)

    response = signed_in_client(own.coordinator).post(
        url, funding_form(own, start_date="2026-01-01", end_date="2026-12-31", amount="12000.00")
    )

    assert response.status_code == 302
    own.funding.refresh_from_db()
    assert str(own.funding.amount) == "12000.00"
    assert _written(AuditAction.CHANGE, Funding).detail == {"fields": ["amount"]}


def test_a_funder_viewer_cannot_change_the_funding_they_see(own: Tenant) -> None:
    client = signed_in_client(own.funder_viewer)
    before = database_state()

    response = client.post(
        partnership_url(own, "funding_edit", funding_id=own.funding.public_id),
        funding_form(own, amount="99999.00"),
    )

    assert response.status_code == 403
    assert database_state() == before


# Member list -----------------------------------------------------------------------------------


def test_the_member_list_shows_who_has_two_factor_sign_in(own: Tenant) -> None:
    TOTPDevice.objects.create(user=own.adviser.user, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=own.coordinator.user, name="half set up", confirmed=False)

    content = signed_in_client(own.admin).get(reverse("organisations:member_list")).content.decode()
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", content, re.S)

    def two_factor(member: Any) -> str:
        (row,) = [row for row in rows if member.user.email in row]
        cells = re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', row, re.S)
        return cells[-2].strip()

    assert two_factor(own.adviser) == "On"
    assert two_factor(own.coordinator) == "Off"
    assert two_factor(own.admin) == "Off"
