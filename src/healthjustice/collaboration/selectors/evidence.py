"""Reads of medical-evidence requests. The advice organisation sees the requests it made; the
health organisation sees those made to it, and only what the request carries (never the case).
A request of anyone else is not found."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Case as Conditional
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case, Deadline
from healthjustice.clients.models import Consent, ConsentScope
from healthjustice.clients.selectors import consent_in_force
from healthjustice.collaboration.evidence_templates import default_questions
from healthjustice.collaboration.models import (
    OPEN_EVIDENCE_STATUSES,
    EvidenceLetter,
    EvidencePurpose,
    EvidenceRequest,
    EvidenceTemplate,
)
from healthjustice.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipStatus,
    Role,
    Team,
)
from healthjustice.organisations.selectors import get_in_scope, people_with_role

# How many days before the due date the clinician's side is reminded, unless told otherwise.
DEFAULT_REMINDER_DAYS = 3
# A due date taken from a case deadline falls this many days before it, so that the adviser has
# time to use the evidence; never earlier than tomorrow.
DAYS_BEFORE_DEADLINE = 7


# Templates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeQuestions:
    purpose: str
    label: str
    questions: list[str]
    # The organisation's own version, when a supervisor has changed the product's questions.
    template: EvidenceTemplate | None


def templates_of(membership: Membership) -> list[PurposeQuestions]:
    """The organisation's questions for every purpose: its own where it changed them, otherwise
    the product's defaults (nothing is written by reading them)."""
    saved = {
        template.purpose: template
        for template in EvidenceTemplate.objects.filter(
            organisation_id=membership.organisation_id
        ).select_related("updated_by")
    }
    result = []
    for purpose, label in EvidencePurpose.choices:
        template = saved.get(purpose)
        result.append(
            PurposeQuestions(
                purpose=purpose,
                label=str(label),
                questions=list(template.questions) if template else default_questions(purpose),
                template=template,
            )
        )
    return result


def template_questions(organisation_id: int, purpose: str) -> list[str]:
    template = EvidenceTemplate.objects.filter(
        organisation_id=organisation_id, purpose=purpose
    ).first()
    return list(template.questions) if template else default_questions(purpose)


def client_details_shown(details: dict[str, str]) -> dict[str, object]:
    """The identifying details a request carries, with the date of birth as a date."""
    shown: dict[str, object] = dict(details)
    if details.get("date_of_birth"):
        shown["date_of_birth"] = date.fromisoformat(details["date_of_birth"])
    return shown


# Where a request can go -------------------------------------------------------------------------


def evidence_consent_in_force(case: Case) -> Consent | None:
    """The client's consent to their health information being shared: given to the advice
    organisation (on the case's client record) or to the referring organisation (on its own
    record of them)."""
    consent = consent_in_force(case.client, ConsentScope.SHARE_HEALTH_INFORMATION)
    if consent is None and case.referral is not None:
        consent = consent_in_force(case.referral.client, ConsentScope.SHARE_HEALTH_INFORMATION)
    return consent


def evidence_organisations(membership: Membership, case: Case) -> list[Organisation]:
    """The health organisations a request from this case may go to: the practice that referred
    the client first, then every health organisation in an active partnership with the advice
    organisation."""
    in_partnership = Organisation.objects.filter(
        kind=OrganisationKind.HEALTH,
        partnership_memberships__partnership__status=PartnershipStatus.ACTIVE,
        partnership_memberships__partnership__members__organisation_id=membership.organisation_id,
    ).distinct()
    organisations = sorted(in_partnership, key=lambda organisation: organisation.name)
    referral = case.referral
    referring = referral.referring_organisation if referral is not None else None
    if referring is not None:
        organisations = [referring, *(o for o in organisations if o.pk != referring.pk)]
    return organisations


@dataclass(frozen=True)
class Recipients:
    """Teams and named clinicians of the organisations a request may go to."""

    organisations: list[Organisation]
    teams: dict[int, list[Team]]
    clinicians: dict[int, list[Membership]]


def evidence_recipients(membership: Membership, case: Case) -> Recipients:
    organisations = evidence_organisations(membership, case)
    ids = [organisation.pk for organisation in organisations]
    teams: dict[int, list[Team]] = {pk: [] for pk in ids}
    for team in Team.objects.filter(organisation_id__in=ids).order_by("name"):
        teams[team.organisation_id].append(team)
    clinicians: dict[int, list[Membership]] = {pk: [] for pk in ids}
    for member in (
        Membership.objects.filter(organisation_id__in=ids, is_active=True, user__is_active=True)
        .select_related("user", "team")
        .order_by("user__full_name")
    ):
        if member.has_role(Role.REFERRER):
            clinicians[member.organisation_id].append(member)
    return Recipients(organisations=organisations, teams=teams, clinicians=clinicians)


def shared_partnership(advice_id: int, health_id: int) -> Partnership | None:
    """An active partnership both organisations take part in (the first by name)."""
    return (
        Partnership.objects.filter(
            status=PartnershipStatus.ACTIVE, members__organisation_id=advice_id
        )
        .filter(members__organisation_id=health_id)
        .order_by("name")
        .first()
    )


def is_referrer_of(user: User, organisation_id: int) -> bool:
    return user in people_with_role(organisation_id, Role.REFERRER)


def membership_team_of(user: User, organisation_id: int) -> Team | None:
    member = (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .select_related("team")
        .first()
    )
    return member.team if member is not None else None


def linkable_deadlines(case: Case, *, today: date | None = None) -> QuerySet[Deadline]:
    """The case's deadlines a request can take its due date from: not done, not yet passed."""
    return case.deadlines.filter(
        completed_at__isnull=True, due_date__gt=today or timezone.localdate()
    ).order_by("due_date", "id")


def due_date_for_deadline(deadline: Deadline, *, today: date | None = None) -> date:
    """A week before the deadline, so the adviser has time to use the evidence; but never
    earlier than tomorrow, and never after the deadline itself."""
    today = today or timezone.localdate()
    return max(deadline.due_date - timedelta(days=DAYS_BEFORE_DEADLINE), today + timedelta(days=1))


def referrers_to_tell(evidence: EvidenceRequest) -> list[User]:
    """Who on the health side hears of a request: the named clinician while they are still one
    of the organisation's referrers, else the team's referrers, else the organisation's."""
    referrers = people_with_role(evidence.health_organisation_id, Role.REFERRER)
    if evidence.clinician_id is not None:
        named = [user for user in referrers if user.pk == evidence.clinician_id]
        if named:
            return named
    if evidence.team_id is not None:
        team_ids = set(
            Membership.objects.filter(
                organisation_id=evidence.health_organisation_id, team_id=evidence.team_id
            ).values_list("user_id", flat=True)
        )
        in_team = [user for user in referrers if user.pk in team_ids]
        if in_team:
            return in_team
    return referrers


# The advice side --------------------------------------------------------------------------------


def _listed(requests: QuerySet[EvidenceRequest]) -> QuerySet[EvidenceRequest]:
    return requests.select_related(
        "health_organisation", "team", "clinician", "requested_by", "consent"
    )


def evidence_requests_made(membership: Membership) -> QuerySet[EvidenceRequest]:
    return _listed(
        EvidenceRequest.objects.filter(advice_organisation_id=membership.organisation_id)
    ).select_related("case__client")


def evidence_requests_of_case(case: Case) -> QuerySet[EvidenceRequest]:
    return _listed(case.evidence_requests.all()).order_by("-requested_at", "-id")


def evidence_made_get(membership: Membership, public_id: UUID | str) -> EvidenceRequest:
    return get_in_scope(
        evidence_requests_made(membership).select_related(
            "deadline", "answered_by", "answers_document", "advice_organisation"
        ),
        public_id,
    )


# The health side --------------------------------------------------------------------------------


def evidence_requests_received(membership: Membership) -> QuerySet[EvidenceRequest]:
    return _listed(
        EvidenceRequest.objects.filter(health_organisation_id=membership.organisation_id)
    ).select_related("advice_organisation")


def evidence_received_get(membership: Membership, public_id: UUID | str) -> EvidenceRequest:
    return get_in_scope(
        evidence_requests_received(membership).select_related("referral", "answered_by"),
        public_id,
    )


def letters_of(evidence: EvidenceRequest) -> QuerySet[EvidenceLetter]:
    return evidence.letters.select_related("uploaded_by", "case_document")


def letter_get(evidence: EvidenceRequest, public_id: UUID | str) -> EvidenceLetter:
    return get_in_scope(evidence.letters.all(), public_id)


# Lists and their filters ------------------------------------------------------------------------

STATUS_FILTERS = ("open", "overdue", "provided", "declined", "withdrawn", "all")


def filter_evidence(
    requests: QuerySet[EvidenceRequest], *, status: str = "open", today: date | None = None
) -> QuerySet[EvidenceRequest]:
    """Open (the default) and overdue ones soonest due first; the rest newest first."""
    today = today or timezone.localdate()
    if status == "open":
        return requests.filter(status__in=OPEN_EVIDENCE_STATUSES).order_by("due_date", "id")
    if status == "overdue":
        return requests.filter(status__in=OPEN_EVIDENCE_STATUSES, due_date__lt=today).order_by(
            "due_date", "id"
        )
    if status in ("provided", "declined", "withdrawn"):
        requests = requests.filter(status=status)
    return requests.order_by("-requested_at", "-id")


def addressed_first(
    requests: QuerySet[EvidenceRequest], membership: Membership, *, addressed: str = ""
) -> QuerySet[EvidenceRequest]:
    """For a clinician: `addressed` "me" or "team" keeps only those; otherwise all of the
    organisation's, with those addressed to them, then to their team, first."""
    mine = Q(clinician_id=membership.user_id)
    team = Q(team_id=membership.team_id) if membership.team_id else Q(pk__in=[])
    if addressed == "me":
        return requests.filter(mine)
    if addressed == "team":
        return requests.filter(team)
    ordering = requests.query.order_by or ("-requested_at", "-id")
    return requests.annotate(
        addressed_rank=Conditional(
            When(mine, then=Value(0)),
            When(team, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("addressed_rank", *ordering)


# Reminders --------------------------------------------------------------------------------------


def evidence_due_soon(
    *, today: date | None = None, days_before: int = DEFAULT_REMINDER_DAYS
) -> QuerySet[EvidenceRequest]:
    """Across every organisation: open requests due within `days_before` days and not yet
    reminded."""
    today = today or timezone.localdate()
    return EvidenceRequest.objects.filter(
        status__in=OPEN_EVIDENCE_STATUSES,
        reminder_sent_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=days_before),
    ).order_by("due_date", "id")


def evidence_overdue_to_remind(*, today: date | None = None) -> QuerySet[EvidenceRequest]:
    """Across every organisation: open requests past their due date whose overdue reminder has
    not been sent."""
    return EvidenceRequest.objects.filter(
        status__in=OPEN_EVIDENCE_STATUSES,
        overdue_reminder_sent_at__isnull=True,
        due_date__lt=today or timezone.localdate(),
    ).order_by("due_date", "id")
