"""Tenancy: each organisation sees its own records; another organisation's records are not found."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations import selectors
from healthjustice.organisations.models import Membership, Role
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

ExpectedRecords = Callable[[Tenant], set[Any]]

# Selector, the tenant's membership acting, and what it must return for that tenant.
LIST_SELECTORS = [
    pytest.param(selectors.sites_of, "admin", lambda t: {t.advice_site}, id="sites"),
    pytest.param(selectors.teams_of, "admin", lambda t: {t.advice_team}, id="teams"),
    pytest.param(selectors.services_of, "admin", lambda t: {t.service}, id="services"),
    pytest.param(
        selectors.members_of,
        "admin",
        lambda t: {t.adviser, t.coordinator, t.admin},
        id="members",
    ),
    pytest.param(
        selectors.partnerships_visible_to, "admin", lambda t: {t.partnership}, id="partnerships"
    ),
    pytest.param(
        selectors.partnerships_visible_to,
        "funder_viewer",
        lambda t: {t.partnership},
        id="partnerships-funded",
    ),
    pytest.param(
        selectors.pathways_for_referrer, "referrer", lambda t: {t.pathway}, id="referrer-pathways"
    ),
    pytest.param(
        selectors.pathways_for_referrer,
        "health_admin",
        lambda t: {t.pathway},
        id="referrer-pathways-without-team",
    ),
    pytest.param(selectors.pathways_into, "adviser", lambda t: {t.pathway}, id="pathways-into"),
    pytest.param(selectors.fundings_by, "funder_viewer", lambda t: {t.funding}, id="fundings-by"),
]


@pytest.mark.parametrize(("selector", "acting", "expected"), LIST_SELECTORS)
def test_list_selectors_return_only_the_acting_organisations_records(
    own: Tenant,
    other: Tenant,
    selector: Callable[[Membership], Any],
    acting: str,
    expected: ExpectedRecords,
) -> None:
    for tenant, stranger in ((own, other), (other, own)):
        found = set(selector(getattr(tenant, acting)))
        assert found == expected(tenant)
        assert found.isdisjoint(expected(stranger))


def test_funding_ending_soon_is_only_for_partnerships_the_organisation_coordinates(
    own: Tenant, other: Tenant
) -> None:
    today = date(2026, 10, 1)
    for tenant in (own, other):
        assert tenant.funding.end_date - today < selectors.FUNDING_RUNWAY_WARNING

    assert list(selectors.fundings_ending_soon(own.coordinator, today=today)) == [own.funding]
    assert list(selectors.fundings_ending_soon(own.referrer, today=today)) == []
    assert list(selectors.fundings_ending_soon(own.coordinator, today=today - timedelta(365))) == []


@pytest.mark.parametrize(
    ("getter", "record"),
    [
        (selectors.site_get, lambda t: t.advice_site),
        (selectors.team_get, lambda t: t.advice_team),
        (selectors.service_get, lambda t: t.service),
        (selectors.member_get, lambda t: t.adviser),
        (selectors.partnership_get, lambda t: t.partnership),
    ],
    ids=["site", "team", "service", "member", "partnership"],
)
def test_getting_another_organisations_record_raises_404(
    own: Tenant, other: Tenant, getter: Callable[..., Any], record: Callable[[Tenant], Any]
) -> None:
    assert getter(own.admin, record(own).public_id) == record(own)
    with pytest.raises(Http404):
        getter(own.admin, record(other).public_id)
    with pytest.raises(Http404):
        getter(own.admin, "not-a-uuid")


def test_pathways_and_funding_are_found_only_inside_their_partnership(
    own: Tenant, other: Tenant
) -> None:
    with pytest.raises(Http404):
        selectors.pathway_get(own.partnership, other.pathway.public_id)
    with pytest.raises(Http404):
        selectors.funding_get(own.partnership, other.funding.public_id)
    assert selectors.pathway_get(own.partnership, own.pathway.public_id) == own.pathway


def test_pathway_choices_come_only_from_organisations_in_the_partnership(
    own: Tenant, other: Tenant
) -> None:
    teams, sites = selectors.referring_teams_and_sites(own.partnership)

    assert set(teams) == {own.health_team}
    assert set(sites) == {own.health_site}
    assert set(selectors.advice_services_in(own.partnership)) == {own.service}
    joinable = set(selectors.organisations_joinable(own.partnership))
    assert joinable == {other.health, other.advice}


OTHER_ORGANISATION_URLS: dict[str, Callable[[Tenant, Tenant], str]] = {
    "site": lambda own, other: reverse(
        "organisations:site_edit", kwargs={"site_id": other.advice_site.public_id}
    ),
    "team": lambda own, other: reverse(
        "organisations:team_edit", kwargs={"team_id": other.advice_team.public_id}
    ),
    "service": lambda own, other: reverse(
        "organisations:service_edit", kwargs={"service_id": other.service.public_id}
    ),
    "member": lambda own, other: reverse(
        "organisations:member_edit", kwargs={"member_id": other.adviser.public_id}
    ),
    "partnership": lambda own, other: reverse(
        "organisations:partnership_detail", kwargs={"partnership_id": other.partnership.public_id}
    ),
    "partnership edit": lambda own, other: reverse(
        "organisations:partnership_edit", kwargs={"partnership_id": other.partnership.public_id}
    ),
    "pathway": lambda own, other: reverse(
        "organisations:pathway_edit",
        kwargs={
            "partnership_id": other.partnership.public_id,
            "pathway_id": other.pathway.public_id,
        },
    ),
    "pathway under own partnership": lambda own, other: reverse(
        "organisations:pathway_edit",
        kwargs={"partnership_id": own.partnership.public_id, "pathway_id": other.pathway.public_id},
    ),
    "funding": lambda own, other: reverse(
        "organisations:funding_edit",
        kwargs={
            "partnership_id": other.partnership.public_id,
            "funding_id": other.funding.public_id,
        },
    ),
    "funding under own partnership": lambda own, other: reverse(
        "organisations:funding_edit",
        kwargs={"partnership_id": own.partnership.public_id, "funding_id": other.funding.public_id},
    ),
}


@pytest.mark.parametrize("record", sorted(OTHER_ORGANISATION_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_record_answers_404_and_changes_nothing(
    own: Tenant, other: Tenant, record: str, method: str
) -> None:
    url = OTHER_ORGANISATION_URLS[record](own, other)
    client = signed_in_client(own.admin)
    before = other.advice_site.name

    response = getattr(client, method)(url, {"name": "Taken over"})

    assert response.status_code == 404
    assert other.advice.name not in response.content.decode()
    other.advice_site.refresh_from_db()
    assert other.advice_site.name == before
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.CHANGE, AuditAction.VIEW]
    ).exists()


def test_ending_another_organisations_members_sessions_answers_404(
    own: Tenant, other: Tenant
) -> None:
    victim = signed_in_client(other.adviser)

    response = signed_in_client(own.admin).post(
        reverse("organisations:member_end_sessions", kwargs={"member_id": other.adviser.public_id})
    )

    assert response.status_code == 404
    assert victim.get(reverse("organisations:organisation_detail")).status_code == 200


@pytest.fixture
def two_hats(own: Tenant, other: Tenant) -> tuple[Membership, Membership]:
    """One person who is an admin at Riverside Advice and at Valley Advice."""
    first = MembershipFactory(organisation=own.advice, roles=[Role.ORGANISATION_ADMIN])
    second = MembershipFactory(
        user=first.user, organisation=other.advice, roles=[Role.ORGANISATION_ADMIN]
    )
    return first, second


def _detail(client: Client) -> str:
    response = client.get(reverse("organisations:organisation_detail"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_in_two_organisations_sees_the_one_they_switched_to(
    own: Tenant, other: Tenant, two_hats: tuple[Membership, Membership]
) -> None:
    first, second = two_hats
    client = signed_in_client(first)
    assert own.advice_site.name in _detail(client)
    assert other.advice_site.name not in _detail(client)

    response = client.post(
        reverse("accounts:switch_organisation"), {"membership": str(second.public_id)}
    )

    assert response.status_code == 302
    page = _detail(client)
    assert other.advice_site.name in page
    assert own.advice_site.name not in page
    own_site = reverse("organisations:site_edit", kwargs={"site_id": own.advice_site.public_id})
    assert client.get(own_site).status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.ORGANISATION_SWITCHED)
    assert event.organisation == other.advice


def test_nobody_can_switch_to_an_organisation_they_do_not_belong_to(
    own: Tenant, other: Tenant
) -> None:
    client = signed_in_client(own.admin)

    response = client.post(
        reverse("accounts:switch_organisation"),
        {"membership": str(other.admin.public_id)},
        follow=True,
    )

    assert "Choose one of your organisations." in response.content.decode()
    page = _detail(client)
    assert own.advice_site.name in page
    assert other.advice_site.name not in page
    assert not AuditEvent.objects.filter(action=AuditAction.ORGANISATION_SWITCHED).exists()


def test_nobody_can_switch_to_a_membership_that_was_deactivated(
    own: Tenant, other: Tenant, two_hats: tuple[Membership, Membership]
) -> None:
    first, second = two_hats
    second.is_active = False
    second.save()
    client = signed_in_client(first)

    client.post(reverse("accounts:switch_organisation"), {"membership": str(second.public_id)})

    assert other.advice_site.name not in _detail(client)


def test_a_funder_viewer_sees_only_the_partnerships_their_organisation_funds(
    own: Tenant, other: Tenant
) -> None:
    unfunded = PartnershipFactory(name="Unfunded partnership", coordinating_organisation=own.advice)
    client = signed_in_client(own.funder_viewer)

    listing = client.get(reverse("organisations:partnership_list")).content.decode()

    assert own.partnership.name in listing
    assert unfunded.name not in listing
    assert other.partnership.name not in listing
    for partnership in (unfunded, other.partnership):
        url = reverse(
            "organisations:partnership_detail", kwargs={"partnership_id": partnership.public_id}
        )
        assert client.get(url).status_code == 404
    own_url = own.partnership.get_absolute_url()
    assert client.get(own_url).status_code == 200


def test_a_funder_that_funds_a_second_partnership_sees_it_too(own: Tenant, other: Tenant) -> None:
    FundingFactory(partnership=other.partnership, funder=own.funder)
    client = signed_in_client(own.funder_viewer)

    listing = client.get(reverse("organisations:partnership_list")).content.decode()

    assert own.partnership.name in listing
    assert other.partnership.name in listing


def test_a_health_member_of_a_partnership_does_not_see_other_organisations_sites(
    own: Tenant,
) -> None:
    SiteFactory(organisation=own.advice, name="Advice back office")
    client = signed_in_client(own.health_admin)

    page = _detail(client)

    assert own.health_site.name in page
    assert "Advice back office" not in page
    assert own.advice_site.name not in page


def test_a_user_with_no_active_membership_sees_no_organisation_data(own: Tenant) -> None:
    lone = MembershipFactory(organisation=OrganisationFactory(), is_active=False)
    client = signed_in_client(lone)

    home = client.get(reverse("core:home"))

    assert home.status_code == 200
    assert client.get(reverse("organisations:organisation_detail"))["Location"] == "/"
