"""Recurring awards are recorded weekly and reported as a year's worth (52 weeks), to the penny."""

from decimal import Decimal

import pytest

from healthjustice.casework.services import annualise


@pytest.mark.parametrize(
    ("weekly", "yearly"),
    [
        ("95.50", "4966.00"),
        ("0.01", "0.52"),
        ("1.00", "52.00"),
        ("72.65", "3777.80"),  # the standard PIP daily living rate of 2024-25
        ("108.55", "5644.60"),  # the enhanced PIP daily living rate of 2024-25
        ("123.45", "6419.40"),
    ],
)
def test_a_weekly_amount_is_reported_as_fifty_two_weeks(weekly: str, yearly: str) -> None:
    assert annualise(Decimal(weekly)) == Decimal(yearly)


def test_the_annual_figure_keeps_pence_not_fractions_of_them() -> None:
    assert annualise(Decimal("33.333")).as_tuple().exponent == -2
