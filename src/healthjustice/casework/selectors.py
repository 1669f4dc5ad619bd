"""Reads of the case file. Everything here is the advice organisation's own and is read only for
its members; the one exception is `shared_updates_for_referral`, what the adviser chose to share
with the referrer, which is all the health side ever reads of a case."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from healthjustice.accounts.models import User
from healthjustice.casework.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseIssue,
    CaseNote,
    CaseStatus,
    ClientFeedback,
    CountingMethod,
    Deadline,
    Outcome,
    SharedUpdate,
    WellbeingMeasure,
)
from healthjustice.clients.models import Client, Consent, ConsentScope
from healthjustice.clients.selectors import consent_in_force
from healthjustice.organisations.models import Membership, Role
from healthjustice.organisations.selectors import get_in_scope, people_with_role
from healthjustice.referrals.models import Referral

OPEN_CASE_STATUSES = (CaseStatus.OPEN, CaseStatus.ON_HOLD)
MAX_REMINDER_DAYS = 60


def cases_of(membership: Membership) -> QuerySet[Case]:
    return Case.objects.filter(organisation_id=membership.organisation_id).select_related(
        "client", "adviser", "supervisor", "service", "referral"
    )


def case_get(membership: Membership, public_id: UUID | str) -> Case:
    return get_in_scope(
        cases_of(membership).select_related("referral__referring_organisation"), public_id
    )


def cases_of_client(membership: Membership, client: Client) -> QuerySet[Case]:
    return cases_of(membership).filter(client=client).order_by("-opened_at", "-id")


def case_for_referral(membership: Membership, referral: Referral) -> Case | None:
    """The advice organisation's case opened from this referral, if any (for its own members)."""
    return cases_of(membership).filter(referral=referral).first()


def filter_cases(
    cases: QuerySet[Case], *, status: str = "", adviser: str = "", mine_for: User | None = None
) -> QuerySet[Case]:
    if status == "open":
        cases = cases.filter(status__in=OPEN_CASE_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if mine_for is not None:
        cases = cases.filter(adviser=mine_for)
    elif adviser == "none":
        cases = cases.filter(adviser__isnull=True)
    elif adviser:
        cases = cases.filter(adviser__public_id=adviser)
    return cases.annotate(
        next_due=Min("deadlines__due_date", filter=Q(deadlines__completed_at__isnull=True)),
        issue_count=Count("issues", distinct=True),
    ).order_by("-opened_at", "-id")


def issues_of(case: Case) -> QuerySet[CaseIssue]:
    return case.issues.prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.select_related("recorded_by"))
    )


def issue_get(case: Case, public_id: UUID | str) -> CaseIssue:
    return get_in_scope(case.issues.all(), public_id)


def notes_of(case: Case) -> QuerySet[CaseNote]:
    return case.notes.select_related("author")


def events_of(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor")


def documents_of(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.select_related("uploaded_by")


def document_get(case: Case, public_id: UUID | str) -> CaseDocument:
    return get_in_scope(case.documents.all(), public_id)


def deadlines_of(case: Case) -> QuerySet[Deadline]:
    return case.deadlines.select_related("issue").order_by("completed_at", "due_date", "id")


def deadline_get(case: Case, public_id: UUID | str) -> Deadline:
    return get_in_scope(case.deadlines.all(), public_id)


def wellbeing_of(case: Case) -> dict[str, WellbeingMeasure]:
    return {measure.stage: measure for measure in case.wellbeing.all()}


def shared_updates_of(case: Case) -> QuerySet[SharedUpdate]:
    return case.shared_updates.select_related("shared_by")


def shared_updates_for_referral(referral: Referral) -> QuerySet[SharedUpdate]:
    """What the advice service shared with the referrer about this referral: for either side."""
    return referral.shared_updates.select_related("shared_by").order_by("created_at", "id")


def client_feedback_of(case: Case) -> ClientFeedback | None:
    return ClientFeedback.objects.filter(case=case).first()


def client_feedback_by_token(token: str) -> ClientFeedback | None:
    """The feedback form behind a link given to a client; None for an unknown link."""
    if not token or len(token) > 64:
        return None
    return ClientFeedback.objects.select_related("case__organisation").filter(token=token).first()


def feedback_consent_in_force(case: Case) -> Consent | None:
    """The client's consent to outcome feedback going to the referrer: given to the referring
    organisation (on its record) or to the advice organisation (on the case's record)."""
    consent = consent_in_force(case.client, ConsentScope.FEEDBACK_TO_REFERRER)
    if consent is None and case.referral is not None:
        consent = consent_in_force(case.referral.client, ConsentScope.FEEDBACK_TO_REFERRER)
    return consent


@dataclass(frozen=True)
class FinancialTotals:
    annualised_awards: Decimal
    one_off: Decimal
    debt_written_off: Decimal
    debt_managed: Decimal


def financial_totals(case: Case) -> FinancialTotals:
    sums = Outcome.objects.filter(issue__case=case).aggregate(
        awards=Sum("annual_amount"),
        one_off=Sum("amount", filter=Q(counting_method=CountingMethod.ONE_OFF)),
        written_off=Sum("amount", filter=Q(counting_method=CountingMethod.DEBT_TOTAL_WRITTEN_OFF)),
        managed=Sum("amount", filter=Q(counting_method=CountingMethod.DEBT_TOTAL_MANAGED)),
    )
    zero = Decimal("0.00")
    return FinancialTotals(
        annualised_awards=sums["awards"] or zero,
        one_off=sums["one_off"] or zero,
        debt_written_off=sums["written_off"] or zero,
        debt_managed=sums["managed"] or zero,
    )


def advisers_of(membership: Membership) -> list[User]:
    """Who a case can be assigned to: the organisation's advisers and supervisors."""
    return sorted(
        people_with_role(membership.organisation_id, Role.ADVISER, Role.SUPERVISOR),
        key=lambda user: user.full_name,
    )


def supervisors_of(membership: Membership) -> list[User]:
    return sorted(
        people_with_role(membership.organisation_id, Role.SUPERVISOR),
        key=lambda user: user.full_name,
    )


def deadlines_open_in(membership: Membership) -> QuerySet[Deadline]:
    """Deadlines not yet met on the organisation's open cases."""
    return (
        Deadline.objects.filter(
            case__organisation_id=membership.organisation_id,
            case__status__in=OPEN_CASE_STATUSES,
            completed_at__isnull=True,
        )
        .select_related("case__client", "case__adviser", "issue")
        .order_by("due_date", "id")
    )


def overdue_deadlines(
    membership: Membership, *, today: date | None = None, mine_for: User | None = None
) -> QuerySet[Deadline]:
    deadlines = deadlines_open_in(membership).filter(due_date__lt=today or timezone.localdate())
    if mine_for is not None:
        deadlines = deadlines.filter(case__adviser=mine_for)
    return deadlines


def deadlines_to_remind(*, today: date | None = None) -> list[Deadline]:
    """Across every organisation: deadlines not met, on open cases, whose reminder is due (the
    chosen number of days before) and not yet sent."""
    today = today or timezone.localdate()
    candidates = Deadline.objects.filter(
        completed_at__isnull=True,
        reminder_sent_at__isnull=True,
        case__status__in=OPEN_CASE_STATUSES,
        due_date__lte=today + timedelta(days=MAX_REMINDER_DAYS),
    ).order_by("due_date", "id")
    return [
        deadline
        for deadline in candidates
        if deadline.due_date - timedelta(days=deadline.remind_days_before) <= today
    ]


@dataclass(frozen=True)
class Caseload:
    adviser: User | None
    open_cases: int
    on_hold: int
    overdue_deadlines: int
    due_this_week: int
    oldest_opened: datetime | None
    closed_last_30_days: int


def caseloads(membership: Membership, *, today: date | None = None) -> list[Caseload]:
    """For a supervisor: each adviser's open cases, deadlines overdue and due within a week, the
    oldest open case and cases closed in the last 30 days, in a fixed number of queries."""
    today = today or timezone.localdate()
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    open_rows = (
        cases.filter(status__in=OPEN_CASE_STATUSES)
        .values("adviser_id")
        .annotate(
            open_cases=Count("id", distinct=True),
            on_hold=Count("id", filter=Q(status=CaseStatus.ON_HOLD), distinct=True),
            oldest=Min("opened_at"),
            overdue=Count(
                "deadlines",
                filter=Q(deadlines__completed_at__isnull=True, deadlines__due_date__lt=today),
                distinct=True,
            ),
            due_soon=Count(
                "deadlines",
                filter=Q(
                    deadlines__completed_at__isnull=True,
                    deadlines__due_date__gte=today,
                    deadlines__due_date__lte=today + timedelta(days=7),
                ),
                distinct=True,
            ),
        )
    )
    closed_rows = (
        cases.filter(status=CaseStatus.CLOSED, closed_at__gte=timezone.now() - timedelta(days=30))
        .values("adviser_id")
        .annotate(closed=Count("id"))
    )
    closed: dict[int | None, int] = {row["adviser_id"]: row["closed"] for row in closed_rows}
    by_adviser: dict[int | None, dict[str, Any]] = {
        row["adviser_id"]: dict(row) for row in open_rows
    }
    people = {user.pk: user for user in advisers_of(membership)}
    # Someone who has left or changed role may still hold cases: they are listed too.
    people |= {
        user.pk: user
        for user in User.objects.filter(pk__in=[key for key in by_adviser if key is not None])
        if user.pk not in people
    }
    result = []
    for person_id in [*people, *([None] if None in by_adviser else [])]:
        row = by_adviser.get(person_id, {})
        result.append(
            Caseload(
                adviser=people[person_id] if person_id is not None else None,
                open_cases=row.get("open_cases", 0),
                on_hold=row.get("on_hold", 0),
                overdue_deadlines=row.get("overdue", 0),
                due_this_week=row.get("due_soon", 0),
                oldest_opened=row.get("oldest"),
                closed_last_30_days=closed.get(person_id, 0),
            )
        )
    return result
