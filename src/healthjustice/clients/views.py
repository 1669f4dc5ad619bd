import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from healthjustice.casework import selectors as case_selectors
from healthjustice.clients import presenters, selectors, services
from healthjustice.clients.forms import ClientCreateForm, ClientFindForm, ClientForm, ConsentForm
from healthjustice.clients.models import Client, Consent, ConsentScope
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership

# Where to go once a new client is added, when the journey started elsewhere (`?next=screen`).
NEXT_STEPS = {"screen": "screening:screen"}


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: str, **_kwargs: Any) -> Client:
    return selectors.client_get(_membership(request), client_id)


def _consent(request: HttpRequest, client_id: str, consent_id: str) -> Consent:
    return selectors.consent_get(_client(request, client_id), consent_id)


def _client_url(client: Client) -> str:
    return reverse("clients:client_detail", kwargs={"client_id": client.public_id})


def _next_step(request: HttpRequest) -> str:
    """The `next` step to pass on, when it is one this service knows."""
    wanted = request.GET.get("next", "")
    return wanted if wanted in NEXT_STEPS else ""


# Finding and adding a client ----------------------------------------------------------------------


def _audit_found(request: HttpRequest, clients: list[Client]) -> None:
    """Listing clients is reading their records: say which, by identifier only."""
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        detail={"search": "clients", "found": [str(client.public_id) for client in clients]},
    )


@permission_required("clients.view")
def client_find(request: HttpRequest) -> HttpResponse:
    """Names and dates of birth are posted, never put in a query string: URLs reach access logs."""
    membership = _membership(request)
    form = ClientFindForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_bound and form.is_valid():
        results = selectors.client_matches(membership, **form.cleaned_data)
        _audit_found(request, results)
    return render(
        request,
        "clients/client_find.jinja",
        {
            "form": form,
            "results": results,
            "next_step": _next_step(request),
            "limit": selectors.MATCH_LIMIT,
            "nhs_number": presenters.nhs_number_spaced,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _after_create(request: HttpRequest, client: Client) -> str:
    step = _next_step(request)
    if step:
        return reverse(NEXT_STEPS[step], kwargs={"client_id": client.public_id})
    return _client_url(client)


@permission_required("clients.manage")
def client_create(request: HttpRequest) -> HttpResponse:
    """Add a client, after checking the organisation does not already have them.

    Possible matches (same NHS number, or same last name and date of birth) are shown first; the
    client is added only once the user confirms that none of them is the same person. A POST with
    `prefill` comes from the search page and only fills the form in with what was searched for.
    """
    membership = _membership(request)
    if request.method == "POST" and "prefill" in request.POST:
        searched = ClientFindForm(request.POST)
        searched.is_valid()
        form = ClientCreateForm(
            initial={
                name: searched.cleaned_data.get(name) or ""
                for name in ("family_name", "date_of_birth", "nhs_number")
            }
        )
    else:
        form = ClientCreateForm(request.POST if request.method == "POST" else None)
    matches: list[Client] = []
    if form.is_bound and form.is_valid():
        data = form.client_data()
        matches = selectors.client_matches(
            membership,
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
        )
        if matches:
            _audit_found(request, matches)
        if matches and not form.cleaned_data["not_a_match"]:
            # The first time the matches are shown is a question, not a mistake.
            if "matches_shown" in request.POST:
                form.add_error(
                    "not_a_match",
                    _(
                        "Open the record of the client if they are one of these people. "
                        "If none of them is, tick the box."
                    ),
                )
        else:
            try:
                client = services.client_create(
                    request=request,
                    organisation=membership.organisation,
                    created_by=request.user,  # type: ignore[arg-type]
                    data=data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Client added."))
                return redirect(_after_create(request, client))
    return render(
        request,
        "clients/client_form.jinja",
        {
            "form": form,
            "title": _("Add a new client"),
            "matches": matches,
            "nhs_number": presenters.nhs_number_spaced,
            "back_href": reverse("clients:client_find"),
            "submit_text": _("Add client"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# The client's record ------------------------------------------------------------------------------


@permission_required("clients.view", _client)
def client_detail(request: HttpRequest, obj: Client) -> HttpResponse:
    audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        "clients/client_detail.jinja",
        {
            "client": obj,
            "rows": presenters.client_rows(obj),
            "consents": selectors.consents_of(obj),
            "referrals": selectors.client_referrals(obj),
            "cases": case_selectors.cases_of_client(_membership(request), obj)
            if can(_membership(request), "casework.view")
            else [],
            "open_case_url": reverse("casework:case_open", kwargs={"client_id": obj.public_id}),
            "screen_url": reverse("screening:screen", kwargs={"client_id": obj.public_id}),
            "refer_url": reverse("referrals:referral_create", kwargs={"client_id": obj.public_id}),
            "referral_url": lambda referral: reverse(
                "referrals:referral_detail", kwargs={"referral_id": referral.public_id}
            ),
        },
    )


@permission_required("clients.manage", _client)
def client_edit(request: HttpRequest, obj: Client) -> HttpResponse:
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    # The form validates a copy, so the service sees the record as it was and audits what changed.
    form = ClientForm(request.POST if request.method == "POST" else None, instance=copy.copy(obj))
    return handle_form(
        request,
        form,
        on_valid=lambda _data: services.client_update(
            request=request, client=obj, data=form.client_data()
        ),
        success_url=_client_url(obj),
        success_message=_("Client details saved."),
        context={
            "title": _("Edit client details"),
            "caption": obj.full_name,
            "back_href": _client_url(obj),
        },
        template="clients/client_form.jinja",
    )


# Consent ------------------------------------------------------------------------------------------


@permission_required("clients.manage", _client)
def consent_record(request: HttpRequest, obj: Client) -> HttpResponse:
    in_force = {consent.scope for consent in selectors.consents_of(obj) if consent.in_force}
    form = ConsentForm(request.POST if request.method == "POST" else None, in_force=in_force)
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.consent_record(
            request=request,
            client=obj,
            scopes=data["scopes"],
            method=data["method"],
            recorded_by=request.user,  # type: ignore[arg-type]
        ),
        success_url=_client_url(obj),
        success_message=_("Consent recorded."),
        context={
            "client": obj,
            "hints": presenters.SCOPE_HINTS,
            "all_in_force": len(in_force) == len(ConsentScope.values),
            "back_href": _client_url(obj),
        },
        template="clients/consent_record.jinja",
    )


def _referrals_to_cancel(consent: Consent) -> int:
    if consent.scope != ConsentScope.SHARE_REFERRAL:
        return 0
    return selectors.client_referrals_awaiting_acceptance(consent.client).count()


@permission_required("clients.manage", _consent)
def consent_withdraw(request: HttpRequest, obj: Consent) -> HttpResponse:
    """GET says what withdrawing will change; POST withdraws, at once."""
    client = obj.client
    to_cancel = _referrals_to_cancel(obj) if obj.in_force else 0
    if request.method != "POST":
        return render(
            request,
            "clients/consent_withdraw.jinja",
            {
                "client": client,
                "consent": obj,
                "to_cancel": to_cancel,
                "effect": presenters.WITHDRAWAL_EFFECTS.get(obj.scope),
                "back_href": _client_url(client),
            },
        )
    try:
        services.consent_withdraw(request=request, consent=obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Consent withdrawn: %(scope)s.") % {"scope": obj.get_scope_display()}
        if to_cancel:
            done += " " + ngettext(
                "%(count)s referral not yet accepted was cancelled.",
                "%(count)s referrals not yet accepted were cancelled.",
                to_cancel,
            ) % {"count": to_cancel}
        messages.success(request, done)
    return redirect(_client_url(client))
