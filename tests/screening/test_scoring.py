"""What each answer to the built-in screen means: exact needs, urgency and reasons."""

import pytest

from healthjustice.referrals.models import Urgency
from healthjustice.screening.defaults import default_questionnaire_fhir
from healthjustice.screening.definitions import parse_definition
from healthjustice.screening.models import UrgencyReason
from healthjustice.screening.scoring import Result, Rule, score
from tests.screening.factories import ALL_NO

RULES = parse_definition(default_questionnaire_fhir()).rules.rules


def _score(**answers: str) -> Result:
    return score(
        RULES, {**ALL_NO, **{key.replace("_", "-"): value for key, value in answers.items()}}
    )


# (answers that differ from "no" to everything, needs, urgency, reasons)
CASES = [
    ({}, [], Urgency.ROUTINE, []),
    # Each topic answered yes, with nothing urgent.
    ({"benefits": "yes"}, ["benefits"], Urgency.ROUTINE, []),
    ({"debt": "yes"}, ["debt"], Urgency.ROUTINE, []),
    ({"housing": "yes"}, ["housing"], Urgency.ROUTINE, []),
    ({"employment": "yes"}, ["employment"], Urgency.ROUTINE, []),
    ({"education": "yes"}, ["education"], Urgency.ROUTINE, []),
    ({"community_care": "yes"}, ["community_care"], Urgency.ROUTINE, []),
    ({"immigration": "yes"}, ["immigration"], Urgency.ROUTINE, []),
    # Each urgent trigger, named as the reason.
    ({"housing": "eviction"}, ["housing"], Urgency.URGENT, [UrgencyReason.EVICTION]),
    ({"deadlines": "court"}, [], Urgency.URGENT, [UrgencyReason.COURT_DATE]),
    ({"no_money": "yes"}, ["benefits"], Urgency.URGENT, [UrgencyReason.NO_MONEY]),
    ({"benefits": "stopped"}, ["benefits"], Urgency.URGENT, [UrgencyReason.BENEFIT_STOPPED]),
    (
        {"immigration": "deadline"},
        ["immigration"],
        Urgency.URGENT,
        [UrgencyReason.IMMIGRATION_DEADLINE],
    ),
    ({"risk_of_harm": "yes"}, [], Urgency.URGENT, [UrgencyReason.RISK_OF_HARM]),
    # Each "soon" condition.
    ({"debt": "bailiffs"}, ["debt"], Urgency.SOON, [UrgencyReason.BAILIFFS]),
    ({"deadlines": "deadline"}, [], Urgency.SOON, [UrgencyReason.DEADLINE_WITHIN_MONTH]),
]


@pytest.mark.parametrize(("answers", "needs", "urgency", "reasons"), CASES)
def test_each_answer_gives_exactly_its_needs_urgency_and_reasons(
    answers: dict[str, str], needs: list[str], urgency: str, reasons: list[str]
) -> None:
    assert _score(**answers) == Result(needs=needs, urgency=urgency, reasons=reasons)


def test_every_reason_of_the_built_in_screen_has_a_case_above() -> None:
    in_rules = {rule.reason for rule in RULES if rule.reason}
    tested = {reason for *_, reasons in CASES for reason in reasons}
    assert in_rules == tested == set(UrgencyReason.values)


def test_urgent_outranks_soon_and_lists_only_the_urgent_reasons() -> None:
    assert _score(housing="eviction", debt="bailiffs", deadlines="deadline") == Result(
        needs=["debt", "housing"], urgency=Urgency.URGENT, reasons=[UrgencyReason.EVICTION]
    )


def test_several_urgent_triggers_are_all_named_in_the_order_asked() -> None:
    result = _score(
        risk_of_harm="yes",
        benefits="stopped",
        deadlines="court",
        housing="eviction",
        no_money="yes",
    )
    assert result == Result(
        needs=["benefits", "housing"],
        urgency=Urgency.URGENT,
        reasons=[
            UrgencyReason.BENEFIT_STOPPED,
            UrgencyReason.EVICTION,
            UrgencyReason.NO_MONEY,
            UrgencyReason.COURT_DATE,
            UrgencyReason.RISK_OF_HARM,
        ],
    )


def test_several_soon_conditions_are_all_named() -> None:
    assert _score(debt="bailiffs", deadlines="deadline") == Result(
        needs=["debt"],
        urgency=Urgency.SOON,
        reasons=[UrgencyReason.BAILIFFS, UrgencyReason.DEADLINE_WITHIN_MONTH],
    )


def test_needs_are_listed_in_the_order_of_the_advice_topics() -> None:
    everything = {
        "immigration": "yes",
        "community_care": "yes",
        "education": "yes",
        "employment": "yes",
        "housing": "yes",
        "debt": "yes",
        "benefits": "yes",
    }
    assert _score(**everything).needs == [
        "benefits",
        "debt",
        "housing",
        "employment",
        "education",
        "community_care",
        "immigration",
    ]


def test_a_need_reached_twice_is_listed_once() -> None:
    assert _score(benefits="stopped", no_money="yes").needs == ["benefits"]


def test_unanswered_questions_mean_nothing() -> None:
    assert score(RULES, {}) == Result(needs=[], urgency=Urgency.ROUTINE, reasons=[])


def test_a_yes_no_rule_matches_only_a_yes_no_answer() -> None:
    rules = (Rule(link_id="q", answer=True, needs=("debt",), urgency="urgent", reason="r"),)
    assert score(rules, {"q": True}) == Result(needs=["debt"], urgency="urgent", reasons=["r"])
    assert score(rules, {"q": False}).needs == []
    # "yes" and 1 are not the boolean true.
    assert score(rules, {"q": "yes"}).needs == []
    assert score(rules, {"q": 1}).needs == []  # type: ignore[dict-item]
