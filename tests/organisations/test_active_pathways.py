"""Home pages list referral pathways only of partnerships that are active now.

A planned, paused or ended partnership takes no referrals: a clinician must not be shown it as a
place to refer, and an advice service must not be shown it as a source of referrals.
"""

import pytest
from django.urls import reverse

from healthjustice.organisations.models import Membership, PartnershipStatus
from healthjustice.organisations.selectors import pathways_for_referrer, pathways_into
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import PartnershipFactory, PathwayFactory, ServiceFactory

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
NO_PATHWAY_FOR_REFERRER = "No referral pathway is set up for your team yet."
NO_PATHWAY_INTO_SERVICE = "No pathway refers to this service yet."
DASH = "\N{EN DASH}"
NOT_ACTIVE = [PartnershipStatus.PLANNED, PartnershipStatus.PAUSED, PartnershipStatus.ENDED]


def _home(membership: Membership) -> str:
    response = signed_in_client(membership).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _set_status(tenant: Tenant, status: str) -> None:
    tenant.partnership.status = status
    tenant.partnership.save()


def test_an_active_partnerships_pathway_is_on_both_home_pages(own: Tenant) -> None:
    referrer_home = _home(own.referrer)
    adviser_home = _home(own.adviser)

    assert "Where you can refer patients" in referrer_home
    assert own.service.name in referrer_home
    assert NO_PATHWAY_FOR_REFERRER not in referrer_home
    assert f"{own.health_team.name} {DASH} {own.partnership.name}" in adviser_home
    assert NO_PATHWAY_INTO_SERVICE not in adviser_home


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_a_referrer_is_not_offered_a_service_of_a_partnership_that_is_not_active(
    own: Tenant, status: str
) -> None:
    _set_status(own, status)

    content = _home(own.referrer)

    assert "Where you can refer patients" in content
    assert own.service.name not in content
    assert NO_PATHWAY_FOR_REFERRER in content
    assert list(pathways_for_referrer(own.referrer)) == []


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_an_adviser_is_not_told_a_team_refers_through_a_partnership_that_is_not_active(
    own: Tenant, status: str
) -> None:
    _set_status(own, status)

    content = _home(own.adviser)

    assert own.service.name in content
    assert own.health_team.name not in content
    assert NO_PATHWAY_INTO_SERVICE in content
    assert list(pathways_into(own.adviser)) == []


def test_pausing_through_the_edit_page_takes_the_pathway_off_the_home_pages(own: Tenant) -> None:
    coordinator = signed_in_client(own.coordinator)
    referrer = signed_in_client(own.referrer)
    assert own.service.name in referrer.get(HOME).content.decode()

    response = coordinator.post(
        reverse(
            "organisations:partnership_edit", kwargs={"partnership_id": own.partnership.public_id}
        ),
        {
            "name": own.partnership.name,
            "integration_model": own.partnership.integration_model,
            "channels": own.partnership.channels,
            "start_date": own.partnership.start_date.isoformat(),
            "status": PartnershipStatus.PAUSED,
        },
    )

    assert response.status_code == 302
    assert own.service.name not in referrer.get(HOME).content.decode()
    _set_status(own, PartnershipStatus.ACTIVE)
    assert own.service.name in referrer.get(HOME).content.decode()


def test_only_the_paused_partnerships_pathways_drop_off(own: Tenant) -> None:
    """The same team refers through a second, active partnership to another service."""
    second_service = ServiceFactory(
        organisation=own.advice, name="Riverside housing advice", topics=["housing"]
    )
    second = PartnershipFactory(
        name="Riverside housing partnership",
        coordinating_organisation=own.advice,
        members=[own.health],
    )
    PathwayFactory(
        partnership=second, from_team=own.health_team, to_service=second_service, topics=["housing"]
    )
    _set_status(own, PartnershipStatus.PAUSED)

    referrer_home = _home(own.referrer)
    adviser_home = _home(own.adviser)

    assert own.service.name not in referrer_home
    assert second_service.name in referrer_home
    assert f"{own.health_team.name} {DASH} {second.name}" in adviser_home
    assert f"{own.health_team.name} {DASH} {own.partnership.name}" not in adviser_home
    assert [p.to_service for p in pathways_for_referrer(own.referrer)] == [second_service]
    assert [p.partnership for p in pathways_into(own.adviser)] == [second]


def test_a_referrer_without_a_team_sees_only_active_partnerships_of_their_organisation(
    own: Tenant,
) -> None:
    """Without a team, a referrer sees every pathway from their organisation, still only active."""
    own.referrer.team = None
    own.referrer.save()
    assert own.service.name in _home(own.referrer)

    _set_status(own, PartnershipStatus.ENDED)

    assert own.service.name not in _home(own.referrer)


def test_a_site_pathway_of_a_paused_partnership_is_not_listed(own: Tenant) -> None:
    own.pathway.from_team = None
    own.pathway.from_site = own.health_site
    own.pathway.save()
    assert own.service.name in _home(own.referrer)
    assert own.health_site.name in _home(own.adviser)

    _set_status(own, PartnershipStatus.PAUSED)

    assert own.service.name not in _home(own.referrer)
    assert own.health_site.name not in _home(own.adviser)
