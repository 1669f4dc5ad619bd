"""The client's own feedback at the end of a case: given by the client with the link (or its QR
code) on a public page, or recorded by the adviser for them."""

import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from healthjustice.casework import services
from healthjustice.casework.feedback_forms import NO_ANSWER, QUESTIONS
from healthjustice.casework.models import Case, ClientFeedback, ClosureReason
from healthjustice.casework.views.feedback import form_purpose
from healthjustice.core import spam
from healthjustice.core.models import AuditAction, AuditEvent
from tests.casework.factories import advice_client, case_for, case_url
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def closed_case(tenant: Tenant, **fields: Any) -> Case:
    """A case of the tenant's advice organisation, closed by its adviser through the service (which
    makes the feedback link)."""
    case = case_for(tenant, **fields)
    request = RequestFactory().post("/")
    request.user = tenant.adviser.user
    request.membership = tenant.adviser  # type: ignore[attr-defined]
    services.case_close(
        request=request, membership=tenant.adviser, case=case, reason=ClosureReason.RESOLVED
    )
    return case


def feedback_of(case: Case) -> ClientFeedback:
    return ClientFeedback.objects.get(case=case)


def public_url(feedback: ClientFeedback) -> str:
    return reverse("casework:public_feedback", kwargs={"token": feedback.token})


def token_shown(feedback: ClientFeedback, *, seconds_ago: float = 30) -> str:
    """The form's token as if the page had been shown `seconds_ago`."""
    with mock.patch("time.time", return_value=time.time() - seconds_ago):
        return spam.form_token(form_purpose(feedback))


def answers(feedback: ClientFeedback | None = None, **change: str) -> dict[str, str]:
    data = {
        "easy_to_get_help": "5",
        "staff_understood": "4",
        "comfortable_setting": NO_ANSWER,
        "helped_with_problem": "2",
        "comment": "The adviser phoned back the same day.",
    }
    if feedback is not None:
        data[spam.TOKEN_FIELD] = token_shown(feedback)
    return {**data, **change}


def stored(feedback: ClientFeedback) -> dict[str, Any]:
    return dict(ClientFeedback.objects.filter(pk=feedback.pk).values().get())


def test_the_four_questions_are_the_ones_the_service_stores() -> None:
    assert tuple(QUESTIONS) == services.FEEDBACK_QUESTIONS


# The client's page ------------------------------------------------------------------------------


def test_the_client_gives_feedback_by_the_link(own: Tenant) -> None:
    feedback = feedback_of(closed_case(own))
    client = Client()

    page = client.get(public_url(feedback))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Tell Riverside Advice about the help you got" in content
    assert "It was easy and quick to get help from the advice service" in content
    assert 'name="helped_with_problem"' in content

    response = client.post(public_url(feedback), answers(feedback))

    assert response.status_code == 302
    assert response["Location"] == public_url(feedback)
    feedback.refresh_from_db()
    assert feedback.submitted_at is not None
    assert feedback.recorded_by is None
    assert (
        feedback.easy_to_get_help,
        feedback.staff_understood,
        feedback.comfortable_setting,
        feedback.helped_with_problem,
    ) == (5, 4, None, 2)
    assert feedback.comment == "The adviser phoned back the same day."
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, object_id=str(feedback.public_id))
    assert event.actor is None
    assert event.organisation == own.advice
    thanks = client.get(public_url(feedback)).content.decode()
    assert "Feedback sent" in thanks
    assert "Thank you for telling Riverside Advice about the help you got." in thanks


def test_feedback_is_given_once_only(own: Tenant) -> None:
    feedback = feedback_of(closed_case(own))
    Client().post(public_url(feedback), answers(feedback))
    before = stored(feedback)
    writes = AuditEvent.objects.filter(action=AuditAction.CHANGE).count()

    again = Client().post(public_url(feedback), answers(feedback, easy_to_get_help="1"))

    assert again.status_code == 409
    assert "Feedback has already been given using this link" in again.content.decode()
    assert stored(feedback) == before
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE).count() == writes
    later = Client().get(public_url(feedback))
    assert later.status_code == 200
    assert "Feedback already given" in later.content.decode()
    assert 'name="easy_to_get_help"' not in later.content.decode()


@pytest.mark.parametrize("token", ["not-a-feedback-link", "x" * 65])
def test_an_unknown_link_is_not_found(own: Tenant, token: str) -> None:
    closed_case(own)
    url = reverse("casework:public_feedback", kwargs={"token": token})

    assert Client().get(url).status_code == 404
    assert Client().post(url, {"easy_to_get_help": "5"}).status_code == 404


@pytest.mark.parametrize("value", ["6", "0", "x"])
def test_an_answer_off_the_scale_is_refused(own: Tenant, value: str) -> None:
    feedback = feedback_of(closed_case(own))
    before = stored(feedback)

    response = Client().post(public_url(feedback), answers(feedback, staff_understood=value))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Error:" in content
    assert "Choose one of the answers." in content
    assert 'href="#id_staff_understood"' in content
    assert stored(feedback) == before


def test_feedback_with_no_answer_is_refused(own: Tenant) -> None:
    feedback = feedback_of(closed_case(own))
    before = stored(feedback)
    nothing = {name: NO_ANSWER for name in QUESTIONS}

    response = Client().post(public_url(feedback), answers(feedback, **nothing, comment="Hi"))

    assert response.status_code == 400
    assert "Answer at least one question." in response.content.decode()
    assert stored(feedback) == before


def test_the_client_page_never_names_the_client_or_the_case(own: Tenant) -> None:
    client_record = advice_client(own, given_name="Zebedee", family_name="Quartermaine")
    case = closed_case(own, client=client_record)
    feedback = feedback_of(case)
    browser = Client()

    pages = [
        browser.get(public_url(feedback)),
        browser.post(public_url(feedback), answers(feedback, staff_understood="x")),
        browser.post(public_url(feedback), answers(feedback), follow=True),
        Client().get(public_url(feedback)),
    ]

    for page in pages:
        content = page.content.decode()
        assert "Riverside Advice" in content
        for secret in ("Zebedee", "Quartermaine", case.reference, own.adviser.user.full_name):
            assert secret not in content


def test_the_client_page_is_not_cached_and_comes_in_welsh(own: Tenant) -> None:
    feedback = feedback_of(closed_case(own))
    client = Client()
    client.cookies["hj_language"] = "cy"

    response = client.get(public_url(feedback))

    assert "no-store" in response["Cache-Control"]
    assert '<html lang="cy">' in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({spam.HONEYPOT_FIELD: "http://cheap-pills.example"}, id="honeypot filled"),
        pytest.param({spam.TOKEN_FIELD: ""}, id="no token"),
    ],
)
def test_a_bot_like_submission_is_refused(own: Tenant, change: dict[str, str]) -> None:
    feedback = feedback_of(closed_case(own))
    before = stored(feedback)

    response = Client().post(public_url(feedback), answers(feedback, **change))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Sorry, we could not send this. Please try again." in content
    assert "cheap-pills" not in content
    assert stored(feedback) == before


def test_the_token_of_another_feedback_form_is_refused(own: Tenant) -> None:
    feedback = feedback_of(closed_case(own))
    elsewhere = feedback_of(closed_case(own))

    response = Client().post(
        public_url(feedback), answers(feedback, form_token=token_shown(elsewhere))
    )

    assert response.status_code == 400
    assert not feedback_of(feedback.case).is_answered


@override_settings(SELF_REFERRAL_RATE_LIMIT=1)
def test_too_much_feedback_from_one_address_is_refused(own: Tenant) -> None:
    first, second = feedback_of(closed_case(own)), feedback_of(closed_case(own))
    sent = Client().post(public_url(first), answers(first), REMOTE_ADDR="203.0.113.7")
    assert sent.status_code == 302

    refused = Client().post(public_url(second), answers(second), REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429
    assert "Try again after" in refused.content.decode()
    assert int(refused["Retry-After"]) <= 3600
    assert not feedback_of(second.case).is_answered
    other = Client().post(public_url(second), answers(second), REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


# The adviser's page -----------------------------------------------------------------------------


def test_the_adviser_gets_the_link_and_its_qr_code(own: Tenant) -> None:
    case = closed_case(own)
    feedback = feedback_of(case)

    response = signed_in_client(own.adviser).get(case_url("client_feedback", case))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{settings.SITE_URL.rstrip("/")}{public_url(feedback)}"' in content
    assert "<svg" in content
    assert "Print" in content
    assert 'name="easy_to_get_help"' in content
    assert "style=" not in content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.public_id), actor=own.adviser.user
    ).exists()


def test_the_adviser_records_the_answers_for_the_client(own: Tenant) -> None:
    case = closed_case(own)
    feedback = feedback_of(case)
    adviser = signed_in_client(own.adviser)

    response = adviser.post(case_url("client_feedback", case), answers())

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.recorded_by == own.adviser.user
    assert feedback.submitted_at is not None
    assert feedback.easy_to_get_help == 5
    page = adviser.get(case_url("client_feedback", case)).content.decode()
    assert f"Recorded for the client by {own.adviser.user.full_name}" in page
    assert "Strongly agree" in page
    assert "The adviser phoned back the same day." in page
    assert 'name="easy_to_get_help"' not in page
    assert "<svg" not in page
    # The link now only thanks the client.
    assert "Feedback already given" in Client().get(public_url(feedback)).content.decode()


def test_the_adviser_sees_what_the_client_gave_by_the_link(own: Tenant) -> None:
    case = closed_case(own)
    feedback = feedback_of(case)
    Client().post(public_url(feedback), answers(feedback))

    page = signed_in_client(own.adviser).get(case_url("client_feedback", case)).content.decode()

    assert "Given by the client using the feedback link" in page
    assert "Not answered" in page

    again = signed_in_client(own.adviser).post(case_url("client_feedback", case), answers())
    assert again.status_code == 409
    assert feedback_of(case).recorded_by is None


def test_bad_answers_recorded_by_the_adviser_are_refused(own: Tenant) -> None:
    case = closed_case(own)
    before = stored(feedback_of(case))

    response = signed_in_client(own.adviser).post(
        case_url("client_feedback", case), answers(helped_with_problem="6")
    )

    assert response.status_code == 400
    assert "Choose one of the answers." in response.content.decode()
    assert stored(feedback_of(case)) == before


def test_an_open_case_has_no_feedback_form_yet(own: Tenant) -> None:
    case = case_for(own)
    adviser = signed_in_client(own.adviser)

    page = adviser.get(case_url("client_feedback", case))

    assert page.status_code == 200
    content = page.content.decode()
    assert "When the case closes, the client is offered a short feedback form" in content
    assert 'name="easy_to_get_help"' not in content
    assert "<svg" not in content
    assert adviser.post(case_url("client_feedback", case), answers()).status_code == 409
    assert not ClientFeedback.objects.filter(case=case).exists()


def test_only_the_advice_organisations_case_workers_reach_the_adviser_page(
    own: Tenant, other: Tenant
) -> None:
    case = closed_case(own)
    url = case_url("client_feedback", case)

    # The case is not found outside the advice organisation; inside it, only case workers.
    assert signed_in_client(own.referrer).get(url).status_code == 404
    assert signed_in_client(own.coordinator).get(url).status_code == 403
    assert signed_in_client(other.adviser).get(url).status_code == 404
    assert signed_in_client(other.adviser).post(url, answers()).status_code == 404
    assert not feedback_of(case).is_answered
