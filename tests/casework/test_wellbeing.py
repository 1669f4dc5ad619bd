"""SWEMWBS scoring: the raw total from seven answers and the published Rasch metric conversion."""

from decimal import Decimal
from itertools import pairwise

import pytest

from healthjustice.casework.wellbeing import (
    ANSWERS,
    ITEMS,
    METRIC_SCORE,
    metric_score,
    raw_score,
)

# Transcribed from Warwick Medical School's SWEMWBS conversion table, independently of the module.
PUBLISHED = {
    7: "7.00",
    8: "9.51",
    9: "11.25",
    10: "12.40",
    11: "13.33",
    12: "14.08",
    13: "14.75",
    14: "15.32",
    15: "15.84",
    16: "16.36",
    17: "16.88",
    18: "17.43",
    19: "17.98",
    20: "18.59",
    21: "19.25",
    22: "19.98",
    23: "20.73",
    24: "21.54",
    25: "22.35",
    26: "23.21",
    27: "24.11",
    28: "25.03",
    29: "26.02",
    30: "27.03",
    31: "28.13",
    32: "29.31",
    33: "30.70",
    34: "32.55",
    35: "35.00",
}

CODES = [
    "optimistic",
    "useful",
    "relaxed",
    "dealing_with_problems",
    "thinking_clearly",
    "close_to_others",
    "own_mind",
]


def _answers(**overrides: int) -> dict[str, int]:
    return {code: 3 for code in CODES} | overrides


@pytest.mark.parametrize(("raw", "metric"), PUBLISHED.items())
def test_every_raw_score_converts_to_the_published_metric_score(raw: int, metric: str) -> None:
    assert metric_score(raw) == Decimal(metric)


def test_the_table_has_exactly_the_raw_scores_7_to_35() -> None:
    assert sorted(METRIC_SCORE) == list(range(7, 36))


def test_a_higher_raw_score_always_converts_to_a_higher_metric_score() -> None:
    metrics = [METRIC_SCORE[raw] for raw in range(7, 36)]

    assert all(lower < higher for lower, higher in pairwise(metrics))


@pytest.mark.parametrize("raw", [0, 6, 36, -7])
def test_a_raw_score_outside_7_to_35_is_refused(raw: int) -> None:
    with pytest.raises(ValueError, match=f"7 to 35, not {raw}"):
        metric_score(raw)


def test_the_seven_statements_and_five_answers_are_in_the_published_order() -> None:
    assert [code for code, _text in ITEMS] == CODES
    assert str(ITEMS[0][1]) == "I've been feeling optimistic about the future"
    assert str(ITEMS[6][1]) == "I've been able to make up my own mind about things"
    assert [(value, str(text)) for value, text in ANSWERS] == [
        (1, "None of the time"),
        (2, "Rarely"),
        (3, "Some of the time"),
        (4, "Often"),
        (5, "All of the time"),
    ]


@pytest.mark.parametrize(
    ("answers", "raw"),
    [
        ({code: 1 for code in CODES}, 7),
        ({code: 5 for code in CODES}, 35),
        (_answers(), 21),
        (_answers(optimistic=1, own_mind=5, relaxed=4), 22),
    ],
    ids=["lowest", "highest", "middle", "mixed"],
)
def test_the_raw_score_is_the_total_of_the_answers(answers: dict[str, int], raw: int) -> None:
    assert raw_score(answers) == raw


def test_a_missing_answer_is_named() -> None:
    answers = _answers()
    del answers["thinking_clearly"]

    with pytest.raises(ValueError, match="missing: thinking_clearly"):
        raw_score(answers)


def test_an_unknown_statement_is_named() -> None:
    with pytest.raises(ValueError, match="not SWEMWBS statements: happy"):
        raw_score(_answers() | {"happy": 3})


@pytest.mark.parametrize(
    "answer", [0, 6, -1, True, 3.0, "3"], ids=["0", "6", "-1", "bool", "float", "text"]
)
def test_an_answer_that_is_not_a_whole_number_from_1_to_5_is_named(answer: object) -> None:
    answers: dict[str, object] = {**_answers(), "useful": answer}

    with pytest.raises(ValueError, match="from 1 to 5; check: useful"):
        raw_score(answers)  # type: ignore[arg-type]
