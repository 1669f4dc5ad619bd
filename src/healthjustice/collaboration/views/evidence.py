"""Medical-evidence requests. The adviser's side: a request from the case page, its own page, the
organisation's list and the questions templates. The clinician's side: the requests made to their
organisation, each with accept, decline and answer, the adviser's draft letter as a PDF, and the
letters they uploaded. Each side loads a request through its own selector, so the other side's
pages and every other organisation's requests are never found."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.casework import selectors as case_selectors
from healthjustice.casework.models import Case
from healthjustice.collaboration import evidence_pdf
from healthjustice.collaboration.forms.evidence import (
    EvidenceFilterForm,
    EvidenceRequestForm,
    ProvideForm,
    PurposeForm,
    ReasonForm,
    ReceivedFilterForm,
    TemplateForm,
)
from healthjustice.collaboration.models import EvidenceLetter, EvidencePurpose, EvidenceRequest
from healthjustice.collaboration.selectors import evidence as selectors
from healthjustice.collaboration.services import evidence as services
from healthjustice.core.audit import audit_record
from healthjustice.core.downloads import document_download
from healthjustice.core.forms import add_service_errors, handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership

PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return case_selectors.case_get(_membership(request), case_id)


def _made(request: HttpRequest, evidence_id: str, **_kwargs: Any) -> EvidenceRequest:
    return selectors.evidence_made_get(_membership(request), evidence_id)


def _received(request: HttpRequest, evidence_id: str, **_kwargs: Any) -> EvidenceRequest:
    return selectors.evidence_received_get(_membership(request), evidence_id)


def _letter(
    request: HttpRequest, evidence_id: str, letter_id: str, **_kwargs: Any
) -> EvidenceLetter:
    return selectors.letter_get(_received(request, evidence_id), letter_id)


def _case_url(case: Case) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.public_id}) + "#evidence"


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# The adviser's side: asking ---------------------------------------------------------------------


def _blocked(request: HttpRequest, case: Case, message: str, consent_missing: bool) -> HttpResponse:
    """No form is offered, and a post that arrives anyway is refused without a write."""
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=case)
    consent_href = (
        reverse("clients:consent_record", kwargs={"client_id": case.client.public_id})
        if consent_missing and can(_membership(request), "clients.manage", case.client)
        else ""
    )
    return render(
        request,
        "collaboration/evidence_blocked.jinja",
        {
            "title": _("Request medical evidence"),
            "case": case,
            "blocked": message,
            "consent_href": consent_href,
            "back_href": _case_url(case),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("collaboration.request_evidence", _case)
def evidence_request_create(request: HttpRequest, obj: Case) -> HttpResponse:
    """First what the evidence is for (which sets the questions), then the request itself."""
    membership = _membership(request)
    if obj.is_closed:
        return _blocked(request, obj, _("This case is closed."), False)
    if selectors.evidence_consent_in_force(obj) is None:
        return _blocked(request, obj, services.consent_missing_message(), True)
    recipients = selectors.evidence_recipients(membership, obj)
    if not recipients.organisations:
        return _blocked(
            request,
            obj,
            _(
                "Your organisation is not in an active partnership with any health organisation, "
                "so there is nobody to ask."
            ),
            False,
        )
    chosen = request.POST.get("purpose") if request.method == "POST" else request.GET.get("purpose")
    context = {"case": obj, "back_href": _case_url(obj), "title": _("Request medical evidence")}
    if chosen not in EvidencePurpose.values:
        purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
        purpose_form.is_valid()
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
        return render(
            request,
            "collaboration/evidence_purpose.jinja",
            {**context, "form": purpose_form},
            status=400 if purpose_form.errors or request.method == "POST" else 200,
        )
    deadlines = list(selectors.linkable_deadlines(obj))
    referral = obj.referral
    form = EvidenceRequestForm(
        _posted(request),
        recipients=recipients,
        deadlines=deadlines,
        initial={
            "purpose": chosen,
            "recipient": EvidenceRequestForm.default_recipient(
                recipients, referral.referring_team if referral else None
            ),
            "questions": "\n".join(
                selectors.template_questions(membership.organisation_id, chosen)
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        organisation, team, clinician = form.chosen_recipient()
        try:
            evidence = services.evidence_request_create(
                request=request,
                membership=membership,
                case=obj,
                purpose=form.cleaned_data["purpose"],
                questions=form.question_list(),
                health_organisation=organisation,
                team=team,
                clinician=clinician,
                deadline=form.chosen_deadline(),
                due_date=form.cleaned_data["due_date"],
                fee=form.cleaned_data["fee"],
                draft_letter=form.cleaned_data["draft_letter"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Medical evidence requested: %(reference)s. They have been told.")
                % {"reference": evidence.reference},
            )
            return redirect(_case_url(obj))
    elif request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        "collaboration/evidence_request_form.jinja",
        {
            **context,
            "form": form,
            "purpose_label": EvidencePurpose(chosen).label,
            "change_purpose_href": reverse(
                "collaboration:evidence_request_create", kwargs={"case_id": obj.public_id}
            ),
        },
        status=400 if form.errors else 200,
    )


def _evidence_page(
    request: HttpRequest, obj: EvidenceRequest, template: str, **extra: Any
) -> HttpResponse:
    """A request as either side reads it: its questions with any answers, letters and client."""
    audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        template,
        {
            "evidence": obj,
            "letters": list(selectors.letters_of(obj)),
            "answered": list(zip(obj.questions, obj.answers, strict=False)),
            "client": selectors.client_details_shown(obj.client_details),
            **extra,
            "today": timezone.localdate(),
        },
    )


@permission_required("collaboration.request_evidence", _made)
def evidence_detail(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    return _evidence_page(request, obj, "collaboration/evidence_detail.jinja")


@permission_required("collaboration.request_evidence", _made)
def evidence_withdraw(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    detail = reverse("collaboration:evidence_detail", kwargs={"evidence_id": obj.public_id})
    if not obj.is_open:
        return redirect(detail)
    form = ReasonForm(
        _posted(request),
        label=_("Why are you withdrawing the request?"),
        hint=_("The clinician's side sees this, so do not include anything about the case."),
        required_message=_("Say why you are withdrawing the request."),
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.evidence_withdraw(
            request=request, membership=_membership(request), evidence=obj, reason=data["reason"]
        ),
        success_url=detail,
        success_message=_("The request is withdrawn."),
        context={
            "title": _("Withdraw request %(reference)s") % {"reference": obj.reference},
            "back_href": detail,
            "submit_text": _("Withdraw the request"),
        },
    )


@permission_required("collaboration.request_evidence")
def evidence_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = EvidenceFilterForm(data)
    status = form.cleaned_data["status"] if form.is_valid() else "open"
    rows = selectors.filter_evidence(selectors.evidence_requests_made(membership), status=status)
    return render(
        request,
        "collaboration/evidence_list.jinja",
        {
            "side": "advice",
            "title": _("Evidence requests"),
            "form": form,
            "page": _page(request, rows),
            "query": _query_without_page(request),
            "filtered": bool(request.GET.get("status")),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


# The adviser's side: the questions templates -----------------------------------------------------


@permission_required("collaboration.manage_templates")
def evidence_templates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/evidence_templates.jinja",
        {"templates": selectors.templates_of(_membership(request))},
    )


@permission_required("collaboration.manage_templates")
def evidence_template_edit(request: HttpRequest) -> HttpResponse:
    """The questions for one purpose, named by `?purpose=` (asked for first when missing)."""
    membership = _membership(request)
    back = reverse("collaboration:evidence_templates")
    purpose = (
        request.POST.get("purpose") if request.method == "POST" else request.GET.get("purpose")
    )
    if purpose not in EvidencePurpose.values:
        purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
        purpose_form.fields["purpose"].label = _("Which questions do you want to change?")
        purpose_form.is_valid()
        return render(
            request,
            "collaboration/evidence_template_purpose.jinja",
            {"form": purpose_form, "back_href": back, "title": _("Change standard questions")},
            status=400 if purpose_form.errors or request.method == "POST" else 200,
        )
    if request.method == "POST" and "reset" in request.POST:
        services.evidence_template_reset(request=request, membership=membership, purpose=purpose)
        messages.success(request, _("The standard questions are back."))
        return redirect(back)
    form = TemplateForm(
        _posted(request),
        initial={
            "purpose": purpose,
            "questions": "\n".join(
                selectors.template_questions(membership.organisation_id, purpose)
            ),
        },
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.evidence_template_save(
            request=request,
            membership=membership,
            purpose=purpose,
            questions=form.question_list(),
        ),
        success_url=back,
        success_message=_("Questions saved. New requests start from them."),
        template="collaboration/evidence_template_form.jinja",
        context={
            "title": _("Questions for %(purpose)s") % {"purpose": EvidencePurpose(purpose).label},
            "back_href": back,
            "purpose": purpose,
        },
    )


# The clinician's side ---------------------------------------------------------------------------


@permission_required("collaboration.answer_evidence")
def evidence_inbox(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = ReceivedFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"status": "open", "addressed": ""}
    rows = selectors.addressed_first(
        selectors.filter_evidence(
            selectors.evidence_requests_received(membership), status=filters["status"]
        ),
        membership,
        addressed=filters["addressed"],
    )
    return render(
        request,
        "collaboration/evidence_list.jinja",
        {
            "side": "health",
            "title": _("Evidence requests"),
            "form": form,
            "page": _page(request, rows),
            "query": _query_without_page(request),
            "filtered": bool(request.GET.get("status") or request.GET.get("addressed")),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _received_url(evidence: EvidenceRequest) -> str:
    return reverse("collaboration:evidence_received", kwargs={"evidence_id": evidence.public_id})


def _may_answer(evidence: EvidenceRequest) -> bool:
    return evidence.is_open and evidence.consent.in_force


@permission_required("collaboration.answer_evidence", _received)
def evidence_received(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    return _evidence_page(
        request,
        obj,
        "collaboration/evidence_received.jinja",
        consent_withdrawn=not obj.consent.in_force,
        may_answer=_may_answer(obj),
    )


@permission_required("collaboration.answer_evidence", _received)
def evidence_accept(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.evidence_accept(request=request, membership=_membership(request), evidence=obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Accepted. The adviser has been told."))
    return redirect(_received_url(obj))


@permission_required("collaboration.answer_evidence", _received)
def evidence_decline(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    if not obj.is_open:
        return redirect(_received_url(obj))
    form = ReasonForm(
        _posted(request),
        label=_("Why are you declining the request?"),
        hint=_(
            "The adviser sees this. For example: the fee, or the patient is not registered here."
        ),
        required_message=_("Say why you are declining the request."),
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.evidence_decline(
            request=request, membership=_membership(request), evidence=obj, reason=data["reason"]
        ),
        success_url=_received_url(obj),
        success_message=_("Declined. The adviser has been told."),
        context={
            "title": _("Decline request %(reference)s") % {"reference": obj.reference},
            "back_href": _received_url(obj),
            "submit_text": _("Decline the request"),
        },
    )


@permission_required("collaboration.answer_evidence", _received)
def evidence_provide(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    """Structured answers, one per question, and/or signed letters."""
    if not _may_answer(obj):
        if request.method == "POST":
            messages.error(
                request,
                services.consent_withdrawn_message()
                if obj.is_open
                else _("Only an open request can be answered."),
            )
        return redirect(_received_url(obj))
    post = request.method == "POST"
    form = ProvideForm(
        request.POST if post else None, request.FILES if post else None, evidence=obj
    )
    if post and form.is_valid():
        try:
            services.evidence_provide(
                request=request,
                membership=_membership(request),
                evidence=obj,
                answers=form.answers(),
                letters=form.letters(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence sent. It is now on the adviser's case file."))
            return redirect(_received_url(obj))
    elif not post:
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return render(
        request,
        "collaboration/evidence_provide.jinja",
        {
            "evidence": obj,
            "form": form,
            "client": selectors.client_details_shown(obj.client_details),
            "back_href": _received_url(obj),
            "title": _("Answer request %(reference)s") % {"reference": obj.reference},
        },
        status=400 if form.errors else 200,
    )


@permission_required("collaboration.answer_evidence", _received)
def evidence_draft_pdf(request: HttpRequest, obj: EvidenceRequest) -> HttpResponse:
    """The adviser's draft letter, to check, change and sign: only while it can be answered."""
    if not obj.draft_letter:
        raise Http404
    if not _may_answer(obj):
        messages.error(
            request,
            services.consent_withdrawn_message()
            if obj.is_open
            else _("The draft letter is only there while the request is open."),
        )
        return redirect(_received_url(obj))
    audit_record(
        action=AuditAction.EXPORT, request=request, target=obj, detail={"what": "draft_letter"}
    )
    response = HttpResponse(evidence_pdf.draft_letter_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{obj.reference} draft letter.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("collaboration.answer_evidence", _letter)
def evidence_letter_download(request: HttpRequest, obj: EvidenceLetter) -> FileResponse:
    """A letter the clinician's organisation sent: its own copy."""
    return document_download(
        request,
        file=obj.file,
        name=obj.original_name,
        content_type=obj.content_type,
        target=obj,
        detail={"evidence_request": str(obj.request.public_id)},
    )
