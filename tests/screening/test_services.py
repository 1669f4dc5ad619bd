"""The screening services refuse what the pages would never send, and change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from healthjustice.screening.models import ScreeningResponse
from healthjustice.screening.selectors import default_questionnaire
from healthjustice.screening.services import partnership_questionnaire_choose, screening_record
from tests.conftest import Tenant
from tests.screening.factories import ALL_NO, ClientFactory, QuestionnaireFactory, local_screen

pytestmark = pytest.mark.django_db


def _request(tenant: Tenant) -> object:
    request = RequestFactory().post("/")
    request.user = tenant.referrer.user
    request.membership = tenant.referrer  # type: ignore[attr-defined]
    return request


def _record(tenant: Tenant, answers: dict[str, object], **kwargs: object) -> ScreeningResponse:
    options = {
        "request": _request(tenant),
        "client": ClientFactory(organisation=tenant.health),
        "questionnaire": default_questionnaire(),
        "answers": answers,
        **kwargs,
    }
    return screening_record(**options)  # type: ignore[arg-type]


def test_a_missing_answer_is_named_by_its_question(own: Tenant) -> None:
    answers = dict(ALL_NO)
    del answers["debt"]
    with pytest.raises(ValidationError) as error:
        _record(own, answers)
    assert error.value.message_dict == {"debt": ["Answer this question."]}
    assert not ScreeningResponse.objects.exists()


def test_an_answer_not_offered_or_to_an_unknown_question_is_refused(own: Tenant) -> None:
    with pytest.raises(ValidationError) as error:
        _record(own, {**ALL_NO, "debt": True, "pets": "yes"})
    assert error.value.message_dict == {
        "__all__": ["An answer was given to a question not in the questionnaire."],
        "debt": ["Choose one of the answers."],
    }
    assert not ScreeningResponse.objects.exists()


def test_a_retired_questionnaire_is_not_used(own: Tenant) -> None:
    retired = QuestionnaireFactory(fhir=local_screen(status="retired"))
    with pytest.raises(ValidationError):
        _record(own, {"work": True, "energy": "yes"}, questionnaire=retired)


def test_a_client_of_another_organisation_cannot_be_screened(own: Tenant, other: Tenant) -> None:
    with pytest.raises(PermissionDenied):
        _record(own, ALL_NO, client=ClientFactory(organisation=other.health))
    assert not ScreeningResponse.objects.exists()


def test_a_yes_no_question_is_answered_true_or_false(own: Tenant) -> None:
    local = QuestionnaireFactory()
    screening = _record(own, {"work": False, "energy": "yes"}, questionnaire=local)
    work = next(item for item in screening.fhir["item"] if item["linkId"] == "work")
    assert work["answer"] == [{"valueBoolean": False}]
    assert (screening.needs, screening.urgency) == ([], "routine")


def test_another_partnerships_questionnaire_cannot_be_chosen(own: Tenant, other: Tenant) -> None:
    theirs = QuestionnaireFactory(partnership=other.partnership)
    with pytest.raises(ValidationError):
        partnership_questionnaire_choose(
            request=None, partnership=own.partnership, questionnaire=theirs
        )
