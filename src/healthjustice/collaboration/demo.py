"""The demo partnership's collaboration: what crossed between the two sides, screenings by team,
consultations, medical evidence and feedback both ways — arranged so that the Riverside teams
show different engagement levels this month (GP team high, Canal Street medium, oncology and
mental health low) and the coordinator has prompts to act on.

Built directly, like the rest of the demo, so every record keeps a fixed public id and its place
in the story. Dates are clipped to the current month where a team's level depends on them, so the
levels hold whatever day the demo is loaded.
"""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case, CaseDocument, SharedUpdate, SharedUpdateKind
from healthjustice.clients.models import Client, Consent, ConsentScope
from healthjustice.clients.selectors import consent_in_force
from healthjustice.collaboration.evidence_pdf import answers_pdf
from healthjustice.collaboration.evidence_templates import default_questions
from healthjustice.collaboration.models import (
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    EvidencePurpose,
    EvidenceRequest,
    EvidenceStatus,
    ExchangeKind,
    InformationExchange,
    NotAppropriateReason,
    ReferralLearning,
    ReferralRating,
    ServiceRating,
)
from healthjustice.collaboration.selectors.evidence import evidence_consent_in_force
from healthjustice.collaboration.services.evidence import evidence_client_details
from healthjustice.collaboration.services.exchanges import exchange_record
from healthjustice.organisations.models import Organisation, Partnership, Team
from healthjustice.referrals.models import Referral, ReferralSource
from healthjustice.screening.defaults import ensure_default_questionnaire
from healthjustice.screening.models import ScreeningResponse
from healthjustice.screening.selectors import default_questionnaire
from healthjustice.screening.services import screening_record

DemoId = Callable[[str, str], uuid.UUID]

GP_TEAM = "Riverside GP team"
CANAL_STREET_TEAM = "Canal Street practice team"
ONCOLOGY_TEAM = "Oncology team"
MENTAL_HEALTH_TEAM = "Community mental health team"
ADVICE_ORGANISATION = "Riverside Citizens Advice"

# The built-in screen's answers: one with needs found, one with none.
NEEDS_FOUND = {
    "benefits": "yes",
    "debt": "yes",
    "housing": "no",
    "employment": "no",
    "education": "no",
    "community-care": "no",
    "immigration": "no",
    "no-money": "no",
    "deadlines": "no",
    "risk-of-harm": "no",
}
NO_NEEDS = {question: "no" for question in NEEDS_FOUND}

# Screenings per team: (client key, hours ago — clipped to this month — or days ago when negative,
# needs found?). The GP team screens often, Canal Street sometimes, mental health once long ago.
SCREENINGS = {
    GP_TEAM: [
        ("maya-okoro", 2, True),
        ("tom-reilly", 5, False),
        ("priya-nair", 8, True),
        ("joseph-mensah", -40, True),
        ("nadia-kowalski", -70, True),
        ("peter-lewis", -100, False),
    ],
    CANAL_STREET_TEAM: [("rosa-martinez", 3, True)],
    MENTAL_HEALTH_TEAM: [],
    ONCOLOGY_TEAM: [],
}


def _this_month(now: datetime, hours_ago: int) -> datetime:
    """`hours_ago` before now, but never before the start of the current month."""
    local = timezone.localtime(now)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return max(now - timedelta(hours=hours_ago), month_start + timedelta(minutes=hours_ago))


def _moment(now: datetime, when: int) -> datetime:
    return _this_month(now, when) if when >= 0 else now + timedelta(days=when)


def load_collaboration_demo(demo_id: DemoId) -> None:
    now = timezone.now()
    users = {user.email: user for user in User.objects.filter(email__contains="@")}
    teams = {team.name: team for team in Team.objects.all()}
    _exchanges_of_referrals_and_updates()
    _screenings(demo_id, teams, users, now)
    _consultations(demo_id, teams, users, now)
    _evidence(demo_id, teams, users, now)
    _feedback(demo_id, users, now)


def _log(
    occurred_at: datetime,
    *,
    partnership: Partnership,
    kind: ExchangeKind,
    record_reference: str,
    from_organisation: Organisation,
    to_organisation: Organisation,
    shared_by: User | None,
    consent: Consent | None = None,
    referral: Referral | None = None,
    case: Case | None = None,
    health_team: Team | None = None,
) -> None:
    """One exchange, logged as the services log it, at its moment in the story."""
    row = exchange_record(
        partnership=partnership,
        kind=kind,
        record_reference=record_reference,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        shared_by=shared_by,
        consent=consent,
        referral=referral,
        case=case,
        health_team=health_team,
    )
    InformationExchange.objects.filter(pk=row.pk).update(occurred_at=occurred_at)


def _exchanges_of_referrals_and_updates() -> None:
    """The log of what the demo's referrals and shared summaries carried across."""
    logged = set(InformationExchange.objects.values_list("kind", "record_reference", "occurred_at"))
    for referral in Referral.objects.filter(source=ReferralSource.CLINICIAN).select_related(
        "partnership",
        "referring_organisation",
        "advice_organisation",
        "referring_team",
        "referred_by",
        "consent",
    ):
        if referral.referring_organisation is None:
            continue
        if (ExchangeKind.REFERRAL, referral.reference, referral.created_at) in logged:
            continue
        _log(
            referral.created_at,
            partnership=referral.partnership,
            kind=ExchangeKind.REFERRAL,
            record_reference=referral.reference,
            from_organisation=referral.referring_organisation,
            to_organisation=referral.advice_organisation,
            shared_by=referral.referred_by,
            consent=referral.consent,
            referral=referral,
        )
    for update in SharedUpdate.objects.select_related(
        "referral__partnership",
        "referral__referring_organisation",
        "referral__advice_organisation",
        "referral__referring_team",
        "case",
        "shared_by",
    ):
        referral = update.referral
        kind = (
            ExchangeKind.OUTCOME_FEEDBACK
            if update.kind == SharedUpdateKind.CLOSING_FEEDBACK
            else ExchangeKind.PROGRESS_UPDATE
        )
        if referral.referring_organisation is None:
            continue
        if (kind, referral.reference, update.created_at) in logged:
            continue
        _log(
            update.created_at,
            partnership=referral.partnership,
            kind=kind,
            record_reference=referral.reference,
            from_organisation=referral.advice_organisation,
            to_organisation=referral.referring_organisation,
            shared_by=update.shared_by,
            consent=consent_in_force(referral.client, ConsentScope.FEEDBACK_TO_REFERRER),
            referral=referral,
            case=update.case,
        )


def _screenings(
    demo_id: DemoId, teams: dict[str, Team], users: dict[str, User], now: datetime
) -> None:
    ensure_default_questionnaire()
    questionnaire = default_questionnaire()
    screeners = {
        GP_TEAM: users["gp@riverside-medical.example"],
        CANAL_STREET_TEAM: users["nurse@canal-street.example"],
    }
    for team_name, screens in SCREENINGS.items():
        for client_key, when, needs_found in screens:
            public_id = demo_id("screening", f"{team_name}:{client_key}:{when}")
            if ScreeningResponse.objects.filter(public_id=public_id).exists():
                continue
            client = Client.objects.get(public_id=demo_id("client", client_key))
            screening = screening_record(
                request=None,
                client=client,
                questionnaire=questionnaire,
                answers=NEEDS_FOUND if needs_found else NO_NEEDS,
            )
            ScreeningResponse.objects.filter(pk=screening.pk).update(
                public_id=public_id,
                team=teams[team_name],
                completed_by=screeners[team_name],
                completed_at=_moment(now, when),
            )


def _consultation(
    demo_id: DemoId,
    key: str,
    *,
    subject: str,
    started_by: User,
    from_organisation: Organisation,
    from_team: Team | None,
    to_organisation: Organisation,
    to_team: Team | None,
    messages: list[tuple[User, str, datetime]],
    referral: Referral | None = None,
) -> None:
    public_id = demo_id("consultation", key)
    if Consultation.objects.filter(public_id=public_id).exists():
        return
    partnership = (
        referral.partnership
        if referral is not None
        else Partnership.objects.filter(organisations=from_organisation)
        .filter(organisations=to_organisation)
        .first()
    )
    assert partnership is not None, key  # noqa: S101 (the demo names partners)
    consent = None
    if referral is not None:
        consent = consent_in_force(referral.client, ConsentScope.SHARE_HEALTH_INFORMATION)
        assert consent is not None, key  # noqa: S101 (a consultation about a client needs consent)
    started_at = messages[0][2]
    replies = [sent for author, _, sent in messages if author.pk != started_by.pk]
    consultation = Consultation.objects.create(
        public_id=public_id,
        partnership=partnership,
        from_organisation=from_organisation,
        from_team=from_team,
        started_by=started_by,
        to_organisation=to_organisation,
        to_team=to_team,
        subject=subject,
        referral=referral,
        consent=consent,
        status=ConsultationStatus.OPEN,
        started_at=started_at,
        first_response_at=min(replies, default=None),
    )
    health_team = from_team if from_team is not None else to_team
    for author, body, sent_at in messages:
        organisation = from_organisation if author.pk == started_by.pk else to_organisation
        ConsultationMessage.objects.create(
            consultation=consultation,
            author=author,
            organisation=organisation,
            body=body,
            sent_at=sent_at,
        )
        _log(
            sent_at,
            partnership=partnership,
            kind=ExchangeKind.CONSULTATION,
            record_reference=consultation.reference,
            from_organisation=organisation,
            to_organisation=to_organisation
            if organisation == from_organisation
            else from_organisation,
            shared_by=author,
            consent=consent,
            referral=referral,
            health_team=health_team,
        )


def _consultations(
    demo_id: DemoId, teams: dict[str, Team], users: dict[str, User], now: datetime
) -> None:
    gp = users["gp@riverside-medical.example"]
    nurse = users["nurse@canal-street.example"]
    adviser = users["adviser@riverside-advice.example"]
    advice = Organisation.objects.get(name=ADVICE_ORGANISATION)
    nadia = Referral.objects.get(public_id=demo_id("referral", "nadia-kowalski-benefits"))
    _consultation(
        demo_id,
        "gp-asks-about-nadia",
        subject="What would help Nadia's PIP reconsideration most?",
        started_by=gp,
        from_organisation=teams[GP_TEAM].organisation,
        from_team=teams[GP_TEAM],
        to_organisation=advice,
        to_team=None,
        referral=nadia,
        messages=[
            (
                gp,
                "Nadia has asked me for a letter. What should it cover to help most?",
                _this_month(now, 30),
            ),
            (
                adviser,
                "Thank you. How far she can walk on a bad day, how often bad days happen, and "
                "whether she needs prompting to eat or wash. I have sent a request with the "
                "questions in the product.",
                _this_month(now, 27),
            ),
            (gp, "Done: you will have it by Friday.", _this_month(now, 26)),
        ],
    )
    _consultation(
        demo_id,
        "canal-street-general-question",
        subject="Can a carer claim Carer's Allowance while studying part-time?",
        started_by=nurse,
        from_organisation=teams[CANAL_STREET_TEAM].organisation,
        from_team=teams[CANAL_STREET_TEAM],
        to_organisation=advice,
        to_team=None,
        messages=[
            (
                nurse,
                "A patient cares for her mother 40 hours a week and wants to start a part-time "
                "college course. Would that stop her Carer's Allowance?",
                _this_month(now, 20),
            ),
            (
                adviser,
                "Not if the course is under 21 hours a week of supervised study. Refer her if "
                "she wants a full benefits check.",
                _this_month(now, 14),
            ),
        ],
    )
    mental_health = teams[MENTAL_HEALTH_TEAM]
    _consultation(
        demo_id,
        "adviser-asks-mental-health-team",
        subject="Supporting clients through a work capability assessment",
        started_by=adviser,
        from_organisation=advice,
        from_team=None,
        to_organisation=mental_health.organisation,
        to_team=mental_health,
        messages=[
            (
                adviser,
                "Could someone from the team talk to our advisers about how to support clients "
                "with severe anxiety through a work capability assessment?",
                now - timedelta(days=12),
            ),
        ],
    )


def _evidence_request(
    demo_id: DemoId,
    key: str,
    case_key: str,
    *,
    purpose: str,
    team: Team,
    clinician: User | None,
    requested_by: User,
    requested_at: datetime,
    due_in_days: int,
    answers: list[str] | None = None,
    provided_at: datetime | None = None,
) -> None:
    public_id = demo_id("evidence-request", key)
    if EvidenceRequest.objects.filter(public_id=public_id).exists():
        return
    case = Case.objects.select_related("client", "referral").get(
        public_id=demo_id("case", case_key)
    )
    referral = case.referral
    assert referral is not None, key  # noqa: S101 (the demo asks the referring practice)
    consent = evidence_consent_in_force(case)
    assert consent is not None, key  # noqa: S101 (evidence needs consent to share health info)
    questions = default_questions(purpose)
    evidence = EvidenceRequest.objects.create(
        public_id=public_id,
        case=case,
        referral=referral,
        advice_organisation=case.organisation,
        health_organisation=team.organisation,
        team=team,
        clinician=clinician,
        requested_by=requested_by,
        purpose=purpose,
        questions=questions,
        deadline=case.deadlines.filter(completed_at__isnull=True).first(),
        due_date=timezone.localdate(requested_at) + timedelta(days=due_in_days),
        client_details=evidence_client_details(case),
        consent=consent,
        requested_at=requested_at,
    )
    partnership = referral.partnership
    _log(
        requested_at,
        partnership=partnership,
        kind=ExchangeKind.EVIDENCE_REQUEST,
        record_reference=evidence.reference,
        from_organisation=case.organisation,
        to_organisation=team.organisation,
        shared_by=requested_by,
        consent=consent,
        referral=referral,
        case=case,
        health_team=team,
    )
    if answers is None or provided_at is None or clinician is None:
        return
    evidence.status = EvidenceStatus.PROVIDED
    evidence.answers = [*answers, *[""] * (len(questions) - len(answers))]
    evidence.responded_at = evidence.provided_at = provided_at
    evidence.answered_by = clinician
    name = f"{evidence.reference} answers.pdf"
    document = CaseDocument.objects.create(
        public_id=demo_id("case-document", key),
        case=case,
        file=ContentFile(answers_pdf(evidence), name=name),
        original_name=name,
        description=f"Medical evidence {evidence.reference}: answers from {team.organisation.name}",
        content_type="application/pdf",
        size=0,
        uploaded_by=clinician,
    )
    CaseDocument.objects.filter(pk=document.pk).update(size=document.file.size)
    evidence.answers_document = document
    evidence.save()
    _log(
        provided_at,
        partnership=partnership,
        kind=ExchangeKind.EVIDENCE_PROVIDED,
        record_reference=evidence.reference,
        from_organisation=team.organisation,
        to_organisation=case.organisation,
        shared_by=clinician,
        consent=consent,
        referral=referral,
        case=case,
        health_team=team,
    )


def _evidence(
    demo_id: DemoId, teams: dict[str, Team], users: dict[str, User], now: datetime
) -> None:
    """The GP answered a PIP request for Nadia this month; a second request waits for the GP; the
    oncology team has not yet answered one that is now overdue."""
    gp = users["gp@riverside-medical.example"]
    adviser = users["adviser@riverside-advice.example"]
    supervisor = users["supervisor@riverside-advice.example"]
    _evidence_request(
        demo_id,
        "nadia-pip",
        "nadia-kowalski-benefits",
        purpose=EvidencePurpose.PIP,
        team=teams[GP_TEAM],
        clinician=gp,
        requested_by=adviser,
        requested_at=_this_month(now, 28),
        due_in_days=10,
        answers=[
            "Fibromyalgia (diagnosed 2019) and recurrent depression.",
            "Pregabalin, sertraline and a pain-management programme; partial benefit only.",
        ],
        provided_at=_this_month(now, 6),
    )
    _evidence_request(
        demo_id,
        "nadia-work-capability",
        "nadia-kowalski-benefits",
        purpose=EvidencePurpose.WORK_CAPABILITY,
        team=teams[GP_TEAM],
        clinician=gp,
        requested_by=adviser,
        requested_at=now - timedelta(days=2),
        due_in_days=14,
    )
    _evidence_request(
        demo_id,
        "margaret-special-rules",
        "margaret-hill-macmillan",
        purpose=EvidencePurpose.OTHER,
        team=teams[ONCOLOGY_TEAM],
        clinician=None,
        requested_by=supervisor,
        requested_at=now - timedelta(days=8),
        due_in_days=5,
    )


def _feedback(demo_id: DemoId, users: dict[str, User], now: datetime) -> None:
    """The GP rated the service for Peter's referral; the adviser explained why Priya's referral
    belonged elsewhere."""
    gp = users["gp@riverside-medical.example"]
    adviser = users["adviser@riverside-advice.example"]
    peter = Referral.objects.get(public_id=demo_id("referral", "peter-lewis-benefits"))
    rated_at = _this_month(now, 4)
    _, rated = ReferralRating.objects.get_or_create(
        referral=peter,
        defaults={
            "public_id": demo_id("referral-rating", peter.reference),
            "rating": ServiceRating.EXCELLENT,
            "comment": "Quick contact and a clear result: Peter's award was restored.",
            "rated_by": gp,
            "rated_at": rated_at,
        },
    )
    if rated:
        _log_feedback(peter, ExchangeKind.SERVICE_RATING, gp, rated_at, from_health=True)
    priya = Referral.objects.get(public_id=demo_id("referral", "priya-nair-employment"))
    learning_at = now - timedelta(days=11)
    _, marked = ReferralLearning.objects.get_or_create(
        referral=priya,
        defaults={
            "public_id": demo_id("referral-learning", priya.reference),
            "reason": NotAppropriateReason.OUTSIDE_SCOPE,
            "explanation": "Disputes with an employer go to the employment law clinic, which "
            "takes referrals directly: its details are in the partnership's pathways.",
            "marked_by": adviser,
            "marked_at": learning_at,
        },
    )
    if marked:
        _log_feedback(
            priya, ExchangeKind.REFERRAL_LEARNING, adviser, learning_at, from_health=False
        )


def _log_feedback(
    referral: Referral, kind: ExchangeKind, author: User, moment: datetime, *, from_health: bool
) -> None:
    health, advice = referral.referring_organisation, referral.advice_organisation
    assert health is not None, referral.reference  # noqa: S101 (clinician referrals)
    _log(
        moment,
        partnership=referral.partnership,
        kind=kind,
        record_reference=referral.reference,
        from_organisation=health if from_health else advice,
        to_organisation=advice if from_health else health,
        shared_by=author,
        referral=referral,
    )
