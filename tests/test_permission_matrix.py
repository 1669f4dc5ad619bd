"""Every route, by every role, on own- and other-organisation records.

`MATRIX` names every route of the URL configuration. A route added without an entry fails
`test_every_route_has_a_matrix_entry`. Django admin routes (namespace `admin`) are covered as one
group: no product role is staff, so each of them sends every role to the admin's own sign-in.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.accounts.services import LAST_SEEN_AT, SIGNED_IN_AT
from healthjustice.casework.models import Case, CaseDocument, CaseIssue, ClientFeedback, Deadline
from healthjustice.clients.models import Client as ClientRecord
from healthjustice.clients.models import Consent, ConsentMethod, ConsentScope
from healthjustice.collaboration.models import (
    Consultation,
    ConsultationMessage,
    EvidenceLetter,
    EvidenceRequest,
)
from healthjustice.core.tenancy import SESSION_KEY
from healthjustice.organisations.models import (
    Funding,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    Pathway,
    Role,
    Service,
    Site,
    Team,
)
from healthjustice.referrals.models import Referral, ReferralAttachment
from healthjustice.screening.defaults import default_questionnaire_id, ensure_default_questionnaire
from healthjustice.screening.models import ScreeningResponse

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role.values]
SIGNED_IN = frozenset(Role.values)
EVERYONE = frozenset(ROLES)
# Where each role works in the fixture world.
HOME_ORGANISATION = {
    Role.REFERRER: "health",
    Role.ADVISER: "advice",
    Role.SUPERVISOR: "advice",
    Role.COORDINATOR: "advice",
    Role.ORGANISATION_ADMIN: "advice",
    Role.FUNDER_VIEWER: "funder",
}


@dataclass
class Tenant:
    """One partnership's world: a health, an advice and a funder organisation and their records."""

    health: Organisation
    advice: Organisation
    funder: Organisation
    second_health: Organisation
    partnership: Partnership
    service: Service
    pathway: Pathway
    funding: Funding
    # Per kind of organisation ("health", "advice", "funder"): a site, a team, a plain member.
    sites: dict[str, Site] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    colleagues: dict[str, Membership] = field(default_factory=dict)
    # The acting membership of each role.
    members: dict[str, Membership] = field(default_factory=dict)
    # Per kind of organisation: a client and a screening of them. Even the funder has one, so that
    # roles without the permission are refused (403) rather than finding nothing (404).
    clients: dict[str, ClientRecord] = field(default_factory=dict)
    screenings: dict[str, ScreeningResponse] = field(default_factory=dict)
    # Per kind of organisation: a consent in force, given by that organisation's client.
    consents: dict[str, Consent] = field(default_factory=dict)
    # The health organisation's client referred, with consent, along the pathway: seen by both the
    # referring and the advice organisation, by nobody else.
    referral: Referral | None = None
    attachment: ReferralAttachment | None = None
    # The advice organisation's case file, seen inside that organisation only: a walk-in case of
    # its client, with an issue, a document, a deadline and a feedback link for the client.
    case: Case | None = None
    issue: CaseIssue | None = None
    document: CaseDocument | None = None
    deadline: Deadline | None = None
    client_feedback: ClientFeedback | None = None
    # A general consultation from the health organisation's referrer to the advice organisation:
    # read by those two organisations only.
    consultation: Consultation | None = None
    # A request for medical evidence from the advice organisation's case to the health
    # organisation, under the advice client's consent, with a letter the practice sent: each side
    # reaches it through its own pages only.
    evidence: EvidenceRequest | None = None
    evidence_letter: EvidenceLetter | None = None


def _tenant(prefix: str) -> Tenant:
    health = Organisation.objects.create(name=f"{prefix} practice", kind=OrganisationKind.HEALTH)
    second_health = Organisation.objects.create(
        name=f"{prefix} hospital", kind=OrganisationKind.HEALTH
    )
    advice = Organisation.objects.create(name=f"{prefix} advice", kind=OrganisationKind.ADVICE)
    funder = Organisation.objects.create(name=f"{prefix} funder", kind=OrganisationKind.FUNDER)
    partnership = Partnership.objects.create(
        name=f"{prefix} partnership",
        coordinating_organisation=advice,
        integration_model="co_located",
        channels=["phone"],
        start_date=date(2026, 1, 1),
    )
    for organisation in (health, second_health, advice):
        PartnershipMember.objects.create(partnership=partnership, organisation=organisation)
    organisations = {"health": health, "advice": advice, "funder": funder}
    sites, teams, colleagues = {}, {}, {}
    for kind, organisation in organisations.items():
        sites[kind] = Site.objects.create(organisation=organisation, name=f"{prefix} {kind} site")
        teams[kind] = Team.objects.create(
            organisation=organisation, name=f"{prefix} {kind} team", site=sites[kind]
        )
        colleague = User.objects.create_user(
            email=f"colleague@{prefix.lower()}-{kind}.example", full_name="Colleague"
        )
        colleagues[kind] = Membership.objects.create(
            user=colleague, organisation=organisation, roles=[Role.ORGANISATION_ADMIN]
        )
    service = Service.objects.create(
        organisation=advice, name=f"{prefix} benefits advice", topics=["benefits", "debt"]
    )
    pathway = Pathway.objects.create(
        partnership=partnership, from_team=teams["health"], to_service=service, topics=["benefits"]
    )
    funding = Funding.objects.create(
        partnership=partnership,
        funder=funder,
        amount=Decimal("1000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    tenant = Tenant(
        health,
        advice,
        funder,
        second_health,
        partnership,
        service,
        pathway,
        funding,
        sites,
        teams,
        colleagues,
    )
    for role, where in HOME_ORGANISATION.items():
        user = User.objects.create_user(
            email=f"{role}@{prefix.lower()}.example", password=uuid.uuid4().hex, full_name=role
        )
        tenant.members[role] = Membership.objects.create(
            user=user, organisation=organisations[where], roles=[role]
        )
    questionnaire = ensure_default_questionnaire()
    for kind, organisation in organisations.items():
        client = ClientRecord.objects.create(
            organisation=organisation,
            given_name="Matrix",
            family_name=f"{prefix} {kind}",
            date_of_birth=date(1980, 1, 1),
        )
        tenant.clients[kind] = client
        tenant.consents[kind] = Consent.objects.create(
            client=client, scope=ConsentScope.EVALUATION, method=ConsentMethod.VERBAL
        )
        tenant.screenings[kind] = ScreeningResponse.objects.create(
            client=client,
            organisation=organisation,
            questionnaire=questionnaire,
            fhir={},
            urgency="routine",
        )
    Consent.objects.create(
        client=tenant.clients["health"],
        scope=ConsentScope.SHARE_REFERRAL,
        method=ConsentMethod.VERBAL,
    )
    tenant.referral = Referral.objects.create(
        client=tenant.clients["health"],
        referring_organisation=health,
        referring_team=teams["health"],
        partnership=partnership,
        pathway=pathway,
        service=service,
        advice_organisation=advice,
        needs=["benefits"],
        urgency="routine",
        help_wanted="Help with a benefit claim.",
    )
    tenant.attachment = ReferralAttachment.objects.create(
        referral=tenant.referral,
        file=ContentFile(b"%PDF-1.7 letter", name="letter.pdf"),
        original_name="decision letter.pdf",
        content_type="application/pdf",
        size=15,
    )
    adviser = tenant.members[Role.ADVISER].user
    tenant.case = Case.objects.create(
        organisation=advice, client=tenant.clients["advice"], source="walk_in", adviser=adviser
    )
    tenant.issue = CaseIssue.objects.create(
        case=tenant.case, category="benefits.universal_credit", advice_level="advice"
    )
    tenant.document = CaseDocument.objects.create(
        case=tenant.case,
        file=ContentFile(b"%PDF-1.7 notice", name="notice.pdf"),
        original_name="notice.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=adviser,
    )
    tenant.deadline = Deadline.objects.create(
        case=tenant.case, kind="custom", title="Send the form", due_date=date(2026, 12, 1)
    )
    tenant.client_feedback = ClientFeedback.objects.create(case=tenant.case)
    referrer = tenant.members[Role.REFERRER].user
    tenant.consultation = Consultation.objects.create(
        partnership=partnership,
        from_organisation=health,
        started_by=referrer,
        to_organisation=advice,
        subject="Would a carer qualify?",
    )
    ConsultationMessage.objects.create(
        consultation=tenant.consultation,
        author=referrer,
        organisation=health,
        body="Would a carer studying part-time keep their benefit?",
    )
    tenant.evidence = EvidenceRequest.objects.create(
        case=tenant.case,
        advice_organisation=advice,
        health_organisation=health,
        requested_by=adviser,
        purpose="pip",
        questions=["How far can the patient walk?"],
        due_date=date(2026, 12, 1),
        client_details={"given_name": "Matrix", "family_name": f"{prefix} advice"},
        consent=Consent.objects.create(
            client=tenant.clients["advice"],
            scope=ConsentScope.SHARE_HEALTH_INFORMATION,
            method=ConsentMethod.VERBAL,
        ),
        draft_letter="I write in support of my patient's claim.",
    )
    tenant.evidence_letter = EvidenceLetter.objects.create(
        request=tenant.evidence,
        file=ContentFile(b"%PDF-1.7 signed", name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=referrer,
    )
    return tenant


@pytest.fixture
def world(db: None) -> dict[str, Tenant]:
    return {"own": _tenant("Own"), "other": _tenant("Other")}


def _client_for(role: str, tenant: Tenant) -> Client:
    if role == ANONYMOUS:
        return Client()
    return signed_in_as(tenant.members[role])


def signed_in_as(membership: Membership) -> Client:
    """A client signed in as the membership's user, acting for its organisation (the sign-in
    page itself is tested elsewhere)."""
    client = Client()
    client.force_login(membership.user)
    session = client.session
    now = timezone.now().isoformat()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session[SESSION_KEY] = str(membership.public_id)
    session.save()
    return client


# Builds a route's URL arguments for a tenant, given the kind of organisation the role works in.
KwargsBuilder = Callable[[Tenant, str], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    method: str = "GET"
    kwargs: KwargsBuilder | None = None
    ok: int = 200
    # What a signed-in role outside `allowed` gets, and what an anonymous visitor gets.
    denied: int = 403
    anonymous: int = 302
    data: dict[str, str] = field(default_factory=dict)
    # Signed-in roles that are sent elsewhere instead of being served (sign-in page, 2FA verify).
    redirects_signed_in: bool = False
    # The record exists only in this kind (or these kinds) of organisation: other roles have none
    # of their own.
    only_in: str | frozenset[str] | None = None


def public(**options: Any) -> Route:
    return Route(allowed=EVERYONE, anonymous=options.pop("anonymous", 200), **options)


def member_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {"member_id": tenant.colleagues[kind].public_id}


def partnership_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {"partnership_id": tenant.partnership.public_id}


def client_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {"client_id": tenant.clients[kind].public_id}


def consent_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {**client_of(tenant, kind), "consent_id": tenant.consents[kind].public_id}


def screening_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {**client_of(tenant, kind), "screening_id": tenant.screenings[kind].public_id}


def referral_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.referral is not None
    return {"referral_id": tenant.referral.public_id}


def attachment_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.attachment is not None
    return {**referral_of(tenant, kind), "attachment_id": tenant.attachment.public_id}


def case_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.case is not None
    return {"case_id": tenant.case.public_id}


def issue_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.issue is not None
    return {**case_of(tenant, kind), "issue_id": tenant.issue.public_id}


def document_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.document is not None
    return {**case_of(tenant, kind), "document_id": tenant.document.public_id}


def deadline_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.deadline is not None
    return {**case_of(tenant, kind), "deadline_id": tenant.deadline.public_id}


def feedback_link_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.client_feedback is not None
    return {"token": tenant.client_feedback.token}


def evidence_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.evidence is not None
    return {"evidence_id": tenant.evidence.public_id}


def evidence_letter_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.evidence_letter is not None
    return {**evidence_of(tenant, kind), "letter_id": tenant.evidence_letter.public_id}


def consultation_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    assert tenant.consultation is not None
    return {"consultation_id": tenant.consultation.public_id}


def self_referral_site_of(tenant: Tenant, kind: str) -> dict[str, Any]:
    return {"site_id": tenant.sites["health"].public_id}


ADMIN = frozenset({Role.ORGANISATION_ADMIN})
STRUCTURE = frozenset({Role.ORGANISATION_ADMIN, Role.COORDINATOR})
PARTNERSHIP_MANAGERS = frozenset({Role.ORGANISATION_ADMIN, Role.COORDINATOR})
VIEWERS = SIGNED_IN
SCREENERS = frozenset({Role.REFERRER, Role.ADVISER, Role.SUPERVISOR})
CLIENT_WORKERS = frozenset({Role.REFERRER, Role.ADVISER, Role.SUPERVISOR})
REFERRERS = frozenset({Role.REFERRER})
INBOX = frozenset({Role.ADVISER, Role.SUPERVISOR})
CASEWORKERS = frozenset({Role.ADVISER, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
# A referral is visible to the organisation that made it and the one it was made to.
REFERRAL_SIDES = frozenset({"health", "advice"})

MATRIX: dict[str, Route] = {
    "core:home": public(),
    "core:accessibility": public(),
    "core:privacy": public(),
    "core:cookies": public(),
    "core:audit_log": Route(allowed=ADMIN),
    "core:notifications": Route(allowed=SIGNED_IN),
    "set_language": public(method="POST", ok=302, anonymous=302, data={"language": "cy"}),
    "accounts:sign_in": public(redirects_signed_in=True),
    "accounts:sign_out": Route(allowed=SIGNED_IN, method="POST", ok=302),
    "accounts:two_factor_verify": Route(allowed=SIGNED_IN, redirects_signed_in=True),
    "accounts:two_factor_setup": Route(allowed=SIGNED_IN),
    "accounts:account": Route(allowed=SIGNED_IN),
    "accounts:password_change": Route(allowed=SIGNED_IN),
    "accounts:preferences": Route(allowed=SIGNED_IN, method="POST", ok=302),
    "accounts:switch_organisation": Route(allowed=SIGNED_IN, method="POST", ok=302),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(
        kwargs=lambda tenant, kind: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": public(),
    "organisations:organisation_detail": Route(allowed=VIEWERS),
    "organisations:organisation_edit": Route(allowed=ADMIN),
    "organisations:site_create": Route(allowed=STRUCTURE),
    "organisations:site_edit": Route(
        allowed=STRUCTURE, kwargs=lambda tenant, kind: {"site_id": tenant.sites[kind].public_id}
    ),
    "organisations:team_create": Route(allowed=STRUCTURE),
    "organisations:team_edit": Route(
        allowed=STRUCTURE, kwargs=lambda tenant, kind: {"team_id": tenant.teams[kind].public_id}
    ),
    "organisations:service_create": Route(allowed=STRUCTURE),
    "organisations:service_edit": Route(
        allowed=STRUCTURE,
        kwargs=lambda tenant, kind: {"service_id": tenant.service.public_id},
        only_in="advice",
    ),
    "organisations:member_list": Route(allowed=ADMIN),
    "organisations:member_add": Route(allowed=ADMIN),
    "organisations:member_edit": Route(allowed=ADMIN, kwargs=member_of),
    "organisations:member_end_sessions": Route(
        allowed=ADMIN, kwargs=member_of, method="POST", ok=302
    ),
    "organisations:partnership_list": Route(allowed=VIEWERS),
    "organisations:partnership_create": Route(allowed=PARTNERSHIP_MANAGERS),
    "organisations:partnership_detail": Route(allowed=VIEWERS, kwargs=partnership_of),
    "organisations:partnership_edit": Route(allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of),
    "organisations:partnership_member_add": Route(
        allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of
    ),
    "organisations:organisation_register": Route(
        allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of
    ),
    "organisations:partnership_member_remove": Route(
        allowed=PARTNERSHIP_MANAGERS,
        kwargs=lambda tenant, kind: {
            **partnership_of(tenant, kind),
            "organisation_id": tenant.second_health.public_id,
        },
    ),
    "organisations:pathway_create": Route(allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of),
    "organisations:pathway_edit": Route(
        allowed=PARTNERSHIP_MANAGERS,
        kwargs=lambda tenant, kind: {
            **partnership_of(tenant, kind),
            "pathway_id": tenant.pathway.public_id,
        },
    ),
    "organisations:funding_create": Route(allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of),
    "organisations:funding_edit": Route(
        allowed=PARTNERSHIP_MANAGERS,
        kwargs=lambda tenant, kind: {
            **partnership_of(tenant, kind),
            "funding_id": tenant.funding.public_id,
        },
    ),
    "clients:client_find": Route(allowed=CLIENT_WORKERS),
    "clients:client_create": Route(allowed=CLIENT_WORKERS),
    "clients:client_detail": Route(allowed=CLIENT_WORKERS, kwargs=client_of),
    "clients:client_edit": Route(allowed=CLIENT_WORKERS, kwargs=client_of),
    "clients:consent_record": Route(allowed=CLIENT_WORKERS, kwargs=client_of),
    "clients:consent_withdraw": Route(allowed=CLIENT_WORKERS, kwargs=consent_of),
    "screening:screen": Route(allowed=SCREENERS, kwargs=client_of),
    "screening:result": Route(allowed=SCREENERS, kwargs=screening_of),
    "screening:partnership_questionnaires": Route(
        allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of
    ),
    "screening:partnership_questionnaire_choose": Route(
        allowed=PARTNERSHIP_MANAGERS,
        kwargs=partnership_of,
        method="POST",
        ok=302,
        data={"questionnaire": str(default_questionnaire_id())},
    ),
    "screening:questionnaire_import": Route(allowed=PARTNERSHIP_MANAGERS, kwargs=partnership_of),
    "referrals:referral_create": Route(allowed=REFERRERS, kwargs=client_of),
    "referrals:my_referrals": Route(allowed=REFERRERS),
    "referrals:team_referrals": Route(allowed=REFERRERS),
    "referrals:inbox": Route(allowed=INBOX),
    "referrals:referral_detail": Route(
        allowed=REFERRERS | INBOX, kwargs=referral_of, only_in=REFERRAL_SIDES
    ),
    "referrals:attachment_download": Route(
        allowed=REFERRERS | INBOX, kwargs=attachment_of, only_in=REFERRAL_SIDES
    ),
    "referrals:referral_sent": Route(allowed=REFERRERS, kwargs=referral_of, only_in=REFERRAL_SIDES),
    "referrals:referral_transition": Route(
        allowed=REFERRERS | INBOX,
        kwargs=referral_of,
        only_in=REFERRAL_SIDES,
        method="POST",
        ok=302,
        # Both sides may cancel a referral that has not been accepted yet, with a reason.
        data={"to_status": "cancelled", "reason": "The client moved away."},
    ),
    "referrals:contact_attempt_create": Route(
        allowed=INBOX,
        kwargs=referral_of,
        only_in=REFERRAL_SIDES,
        method="POST",
        ok=302,
        data={
            "attempted_on": "2026-01-05",
            "attempted_time": "10:00",
            "channel": "phone",
            "result": "no_answer",
        },
    ),
    "referrals:referral_redirect": Route(allowed=INBOX, kwargs=referral_of, only_in=REFERRAL_SIDES),
    # Self-referral is public: its site (the health site, whose team has the pathway) holds no
    # one's record, so every role and anonymous visitors get the same pages.
    "self_referral:start": public(kwargs=self_referral_site_of),
    "self_referral:done": public(kwargs=self_referral_site_of),
    "self_referral:poster": public(kwargs=self_referral_site_of),
    # The case file: the advice organisation's advisers and supervisors only.
    "casework:case_list": Route(allowed=CASEWORKERS),
    "casework:caseloads": Route(allowed=SUPERVISORS),
    "casework:overdue_deadlines": Route(allowed=CASEWORKERS),
    "casework:case_open": Route(allowed=CASEWORKERS, kwargs=client_of),
    "casework:case_open_from_referral": Route(
        allowed=CASEWORKERS, kwargs=referral_of, only_in=REFERRAL_SIDES
    ),
    "casework:case_detail": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:case_assign": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:case_hold": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:case_close": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:issue_add": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:issue_edit": Route(allowed=CASEWORKERS, kwargs=issue_of, only_in="advice"),
    "casework:outcome_add": Route(allowed=CASEWORKERS, kwargs=issue_of, only_in="advice"),
    "casework:note_add": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:document_add": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:document_download": Route(allowed=CASEWORKERS, kwargs=document_of, only_in="advice"),
    "casework:wellbeing_record": Route(
        allowed=CASEWORKERS,
        kwargs=lambda tenant, kind: {**case_of(tenant, kind), "stage": "start"},
        only_in="advice",
    ),
    "casework:summary_share": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:deadline_add": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    "casework:deadline_complete": Route(
        allowed=CASEWORKERS, kwargs=deadline_of, only_in="advice", method="POST", ok=302
    ),
    "casework:deadline_statement": Route(allowed=CASEWORKERS, kwargs=deadline_of, only_in="advice"),
    "casework:client_feedback": Route(allowed=CASEWORKERS, kwargs=case_of, only_in="advice"),
    # The client's feedback link: public, it names no one.
    "casework:public_feedback": public(kwargs=feedback_link_of),
    # Consultations: the professionals of the two organisations in the thread, nobody else.
    "collaboration:consultation_list": Route(allowed=CLIENT_WORKERS),
    "collaboration:consultation_start": Route(allowed=CLIENT_WORKERS),
    "collaboration:consultation_start_about_referral": Route(
        allowed=CLIENT_WORKERS, kwargs=referral_of, only_in=REFERRAL_SIDES
    ),
    "collaboration:consultation_detail": Route(
        allowed=CLIENT_WORKERS, kwargs=consultation_of, only_in=REFERRAL_SIDES
    ),
    "collaboration:consultation_reply": Route(
        allowed=CLIENT_WORKERS,
        kwargs=consultation_of,
        only_in=REFERRAL_SIDES,
        method="POST",
        ok=302,
        data={"body": "Yes, if the course is under 21 hours a week."},
    ),
    "collaboration:consultation_close": Route(
        allowed=CLIENT_WORKERS,
        kwargs=consultation_of,
        only_in=REFERRAL_SIDES,
        method="POST",
        ok=302,
    ),
    "collaboration:consultation_reopen": Route(
        allowed=CLIENT_WORKERS,
        kwargs=consultation_of,
        only_in=REFERRAL_SIDES,
        method="POST",
        ok=302,
    ),
    # Feedback both ways: the referring organisation rates the response to the referral it made;
    # the advice organisation marks a referral it received; the referrers read the learning.
    "collaboration:referral_rate": Route(allowed=REFERRERS, kwargs=referral_of, only_in="health"),
    "collaboration:referral_mark_not_appropriate": Route(
        allowed=INBOX, kwargs=referral_of, only_in="advice"
    ),
    "collaboration:learning_from_referrals": Route(allowed=REFERRERS),
    # Medical evidence: advisers ask from the case and follow their requests; supervisors keep
    # the questions; the clinicians of the organisation asked answer. Each side has its own pages.
    "collaboration:evidence_request_create": Route(
        allowed=CASEWORKERS, kwargs=case_of, only_in="advice"
    ),
    "collaboration:evidence_list": Route(allowed=CASEWORKERS),
    "collaboration:evidence_detail": Route(
        allowed=CASEWORKERS, kwargs=evidence_of, only_in="advice"
    ),
    "collaboration:evidence_withdraw": Route(
        allowed=CASEWORKERS, kwargs=evidence_of, only_in="advice"
    ),
    "collaboration:evidence_templates": Route(allowed=SUPERVISORS),
    "collaboration:evidence_template_edit": Route(allowed=SUPERVISORS),
    "collaboration:evidence_inbox": Route(allowed=REFERRERS),
    "collaboration:evidence_received": Route(
        allowed=REFERRERS, kwargs=evidence_of, only_in="health"
    ),
    "collaboration:evidence_accept": Route(
        allowed=REFERRERS, kwargs=evidence_of, only_in="health", method="POST", ok=302
    ),
    "collaboration:evidence_decline": Route(
        allowed=REFERRERS, kwargs=evidence_of, only_in="health"
    ),
    "collaboration:evidence_provide": Route(
        allowed=REFERRERS, kwargs=evidence_of, only_in="health"
    ),
    "collaboration:evidence_draft_pdf": Route(
        allowed=REFERRERS, kwargs=evidence_of, only_in="health"
    ),
    "collaboration:evidence_letter_download": Route(
        allowed=REFERRERS, kwargs=evidence_letter_of, only_in="health"
    ),
    # Collaboration analytics: the coordinators of the partnership's health and advice members.
    "collaboration:analytics_overview": Route(allowed=frozenset({Role.COORDINATOR})),
    "collaboration:analytics_team": Route(
        allowed=frozenset({Role.COORDINATOR}),
        kwargs=lambda tenant, kind: {
            **partnership_of(tenant, kind),
            "team_id": tenant.teams["health"].public_id,
        },
        only_in=REFERRAL_SIDES,
    ),
    "collaboration:analytics_thresholds": Route(
        allowed=frozenset({Role.COORDINATOR}), kwargs=partnership_of, only_in=REFERRAL_SIDES
    ),
    # The information-exchange log: the holders of the client's or the case's record.
    "collaboration:exchanges_client": Route(allowed=CLIENT_WORKERS, kwargs=client_of),
    "collaboration:exchanges_case": Route(allowed=CLIENT_WORKERS, kwargs=case_of, only_in="advice"),
}


# Routes that address one organisation's record (public routes hold none).
RECORD_ROUTES = [
    name for name, route in MATRIX.items() if route.kwargs and route.allowed != EVERYONE
]


def _route_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if namespace.startswith("admin:"):
                names.add(f"{namespace}{pattern.name or pattern.pattern}")
                continue
            assert pattern.name, f"route {pattern.pattern} has no name, so it cannot be checked"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_has_a_matrix_entry() -> None:
    routes = {
        name for name in _route_names(get_resolver().url_patterns) if not name.startswith("admin:")
    }
    assert routes - set(MATRIX) == set(), "routes without a permission-matrix entry"
    assert set(MATRIX) - routes == set(), "matrix entries for routes that no longer exist"


def _request(client: Client, name: str, route: Route, tenant: Tenant, role: str) -> int:
    kind = HOME_ORGANISATION.get(role, "health")
    url = reverse(name, kwargs=route.kwargs(tenant, kind) if route.kwargs else None)
    if route.method == "POST":
        return client.post(url, route.data).status_code
    return client.get(url).status_code


def _expected(route: Route, role: str) -> int:
    if role == ANONYMOUS:
        return route.anonymous
    kinds = {route.only_in} if isinstance(route.only_in, str) else route.only_in
    if kinds and HOME_ORGANISATION[role] not in kinds:
        return 404
    if role not in route.allowed:
        return route.denied
    if route.redirects_signed_in:
        return 302
    return route.ok


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_answers_each_role_in_own_organisation(
    world: dict[str, Tenant], name: str, role: str
) -> None:
    route = MATRIX[name]
    own = world["own"]
    status = _request(_client_for(role, own), name, route, own, role)
    assert status == _expected(route, role), f"{role} on {name}"


@pytest.mark.parametrize("role", sorted(SIGNED_IN))
@pytest.mark.parametrize("name", sorted(RECORD_ROUTES))
def test_other_organisations_objects_answer_404(
    world: dict[str, Tenant], name: str, role: str
) -> None:
    route = MATRIX[name]
    status = _request(_client_for(role, world["own"]), name, route, world["other"], role)
    assert status == 404, f"{role} on another organisation's {name}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_is_closed_to_every_product_role(world: dict[str, Tenant], role: str) -> None:
    response = _client_for(role, world["own"]).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
