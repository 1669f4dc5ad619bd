"""The built-in questionnaire and the checks every questionnaire passes before it is stored."""

import json
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FHIRQuestionnaire

from healthjustice.organisations.models import AdviceTopic
from healthjustice.screening.defaults import (
    DEFAULT_QUESTIONNAIRE_PATH,
    default_questionnaire_fhir,
    default_questionnaire_id,
    ensure_default_questionnaire,
)
from healthjustice.screening.definitions import (
    NEED_URL,
    DefinitionError,
    parse_definition,
    questionnaire_validate,
)
from healthjustice.screening.models import Questionnaire
from healthjustice.screening.selectors import default_questionnaire
from tests.screening.factories import local_screen


def test_the_shipped_file_is_a_valid_fhir_r4_questionnaire() -> None:
    raw = json.loads(DEFAULT_QUESTIONNAIRE_PATH.read_text("utf-8"))
    resource = FHIRQuestionnaire.model_validate(raw)
    assert resource.version == "1.0.0"
    assert resource.status == "active"


def test_the_built_in_screen_asks_at_most_ten_questions_covering_every_advice_topic() -> None:
    definition = parse_definition(default_questionnaire_fhir())
    assert len(definition.questions) <= 10
    topics = {need for rule in definition.rules.rules for need in rule.needs}
    assert topics == set(AdviceTopic.values)


def test_every_question_and_answer_of_the_built_in_screen_is_in_welsh() -> None:
    definition = parse_definition(default_questionnaire_fhir())
    assert definition.title.in_language("cy") == "Sgrinio anghenion cyfreithiol y DU"
    for question in definition.questions:
        assert question.text.in_language("cy") != question.text.in_language("en-gb")
        for option in question.options:
            assert option.text is not None
            assert option.text.translations.get("cy"), (question.link_id, option.value)


def test_a_language_with_a_region_finds_its_translation() -> None:
    definition = parse_definition(default_questionnaire_fhir())
    assert definition.title.in_language("cy-GB") == "Sgrinio anghenion cyfreithiol y DU"
    assert definition.title.in_language("fr") == "UK legal needs screen"


@pytest.mark.django_db
def test_the_migration_stores_the_built_in_screen_once_with_a_fixed_id() -> None:
    stored = Questionnaire.objects.get(public_id=default_questionnaire_id())
    assert stored.partnership is None
    assert (stored.url, stored.version) == (
        "https://healthjustice.example/fhir/Questionnaire/uk-legal-needs",
        "1.0.0",
    )
    FHIRQuestionnaire.model_validate(stored.fhir)
    assert ensure_default_questionnaire() == stored
    assert default_questionnaire() == stored
    assert Questionnaire.objects.filter(url=stored.url).count() == 1


@pytest.mark.django_db
def test_the_built_in_screen_comes_back_if_the_database_lost_it() -> None:
    Questionnaire.objects.all().delete()
    assert default_questionnaire().public_id == default_questionnaire_id()


def _problems(data: Any) -> list[str]:
    with pytest.raises(DefinitionError) as error:
        questionnaire_validate(data)
    return error.value.problems


def _item(**fields: Any) -> dict[str, Any]:
    return {"linkId": "q1", "text": "A question?", "type": "boolean", **fields}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([1, 2], 'This is not a FHIR resource: expected an object with "resourceType".'),
        ({"resourceType": "Patient"}, "This is a FHIR Patient, not a Questionnaire."),
        (
            {"resourceType": "Questionnaire", "title": "T"},
            "Not valid FHIR at Questionnaire.status: a value is required.",
        ),
        (
            local_screen(colour="blue"),
            "Not valid FHIR at Questionnaire.colour: this is not an element of a FHIR R4 "
            "Questionnaire.",
        ),
        (
            local_screen(item=[{"linkId": "q1", "text": "A question?"}]),
            "Not valid FHIR at Questionnaire.item[0].type: a value is required.",
        ),
        (local_screen(url=None), "Give the questionnaire a canonical address (url)."),
        (local_screen(version=None), "Give the questionnaire a version."),
        (local_screen(title=None, _title=None), "Give the questionnaire a title."),
        (
            local_screen(status="unknown"),
            "The questionnaire's status must be draft, active or retired.",
        ),
        (local_screen(item=[]), "The questionnaire has no questions."),
        (
            local_screen(item=[_item(type="string")]),
            "Question q1 is of type string: only yes/no (boolean) and single-choice (choice) "
            "questions are supported.",
        ),
        (
            local_screen(item=[_item(), _item()]),
            "The linkId q1 is used by more than one question.",
        ),
        (
            local_screen(item=[_item(linkId="has space")]),
            "The linkId has space is not usable: use up to 64 letters, digits, dots, hyphens or "
            "underscores.",
        ),
        (
            local_screen(
                item=[
                    _item(
                        enableWhen=[{"question": "q0", "operator": "exists", "answerBoolean": True}]
                    )
                ]
            ),
            "Question q1 is conditional (enableWhen): conditions are not supported.",
        ),
        (
            local_screen(item=[_item(type="choice")]),
            "Question q1 needs its answers listed in the questionnaire (answerOption).",
        ),
        (
            local_screen(item=[_item(type="choice", answerOption=[{"valueString": "Yes"}])]),
            "Each answer option of question q1 needs a code (valueCoding.code).",
        ),
        (
            local_screen(item=[_item(extension=[{"url": NEED_URL, "valueCode": "pensions"}])]),
            "The answer yes to question q1 names an unknown advice topic pensions. Use one of: "
            "benefits, debt, housing, employment, education, community_care, immigration.",
        ),
    ],
)
def test_each_problem_is_named(data: Any, problem: str) -> None:
    assert problem in _problems(data)


def test_every_problem_is_reported_at_once() -> None:
    problems = _problems(local_screen(version=None, title=None, _title=None, status="unknown"))
    assert len(problems) == 3


def test_a_valid_questionnaire_is_returned_as_fhir_resources_serialises_it() -> None:
    stored = questionnaire_validate(local_screen())
    assert stored["url"] == "https://riverside.example/fhir/Questionnaire/cancer-care-screen"
    FHIRQuestionnaire.model_validate(stored)
    definition = parse_definition(stored)
    assert [question.link_id for question in definition.questions] == ["work", "energy"]
    assert definition.rules.reason_names["self-disconnected"].default == "Prepayment meter run out"
