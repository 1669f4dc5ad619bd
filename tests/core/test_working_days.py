"""Working days in England and Wales: every date below was checked against the published bank
holidays (and the `holidays` calendar) by hand, not computed by the code under test."""

from datetime import date

import pytest

from healthjustice.core.working_days import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 2), date(2026, 1, 5), date(2026, 4, 7), date(2026, 12, 24), date(2026, 12, 29)],
    ids=["friday", "monday", "tuesday-after-easter", "christmas-eve", "after-boxing-day"],
)
def test_an_ordinary_weekday_is_a_working_day(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 3),
        date(2026, 1, 4),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2023, 5, 8),
        date(2022, 9, 19),
    ],
    ids=[
        "saturday",
        "sunday",
        "new-year",
        "good-friday",
        "easter-monday",
        "early-may",
        "spring",
        "late-summer",
        "christmas-friday",
        "substitute-boxing-day",
        "coronation-2023",
        "state-funeral-2022",
    ],
)
def test_weekends_and_england_and_wales_bank_holidays_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 2), date(2026, 3, 17), date(2026, 8, 3)],
    ids=["scottish-2-january", "northern-irish-st-patrick", "scottish-summer"],
)
def test_bank_holidays_only_elsewhere_in_the_uk_are_working_days(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 10), date(2026, 6, 10)),
        (date(2026, 6, 13), date(2026, 6, 15)),
        (date(2026, 4, 3), date(2026, 4, 7)),
        (date(2026, 12, 25), date(2026, 12, 29)),
        (date(2027, 12, 25), date(2027, 12, 29)),
        (date(2027, 12, 31), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 1, 4)),
    ],
    ids=[
        "working-day-itself",
        "saturday",
        "easter",
        "christmas-2026",
        "christmas-2027-both-substitutes",
        "new-year-eve-friday",
        "new-year-saturday-then-substitute-monday",
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 6, 10), 0, date(2026, 6, 10)),
        (date(2026, 6, 10), 1, date(2026, 6, 11)),
        (date(2026, 6, 12), 1, date(2026, 6, 15)),
        (date(2026, 6, 10), 10, date(2026, 6, 24)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 5, 1), 1, date(2026, 5, 5)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
    ],
    ids=[
        "none",
        "next-day",
        "over-a-weekend",
        "two-weeks",
        "over-christmas",
        "over-christmas-and-new-year",
        "over-easter",
        "over-early-may",
        "over-the-coronation",
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 6, 10), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 6, 12), date(2026, 6, 15), 1),
        (date(2026, 6, 10), date(2026, 6, 10), 0),
        (date(2026, 6, 10), date(2026, 6, 9), 0),
        (date(2026, 6, 13), date(2026, 6, 14), 0),
        (date(2026, 6, 10), date(2026, 6, 24), 10),
        (date(2026, 12, 24), date(2026, 12, 31), 3),
        (date(2026, 12, 31), date(2027, 1, 4), 1),
        (date(2026, 4, 2), date(2026, 4, 7), 1),
        (date(2023, 5, 5), date(2023, 5, 9), 1),
    ],
    ids=[
        "friday-to-monday",
        "same-day",
        "end-before-start",
        "weekend-only",
        "two-weeks",
        "christmas-week",
        "over-new-year",
        "over-easter",
        "over-the-coronation",
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("days", [1, 5, 20, 260])
def test_counting_the_days_added_gives_the_count_back(days: int) -> None:
    start = date(2026, 12, 18)

    assert working_days_between(start, add_working_days(start, days)) == days
