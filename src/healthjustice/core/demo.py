"""A realistic, fictional and deterministic demonstration data set.

Two partnerships that share nothing, so that tenancy can be seen: "Riverside" (two GP practices, a
hospital oncology team, a community mental-health team, a Citizens-Advice-like agency, a law centre
and two funders) and "Valley" in Wales. Every person, organisation and code here is invented.
Loading is idempotent: records are found by their natural keys and created only when missing.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from healthjustice.accounts.models import User
from healthjustice.organisations.models import (
    AdviceTopic,
    Channel,
    Funding,
    HealthSetting,
    IntegrationModel,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    PartnershipStatus,
    Pathway,
    Role,
    Service,
    Site,
    Team,
)

DEMO_PASSWORD = "Demo-Partnership-2026"  # noqa: S105 (printed for demo sign-in by design)
NAMESPACE = uuid.UUID("5b0f3f4e-4c1e-4a53-9a3c-8d1c2f7e6a10")


def demo_id(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{name}")


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    ods_code: str = ""
    charity_number: str = ""
    site: str = ""
    postcode: str = ""
    setting: str = HealthSetting.OTHER
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    job_title: str
    memberships: tuple[tuple[str, tuple[str, ...], str], ...]  # (organisation, roles, team)


ALL_TOPICS = [topic.value for topic in AdviceTopic]

ORGANISATIONS = [
    DemoOrganisation(
        "Riverside Medical Practice",
        OrganisationKind.HEALTH,
        ods_code="Y90001",
        site="Riverside Medical Practice, Mill Lane",
        postcode="RV1 2AB",
        setting=HealthSetting.GP_PRACTICE,
        teams=("Riverside GP team",),
    ),
    DemoOrganisation(
        "Canal Street Surgery",
        OrganisationKind.HEALTH,
        ods_code="Y90002",
        site="Canal Street Surgery",
        postcode="RV3 4CD",
        setting=HealthSetting.GP_PRACTICE,
        teams=("Canal Street practice team",),
    ),
    DemoOrganisation(
        "Riverside Hospitals NHS Foundation Trust",
        OrganisationKind.HEALTH,
        ods_code="Y90R01",
        site="Riverside General Hospital",
        postcode="RV2 9EF",
        setting=HealthSetting.HOSPITAL,
        teams=("Oncology team",),
    ),
    DemoOrganisation(
        "Riverside Mental Health NHS Trust",
        OrganisationKind.HEALTH,
        ods_code="Y90M01",
        site="Weir House",
        postcode="RV5 1GH",
        setting=HealthSetting.MENTAL_HEALTH,
        teams=("Community mental health team",),
    ),
    DemoOrganisation(
        "Riverside Citizens Advice",
        OrganisationKind.ADVICE,
        charity_number="1990001",
        site="Riverside Advice Centre",
        postcode="RV1 5JK",
        setting=HealthSetting.ADVICE,
        teams=("Welfare benefits team",),
    ),
    DemoOrganisation(
        "Northbridge Law Centre",
        OrganisationKind.ADVICE,
        charity_number="1990002",
        site="Northbridge Law Centre",
        postcode="RV7 3LM",
        setting=HealthSetting.ADVICE,
        teams=("Housing and immigration team",),
    ),
    DemoOrganisation(
        "Riverside Community Foundation", OrganisationKind.FUNDER, charity_number="1990003"
    ),
    DemoOrganisation("Riverside City Council", OrganisationKind.FUNDER),
    DemoOrganisation(
        "Valley Health Centre",
        OrganisationKind.HEALTH,
        ods_code="W90001",
        site="Valley Health Centre",
        postcode="VA1 1AA",
        setting=HealthSetting.GP_PRACTICE,
        teams=("Valley GP team",),
    ),
    DemoOrganisation(
        "Valley Welfare Rights",
        OrganisationKind.ADVICE,
        charity_number="1990004",
        site="Valley Welfare Rights office",
        postcode="VA2 2BB",
        setting=HealthSetting.ADVICE,
        teams=("Valley advice team",),
    ),
    DemoOrganisation("Valley County Council", OrganisationKind.FUNDER),
]

SERVICES = [
    (
        "Riverside Citizens Advice",
        "Welfare benefits and debt advice",
        ["benefits", "debt", "employment", "community_care"],
        ["face_to_face", "phone", "email"],
        5,
    ),
    (
        "Riverside Citizens Advice",
        "Macmillan benefits advice",
        ["benefits", "debt"],
        ["face_to_face", "phone"],
        3,
    ),
    (
        "Northbridge Law Centre",
        "Housing, education and immigration casework",
        ["housing", "education", "immigration", "community_care"],
        ["face_to_face", "phone", "video"],
        10,
    ),
    (
        "Valley Welfare Rights",
        "Valley welfare rights service",
        ALL_TOPICS,
        ["face_to_face", "phone"],
        7,
    ),
]

R = Role
USERS = [
    DemoUser(
        "gp@riverside-medical.example",
        "Dr Amira Shah",
        "GP",
        (("Riverside Medical Practice", (R.REFERRER,), "Riverside GP team"),),
    ),
    DemoUser(
        "practice.manager@riverside-medical.example",
        "Liam O'Connor",
        "Practice manager",
        (("Riverside Medical Practice", (R.ORGANISATION_ADMIN,), ""),),
    ),
    DemoUser(
        "social.prescriber@riverside-medical.example",
        "Kate Brown",
        "Social prescriber",
        (
            ("Riverside Medical Practice", (R.REFERRER,), "Riverside GP team"),
            ("Canal Street Surgery", (R.REFERRER,), "Canal Street practice team"),
        ),
    ),
    DemoUser(
        "nurse@canal-street.example",
        "Ben Okafor",
        "Practice nurse",
        (("Canal Street Surgery", (R.REFERRER,), "Canal Street practice team"),),
    ),
    DemoUser(
        "oncology.nurse@riverside-hospital.example",
        "Claire Hughes",
        "Macmillan clinical nurse specialist",
        (("Riverside Hospitals NHS Foundation Trust", (R.REFERRER,), "Oncology team"),),
    ),
    DemoUser(
        "cmht@riverside-mental-health.example",
        "Dev Patel",
        "Community psychiatric nurse",
        (("Riverside Mental Health NHS Trust", (R.REFERRER,), "Community mental health team"),),
    ),
    DemoUser(
        "adviser@riverside-advice.example",
        "Ellen Price",
        "Welfare rights adviser",
        (("Riverside Citizens Advice", (R.ADVISER,), "Welfare benefits team"),),
    ),
    DemoUser(
        "supervisor@riverside-advice.example",
        "Frank Morris",
        "Advice services supervisor",
        (("Riverside Citizens Advice", (R.SUPERVISOR,), "Welfare benefits team"),),
    ),
    DemoUser(
        "coordinator@riverside-advice.example",
        "Grace Li",
        "Partnership coordinator",
        (("Riverside Citizens Advice", (R.COORDINATOR,), ""),),
    ),
    DemoUser(
        "admin@riverside-advice.example",
        "Hannah Evans",
        "Operations manager",
        (("Riverside Citizens Advice", (R.ORGANISATION_ADMIN,), ""),),
    ),
    DemoUser(
        "adviser@northbridge-law.example",
        "Imran Ali",
        "Housing solicitor",
        (("Northbridge Law Centre", (R.ADVISER,), "Housing and immigration team"),),
    ),
    DemoUser(
        "funder@riverside-foundation.example",
        "Jo Turner",
        "Grants officer",
        (("Riverside Community Foundation", (R.FUNDER_VIEWER,), ""),),
    ),
    DemoUser(
        "gp@valley-health.example",
        "Dr Rhys Jones",
        "GP",
        (("Valley Health Centre", (R.REFERRER,), "Valley GP team"),),
    ),
    DemoUser(
        "adviser@valley-welfare.example",
        "Siân Morgan",
        "Welfare rights adviser",
        (("Valley Welfare Rights", (R.ADVISER, R.COORDINATOR), "Valley advice team"),),
    ),
    DemoUser(
        "admin@valley-welfare.example",
        "Owain Davies",
        "Office manager",
        (("Valley Welfare Rights", (R.ORGANISATION_ADMIN,), ""),),
    ),
]

PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "name": "Riverside Health Justice Partnership",
        "description": "Welfare-rights advice for patients of Riverside's GP practices, "
        "hospital oncology and community mental-health teams.",
        "coordinator": "Riverside Citizens Advice",
        "integration_model": IntegrationModel.CO_LOCATED,
        "channels": [Channel.FACE_TO_FACE, Channel.PHONE, Channel.EMAIL],
        "start_date": date(2024, 4, 1),
        "members": [
            "Riverside Citizens Advice",
            "Northbridge Law Centre",
            "Riverside Medical Practice",
            "Canal Street Surgery",
            "Riverside Hospitals NHS Foundation Trust",
            "Riverside Mental Health NHS Trust",
        ],
        "pathways": [
            (
                "Riverside GP team",
                "Welfare benefits and debt advice",
                ["benefits", "debt", "employment"],
            ),
            (
                "Riverside GP team",
                "Housing, education and immigration casework",
                ["housing", "immigration"],
            ),
            (
                "Canal Street practice team",
                "Welfare benefits and debt advice",
                ["benefits", "debt"],
            ),
            ("Oncology team", "Macmillan benefits advice", ["benefits", "debt"]),
            (
                "Community mental health team",
                "Welfare benefits and debt advice",
                ["benefits", "debt", "community_care"],
            ),
            (
                "Community mental health team",
                "Housing, education and immigration casework",
                ["housing", "community_care"],
            ),
        ],
        "fundings": [
            (
                "Riverside Community Foundation",
                Decimal("120000.00"),
                date(2026, 4, 1),
                date(2027, 3, 31),
            ),
            ("Riverside City Council", Decimal("45000.00"), date(2025, 10, 1), date(2027, 9, 30)),
        ],
    },
    {
        "name": "Valley Health Justice Partnership",
        "description": "Advice sessions in Valley Health Centre.",
        "coordinator": "Valley Welfare Rights",
        "integration_model": IntegrationModel.REFERRAL,
        "channels": [Channel.FACE_TO_FACE, Channel.PHONE],
        "start_date": date(2025, 9, 1),
        "members": ["Valley Welfare Rights", "Valley Health Centre"],
        "pathways": [
            ("Valley GP team", "Valley welfare rights service", ["benefits", "debt", "housing"])
        ],
        "fundings": [
            ("Valley County Council", Decimal("38500.00"), date(2025, 9, 1), date(2026, 8, 31))
        ],
    },
]


@transaction.atomic
def load_demo_data() -> None:
    organisations = {spec.name: _organisation(spec) for spec in ORGANISATIONS}
    teams = {
        team.name: team for team in Team.objects.filter(organisation__in=organisations.values())
    }
    services = {}
    for org_name, name, topics, channels, wait in SERVICES:
        services[name], _ = Service.objects.get_or_create(
            organisation=organisations[org_name],
            name=name,
            defaults={
                "public_id": demo_id("service", name),
                "topics": topics,
                "channels": channels,
                "typical_wait_days": wait,
            },
        )
    for user_spec in USERS:
        _user(user_spec, organisations, teams)
    for partnership_spec in PARTNERSHIPS:
        _partnership(partnership_spec, organisations, teams, services)


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=spec.name,
        defaults={
            "public_id": demo_id("organisation", spec.name),
            "kind": spec.kind,
            "ods_code": spec.ods_code,
            "charity_number": spec.charity_number,
        },
    )
    site = None
    if spec.site:
        site, _ = Site.objects.get_or_create(
            organisation=organisation,
            name=spec.site,
            defaults={
                "public_id": demo_id("site", spec.site),
                "postcode": spec.postcode,
                "setting": spec.setting,
            },
        )
    for team_name in spec.teams:
        Team.objects.get_or_create(
            organisation=organisation,
            name=team_name,
            defaults={
                "public_id": demo_id("team", team_name),
                "site": site,
                "setting": spec.setting,
            },
        )
    return organisation


def _user(spec: DemoUser, organisations: dict[str, Organisation], teams: dict[str, Team]) -> None:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User(
            email=spec.email,
            full_name=spec.full_name,
            job_title=spec.job_title,
            public_id=demo_id("user", spec.email),
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    for org_name, roles, team_name in spec.memberships:
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_name],
            defaults={
                "public_id": demo_id("membership", f"{spec.email}:{org_name}"),
                "roles": list(roles),
                "team": teams.get(team_name),
            },
        )


def _partnership(
    spec: dict[str, Any],
    organisations: dict[str, Organisation],
    teams: dict[str, Team],
    services: dict[str, Service],
) -> None:
    partnership, _ = Partnership.objects.get_or_create(
        name=spec["name"],
        defaults={
            "public_id": demo_id("partnership", spec["name"]),
            "description": spec["description"],
            "coordinating_organisation": organisations[spec["coordinator"]],
            "integration_model": spec["integration_model"],
            "channels": [str(channel) for channel in spec["channels"]],
            "start_date": spec["start_date"],
            "status": PartnershipStatus.ACTIVE,
        },
    )
    for name in spec["members"]:
        PartnershipMember.objects.get_or_create(
            partnership=partnership,
            organisation=organisations[name],
            defaults={"joined_on": spec["start_date"]},
        )
    for team_name, service_name, topics in spec["pathways"]:
        Pathway.objects.get_or_create(
            partnership=partnership,
            from_team=teams[team_name],
            to_service=services[service_name],
            defaults={
                "public_id": demo_id("pathway", f"{team_name}->{service_name}"),
                "topics": topics,
            },
        )
    for funder, amount, start, end in spec["fundings"]:
        Funding.objects.get_or_create(
            partnership=partnership,
            funder=organisations[funder],
            start_date=start,
            defaults={
                "public_id": demo_id("funding", f"{funder}:{start}"),
                "amount": amount,
                "end_date": end,
            },
        )


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(email, password, roles, organisations) for every demo user, in a stable order."""
    labels = dict(Role.choices)
    rows = []
    for spec in USERS:
        roles = sorted({str(labels[role]) for _, roles, _ in spec.memberships for role in roles})
        organisations = [org for org, _, _ in spec.memberships]
        rows.append((spec.email, DEMO_PASSWORD, ", ".join(roles), "; ".join(organisations)))
    return rows
