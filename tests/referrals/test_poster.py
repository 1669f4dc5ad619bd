"""The printable self-referral poster of a site: one bilingual A4 page with the address and a QR
code of the site's self-referral page."""

import base64
import re

import pytest
import weasyprint
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from healthjustice.referrals.poster import poster_html
from healthjustice.referrals.selectors import self_referral_site
from tests.conftest import Tenant
from tests.referrals.factories import consented_client, referral_for

pytestmark = pytest.mark.django_db

HEADLINE = "Worried about money, housing or benefits?"


def poster_url(tenant: Tenant) -> str:
    return reverse("self_referral:poster", kwargs={"site_id": tenant.health_site.public_id})


def start_url(tenant: Tenant) -> str:
    path = reverse("self_referral:start", kwargs={"site_id": tenant.health_site.public_id})
    return settings.SITE_URL.rstrip("/") + path


def test_the_poster_is_a_pdf_anyone_can_download(own: Tenant) -> None:
    response = Client().get(poster_url(own))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="poster.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_poster_is_one_a4_page_even_with_long_names(own: Tenant) -> None:
    own.advice.name = "Riverside Citizens Advice and Welfare Rights Service of the Borough"
    own.advice.save()
    own.health_site.name = "Riverside Health Centre and Community Diagnostic Hub, East Wing"
    own.health_site.save()

    document = weasyprint.HTML(string=poster_html(self_referral_site(own.health_site.public_id)))
    pages = document.render().pages

    assert len(pages) == 1
    # A4 in CSS pixels (96 per inch).
    assert (round(pages[0].width), round(pages[0].height)) == (794, 1123)


def test_the_poster_points_to_the_sites_page_in_english_and_welsh(own: Tenant) -> None:
    html = poster_html(own.health_site)

    assert start_url(own) in html
    assert own.health_site.name in html
    assert own.advice.name in html
    assert "Health Justice Partnership" in html
    halves = re.findall(r'<section class="half" lang="([^"]+)">(.*?)</section>', html, re.S)
    assert [lang for lang, _half in halves] == ["en-GB", "cy"]
    assert HEADLINE in halves[0][1]
    with translation.override("cy"):
        welsh_headline = translation.gettext(HEADLINE)
    assert welsh_headline in halves[1][1]


def test_asked_for_in_welsh_the_poster_puts_welsh_first(own: Tenant) -> None:
    with translation.override("cy"):
        html = poster_html(own.health_site)

    assert '<html lang="cy">' in html
    assert re.findall(r'<section class="half" lang="([^"]+)">', html) == ["cy", "en-GB"]


def test_the_qr_code_is_an_image_with_alternative_text(own: Tenant) -> None:
    html = poster_html(own.health_site)

    image = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html)
    assert image is not None
    svg = base64.b64decode(image.group(1)).decode()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    assert "<path" in svg
    assert start_url(own) in image.group(2)


def test_the_poster_holds_no_personal_data(own: Tenant) -> None:
    """Even when people have referred themselves from the site."""
    client = consented_client(own, given_name="Bronwen", family_name="Pritchard")
    referral = referral_for(own, client=client, site=own.health_site)

    html = poster_html(own.health_site)

    for personal in (client.given_name, client.family_name, referral.reference):
        assert personal not in html
