"""The printable self-referral poster of a site: English and Welsh on one A4 page, with the
address of the site's self-referral page and a QR code of it. It holds nothing personal."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from healthjustice.core.qr import qr_svg_data_uri
from healthjustice.organisations.models import Site
from healthjustice.referrals.selectors import self_referral_pathways

POSTER_LANGUAGES = [("en-gb", "en-GB"), ("cy", "cy")]


def self_referral_url(site: Site) -> str:
    """The absolute address of the site's self-referral page, as printed on the poster."""
    path = reverse("self_referral:start", kwargs={"site_id": site.public_id})
    return settings.SITE_URL.rstrip("/") + path


def _organisation_names(site: Site) -> list[str]:
    names: list[str] = []
    for pathway in self_referral_pathways(site):
        name = pathway.to_service.organisation.name
        if name not in names:
            names.append(name)
    return names


def poster_html(site: Site) -> str:
    """The poster as HTML, each half rendered in its own language. The language of the page it
    was asked for from comes first (Welsh first for a Welsh-speaking setting)."""
    url = self_referral_url(site)
    context = {
        "site": site,
        "organisations": _organisation_names(site),
        "url": url,
        # The address without its scheme: shorter to read and to type.
        "printed_url": url.split("://", 1)[-1],
        "qr_code": qr_svg_data_uri(url),
    }
    first = "cy" if translation.get_language() == "cy" else "en-gb"
    languages = sorted(POSTER_LANGUAGES, key=lambda language: language[0] != first)
    halves = []
    for language, html_lang in languages:
        with translation.override(language):
            half = render_to_string(
                "referrals/poster_half.jinja", {**context, "html_lang": html_lang}
            )
        halves.append(mark_safe(half))  # noqa: S308 (rendered by our own autoescaping template)
    with translation.override(first):
        return render_to_string(
            "referrals/poster.jinja",
            {**context, "halves": halves, "html_lang": dict(POSTER_LANGUAGES)[first]},
        )


def poster_pdf(site: Site) -> bytes:
    # Imported here: WeasyPrint needs Pango, and the rest of the service runs without it.
    import weasyprint

    document = weasyprint.HTML(string=poster_html(site), base_url=settings.SITE_URL)
    return document.write_pdf(pdf_variant="pdf/ua-1")
