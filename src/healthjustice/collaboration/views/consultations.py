"""Consultations: the list, starting one (in general or about a referral's client), the thread,
replying, closing and reopening. Each loads the consultation through the membership's selector, so
one between two other organisations is never found (404); the services validate, write, log the
exchange and notify."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.collaboration.forms.consultations import (
    ConsultationAboutReferralForm,
    ConsultationFilterForm,
    ConsultationStartForm,
    ReplyForm,
)
from healthjustice.collaboration.models import Consultation, ConsultationStatus
from healthjustice.collaboration.selectors import consultations as selectors
from healthjustice.collaboration.services import consultations as services
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import add_service_errors
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership
from healthjustice.referrals.models import Referral
from healthjustice.referrals.presenters import client_name
from healthjustice.referrals.selectors import referral_get

PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _consultation(request: HttpRequest, consultation_id: str, **_kwargs: Any) -> Consultation:
    return selectors.consultation_get(_membership(request), consultation_id)


def _referral(request: HttpRequest, referral_id: str, **_kwargs: Any) -> Referral:
    return referral_get(_membership(request), referral_id)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _detail_url(consultation: Consultation, anchor: str = "") -> str:
    return (
        reverse(
            "collaboration:consultation_detail", kwargs={"consultation_id": consultation.public_id}
        )
        + anchor
    )


def response_time(consultation: Consultation) -> str:
    """How long the other side took to answer first, in words ("2 hours, 5 minutes"); empty while
    it has not answered."""
    if consultation.first_response_at is None:
        return ""
    return timesince(consultation.started_at, consultation.first_response_at, depth=2)


def other_organisation_name(consultation: Consultation, membership: Membership) -> str:
    """The organisation (and team) at the other end of the thread from the reader."""
    if membership.organisation_id == consultation.from_organisation_id:
        organisation, team = consultation.to_organisation, consultation.to_team
    else:
        organisation, team = consultation.from_organisation, consultation.from_team
    return f"{organisation.name}: {team.name}" if team is not None else organisation.name


def _row_helpers(membership: Membership) -> dict[str, Any]:
    return {
        "response_time": response_time,
        "awaits_reply": lambda consultation: selectors.awaits_reply(consultation, membership),
        "other_side": lambda consultation: other_organisation_name(consultation, membership),
    }


# The list ---------------------------------------------------------------------------------------


@permission_required("collaboration.consult")
def consultation_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    data = request.GET.copy()
    data.setdefault("show", "open")
    form = ConsultationFilterForm(data)
    show = (form.cleaned_data.get("show") if form.is_valid() else "") or "open"
    page = Paginator(selectors.consultation_list(membership, show=show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "collaboration/consultation_list.jinja",
        {
            "form": form,
            "show": show,
            "page": page,
            "query": params.urlencode(),
            **_row_helpers(membership),
        },
        status=400 if form.errors else 200,
    )


# Starting one -----------------------------------------------------------------------------------


def _sent(
    request: HttpRequest,
    form: forms.BaseForm,
    start: Callable[[], Consultation],
    message: Callable[[Consultation], str],
) -> HttpResponse | None:
    """Start the consultation, say so and go to it; None, with the service's errors on the form,
    when it could not be started."""
    try:
        consultation = start()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, message(consultation))
    return redirect(_detail_url(consultation))


@permission_required("collaboration.consult")
def consultation_start(request: HttpRequest) -> HttpResponse:
    """A general question to the other side of one of the member's partnerships."""
    membership = _membership(request)
    recipients = selectors.recipients_for(membership)
    form = ConsultationStartForm(_posted(request), recipients=recipients)
    if request.method == "POST" and form.is_valid():
        recipient = form.chosen()
        sent = _sent(
            request,
            form,
            lambda: services.consultation_start(
                request=request,
                membership=membership,
                partnership=recipient.partnership,
                to_organisation=recipient.organisation,
                to_team=recipient.team,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            ),
            lambda consultation: (
                _("Consultation %(reference)s sent to %(recipient)s.")
                % {"reference": consultation.reference, "recipient": recipient.label}
            ),
        )
        if sent is not None:
            return sent
    return render(
        request,
        "collaboration/consultation_start.jinja",
        {
            "form": form,
            "title": _("Ask a general question"),
            "has_recipients": bool(recipients),
            "back_href": reverse("collaboration:consultation_list"),
        },
        status=400 if form.errors else 200,
    )


def _why_not_about(referral: Referral) -> str:
    """Why no consultation can be started about this referral's client (empty when one can)."""
    if not selectors.referral_can_be_consulted_on(referral):
        return services.no_one_to_consult_message()
    if selectors.health_consent_for(referral) is None:
        return services.consent_missing_message()
    return ""


@permission_required("collaboration.consult", _referral)
def consultation_start_about_referral(request: HttpRequest, obj: Referral) -> HttpResponse:
    """A question about a referral's client, to the other organisation of the referral."""
    membership = _membership(request)
    referral = obj
    form = ConsultationAboutReferralForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        sent = _sent(
            request,
            form,
            lambda: services.consultation_start_about_referral(
                request=request,
                membership=membership,
                referral=referral,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            ),
            lambda consultation: (
                _("Consultation %(reference)s sent.") % {"reference": consultation.reference}
            ),
        )
        if sent is not None:
            return sent
    elif request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=referral)
    is_referring_side = membership.organisation_id == referral.referring_organisation_id
    blocked = _why_not_about(referral)
    consent_href = ""
    if blocked and is_referring_side and can(membership, "clients.manage", referral.client):
        consent_href = reverse(
            "clients:consent_record", kwargs={"client_id": referral.client.public_id}
        )
    return render(
        request,
        "collaboration/consultation_start.jinja",
        {
            "form": form,
            "referral": referral,
            "client_name": client_name(referral.shared_details),
            "is_referring_side": is_referring_side,
            "title": _("Ask the advice service a question")
            if is_referring_side
            else _("Ask the referrer"),
            "blocked": blocked,
            "consent_href": consent_href,
            "back_href": reverse(
                "referrals:referral_detail", kwargs={"referral_id": referral.public_id}
            ),
        },
        status=400 if form.errors else 200,
    )


# The thread -------------------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = _membership(request)
    thread = list(selectors.messages_of(consultation))
    withdrawn = services.consent_withdrawn(consultation)
    is_open = consultation.status == ConsultationStatus.OPEN
    may_reply = is_open and not withdrawn
    referral = consultation.referral
    audit_record(action=AuditAction.VIEW, request=request, target=consultation)
    return render(
        request,
        "collaboration/consultation_detail.jinja",
        {
            "consultation": consultation,
            "thread": thread,
            "is_open": is_open,
            "consent_withdrawn": withdrawn,
            "consent_withdrawn_message": services.consent_withdrawn_message(),
            "may_reply": may_reply,
            "reply_form": reply_form or (ReplyForm() if may_reply else None),
            "awaiting_reply": is_open
            and bool(thread)
            and thread[-1].organisation_id != membership.organisation_id,
            "client_name": client_name(referral.shared_details) if referral else "",
            "response_time": response_time(consultation),
        },
        status=status,
    )


@permission_required("collaboration.consult", _consultation)
def consultation_detail(request: HttpRequest, obj: Consultation) -> HttpResponse:
    return _render_detail(request, obj)


@require_POST
@permission_required("collaboration.consult", _consultation)
def consultation_reply(request: HttpRequest, obj: Consultation) -> HttpResponse:
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_reply(
                request=request,
                membership=_membership(request),
                consultation=obj,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Message sent. The other side has been told."))
            return redirect(_detail_url(obj, "#latest"))
    return _render_detail(request, obj, reply_form=form, status=400)


@require_POST
@permission_required("collaboration.consult", _consultation)
def consultation_close(request: HttpRequest, obj: Consultation) -> HttpResponse:
    services.consultation_close(request=request, membership=_membership(request), consultation=obj)
    messages.success(
        request, _("Consultation %(reference)s closed.") % {"reference": obj.reference}
    )
    return redirect(_detail_url(obj))


@require_POST
@permission_required("collaboration.consult", _consultation)
def consultation_reopen(request: HttpRequest, obj: Consultation) -> HttpResponse:
    services.consultation_reopen(request=request, membership=_membership(request), consultation=obj)
    messages.success(
        request, _("Consultation %(reference)s reopened.") % {"reference": obj.reference}
    )
    return redirect(_detail_url(obj))


# On the referral's page -------------------------------------------------------------------------


def referral_consultations_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """For the referral's page, under one name: the consultations about this referral's client
    that the reader's organisation is in, and whether the reader may start one."""
    membership = _membership(request)
    if not can(membership, "collaboration.consult"):
        return {"consultation_block": None}
    return {
        "consultation_block": {
            "consultations": selectors.consultations_about(membership, referral),
            "may_start": selectors.referral_can_be_consulted_on(referral),
            "has_consent": selectors.health_consent_for(referral) is not None,
            "is_referring_side": membership.organisation_id == referral.referring_organisation_id,
            **_row_helpers(membership),
        }
    }
