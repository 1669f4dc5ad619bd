"""What a screening page shows, in the interface's language."""

from dataclasses import dataclass

from healthjustice.referrals.models import Urgency
from healthjustice.screening.models import ScreeningResponse, UrgencyReason

URGENCY_TAG_COLOURS: dict[str, str] = {
    Urgency.URGENT: "red",
    Urgency.SOON: "orange",
    Urgency.ROUTINE: "grey",
}


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str


def answer_rows(screening: ScreeningResponse, language: str | None) -> list[AnswerRow]:
    """Each question answered, worded as the questionnaire words it in this language."""
    questions = {
        question.link_id: question for question in screening.questionnaire.definition.questions
    }
    rows = []
    for item in screening.fhir.get("item") or []:
        question = questions.get(item.get("linkId"))
        if question is None:
            continue
        answer = (item.get("answer") or [{}])[0]
        if "valueBoolean" in answer:
            value: bool | str = bool(answer["valueBoolean"])
        else:
            value = (answer.get("valueCoding") or {}).get("code", "")
        option = question.option_for(value)
        rows.append(
            AnswerRow(
                question=question.text.in_language(language),
                answer=option.label(language) if option else str(value),
            )
        )
    return rows


def urgency_tag_colour(screening: ScreeningResponse) -> str:
    return URGENCY_TAG_COLOURS.get(screening.urgency, "grey")


def needs_safeguarding(screening: ScreeningResponse) -> bool:
    return UrgencyReason.RISK_OF_HARM in screening.urgency_reasons
