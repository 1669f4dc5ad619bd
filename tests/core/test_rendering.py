"""Rendering: plain-text emails are not HTML-escaped, safe help texts are HTML, and form errors land
on the field they are about (the error summary links to it)."""

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant, signed_in_client
from tests.organisations.helpers import database_state, funding_form, partnership_url

pytestmark = pytest.mark.django_db

AWKWARD_NAME = "St John's & Co <Advice>"


# Plain-text emails -------------------------------------------------------------------------------


def _assert_literal(body: str, text: str) -> None:
    assert text in body
    for escaped in ("&#39;", "&#x27;", "&amp;", "&lt;", "&gt;", "&quot;"):
        assert escaped not in body


def test_an_invitation_names_the_organisation_literally(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    own.advice.name = AWKWARD_NAME
    own.advice.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client(own.admin).post(
            reverse("organisations:member_add"),
            {"email": "new.person@example.org", "full_name": "Nia Newcomer", "roles": ["adviser"]},
        )

    assert response.status_code == 302
    [message] = mail.outbox
    _assert_literal(message.body, AWKWARD_NAME)
    _assert_literal(message.subject, "Health Justice Partnership")


def test_a_registration_invitation_names_the_organisation_literally(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client(own.coordinator).post(
            reverse(
                "organisations:organisation_register",
                kwargs={"partnership_id": own.partnership.public_id},
            ),
            {
                "name": "St John's & Co Advice",
                "kind": "advice",
                "admin_full_name": "Nia Newcomer",
                "admin_email": "new.person@example.org",
            },
        )

    assert response.status_code == 302
    [message] = mail.outbox
    _assert_literal(message.body, "St John's & Co Advice")


def test_html_pages_still_escape_the_same_name(own: Tenant) -> None:
    own.advice.name = AWKWARD_NAME
    own.advice.save()

    content = signed_in_client(own.admin).get(reverse("core:home")).content.decode()

    assert AWKWARD_NAME not in content
    assert "St John&#39;s &amp; Co &lt;Advice&gt;" in content


# Django's password rules ------------------------------------------------------------------------


def _hint(content: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-hint"\s*>(.*?)</div>', content, re.DOTALL)
    assert match, f"no hint for {field_id}"
    return match.group(1)


def test_the_password_rules_are_a_list_on_the_change_page(own: Tenant) -> None:
    response = signed_in_client(own.adviser).get(reverse("accounts:password_change"))

    assert response.status_code == 200
    content = response.content.decode()
    hint = _hint(content, "id_new_password1")
    assert "<ul>" in hint
    assert "<li>Your password must contain at least 12 characters.</li>" in hint
    assert "&lt;ul&gt;" not in content
    assert "&lt;li&gt;" not in content


def test_the_password_rules_are_a_list_when_choosing_a_password_by_link(own: Tenant) -> None:
    Client().post(reverse("accounts:password_reset"), {"email": own.adviser.user.email})
    [link] = re.findall(r"https?://\S+/password-reset/\S+/\S+/", mail.outbox[0].body)

    page = Client().get(link, follow=True)

    content = page.content.decode()
    assert "<li>Your password must contain at least 12 characters.</li>" in content
    assert "&lt;ul&gt;" not in content


def test_a_plain_help_text_is_still_escaped(own: Tenant) -> None:
    """Our own help texts are text: the NHS ODS code hint shows as written."""
    content = (
        signed_in_client(own.admin).get(reverse("organisations:organisation_edit")).content.decode()
    )

    assert "Organisation Data Service code, for example Y02345." in _hint(content, "id_ods_code")


# Errors on the right field ----------------------------------------------------------------------


def _summary(response: HttpResponse) -> dict[str, str]:
    """The error summary's links: message -> href."""
    content = response.content.decode()
    start = content.index("nhsuk-error-summary__list")
    block = content[start : content.index("</ul>", start)]
    return {
        html.unescape(" ".join(text.split())): href
        for href, text in re.findall(r'<a href="([^"]+)"\s*>(.*?)</a>', block, re.DOTALL)
    }


def _refused(client: Client, url: str, data: dict[str, Any]) -> dict[str, str]:
    before = database_state()
    response = client.post(url, data)
    assert response.status_code == 400
    assert database_state() == before
    return _summary(response)


END_BEFORE_START = "The end date must be on or after the start date."
NO_AMOUNT = "Enter an amount greater than £0."


@pytest.mark.parametrize("page", ["funding_create", "funding_edit"])
def test_a_funding_ending_before_it_starts_is_refused_on_the_end_date(
    own: Tenant, page: str
) -> None:
    kwargs = {"funding_id": own.funding.public_id} if page == "funding_edit" else {}
    url = partnership_url(own, page, **kwargs)

    summary = _refused(
        signed_in_client(own.coordinator), url, funding_form(own, end_date="2026-03-31")
    )

    assert summary == {END_BEFORE_START: "#id_end_date"}


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_a_funding_of_nothing_is_refused_on_the_amount(own: Tenant, amount: str) -> None:
    summary = _refused(
        signed_in_client(own.coordinator),
        partnership_url(own, "funding_create"),
        funding_form(own, amount=amount),
    )

    assert summary == {NO_AMOUNT: "#id_amount"}


def test_several_funding_errors_each_land_on_their_own_field(own: Tenant) -> None:
    summary = _refused(
        signed_in_client(own.coordinator),
        partnership_url(own, "funding_create"),
        funding_form(own, amount="0", end_date="2026-03-31"),
    )

    assert summary == {NO_AMOUNT: "#id_amount", END_BEFORE_START: "#id_end_date"}


def test_the_field_shows_its_own_error_next_to_it(own: Tenant) -> None:
    response = signed_in_client(own.coordinator).post(
        partnership_url(own, "funding_create"), funding_form(own, end_date="2026-03-31")
    )

    content = " ".join(response.content.decode().split())
    assert re.search(
        r'id="id_end_date-error" > <span class="nhsuk-u-visually-hidden">Error: </span>'
        + re.escape(END_BEFORE_START),
        content,
    )
    assert 'aria-describedby="id_end_date-error"' in content


def test_a_pathway_from_both_a_team_and_a_site_is_refused_on_the_team(own: Tenant) -> None:
    summary = _refused(
        signed_in_client(own.coordinator),
        partnership_url(own, "pathway_create"),
        {
            "from_team": own.health_team.pk,
            "from_site": own.health_site.pk,
            "to_service": own.service.pk,
            "topics": ["debt"],
            "is_active": "on",
        },
    )

    assert summary == {"Choose either a referring team or a referring site.": "#id_from_team"}


def test_a_pathway_topic_the_service_does_not_offer_is_refused_on_the_topics(own: Tenant) -> None:
    summary = _refused(
        signed_in_client(own.coordinator),
        partnership_url(own, "pathway_create"),
        {
            "from_team": own.health_team.pk,
            "to_service": own.service.pk,
            "topics": ["immigration"],
            "is_active": "on",
        },
    )

    assert summary == {"This service does not give advice on every topic chosen.": "#id_topics"}
