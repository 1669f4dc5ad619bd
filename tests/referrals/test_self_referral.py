"""Self-referral: a member of the public asks for advice from the page a site's poster points to."""

import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from healthjustice.clients.models import Client as ClientRecord
from healthjustice.clients.models import ConsentMethod, ConsentScope
from healthjustice.core import spam
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import PartnershipStatus, Site
from healthjustice.referrals.models import Referral, ReferralSource, ReferralStatus, Urgency
from healthjustice.referrals.public_views import form_purpose
from healthjustice.referrals.selectors import referrals_made_by_team, referrals_received
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import PathwayFactory, ServiceFactory
from tests.referrals.helpers import referral_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def start_url(site: Site) -> str:
    return reverse("self_referral:start", kwargs={"site_id": site.public_id})


def done_url(site: Site) -> str:
    return reverse("self_referral:done", kwargs={"site_id": site.public_id})


def token_shown(site: Site, *, seconds_ago: float = 30) -> str:
    """The token of the form as if the page had been shown `seconds_ago`."""
    with mock.patch("time.time", return_value=time.time() - seconds_ago):
        return spam.form_token(form_purpose(site))


def answers(site: Site, **change: Any) -> dict[str, Any]:
    return {
        spam.TOKEN_FIELD: token_shown(site),
        "given_name": "Sam",
        "family_name": "Jones",
        "date_of_birth_day": "15",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1984",
        "phone": "07700 900982",
        "email": "",
        "may_contact": ["text"],
        "best_times": "Weekday mornings",
        "needs": ["benefits"],
        "help_wanted": "My PIP was stopped and I cannot pay the rent.",
        "urgent": "yes",
        "consent": "on",
        "evaluation_consent": "on",
        **change,
    }


def nothing_saved() -> dict[str, Any]:
    return {**referral_state(), "clients": ClientRecord.objects.count()}


# The page ---------------------------------------------------------------------------------------


def test_the_page_names_the_site_who_will_contact_and_only_the_topics_offered(own: Tenant) -> None:
    response = Client().get(start_url(own.health_site))

    assert response.status_code == 200
    content = response.content.decode()
    assert own.health_site.name in content
    assert f"{own.advice.name} will contact you" in content
    # The pathway from this site is for benefits only, in plain words.
    assert 'value="benefits"' in content
    assert "Money and benefits" in content
    assert 'value="housing"' not in content
    assert "Welfare benefits" not in content
    assert "I agree that Riverside Advice can contact me" in content
    assert "no money for food" in content


def test_the_page_offers_the_topics_of_every_pathway_from_the_site(own: Tenant) -> None:
    housing = ServiceFactory(organisation=own.advice, name="Housing advice", topics=["housing"])
    PathwayFactory(
        partnership=own.partnership,
        from_team=None,
        from_site=own.health_site,
        to_service=housing,
        topics=["housing"],
    )

    content = Client().get(start_url(own.health_site)).content.decode()

    assert 'value="benefits"' in content
    assert 'value="housing"' in content


def test_the_honeypot_is_hidden_from_people_and_screen_readers(own: Tenant) -> None:
    content = Client().get(start_url(own.health_site)).content.decode()

    honeypot = re.search(r'<div class="hj-honeypot" aria-hidden="true">.*?</div>', content, re.S)
    assert honeypot is not None
    assert f'name="{spam.HONEYPOT_FIELD}"' in honeypot.group()
    assert 'tabindex="-1"' in honeypot.group()
    assert 'autocomplete="off"' in honeypot.group()
    assert "style=" not in content


def test_a_site_with_nowhere_to_refer_to_has_no_page(own: Tenant) -> None:
    client = Client()
    for name in ("self_referral:start", "self_referral:done", "self_referral:poster"):
        url = reverse(name, kwargs={"site_id": own.advice_site.public_id})
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("ended", ["pathway", "partnership"])
def test_a_site_whose_pathway_has_ended_has_no_page(own: Tenant, ended: str) -> None:
    if ended == "pathway":
        own.pathway.is_active = False
        own.pathway.save()
    else:
        own.partnership.status = PartnershipStatus.ENDED
        own.partnership.save()

    assert Client().get(start_url(own.health_site)).status_code == 404


def test_the_page_is_in_welsh_with_the_welsh_cookie(own: Tenant) -> None:
    client = Client()
    client.cookies["hj_language"] = "cy"

    response = client.get(start_url(own.health_site))

    assert response.status_code == 200
    assert '<html lang="cy">' in response.content.decode()


def test_the_pages_are_not_cached(own: Tenant) -> None:
    client = Client()
    for url in (start_url(own.health_site), done_url(own.health_site)):
        assert "no-store" in client.get(url)["Cache-Control"]


# Sending ----------------------------------------------------------------------------------------


def test_a_self_referral_arrives_in_the_advice_services_inbox(own: Tenant) -> None:
    response = Client().post(start_url(own.health_site), answers(own.health_site))

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.SELF
    assert referral.site == own.health_site
    assert referral.status == ReferralStatus.REQUESTED
    assert referral.urgency == Urgency.URGENT
    assert referral.advice_organisation == own.advice
    assert referral.service == own.service
    assert referral.referring_organisation is None
    assert referral.referred_by is None
    assert referral.needs == ["benefits"]
    assert referral.contact_channels == ["phone"]
    assert referral.best_times == "Weekday mornings"
    assert referral.help_wanted == "My PIP was stopped and I cannot pay the rent."
    # The client record is the advice organisation's own, never the health organisation's.
    client = referral.client
    assert client.organisation == own.advice
    assert (client.given_name, client.family_name) == ("Sam", "Jones")
    assert client.date_of_birth == date(1984, 3, 15)
    assert client.may_text is True
    assert client.may_leave_voicemail is False
    assert client.created_by is None
    consents = {consent.scope: consent for consent in client.consents.all()}
    assert set(consents) == {ConsentScope.SHARE_REFERRAL, ConsentScope.EVALUATION}
    assert all(consent.method == ConsentMethod.ELECTRONIC for consent in consents.values())
    assert referral.consent == consents[ConsentScope.SHARE_REFERRAL]
    # In the advice organisation's inbox, and nowhere on the health side.
    assert referral in referrals_received(own.adviser)
    assert referral not in referrals_made_by_team(own.referrer)
    inbox = signed_in_client(own.adviser).get(reverse("referrals:inbox")).content.decode()
    assert referral.reference in inbox
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(referral.public_id), organisation=own.advice
    ).exists()


def test_asked_for_in_welsh_the_client_prefers_welsh(own: Tenant) -> None:
    client = Client()
    client.cookies["hj_language"] = "cy"

    response = client.post(start_url(own.health_site), answers(own.health_site))

    assert response.status_code == 302
    assert '<html lang="cy">' in client.get(response["Location"]).content.decode()
    assert Referral.objects.get().client.preferred_language == "Welsh"


def test_asked_for_in_english_no_language_is_recorded(own: Tenant) -> None:
    Client().post(start_url(own.health_site), answers(own.health_site))

    assert Referral.objects.get().client.preferred_language == ""


def test_without_the_statistics_tick_only_the_share_is_agreed(own: Tenant) -> None:
    data = answers(own.health_site, urgent="no", email="sam@example.com")
    del data["evaluation_consent"]

    assert Client().post(start_url(own.health_site), data).status_code == 302

    referral = Referral.objects.get()
    assert referral.urgency == Urgency.ROUTINE
    assert referral.contact_channels == ["phone", "email"]
    scopes = set(referral.client.consents.values_list("scope", flat=True))
    assert scopes == {ConsentScope.SHARE_REFERRAL}


def test_the_sent_page_shows_the_reference_once_and_no_address_holds_it(own: Tenant) -> None:
    client = Client()

    response = client.post(start_url(own.health_site), answers(own.health_site))

    assert response["Location"] == done_url(own.health_site)
    reference = Referral.objects.get().reference
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    content = shown.content.decode()
    assert reference in content
    assert "Riverside Advice will read your request" in content
    assert "You said it is urgent" in content
    again = client.get(done_url(own.health_site)).content.decode()
    assert reference not in again
    for personal in (reference, "Sam", "Jones", "1984", "07700"):
        assert personal not in response["Location"]


def test_the_sent_page_of_another_site_does_not_show_the_reference(own: Tenant) -> None:
    other_site = own.advice_site
    PathwayFactory(
        partnership=own.partnership, from_team=None, from_site=other_site, to_service=own.service
    )
    client = Client()
    client.post(start_url(own.health_site), answers(own.health_site))

    content = client.get(done_url(other_site)).content.decode()

    reference = Referral.objects.get().reference
    assert reference not in content
    assert reference in client.get(done_url(own.health_site)).content.decode()


def test_without_a_phone_number_or_email_address_nothing_is_sent(own: Tenant) -> None:
    before = nothing_saved()

    response = Client().post(start_url(own.health_site), answers(own.health_site, phone=""))

    assert response.status_code == 400
    assert "Enter a phone number or an email address" in response.content.decode()
    assert nothing_saved() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent": ""}, "Tick to agree, so that the advice service can contact you"),
        ({"needs": []}, "Tick at least one thing you need help with"),
        ({"needs": ["housing"]}, "Tick at least one thing you need help with"),
        ({"help_wanted": ""}, "Tell us a little about what you need help with"),
        ({"urgent": ""}, "Say whether it is urgent"),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "as a real date"),
        ({"date_of_birth_year": ""}, "with a day, month and year"),
        ({"date_of_birth_year": "2999"}, "must be in the past"),
        ({"phone": "call me"}, "Enter a phone number, like"),
        ({"email": "sam-at-example"}, "Enter an email address in the correct format"),
    ],
)
def test_a_wrong_answer_gets_a_specific_error_and_sends_nothing(
    own: Tenant, change: dict[str, Any], message: str
) -> None:
    before = nothing_saved()
    data = answers(own.health_site, **change)

    response = Client().post(start_url(own.health_site), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "There is a problem" in content
    assert nothing_saved() == before


def test_after_an_error_the_answers_are_kept(own: Tenant) -> None:
    content = (
        Client()
        .post(start_url(own.health_site), answers(own.health_site, consent=""))
        .content.decode()
    )

    assert 'value="Sam"' in content
    assert 'name="date_of_birth_year"' in content
    assert 'value="1984"' in content


# Spam -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({spam.HONEYPOT_FIELD: "http://cheap-pills.example"}, id="honeypot filled"),
        pytest.param({spam.TOKEN_FIELD: ""}, id="no token"),
        pytest.param({spam.TOKEN_FIELD: "shown:1abc:forged"}, id="forged token"),
    ],
)
def test_a_bot_like_submission_is_refused_and_nothing_is_saved(
    own: Tenant, change: dict[str, str]
) -> None:
    before = nothing_saved()

    response = Client().post(start_url(own.health_site), answers(own.health_site, **change))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Sorry, we could not send this. Please try again." in content
    assert "cheap-pills" not in content
    assert nothing_saved() == before


def test_a_form_sent_within_3_seconds_of_being_shown_is_refused(own: Tenant) -> None:
    before = nothing_saved()
    data = answers(
        own.health_site, **{spam.TOKEN_FIELD: token_shown(own.health_site, seconds_ago=1)}
    )

    response = Client().post(start_url(own.health_site), data)

    assert response.status_code == 400
    assert "Sorry, we could not send this." in response.content.decode()
    assert nothing_saved() == before


def test_a_form_shown_more_than_2_hours_ago_is_refused(own: Tenant) -> None:
    before = nothing_saved()
    stale = token_shown(own.health_site, seconds_ago=2 * 60 * 60 + 60)

    response = Client().post(start_url(own.health_site), answers(own.health_site, form_token=stale))

    assert response.status_code == 400
    assert "Sorry, we could not send this." in response.content.decode()
    assert nothing_saved() == before


def test_a_token_from_another_sites_form_is_refused(own: Tenant) -> None:
    token = token_shown(own.advice_site)

    response = Client().post(start_url(own.health_site), answers(own.health_site, form_token=token))

    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_pages_own_token_works_after_a_person_has_filled_in_the_form(own: Tenant) -> None:
    client = Client()
    page = client.get(start_url(own.health_site)).content.decode()
    token = re.search(rf'name="{spam.TOKEN_FIELD}" value="([^"]+)"', page)
    assert token is not None
    data = answers(own.health_site, form_token=token.group(1))

    with mock.patch.object(spam.time, "time", return_value=time.time() + 60):
        response = client.post(start_url(own.health_site), data)

    assert response.status_code == 302


# Rate limits ------------------------------------------------------------------------------------


def test_the_sixth_request_in_an_hour_from_one_address_is_refused(own: Tenant) -> None:
    site = own.health_site
    client = Client()
    for _ in range(5):
        assert (
            client.post(start_url(site), answers(site), REMOTE_ADDR="203.0.113.7").status_code
            == 302
        )
    before = nothing_saved()

    refused = client.post(start_url(site), answers(site), REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429
    content = refused.content.decode()
    assert "Try again after" in content
    assert "ask at reception at Riverside surgery" in content
    assert int(refused["Retry-After"]) <= 3600
    assert nothing_saved() == before
    other = client.post(start_url(site), answers(site), REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


def test_the_cache_holds_no_client_address(own: Tenant) -> None:
    site = own.health_site
    Client().post(start_url(site), answers(site), REMOTE_ADDR="203.0.113.7")

    keys = list(cache._cache)  # type: ignore[attr-defined]  # the in-memory cache of the tests
    assert any("self_referral" in key for key in keys)
    assert not any("203.0.113.7" in key for key in keys)


def test_the_refusal_gives_the_practices_phone_number(own: Tenant) -> None:
    own.health.phone = "01632 960 123"
    own.health.save()
    site = own.health_site

    with override_settings(SELF_REFERRAL_RATE_LIMIT=1):
        Client().post(start_url(site), answers(site))
        refused = Client().post(start_url(site), answers(site))

    assert refused.status_code == 429
    assert "01632 960 123" in refused.content.decode()


@override_settings(SELF_REFERRAL_ATTEMPT_LIMIT=3)
def test_attempts_are_capped_even_when_none_is_sent(own: Tenant) -> None:
    site = own.health_site
    client = Client()
    for _ in range(3):
        assert client.post(start_url(site), answers(site, phone="")).status_code == 400

    assert client.post(start_url(site), answers(site)).status_code == 429
    assert not Referral.objects.exists()
    # Reading the page is not an attempt.
    assert client.get(start_url(site)).status_code == 200


# Staff ------------------------------------------------------------------------------------------


def test_the_organisation_page_links_to_the_poster_of_sites_with_a_pathway(own: Tenant) -> None:
    poster = reverse("self_referral:poster", kwargs={"site_id": own.health_site.public_id})

    health_page = signed_in_client(own.health_admin).get(
        reverse("organisations:organisation_detail")
    )
    advice_page = signed_in_client(own.admin).get(reverse("organisations:organisation_detail"))

    assert poster in health_page.content.decode()
    assert "/poster.pdf" not in advice_page.content.decode()
