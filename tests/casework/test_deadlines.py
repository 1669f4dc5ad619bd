"""Statutory deadlines for DWP decisions: every expected date below was worked out by hand and
checked against the `holidays` England-and-Wales calendar, not computed by the code under test."""

from datetime import date

import pytest

from healthjustice.casework.deadlines import (
    Calculation,
    add_months,
    mandatory_reconsideration,
    tribunal_appeal,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 1, date(2028, 3, 29)),
        (date(2027, 1, 30), 1, date(2027, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 1, 31), 13, date(2027, 2, 28)),
        (date(2027, 1, 31), 13, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_a_month_ends_on_the_corresponding_date_or_the_last_day_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("decision", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2028, 2, 29), date(2028, 3, 29)),
        (date(2027, 1, 30), date(2027, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_reconsideration_is_due_one_calendar_month_after_the_decision(
    decision: date, due: date
) -> None:
    assert mandatory_reconsideration(decision_date=decision) == Calculation(
        due=due, late_limit=add_months(decision, 13), extended=False, awaiting_statement=False
    )


@pytest.mark.parametrize(
    ("decision", "late_limit"),
    [
        (date(2026, 1, 15), date(2027, 2, 15)),
        (date(2026, 1, 31), date(2027, 2, 28)),
        (date(2027, 1, 31), date(2028, 2, 29)),
        (date(2028, 2, 29), date(2029, 3, 29)),
        (date(2026, 12, 31), date(2028, 1, 31)),
    ],
)
def test_a_late_reconsideration_can_be_asked_for_up_to_13_months_after_the_decision(
    decision: date, late_limit: date
) -> None:
    assert mandatory_reconsideration(decision_date=decision).late_limit == late_limit


def test_reconsideration_dates_stay_on_a_bank_holiday() -> None:
    """No rule moves a reconsideration deadline off a non-working day: 25 December 2026 stands."""
    calculation = mandatory_reconsideration(decision_date=date(2026, 11, 25))

    assert calculation.due == date(2026, 12, 25)
    assert calculation.late_limit == date(2027, 12, 25)


@pytest.mark.parametrize(
    "provided",
    [date(2026, 2, 10), date(2026, 2, 15)],
    ids=["before-the-month-end", "on-the-month-end"],
)
def test_a_statement_provided_within_the_month_gives_14_days_after_the_month_end(
    provided: date,
) -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15),
        statement_requested_on=date(2026, 1, 20),
        statement_provided_on=provided,
    )

    assert calculation == Calculation(
        due=date(2026, 3, 1),
        late_limit=date(2027, 2, 15),
        extended=True,
        awaiting_statement=False,
    )


def test_a_statement_provided_after_the_month_gives_14_days_after_it_arrives() -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15),
        statement_requested_on=date(2026, 1, 20),
        statement_provided_on=date(2026, 2, 20),
    )

    assert calculation == Calculation(
        due=date(2026, 3, 6),
        late_limit=date(2027, 2, 15),
        extended=True,
        awaiting_statement=False,
    )


def test_a_statement_requested_on_the_last_day_of_the_month_still_extends() -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15),
        statement_requested_on=date(2026, 2, 15),
        statement_provided_on=date(2026, 2, 16),
    )

    assert calculation.due == date(2026, 3, 2)
    assert calculation.extended


def test_a_statement_requested_on_the_decision_date_extends() -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15),
        statement_requested_on=date(2026, 1, 15),
        statement_provided_on=date(2026, 1, 15),
    )

    assert calculation.due == date(2026, 3, 1)
    assert calculation.extended


@pytest.mark.parametrize(
    ("decision", "due"),
    [(date(2026, 1, 31), date(2026, 3, 14)), (date(2028, 1, 31), date(2028, 3, 14))],
    ids=["28-february", "29-february"],
)
def test_the_14_days_run_from_a_short_february_month_end(decision: date, due: date) -> None:
    calculation = mandatory_reconsideration(
        decision_date=decision,
        statement_requested_on=decision,
        statement_provided_on=decision,
    )

    assert calculation.due == due


def test_a_statement_not_yet_provided_gives_the_earliest_extended_date_and_says_so() -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15), statement_requested_on=date(2026, 1, 20)
    )

    assert calculation == Calculation(
        due=date(2026, 3, 1),
        late_limit=date(2027, 2, 15),
        extended=True,
        awaiting_statement=True,
    )


@pytest.mark.parametrize(
    "provided", [None, date(2026, 2, 20)], ids=["not-provided", "provided-later"]
)
def test_a_statement_requested_after_the_month_extends_nothing(provided: date | None) -> None:
    calculation = mandatory_reconsideration(
        decision_date=date(2026, 1, 15),
        statement_requested_on=date(2026, 2, 16),
        statement_provided_on=provided,
    )

    assert calculation == Calculation(
        due=date(2026, 2, 15),
        late_limit=date(2027, 2, 15),
        extended=False,
        awaiting_statement=False,
    )


@pytest.mark.parametrize(
    ("requested", "provided", "message"),
    [
        (None, date(2026, 2, 1), "without being requested"),
        (date(2026, 1, 20), date(2026, 1, 19), "before it was requested"),
        (date(2026, 1, 14), None, "before the decision date"),
    ],
    ids=["provided-not-requested", "provided-before-requested", "requested-before-decision"],
)
def test_impossible_statement_dates_are_refused_with_a_clear_error(
    requested: date | None, provided: date | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        mandatory_reconsideration(
            decision_date=date(2026, 1, 15),
            statement_requested_on=requested,
            statement_provided_on=provided,
        )


@pytest.mark.parametrize(
    ("notice", "due"),
    [
        (date(2026, 10, 3), date(2026, 11, 3)),
        (date(2026, 1, 15), date(2026, 2, 16)),
        (date(2026, 11, 25), date(2026, 12, 29)),
        (date(2026, 3, 3), date(2026, 4, 7)),
        (date(2026, 3, 6), date(2026, 4, 7)),
        (date(2026, 4, 4), date(2026, 5, 5)),
        (date(2026, 12, 1), date(2027, 1, 4)),
        (date(2027, 2, 28), date(2027, 3, 30)),
        (date(2027, 1, 31), date(2027, 3, 1)),
    ],
    ids=[
        "working-day",
        "sunday",
        "christmas-friday-then-substitute-boxing-day",
        "good-friday",
        "easter-monday",
        "early-may-bank-holiday",
        "new-year-friday",
        "sunday-then-easter-monday",
        "short-february-sunday",
    ],
)
def test_an_appeal_due_on_a_non_working_day_is_in_time_on_the_next_working_day(
    notice: date, due: date
) -> None:
    calculation = tribunal_appeal(reconsideration_notice_date=notice)

    assert calculation.due == due
    assert not calculation.extended
    assert not calculation.awaiting_statement


@pytest.mark.parametrize(
    ("notice", "late_limit"),
    [
        (date(2026, 10, 3), date(2027, 11, 3)),
        (date(2026, 11, 25), date(2027, 12, 29)),
        (date(2026, 3, 3), date(2027, 4, 5)),
        (date(2026, 12, 1), date(2028, 1, 4)),
        (date(2027, 1, 30), date(2028, 2, 28)),
        (date(2027, 1, 31), date(2028, 2, 28)),
    ],
    ids=[
        "working-day",
        "christmas-saturday-then-substitute-days",
        "saturday",
        "new-year-saturday-then-substitute-day",
        "twelve-months-after-a-short-february-not-thirteen-after-the-notice",
        "end-of-january",
    ],
)
def test_a_late_appeal_can_be_made_up_to_12_months_after_the_time_limit(
    notice: date, late_limit: date
) -> None:
    assert tribunal_appeal(reconsideration_notice_date=notice).late_limit == late_limit
