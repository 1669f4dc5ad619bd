"""My referrals, my team's referrals and the advice inbox: who sees which, filters, sorting,
paging, and a query count that does not grow with the rows."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthjustice.referrals.models import Referral, ReferralSource, ReferralStatus, Urgency
from healthjustice.referrals.services import shared_details_of
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import MembershipFactory, PathwayFactory, ServiceFactory
from tests.referrals.factories import ClientFactory, referral_for

pytestmark = pytest.mark.django_db

MINE = reverse("referrals:my_referrals")
TEAM = reverse("referrals:team_referrals")
INBOX = reverse("referrals:inbox")
BUDGET = 20


def _references(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r">(HJP-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", response.content.decode())


def test_my_referrals_are_mine_and_my_teams_are_everyone_in_my_team(own: Tenant) -> None:
    colleague = MembershipFactory(organisation=own.health, team=own.health_team)
    mine = referral_for(own)
    theirs = referral_for(own, referred_by=colleague.user)
    browser = signed_in_client(own.referrer)

    assert _references(browser, MINE) == [mine.reference]
    assert set(_references(browser, TEAM)) == {mine.reference, theirs.reference}


def test_the_inbox_shows_referrals_to_the_organisation_and_no_other(
    own: Tenant, other: Tenant
) -> None:
    received = referral_for(own)
    referral_for(other)

    assert _references(signed_in_client(own.adviser), INBOX) == [received.reference]
    assert _references(signed_in_client(own.referrer), MINE) == [received.reference]


def test_the_inbox_puts_the_most_urgent_first_then_the_longest_waiting(own: Tenant) -> None:
    routine_old = referral_for(own, urgency=Urgency.ROUTINE, days_ago=9)
    urgent_new = referral_for(own, urgency=Urgency.URGENT, days_ago=1)
    urgent_old = referral_for(own, urgency=Urgency.URGENT, days_ago=3)
    soon = referral_for(own, urgency=Urgency.SOON, days_ago=2)

    assert _references(signed_in_client(own.adviser), INBOX) == [
        urgent_old.reference,
        urgent_new.reference,
        soon.reference,
        routine_old.reference,
    ]


def test_lists_filter_by_status_urgency_and_service(own: Tenant) -> None:
    second_service = ServiceFactory(organisation=own.advice, name="Debt clinic")
    second_pathway = PathwayFactory(
        partnership=own.partnership, from_team=own.health_team, to_service=second_service
    )
    requested = referral_for(own, urgency=Urgency.URGENT)
    accepted = referral_for(own, status=ReferralStatus.ACCEPTED)
    rejected = referral_for(own, status=ReferralStatus.REJECTED)
    elsewhere = referral_for(own, service=second_service, pathway=second_pathway)
    browser = signed_in_client(own.referrer)

    assert set(_references(browser, f"{MINE}?status=open")) == {
        requested.reference,
        accepted.reference,
        elsewhere.reference,
    }
    assert _references(browser, f"{MINE}?status=rejected") == [rejected.reference]
    assert _references(browser, f"{MINE}?urgency=urgent") == [requested.reference]
    assert _references(browser, f"{MINE}?service={second_service.public_id}") == [
        elsewhere.reference
    ]
    adviser = signed_in_client(own.adviser)
    assert _references(adviser, f"{INBOX}?status=accepted") == [accepted.reference]


def test_lists_sort_newest_oldest_urgency_and_status(own: Tenant) -> None:
    old = referral_for(own, urgency=Urgency.SOON, days_ago=5, status=ReferralStatus.REJECTED)
    middle = referral_for(own, urgency=Urgency.ROUTINE, days_ago=3)
    new = referral_for(own, urgency=Urgency.URGENT, days_ago=1, status=ReferralStatus.ACCEPTED)
    browser = signed_in_client(own.referrer)

    assert _references(browser, MINE) == [new.reference, middle.reference, old.reference]
    assert _references(browser, f"{MINE}?sort=oldest") == [
        old.reference,
        middle.reference,
        new.reference,
    ]
    assert _references(browser, f"{MINE}?sort=urgency") == [
        new.reference,
        old.reference,
        middle.reference,
    ]
    assert _references(browser, f"{MINE}?sort=status") == [
        new.reference,
        old.reference,
        middle.reference,
    ]


def test_an_unknown_filter_value_is_refused_clearly(own: Tenant) -> None:
    response = signed_in_client(own.referrer).get(f"{MINE}?status=lost")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_long_lists_are_paged_by_twenty_five(own: Tenant, sort: str) -> None:
    for days in range(30):
        referral_for(own, days_ago=days + 1)
    browser = signed_in_client(own.referrer)

    first = browser.get(f"{MINE}?sort={sort}").content.decode()
    links = re.findall(r'href="(\?[^"]+)"><span class="nhsuk-pagination__title">Next', first)
    second = browser.get(f"{MINE}{links[0].replace('&amp;', '&')}").content.decode()

    first_page = re.findall(r">(HJP-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", first)
    second_page = re.findall(r">(HJP-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", second)
    assert len(first_page) == 25
    assert len(second_page) == 5
    assert set(first_page).isdisjoint(second_page)
    assert "Next page" not in second


def test_a_damaged_page_link_is_refused_clearly(own: Tenant) -> None:
    response = signed_in_client(own.referrer).get(f"{MINE}?after=yesterday")

    assert response.status_code == 400
    assert "This page link is not valid" in response.content.decode()


def test_the_inbox_marks_self_referrals_and_where_they_came_from(own: Tenant) -> None:
    person = ClientFactory(organisation=own.advice, given_name="Robin", family_name="Self")
    Referral.objects.create(
        source=ReferralSource.SELF,
        client=person,
        site=own.health_site,
        partnership=own.partnership,
        pathway=own.pathway,
        service=own.service,
        advice_organisation=own.advice,
        needs=["benefits"],
        urgency=Urgency.ROUTINE,
        help_wanted="My benefit was stopped.",
        shared_details=shared_details_of(person),
    )

    content = signed_in_client(own.adviser).get(INBOX).content.decode()

    assert "Self-referral" in content
    assert own.health_site.name in content
    assert "Robin Self" in content


def _assert_flat(client: Client, url: str, grow: Callable[[int], None]) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    grow(2)
    client.get(url)
    few = queries()
    grow(18)
    many = queries()
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 20"
    assert many <= BUDGET


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("referrer", MINE),
        ("referrer", f"{MINE}?sort=urgency&status=open"),
        ("referrer", TEAM),
        ("adviser", INBOX),
        ("adviser", f"{INBOX}?sort=newest"),
    ],
)
def test_lists_keep_a_fixed_query_budget(own: Tenant, who: str, url: str) -> None:
    colleague = MembershipFactory(organisation=own.health, team=own.health_team)

    def grow(count: int) -> None:
        for index in range(count):
            referral_for(
                own,
                urgency=[Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE][index % 3],
                referred_by=own.referrer.user if index % 2 else colleague.user,
            )

    _assert_flat(signed_in_client(getattr(own, who)), url, grow)


def test_the_menu_leads_referrers_to_their_referrals_and_advisers_to_the_inbox(
    own: Tenant,
) -> None:
    home = reverse("core:home")
    referrer = signed_in_client(own.referrer).get(home).content.decode()
    adviser = signed_in_client(own.adviser).get(home).content.decode()
    funder = signed_in_client(own.funder_viewer).get(home).content.decode()

    assert re.search(rf'href="{MINE}"\s*>Referrals</a>', referrer)
    assert f'href="{INBOX}"' not in referrer
    assert re.search(rf'href="{INBOX}"\s*>Inbox</a>', adviser)
    assert f'href="{MINE}"' not in adviser
    assert MINE not in funder


def test_a_referrers_home_page_starts_a_referral_by_finding_the_patient(own: Tenant) -> None:
    content = signed_in_client(own.referrer).get(reverse("core:home")).content.decode()

    find = reverse("clients:client_find")
    assert re.search(rf'href="{find}\?next=screen"\s*>Refer a patient</a>', content)
