from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.casework import selectors as case_selectors
from healthjustice.clients.models import Client, ConsentScope
from healthjustice.clients.selectors import client_get, consent_in_force
from healthjustice.clients.services import consent_record
from healthjustice.collaboration.views.consultations import referral_consultations_context
from healthjustice.collaboration.views.feedback import referral_feedback_context
from healthjustice.core.audit import audit_record
from healthjustice.core.downloads import document_download
from healthjustice.core.forms import add_service_errors
from healthjustice.core.models import AuditAction
from healthjustice.core.pagination import Cursor, keyset_page
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations import selectors as organisation_selectors
from healthjustice.organisations.models import Membership, Service
from healthjustice.referrals import presenters, selectors, services
from healthjustice.referrals.first_contact import LONDON, london_today
from healthjustice.referrals.forms import (
    ContactAttemptForm,
    RedirectForm,
    ReferralFilterForm,
    ReferralForm,
    TransitionForm,
)
from healthjustice.referrals.models import (
    BEFORE_WORK_STATUSES,
    Referral,
    ReferralSource,
    ReferralStatus,
)
from healthjustice.screening.models import ScreeningResponse
from healthjustice.screening.selectors import screenings_of

PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: str, **_kwargs: Any) -> Client:
    return client_get(request.membership, client_id)  # type: ignore[attr-defined]


def _referral(request: HttpRequest, referral_id: str, **_kwargs: Any) -> Referral:
    return selectors.referral_get(request.membership, referral_id)  # type: ignore[attr-defined]


# Making a referral ------------------------------------------------------------------------------


def _screening(request: HttpRequest, client: Client) -> ScreeningResponse | None:
    """The screening named by `?screening=` when it is this client's, in this organisation; a
    referral can also be made directly, without one."""
    screening_id = request.GET.get("screening")
    if not screening_id:
        return None
    try:
        return organisation_selectors.get_in_scope(
            screenings_of(_membership(request), client), screening_id
        )
    except Http404:
        return None


def _prefill(screening: ScreeningResponse | None) -> dict[str, Any]:
    if screening is None:
        return {}
    return {
        "needs": list(screening.needs),
        "urgency": screening.urgency,
        "urgency_reason": "; ".join(screening.reason_labels()),
    }


@permission_required("referrals.refer", _client)
def referral_create(request: HttpRequest, obj: Client) -> HttpResponse:
    """Page 3 of screen, consent and refer: the referral, with consent recorded here when the
    client has not agreed to share the referral yet, and a warning about recent referrals."""
    membership = _membership(request)
    client = obj
    pathways = organisation_selectors.pathways_for_referrer(membership)
    recent = list(selectors.recent_referrals_of(client))
    scopes_in_force = {
        scope.value for scope in ConsentScope if consent_in_force(client, scope) is not None
    }
    screening = _screening(request, client)
    form = ReferralForm(
        request.POST or None,
        request.FILES or None,
        initial=_prefill(screening),
        pathways=pathways,
        scopes_in_force=scopes_in_force,
        has_recent_referrals=bool(recent),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = _refer(request, membership, client, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("referrals:referral_sent", referral_id=referral.public_id)
    else:
        audit_record(action=AuditAction.VIEW, request=request, target=client)
    return render(
        request,
        "referrals/referral_form.jinja",
        {
            "form": form,
            "client": client,
            "pathways": list(pathways),
            "recent": recent,
            "screening": screening,
            "shared_rows": presenters.shared_detail_rows(services.shared_details_of(client)),
            "health_consent": ConsentScope.SHARE_HEALTH_INFORMATION in scopes_in_force,
        },
        status=400 if form.errors else 200,
    )


def _refer(
    request: HttpRequest, membership: Membership, client: Client, data: dict[str, Any]
) -> Referral:
    # One transaction: consent given for this referral is kept only if the referral is made.
    with transaction.atomic():
        if data["scopes"]:
            consent_record(
                request=request,
                client=client,
                scopes=data["scopes"],
                method=data["method"],
                recorded_by=membership.user,
            )
        return services.referral_create(
            request=request,
            membership=membership,
            client=client,
            pathway=data["pathway"],
            needs=data["needs"],
            urgency=data["urgency"],
            urgency_reason=data["urgency_reason"],
            help_wanted=data["help_wanted"],
            contact_channels=data["contact_channels"],
            best_times=data["best_times"],
            note_for_adviser=data["note_for_adviser"],
            health_information=data["health_information"],
            attachment=data["attachment"],
        )


@permission_required("referrals.refer", _referral)
def referral_sent(request: HttpRequest, obj: Referral) -> HttpResponse:
    return render(request, "referrals/referral_sent.jinja", {"referral": obj})


# Lists ------------------------------------------------------------------------------------------


def _services(pathways: Any) -> list[Service]:
    seen: dict[int, Service] = {}
    for pathway in pathways:
        seen.setdefault(pathway.to_service_id, pathway.to_service)
    return sorted(seen.values(), key=lambda service: service.name)


def _page_url(query: QueryDict, **change: str) -> str:
    params = query.copy()
    for name in ("after", "page"):
        params.pop(name, None)
    for name, value in change.items():
        params[name] = value
    return f"?{params.urlencode()}" if params else "?"


def _referral_list(
    request: HttpRequest,
    referrals: Any,
    *,
    services_offered: list[Service],
    default_sort: str,
    template_context: dict[str, Any],
    contact_filters: bool = False,
) -> HttpResponse:
    data = request.GET.copy()
    if not data.get("sort"):
        data["sort"] = default_sort
    form = ReferralFilterForm(data, services=services_offered, contact_filters=contact_filters)
    filters: dict[str, Any] = dict(form.cleaned_data) if form.is_valid() else {}
    after: Cursor | None = filters.get("after")
    sort: str = filters.get("sort") or default_sort
    listed = selectors.filter_and_sort(
        referrals,
        status=filters.get("status") or "",
        urgency=filters.get("urgency") or "",
        service=filters.get("service") or "",
        contact=filters.get("contact") or "",
        services=services_offered,
        sort=sort,
    )
    first_url = _page_url(request.GET)
    pages: dict[str, Any]
    if sort == "newest":
        page = keyset_page(listed, after=after, size=PAGE_SIZE, time_field="created_at")
        pages = {
            "rows": page.rows,
            "previous_url": None if page.is_first else first_url,
            "previous_text": _("First page"),
            "next_url": _page_url(request.GET, after=str(page.next_cursor))
            if page.next_cursor
            else None,
        }
    else:
        paged = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        pages = {
            "rows": list(paged.object_list),
            "previous_url": _page_url(request.GET, page=str(paged.previous_page_number()))
            if paged.has_previous()
            else None,
            "previous_text": _("Previous page"),
            "next_url": _page_url(request.GET, page=str(paged.next_page_number()))
            if paged.has_next()
            else None,
        }
    return render(
        request,
        "referrals/referral_list.jinja",
        {
            "form": form,
            "filtered": any(
                request.GET.get(name) for name in ("status", "urgency", "service", "contact")
            ),
            "clear_url": request.path,
            **pages,
            **template_context,
        },
        status=400 if form.errors else 200,
    )


@permission_required("referrals.view_own")
def my_referrals(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return _referral_list(
        request,
        selectors.referrals_made_by(membership),
        services_offered=_services(organisation_selectors.pathways_for_referrer(membership)),
        default_sort="newest",
        template_context={"title": _("My referrals"), "side": "referrer", "current": "mine"},
    )


@permission_required("referrals.view_own")
def team_referrals(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return _referral_list(
        request,
        selectors.referrals_made_by_team(membership),
        services_offered=_services(organisation_selectors.pathways_for_referrer(membership)),
        default_sort="newest",
        template_context={
            "title": _("My team's referrals"),
            "side": "referrer",
            "current": "team",
            "team": membership.team,
        },
    )


@permission_required("referrals.inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return _referral_list(
        request,
        selectors.referrals_received(membership),
        services_offered=list(organisation_selectors.services_of(membership).order_by("name")),
        default_sort="urgency",
        contact_filters=True,
        template_context={
            "title": _("Referrals inbox"),
            "side": "advice",
            "service_level": partial(presenters.service_level, today=london_today()),
        },
    )


# One referral -----------------------------------------------------------------------------------


def _is_advice_side(request: HttpRequest, referral: Referral) -> bool:
    return referral.advice_organisation_id == _membership(request).organisation_id


def _may_record_contact(request: HttpRequest, referral: Referral) -> bool:
    return (
        _is_advice_side(request, referral)
        and referral.status in BEFORE_WORK_STATUSES
        and can(_membership(request), "referrals.record_contact", referral)
    )


def _may_redirect(request: HttpRequest, referral: Referral) -> bool:
    return (
        _is_advice_side(request, referral)
        and referral.status in BEFORE_WORK_STATUSES
        and can(_membership(request), "referrals.redirect", referral)
    )


def _new_contact_attempt_form() -> ContactAttemptForm:
    now = timezone.localtime(timezone.now(), LONDON)
    return ContactAttemptForm(
        initial={"attempted_on": now.date(), "attempted_time": now.strftime("%H:%M")}
    )


def _render_detail(
    request: HttpRequest,
    referral: Referral,
    *,
    form: TransitionForm | None = None,
    contact_form: ContactAttemptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    audit_record(action=AuditAction.VIEW, request=request, target=referral)
    attempts = list(selectors.contact_attempts_of(referral))
    may_record_contact = _may_record_contact(request, referral)
    if may_record_contact and contact_form is None:
        contact_form = _new_contact_attempt_form()
    return render(
        request,
        "referrals/referral_detail.jinja",
        {
            "referral": referral,
            "history": selectors.referral_history(referral),
            "attachments": selectors.referral_attachments(referral),
            "form": form or TransitionForm(moves=_moves(request, referral)),
            "is_advice_side": _is_advice_side(request, referral),
            "is_self_referral": referral.source == ReferralSource.SELF,
            "client_name": presenters.client_name(referral.shared_details),
            "shared_rows": presenters.shared_detail_rows(referral.shared_details),
            "needs": presenters.need_labels(referral),
            "channels": presenters.channel_labels(referral),
            "reason_text": presenters.reason_text,
            "service_level": presenters.service_level(referral, today=london_today()),
            "attempts": attempts,
            # A refused attempt keeps its errors even when the referral has moved on meanwhile.
            "contact_form": contact_form,
            "may_record_contact": may_record_contact,
            "next_attempt": presenters.next_attempt(referral, attempts),
            "may_redirect": _may_redirect(request, referral),
            "case": case_selectors.case_for_referral(_membership(request), referral),
            "may_open_case": _may_open_case(request, referral),
            "shared_updates": list(case_selectors.shared_updates_for_referral(referral)),
            **referral_feedback_context(request, referral),
            **referral_consultations_context(request, referral),
        },
        status=status,
    )


def _may_open_case(request: HttpRequest, referral: Referral) -> bool:
    return (
        _is_advice_side(request, referral)
        and can(_membership(request), "casework.open")
        and referral.status in (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED)
    )


def _moves(request: HttpRequest, referral: Referral) -> frozenset[str]:
    return services.allowed_moves(referral, _membership(request).organisation)


@permission_required("referrals.view", _referral)
def referral_detail(request: HttpRequest, obj: Referral) -> HttpResponse:
    return _render_detail(request, obj)


@require_POST
@permission_required("referrals.change_status", _referral)
def referral_transition(request: HttpRequest, obj: Referral) -> HttpResponse:
    membership = _membership(request)
    form = TransitionForm(request.POST, moves=_moves(request, obj))
    if form.is_valid():
        try:
            with transaction.atomic():
                referral = services.referral_transition(
                    request=request,
                    referral=obj,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    actor=membership.user,
                    organisation=membership.organisation,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Referral %(reference)s is now %(status)s.")
                % {
                    "reference": referral.reference,
                    "status": ReferralStatus(referral.status).label.lower(),
                },
            )
            return redirect("referrals:referral_detail", referral_id=referral.public_id)
    return _render_detail(request, obj, form=form, status=400)


@require_POST
@permission_required("referrals.record_contact", _referral)
def contact_attempt_create(request: HttpRequest, obj: Referral) -> HttpResponse:
    membership = _membership(request)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.contact_attempt_record(
                    request=request,
                    membership=membership,
                    referral=obj,
                    attempted_at=form.cleaned_data["attempted_at"],
                    channel=form.cleaned_data["channel"],
                    result=form.cleaned_data["result"],
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            add_service_errors(form, error, {"attempted_at": "attempted_on"})
        else:
            obj.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _(
                    "Contact attempt recorded. The referral is closed as unable to contact, "
                    "and the referrer has been told."
                )
                if obj.status == ReferralStatus.FAILED
                else _("Contact attempt recorded."),
            )
            return redirect("referrals:referral_detail", referral_id=obj.public_id)
    return _render_detail(request, obj, contact_form=form, status=400)


@permission_required("referrals.redirect", _referral)
def referral_redirect(request: HttpRequest, obj: Referral) -> HttpResponse:
    """Send a referral not yet started to another advice service of the partnership."""
    membership = _membership(request)
    candidates = selectors.redirect_services(obj)
    # With nowhere to send it, the page says why and nothing is sent.
    may_redirect = _may_redirect(request, obj) and candidates.exists()
    form = RedirectForm(
        request.POST if request.method == "POST" and may_redirect else None, services=candidates
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                redirected = services.referral_redirect(
                    request=request,
                    membership=membership,
                    referral=obj,
                    to_service=form.cleaned_data["to_service"],
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral %(reference)s has been redirected to %(service)s as %(new)s.")
                % {
                    "reference": obj.reference,
                    "service": redirected.service.name,
                    "new": redirected.reference,
                },
            )
            return redirect("referrals:referral_detail", referral_id=obj.public_id)
    return render(
        request,
        "referrals/referral_redirect.jinja",
        {
            "referral": obj,
            "form": form,
            "may_redirect": may_redirect,
            "before_work": obj.status in BEFORE_WORK_STATUSES,
            "client_name": presenters.client_name(obj.shared_details),
        },
        status=400 if form.errors or (request.method == "POST" and not may_redirect) else 200,
    )


@permission_required("referrals.view", _referral)
def attachment_download(request: HttpRequest, obj: Referral) -> FileResponse:
    """A document of a referral, for either side, never shown inline by the browser."""
    attachment = selectors.referral_attachment_get(
        obj,
        request.resolver_match.kwargs["attachment_id"],  # type: ignore[union-attr]
    )
    return document_download(
        request,
        file=attachment.file,
        name=attachment.original_name,
        content_type=attachment.content_type,
        target=attachment,
        detail={"referral": str(obj.public_id)},
    )
