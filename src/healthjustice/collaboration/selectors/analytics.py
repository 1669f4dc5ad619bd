"""Reads for the collaboration analytics: for each health team of a partnership and each month, the
six collaboration activities, counted in the database, and the prompts for the coordinator.

Every count is one grouped query (GROUP BY team, month) over a bounded range of months, so the
number of queries is the same for ten rows or ten million. Only counts leave the database: no
client, note or message is read. What counts as an event of each activity is set out in
`healthjustice.collaboration.engagement.ACTIVITY_DESCRIPTIONS` and docs/adr/0008.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from healthjustice.casework.models import SharedUpdate, SharedUpdateKind
from healthjustice.collaboration.engagement import (
    Activity,
    EngagementLevel,
    engagement_level,
)
from healthjustice.collaboration.models import (
    OPEN_EVIDENCE_STATUSES,
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    EngagementThresholds,
    EvidenceRequest,
    EvidenceStatus,
    InformationExchange,
    ReferralLearning,
    ReferralRating,
)
from healthjustice.core.working_days import is_working_day
from healthjustice.organisations.models import (
    Membership,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    Team,
)
from healthjustice.organisations.selectors import get_in_scope
from healthjustice.referrals.models import Referral, ReferralSource, ReferralStatus
from healthjustice.screening.models import ScreeningResponse

TREND_MONTHS = 12
# How far back the month filter reaches.
MONTHS_TO_CHOOSE_FROM = 24
# The coordinator's prompts.
QUIET_TEAM_DAYS = 30
UNANSWERED_AFTER_WORKING_DAYS = 5
PROMPT_LIMIT = 20


# The median, computed by the database -----------------------------------------------------------


class _SqliteMedian:
    """SQLite has no median: this aggregate is registered on each connection that needs it."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


class Median(Aggregate):
    """The middle value of a group (the mean of the two middle values for an even count).
    PostgreSQL computes it with PERCENTILE_CONT, which also takes intervals; SQLite, the embedded
    default, through a small aggregate function registered on the connection."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        connection.ensure_connection()
        connection.connection.create_aggregate("hj_median", 1, _SqliteMedian)
        return self.as_sql(
            compiler,
            connection,
            function="hj_median",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


def _elapsed(end: str, start: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


# Months -----------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_ending(last: date, count: int) -> list[date]:
    """The first days of the `count` months up to and including `last`'s, oldest first."""
    last = month_start(last)
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_month(column: str) -> TruncMonth:
    # The month in the service's time zone, as a date: events just after midnight on the first
    # of the month in summer time belong to that month, not the one before.
    return TruncMonth(column, output_field=DateField())


def _as_month(value: Any) -> date:
    """A month read by raw SQL: a date, a datetime (PostgreSQL) or text (SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# Partnerships, teams and thresholds --------------------------------------------------------------


def analytics_partnerships(membership: Membership) -> QuerySet[Partnership]:
    """The partnerships the coordinator's organisation takes part in."""
    taking_part = PartnershipMember.objects.filter(
        organisation_id=membership.organisation_id
    ).values("partnership_id")
    return (
        Partnership.objects.filter(id__in=taking_part)
        .select_related("coordinating_organisation")
        .order_by("name")
    )


def analytics_partnership_get(membership: Membership, public_id: UUID | str) -> Partnership:
    return get_in_scope(analytics_partnerships(membership), public_id)


def _member_organisations(partnership: Partnership, kind: str) -> QuerySet[PartnershipMember, Any]:
    return PartnershipMember.objects.filter(
        partnership_id=partnership.pk, organisation__kind=kind
    ).values("organisation_id")


def health_teams_of(partnership: Partnership) -> QuerySet[Team]:
    """Every team of the partnership's health organisations."""
    return (
        Team.objects.filter(
            organisation_id__in=_member_organisations(partnership, OrganisationKind.HEALTH)
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def health_team_get(partnership: Partnership, public_id: UUID | str) -> Team:
    return get_in_scope(health_teams_of(partnership), public_id)


def engagement_thresholds_for(partnership: Partnership) -> EngagementThresholds:
    """The partnership's thresholds; the defaults (not saved) until a coordinator changes them."""
    thresholds = EngagementThresholds.objects.filter(partnership_id=partnership.pk).first()
    return thresholds or EngagementThresholds(partnership=partnership)


def may_change_thresholds(membership: Membership, partnership: Partnership) -> bool:
    """The thresholds are the partnership's settings: its coordinating organisation keeps them,
    as it keeps the rest of the partnership's set-up."""
    return membership.organisation_id == partnership.coordinating_organisation_id


# A team's month ---------------------------------------------------------------------------------


@dataclass
class TeamMonth:
    """One health team's collaboration in one month."""

    team_id: int
    month: date
    screenings: int = 0
    screenings_with_need: int = 0
    referrals: int = 0
    exchanges: int = 0
    consultations: int = 0
    evidence_provided: int = 0
    ratings_given: int = 0
    learning_received: int = 0
    outcome_feedback_received: int = 0
    consultation_response: timedelta | None = None
    evidence_turnaround: timedelta | None = None
    level: str = EngagementLevel.LOW
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def feedback(self) -> int:
        return self.ratings_given + self.learning_received + self.outcome_feedback_received

    @property
    def referral_rate(self) -> Decimal | None:
        """Referrals per screening that found a need; none without such a screening."""
        if not self.screenings_with_need:
            return None
        return (Decimal(self.referrals) / Decimal(self.screenings_with_need)).quantize(
            Decimal("0.01")
        )

    @property
    def consultation_response_hours(self) -> Decimal | None:
        if self.consultation_response is None:
            return None
        return _rounded(self.consultation_response.total_seconds() / 3600)

    @property
    def evidence_days(self) -> Decimal | None:
        if self.evidence_turnaround is None:
            return None
        return _rounded(self.evidence_turnaround.total_seconds() / 86400)

    @property
    def active_activities(self) -> int:
        return sum(1 for count in self.counts.values() if count > 0)

    def classify(self, thresholds: EngagementThresholds) -> None:
        self.counts = {
            Activity.NEEDS_IDENTIFIED: self.screenings,
            Activity.REFERRALS_MADE: self.referrals,
            Activity.INFORMATION_EXCHANGED: self.exchanges,
            Activity.CONSULTATIONS: self.consultations,
            Activity.JOINT_CONTRIBUTIONS: self.evidence_provided,
            Activity.FEEDBACK: self.feedback,
        }
        self.level = engagement_level(
            self.active_activities,
            medium_from=thresholds.medium_from,
            high_from=thresholds.high_from,
        )


def _rounded(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


Grid = dict[tuple[int, date], TeamMonth]


def _add(grid: Grid, rows: Iterable[dict[str, Any]], **columns: str) -> None:
    """Put grouped rows (each with `group_team` and `group_month`) into the grid: `columns` maps a
    TeamMonth attribute to the row's key."""
    for row in rows:
        cell = grid.get((row["group_team"], row["group_month"]))
        if cell is None:
            continue
        for attribute, key in columns.items():
            setattr(cell, attribute, row[key])


def _grouped(queryset: QuerySet[Any], team: Any, moment: str, **aggregates: Any) -> QuerySet[Any]:
    return (
        queryset.annotate(group_team=team, group_month=_in_month(moment))
        .values("group_team", "group_month")
        .annotate(**aggregates)
        .order_by()
    )


def _add_count(grid: Grid, queryset: QuerySet[Any], moment: str, attribute: str) -> None:
    """Count a referral's feedback into the grid, by the referral's referring team and the month
    of `moment`."""
    _add(
        grid,
        _grouped(queryset, F("referral__referring_team_id"), moment, counted=Count("id")),
        **{attribute: "counted"},
    )


def _clinician_team() -> Subquery:
    """The team of an evidence request's clinician in the practice it was sent to."""
    return Subquery(
        Membership.objects.filter(
            user_id=OuterRef("clinician_id"), organisation_id=OuterRef("health_organisation_id")
        )
        .order_by()
        .values("team_id")[:1]
    )


def _author_team() -> Subquery:
    """The team of a message's author in the organisation they wrote for."""
    return Subquery(
        Membership.objects.filter(
            user_id=OuterRef("author_id"), organisation_id=OuterRef("organisation_id")
        )
        .order_by()
        .values("team_id")[:1]
    )


def _consultations_taken_part_in(
    partnership: Partnership, team_ids: list[int], start: datetime, end: datetime
) -> list[tuple[int, date, int]]:
    """(team, month, consultations) for the consultations each team started, was sent, or wrote a
    message in during the month, each counted once: the three sources are joined with UNION,
    which drops repeats, and counted in the same query."""

    def activity(queryset: QuerySet[Any], team: str, moment: str, consultation: str) -> Any:
        return (
            queryset.annotate(
                activity_team=F(team),
                activity_month=_in_month(moment),
                activity_consultation=F(consultation),
            )
            .values_list("activity_team", "activity_month", "activity_consultation")
            .order_by()
        )

    consultations = Consultation.objects.filter(
        partnership_id=partnership.pk, started_at__gte=start, started_at__lt=end
    )
    started = activity(
        consultations.filter(from_team_id__in=team_ids), "from_team_id", "started_at", "id"
    )
    received = activity(
        consultations.filter(to_team_id__in=team_ids), "to_team_id", "started_at", "id"
    )
    written = activity(
        ConsultationMessage.objects.filter(
            consultation__partnership_id=partnership.pk, sent_at__gte=start, sent_at__lt=end
        )
        .annotate(author_team=_author_team())
        .filter(author_team__in=team_ids),
        "author_team",
        "sent_at",
        "consultation_id",
    )
    union = started.union(received, written)
    sql, params = union.query.get_compiler(using=union.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT activity_team, activity_month, COUNT(*) "  # noqa: S608 (compiled by the ORM)
            f"FROM ({sql}) AS activity GROUP BY activity_team, activity_month",
            params,
        )
        return [(team, _as_month(month), count) for team, month, count in cursor.fetchall()]


def team_months(
    *,
    partnership: Partnership,
    teams: list[Team],
    months: list[date],
    thresholds: EngagementThresholds,
) -> Grid:
    """Each team's collaboration in each of `months` (first days, consecutive, oldest first),
    classified by the thresholds. A fixed number of queries, whatever the number of rows."""
    grid: Grid = {
        (team.pk, month): TeamMonth(team_id=team.pk, month=month)
        for team in teams
        for month in months
    }
    if not grid:
        return grid
    team_ids = [team.pk for team in teams]
    start, end = _local_midnight(months[0]), _local_midnight(add_months(months[-1], 1))

    # 1. Needs identified: the team's screenings, and those that found a need.
    screenings = ScreeningResponse.objects.filter(
        team_id__in=team_ids, completed_at__gte=start, completed_at__lt=end
    )
    _add(
        grid,
        _grouped(
            screenings,
            F("team_id"),
            "completed_at",
            done=Count("id"),
            with_need=Count("id", filter=~Q(needs=[])),
        ),
        screenings="done",
        screenings_with_need="with_need",
    )

    # 2. Referrals made along the partnership's pathways.
    referrals = Referral.objects.filter(
        partnership_id=partnership.pk,
        referring_team_id__in=team_ids,
        source=ReferralSource.CLINICIAN,
        redirected_from__isnull=True,
        created_at__gte=start,
        created_at__lt=end,
    ).exclude(status=ReferralStatus.ENTERED_IN_ERROR)
    _add(
        grid,
        _grouped(referrals, F("referring_team_id"), "created_at", made=Count("id")),
        referrals="made",
    )

    # 3. Information exchanged between the two sides (not onward between advice services).
    exchanges = InformationExchange.objects.filter(
        partnership_id=partnership.pk,
        health_team_id__in=team_ids,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).exclude(from_organisation__kind=F("to_organisation__kind"))
    _add(
        grid,
        _grouped(exchanges, F("health_team_id"), "occurred_at", shared=Count("id")),
        exchanges="shared",
    )

    # 4. Consultations, and the median time to the first reply from the other side.
    for team, month, count in _consultations_taken_part_in(partnership, team_ids, start, end):
        if (team, month) in grid:
            grid[team, month].consultations = count
    answered = Consultation.objects.filter(
        Q(from_team_id__in=team_ids) | Q(to_team_id__in=team_ids),
        partnership_id=partnership.pk,
        started_at__gte=start,
        started_at__lt=end,
        first_response_at__isnull=False,
    )
    health_end = Case(
        When(from_team_id__in=team_ids, then=F("from_team_id")),
        default=F("to_team_id"),
        output_field=BigIntegerField(),
    )
    _add(
        grid,
        _grouped(
            answered,
            health_end,
            "started_at",
            response=Median(_elapsed("first_response_at", "started_at")),
        ),
        consultation_response="response",
    )

    # 5. Joint contributions: medical evidence provided, and the median time it took.
    evidence = (
        EvidenceRequest.objects.filter(
            status=EvidenceStatus.PROVIDED,
            provided_at__gte=start,
            provided_at__lt=end,
            advice_organisation_id__in=_member_organisations(partnership, OrganisationKind.ADVICE),
            health_organisation_id__in=_member_organisations(partnership, OrganisationKind.HEALTH),
        )
        .annotate(
            evidence_team=Coalesce("team_id", _clinician_team(), output_field=BigIntegerField())
        )
        .filter(evidence_team__in=team_ids)
    )
    _add(
        grid,
        _grouped(
            evidence,
            F("evidence_team"),
            "provided_at",
            provided=Count("id"),
            turnaround=Median(_elapsed("provided_at", "requested_at")),
        ),
        evidence_provided="provided",
        evidence_turnaround="turnaround",
    )

    # 6. Feedback both ways, on the team's referrals in the partnership.
    on_team_referrals = {
        "referral__partnership_id": partnership.pk,
        "referral__referring_team_id__in": team_ids,
    }
    _add_count(
        grid,
        ReferralRating.objects.filter(**on_team_referrals, rated_at__gte=start, rated_at__lt=end),
        "rated_at",
        "ratings_given",
    )
    _add_count(
        grid,
        ReferralLearning.objects.filter(
            **on_team_referrals, marked_at__gte=start, marked_at__lt=end
        ),
        "marked_at",
        "learning_received",
    )
    _add_count(
        grid,
        SharedUpdate.objects.filter(
            **on_team_referrals,
            kind=SharedUpdateKind.CLOSING_FEEDBACK,
            created_at__gte=start,
            created_at__lt=end,
        ),
        "created_at",
        "outcome_feedback_received",
    )

    for cell in grid.values():
        cell.classify(thresholds)
    return grid


# Prompts for the coordinator --------------------------------------------------------------------


def quiet_teams(partnership: Partnership, *, now: datetime) -> QuerySet[Team]:
    """Teams of the partnership's health organisations with no referral in the last 30 days,
    each with the date of its latest referral in the partnership (`last_referral_at`, if any)."""
    return (
        health_teams_of(partnership)
        .annotate(
            last_referral_at=Max(
                "referrals_made__created_at",
                filter=Q(
                    referrals_made__partnership_id=partnership.pk,
                    referrals_made__source=ReferralSource.CLINICIAN,
                ),
            )
        )
        .filter(
            Q(last_referral_at__isnull=True)
            | Q(last_referral_at__lt=now - timedelta(days=QUIET_TEAM_DAYS))
        )
    )


def overdue_evidence_requests(
    partnership: Partnership, *, today: date
) -> QuerySet[EvidenceRequest]:
    """Open requests between the partnership's organisations whose due date has passed, the most
    overdue first."""
    return (
        EvidenceRequest.objects.filter(
            status__in=OPEN_EVIDENCE_STATUSES,
            due_date__lt=today,
            advice_organisation_id__in=_member_organisations(partnership, OrganisationKind.ADVICE),
            health_organisation_id__in=_member_organisations(partnership, OrganisationKind.HEALTH),
        )
        .select_related("advice_organisation", "health_organisation", "team")
        .order_by("due_date", "id")
    )


def unanswered_since(today: date) -> date:
    """The latest day a consultation can have been started and still be waiting for its first
    reply after five full working days by `today`."""
    day, counted = today, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == UNANSWERED_AFTER_WORKING_DAYS:
                return day - timedelta(days=1)
        day -= timedelta(days=1)


def unanswered_consultations(partnership: Partnership, *, today: date) -> QuerySet[Consultation]:
    """Open consultations of the partnership with no reply after five working days, oldest
    first."""
    return (
        Consultation.objects.filter(
            partnership_id=partnership.pk,
            status=ConsultationStatus.OPEN,
            first_response_at__isnull=True,
            started_at__lt=_local_midnight(unanswered_since(today) + timedelta(days=1)),
        )
        .select_related("from_organisation", "to_organisation", "from_team", "to_team")
        .order_by("started_at", "id")
    )


@dataclass(frozen=True)
class Prompt:
    """One of the coordinator's prompts: its first rows and how many there are in all."""

    rows: list[Any]
    total: int


def prompt(queryset: QuerySet[Any]) -> Prompt:
    # Always two queries, so that the page's query count does not depend on the data.
    return Prompt(rows=list(queryset[:PROMPT_LIMIT]), total=queryset.count())
