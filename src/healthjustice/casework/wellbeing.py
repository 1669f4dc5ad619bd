"""The Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS).

Seven statements, each answered on a five-point scale about the last two weeks. The raw total
(7 to 35) is not on an interval scale, so it is converted to a metric score with the published
Rasch conversion table before change is measured or averaged:

    Stewart-Brown S, Tennant A, Tennant R, Platt S, Parkinson J, Weich S. Internal construct
    validity of the Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a Rasch analysis using
    data from the Scottish Health Education Population Survey. Health Qual Life Outcomes
    2009;7:15.

The table itself is published by Warwick Medical School in its SWEMWBS scoring guidance,
https://warwick.ac.uk/fac/sci/med/research/platform/wemwbs/.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ITEMS: list[tuple[str, Promise]] = [
    ("optimistic", _("I've been feeling optimistic about the future")),
    ("useful", _("I've been feeling useful")),
    ("relaxed", _("I've been feeling relaxed")),
    ("dealing_with_problems", _("I've been dealing with problems well")),
    ("thinking_clearly", _("I've been thinking clearly")),
    ("close_to_others", _("I've been feeling close to other people")),
    ("own_mind", _("I've been able to make up my own mind about things")),
]

ANSWERS: list[tuple[int, Promise]] = [
    (1, _("None of the time")),
    (2, _("Rarely")),
    (3, _("Some of the time")),
    (4, _("Often")),
    (5, _("All of the time")),
]

METRIC_SCORE: dict[int, Decimal] = {
    7: Decimal("7.00"),
    8: Decimal("9.51"),
    9: Decimal("11.25"),
    10: Decimal("12.40"),
    11: Decimal("13.33"),
    12: Decimal("14.08"),
    13: Decimal("14.75"),
    14: Decimal("15.32"),
    15: Decimal("15.84"),
    16: Decimal("16.36"),
    17: Decimal("16.88"),
    18: Decimal("17.43"),
    19: Decimal("17.98"),
    20: Decimal("18.59"),
    21: Decimal("19.25"),
    22: Decimal("19.98"),
    23: Decimal("20.73"),
    24: Decimal("21.54"),
    25: Decimal("22.35"),
    26: Decimal("23.21"),
    27: Decimal("24.11"),
    28: Decimal("25.03"),
    29: Decimal("26.02"),
    30: Decimal("27.03"),
    31: Decimal("28.13"),
    32: Decimal("29.31"),
    33: Decimal("30.70"),
    34: Decimal("32.55"),
    35: Decimal("35.00"),
}

_ITEM_CODES = [code for code, _text in ITEMS]
_ANSWER_VALUES = {value for value, _text in ANSWERS}


def raw_score(answers: Mapping[str, int]) -> int:
    """The raw total of a complete set of answers. A missing item cannot be imputed: the scale is
    only validated with all seven answered."""
    missing = [code for code in _ITEM_CODES if code not in answers]
    if missing:
        raise ValueError(f"Every statement needs an answer; missing: {', '.join(missing)}.")
    unknown = sorted(set(answers) - set(_ITEM_CODES))
    if unknown:
        raise ValueError(f"These are not SWEMWBS statements: {', '.join(unknown)}.")
    # An exact type check, because True and 3.0 compare equal to answers 1 and 3.
    out_of_range = [
        code
        for code in _ITEM_CODES
        if type(answers[code]) is not int or answers[code] not in _ANSWER_VALUES
    ]
    if out_of_range:
        raise ValueError(
            f"Each answer must be a whole number from 1 to 5; check: {', '.join(out_of_range)}."
        )
    return sum(answers[code] for code in _ITEM_CODES)


def metric_score(raw: int) -> Decimal:
    try:
        return METRIC_SCORE[raw]
    except KeyError:
        raise ValueError(f"A SWEMWBS raw score is from 7 to 35, not {raw}.") from None
