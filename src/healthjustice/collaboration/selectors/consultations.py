"""Reads of consultations. A consultation is seen by the two organisations it is between, the one
that started it and the one it was sent to, and by nobody else: not the rest of the partnership,
not another organisation that holds a record of the same client."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from healthjustice.clients.models import Consent, ConsentScope
from healthjustice.clients.selectors import consent_in_force
from healthjustice.collaboration.models import (
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
)
from healthjustice.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    PartnershipStatus,
    Role,
    Team,
)
from healthjustice.organisations.selectors import get_in_scope
from healthjustice.referrals.models import Referral, ReferralStatus

# Who answers a consultation on each side of a partnership.
CONSULTING_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.HEALTH: (Role.REFERRER,),
    OrganisationKind.ADVICE: (Role.ADVISER, Role.SUPERVISOR),
}
# The side a consultation goes to from each side.
OTHER_SIDE: dict[str, str] = {
    OrganisationKind.HEALTH: OrganisationKind.ADVICE,
    OrganisationKind.ADVICE: OrganisationKind.HEALTH,
}

LIST_FILTERS = ("open", "awaiting", "closed", "all")


def consultations_of(membership: Membership) -> QuerySet[Consultation]:
    """The consultations the membership's organisation started or was sent."""
    org_id = membership.organisation_id
    return Consultation.objects.filter(
        Q(from_organisation_id=org_id) | Q(to_organisation_id=org_id)
    ).select_related(
        "from_organisation", "to_organisation", "from_team", "to_team", "started_by", "referral"
    )


def _with_last_message(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """Each consultation's number of messages and which organisation wrote the latest, in the
    same query as the list."""
    messages = ConsultationMessage.objects.filter(consultation_id=OuterRef("pk"))
    latest = messages.order_by("-sent_at", "-id")
    count = (
        messages.order_by().values("consultation_id").annotate(count=Count("id")).values("count")
    )
    return consultations.annotate(
        # Counted in a subquery, not a join: the list needs no GROUP BY.
        message_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        last_message_organisation_id=Subquery(latest.values("organisation_id")[:1]),
        last_message_at=Subquery(latest.values("sent_at")[:1]),
    )


def consultation_list(membership: Membership, *, show: str = "open") -> QuerySet[Consultation]:
    """`show`: "open", "awaiting" (open, and the other organisation wrote last: yours to answer),
    "closed" or "all". Newest first."""
    consultations = _with_last_message(consultations_of(membership))
    if show in ("open", "awaiting"):
        consultations = consultations.filter(status=ConsultationStatus.OPEN)
    elif show == "closed":
        consultations = consultations.filter(status=ConsultationStatus.CLOSED)
    if show == "awaiting":
        consultations = consultations.exclude(
            Q(last_message_organisation_id=membership.organisation_id)
        )
    return consultations.order_by("-started_at", "-id")


def consultation_get(membership: Membership, public_id: UUID | str) -> Consultation:
    return get_in_scope(
        consultations_of(membership).select_related("partnership", "consent"), public_id
    )


def messages_of(consultation: Consultation) -> QuerySet[ConsultationMessage]:
    return consultation.messages.select_related("author", "organisation").order_by("sent_at", "id")


def consultations_about(membership: Membership, referral: Referral) -> list[Consultation]:
    """The consultations about this referral's client that the membership's organisation is in."""
    return list(
        _with_last_message(consultations_of(membership).filter(referral=referral)).order_by(
            "-started_at", "-id"
        )
    )


def awaits_reply(consultation: Consultation, membership: Membership) -> bool:
    """Open, and the latest message came from the other organisation (a list row's annotation)."""
    last = getattr(consultation, "last_message_organisation_id", None)
    return (
        consultation.status == ConsultationStatus.OPEN
        and last is not None
        and last != membership.organisation_id
    )


def health_consent_for(referral: Referral) -> Consent | None:
    """The client's consent, on the referral's client record, to relevant health information
    being shared: what a consultation about them needs."""
    return consent_in_force(referral.client, ConsentScope.SHARE_HEALTH_INFORMATION)


def referral_can_be_consulted_on(referral: Referral) -> bool:
    """A referral a professional made (there is someone on each side), not made in error."""
    return (
        referral.referring_organisation_id is not None
        and referral.status != ReferralStatus.ENTERED_IN_ERROR
    )


@dataclass(frozen=True)
class Recipient:
    """Who a general consultation can be sent to: an organisation on the other side of one of
    the member's partnerships, or one of its teams."""

    partnership: Partnership
    organisation: Organisation
    team: Team | None

    @property
    def key(self) -> str:
        parts = [self.partnership.public_id, self.organisation.public_id]
        if self.team is not None:
            parts.append(self.team.public_id)
        return ".".join(str(part) for part in parts)

    @property
    def label(self) -> str:
        name = self.organisation.name
        if self.team is not None:
            name = f"{name}: {self.team.name}"
        return f"{name} ({self.partnership.name})"


def recipients_for(membership: Membership) -> list[Recipient]:
    """The organisations on the other side of the member's active partnerships, and the teams of
    the health organisations among them, in three queries."""
    other_kind = OTHER_SIDE.get(membership.organisation.kind)
    if other_kind is None:
        return []
    partnership_ids = PartnershipMember.objects.filter(
        organisation_id=membership.organisation_id,
        partnership__status=PartnershipStatus.ACTIVE,
    ).values("partnership_id")
    members = list(
        PartnershipMember.objects.filter(
            partnership_id__in=partnership_ids, organisation__kind=other_kind
        )
        .select_related("partnership", "organisation")
        .order_by("partnership__name", "organisation__name")
    )
    teams_by_organisation: dict[int, list[Team]] = {}
    if other_kind == OrganisationKind.HEALTH:
        for team in Team.objects.filter(
            organisation_id__in={member.organisation_id for member in members}
        ).order_by("name"):
            teams_by_organisation.setdefault(team.organisation_id, []).append(team)
    recipients = []
    for member in members:
        recipients.append(Recipient(member.partnership, member.organisation, None))
        recipients.extend(
            Recipient(member.partnership, member.organisation, team)
            for team in teams_by_organisation.get(member.organisation_id, [])
        )
    return recipients
