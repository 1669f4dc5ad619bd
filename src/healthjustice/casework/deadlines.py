"""Statutory deadlines for challenging a DWP benefit decision.

Two steps, each with its own time limit:

1. Mandatory reconsideration: the Universal Credit, Personal Independence Payment, Jobseeker's
   Allowance and Employment and Support Allowance (Decisions and Appeals) Regulations 2013
   (SI 2013/381) regs 5 and 6, and for the older benefits the Social Security and Child Support
   (Decisions and Appeals) Regulations 1999 (SI 1999/991) regs 3 and 4.
2. Appeal to the First-tier Tribunal on form SSCS1: the Tribunal Procedure (First-tier Tribunal)
   (Social Entitlement Chamber) Rules 2008 (SI 2008/2685) rules 12 and 22.

Pure date arithmetic: nothing here reads or writes the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from healthjustice.core.working_days import next_working_day

STATEMENT_OF_REASONS_EXTENSION = timedelta(days=14)
LATE_REQUEST_MONTHS = 13
LATE_APPEAL_MONTHS = 12


@dataclass(frozen=True)
class Calculation:
    due: date
    """The last day to act in time."""
    late_limit: date
    """The last day a late request or appeal can still be made with good reason."""
    extended: bool
    """The written-statement-of-reasons extension applied."""
    awaiting_statement: bool
    """A statement of reasons was asked for in time but has not arrived: `due` is the earliest it
    can be, and it moves when the statement arrives."""


def add_months(day: date, months: int) -> date:
    """`day` moved on by whole calendar months, as UK courts count a month (the "corresponding date
    rule", Dodds v Walker [1981] 1 WLR 1027, HL; "month" means calendar month under the
    Interpretation Act 1978, Sch 1): the same day of the later month, or that month's last day when
    it is too short to have one (31 January + 1 month = 28 or 29 February)."""
    return day + relativedelta(months=months)


def mandatory_reconsideration(
    *,
    decision_date: date,
    statement_requested_on: date | None = None,
    statement_provided_on: date | None = None,
) -> Calculation:
    """When a mandatory reconsideration of a DWP decision must be asked for.

    Within one month of the decision (2013 Regs reg 5(1)(b)(i); 1999 Regs reg 3(1)(b)). A written
    statement of reasons asked for within that month gives 14 more days: from the end of the month
    when it arrives within the month (reg 5(1)(b)(ii)), from the day it arrives when it comes later
    (reg 5(1)(b)(iii)). One asked for after the month has ended extends nothing. A late request with
    good reason can still be made up to 13 months after the decision (2013 Regs reg 6; 1999 Regs
    reg 4). No rule moves these dates off a weekend or bank holiday, so they are not moved.
    """
    if statement_provided_on is not None and statement_requested_on is None:
        raise ValueError("A statement of reasons cannot be provided without being requested.")
    if statement_requested_on is not None and statement_requested_on < decision_date:
        raise ValueError("A statement of reasons cannot be requested before the decision date.")
    if (
        statement_provided_on is not None
        and statement_requested_on is not None
        and statement_provided_on < statement_requested_on
    ):
        raise ValueError("A statement of reasons cannot be provided before it was requested.")

    month_end = add_months(decision_date, 1)
    late_limit = add_months(decision_date, LATE_REQUEST_MONTHS)
    if statement_requested_on is None or statement_requested_on > month_end:
        return Calculation(
            due=month_end, late_limit=late_limit, extended=False, awaiting_statement=False
        )
    if statement_provided_on is None:
        return Calculation(
            due=month_end + STATEMENT_OF_REASONS_EXTENSION,
            late_limit=late_limit,
            extended=True,
            awaiting_statement=True,
        )
    return Calculation(
        due=max(month_end, statement_provided_on) + STATEMENT_OF_REASONS_EXTENSION,
        late_limit=late_limit,
        extended=True,
        awaiting_statement=False,
    )


def tribunal_appeal(*, reconsideration_notice_date: date) -> Calculation:
    """When an appeal (form SSCS1) must reach the tribunal after a mandatory reconsideration.

    Within one month after the reconsideration notice was sent (rule 22(2)(d)(i)). A late appeal can
    be admitted, but never more than 12 months beyond that month (rule 22(8)); this counts the 12
    months from the end of the month rather than 13 from the notice, because the two differ when
    the month ends on a short February (a notice of 30 January 2027: 28 February 2028, not the
    29th). A limit that ends on a day that is not a working day is met on the next working day
    (rule 12(2)).
    """
    time_limit = add_months(reconsideration_notice_date, 1)
    return Calculation(
        due=next_working_day(time_limit),
        late_limit=next_working_day(add_months(time_limit, LATE_APPEAL_MONTHS)),
        extended=False,
        awaiting_statement=False,
    )
