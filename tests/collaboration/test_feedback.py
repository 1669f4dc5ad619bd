"""Feedback both ways: the referrer rates the advice service's response; the adviser marks a
referral as not appropriate, and the referring team reads it as learning."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework.models import CaseNote
from healthjustice.collaboration.models import (
    ExchangeKind,
    InformationExchange,
    NotAppropriateReason,
    ReferralLearning,
    ReferralRating,
)
from healthjustice.collaboration.selectors.feedback import learning_reason_counts
from healthjustice.core.models import Notification, NotificationKind
from healthjustice.core.notifications import describe
from healthjustice.organisations.models import Role
from healthjustice.referrals.models import Referral, ReferralStatus
from tests.casework.factories import case_for, supervisor_of
from tests.collaboration.consultation_factories import referral_url
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import MembershipFactory, TeamFactory
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db

LEARNING = reverse("collaboration:learning_from_referrals")


def _rate_url(referral: Referral) -> str:
    return referral_url("collaboration:referral_rate", referral)


def _mark_url(referral: Referral) -> str:
    return referral_url("collaboration:referral_mark_not_appropriate", referral)


def _detail(referral: Referral) -> str:
    return referral_url("referrals:referral_detail", referral)


def _state() -> dict[str, Any]:
    return {
        "ratings": list(ReferralRating.objects.values()),
        "learning": list(ReferralLearning.objects.values()),
        "exchanges": InformationExchange.objects.count(),
        "notifications": Notification.objects.count(),
    }


def _learning(tenant: Tenant, referral: Referral, reason: str, **fields: Any) -> ReferralLearning:
    return ReferralLearning.objects.create(
        referral=referral, reason=reason, marked_by=tenant.adviser.user, **fields
    )


# Rating the response ----------------------------------------------------------------------------


def test_the_referrer_rates_the_response_and_the_advice_service_sees_it(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.IN_PROGRESS)
    case_for(own, referral=referral)
    gp = signed_in_client(own.referrer)
    assert "Rate the response" in gp.get(_detail(referral)).content.decode()
    assert gp.get(_rate_url(referral)).status_code == 200

    response = gp.post(
        _rate_url(referral), {"rating": "4", "comment": "Quick contact, clear updates."}
    )

    assert response.status_code == 302
    assert response["Location"] == _detail(referral) + "#feedback-heading"
    rating = ReferralRating.objects.get(referral=referral)
    assert (rating.rating, rating.comment, rating.rated_by) == (
        4,
        "Quick contact, clear updates.",
        own.referrer.user,
    )
    page = signed_in_client(own.adviser).get(_detail(referral)).content.decode()
    assert "4 out of 5: Good" in page
    assert "Quick contact, clear updates." in page
    # The case's adviser is told, with the reference and a link only.
    notification = Notification.objects.get(kind=NotificationKind.REFERRAL_RATED)
    assert notification.recipient == own.adviser.user
    assert notification.organisation == own.advice
    assert notification.link == _detail(referral)
    assert describe(notification) == (
        f"The referrer rated the response to referral {referral.reference}"
    )
    row = InformationExchange.objects.get()
    assert row.kind == ExchangeKind.SERVICE_RATING
    assert (row.from_organisation, row.to_organisation) == (own.health, own.advice)
    assert row.referral == referral
    assert row.record_reference == referral.reference
    assert row.health_team == own.health_team
    assert row.shared_by == own.referrer.user
    assert row.consent is None


def test_without_a_case_the_advice_supervisors_are_told(own: Tenant) -> None:
    supervisor = supervisor_of(own)
    referral = referral_for(own, status=ReferralStatus.REJECTED)
    signed_in_client(own.referrer).post(_rate_url(referral), {"rating": "2"})
    assert set(
        Notification.objects.filter(kind=NotificationKind.REFERRAL_RATED).values_list(
            "recipient", flat=True
        )
    ) == {supervisor.user.pk}


@pytest.mark.parametrize(
    "status",
    [
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_PROGRESS,
        ReferralStatus.ON_HOLD,
        ReferralStatus.COMPLETED,
        ReferralStatus.REJECTED,
        ReferralStatus.FAILED,
    ],
)
def test_a_referral_the_service_acted_on_can_be_rated(own: Tenant, status: str) -> None:
    referral = referral_for(own, status=status)
    response = signed_in_client(own.referrer).post(_rate_url(referral), {"rating": "5"})
    assert response.status_code == 302
    assert ReferralRating.objects.filter(referral=referral, rating=5).exists()


@pytest.mark.parametrize(
    "status",
    [ReferralStatus.REQUESTED, ReferralStatus.CANCELLED, ReferralStatus.ENTERED_IN_ERROR],
)
def test_a_referral_not_acted_on_cannot_be_rated(own: Tenant, status: str) -> None:
    referral = referral_for(own, status=status)
    gp = signed_in_client(own.referrer)
    page = gp.get(_rate_url(referral))
    assert page.status_code == 200
    assert "once the advice service has acted on the referral" in page.content.decode()
    assert "Save the rating" not in page.content.decode()
    before = _state()
    refused = gp.post(_rate_url(referral), {"rating": "5"})
    assert refused.status_code == 400
    assert _state() == before


def test_the_rating_can_be_changed_and_each_change_is_logged(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.COMPLETED)
    colleague = MembershipFactory(organisation=own.health, team=own.health_team)
    signed_in_client(own.referrer).post(_rate_url(referral), {"rating": "3", "comment": "Slow."})
    gp = signed_in_client(colleague)
    form = gp.get(_rate_url(referral)).content.decode()
    assert "Slow." in form  # the form starts from the rating as it is

    gp.post(_rate_url(referral), {"rating": "5", "comment": "Slow at first, then excellent."})

    rating = ReferralRating.objects.get(referral=referral)
    assert (rating.rating, rating.comment, rating.rated_by) == (
        5,
        "Slow at first, then excellent.",
        colleague.user,
    )
    assert InformationExchange.objects.filter(kind=ExchangeKind.SERVICE_RATING).count() == 2
    assert Notification.objects.filter(kind=NotificationKind.REFERRAL_RATED).count() == 2
    # Saving the same rating again sends nothing new.
    gp.post(_rate_url(referral), {"rating": "5", "comment": "Slow at first, then excellent."})
    assert InformationExchange.objects.count() == 2
    assert Notification.objects.filter(kind=NotificationKind.REFERRAL_RATED).count() == 2


def test_only_the_referring_organisations_referrers_rate(own: Tenant, other: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.COMPLETED)
    before = _state()
    # The advice side, and another organisation's referrer, do not find the referral here.
    for member in (own.adviser, other.referrer):
        browser = signed_in_client(member)
        assert browser.get(_rate_url(referral)).status_code == 404
        assert browser.post(_rate_url(referral), {"rating": "1"}).status_code == 404
    # A member of the referring organisation who does not refer may not.
    assert (
        signed_in_client(own.health_admin).post(_rate_url(referral), {"rating": "1"}).status_code
        == 403
    )
    assert _state() == before


def test_a_rating_out_of_range_is_refused(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.COMPLETED)
    before = _state()
    for rating in ("0", "6", "", "good"):
        response = signed_in_client(own.referrer).post(_rate_url(referral), {"rating": rating})
        assert response.status_code == 400
        assert "Choose a rating from 1 to 5." in response.content.decode()
    assert _state() == before


# Learning from a referral that was not appropriate ---------------------------------------------


def test_the_adviser_marks_a_referral_not_appropriate_and_the_referrer_learns(
    own: Tenant,
) -> None:
    referral = referral_for(own)
    adviser = signed_in_client(own.adviser)
    assert "Mark as not appropriate" in adviser.get(_detail(referral)).content.decode()
    assert adviser.get(_mark_url(referral)).status_code == 200

    response = adviser.post(
        _mark_url(referral),
        {
            "reason": NotAppropriateReason.OUTSIDE_SCOPE,
            "explanation": "Employment disputes go to the law clinic, which takes them directly.",
        },
    )

    assert response.status_code == 302
    learning = ReferralLearning.objects.get(referral=referral)
    assert learning.marked_by == own.adviser.user
    # Marking does not decline the referral.
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED
    page = signed_in_client(own.referrer).get(_detail(referral)).content.decode()
    assert "Outside what this service advises on" in page
    assert "Employment disputes go to the law clinic" in page
    assert "it is not a judgement on you or the client" in page
    notification = Notification.objects.get(kind=NotificationKind.REFERRAL_LEARNING)
    assert notification.recipient == own.referrer.user
    assert notification.organisation == own.health
    assert describe(notification) == (
        f"Referral {referral.reference} was marked as not appropriate"
    )
    assert "law clinic" not in notification.link
    row = InformationExchange.objects.get()
    assert row.kind == ExchangeKind.REFERRAL_LEARNING
    assert (row.from_organisation, row.to_organisation) == (own.advice, own.health)
    assert row.referral == referral
    assert row.health_team == own.health_team


def test_learning_never_carries_the_case_notes(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.IN_PROGRESS)
    case = case_for(own, referral=referral)
    CaseNote.objects.create(
        case=case,
        kind="note",
        body="PRIVILEGED: the client told me about their debts.",
        occurred_at=timezone.now(),
        author=own.adviser.user,
    )
    signed_in_client(own.adviser).post(
        _mark_url(referral), {"reason": NotAppropriateReason.ALREADY_ADVISED}
    )
    gp = signed_in_client(own.referrer)
    for url in (_detail(referral), LEARNING):
        page = gp.get(url).content.decode()
        assert "The client was already getting advice" in page
        assert "PRIVILEGED" not in page


def test_other_needs_a_word_of_explanation(own: Tenant) -> None:
    referral = referral_for(own)
    before = _state()
    response = signed_in_client(own.adviser).post(
        _mark_url(referral), {"reason": NotAppropriateReason.OTHER, "explanation": "  "}
    )
    assert response.status_code == 400
    assert "Say what the referring team could do differently next time." in (
        response.content.decode()
    )
    assert _state() == before


def test_the_learning_can_be_changed(own: Tenant) -> None:
    referral = referral_for(own)
    adviser = signed_in_client(own.adviser)
    adviser.post(_mark_url(referral), {"reason": NotAppropriateReason.MISSING_INFORMATION})
    adviser.post(
        _mark_url(referral),
        {"reason": NotAppropriateReason.CLIENT_UNAWARE, "explanation": "Check they want it."},
    )
    learning = ReferralLearning.objects.get(referral=referral)
    assert learning.reason == NotAppropriateReason.CLIENT_UNAWARE
    assert InformationExchange.objects.filter(kind=ExchangeKind.REFERRAL_LEARNING).count() == 2


def test_only_the_advice_organisation_marks_a_referral(own: Tenant, other: Tenant) -> None:
    referral = referral_for(own)
    before = _state()
    for member in (own.referrer, other.adviser):
        browser = signed_in_client(member)
        assert browser.get(_mark_url(referral)).status_code == 404
        response = browser.post(_mark_url(referral), {"reason": NotAppropriateReason.OTHER})
        assert response.status_code == 404
    assert signed_in_client(own.coordinator).get(_mark_url(referral)).status_code == 403
    assert _state() == before


def test_a_self_referral_has_no_referring_team_to_learn(own: Tenant) -> None:
    referral = referral_for(
        own, referring_organisation=None, referring_team=None, referred_by=None, source="self"
    )
    adviser = signed_in_client(own.adviser)
    assert "Mark as not appropriate" not in adviser.get(_detail(referral)).content.decode()
    before = _state()
    response = adviser.post(_mark_url(referral), {"reason": NotAppropriateReason.NO_LEGAL_ISSUE})
    assert response.status_code == 400
    assert "There is no referring team to share learning with" in response.content.decode()
    assert _state() == before


def test_the_learning_page_puts_the_team_first_and_counts_reasons(own: Tenant) -> None:
    nurses = TeamFactory(organisation=own.health, name="Practice nurses")
    mine = [referral_for(own) for _ in range(3)]
    theirs = [referral_for(own, referring_team=nurses) for _ in range(2)]
    _learning(own, mine[0], NotAppropriateReason.OUTSIDE_SCOPE)
    _learning(own, mine[1], NotAppropriateReason.OUTSIDE_SCOPE)
    _learning(own, mine[2], NotAppropriateReason.MISSING_INFORMATION)
    _learning(own, theirs[0], NotAppropriateReason.MISSING_INFORMATION)
    _learning(own, theirs[1], NotAppropriateReason.CLIENT_UNAWARE)
    # The nurses' most recent: without the team first, it would lead the list.
    ReferralLearning.objects.filter(referral=theirs[1]).update(
        marked_at=timezone.now() + timedelta(minutes=5)
    )

    page = signed_in_client(own.referrer).get(LEARNING).content.decode()

    positions = {referral: page.index(referral.reference) for referral in mine + theirs}
    assert max(positions[referral] for referral in mine) < min(
        positions[referral] for referral in theirs
    )
    counts = {
        count.reason: (count.team, count.organisation)
        for count in learning_reason_counts(own.referrer)
    }
    assert counts == {
        NotAppropriateReason.OUTSIDE_SCOPE: (2, 2),
        NotAppropriateReason.MISSING_INFORMATION: (1, 2),
        NotAppropriateReason.CLIENT_UNAWARE: (0, 1),
    }
    assert "Practice nurses" in page
    assert "Outside what this service advises on" in page
    assert "not a judgement on anyone" in page


def test_learning_is_seen_by_the_referring_side_only(own: Tenant, other: Tenant) -> None:
    referral = referral_for(own)
    _learning(own, referral, NotAppropriateReason.BETTER_ELSEWHERE, explanation="The hospice team.")
    assert "The hospice team." in signed_in_client(own.referrer).get(LEARNING).content.decode()
    # Another organisation's referrers see none of it, nor can they open the referral.
    outsider = signed_in_client(other.referrer)
    assert "The hospice team." not in outsider.get(LEARNING).content.decode()
    assert outsider.get(_detail(referral)).status_code == 404
    # The advice side reads what it shared on the referral, but has no learning page.
    adviser = signed_in_client(own.adviser)
    assert "Your organisation marked this referral as not appropriate" in (
        adviser.get(_detail(referral)).content.decode()
    )
    assert adviser.get(LEARNING).status_code == 403
    assert signed_in_client(other.adviser).get(_mark_url(referral)).status_code == 404


def test_the_learning_page_runs_a_fixed_number_of_queries(own: Tenant) -> None:
    gp = signed_in_client(own.referrer)
    reasons = NotAppropriateReason.values
    nurses = TeamFactory(organisation=own.health)

    def grow(count: int) -> None:
        for index in range(count):
            team = nurses if index % 2 else own.health_team
            _learning(own, referral_for(own, referring_team=team), reasons[index % len(reasons)])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert gp.get(LEARNING).status_code == 200
        return len(captured)

    grow(2)
    gp.get(LEARNING)
    few = queries()
    grow(18)
    many = queries()
    assert many == few
    assert many <= 20


def test_a_referrer_without_a_team_sees_the_organisations_learning(own: Tenant) -> None:
    loner = MembershipFactory(organisation=own.health, team=None, roles=[Role.REFERRER])
    _learning(own, referral_for(own), NotAppropriateReason.NO_LEGAL_ISSUE)
    response = signed_in_client(loner).get(LEARNING)
    assert response.status_code == 200
    assert "No welfare-rights or legal issue to advise on" in response.content.decode()
    assert [(count.team, count.organisation) for count in learning_reason_counts(loner)] == [(0, 1)]
