"""Screening a client from the screen page to the result, in English and Welsh."""

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.models import Urgency
from healthjustice.screening.models import PartnershipQuestionnaire, ScreeningResponse
from healthjustice.screening.selectors import default_questionnaire
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import OrganisationFactory, PartnershipFactory
from tests.screening.factories import ALL_NO, ClientFactory, QuestionnaireFactory, local_screen

pytestmark = pytest.mark.django_db


def _screen_url(client: object) -> str:
    return reverse("screening:screen", kwargs={"client_id": client.public_id})  # type: ignore[attr-defined]


def _post(answers: dict[str, str], questionnaire_id: object = None) -> dict[str, str]:
    data = {f"answer-{link_id}": value for link_id, value in answers.items()}
    data["questionnaire"] = str(questionnaire_id or default_questionnaire().public_id)
    return data


def _welsh(browser: Browser) -> Browser:
    browser.cookies["hj_language"] = "cy"
    return browser


def test_the_screen_asks_every_question_of_the_built_in_screen(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    response = signed_in_client(own.referrer).get(_screen_url(client))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Screen for legal needs" in page
    assert client.full_name in page
    assert "Right now, are you without money for food, heating or electricity?" in page
    assert page.count('type="radio"') == 25
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(client.public_id), actor=own.referrer.user
    ).exists()


def test_the_screen_is_in_welsh_when_the_interface_is(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    page = _welsh(signed_in_client(own.referrer)).get(_screen_url(client)).content.decode()
    assert "Sgrinio am anghenion cyfreithiol" in page
    assert "Ar hyn o bryd, ydych chi heb arian ar gyfer bwyd, gwres neu drydan?" in page
    assert "Right now, are you without money" not in page


def test_screening_records_needs_urgency_and_a_valid_questionnaire_response(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    answers = {**ALL_NO, "housing": "eviction", "debt": "yes", "employment": "yes"}

    response = browser.post(_screen_url(client), _post(answers))

    screening = ScreeningResponse.objects.get(client=client)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "screening:result",
        kwargs={"client_id": client.public_id, "screening_id": screening.public_id},
    )
    assert screening.needs == ["debt", "housing", "employment"]
    assert screening.urgency == Urgency.URGENT
    assert screening.urgency_reasons == ["eviction"]
    assert screening.organisation == own.health
    assert screening.completed_by == own.referrer.user
    resource = QuestionnaireResponse.model_validate(screening.fhir)
    assert resource.status == "completed"
    assert resource.questionnaire == default_questionnaire().canonical
    assert resource.subject.reference == f"Patient/{client.public_id}"
    housing = next(item for item in resource.item if item.linkId == "housing")
    assert housing.answer[0].valueCoding.code == "eviction"
    assert len(resource.item) == 10
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(screening.public_id)
    ).exists()


def test_the_result_shows_needs_urgency_and_why_and_is_audited(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    answers = {**ALL_NO, "benefits": "stopped", "deadlines": "court"}
    result_url = browser.post(_screen_url(client), _post(answers))["Location"]

    page = browser.get(result_url).content.decode()

    screening = ScreeningResponse.objects.get(client=client)
    assert "Welfare benefits" in page
    assert "Urgent" in page
    assert "Benefit stopped, reduced or sanctioned" in page
    assert "Court or tribunal date" in page
    assert "Yes, a benefit has been stopped, reduced or sanctioned" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(screening.public_id), actor=own.referrer.user
    ).exists()
    referral = reverse("referrals:referral_create", kwargs={"client_id": client.public_id})
    assert f"{referral}?screening={screening.public_id}" in page


def test_the_result_is_in_welsh_when_the_interface_is(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = _welsh(signed_in_client(own.referrer))
    result_url = browser.post(_screen_url(client), _post({**ALL_NO, "housing": "eviction"}))[
        "Location"
    ]
    page = browser.get(result_url).content.decode()
    assert "Canlyniad y sgrinio" in page
    assert "Hysbysiad troi allan neu feddiannu" in page
    assert "Eviction or possession notice" not in page


def test_a_routine_result_says_nothing_urgent_was_reported(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    page = browser.get(browser.post(_screen_url(client), _post(ALL_NO))["Location"])
    content = page.content.decode()
    assert "Routine" in content
    assert "No urgent problem or deadline was reported." in content
    assert "No advice topic was identified from the answers." in content


def test_risk_of_harm_points_to_safeguarding(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    page = browser.get(
        browser.post(_screen_url(client), _post({**ALL_NO, "risk-of-harm": "yes"}))["Location"]
    )
    assert "safeguarding procedure" in page.content.decode()


def test_unanswered_questions_are_named_and_nothing_is_saved(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    answers = dict(ALL_NO)
    del answers["immigration"]
    response = signed_in_client(own.referrer).post(_screen_url(client), _post(answers))
    assert response.status_code == 400
    assert (
        "Select an answer to: Do you have a question or problem about your immigration status"
        in response.content.decode()
    )
    assert not ScreeningResponse.objects.exists()


def test_an_answer_the_question_does_not_offer_is_refused(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    response = signed_in_client(own.referrer).post(
        _screen_url(client), _post({**ALL_NO, "debt": "maybe"})
    )
    assert response.status_code == 400
    assert not ScreeningResponse.objects.exists()


def test_advisers_screen_their_own_organisations_clients(own: Tenant) -> None:
    client = ClientFactory(organisation=own.advice)
    response = signed_in_client(own.adviser).post(
        _screen_url(client), _post({**ALL_NO, "debt": "bailiffs"})
    )
    assert response.status_code == 302
    screening = ScreeningResponse.objects.get(client=client)
    assert (screening.urgency, screening.urgency_reasons) == (Urgency.SOON, ["bailiffs"])


def test_another_organisations_client_and_screening_are_not_found(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    result_url = browser.post(_screen_url(client), _post(ALL_NO))["Location"]
    adviser = signed_in_client(own.adviser)
    assert adviser.get(_screen_url(client)).status_code == 404
    assert adviser.post(_screen_url(client), _post(ALL_NO)).status_code == 404
    assert adviser.get(result_url).status_code == 404
    assert ScreeningResponse.objects.count() == 1


def test_a_screening_is_found_only_under_its_own_client(own: Tenant) -> None:
    first, second = ClientFactory.create_batch(2, organisation=own.health)
    browser = signed_in_client(own.referrer)
    browser.post(_screen_url(first), _post(ALL_NO))
    screening = ScreeningResponse.objects.get(client=first)
    wrong = reverse(
        "screening:result",
        kwargs={"client_id": second.public_id, "screening_id": screening.public_id},
    )
    assert browser.get(wrong).status_code == 404


def test_the_screen_uses_the_questionnaire_of_the_organisations_partnership(own: Tenant) -> None:
    local = QuestionnaireFactory(partnership=own.partnership)
    PartnershipQuestionnaire.objects.create(partnership=own.partnership, questionnaire=local)
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    page = browser.get(_screen_url(client)).content.decode()
    assert "Has treatment affected your work?" in page
    assert "Right now, are you without money" not in page

    response = browser.post(
        _screen_url(client), _post({"work": "yes", "energy": "prepay-off"}, local.public_id)
    )
    assert response.status_code == 302
    screening = ScreeningResponse.objects.get(client=client)
    assert screening.questionnaire == local
    assert screening.needs == ["benefits", "debt", "employment"]
    assert (screening.urgency, screening.urgency_reasons) == (Urgency.URGENT, ["self-disconnected"])
    # A reason of the questionnaire's own is shown as the questionnaire names it.
    page = browser.get(response["Location"]).content.decode()
    assert "Prepayment meter run out" in page


def test_an_organisation_in_partnerships_with_different_questionnaires_can_use_each(
    own: Tenant,
) -> None:
    local = QuestionnaireFactory(partnership=own.partnership)
    PartnershipQuestionnaire.objects.create(partnership=own.partnership, questionnaire=local)
    PartnershipFactory(name="Another partnership", members=[own.health])  # uses the default
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)

    first = browser.get(_screen_url(client)).content.decode()
    assert "Your organisation's partnerships use different questionnaires." in first
    other = browser.get(f"{_screen_url(client)}?questionnaire={local.public_id}")
    assert "Has treatment affected your work?" in other.content.decode()


BUDGET = 20


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_screen_and_result_pages_run_a_fixed_number_of_queries(own: Tenant) -> None:
    client = ClientFactory(organisation=own.health)
    browser = signed_in_client(own.referrer)
    result_url = browser.post(_screen_url(client), _post({**ALL_NO, "debt": "yes"}))["Location"]

    def grow(count: int) -> None:
        for _ in range(count):
            partnership = PartnershipFactory(
                coordinating_organisation=OrganisationFactory(advice=True), members=[own.health]
            )
            imported = QuestionnaireFactory(
                partnership=partnership,
                fhir=local_screen(url=f"https://x.example/q/{partnership.pk}"),
            )
            PartnershipQuestionnaire.objects.create(partnership=partnership, questionnaire=imported)
            browser.post(_screen_url(client), _post(ALL_NO))

    grow(2)
    few = (_queries(browser, _screen_url(client)), _queries(browser, result_url))
    grow(18)
    many = (_queries(browser, _screen_url(client)), _queries(browser, result_url))
    assert many == few
    assert max(many) <= BUDGET
