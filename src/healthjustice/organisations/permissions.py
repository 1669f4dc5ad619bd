import rules

from healthjustice.core.permissions import (
    is_coordinator,
    is_organisation_admin,
    permissions,
)
from healthjustice.organisations.models import Membership, OrganisationKind, Partnership


@rules.predicate
def has_membership(membership: Membership | None) -> bool:
    return membership is not None


@rules.predicate
def in_care_or_advice_organisation(membership: Membership | None) -> bool:
    return membership is not None and membership.organisation.kind in {
        OrganisationKind.HEALTH,
        OrganisationKind.ADVICE,
    }


@rules.predicate
def takes_part_in_partnership(
    membership: Membership | None, partnership: Partnership | None
) -> bool:
    if membership is None or partnership is None:
        return False
    org_id = membership.organisation_id
    return (
        partnership.members.filter(organisation_id=org_id).exists()
        or partnership.fundings.filter(funder_id=org_id).exists()
    )


@rules.predicate
def coordinates_partnership(membership: Membership | None, partnership: Partnership | None) -> bool:
    return (
        membership is not None
        and partnership is not None
        and partnership.coordinating_organisation_id == membership.organisation_id
    )


manages_partnerships = is_coordinator | is_organisation_admin

permissions.add_rule("organisations.view", has_membership)
permissions.add_rule("organisations.manage", is_organisation_admin)
permissions.add_rule(
    "organisations.manage_structure",
    (is_organisation_admin | is_coordinator) & in_care_or_advice_organisation,
)
permissions.add_rule("organisations.manage_members", is_organisation_admin)
permissions.add_rule("partnerships.view_list", has_membership)
permissions.add_rule("partnerships.view", takes_part_in_partnership)
permissions.add_rule("partnerships.create", manages_partnerships & in_care_or_advice_organisation)
permissions.add_rule(
    "partnerships.manage",
    manages_partnerships & in_care_or_advice_organisation & coordinates_partnership,
)
permissions.add_rule("audit.view", is_organisation_admin)
permissions.add_rule("notifications.view", has_membership)
