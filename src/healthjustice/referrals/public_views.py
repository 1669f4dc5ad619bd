"""Self-referral: the public pages a person reaches from a poster at a partnership site.

No sign-in. The person's answers go only into the advice service's inbox; nothing personal is put
in an address, a log line or the cache. Abuse is kept down by rate limits per client address and
by a honeypot field and a signed time stamp (core.spam), with no third-party service.
"""

import logging
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from healthjustice.core import spam
from healthjustice.core.audit import client_ip
from healthjustice.core.forms import add_rule_errors
from healthjustice.core.ratelimit import PublicFormLimits, RateLimit
from healthjustice.organisations.models import AdviceTopic, Organisation, Site
from healthjustice.referrals.models import Referral, Urgency
from healthjustice.referrals.poster import poster_pdf
from healthjustice.referrals.selectors import self_referral_pathways, self_referral_site
from healthjustice.referrals.self_referral_forms import SelfReferralForm
from healthjustice.referrals.services import self_referral_create

logger = logging.getLogger(__name__)

# What the "sent" page shows once: the reference and who will contact the person.
SENT_SESSION_KEY = "self_referral_sent"
# Recorded as the preferred language of someone who asked for advice in Welsh (stored, not shown
# in the page's language).
WELSH = "Welsh"


def _limits() -> PublicFormLimits:
    return PublicFormLimits.per_hour(
        "self_referral",
        attempts=settings.SELF_REFERRAL_ATTEMPT_LIMIT,
        submissions=settings.SELF_REFERRAL_RATE_LIMIT,
    )


def _offer(site: Site) -> tuple[list[Organisation], list[str]]:
    """Who will contact the person (the advice organisations of the site's pathways) and the
    topics they give advice on here."""
    organisations: list[Organisation] = []
    topics: set[str] = set()
    for pathway in self_referral_pathways(site):
        if pathway.to_service.organisation not in organisations:
            organisations.append(pathway.to_service.organisation)
        topics.update(pathway.topics)
    return organisations, [topic for topic in AdviceTopic.values if topic in topics]


def _names(organisations: list[Organisation]) -> str:
    names = [organisation.name for organisation in organisations]
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s or %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def form_purpose(site: Site) -> str:
    """What the form token of this site's form is for: a token from another form is refused."""
    return f"self_referral:{site.public_id}"


def _form_page(
    request: HttpRequest, site: Site, form: SelfReferralForm, organisations: str, *, status: int
) -> HttpResponse:
    return render(
        request,
        "referrals/self_referral.jinja",
        {
            "site": site,
            "form": form,
            "organisations": organisations,
            # A new time stamp each time the form is shown, also after an error.
            "form_token": spam.form_token(form_purpose(site)),
            "honeypot_field": spam.HONEYPOT_FIELD,
            "token_field": spam.TOKEN_FIELD,
        },
        status=status,
    )


def _too_many(request: HttpRequest, site: Site, limit: RateLimit) -> HttpResponse:
    ends = limit.window_ends()
    response = render(
        request,
        "referrals/self_referral_limited.jinja",
        {"site": site, "try_again_at": timezone.localtime(ends)},
        status=429,
    )
    response["Retry-After"] = str(max(1, int((ends - timezone.now()).total_seconds())))
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, site_id: UUID) -> HttpResponse:
    site = self_referral_site(site_id)
    organisations, topics = _offer(site)
    names = _names(organisations)
    if request.method != "POST":
        form = SelfReferralForm(topics=topics, organisations=names)
        return _form_page(request, site, form, names, status=200)

    client = client_ip(request) or "unknown"
    limits = _limits()
    refused = limits.refusal(client)
    if refused is not None:
        logger.warning("Self-referral refused: the %s limit was reached.", refused.name)
        return _too_many(request, site, refused)

    # A copy without the honeypot, so that what a bot wrote there is not shown back.
    data = request.POST.copy()
    data.pop(spam.HONEYPOT_FIELD, None)
    form = SelfReferralForm(data, topics=topics, organisations=names)
    automated = spam.automated_reason(request.POST, purpose=form_purpose(site))
    if automated:
        logger.warning("Self-referral refused as automated: %s.", automated)
        form.is_valid()
        form.add_error(None, _("Sorry, we could not send this. Please try again."))
        return _form_page(request, site, form, names, status=400)

    sent: list[Referral] = []
    if form.is_valid():
        arguments = form.service_arguments()
        if translation.get_language() == "cy":
            # Asked for in Welsh: the advice service should answer in Welsh.
            arguments["client_details"]["preferred_language"] = WELSH
        add_rule_errors(
            form,
            lambda: sent.append(self_referral_create(request=request, site=site, **arguments)),
        )
    if not sent:
        return _form_page(request, site, form, names, status=400)

    limits.submissions.hit(client)
    referral = sent[0]
    request.session[SENT_SESSION_KEY] = {
        "site": str(site.public_id),
        "reference": referral.reference,
        "organisation": referral.advice_organisation.name,
        "urgent": referral.urgency == Urgency.URGENT,
    }
    return redirect("self_referral:done", site_id=site.public_id)


@never_cache
@require_GET
def done(request: HttpRequest, site_id: UUID) -> HttpResponse:
    """What happens next. The reference is shown once: it is kept in the session, never in the
    address, and forgotten as soon as it has been shown."""
    site = self_referral_site(site_id)
    sent: dict[str, Any] | None = request.session.get(SENT_SESSION_KEY)
    if sent is not None and sent.get("site") == str(site.public_id):
        del request.session[SENT_SESSION_KEY]
    else:
        sent = None
    return render(request, "referrals/self_referral_done.jinja", {"site": site, "sent": sent})


@require_GET
def poster(request: HttpRequest, site_id: UUID) -> HttpResponse:
    site = self_referral_site(site_id)
    response = HttpResponse(poster_pdf(site), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="poster.pdf"'
    return response
