"""Rows for the collaboration analytics and the information-exchange log, built directly at the
moments a test names: the analytics count what happened when, not how it was made."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case, CaseSource, SharedUpdate, SharedUpdateKind
from healthjustice.clients.models import ConsentScope
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
)
from healthjustice.organisations.models import Organisation, Partnership, Team
from healthjustice.referrals.models import Referral
from healthjustice.screening.defaults import ensure_default_questionnaire
from healthjustice.screening.models import ScreeningResponse
from tests.casework.factories import case_for
from tests.clients.factories import ClientFactory, ConsentFactory
from tests.conftest import Tenant
from tests.referrals.factories import consented_client, referral_for


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on `day`, in the service's time zone (Europe/London)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def screening(team: Team, when: datetime, *, needs: list[str] | None = None) -> ScreeningResponse:
    """A screening done by someone in `team`; it found a need unless `needs` is empty."""
    client = ClientFactory(organisation=team.organisation)
    return ScreeningResponse.objects.create(
        client=client,
        organisation=team.organisation,
        team=team,
        questionnaire=ensure_default_questionnaire(),
        fhir={},
        needs=["benefits"] if needs is None else needs,
        urgency="routine",
        completed_at=when,
    )


def referral(tenant: Tenant, team: Team | None, when: datetime, **fields: Any) -> Referral:
    """A referral along the tenant's pathway by `team`, made at `when`."""
    made = referral_for(tenant, referring_team=team, **fields)
    Referral.objects.filter(pk=made.pk).update(created_at=when)
    made.refresh_from_db()
    return made


def exchange(
    partnership: Partnership,
    team: Team | None,
    when: datetime,
    *,
    sender: Organisation,
    recipient: Organisation,
    kind: str = ExchangeKind.REFERRAL,
    **fields: Any,
) -> InformationExchange:
    return InformationExchange.objects.create(
        partnership=partnership,
        kind=kind,
        record_reference=fields.pop("record_reference", "HJP-TEST-0000"),
        from_organisation=sender,
        to_organisation=recipient,
        health_team=team,
        occurred_at=when,
        **fields,
    )


def consultation(
    partnership: Partnership,
    started: datetime,
    *,
    sender: Organisation,
    recipient: Organisation,
    started_by: User,
    from_team: Team | None = None,
    to_team: Team | None = None,
    first_response: datetime | None = None,
    status: str = ConsultationStatus.OPEN,
) -> Consultation:
    return Consultation.objects.create(
        partnership=partnership,
        from_organisation=sender,
        from_team=from_team,
        started_by=started_by,
        to_organisation=recipient,
        to_team=to_team,
        subject="Would a PIP claim be worth making?",
        started_at=started,
        first_response_at=first_response,
        status=status,
    )


def message(
    consultation: Consultation, author: User, organisation: Organisation, when: datetime
) -> ConsultationMessage:
    return ConsultationMessage.objects.create(
        consultation=consultation,
        author=author,
        organisation=organisation,
        body="A reply.",
        sent_at=when,
    )


def referred_case(tenant: Tenant, team: Team | None = None, **referral_fields: Any) -> Case:
    """A case of the tenant's advice organisation opened from a referral by `team` (the tenant's
    health team by default), whose client agreed to share health information."""
    client = consented_client(
        tenant, ConsentScope.SHARE_REFERRAL, ConsentScope.SHARE_HEALTH_INFORMATION
    )
    made = referral_for(
        tenant,
        client=client,
        referring_team=team or tenant.health_team,
        status="in-progress",
        **referral_fields,
    )
    return case_for(tenant, referral=made, source=CaseSource.REFERRAL)


def evidence_request(
    tenant: Tenant,
    *,
    requested: datetime,
    provided: datetime | None = None,
    status: str | None = None,
    due_date: date | None = None,
    team: Team | None = None,
    clinician: User | None = None,
    health_organisation: Organisation | None = None,
    case: Case | None = None,
) -> EvidenceRequest:
    """A request from the tenant's adviser to a practice (the tenant's, by default): provided at
    `provided` when given, else in `status` (requested by default)."""
    case = case or referred_case(tenant)
    consent = ConsentFactory(
        client=case.client, scope=ConsentScope.SHARE_HEALTH_INFORMATION, recorded_by=None
    )
    return EvidenceRequest.objects.create(
        case=case,
        referral=case.referral,
        advice_organisation=tenant.advice,
        health_organisation=health_organisation or tenant.health,
        team=team,
        clinician=clinician,
        requested_by=tenant.adviser.user,
        purpose=EvidencePurpose.PIP,
        questions=["How does the condition affect daily living?"],
        due_date=due_date or (requested + timedelta(days=14)).date(),
        client_details={"name": "A client"},
        consent=consent,
        status=status or (EvidenceStatus.PROVIDED if provided else EvidenceStatus.REQUESTED),
        requested_at=requested,
        provided_at=provided,
    )


def rating(made: Referral, rater: User, when: datetime) -> ReferralRating:
    return ReferralRating.objects.create(referral=made, rating=4, rated_by=rater, rated_at=when)


def learning(made: Referral, adviser: User, when: datetime) -> ReferralLearning:
    return ReferralLearning.objects.create(
        referral=made,
        reason=NotAppropriateReason.ALREADY_ADVISED,
        marked_by=adviser,
        marked_at=when,
    )


def shared_update(case: Case, when: datetime, *, closing: bool = True) -> SharedUpdate:
    """What the adviser shared with the referrer: the closing feedback, or a progress update."""
    assert case.referral is not None
    assert case.adviser is not None
    update = SharedUpdate.objects.create(
        case=case,
        referral=case.referral,
        kind=SharedUpdateKind.CLOSING_FEEDBACK if closing else SharedUpdateKind.UPDATE,
        summary="Award made.",
        shared_by=case.adviser,
    )
    SharedUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return update
