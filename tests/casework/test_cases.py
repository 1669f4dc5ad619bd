"""Opening, assigning, holding and closing cases, and what the referrer hears back."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthjustice.casework.models import (
    Case,
    CaseEvent,
    CaseSource,
    CaseStatus,
    ClientFeedback,
    Outcome,
    SharedUpdate,
    SharedUpdateKind,
)
from healthjustice.clients.models import Client, ConsentScope
from healthjustice.core.models import AuditEvent, Notification, NotificationKind
from healthjustice.referrals.models import ReferralStatus
from tests.casework.factories import advice_client, case_for, case_url, issue_for, supervisor_of
from tests.clients.factories import ConsentFactory
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import consented_client, referral_for


def _open_url(referral: object) -> str:
    return reverse(
        "casework:case_open_from_referral",
        kwargs={"referral_id": referral.public_id},  # type: ignore[attr-defined]
    )


def test_opening_a_case_from_a_referral_makes_the_advice_organisations_own_client_record(
    own: Tenant,
) -> None:
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)
    browser = signed_in_client(own.adviser)
    assert browser.get(_open_url(referral)).status_code == 200

    response = browser.post(
        _open_url(referral), {"client": "new", "adviser": str(own.adviser.user.public_id)}
    )

    case = Case.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == case_url("case_detail", case)
    assert case.organisation == own.advice
    assert case.source == CaseSource.REFERRAL
    assert case.adviser == own.adviser.user
    # A new record of the advice organisation, from the shared details, not the health record.
    assert case.client != referral.client
    assert case.client.organisation == own.advice
    assert case.client.family_name == referral.client.family_name
    assert case.client.nhs_number == ""
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert CaseEvent.objects.filter(case=case, kind="opened").exists()


def test_a_requested_referral_is_accepted_on_the_way_to_a_case(own: Tenant) -> None:
    referral = referral_for(own)
    signed_in_client(own.adviser).post(_open_url(referral), {"client": "new"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert list(referral.events.values_list("to_status", flat=True)) == [
        ReferralStatus.REQUESTED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_PROGRESS,
    ]


def test_an_existing_client_record_of_the_same_person_can_be_chosen(own: Tenant) -> None:
    referral = referral_for(own)
    existing = advice_client(
        own,
        family_name=referral.client.family_name,
        date_of_birth=referral.client.date_of_birth,
    )
    browser = signed_in_client(own.adviser)
    page = browser.get(_open_url(referral)).content.decode()
    assert "already one of your clients" in page

    browser.post(_open_url(referral), {"client": str(existing.public_id)})

    assert Case.objects.get(referral=referral).client == existing
    assert Client.objects.filter(organisation=own.advice).count() == 1


def test_a_second_case_for_the_same_referral_is_refused(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)
    browser = signed_in_client(own.adviser)
    browser.post(_open_url(referral), {"client": "new"})
    case = Case.objects.get(referral=referral)

    response = browser.get(_open_url(referral))

    assert response["Location"] == case_url("case_detail", case)
    assert Case.objects.count() == 1


@pytest.mark.parametrize("status", [ReferralStatus.REJECTED, ReferralStatus.CANCELLED])
def test_a_closed_referral_cannot_become_a_case(own: Tenant, status: str) -> None:
    referral = referral_for(own, status=status)
    response = signed_in_client(own.adviser).post(_open_url(referral), {"client": "new"})
    assert response.status_code == 400
    assert "Only a referral that is requested or accepted" in response.content.decode()
    assert not Case.objects.exists()


def test_the_referring_side_and_other_organisations_cannot_open_a_case(
    own: Tenant, other: Tenant
) -> None:
    referral = referral_for(own)
    assert signed_in_client(own.referrer).get(_open_url(referral)).status_code == 403
    assert signed_in_client(other.adviser).get(_open_url(referral)).status_code == 404


def test_a_walk_in_case_is_opened_from_the_client_record(own: Tenant) -> None:
    client = advice_client(own)
    url = reverse("casework:case_open", kwargs={"client_id": client.public_id})
    response = signed_in_client(own.adviser).post(
        url,
        {
            "source": CaseSource.WALK_IN,
            "service": str(own.service.public_id),
            "adviser": str(own.adviser.user.public_id),
        },
    )
    case = Case.objects.get(client=client)
    assert response["Location"] == case_url("case_detail", case)
    assert case.referral is None
    assert case.source == CaseSource.WALK_IN


def test_a_walk_in_case_needs_a_source_and_changes_nothing_without_one(own: Tenant) -> None:
    client = advice_client(own)
    url = reverse("casework:case_open", kwargs={"client_id": client.public_id})
    response = signed_in_client(own.adviser).post(url, {"source": "referral"})
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_assigning_to_someone_outside_the_organisation_is_refused(
    own: Tenant, other: Tenant
) -> None:
    case = case_for(own)
    response = signed_in_client(own.adviser).post(
        case_url("case_assign", case), {"adviser": str(other.adviser.user.public_id)}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.adviser == own.adviser.user


def test_reassignment_tells_the_new_adviser(own: Tenant) -> None:
    case = case_for(own)
    supervisor = supervisor_of(own)
    response = signed_in_client(own.adviser).post(
        case_url("case_assign", case),
        {
            "adviser": str(supervisor.user.public_id),
            "supervisor": str(supervisor.user.public_id),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.adviser, case.supervisor) == (supervisor.user, supervisor.user)
    notification = Notification.objects.get(recipient=supervisor.user)
    assert notification.kind == NotificationKind.CASE_ASSIGNED
    assert notification.reference == case.reference


def test_holding_a_case_holds_its_referral_with_the_reason(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.IN_PROGRESS)
    case = case_for(own, referral=referral, source=CaseSource.REFERRAL)
    browser = signed_in_client(own.adviser)
    assert browser.post(case_url("case_hold", case), {"reason": ""}).status_code == 400

    browser.post(case_url("case_hold", case), {"reason": "Waiting for the DWP's decision."})

    case.refresh_from_db()
    referral.refresh_from_db()
    assert case.status == CaseStatus.ON_HOLD
    assert referral.status == ReferralStatus.ON_HOLD
    assert referral.status_reason == "Waiting for the DWP's decision."

    browser.post(case_url("case_hold", case))
    case.refresh_from_db()
    referral.refresh_from_db()
    assert (case.status, referral.status) == (CaseStatus.OPEN, ReferralStatus.IN_PROGRESS)


def _referred_case(own: Tenant, *, feedback_consent: bool) -> Case:
    scopes = [ConsentScope.SHARE_REFERRAL]
    if feedback_consent:
        scopes.append(ConsentScope.FEEDBACK_TO_REFERRER)
    client = consented_client(own, *scopes)
    referral = referral_for(own, client=client, status=ReferralStatus.IN_PROGRESS)
    return case_for(own, referral=referral, source=CaseSource.REFERRAL)


def test_the_close_page_drafts_feedback_from_the_outcomes_and_never_from_notes(
    own: Tenant,
) -> None:
    case = _referred_case(own, feedback_consent=True)
    issue = issue_for(case)
    Outcome.objects.create(
        issue=issue,
        kind="new_award",
        amount=Decimal("95.50"),
        annual_amount=Decimal("4966.00"),
        counting_method="weekly_x52",
        achieved_on=date(2026, 11, 2),
        recorded_by=own.adviser.user,
    )
    case.notes.create(body="PRIVILEGED: the client's advice on tactics", author=own.adviser.user)

    page = signed_in_client(own.adviser).get(case_url("case_close", case)).content.decode()

    assert "Personal Independence Payment (casework)" in page
    assert "£95.50 a week (£4,966.00 a year)" in page
    assert "PRIVILEGED" not in page


def test_closing_sends_the_feedback_completes_the_referral_and_the_referrer_sees_it(
    own: Tenant,
) -> None:
    case = _referred_case(own, feedback_consent=True)
    referral = case.referral
    assert referral is not None

    response = signed_in_client(own.adviser).post(
        case_url("case_close", case),
        {
            "reason": "resolved",
            "send_feedback": "on",
            "feedback_summary": "We won a PIP award of £95.50 a week.",
        },
    )

    assert response["Location"] == case_url("client_feedback", case)
    case.refresh_from_db()
    referral.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == "resolved"
    assert referral.status == ReferralStatus.COMPLETED
    shared = SharedUpdate.objects.get(case=case)
    assert shared.kind == SharedUpdateKind.CLOSING_FEEDBACK
    assert shared.summary == "We won a PIP award of £95.50 a week."
    assert Notification.objects.filter(
        recipient=own.referrer.user, kind=NotificationKind.REFERRAL_FEEDBACK
    ).exists()
    assert ClientFeedback.objects.filter(case=case).exists()
    mine = signed_in_client(own.referrer).get(reverse("referrals:my_referrals")).content.decode()
    assert "News from the advice service" in mine
    detail = reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id})
    assert "We won a PIP award of £95.50 a week." in (
        signed_in_client(own.referrer).get(detail).content.decode()
    )


def test_without_consent_no_feedback_is_sent_but_the_referral_completes(own: Tenant) -> None:
    case = _referred_case(own, feedback_consent=False)
    browser = signed_in_client(own.adviser)
    page = browser.get(case_url("case_close", case)).content.decode()
    assert 'name="feedback_summary"' not in page

    browser.post(
        case_url("case_close", case),
        {"reason": "resolved", "send_feedback": "on", "feedback_summary": "Sneaked in."},
    )

    assert not SharedUpdate.objects.exists()
    mine = signed_in_client(own.referrer).get(reverse("referrals:my_referrals")).content.decode()
    assert "News from the advice service" not in mine
    assert case.referral is not None
    case.referral.refresh_from_db()
    assert case.referral.status == ReferralStatus.COMPLETED


def test_consent_given_to_the_advice_organisation_also_counts(own: Tenant) -> None:
    case = _referred_case(own, feedback_consent=False)
    ConsentFactory(client=case.client, scope=ConsentScope.FEEDBACK_TO_REFERRER)
    signed_in_client(own.adviser).post(
        case_url("case_close", case),
        {"reason": "resolved", "send_feedback": "on", "feedback_summary": "Done."},
    )
    assert SharedUpdate.objects.filter(case=case).count() == 1


def test_closing_needs_a_reason_and_changes_nothing_without_one(own: Tenant) -> None:
    case = case_for(own)
    response = signed_in_client(own.adviser).post(case_url("case_close", case), {})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_case_page_shows_the_case_and_is_audited(own: Tenant) -> None:
    case = case_for(own)
    issue_for(case)
    response = signed_in_client(own.adviser).get(case_url("case_detail", case))
    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page
    assert "Personal Independence Payment" in page
    assert AuditEvent.objects.filter(action="view", object_id=str(case.public_id)).exists()


def test_case_page_query_budget_does_not_grow_with_the_case(own: Tenant) -> None:
    small = case_for(own)
    issue_for(small)
    large = case_for(own)
    for _ in range(8):
        issue = issue_for(large)
        Outcome.objects.create(
            issue=issue,
            kind="lump_sum",
            amount=Decimal("100.00"),
            counting_method="one_off",
            achieved_on=date(2026, 11, 2),
            recorded_by=own.adviser.user,
        )
        large.notes.create(body="A note.", author=own.adviser.user)
        large.deadlines.create(kind="custom", title="Call back", due_date=date(2026, 12, 1))
    browser = signed_in_client(own.adviser)
    with CaptureQueriesContext(connection) as small_queries:
        browser.get(case_url("case_detail", small))
    with CaptureQueriesContext(connection) as large_queries:
        browser.get(case_url("case_detail", large))
    assert len(large_queries) == len(small_queries)
    assert len(large_queries) <= 25


def test_the_case_list_shows_my_cases_and_the_supervisor_sees_caseloads(
    own: Tenant, other: Tenant
) -> None:
    mine = case_for(own)
    supervisor = supervisor_of(own)
    theirs = case_for(own, adviser=supervisor.user)
    elsewhere = case_for(other)
    page = signed_in_client(own.adviser).get(reverse("casework:case_list")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert elsewhere.reference not in page
    everyone = (
        signed_in_client(own.adviser)
        .get(reverse("casework:case_list") + "?adviser=")
        .content.decode()
    )
    assert mine.reference in everyone
    assert theirs.reference in everyone
    assert elsewhere.reference not in everyone

    assert signed_in_client(own.adviser).get(reverse("casework:caseloads")).status_code == 403
    loads = signed_in_client(supervisor).get(reverse("casework:caseloads")).content.decode()
    assert own.adviser.user.full_name in loads
    assert other.adviser.user.full_name not in loads
