"""Feedback both ways: the referrer rates the advice service's response to a referral; an adviser
marks a referral as not appropriate; the referring organisation's referrers read the learning.
A referral is found only by the organisation on the right side of it (404 otherwise)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from healthjustice.collaboration.forms.feedback import NotAppropriateForm, RatingForm
from healthjustice.collaboration.selectors import feedback as selectors
from healthjustice.collaboration.services import feedback as services
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership
from healthjustice.referrals.models import Referral

PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _referral_made(request: HttpRequest, referral_id: str, **_kwargs: Any) -> Referral:
    return selectors.referral_made_get(_membership(request), referral_id)


def _referral_received(request: HttpRequest, referral_id: str, **_kwargs: Any) -> Referral:
    return selectors.referral_received_get(_membership(request), referral_id)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _referral_url(referral: Referral) -> str:
    return (
        reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id})
        + "#feedback-heading"
    )


def _refused(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """No form is offered; a post that arrives anyway is refused without a write."""
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=context["referral"])
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _feedback_form(
    request: HttpRequest,
    obj: Referral,
    *,
    context: dict[str, Any],
    template: str,
    blocked: Callable[[], str] | None,
    form_class: type[forms.Form],
    initial: dict[str, Any] | None,
    on_valid: Callable[[dict[str, Any]], object],
    success_message: str,
) -> HttpResponse:
    """The feedback form on a referral, or, when `blocked` says why not, the refusal."""
    if blocked is not None:
        return _refused(request, template, {**context, "blocked": blocked()})
    form = form_class(_posted(request), initial=initial)
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return handle_form(
        request,
        form,
        on_valid=on_valid,
        success_url=lambda saved: _referral_url(obj),
        success_message=success_message,
        context=context,
        template=template,
    )


@permission_required("collaboration.rate_service", _referral_made)
def referral_rate(request: HttpRequest, obj: Referral) -> HttpResponse:
    """Rate, or change the rating of, the advice service's response to a referral."""
    rating = selectors.rating_of(obj)
    context: dict[str, Any] = {
        "referral": obj,
        "rating": rating,
        "title": _("Rate the response to referral %(reference)s") % {"reference": obj.reference},
        "back_href": _referral_url(obj),
    }
    return _feedback_form(
        request,
        obj,
        context=context,
        template="collaboration/feedback_rating_form.jinja",
        blocked=None if selectors.is_rateable(obj) else services.not_rateable_message,
        form_class=RatingForm,
        initial={"rating": rating.rating, "comment": rating.comment} if rating else None,
        on_valid=lambda data: services.referral_rate(
            request=request,
            membership=_membership(request),
            referral=obj,
            rating=data["rating"],
            comment=data["comment"],
        ),
        success_message=_("Thank you. The advice service can see your rating and has been told.")
        if rating is None
        else _("Rating changed. The advice service has been told."),
    )


@permission_required("collaboration.mark_not_appropriate", _referral_received)
def referral_mark_not_appropriate(request: HttpRequest, obj: Referral) -> HttpResponse:
    """Say why a referral received was not a good fit, as learning for the referring team."""
    learning = selectors.learning_of(obj)
    context: dict[str, Any] = {
        "referral": obj,
        "learning": learning,
        "title": _("Referral %(reference)s was not appropriate") % {"reference": obj.reference},
        "back_href": _referral_url(obj),
    }
    return _feedback_form(
        request,
        obj,
        context=context,
        template="collaboration/learning_form.jinja",
        blocked=None
        if selectors.can_be_marked_not_appropriate(obj)
        else services.no_referring_team_message,
        form_class=NotAppropriateForm,
        initial={"reason": learning.reason, "explanation": learning.explanation}
        if learning
        else None,
        on_valid=lambda data: services.referral_mark_not_appropriate(
            request=request,
            membership=_membership(request),
            referral=obj,
            reason=data["reason"],
            explanation=data["explanation"],
        ),
        success_message=_("Saved. The referring team can see it as learning and has been told."),
    )


@permission_required("referrals.view_own")
def learning_from_referrals(request: HttpRequest) -> HttpResponse:
    """What advice services said about the organisation's referrals that were not a good fit:
    the member's team's first, with how often each reason was given."""
    membership = _membership(request)
    page = Paginator(selectors.learning_for(membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "collaboration/learning_list.jinja",
        {
            "page": page,
            "counts": selectors.learning_reason_counts(membership),
            "team": membership.team,
        },
    )


def referral_feedback_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """For the referral's page, under one name: the rating and the learning, and what the reader
    may do about them. Nothing for a self-referral: there is no referrer on the other side."""
    membership = _membership(request)
    if referral.referring_organisation_id is None:
        return {"feedback_block": None}
    is_referring_side = membership.organisation_id == referral.referring_organisation_id
    is_advice_side = membership.organisation_id == referral.advice_organisation_id
    rates = is_referring_side and can(membership, "collaboration.rate_service")
    return {
        "feedback_block": {
            "rating": selectors.rating_of(referral),
            "learning": selectors.learning_of(referral),
            "is_referring_side": is_referring_side,
            "is_advice_side": is_advice_side,
            "may_rate": rates and selectors.is_rateable(referral),
            "rating_not_yet": rates and not selectors.is_rateable(referral) and referral.is_open,
            "may_mark": is_advice_side
            and can(membership, "collaboration.mark_not_appropriate")
            and selectors.can_be_marked_not_appropriate(referral),
        }
    }
