"""The referral status follows the FHIR Task workflow, move by move and side by side."""

import pytest
from django.core.exceptions import ValidationError

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import Organisation
from healthjustice.referrals.models import REASON_REQUIRED, TRANSITIONS, ReferralStatus
from healthjustice.referrals.services import allowed_moves, referral_transition
from tests.conftest import Tenant
from tests.organisations.factories import OrganisationFactory
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db

S = ReferralStatus
# The product brief, written out: requested → accepted | rejected; accepted → in-progress →
# completed; on-hold, failed, cancelled and entered-in-error along the way; the rest are final.
# A request fails outright when the client cannot be contacted (FHIR Task allows it).
WORKFLOW = {
    S.REQUESTED: {S.ACCEPTED, S.REJECTED, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR},
    S.ACCEPTED: {S.IN_PROGRESS, S.ON_HOLD, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR},
    S.IN_PROGRESS: {S.COMPLETED, S.ON_HOLD, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR},
    S.ON_HOLD: {S.IN_PROGRESS, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR},
    S.REJECTED: set(),
    S.COMPLETED: set(),
    S.FAILED: set(),
    S.CANCELLED: set(),
    S.ENTERED_IN_ERROR: set(),
}
# The referring side may only withdraw a request the advice service has not taken on.
REFERRER_WITHDRAWALS = {S.CANCELLED, S.ENTERED_IN_ERROR}
SIDES = ["advice", "referrer", "outsider"]


def _expected(side: str, from_status: str, to_status: str) -> bool:
    if side == "advice":
        return to_status in WORKFLOW[from_status]
    if side == "referrer":
        return from_status == S.REQUESTED and to_status in REFERRER_WITHDRAWALS
    return False


def _organisation(tenant: Tenant, side: str) -> Organisation:
    if side == "advice":
        return tenant.advice
    if side == "referrer":
        return tenant.health
    return OrganisationFactory(advice=True)


def test_the_table_is_the_fhir_task_workflow() -> None:
    assert {status: set(moves) for status, moves in TRANSITIONS.items()} == WORKFLOW
    assert set(REASON_REQUIRED) == {S.REJECTED, S.CANCELLED, S.ON_HOLD, S.FAILED}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("from_status", S.values)
def test_every_move_from_a_status_is_allowed_or_refused_by_side(
    own: Tenant, from_status: str, side: str
) -> None:
    organisation = _organisation(own, side)
    actor = own.adviser.user if side == "advice" else own.referrer.user
    for to_status in S.values:
        referral = referral_for(own, status=from_status)
        expected = _expected(side, from_status, to_status)
        assert (to_status in allowed_moves(referral, organisation)) == expected, to_status
        events = referral.events.count()

        if expected:
            moved = referral_transition(
                request=None,
                referral=referral,
                to_status=to_status,
                reason="The client asked.",
                actor=actor,
                organisation=organisation,
            )
            assert moved.status == to_status
            event = referral.events.last()
            assert event is not None
            assert (event.from_status, event.to_status, event.actor) == (
                from_status,
                to_status,
                actor,
            )
            assert AuditEvent.objects.filter(
                action=AuditAction.CHANGE, object_id=str(referral.public_id)
            ).exists()
        else:
            with pytest.raises(ValidationError, match="cannot be moved"):
                referral_transition(
                    request=None,
                    referral=referral,
                    to_status=to_status,
                    reason="The client asked.",
                    actor=actor,
                    organisation=organisation,
                )
            referral.refresh_from_db()
            assert referral.status == from_status, to_status
            assert referral.events.count() == events


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.REQUESTED, S.REJECTED),
        (S.REQUESTED, S.CANCELLED),
        (S.REQUESTED, S.FAILED),
        (S.ACCEPTED, S.ON_HOLD),
        (S.IN_PROGRESS, S.FAILED),
    ],
)
def test_rejecting_cancelling_holding_and_failing_need_a_reason(
    own: Tenant, from_status: str, to_status: str
) -> None:
    referral = referral_for(own, status=from_status)

    with pytest.raises(ValidationError) as refused:
        referral_transition(
            request=None,
            referral=referral,
            to_status=to_status,
            reason="   ",
            actor=own.adviser.user,
            organisation=own.advice,
        )

    assert "reason" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.status == from_status

    moved = referral_transition(
        request=None,
        referral=referral,
        to_status=to_status,
        reason="  No capacity this month.  ",
        actor=own.adviser.user,
        organisation=own.advice,
    )
    assert (moved.status, moved.status_reason) == (to_status, "No capacity this month.")


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.REQUESTED, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMPLETED),
        (S.ON_HOLD, S.IN_PROGRESS),
        (S.REQUESTED, S.ENTERED_IN_ERROR),
    ],
)
def test_the_other_moves_need_no_reason(own: Tenant, from_status: str, to_status: str) -> None:
    referral = referral_for(own, status=from_status)

    moved = referral_transition(
        request=None,
        referral=referral,
        to_status=to_status,
        reason="",
        actor=own.adviser.user,
        organisation=own.advice,
    )

    assert moved.status == to_status
    assert moved.status_reason == ""
