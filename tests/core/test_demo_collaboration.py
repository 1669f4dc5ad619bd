"""The demo's collaboration: Riverside's health teams at different engagement levels this month,
prompts for the coordinator to act on, and medical evidence on a case."""

import pytest
from django.utils import timezone

from healthjustice.collaboration.engagement import EngagementLevel
from healthjustice.collaboration.models import (
    EvidenceRequest,
    EvidenceStatus,
    ExchangeKind,
    InformationExchange,
)
from healthjustice.collaboration.selectors.analytics import (
    engagement_thresholds_for,
    health_teams_of,
    month_start,
    overdue_evidence_requests,
    quiet_teams,
    team_months,
    unanswered_consultations,
)
from healthjustice.core.demo import demo_id, load_demo_data
from healthjustice.organisations.models import Partnership
from healthjustice.referrals.models import Referral, ReferralSource

pytestmark = pytest.mark.django_db

RIVERSIDE = "Riverside Health Justice Partnership"


@pytest.fixture
def riverside() -> Partnership:
    load_demo_data()
    return Partnership.objects.get(name=RIVERSIDE)


def test_the_riverside_teams_show_different_engagement_levels_this_month(
    riverside: Partnership,
) -> None:
    teams = list(health_teams_of(riverside))
    month = month_start(timezone.localdate())
    grid = team_months(
        partnership=riverside,
        teams=teams,
        months=[month],
        thresholds=engagement_thresholds_for(riverside),
    )
    levels = {team.name: grid[(team.pk, month)].level for team in teams}
    assert levels == {
        "Riverside GP team": EngagementLevel.HIGH,
        "Canal Street practice team": EngagementLevel.MEDIUM,
        "Oncology team": EngagementLevel.LOW,
        "Community mental health team": EngagementLevel.LOW,
    }


def test_the_coordinator_has_a_prompt_of_each_kind(riverside: Partnership) -> None:
    now = timezone.now()
    assert "Community mental health team" in {team.name for team in quiet_teams(riverside, now=now)}
    overdue = list(overdue_evidence_requests(riverside, today=timezone.localdate()))
    assert [evidence.public_id for evidence in overdue] == [
        demo_id("evidence-request", "margaret-special-rules")
    ]
    unanswered = list(unanswered_consultations(riverside, today=timezone.localdate()))
    assert [consultation.public_id for consultation in unanswered] == [
        demo_id("consultation", "adviser-asks-mental-health-team")
    ]


def test_provided_evidence_is_a_document_on_the_case(riverside: Partnership) -> None:
    evidence = EvidenceRequest.objects.get(public_id=demo_id("evidence-request", "nadia-pip"))
    assert evidence.status == EvidenceStatus.PROVIDED
    assert evidence.answers_document is not None
    assert evidence.answers_document.case_id == evidence.case_id
    with evidence.answers_document.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_every_clinician_referral_is_in_the_exchange_log(riverside: Partnership) -> None:
    referrals = Referral.objects.filter(source=ReferralSource.CLINICIAN)
    logged = set(
        InformationExchange.objects.filter(kind=ExchangeKind.REFERRAL).values_list(
            "record_reference", flat=True
        )
    )
    assert referrals.exists()
    assert {referral.reference for referral in referrals} <= logged
