"""First contact with the client: the service level a referral is measured against, and the count
of unsuccessful contact attempts that closes it.

A service sets, by urgency, within how many working days (England and Wales) of a referral's
arrival its advisers reach the client. The due date counts from the day the referral arrived in
Europe/London, whatever the server's clock zone: a referral sent at 23:30 on a Friday in British
Summer Time arrived on Friday.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils import timezone

from healthjustice.core.working_days import add_working_days, working_days_between
from healthjustice.organisations.models import Service
from healthjustice.referrals.models import ContactResult, Urgency

LONDON = ZoneInfo("Europe/London")


class ContactState(StrEnum):
    WITHIN_TARGET = "within_target"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ContactDue:
    due: date
    state: ContactState
    # Working days past the due date; 0 unless overdue.
    overdue_by: int = 0


def london_today() -> date:
    return timezone.localdate(timezone=LONDON)


def received_on(moment: datetime) -> date:
    return timezone.localtime(moment, LONDON).date()


def target_days(service: Service, urgency: str) -> int:
    """The service's target for first contact with a referral of this urgency."""
    if urgency == Urgency.URGENT:
        return service.urgent_contact_days
    if urgency == Urgency.SOON:
        return service.soon_contact_days
    return service.routine_contact_days


def contact_due(*, received: date, days: int, today: date) -> ContactDue:
    """Where a referral received on `received` stands today against a target of `days`."""
    due = add_working_days(received, days)
    if today < due:
        return ContactDue(due=due, state=ContactState.WITHIN_TARGET)
    if today == due:
        return ContactDue(due=due, state=ContactState.DUE_TODAY)
    # On a weekend or bank holiday after the due date the referral is already a day late.
    return ContactDue(
        due=due, state=ContactState.OVERDUE, overdue_by=max(1, working_days_between(due, today))
    )


def earliest_within_target(*, days: int, today: date) -> date:
    """The first arrival date whose due date, with a target of `days`, is not before `today`:
    referrals received before it are overdue. The due date never moves back as the arrival date
    moves forward, so the dates on or after this one are exactly those still within target."""
    candidate = today
    while add_working_days(candidate - timedelta(days=1), days) >= today:
        candidate -= timedelta(days=1)
    return candidate


def overdue_from(*, days: int, today: date) -> datetime:
    """The moment (the start of a London day) before which a referral that arrived is overdue
    today, with a target of `days`: what a query compares arrival times with."""
    return datetime.combine(earliest_within_target(days=days, today=today), time(), LONDON)


def unsuccessful_since_reached(results: Iterable[str]) -> int:
    """How many attempts, in the order they were made, failed since the client was last reached."""
    count = 0
    for result in results:
        count = 0 if result == ContactResult.REACHED else count + 1
    return count
