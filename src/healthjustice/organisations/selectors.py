"""Reads of organisations and partnerships, scoped to the acting membership.

A record outside the membership's reach is not found (404): other organisations' sites, teams,
services and members are never visible, and partnerships are visible only to the organisations
taking part in them or funding them.
"""

from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.accounts.models import User
from healthjustice.organisations.models import (
    Funding,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    PartnershipStatus,
    Pathway,
    Service,
    Site,
    Team,
)

M = TypeVar("M", bound=Model)

FUNDING_RUNWAY_WARNING = timedelta(days=183)


def get_in_scope(queryset: QuerySet[M], public_id: UUID | str) -> M:
    try:
        return queryset.get(public_id=public_id)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error


def sites_of(membership: Membership) -> QuerySet[Site]:
    return Site.objects.filter(organisation_id=membership.organisation_id)


def teams_of(membership: Membership) -> QuerySet[Team]:
    return Team.objects.filter(organisation_id=membership.organisation_id).select_related("site")


def services_of(membership: Membership) -> QuerySet[Service]:
    return Service.objects.filter(organisation_id=membership.organisation_id)


def members_of(membership: Membership) -> QuerySet[Membership]:
    """The organisation's members, each with `has_two_factor`: a confirmed authenticator."""
    authenticator = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id)
        .select_related("user", "team")
        .annotate(has_two_factor=Exists(authenticator))
        .order_by("-is_active", "user__full_name")
    )


def site_get(membership: Membership, public_id: UUID | str) -> Site:
    return get_in_scope(sites_of(membership), public_id)


def team_get(membership: Membership, public_id: UUID | str) -> Team:
    return get_in_scope(teams_of(membership), public_id)


def service_get(membership: Membership, public_id: UUID | str) -> Service:
    return get_in_scope(services_of(membership), public_id)


def member_get(membership: Membership, public_id: UUID | str) -> Membership:
    return get_in_scope(members_of(membership), public_id)


def partnerships_visible_to(membership: Membership) -> QuerySet[Partnership]:
    org_id = membership.organisation_id
    taking_part = PartnershipMember.objects.filter(organisation_id=org_id).values("partnership_id")
    funding = Funding.objects.filter(funder_id=org_id).values("partnership_id")
    return (
        Partnership.objects.filter(Q(id__in=taking_part) | Q(id__in=funding))
        .select_related("coordinating_organisation")
        .annotate(
            organisation_count=Count("members", distinct=True),
            pathway_count=Count("pathways", filter=Q(pathways__is_active=True), distinct=True),
        )
        .order_by("name")
    )


def partnership_get(membership: Membership, public_id: UUID | str) -> Partnership:
    return get_in_scope(partnerships_visible_to(membership), public_id)


def partnership_members(partnership: Partnership) -> QuerySet[PartnershipMember]:
    return partnership.members.select_related("organisation").order_by(
        "organisation__kind", "organisation__name"
    )


def partnership_pathways(partnership: Partnership) -> QuerySet[Pathway]:
    return partnership.pathways.select_related(
        "from_team__organisation", "from_site__organisation", "to_service__organisation"
    ).order_by("-is_active", "to_service__name")


def partnership_fundings(partnership: Partnership) -> QuerySet[Funding]:
    return partnership.fundings.select_related("funder").order_by("-end_date")


def pathway_get(partnership: Partnership, public_id: UUID | str) -> Pathway:
    return get_in_scope(partnership_pathways(partnership), public_id)


def funding_get(partnership: Partnership, public_id: UUID | str) -> Funding:
    return get_in_scope(partnership_fundings(partnership), public_id)


def partnership_member_get(partnership: Partnership, public_id: UUID | str) -> PartnershipMember:
    try:
        return partnership_members(partnership).get(organisation__public_id=public_id)
    except (PartnershipMember.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def pathways_involving(member: PartnershipMember) -> QuerySet[Pathway]:
    """The partnership's active pathways from or to this member organisation."""
    org_id = member.organisation_id
    return Pathway.objects.filter(partnership_id=member.partnership_id, is_active=True).filter(
        Q(from_team__organisation_id=org_id)
        | Q(from_site__organisation_id=org_id)
        | Q(to_service__organisation_id=org_id)
    )


def organisations_joinable(partnership: Partnership) -> QuerySet[Organisation]:
    """Health and advice organisations not yet in the partnership (funders join through funding)."""
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.HEALTH, OrganisationKind.ADVICE]
    ).exclude(partnership_memberships__partnership=partnership)


def funders() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.FUNDER)


def referring_teams_and_sites(partnership: Partnership) -> tuple[QuerySet[Team], QuerySet[Site]]:
    health_ids = partnership.members.filter(organisation__kind=OrganisationKind.HEALTH).values(
        "organisation_id"
    )
    return (
        Team.objects.filter(organisation_id__in=health_ids).select_related("organisation"),
        Site.objects.filter(organisation_id__in=health_ids).select_related("organisation"),
    )


def advice_services_in(partnership: Partnership) -> QuerySet[Service]:
    advice_ids = partnership.members.filter(organisation__kind=OrganisationKind.ADVICE).values(
        "organisation_id"
    )
    return Service.objects.filter(organisation_id__in=advice_ids).select_related("organisation")


def pathways_for_referrer(membership: Membership) -> QuerySet[Pathway]:
    """Where this clinician can refer, in active partnerships: from their team or its site, else
    from anywhere in their organisation."""
    team = membership.team
    if team is not None:
        origin = (
            Q(from_team=team) | Q(from_site_id=team.site_id) if team.site_id else Q(from_team=team)
        )
    else:
        origin = Q(from_team__organisation_id=membership.organisation_id) | Q(
            from_site__organisation_id=membership.organisation_id
        )
    return (
        Pathway.objects.filter(origin, is_active=True, partnership__status=PartnershipStatus.ACTIVE)
        .select_related("to_service__organisation", "from_team", "from_site", "partnership")
        .order_by("to_service__name")
    )


def pathways_into(membership: Membership) -> QuerySet[Pathway]:
    """Who refers into this advice organisation's services, in active partnerships."""
    return (
        Pathway.objects.filter(
            to_service__organisation_id=membership.organisation_id,
            is_active=True,
            partnership__status=PartnershipStatus.ACTIVE,
        )
        .select_related(
            "to_service", "from_team__organisation", "from_site__organisation", "partnership"
        )
        .order_by("to_service__name")
    )


def fundings_by(membership: Membership) -> QuerySet[Funding]:
    return (
        Funding.objects.filter(funder_id=membership.organisation_id)
        .select_related("partnership")
        .order_by("end_date")
    )


def fundings_ending_soon(membership: Membership, *, today: date) -> QuerySet[Funding]:
    """Funding of the partnerships this organisation coordinates that ends within six months."""
    return (
        Funding.objects.filter(
            partnership__coordinating_organisation_id=membership.organisation_id,
            end_date__gte=today,
            end_date__lte=today + FUNDING_RUNWAY_WARNING,
        )
        .select_related("partnership", "funder")
        .order_by("end_date")
    )


def people_with_role(organisation_id: int, *roles: str) -> list[User]:
    """Active members of an organisation who hold any of `roles` (to notify them)."""
    memberships = Membership.objects.filter(
        organisation_id=organisation_id, is_active=True, user__is_active=True
    ).select_related("user")
    return [membership.user for membership in memberships if membership.has_role(*roles)]
