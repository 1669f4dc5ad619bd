"""A realistic, fictional and deterministic demonstration data set.

Two partnerships that share nothing, so that tenancy can be seen: "Riverside" (two GP practices, a
hospital oncology team, a community mental-health team, a Citizens-Advice-like agency, a law centre
and two funders) and "Valley" in Wales. Every person, organisation and code here is invented.
Riverside's Citizens Advice has referrals at every step of triage and cases at every stage of the
work, with dates set relative to today so that deadlines are overdue, due soon or met.
Loading is idempotent: records are found by their natural keys or fixed public ids and created only
when missing.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.casework import wellbeing
from healthjustice.casework.models import (
    COUNTING_METHOD,
    AdviceLevel,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseIssue,
    CaseNote,
    CaseSource,
    CaseStatus,
    ClientFeedback,
    ClosureReason,
    CountingMethod,
    Deadline,
    DeadlineKind,
    IssueStatus,
    NoteKind,
    Outcome,
    OutcomeKind,
    SharedUpdate,
    SharedUpdateKind,
    WellbeingMeasure,
    WellbeingStage,
)
from healthjustice.casework.selectors import feedback_consent_in_force
from healthjustice.casework.services import (
    FEEDBACK_QUESTIONS,
    annualise,
    client_details_from_referral,
    deadline_calculate,
)
from healthjustice.clients.models import Client, Consent, ConsentMethod, ConsentScope
from healthjustice.collaboration.demo import load_collaboration_demo
from healthjustice.core.models import Notification, NotificationKind
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
    PublicIdModel,
    Role,
    Service,
    Site,
    Team,
)
from healthjustice.referrals.models import (
    REFERENCE_ALPHABET,
    ContactAttempt,
    ContactChannel,
    ContactResult,
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
    _cases(services)
    load_collaboration_demo(demo_id)


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
    # How many days ago each change was made; without them, one every 20 hours after arrival.
    history_days_ago: tuple[int, ...] = ()
    # The advice service's tries to reach the client: (days ago, who, channel, result).
    contact_attempts: tuple[tuple[int, str, str, str], ...] = ()
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
EVALUATION = ConsentScope.EVALUATION
GP = "gp@riverside-medical.example"
PRESCRIBER = "social.prescriber@riverside-medical.example"
PRACTICE_NURSE = "nurse@canal-street.example"
ONCOLOGY_NURSE = "oncology.nurse@riverside-hospital.example"
ADVISER = "adviser@riverside-advice.example"
SUPERVISOR = "supervisor@riverside-advice.example"
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
    DemoClient(
        "nadia-kowalski",
        "Riverside Medical Practice",
        "Nadia",
        "Kowalski",
        date(1979, 4, 17),
        "07700 900108",
        "RV1 6HH",
        (SHARE, HEALTH, FEEDBACK),
        recorded_by=GP,
    ),
    DemoClient(
        "peter-lewis",
        "Riverside Medical Practice",
        "Peter",
        "Lewis",
        date(1962, 8, 25),
        "01632 960109",
        "RV2 4JJ",
        (SHARE, HEALTH, FEEDBACK),
        method=ConsentMethod.WRITTEN,
        recorded_by=GP,
    ),
    DemoClient(
        "rosa-martinez",
        "Canal Street Surgery",
        "Rosa",
        "Martinez",
        date(1970, 2, 8),
        "07700 900110",
        "RV3 5KK",
        (SHARE, FEEDBACK),
        recorded_by=PRACTICE_NURSE,
    ),
    # Came to the advice centre's drop-in: the advice organisation's own record.
    DemoClient(
        "joanne-fletcher",
        "Riverside Citizens Advice",
        "Joanne",
        "Fletcher",
        date(1995, 10, 30),
        "07700 900111",
        "RV1 8LL",
        (EVALUATION,),
        recorded_by=ADVISER,
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
        # Over State Pension age: Attendance Allowance, as a new claim for PIP is not possible.
        "A claim for Attendance Allowance under the special rules for end of life.",
        10,
        history=(
            (ReferralStatus.ACCEPTED, ADVISER, ""),
            (ReferralStatus.IN_PROGRESS, SUPERVISOR, ""),
        ),
        history_days_ago=(9, 8),
        contact_attempts=((9, ADVISER, ContactChannel.PHONE, ContactResult.REACHED),),
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
        "nadia-kowalski-benefits",
        "nadia-kowalski",
        BENEFITS,
        ("benefits", "debt"),
        Urgency.SOON,
        "Her Personal Independence Payment stopped after a review, and she has fallen behind "
        "with her council tax.",
        19,
        history=(
            (ReferralStatus.ACCEPTED, ADVISER, ""),
            (ReferralStatus.IN_PROGRESS, ADVISER, ""),
        ),
        history_days_ago=(18, 17),
        contact_attempts=((18, ADVISER, ContactChannel.PHONE, ContactResult.REACHED),),
        referrer=GP,
        team="Riverside GP team",
        urgency_reason="The decision letter gives a month to challenge it.",
        health_information="Fibromyalgia and depression; on bad days she cannot walk far.",
    ),
    DemoReferral(
        "peter-lewis-benefits",
        "peter-lewis",
        BENEFITS,
        ("benefits", "debt"),
        Urgency.ROUTINE,
        "He was refused Personal Independence Payment and cannot pay his catalogue debts since "
        "he stopped work.",
        150,
        history=(
            (ReferralStatus.ACCEPTED, ADVISER, ""),
            (ReferralStatus.IN_PROGRESS, ADVISER, ""),
            (ReferralStatus.COMPLETED, ADVISER, ""),
        ),
        history_days_ago=(149, 148, 6),
        contact_attempts=(
            (149, ADVISER, ContactChannel.PHONE, ContactResult.NO_ANSWER),
            (148, ADVISER, ContactChannel.PHONE, ContactResult.REACHED),
        ),
        referrer=GP,
        team="Riverside GP team",
        health_information="COPD; breathless after a few yards.",
        best_times="Mornings",
    ),
    DemoReferral(
        "rosa-martinez-benefits",
        "rosa-martinez",
        BENEFITS,
        ("benefits",),
        Urgency.ROUTINE,
        "She has given up work to look after her mother and wants to know whether she can claim "
        "Carer's Allowance.",
        2,
        history=((ReferralStatus.ACCEPTED, ADVISER, ""),),
        history_days_ago=(1,),
        contact_attempts=((1, ADVISER, ContactChannel.PHONE, ContactResult.LEFT_MESSAGE),),
        referrer=PRACTICE_NURSE,
        team="Canal Street practice team",
        best_times="After 3pm",
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


def _demo_reference(prefix: str, kind: str, key: str) -> str:
    body = "".join(
        REFERENCE_ALPHABET[byte % len(REFERENCE_ALPHABET)] for byte in demo_id(kind, key).bytes[:8]
    )
    return f"{prefix}-{body[:4]}-{body[4:]}"


def demo_reference(key: str) -> str:
    return _demo_reference("HJP", "referral", key)


def demo_case_reference(key: str) -> str:
    return _demo_reference("CASE", "case", key)


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
    now = timezone.now()
    created_at = now - timedelta(days=spec.days_ago)
    changed_at = [
        now - timedelta(days=spec.history_days_ago[step])
        if spec.history_days_ago
        else created_at + timedelta(hours=20 * (step + 1))
        for step in range(len(spec.history))
    ]
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
        status_changed_at=changed_at[-1] if changed_at else created_at,
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
    for (to_status, actor_email, why), occurred_at in zip(spec.history, changed_at, strict=True):
        ReferralEvent.objects.create(
            referral=referral,
            from_status=previous,
            to_status=to_status,
            reason=why,
            actor=users[actor_email],
            actor_organisation=referral.referring_organisation
            if actor_email == spec.referrer
            else referral.advice_organisation,
            occurred_at=occurred_at,
        )
        previous = to_status
    for days_ago, adviser, channel, result in spec.contact_attempts:
        ContactAttempt.objects.create(
            public_id=demo_id("contact-attempt", f"{spec.key}:{days_ago}"),
            referral=referral,
            attempted_at=now - timedelta(days=days_ago),
            channel=channel,
            result=result,
            recorded_by=users[adviser],
        )
    first_reached = min(
        (
            now - timedelta(days=days_ago)
            for days_ago, _, _, result in spec.contact_attempts
            if result == ContactResult.REACHED
        ),
        default=None,
    )
    if first_reached is not None:
        Referral.objects.filter(pk=referral.pk).update(first_contact_at=first_reached)


# Casework ---------------------------------------------------------------------------------------
# Built directly, like the referrals, so that every record keeps a fixed public id and its date in
# the story; the figures come from the functions the services use (annualise, the statutory
# calculator, the SWEMWBS table).


@dataclass(frozen=True)
class DemoOutcome:
    kind: str
    days_ago: int
    evidence_note: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class DemoIssue:
    category: str
    advice_level: str
    description: str
    outcomes: tuple[DemoOutcome, ...] = ()
    status: str = IssueStatus.OPEN


@dataclass(frozen=True)
class DemoDeadline:
    kind: str
    # A custom deadline: what is due, and when, in days from today (negative: in the past).
    title: str = ""
    due_in_days: int = 0
    # A mandatory reconsideration is calculated from the date of the decision.
    decision_days_ago: int = 0
    # A written statement of reasons asked for this many days ago, and not yet arrived.
    statement_requested_days_ago: int | None = None
    issue: int | None = None  # the position of its issue in the case's issues
    remind_days_before: int = 5
    done_days_ago: int | None = None


@dataclass(frozen=True)
class DemoCase:
    key: str
    service: str
    adviser: str
    opened_days_ago: int
    # The referral the case was opened from, or else the advice organisation's own client.
    referral: str = ""
    client: str = ""
    source: str = CaseSource.REFERRAL
    supervisor: str = ""
    issues: tuple[DemoIssue, ...] = ()
    deadlines: tuple[DemoDeadline, ...] = ()
    # Privileged: (kind, days ago, text).
    notes: tuple[tuple[str, int, str], ...] = ()
    # SWEMWBS: (stage, days ago, the seven answers in the order of `wellbeing.ITEMS`).
    wellbeing: tuple[tuple[str, int, tuple[int, ...]], ...] = ()
    # Written for the referrer, with the client's consent: (kind, days ago, summary).
    shared: tuple[tuple[str, int, str], ...] = ()
    closed_days_ago: int | None = None
    closure_reason: str = ""
    # The client's answers to the four questions (each 1 to 5), their comment, and days ago.
    client_feedback: tuple[tuple[int, int, int, int], str, int] | None = None


CASES = [
    DemoCase(
        "nadia-kowalski-benefits",
        BENEFITS,
        ADVISER,
        17,
        referral="nadia-kowalski-benefits",
        supervisor=SUPERVISOR,
        issues=(
            DemoIssue(
                "benefits.personal_independence_payment",
                AdviceLevel.CASEWORK,
                "The award ended at a review. Asking the DWP for a mandatory reconsideration.",
            ),
            DemoIssue(
                "debt.priority.council_tax",
                AdviceLevel.CASEWORK,
                "About £640 of arrears for this year; a reminder and a final notice received.",
            ),
        ),
        deadlines=(
            DemoDeadline(
                DeadlineKind.MANDATORY_RECONSIDERATION,
                decision_days_ago=21,
                statement_requested_days_ago=18,
                issue=0,
            ),
            DemoDeadline(
                DeadlineKind.CUSTOM,
                title="Send the council an income and expenditure statement",
                due_in_days=6,
                issue=1,
                remind_days_before=2,
            ),
        ),
        notes=(
            (
                NoteKind.PHONE_CALL,
                17,
                "First appointment by phone. The award ended at review with 4 points for daily "
                "living and none for mobility. Nadia says the assessor did not ask about her bad "
                "days; she keeps a pain diary. Agreed to ask for a mandatory reconsideration and "
                "to deal with the council tax first.",
            ),
            (
                NoteKind.ACTION,
                16,
                "Called the council's revenues team: recovery is on hold for 30 days while we "
                "apply for Council Tax Reduction and propose an arrangement.",
            ),
            (
                NoteKind.ADVICE,
                10,
                "Advised that the descriptors for preparing food, washing and bathing, and "
                "moving around are arguable. Nadia will bring her pain diary and her "
                "physiotherapist's letter to the next appointment.",
            ),
        ),
        wellbeing=((WellbeingStage.START, 17, (2, 2, 1, 2, 3, 3, 3)),),
        shared=(
            (
                SharedUpdateKind.UPDATE,
                9,
                "We are helping Nadia ask the DWP to look again at its decision to stop her "
                "Personal Independence Payment, and with her council tax arrears. The council "
                "has put recovery of the arrears on hold while we apply for Council Tax "
                "Reduction.",
            ),
        ),
    ),
    DemoCase(
        "margaret-hill-macmillan",
        MACMILLAN,
        SUPERVISOR,
        8,
        referral="margaret-hill-macmillan",
        issues=(
            DemoIssue(
                "benefits.attendance_allowance",
                AdviceLevel.CASEWORK,
                "A claim under the special rules for end of life; the consultant is completing "
                "form SR1.",
            ),
            DemoIssue(
                "benefits.pension_credit",
                AdviceLevel.ADVICE,
                "Check entitlement once Attendance Allowance is paid: it may bring the severe "
                "disability addition.",
            ),
        ),
        deadlines=(
            DemoDeadline(
                DeadlineKind.CUSTOM,
                title="Make the claim by phone on the special rules line",
                due_in_days=-7,
                issue=0,
                remind_days_before=0,
                done_days_ago=7,
            ),
            DemoDeadline(
                DeadlineKind.CUSTOM,
                title="Check that the DWP has the consultant's SR1",
                due_in_days=-2,
                issue=0,
                remind_days_before=1,
            ),
            DemoDeadline(
                DeadlineKind.CUSTOM,
                title="Ring Margaret with news of the claim",
                due_in_days=3,
                issue=0,
            ),
        ),
        notes=(
            (
                NoteKind.PHONE_CALL,
                8,
                "Spoke to Margaret and her daughter and took the details for the claim. The "
                "consultant's secretary will send the SR1 to the DWP this week.",
            ),
            (
                NoteKind.ACTION,
                7,
                "Claim made by phone on the special rules line; the claim reference is on the "
                "copy of the claim on file.",
            ),
        ),
    ),
    DemoCase(
        "peter-lewis-benefits",
        BENEFITS,
        ADVISER,
        148,
        referral="peter-lewis-benefits",
        supervisor=SUPERVISOR,
        issues=(
            DemoIssue(
                "benefits.personal_independence_payment",
                AdviceLevel.CASEWORK,
                "Claim refused with 2 points for daily living and 4 for mobility.",
                outcomes=(
                    DemoOutcome(
                        OutcomeKind.RECONSIDERATION_WON, 30, "Mandatory reconsideration notice"
                    ),
                    DemoOutcome(
                        OutcomeKind.NEW_AWARD,
                        30,
                        "DWP award letter (copy on file)",
                        Decimal("95.50"),
                    ),
                    DemoOutcome(
                        OutcomeKind.ARREARS,
                        24,
                        "Backdated to the date of claim: DWP payment schedule",
                        Decimal("1910.00"),
                    ),
                ),
                status=IssueStatus.CONCLUDED,
            ),
            DemoIssue(
                "debt.non_priority.catalogue_bnpl",
                AdviceLevel.CASEWORK,
                "Two catalogue accounts in arrears; no spare income to offer payments.",
                outcomes=(
                    DemoOutcome(
                        OutcomeKind.DEBT_WRITTEN_OFF,
                        12,
                        "Creditor's letter writing off both balances on health grounds",
                        Decimal("1250.00"),
                    ),
                ),
                status=IssueStatus.CONCLUDED,
            ),
        ),
        deadlines=(
            DemoDeadline(
                DeadlineKind.MANDATORY_RECONSIDERATION,
                decision_days_ago=152,
                issue=0,
                done_days_ago=141,
            ),
        ),
        notes=(
            (
                NoteKind.MEETING,
                148,
                "Met Peter at the surgery. PIP refused; he stopped work in the spring and has "
                "two catalogue debts. Asked the GP for a letter about his breathlessness.",
            ),
            (
                NoteKind.LETTER,
                141,
                "Mandatory reconsideration request sent with the GP's letter and the respiratory "
                "nurse's report.",
            ),
            (
                NoteKind.PHONE_CALL,
                30,
                "The DWP rang: the decision is revised and both components are awarded.",
            ),
            (
                NoteKind.ACTION,
                12,
                "The creditor confirmed the write-off. Peter is happy for the case to close.",
            ),
        ),
        wellbeing=(
            (WellbeingStage.START, 148, (2, 2, 2, 3, 3, 3, 2)),
            (WellbeingStage.CLOSE, 6, (3, 3, 3, 4, 4, 4, 3)),
        ),
        shared=(
            (
                SharedUpdateKind.CLOSING_FEEDBACK,
                6,
                "Peter asked the DWP to look again at its decision on his Personal Independence "
                "Payment, with the letter you wrote. The decision was changed: he now gets "
                "£95.50 a week (£4,966.00 a year), and £1,910.00 was backdated to his claim. His "
                "catalogue debts of £1,250.00 were written off because of his health. We have "
                "closed his case, and he knows he can come back to us. Thank you for the "
                "referral.",
            ),
        ),
        closed_days_ago=6,
        closure_reason=ClosureReason.RESOLVED,
        client_feedback=(
            (5, 4, 5, 5),
            "Seeing someone at my own surgery made it much easier.",
            5,
        ),
    ),
    DemoCase(
        "joanne-fletcher-walk-in",
        BENEFITS,
        ADVISER,
        5,
        client="joanne-fletcher",
        source=CaseSource.WALK_IN,
        supervisor=SUPERVISOR,
        issues=(
            DemoIssue(
                "benefits.local_welfare",
                AdviceLevel.ADVICE,
                "Emergency help with gas and electricity: no credit on the prepayment meter.",
                outcomes=(
                    DemoOutcome(
                        OutcomeKind.LUMP_SUM,
                        4,
                        "Fuel voucher from the council's local welfare assistance scheme",
                        Decimal("49.00"),
                    ),
                ),
                status=IssueStatus.CONCLUDED,
            ),
            DemoIssue(
                "debt.priority.energy",
                AdviceLevel.ADVICE,
                "Arrears recovered through the prepayment meter at £10 a week; asking the "
                "supplier to lower it.",
            ),
        ),
        deadlines=(
            DemoDeadline(
                DeadlineKind.CUSTOM,
                title="Send the energy supplier Joanne's budget",
                due_in_days=4,
                issue=1,
                remind_days_before=2,
            ),
        ),
        notes=(
            (
                NoteKind.MEETING,
                5,
                "Came to the drop-in. No credit on the prepayment meter since Saturday; two "
                "children at home. Applied for a fuel voucher with her.",
            ),
            (
                NoteKind.PHONE_CALL,
                3,
                "Called the supplier with Joanne: they will review the recovery rate once she "
                "sends a budget.",
            ),
        ),
        wellbeing=((WellbeingStage.START, 5, (2, 3, 2, 2, 3, 4, 3)),),
    ),
]


def _cases(services: dict[str, Service]) -> None:
    users = {user.email: user for user in User.objects.filter(email__contains="@")}
    for spec in CASES:
        _case(spec, services, users)


def _backdate(record: PublicIdModel, moment: datetime) -> None:
    """The database stamps `created_at` on insert: moved to when it happened in the story."""
    type(record)._default_manager.filter(pk=record.pk).update(created_at=moment, updated_at=moment)


def _case_event(case: Case, event_kind: str, actor: User, moment: datetime, **detail: str) -> None:
    CaseEvent.objects.create(
        case=case, kind=event_kind, actor=actor, occurred_at=moment, detail=detail
    )


def _advice_client(
    spec: DemoCase, referral: Referral | None, organisation: Organisation, adviser: User
) -> Client:
    """The advice organisation's own record: started from what the referral shared, as opening a
    case from a referral does, or the walk-in client's."""
    if referral is None:
        return Client.objects.get(public_id=demo_id("client", spec.client))
    if referral.client.organisation_id == organisation.pk:
        return referral.client
    client, _ = Client.objects.get_or_create(
        public_id=demo_id("client", f"{spec.key}:advice"),
        defaults={
            "organisation": organisation,
            "created_by": adviser,
            **client_details_from_referral(referral),
        },
    )
    return client


def _case(spec: DemoCase, services: dict[str, Service], users: dict[str, User]) -> None:
    public_id = demo_id("case", spec.key)
    if Case.objects.filter(public_id=public_id).exists():
        return
    referral = (
        Referral.objects.get(public_id=demo_id("referral", spec.referral))
        if spec.referral
        else None
    )
    # A case someone opened from this referral while trying the demo stays as they left it.
    if referral is not None and Case.objects.filter(referral=referral).exists():
        return
    service = services[spec.service]
    adviser = users[spec.adviser]
    now = timezone.now()
    opened_at = now - timedelta(days=spec.opened_days_ago)
    case = Case.objects.create(
        public_id=public_id,
        reference=demo_case_reference(spec.key),
        organisation=service.organisation,
        client=_advice_client(spec, referral, service.organisation, adviser),
        referral=referral,
        service=service,
        source=spec.source,
        adviser=adviser,
        supervisor=users.get(spec.supervisor),
        opened_at=opened_at,
    )
    _backdate(case, opened_at)
    _case_event(case, CaseEventKind.OPENED, adviser, opened_at, source=spec.source)
    issues = [
        _issue(case, spec, number, issue, adviser) for number, issue in enumerate(spec.issues)
    ]
    for number, deadline in enumerate(spec.deadlines):
        _deadline(case, spec, number, deadline, issues, adviser)
    for number, (kind, days_ago, body) in enumerate(spec.notes):
        note = CaseNote.objects.create(
            public_id=demo_id("case-note", f"{spec.key}:{number}"),
            case=case,
            kind=kind,
            body=body,
            occurred_at=now - timedelta(days=days_ago),
            author=adviser,
        )
        _backdate(note, note.occurred_at)
    codes = [code for code, _ in wellbeing.ITEMS]
    for stage, days_ago, values in spec.wellbeing:
        answers = dict(zip(codes, values, strict=True))
        raw = wellbeing.raw_score(answers)
        measure = WellbeingMeasure.objects.create(
            public_id=demo_id("wellbeing", f"{spec.key}:{stage}"),
            case=case,
            stage=stage,
            answers=answers,
            raw_score=raw,
            metric_score=wellbeing.metric_score(raw),
            recorded_by=adviser,
        )
        measured_at = now - timedelta(days=days_ago)
        _backdate(measure, measured_at)
        _case_event(case, CaseEventKind.WELLBEING_RECORDED, adviser, measured_at, stage=stage)
    for number, (kind, days_ago, summary) in enumerate(spec.shared):
        _share(case, spec, number, kind, summary, now - timedelta(days=days_ago), adviser)
    if spec.closed_days_ago is not None:
        _close(case, spec, now - timedelta(days=spec.closed_days_ago), adviser)


def _issue(
    case: Case, spec: DemoCase, number: int, issue_spec: DemoIssue, adviser: User
) -> CaseIssue:
    issue = CaseIssue.objects.create(
        public_id=demo_id("case-issue", f"{spec.key}:{number}"),
        case=case,
        category=issue_spec.category,
        advice_level=issue_spec.advice_level,
        description=issue_spec.description,
        status=issue_spec.status,
    )
    _backdate(issue, case.opened_at)
    _case_event(
        case, CaseEventKind.ISSUE_ADDED, adviser, case.opened_at, category=issue_spec.category
    )
    today = timezone.localdate()
    for index, outcome_spec in enumerate(issue_spec.outcomes):
        method = COUNTING_METHOD.get(outcome_spec.kind, "")
        amount = outcome_spec.amount
        outcome = Outcome.objects.create(
            public_id=demo_id("outcome", f"{spec.key}:{number}:{index}"),
            issue=issue,
            kind=outcome_spec.kind,
            amount=amount,
            annual_amount=annualise(amount)
            if method == CountingMethod.WEEKLY_ANNUALISED and amount is not None
            else None,
            counting_method=method,
            achieved_on=today - timedelta(days=outcome_spec.days_ago),
            evidence_note=outcome_spec.evidence_note,
            recorded_by=adviser,
        )
        recorded_at = timezone.now() - timedelta(days=outcome_spec.days_ago)
        _backdate(outcome, recorded_at)
        _case_event(
            case,
            CaseEventKind.OUTCOME_RECORDED,
            adviser,
            recorded_at,
            kind=outcome_spec.kind,
            amount=str(amount) if amount is not None else "",
        )
    return issue


def _deadline(
    case: Case,
    spec: DemoCase,
    number: int,
    deadline_spec: DemoDeadline,
    issues: list[CaseIssue],
    adviser: User,
) -> None:
    now, today = timezone.now(), timezone.localdate()
    if deadline_spec.kind == DeadlineKind.CUSTOM:
        title = deadline_spec.title
        due = today + timedelta(days=deadline_spec.due_in_days)
        late_limit = None
        basis: dict[str, str] = {}
    else:
        dates = {"decision_date": today - timedelta(days=deadline_spec.decision_days_ago)}
        if deadline_spec.statement_requested_days_ago is not None:
            dates["statement_requested_on"] = today - timedelta(
                days=deadline_spec.statement_requested_days_ago
            )
        calculation = deadline_calculate(deadline_spec.kind, dates)
        title = str(DeadlineKind(deadline_spec.kind).label)
        due, late_limit = calculation.due, calculation.late_limit
        basis = {
            **{name: value.isoformat() for name, value in dates.items()},
            "extended": "yes" if calculation.extended else "",
            "awaiting_statement": "yes" if calculation.awaiting_statement else "",
        }
    done_at = (
        now - timedelta(days=deadline_spec.done_days_ago)
        if deadline_spec.done_days_ago is not None
        else None
    )
    # As if the reminders had been running: one is sent on its day, unless the work was done.
    remind_on = due - timedelta(days=deadline_spec.remind_days_before)
    reminded_at = now - (today - remind_on) if remind_on <= today and done_at is None else None
    deadline = Deadline.objects.create(
        public_id=demo_id("deadline", f"{spec.key}:{number}"),
        case=case,
        issue=issues[deadline_spec.issue] if deadline_spec.issue is not None else None,
        kind=deadline_spec.kind,
        title=title,
        due_date=due,
        late_limit=late_limit,
        basis=basis,
        remind_days_before=deadline_spec.remind_days_before,
        reminder_sent_at=reminded_at,
        completed_at=done_at,
        completed_by=adviser if done_at else None,
    )
    _backdate(deadline, case.opened_at)
    _case_event(
        case,
        CaseEventKind.DEADLINE_ADDED,
        adviser,
        case.opened_at,
        kind=deadline_spec.kind,
        due=due.isoformat(),
    )
    if done_at is not None:
        _case_event(case, CaseEventKind.DEADLINE_MET, adviser, done_at, kind=deadline_spec.kind)
    if reminded_at is not None:
        Notification.objects.create(
            recipient=adviser,
            organisation=case.organisation,
            kind=NotificationKind.DEADLINE_DUE,
            reference=case.reference,
            link=reverse("casework:case_detail", kwargs={"case_id": case.public_id}),
            created_at=reminded_at,
        )


def _share(
    case: Case,
    spec: DemoCase,
    number: int,
    kind: str,
    summary: str,
    moment: datetime,
    adviser: User,
) -> None:
    """A summary for the referrer, and the notification that tells them of it."""
    referral = case.referral
    assert referral is not None, spec.key  # noqa: S101 (only cases from a referral share)
    assert feedback_consent_in_force(case) is not None, spec.key  # noqa: S101 (consent first)
    update = SharedUpdate.objects.create(
        public_id=demo_id("shared-update", f"{spec.key}:{number}"),
        case=case,
        referral=referral,
        kind=kind,
        summary=summary,
        shared_by=adviser,
    )
    _backdate(update, moment)
    _case_event(case, CaseEventKind.SUMMARY_SHARED, adviser, moment, kind=kind)
    if referral.referred_by is not None and referral.referring_organisation is not None:
        Notification.objects.create(
            recipient=referral.referred_by,
            organisation=referral.referring_organisation,
            kind=NotificationKind.REFERRAL_FEEDBACK,
            reference=referral.reference,
            link=reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id}),
            created_at=moment,
        )


def _close(case: Case, spec: DemoCase, moment: datetime, adviser: User) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=moment,
        closure_reason=spec.closure_reason,
        updated_at=moment,
    )
    _case_event(case, CaseEventKind.CLOSED, adviser, moment, reason=spec.closure_reason)
    answers: dict[str, Any] = {}
    if spec.client_feedback is not None:
        scores, comment, days_ago = spec.client_feedback
        answers = {
            **dict(zip(FEEDBACK_QUESTIONS, scores, strict=True)),
            "comment": comment,
            "submitted_at": timezone.now() - timedelta(days=days_ago),
        }
    feedback = ClientFeedback.objects.create(
        public_id=demo_id("client-feedback", spec.key),
        case=case,
        # A fixed link, so that the demo is the same on every machine.
        token=demo_id("client-feedback-link", spec.key).hex,
        **answers,
    )
    _backdate(feedback, moment)


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(email, password, roles, organisations) for every demo user, in a stable order."""
    labels = dict(Role.choices)
    rows = []
    for spec in USERS:
        roles = sorted({str(labels[role]) for _, roles, _ in spec.memberships for role in roles})
        organisations = [org for org, _, _ in spec.memberships]
        rows.append((spec.email, DEMO_PASSWORD, ", ".join(roles), "; ".join(organisations)))
    return rows
