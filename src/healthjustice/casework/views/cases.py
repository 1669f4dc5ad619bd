"""Cases: the lists, opening one, the case page, assignment, hold and closure."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.casework import presenters, selectors, services
from healthjustice.casework.forms import (
    AssignForm,
    CaseFilterForm,
    CaseOpenForm,
    CloseForm,
    HoldForm,
    OpenFromReferralForm,
)
from healthjustice.casework.models import (
    Case,
    CaseStatus,
    IssueStatus,
    NoteKind,
    WellbeingStage,
)
from healthjustice.clients.models import Client
from healthjustice.clients.selectors import client_get, client_matches
from healthjustice.collaboration.selectors import evidence as evidence_selectors
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership
from healthjustice.organisations.selectors import services_of
from healthjustice.referrals import presenters as referral_presenters
from healthjustice.referrals.models import Referral, ReferralSource
from healthjustice.referrals.selectors import referral_get

PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return selectors.case_get(_membership(request), case_id)


def _client(request: HttpRequest, client_id: str, **_kwargs: Any) -> Client:
    return client_get(_membership(request), client_id)


def _referral(request: HttpRequest, referral_id: str, **_kwargs: Any) -> Referral:
    # Either side finds the referral; only the advice side holds the permission to open a case,
    # and the service refuses anyone but the organisation it was made to.
    return referral_get(_membership(request), referral_id)


def _posted(request: HttpRequest) -> Any:
    """The submitted data of a POST, even an empty one (which must fail, not show a blank form)."""
    return request.POST if request.method == "POST" else None


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.public_id}) + anchor


# Lists ------------------------------------------------------------------------------------------


@permission_required("casework.view")
def case_list(request: HttpRequest) -> HttpResponse:
    """My cases by default; everyone's, or one adviser's, by the filter."""
    membership = _membership(request)
    advisers = selectors.advisers_of(membership)
    data = request.GET.copy()
    mine = data.get("adviser", "mine") == "mine"
    if mine:
        data["adviser"] = ""
    data.setdefault("status", "open")
    form = CaseFilterForm(data, advisers=advisers)
    filters = form.cleaned_data if form.is_valid() else {"status": "open", "adviser": ""}
    cases = selectors.filter_cases(
        selectors.cases_of(membership),
        status=filters["status"],
        adviser=filters["adviser"],
        mine_for=membership.user if mine else None,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "casework/case_list.jinja",
        {
            "form": form,
            "mine": mine,
            "page": page,
            "query": params.urlencode(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@permission_required("casework.supervise")
def caseloads(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/caseloads.jinja",
        {"caseloads": selectors.caseloads(_membership(request))},
    )


# Opening a case ---------------------------------------------------------------------------------


@permission_required("casework.open", _client)
def case_open(request: HttpRequest, obj: Client) -> HttpResponse:
    """A case for a walk-in, a phone call or an email: no referral behind it."""
    membership = _membership(request)
    form = CaseOpenForm(
        _posted(request),
        advisers=selectors.advisers_of(membership),
        supervisors=selectors.supervisors_of(membership),
        services=services_of(membership).order_by("name"),
        initial={"adviser": membership.user.public_id},
    )
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.case_open(
            request=request,
            membership=membership,
            client=obj,
            source=data["source"],
            service=data["service"],
            adviser=data["adviser"],
            supervisor=data["supervisor"],
        ),
        success_url=_case_url,
        success_message=_("Case opened."),
        context={
            "title": _("Open a case for %(name)s") % {"name": obj.full_name},
            "back_href": reverse("clients:client_detail", kwargs={"client_id": obj.public_id}),
            "submit_text": _("Open the case"),
        },
    )


@permission_required("casework.open", _referral)
def case_open_from_referral(request: HttpRequest, obj: Referral) -> HttpResponse:
    membership = _membership(request)
    existing = selectors.case_for_referral(membership, obj)
    if existing is not None:
        return redirect(_case_url(existing))
    details = services.client_details_from_referral(obj)
    is_self_referral = obj.source == ReferralSource.SELF
    matches = (
        []
        if is_self_referral
        else client_matches(
            membership,
            family_name=details.get("family_name", ""),
            date_of_birth=details.get("date_of_birth"),
        )
    )
    form = OpenFromReferralForm(
        _posted(request),
        matches=matches,
        advisers=selectors.advisers_of(membership),
        supervisors=selectors.supervisors_of(membership),
        initial={"adviser": membership.user.public_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open_from_referral(
                request=request,
                membership=membership,
                referral=obj,
                client=form.chosen_client(),
                adviser=form.cleaned_data["adviser"],
                supervisor=form.cleaned_data["supervisor"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect(_case_url(case))
    else:
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        "casework/case_open_from_referral.jinja",
        {
            "form": form,
            "referral": obj,
            "is_self_referral": is_self_referral,
            "client_name": referral_presenters.client_name(obj.shared_details),
        },
        status=400 if form.errors else 200,
    )


# The case page ----------------------------------------------------------------------------------


@permission_required("casework.view", _case)
def case_detail(request: HttpRequest, obj: Case) -> HttpResponse:
    membership = _membership(request)
    issues = list(selectors.issues_of(obj))
    wellbeing = selectors.wellbeing_of(obj)
    audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        "casework/case_detail.jinja",
        {
            "case": obj,
            "issues": issues,
            "deadlines": list(selectors.deadlines_of(obj)),
            "timeline": presenters.timeline(
                list(selectors.notes_of(obj)), list(selectors.events_of(obj))
            ),
            "documents": list(selectors.documents_of(obj)),
            "wellbeing": presenters.WellbeingChange(
                start=wellbeing.get(WellbeingStage.START), close=wellbeing.get(WellbeingStage.CLOSE)
            ),
            "shared_updates": list(selectors.shared_updates_of(obj)),
            "feedback_consent": selectors.feedback_consent_in_force(obj),
            "totals": selectors.financial_totals(obj),
            "client_feedback": selectors.client_feedback_of(obj),
            "evidence_requests": list(evidence_selectors.evidence_requests_of_case(obj)),
            "note_kinds": NoteKind.choices,
            "today": timezone.localdate(),
            "can_change": can(membership, "casework.change", obj) and not obj.is_closed,
        },
    )


# Changing a case --------------------------------------------------------------------------------


@permission_required("casework.change", _case)
def case_assign(request: HttpRequest, obj: Case) -> HttpResponse:
    membership = _membership(request)
    form = AssignForm(
        _posted(request),
        advisers=selectors.advisers_of(membership),
        supervisors=selectors.supervisors_of(membership),
        initial={
            "adviser": obj.adviser.public_id if obj.adviser else None,
            "supervisor": obj.supervisor.public_id if obj.supervisor else None,
        },
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.case_assign(
            request=request,
            membership=membership,
            case=obj,
            adviser=data["adviser"],
            supervisor=data["supervisor"],
        ),
        success_url=_case_url,
        success_message=_("Assignment saved."),
        context={
            "title": _("Adviser and supervisor of case %(reference)s")
            % {"reference": obj.reference},
            "back_href": _case_url(obj),
        },
    )


@permission_required("casework.change", _case)
def case_hold(request: HttpRequest, obj: Case) -> HttpResponse:
    """Put the case on hold, with a reason, or (a plain POST on a held case) take it off hold."""
    membership = _membership(request)
    if obj.status == CaseStatus.ON_HOLD:
        if request.method == "POST":
            services.case_hold(request=request, membership=membership, case=obj, on_hold=False)
            messages.success(request, _("The case is open again."))
        return redirect(_case_url(obj))
    form = HoldForm(_posted(request))
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.case_hold(
            request=request, membership=membership, case=obj, on_hold=True, reason=data["reason"]
        ),
        success_url=_case_url,
        success_message=_("The case is on hold."),
        context={
            "title": _("Put case %(reference)s on hold") % {"reference": obj.reference},
            "back_href": _case_url(obj),
            "submit_text": _("Put on hold"),
        },
    )


@permission_required("casework.change", _case)
def case_close(request: HttpRequest, obj: Case) -> HttpResponse:
    membership = _membership(request)
    if obj.is_closed:
        return redirect(_case_url(obj))
    issues = list(selectors.issues_of(obj))
    consent = selectors.feedback_consent_in_force(obj)
    has_referrer = obj.referral is not None and obj.referral.referring_organisation_id is not None
    can_send = has_referrer and consent is not None
    wellbeing = selectors.wellbeing_of(obj)
    form = CloseForm(
        _posted(request),
        can_send=can_send,
        initial={
            "feedback_summary": presenters.feedback_draft(obj, issues),
            "send_feedback": can_send,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                request=request,
                membership=membership,
                case=obj,
                reason=form.cleaned_data["reason"],
                feedback_summary=form.cleaned_data.get("feedback_summary", ""),
                send_feedback=bool(form.cleaned_data.get("send_feedback")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Case %(reference)s closed.") % {"reference": obj.reference}
            )
            return redirect(reverse("casework:client_feedback", kwargs={"case_id": obj.public_id}))
    return render(
        request,
        "casework/case_close.jinja",
        {
            "form": form,
            "case": obj,
            "issues": issues,
            "has_referrer": has_referrer,
            "consent": consent,
            "open_issues": [issue for issue in issues if issue.status == IssueStatus.OPEN],
            "missing_close_wellbeing": WellbeingStage.START in wellbeing
            and WellbeingStage.CLOSE not in wellbeing,
        },
        status=400 if form.errors else 200,
    )
