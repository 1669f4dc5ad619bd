"""List and detail pages run a fixed number of SQL queries, however many rows they show."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import PartnershipMember, Role
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    FundingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PathwayFactory,
    ServiceFactory,
    TeamFactory,
)
from tests.query_budgets import assert_flat

pytestmark = pytest.mark.django_db

# Generous for a page built from a handful of selectors; what matters is that it does not grow.
BUDGET = 20


def _assert_flat(client: Client, url: str, grow: Callable[[int], None]) -> None:
    assert_flat(client, url, grow, budget=BUDGET)


def _partnerships(tenant: Tenant) -> Callable[[int], None]:
    def grow(count: int) -> None:
        for _ in range(count):
            health = OrganisationFactory(health=True)
            partnership = PartnershipFactory(
                coordinating_organisation=tenant.advice, members=[health]
            )
            PathwayFactory(
                partnership=partnership,
                from_team=TeamFactory(organisation=health),
                to_service=tenant.service,
            )
            FundingFactory(
                partnership=partnership,
                funder=tenant.funder,
                end_date=timezone.localdate() + timedelta(days=30),
            )

    return grow


def test_partnership_list(own: Tenant) -> None:
    _assert_flat(
        signed_in_client(own.coordinator),
        reverse("organisations:partnership_list"),
        _partnerships(own),
    )


def test_partnership_list_for_a_funder(own: Tenant) -> None:
    _assert_flat(
        signed_in_client(own.funder_viewer),
        reverse("organisations:partnership_list"),
        _partnerships(own),
    )


def test_partnership_detail(own: Tenant) -> None:
    partnership = own.partnership

    def grow(count: int) -> None:
        for _ in range(count):
            health = OrganisationFactory(health=True)
            advice = OrganisationFactory(advice=True)
            for organisation in (health, advice):
                PartnershipMember.objects.create(partnership=partnership, organisation=organisation)
            PathwayFactory(
                partnership=partnership,
                from_team=TeamFactory(organisation=health),
                to_service=ServiceFactory(organisation=advice),
            )
            FundingFactory(partnership=partnership, amount=Decimal("500.00"))

    _assert_flat(signed_in_client(own.coordinator), partnership.get_absolute_url(), grow)


def test_member_list(own: Tenant) -> None:
    def grow(count: int) -> None:
        for index in range(count):
            MembershipFactory(
                organisation=own.advice,
                team=own.advice_team if index % 2 else None,
                is_active=bool(index % 3),
            )

    _assert_flat(signed_in_client(own.admin), reverse("organisations:member_list"), grow)


def test_audit_log(own: Tenant) -> None:
    def grow(count: int) -> None:
        members = [own.adviser, own.coordinator, own.admin]
        for index in range(count):
            member = members[index % 3]
            AuditEvent.objects.create(
                action=AuditAction.VIEW,
                actor=member.user,
                actor_email=member.user.email,
                organisation=own.advice,
                object_type="accounts.user",
                object_id=str(index),
            )

    _assert_flat(signed_in_client(own.admin), reverse("core:audit_log"), grow)


def test_home_for_an_advice_organisation_member_with_every_advice_role(own: Tenant) -> None:
    everything = MembershipFactory(
        organisation=own.advice,
        roles=[Role.ADVISER, Role.SUPERVISOR, Role.COORDINATOR, Role.ORGANISATION_ADMIN],
    )
    add_partnerships = _partnerships(own)

    def grow(count: int) -> None:
        add_partnerships(count)
        for _ in range(count):
            ServiceFactory(organisation=own.advice)
            MembershipFactory(organisation=own.advice, roles=[Role.ADVISER], team=own.advice_team)
            AuditEvent.objects.create(
                action=AuditAction.SIGN_IN_FAILED, actor=own.adviser.user, organisation=None
            )

    _assert_flat(signed_in_client(everything), reverse("core:home"), grow)


def test_home_for_a_referrer(own: Tenant) -> None:
    def grow(count: int) -> None:
        for _ in range(count):
            PathwayFactory(
                partnership=own.partnership,
                from_team=own.health_team,
                to_service=ServiceFactory(organisation=own.advice),
            )

    _assert_flat(signed_in_client(own.referrer), reverse("core:home"), grow)


def test_home_for_a_funder_viewer(own: Tenant) -> None:
    _assert_flat(signed_in_client(own.funder_viewer), reverse("core:home"), _partnerships(own))


def test_organisation_detail(own: Tenant) -> None:
    def grow(count: int) -> None:
        for _ in range(count):
            TeamFactory(organisation=own.advice)
            ServiceFactory(organisation=own.advice)

    _assert_flat(signed_in_client(own.admin), reverse("organisations:organisation_detail"), grow)
