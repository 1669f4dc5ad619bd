"""Reads of feedback both ways. A rating is made by the referring organisation about the referral
it made; a referral is marked not appropriate by the advice organisation that received it. Each
side sees both on the referral's page; the learning from referrals is listed for the referring
organisation only."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from healthjustice.collaboration.models import (
    NotAppropriateReason,
    ReferralLearning,
    ReferralRating,
)
from healthjustice.organisations.models import Membership
from healthjustice.organisations.selectors import get_in_scope
from healthjustice.referrals.models import Referral, ReferralStatus

# The advice service has acted on the referral: it accepted it and went on from there, or it
# declined it, or it closed it after trying and failing to reach the client. A referral still
# waiting (requested), cancelled before anyone acted or entered in error has no response to rate.
RATEABLE_STATUSES = frozenset(
    {
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_PROGRESS,
        ReferralStatus.ON_HOLD,
        ReferralStatus.COMPLETED,
        ReferralStatus.REJECTED,
        ReferralStatus.FAILED,
    }
)


def referral_made_get(membership: Membership, public_id: UUID | str) -> Referral:
    """A referral the membership's organisation made (to rate the response to it)."""
    return get_in_scope(
        Referral.objects.filter(
            referring_organisation_id=membership.organisation_id
        ).select_related("advice_organisation", "service", "referring_team"),
        public_id,
    )


def referral_received_get(membership: Membership, public_id: UUID | str) -> Referral:
    """A referral made to the membership's organisation (to mark it not appropriate)."""
    return get_in_scope(
        Referral.objects.filter(advice_organisation_id=membership.organisation_id).select_related(
            "referring_organisation", "referring_team", "service"
        ),
        public_id,
    )


def is_rateable(referral: Referral) -> bool:
    return referral.referring_organisation_id is not None and referral.status in RATEABLE_STATUSES


def can_be_marked_not_appropriate(referral: Referral) -> bool:
    """A professional's referral (a self-referral has no referring team to learn from), not one
    entered in error."""
    return (
        referral.referring_organisation_id is not None
        and referral.status != ReferralStatus.ENTERED_IN_ERROR
    )


def rating_of(referral: Referral) -> ReferralRating | None:
    return ReferralRating.objects.filter(referral=referral).select_related("rated_by").first()


def learning_of(referral: Referral) -> ReferralLearning | None:
    return ReferralLearning.objects.filter(referral=referral).select_related("marked_by").first()


def learning_for(membership: Membership) -> QuerySet[ReferralLearning]:
    """What advice services said about the referrals the membership's organisation made, the
    member's own team's first, newest first within each."""
    own_team = (
        Case(
            When(referral__referring_team_id=membership.team_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if membership.team_id
        else Value(1, output_field=IntegerField())
    )
    return (
        ReferralLearning.objects.filter(
            referral__referring_organisation_id=membership.organisation_id
        )
        .select_related(
            "referral__referring_team",
            "referral__advice_organisation",
            "referral__service",
        )
        .annotate(team_order=own_team)
        .order_by("team_order", "-marked_at", "-id")
    )


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    team: int
    organisation: int


def learning_reason_counts(membership: Membership) -> list[ReasonCount]:
    """How often each reason was given, for the member's team and their whole organisation, most
    frequent first, in one query. Reasons never given are left out."""
    team_filter = (
        Q(referral__referring_team_id=membership.team_id) if membership.team_id else Q(pk__in=[])
    )
    rows = (
        ReferralLearning.objects.filter(
            referral__referring_organisation_id=membership.organisation_id
        )
        .values("reason")
        .annotate(organisation=Count("id"), team=Count("id", filter=team_filter))
        .order_by()
    )
    labels = dict(NotAppropriateReason.choices)
    counts = [
        ReasonCount(
            reason=row["reason"],
            label=str(labels.get(row["reason"], row["reason"])),
            team=row["team"],
            organisation=row["organisation"],
        )
        for row in rows
    ]
    return sorted(counts, key=lambda count: (-count.team, -count.organisation, count.label))
