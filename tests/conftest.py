"""Shared fixtures: two separate partnership worlds, and clients signed in through the real page."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from healthjustice.accounts.services import LAST_SEEN_AT, SIGNED_IN_AT
from healthjustice.core.tenancy import SESSION_KEY
from healthjustice.organisations.models import (
    Funding,
    Membership,
    Organisation,
    Partnership,
    Pathway,
    Role,
    Service,
    Site,
    Team,
)
from tests.accounts.factories import PASSWORD
from tests.organisations.factories import (
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PathwayFactory,
    ServiceFactory,
    SiteFactory,
    TeamFactory,
)


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def in_english() -> object:
    """Messages are compared in English, whatever language an earlier test's request left on."""
    with translation.override("en-gb"):
        yield


@dataclass
class Tenant:
    """One partnership's world: a health, an advice and a funder organisation, and their people."""

    health: Organisation
    advice: Organisation
    funder: Organisation
    health_site: Site
    health_team: Team
    advice_site: Site
    advice_team: Team
    service: Service
    partnership: Partnership
    pathway: Pathway
    funding: Funding
    referrer: Membership
    health_admin: Membership
    adviser: Membership
    coordinator: Membership
    admin: Membership
    funder_viewer: Membership


def build_tenant(prefix: str) -> Tenant:
    health = OrganisationFactory(name=f"{prefix} Medical Practice", health=True)
    advice = OrganisationFactory(name=f"{prefix} Advice", advice=True)
    funder = OrganisationFactory(name=f"{prefix} Foundation", funder=True)
    health_site = SiteFactory(organisation=health, name=f"{prefix} surgery")
    health_team = TeamFactory(organisation=health, site=health_site, name=f"{prefix} GP team")
    advice_site = SiteFactory(organisation=advice, name=f"{prefix} advice centre")
    advice_team = TeamFactory(organisation=advice, site=advice_site, name=f"{prefix} benefits team")
    service = ServiceFactory(
        organisation=advice, name=f"{prefix} benefits advice", topics=["benefits", "debt"]
    )
    partnership = PartnershipFactory(
        name=f"{prefix} partnership", coordinating_organisation=advice, members=[health]
    )
    pathway = PathwayFactory(
        partnership=partnership, from_team=health_team, to_service=service, topics=["benefits"]
    )
    funding = FundingFactory(partnership=partnership, funder=funder)
    slug = prefix.lower()
    return Tenant(
        health=health,
        advice=advice,
        funder=funder,
        health_site=health_site,
        health_team=health_team,
        advice_site=advice_site,
        advice_team=advice_team,
        service=service,
        partnership=partnership,
        pathway=pathway,
        funding=funding,
        referrer=MembershipFactory(
            user__email=f"gp@{slug}.example", organisation=health, team=health_team
        ),
        health_admin=MembershipFactory(
            user__email=f"manager@{slug}.example",
            organisation=health,
            roles=[Role.ORGANISATION_ADMIN],
        ),
        adviser=MembershipFactory(
            user__email=f"adviser@{slug}.example", organisation=advice, team=advice_team
        ),
        coordinator=MembershipFactory(
            user__email=f"coordinator@{slug}.example",
            organisation=advice,
            roles=[Role.COORDINATOR],
        ),
        admin=MembershipFactory(
            user__email=f"admin@{slug}.example",
            organisation=advice,
            roles=[Role.ORGANISATION_ADMIN],
        ),
        funder_viewer=MembershipFactory(user__email=f"grants@{slug}.example", organisation=funder),
    )


@pytest.fixture
def own(db: None) -> Tenant:
    return build_tenant("Riverside")


@pytest.fixture
def other(db: None) -> Tenant:
    return build_tenant("Valley")


def sign_in(client: Client, membership: Membership, password: str = PASSWORD) -> Client:
    """Sign in through the sign-in page, then act for `membership`'s organisation."""
    response = client.post(
        reverse("accounts:sign_in"), {"username": membership.user.email, "password": password}
    )
    assert response.status_code == 302, "sign-in failed"
    session = client.session
    session[SESSION_KEY] = str(membership.public_id)
    session.save()
    return client


def signed_in_client(membership: Membership) -> Client:
    return sign_in(Client(), membership)


def set_session_times(
    client: Client, *, signed_in_at: datetime | None = None, last_seen_at: datetime | None = None
) -> None:
    session = client.session
    if signed_in_at is not None:
        session[SIGNED_IN_AT] = signed_in_at.isoformat()
    if last_seen_at is not None:
        session[LAST_SEEN_AT] = last_seen_at.isoformat()
    session.save()
