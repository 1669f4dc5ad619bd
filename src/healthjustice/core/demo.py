"""A realistic, fictional and deterministic demonstration data set.

Two partnerships that share nothing, so that tenancy can be seen: "Riverside" (two GP practices, a
hospital oncology team, a community mental-health team, a Citizens-Advice-like agency, a law centre
and two funders) and "Valley" in Wales. Every person, organisation and code here is invented.
Loading is idempotent: records are found by their natural keys and created only when missing.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.clients.models import Client, Consent, ConsentMethod, ConsentScope
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
from healthjustice.referrals.models import (
    REFERENCE_ALPHABET,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
    Urgency,
)
from healthjustice.referrals.services import shared_details_of

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
    _clients_and_referrals(organisations, teams, services)


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


# Clients and referrals --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoClient:
    key: str
    organisation: str
    given_name: str
    family_name: str
    date_of_birth: date
    phone: str
    postcode: str
    scopes: tuple[str, ...]
    method: str = ConsentMethod.VERBAL
    recorded_by: str = ""


@dataclass(frozen=True)
class DemoReferral:
    key: str
    client: str
    service: str
    needs: tuple[str, ...]
    urgency: str
    help_wanted: str
    days_ago: int
    # Each change after "requested": (status, who made it, reason).
    history: tuple[tuple[str, str, str], ...] = ()
    referrer: str = ""
    team: str = ""
    # A self-referral names the site whose poster the person found instead of a referrer.
    site: str = ""
    urgency_reason: str = ""
    contact_channels: tuple[str, ...] = (Channel.PHONE,)
    best_times: str = ""
    note_for_adviser: str = ""
    health_information: str = ""


SHARE = ConsentScope.SHARE_REFERRAL
HEALTH = ConsentScope.SHARE_HEALTH_INFORMATION
FEEDBACK = ConsentScope.FEEDBACK_TO_REFERRER
GP = "gp@riverside-medical.example"
PRESCRIBER = "social.prescriber@riverside-medical.example"
ONCOLOGY_NURSE = "oncology.nurse@riverside-hospital.example"
ADVISER = "adviser@riverside-advice.example"
HOUSING_ADVISER = "adviser@northbridge-law.example"
BENEFITS = "Welfare benefits and debt advice"
HOUSING = "Housing, education and immigration casework"
MACMILLAN = "Macmillan benefits advice"

CLIENTS = [
    DemoClient(
        "maya-okoro",
        "Riverside Medical Practice",
        "Maya",
        "Okoro",
        date(1984, 3, 12),
        "01632 960101",
        "RV1 3AA",
        (SHARE, HEALTH, FEEDBACK),
        recorded_by=GP,
    ),
    DemoClient(
        "tom-reilly",
        "Riverside Medical Practice",
        "Tom",
        "Reilly",
        date(1958, 11, 2),
        "01632 960102",
        "RV1 4BB",
        (SHARE, FEEDBACK),
        method=ConsentMethod.WRITTEN,
        recorded_by=GP,
    ),
    DemoClient(
        "priya-nair",
        "Riverside Medical Practice",
        "Priya",
        "Nair",
        date(1991, 7, 21),
        "07700 900103",
        "RV2 1CC",
        (SHARE,),
        recorded_by=GP,
    ),
    DemoClient(
        "joseph-mensah",
        "Riverside Medical Practice",
        "Joseph",
        "Mensah",
        date(1976, 1, 9),
        "07700 900104",
        "RV1 7DD",
        (SHARE, FEEDBACK),
        recorded_by=PRESCRIBER,
    ),
    DemoClient(
        "margaret-hill",
        "Riverside Hospitals NHS Foundation Trust",
        "Margaret",
        "Hill",
        date(1949, 5, 30),
        "01632 960105",
        "RV2 8EE",
        (SHARE, HEALTH, FEEDBACK),
        recorded_by=ONCOLOGY_NURSE,
    ),
    DemoClient(
        "david-evans",
        "Riverside Hospitals NHS Foundation Trust",
        "David",
        "Evans",
        date(1967, 9, 14),
        "07700 900106",
        "RV3 2FF",
        (SHARE,),
        recorded_by=ONCOLOGY_NURSE,
    ),
    # Found the service on a poster in the GP practice: the advice organisation's own record.
    DemoClient(
        "sam-taylor",
        "Riverside Citizens Advice",
        "Sam",
        "Taylor",
        date(1988, 12, 3),
        "07700 900107",
        "RV1 9GG",
        (SHARE,),
        method=ConsentMethod.ELECTRONIC,
    ),
]

REFERRALS = [
    DemoReferral(
        "maya-okoro-benefits",
        "maya-okoro",
        BENEFITS,
        ("benefits", "debt"),
        Urgency.URGENT,
        "Her Universal Credit stopped after a missed appointment and she is behind on the rent.",
        1,
        referrer=GP,
        team="Riverside GP team",
        urgency_reason="No money for food this week.",
        contact_channels=(Channel.PHONE, Channel.EMAIL),
        best_times="Weekday mornings",
        health_information="Long-term depression; finds phone calls with officials hard.",
    ),
    DemoReferral(
        "tom-reilly-housing",
        "tom-reilly",
        HOUSING,
        ("housing",),
        Urgency.SOON,
        "His landlord has served a section 21 notice and he does not know his rights.",
        6,
        history=((ReferralStatus.ACCEPTED, HOUSING_ADVISER, ""),),
        referrer=GP,
        team="Riverside GP team",
        urgency_reason="The notice ends next month.",
        contact_channels=(Channel.PHONE, Channel.FACE_TO_FACE),
    ),
    DemoReferral(
        "priya-nair-employment",
        "priya-nair",
        BENEFITS,
        ("employment",),
        Urgency.ROUTINE,
        "Her employer cut her hours after a long sickness absence.",
        12,
        history=(
            (
                ReferralStatus.REJECTED,
                ADVISER,
                "A dispute with an employer needs an employment specialist: we have given "
                "the client the details of the local employment law clinic.",
            ),
        ),
        referrer=GP,
        team="Riverside GP team",
    ),
    DemoReferral(
        "joseph-mensah-debt",
        "joseph-mensah",
        BENEFITS,
        ("debt",),
        Urgency.ROUTINE,
        "Council tax arrears and a letter from enforcement agents.",
        20,
        history=(
            (
                ReferralStatus.CANCELLED,
                PRESCRIBER,
                "The client agreed a payment plan with the council himself.",
            ),
        ),
        referrer=PRESCRIBER,
        team="Riverside GP team",
        contact_channels=(Channel.PHONE, Channel.FACE_TO_FACE),
        note_for_adviser="Prefers to be called Joe.",
    ),
    DemoReferral(
        "margaret-hill-macmillan",
        "margaret-hill",
        MACMILLAN,
        ("benefits",),
        Urgency.URGENT,
        "A claim for Personal Independence Payment under the special rules for end of life.",
        4,
        history=(
            (ReferralStatus.ACCEPTED, ADVISER, ""),
            (ReferralStatus.IN_PROGRESS, ADVISER, ""),
        ),
        referrer=ONCOLOGY_NURSE,
        team="Oncology team",
        urgency_reason="Terminal diagnosis: the claim can be fast-tracked.",
        health_information="Metastatic breast cancer; the consultant will complete an SR1.",
        best_times="Afternoons, after treatment days (Tuesdays)",
    ),
    DemoReferral(
        "david-evans-macmillan",
        "david-evans",
        MACMILLAN,
        ("benefits", "debt"),
        Urgency.SOON,
        "Off work for treatment and worried about paying the mortgage.",
        2,
        referrer=ONCOLOGY_NURSE,
        team="Oncology team",
    ),
    DemoReferral(
        "sam-taylor-self",
        "sam-taylor",
        BENEFITS,
        ("benefits",),
        Urgency.ROUTINE,
        "My Employment and Support Allowance is being moved to Universal Credit.",
        3,
        site="Riverside Medical Practice, Mill Lane",
        contact_channels=(Channel.PHONE, Channel.EMAIL),
    ),
]


def demo_reference(key: str) -> str:
    body = "".join(
        REFERENCE_ALPHABET[byte % len(REFERENCE_ALPHABET)]
        for byte in demo_id("referral", key).bytes[:8]
    )
    return f"HJP-{body[:4]}-{body[4:]}"


def _clients_and_referrals(
    organisations: dict[str, Organisation], teams: dict[str, Team], services: dict[str, Service]
) -> None:
    users = {user.email: user for user in User.objects.filter(email__contains="@")}
    clients = {spec.key: _client(spec, organisations, users) for spec in CLIENTS}
    for spec in REFERRALS:
        _referral(spec, clients[spec.client], teams, services, users)


def _client(
    spec: DemoClient, organisations: dict[str, Organisation], users: dict[str, User]
) -> Client:
    client, _ = Client.objects.get_or_create(
        public_id=demo_id("client", spec.key),
        defaults={
            "organisation": organisations[spec.organisation],
            "given_name": spec.given_name,
            "family_name": spec.family_name,
            "date_of_birth": spec.date_of_birth,
            "phone": spec.phone,
            "postcode": spec.postcode,
            "may_leave_voicemail": True,
            "created_by": users.get(spec.recorded_by),
        },
    )
    for scope in spec.scopes:
        Consent.objects.get_or_create(
            public_id=demo_id("consent", f"{spec.key}:{scope}"),
            defaults={
                "client": client,
                "scope": scope,
                "method": spec.method,
                "recorded_by": users.get(spec.recorded_by),
            },
        )
    return client


def _referral(
    spec: DemoReferral,
    client: Client,
    teams: dict[str, Team],
    services: dict[str, Service],
    users: dict[str, User],
) -> None:
    public_id = demo_id("referral", spec.key)
    if Referral.objects.filter(public_id=public_id).exists():
        return
    service = services[spec.service]
    site: Site | None
    team: Team | None
    if spec.site:
        site = Site.objects.get(name=spec.site)
        pathway = Pathway.objects.filter(from_team__site=site, to_service=service).first()
        team = None
    else:
        team = teams[spec.team]
        site = team.site
        pathway = Pathway.objects.filter(from_team=team, to_service=service).first()
    assert pathway is not None, spec.key  # noqa: S101 (the demo data names existing pathways)
    created_at = timezone.now() - timedelta(days=spec.days_ago)
    status: str = ReferralStatus.REQUESTED
    reason = ""
    if spec.history:
        status, _, reason = spec.history[-1]
    referrer = users.get(spec.referrer)
    referral = Referral.objects.create(
        public_id=public_id,
        reference=demo_reference(spec.key),
        source=ReferralSource.SELF if spec.site else ReferralSource.CLINICIAN,
        client=client,
        referring_organisation=team.organisation if team else None,
        referring_team=team,
        referred_by=referrer,
        site=site,
        partnership=pathway.partnership,
        pathway=pathway,
        service=service,
        advice_organisation=service.organisation,
        needs=list(spec.needs),
        urgency=spec.urgency,
        urgency_reason=spec.urgency_reason,
        help_wanted=spec.help_wanted,
        contact_channels=[str(channel) for channel in spec.contact_channels],
        best_times=spec.best_times,
        note_for_adviser=spec.note_for_adviser,
        health_information=spec.health_information,
        shared_details=shared_details_of(client),
        consent=client.consents.filter(scope=ConsentScope.SHARE_REFERRAL).first(),
        status=status,
        status_reason=reason,
        status_changed_at=created_at + timedelta(hours=20 * len(spec.history)),
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created_at)
    ReferralEvent.objects.create(
        referral=referral,
        to_status=ReferralStatus.REQUESTED,
        actor=referrer,
        actor_organisation=referral.referring_organisation,
        occurred_at=created_at,
    )
    previous: str = ReferralStatus.REQUESTED
    for step, (to_status, actor_email, why) in enumerate(spec.history, start=1):
        ReferralEvent.objects.create(
            referral=referral,
            from_status=previous,
            to_status=to_status,
            reason=why,
            actor=users[actor_email],
            actor_organisation=referral.referring_organisation
            if actor_email == spec.referrer
            else referral.advice_organisation,
            occurred_at=created_at + timedelta(hours=20 * step),
        )
        previous = to_status


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(email, password, roles, organisations) for every demo user, in a stable order."""
    labels = dict(Role.choices)
    rows = []
    for spec in USERS:
        roles = sorted({str(labels[role]) for _, roles, _ in spec.memberships for role in roles})
        organisations = [org for org, _, _ in spec.memberships]
        rows.append((spec.email, DEMO_PASSWORD, ", ".join(roles), "; ".join(organisations)))
    return rows
