"""Cases built directly where how they were opened is not under test."""

from typing import Any

from django.urls import reverse

from healthjustice.casework.models import Case, CaseIssue, CaseSource
from healthjustice.clients.models import Client
from healthjustice.organisations.models import Membership, Role
from tests.clients.factories import ClientFactory
from tests.conftest import Tenant
from tests.organisations.factories import MembershipFactory


def supervisor_of(tenant: Tenant) -> Membership:
    """The tenant's advice supervisor (made on first use)."""
    for membership in tenant.advice.memberships.all():
        if membership.has_role(Role.SUPERVISOR):
            return membership
    return MembershipFactory(
        user__email=f"supervisor@{tenant.advice.name.split()[0].lower()}.example",
        organisation=tenant.advice,
        team=tenant.advice_team,
        roles=[Role.SUPERVISOR],
    )


def advice_client(tenant: Tenant, **fields: Any) -> Client:
    """A client record of the tenant's advice organisation."""
    return ClientFactory(organisation=tenant.advice, **fields)


def case_for(tenant: Tenant, *, client: Client | None = None, **fields: Any) -> Case:
    """An open walk-in case of the tenant's advice organisation, advised by its adviser."""
    values: dict[str, Any] = {
        "organisation": tenant.advice,
        "client": client or advice_client(tenant),
        "service": tenant.service,
        "source": CaseSource.WALK_IN,
        "adviser": tenant.adviser.user,
    }
    return Case.objects.create(**{**values, **fields})


def issue_for(case: Case, **fields: Any) -> CaseIssue:
    values: dict[str, Any] = {
        "category": "benefits.personal_independence_payment",
        "advice_level": "casework",
    }
    return CaseIssue.objects.create(case=case, **{**values, **fields})


def case_url(name: str, case: Case, **kwargs: Any) -> str:
    return reverse(f"casework:{name}", kwargs={"case_id": case.public_id, **kwargs})
