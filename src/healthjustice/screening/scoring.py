"""From answers to needs and urgency: a pure function of the questionnaire's own rules.

Each rule says what one answer to one question means: advice topics the client needs help with,
and possibly an urgency ("urgent" or "soon") with a reason code. Any urgent answer makes the
screening urgent, its reasons being the urgent answers given; otherwise any "soon" answer makes it
soon; otherwise it is routine, with no reason.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from healthjustice.organisations.models import AdviceTopic
from healthjustice.referrals.models import Urgency

Answer = bool | str


@dataclass(frozen=True)
class Rule:
    link_id: str
    answer: Answer
    needs: tuple[str, ...] = ()
    urgency: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Result:
    needs: list[str]
    urgency: str
    reasons: list[str]


def score(rules: tuple[Rule, ...], answers: Mapping[str, Answer]) -> Result:
    """Rules are taken in questionnaire order, so reasons are listed in the order asked."""
    matched = [
        rule
        for rule in rules
        if rule.link_id in answers and _same(answers[rule.link_id], rule.answer)
    ]
    needs = {need for rule in matched for need in rule.needs}
    for urgency in (Urgency.URGENT, Urgency.SOON):
        if any(rule.urgency == urgency for rule in matched):
            reasons = _unique(rule.reason for rule in matched if rule.urgency == urgency)
            return Result(needs=_in_topic_order(needs), urgency=urgency, reasons=reasons)
    return Result(needs=_in_topic_order(needs), urgency=Urgency.ROUTINE, reasons=[])


def _same(given: Answer, expected: Answer) -> bool:
    # True == 1 in Python: a boolean rule must not match a coded answer, nor the reverse.
    return type(given) is type(expected) and given == expected


def _in_topic_order(needs: set[str]) -> list[str]:
    return [topic for topic in AdviceTopic.values if topic in needs]


def _unique(reasons: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for reason in reasons:
        if reason and reason not in seen:
            seen.append(reason)
    return seen
