"""Reads of referrals. The referring organisation sees the referrals it made; the advice
organisation sees the referrals made to it; nobody else sees them at all."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from healthjustice.casework.models import SharedUpdate
from healthjustice.clients.models import Client
from healthjustice.organisations.models import (
    Membership,
    OrganisationKind,
    PartnershipStatus,
    Pathway,
    Service,
    Site,
)
from healthjustice.organisations.selectors import get_in_scope
from healthjustice.referrals.first_contact import london_today, overdue_from, target_days
from healthjustice.referrals.models import (
    BEFORE_WORK_STATUSES,
    OPEN_STATUSES,
    ContactAttempt,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    Urgency,
)

DUPLICATE_WINDOW = timedelta(days=30)

URGENCY_ORDER = Case(
    When(urgency=Urgency.URGENT, then=Value(0)),
    When(urgency=Urgency.SOON, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
SORTS: dict[str, list[Any]] = {
    "newest": ["-created_at", "-id"],
    "oldest": ["created_at", "id"],
    "urgency": [URGENCY_ORDER, "created_at", "id"],
    "status": ["status", "-created_at", "-id"],
}


def _listed(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.select_related(
        "client",
        "service",
        "advice_organisation",
        "referring_organisation",
        "referring_team",
        "referred_by",
        "site",
    )


def _with_news(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Whether the advice service has shared news of each referral, in the same query."""
    return referrals.annotate(
        has_news=Exists(SharedUpdate.objects.filter(referral_id=OuterRef("pk")))
    )


def referrals_made_by(membership: Membership) -> QuerySet[Referral]:
    """My referrals."""
    return _with_news(
        _listed(
            Referral.objects.filter(
                referring_organisation_id=membership.organisation_id,
                referred_by_id=membership.user_id,
            )
        )
    )


def referrals_made_by_team(membership: Membership) -> QuerySet[Referral]:
    """My team's referrals (the whole organisation's when the member has no team)."""
    referrals = Referral.objects.filter(referring_organisation_id=membership.organisation_id)
    if membership.team_id:
        referrals = referrals.filter(referring_team_id=membership.team_id)
    return _with_news(_listed(referrals))


def _with_contact_attempt_count(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Each referral's number of contact attempts, counted in the same query as the list."""
    attempts = (
        ContactAttempt.objects.filter(referral_id=OuterRef("pk"))
        .order_by()
        .values("referral_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return referrals.annotate(
        contact_attempt_count=Coalesce(Subquery(attempts, output_field=IntegerField()), 0)
    )


def referrals_received(membership: Membership) -> QuerySet[Referral]:
    """The advice organisation's inbox: referrals made to its services."""
    return _with_contact_attempt_count(
        _listed(Referral.objects.filter(advice_organisation_id=membership.organisation_id))
    )


WAITING_FOR_FIRST_CONTACT = Q(status__in=BEFORE_WORK_STATUSES, first_contact_at__isnull=True)


def _overdue(services: Iterable[Service], today: date) -> Q:
    """Referrals waiting for first contact past their service's target: one comparison of the
    arrival time per service and urgency, so the filter runs in SQL whatever the list's size."""
    overdue = Q(pk__in=[])
    for service in services:
        for urgency in Urgency.values:
            days = target_days(service, urgency)
            overdue |= Q(
                service_id=service.pk,
                urgency=urgency,
                created_at__lt=overdue_from(days=days, today=today),
            )
    return WAITING_FOR_FIRST_CONTACT & overdue


def filter_and_sort(
    referrals: QuerySet[Referral],
    *,
    status: str = "",
    urgency: str = "",
    service: str = "",
    contact: str = "",
    services: Iterable[Service] = (),
    sort: str = "newest",
) -> QuerySet[Referral]:
    """`contact` is "waiting" (for first contact) or "overdue" (past the target of its service,
    one of `services`)."""
    if status == "open":
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status:
        referrals = referrals.filter(status=status)
    if urgency:
        referrals = referrals.filter(urgency=urgency)
    if service:
        referrals = referrals.filter(service__public_id=service)
    if contact == "waiting":
        referrals = referrals.filter(WAITING_FOR_FIRST_CONTACT)
    elif contact == "overdue":
        referrals = referrals.filter(_overdue(services, london_today()))
    return referrals.order_by(*SORTS.get(sort, SORTS["newest"]))


def referral_get(membership: Membership, public_id: UUID | str) -> Referral:
    """A referral made by or to the membership's organisation."""
    org_id = membership.organisation_id
    visible = Referral.objects.filter(
        Q(referring_organisation_id=org_id) | Q(advice_organisation_id=org_id)
    )
    return get_in_scope(
        _listed(visible).select_related(
            "partnership",
            "pathway",
            "redirected_from__service",
            "redirected_from__advice_organisation",
        ),
        public_id,
    )


def referral_attachments(referral: Referral) -> QuerySet[ReferralAttachment]:
    return referral.attachments.all()


def referral_attachment_get(referral: Referral, public_id: UUID | str) -> ReferralAttachment:
    return get_in_scope(referral.attachments.all(), public_id)


def referral_history(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor", "actor_organisation")


def contact_attempts_of(referral: Referral) -> QuerySet[ContactAttempt]:
    """Oldest first, as the count of unsuccessful attempts since the last success runs."""
    return referral.contact_attempts.select_related("recorded_by").order_by("attempted_at", "id")


def redirect_services(referral: Referral) -> QuerySet[Service]:
    """Where the advice side may send a referral on: the advice services of the advice
    organisations taking part in the referral's partnership, while it is active, but the one
    it was made to."""
    if referral.partnership.status != PartnershipStatus.ACTIVE:
        return Service.objects.none()
    members = referral.partnership.members.filter(
        organisation__kind=OrganisationKind.ADVICE
    ).values("organisation_id")
    return (
        Service.objects.filter(organisation_id__in=members)
        .exclude(pk=referral.service_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def matching_pathway(referral: Referral, service: Service) -> Pathway | None:
    """An active pathway of the referral's partnership from where it was made to `service`."""
    origin = Q(from_site_id=referral.site_id) if referral.site_id else Q(pk__in=[])
    if referral.referring_team_id:
        origin |= Q(from_team_id=referral.referring_team_id)
    return (
        Pathway.objects.filter(
            origin, partnership_id=referral.partnership_id, to_service=service, is_active=True
        )
        .order_by("id")
        .first()
    )


def recent_referrals_of(client: Client) -> QuerySet[Referral]:
    """For the duplicate warning: the client's open referrals and any made or closed in the last
    30 days (one made six weeks ago and rejected last week matters as much as a new one)."""
    since = timezone.now() - DUPLICATE_WINDOW
    return _listed(
        client.referrals.filter(
            Q(status__in=OPEN_STATUSES) | Q(created_at__gte=since) | Q(status_changed_at__gte=since)
        )
    ).order_by("-created_at")


def self_referral_pathways(site: Site) -> QuerySet[Pathway]:
    """The active pathways of active partnerships from this site or from its teams: where a
    person who found the service on a poster there can be referred."""
    return (
        Pathway.objects.filter(
            Q(from_site=site) | Q(from_team__site=site),
            is_active=True,
            partnership__status=PartnershipStatus.ACTIVE,
        )
        .select_related("to_service__organisation", "partnership")
        .order_by("partnership__name", "to_service__name", "id")
    )


def _self_referral_sites() -> QuerySet[Site]:
    """Sites with somewhere to refer to: a public self-referral page and a poster each."""
    return Site.objects.filter(
        Q(pathways__is_active=True, pathways__partnership__status=PartnershipStatus.ACTIVE)
        | Q(
            teams__pathways__is_active=True,
            teams__pathways__partnership__status=PartnershipStatus.ACTIVE,
        )
    ).distinct()


def self_referral_site(public_id: UUID | str) -> Site:
    """A site that has somewhere to refer to; any other answers 404."""
    return get_in_scope(_self_referral_sites().select_related("organisation"), public_id)


def sites_with_self_referral(sites: QuerySet[Site]) -> set[int]:
    """The ids of those of `sites` that have a self-referral page and poster, in one query."""
    return set(
        _self_referral_sites().filter(pk__in=sites.values("pk")).values_list("pk", flat=True)
    )
