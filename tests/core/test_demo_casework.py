"""The demo's casework: a case for each stage of the adviser's work, built by the same rules the
services apply, and nothing privileged within reach of the referring GP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from healthjustice.casework import deadlines as statutory
from healthjustice.casework.models import (
    Case,
    CaseNote,
    CaseSource,
    CaseStatus,
    DeadlineKind,
    SharedUpdateKind,
    WellbeingStage,
)
from healthjustice.casework.selectors import (
    caseloads,
    cases_of,
    deadlines_open_in,
    feedback_consent_in_force,
    financial_totals,
    overdue_deadlines,
    shared_updates_for_referral,
    wellbeing_of,
)
from healthjustice.casework.wellbeing import METRIC_SCORE
from healthjustice.clients.models import ConsentScope
from healthjustice.core.demo import (
    CASES,
    DEMO_PASSWORD,
    demo_case_reference,
    demo_id,
    load_demo_data,
)
from healthjustice.core.models import Notification, NotificationKind
from healthjustice.organisations.models import Membership
from healthjustice.referrals.models import ReferralStatus
from healthjustice.referrals.selectors import referral_get, referrals_received
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ADVISER = "adviser@riverside-advice.example"
SUPERVISOR = "supervisor@riverside-advice.example"
GP = "gp@riverside-medical.example"


@pytest.fixture(autouse=True)
def demo() -> None:
    load_demo_data()


def _membership(email: str) -> Membership:
    return Membership.objects.select_related("user", "organisation").get(user__email=email)


def _case(key: str) -> Case:
    return Case.objects.select_related("referral__client", "client").get(
        public_id=demo_id("case", key)
    )


def test_riverside_has_open_closed_and_walk_in_cases_with_fixed_references() -> None:
    cases = list(cases_of(_membership(ADVISER)))

    assert len(cases) == len(CASES) == 4
    assert sorted(case.status for case in cases) == [
        CaseStatus.CLOSED,
        CaseStatus.OPEN,
        CaseStatus.OPEN,
        CaseStatus.OPEN,
    ]
    for spec in CASES:
        assert _case(spec.key).reference == demo_case_reference(spec.key)
    walk_in = _case("joanne-fletcher-walk-in")
    assert walk_in.source == CaseSource.WALK_IN
    assert walk_in.referral is None


def test_each_case_holds_the_advice_organisations_own_client_record() -> None:
    for case in cases_of(_membership(ADVISER)):
        assert case.client.organisation_id == case.organisation_id
        if case.referral is not None:
            assert case.referral.client_id != case.client_id
            assert case.referral.status == (
                ReferralStatus.COMPLETED if case.is_closed else ReferralStatus.IN_PROGRESS
            )


def test_the_inbox_keeps_a_requested_and_an_accepted_referral_without_a_case() -> None:
    waiting = referrals_received(_membership(ADVISER)).filter(case__isnull=True)

    statuses = set(waiting.values_list("status", flat=True))

    assert {ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED} <= statuses


def test_the_pip_reconsideration_waits_for_the_statement_of_reasons_asked_for() -> None:
    case = _case("nadia-kowalski-benefits")
    today = timezone.localdate()
    deadline = case.deadlines.get(kind=DeadlineKind.MANDATORY_RECONSIDERATION)
    decision = today - timedelta(days=21)
    requested = today - timedelta(days=18)

    expected = statutory.mandatory_reconsideration(
        decision_date=decision, statement_requested_on=requested
    )

    assert expected.awaiting_statement
    assert deadline.basis["decision_date"] == decision.isoformat()
    assert deadline.basis["statement_requested_on"] == requested.isoformat()
    assert deadline.basis["awaiting_statement"] == "yes"
    assert deadline.due_date == expected.due > today
    assert deadline.late_limit == expected.late_limit
    assert deadline.issue is not None
    assert deadline.issue.category == "benefits.personal_independence_payment"
    assert sorted(case.issues.values_list("category", flat=True)) == [
        "benefits.personal_independence_payment",
        "debt.priority.council_tax",
    ]


def test_the_in_progress_case_shares_progress_with_the_clients_consent() -> None:
    case = _case("nadia-kowalski-benefits")
    assert case.referral is not None

    consent = feedback_consent_in_force(case)

    assert consent is not None
    assert consent.client_id == case.referral.client_id
    assert consent.scope == ConsentScope.FEEDBACK_TO_REFERRER
    assert [update.kind for update in shared_updates_for_referral(case.referral)] == [
        SharedUpdateKind.UPDATE
    ]
    assert case.notes.count() == 3
    assert set(wellbeing_of(case)) == {WellbeingStage.START}


def test_the_supervisor_has_an_overdue_deadline_and_one_due_in_three_days() -> None:
    supervisor = _membership(SUPERVISOR)
    today = timezone.localdate()

    overdue = list(overdue_deadlines(supervisor, mine_for=supervisor.user))
    due_soon = deadlines_open_in(supervisor).filter(
        case__adviser=supervisor.user, due_date=today + timedelta(days=3)
    )
    load = {row.adviser: row for row in caseloads(supervisor)}[supervisor.user]

    assert len(overdue) == 1
    assert overdue[0].kind == DeadlineKind.CUSTOM
    assert due_soon.count() == 1
    assert load.open_cases == 1
    assert load.overdue_deadlines == 1
    assert load.due_this_week == 1


def test_the_closed_case_counts_its_money_and_wellbeing() -> None:
    case = _case("peter-lewis-benefits")

    totals = financial_totals(case)
    measures = wellbeing_of(case)

    assert case.is_closed
    assert totals.annualised_awards == Decimal("4966.00")
    assert totals.debt_written_off == Decimal("1250.00")
    assert totals.one_off == Decimal("1910.00")
    assert totals.debt_managed == Decimal("0.00")
    assert set(measures) == {WellbeingStage.START, WellbeingStage.CLOSE}
    for measure in measures.values():
        assert sum(measure.answers.values()) == measure.raw_score
        assert measure.metric_score == METRIC_SCORE[measure.raw_score]
    assert measures[WellbeingStage.CLOSE].metric_score > measures[WellbeingStage.START].metric_score
    assert case.client_feedback.is_answered


def test_the_gp_sees_the_closing_feedback_through_the_referral() -> None:
    gp = _membership(GP)
    case = _case("peter-lewis-benefits")
    assert case.referral is not None

    referral = referral_get(gp, case.referral.public_id)
    shared = list(shared_updates_for_referral(referral))

    assert [update.kind for update in shared] == [SharedUpdateKind.CLOSING_FEEDBACK]
    assert "£4,966.00 a year" in shared[0].summary
    assert Notification.objects.filter(
        recipient=gp.user, kind=NotificationKind.REFERRAL_FEEDBACK, reference=referral.reference
    ).exists()
    page = (
        sign_in(WebClient(), gp, DEMO_PASSWORD)
        .get(reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id}))
        .content.decode()
    )
    assert str(escape(shared[0].summary)) in page


def test_no_privileged_note_reaches_the_gps_pages() -> None:
    gp = sign_in(WebClient(), _membership(GP), DEMO_PASSWORD)
    pages = [reverse("referrals:my_referrals"), reverse("core:notifications")]
    pages += [
        reverse("referrals:referral_detail", kwargs={"referral_id": demo_id("referral", key)})
        for key in ("nadia-kowalski-benefits", "peter-lewis-benefits")
    ]
    notes = [str(escape(body)) for body in CaseNote.objects.values_list("body", flat=True)]
    assert notes

    for page in pages:
        response = gp.get(page)
        assert response.status_code == 200, page
        for note in notes:
            assert note not in response.content.decode(), page


def test_every_demo_case_page_opens_for_the_adviser_with_its_notes() -> None:
    adviser = sign_in(WebClient(), _membership(ADVISER), DEMO_PASSWORD)

    for spec in CASES:
        response = adviser.get(
            reverse("casework:case_detail", kwargs={"case_id": demo_id("case", spec.key)})
        )
        content = response.content.decode()
        assert response.status_code == 200, spec.key
        assert demo_case_reference(spec.key) in content
        for _kind, _days_ago, body in spec.notes:
            assert str(escape(body)) in content, spec.key
