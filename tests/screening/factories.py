"""Questionnaires, clients and screenings for the screening tests."""

import copy
from datetime import date
from typing import Any

import factory

from healthjustice.clients.models import Client
from healthjustice.referrals.models import Urgency
from healthjustice.screening.definitions import (
    NEED_URL,
    REASON_SYSTEM,
    TRANSLATION_URL,
    URGENCY_URL,
)
from healthjustice.screening.models import Questionnaire, ScreeningResponse
from healthjustice.screening.selectors import default_questionnaire
from tests.organisations.factories import OrganisationFactory

# The answers to the built-in screen that raise nothing at all.
ALL_NO = {
    "benefits": "no",
    "debt": "no",
    "housing": "no",
    "employment": "no",
    "education": "no",
    "community-care": "no",
    "immigration": "no",
    "no-money": "no",
    "deadlines": "no",
    "risk-of-harm": "no",
}


def welsh(text: str) -> dict[str, Any]:
    return {
        "extension": [
            {
                "url": TRANSLATION_URL,
                "extension": [
                    {"url": "lang", "valueCode": "cy"},
                    {"url": "content", "valueString": text},
                ],
            }
        ]
    }


def urgency(level: str, code: str, display: str, *, system: str = REASON_SYSTEM) -> dict[str, Any]:
    return {
        "url": URGENCY_URL,
        "extension": [
            {"url": "level", "valueCode": level},
            {"url": "reason", "valueCoding": {"system": system, "code": code, "display": display}},
        ],
    }


# A partnership's own short screen: a yes/no question and a choice with a reason of its own.
LOCAL_SCREEN: dict[str, Any] = {
    "resourceType": "Questionnaire",
    "url": "https://riverside.example/fhir/Questionnaire/cancer-care-screen",
    "version": "2.1.0",
    "title": "Cancer care money screen",
    "_title": welsh("Sgrinio arian gofal canser"),
    "status": "active",
    "item": [
        {
            "linkId": "work",
            "text": "Has treatment affected your work?",
            "_text": welsh("Ydy triniaeth wedi effeithio ar eich gwaith?"),
            "type": "boolean",
            "required": True,
            "extension": [{"url": NEED_URL, "valueCode": "employment"}],
        },
        {
            "linkId": "energy",
            "text": "Can you pay for energy this month?",
            "_text": welsh("Allwch chi dalu am ynni y mis hwn?"),
            "type": "choice",
            "required": True,
            "answerOption": [
                {"valueCoding": {"code": "yes", "display": "Yes", "_display": welsh("Gallaf")}},
                {
                    "valueCoding": {
                        "code": "prepay-off",
                        "display": "No, the prepayment meter has run out",
                        "_display": welsh("Na, mae'r mesurydd rhagdalu wedi dod i ben"),
                    },
                    "extension": [
                        {"url": NEED_URL, "valueCode": "debt"},
                        {"url": NEED_URL, "valueCode": "benefits"},
                        {
                            **urgency(
                                "urgent",
                                "self-disconnected",
                                "Prepayment meter run out",
                                system="https://riverside.example/fhir/CodeSystem/reasons",
                            )
                        },
                    ],
                },
            ],
        },
    ],
}


def local_screen(**changes: Any) -> dict[str, Any]:
    screen = copy.deepcopy(LOCAL_SCREEN)
    screen.update(changes)
    return screen


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory, health=True)
    given_name = factory.Sequence(lambda n: f"Sam{n}")
    family_name = factory.Sequence(lambda n: f"Screened{n}")
    date_of_birth = date(1968, 3, 2)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """An imported questionnaire; `fhir` is the partnership's own short screen."""

    class Meta:
        model = Questionnaire

    fhir = factory.LazyFunction(local_screen)
    url = factory.LazyAttribute(lambda q: q.fhir["url"])
    version = factory.LazyAttribute(lambda q: q.fhir["version"])
    title = factory.LazyAttribute(lambda q: q.fhir["title"])
    status = factory.LazyAttribute(lambda q: q.fhir["status"])


class ScreeningResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningResponse

    client = factory.SubFactory(ClientFactory)
    organisation = factory.SelfAttribute("client.organisation")
    questionnaire = factory.LazyFunction(default_questionnaire)
    fhir = factory.LazyFunction(dict)
    needs = factory.LazyFunction(lambda: ["benefits"])
    urgency = Urgency.ROUTINE
