"""The pages that add to a case file: issues and their outcomes, notes, documents, the wellbeing
measure and summaries shared with the referrer. Each loads the case through the membership's
selector, so a case of another organisation is never found; the services validate, write and
audit."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from healthjustice.casework import selectors, services
from healthjustice.casework.models import (
    Case,
    CaseDocument,
    CaseIssue,
    CountingMethod,
    Outcome,
    WellbeingMeasure,
    WellbeingStage,
)
from healthjustice.casework.record_forms import (
    ADVICE_LEVEL_HINTS,
    DocumentForm,
    IssueEditForm,
    IssueForm,
    NoteForm,
    OutcomeForm,
    SummaryShareForm,
    WellbeingForm,
)
from healthjustice.core.audit import audit_record
from healthjustice.core.downloads import document_download as core_download
from healthjustice.core.forms import add_rule_errors
from healthjustice.core.jinja2 import format_money
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return selectors.case_get(_membership(request), case_id)


def _issue(request: HttpRequest, case_id: str, issue_id: str, **_kwargs: Any) -> CaseIssue:
    return selectors.issue_get(_case(request, case_id), issue_id)


def _document(request: HttpRequest, case_id: str, document_id: str, **_kwargs: Any) -> CaseDocument:
    return selectors.document_get(_case(request, case_id), document_id)


def _case_url(case: Case, section: str) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.public_id}) + f"#{section}"


def _form_page(
    request: HttpRequest,
    *,
    case: Case,
    form: forms.BaseForm,
    save: Callable[[], Any],
    message: Callable[[Any], str],
    section: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; when it is valid, save through the service and go back to the case page's
    `section`. The service's refusals land on the form's fields, and nothing is changed."""
    if request.method == "POST":
        saved: list[Any] = []
        if form.is_valid():
            add_rule_errors(form, lambda: saved.append(save()))
        if saved:
            messages.success(request, message(saved[0]))
            return redirect(_case_url(case, section))
    else:
        audit_record(action=AuditAction.VIEW, request=request, target=case)
    return render(
        request,
        template,
        {
            "form": form,
            "case": case,
            "back_href": _case_url(case, section),
            **(context or {}),
        },
        status=400 if form.errors else 200,
    )


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# Issues -----------------------------------------------------------------------------------------


@permission_required("casework.change", _case)
def issue_add(request: HttpRequest, obj: Case) -> HttpResponse:
    form = IssueForm(_post(request))
    return _form_page(
        request,
        case=obj,
        form=form,
        save=lambda: services.issue_add(
            request=request,
            membership=_membership(request),
            case=obj,
            category=form.cleaned_data["category"],
            advice_level=form.cleaned_data["advice_level"],
            description=form.cleaned_data["description"],
        ),
        message=lambda issue: _("Issue added: %(category)s.") % {"category": issue.category_label},
        section="issues",
        template="casework/issue_form.jinja",
        context={"title": _("Add an issue"), "level_hints": ADVICE_LEVEL_HINTS},
    )


@permission_required("casework.change", _issue)
def issue_edit(request: HttpRequest, obj: CaseIssue) -> HttpResponse:
    issue = obj
    form = IssueEditForm(
        _post(request),
        initial={
            "category": issue.category,
            "advice_level": issue.advice_level,
            "description": issue.description,
            "status": issue.status,
        },
    )
    return _form_page(
        request,
        case=issue.case,
        form=form,
        save=lambda: services.issue_update(
            request=request,
            membership=_membership(request),
            issue=issue,
            category=form.cleaned_data["category"],
            advice_level=form.cleaned_data["advice_level"],
            description=form.cleaned_data["description"],
            status=form.cleaned_data["status"],
        ),
        message=lambda saved: _("Issue saved."),
        section="issues",
        template="casework/issue_form.jinja",
        context={"title": _("Change the issue"), "level_hints": ADVICE_LEVEL_HINTS},
    )


# Outcomes ---------------------------------------------------------------------------------------


def _outcome_message(outcome: Outcome) -> str:
    if outcome.counting_method == CountingMethod.WEEKLY_ANNUALISED:
        return _(
            "Outcome recorded: %(weekly)s a week, reported as %(yearly)s a year (× 52)."  # noqa: RUF001
        ) % {"weekly": format_money(outcome.amount), "yearly": format_money(outcome.annual_amount)}
    if outcome.amount is not None:
        return _("Outcome recorded: %(amount)s.") % {"amount": format_money(outcome.amount)}
    return _("Outcome recorded.")


@permission_required("casework.change", _issue)
def outcome_add(request: HttpRequest, obj: CaseIssue) -> HttpResponse:
    issue = obj
    form = OutcomeForm(_post(request))
    return _form_page(
        request,
        case=issue.case,
        form=form,
        save=lambda: services.outcome_record(
            request=request,
            membership=_membership(request),
            issue=issue,
            kind=form.cleaned_data["kind"],
            achieved_on=form.cleaned_data["achieved_on"],
            amount=form.cleaned_data["amount"],
            evidence_note=form.cleaned_data["evidence_note"],
        ),
        message=_outcome_message,
        section="issues",
        template="casework/outcome_form.jinja",
        context={"title": _("Record an outcome"), "issue": issue},
    )


# Notes ------------------------------------------------------------------------------------------


@permission_required("casework.change", _case)
def note_add(request: HttpRequest, obj: Case) -> HttpResponse:
    """Posted from the form on the case page; shown on a page of its own to start afresh or to
    correct what was refused."""
    form = NoteForm(_post(request))
    return _form_page(
        request,
        case=obj,
        form=form,
        save=lambda: services.note_add(
            request=request,
            membership=_membership(request),
            case=obj,
            kind=form.cleaned_data["kind"],
            body=form.cleaned_data["body"],
            occurred_at=form.cleaned_data["occurred_at"],
        ),
        message=lambda saved: _("Note added."),
        section="notes",
        template="casework/note_form.jinja",
        context={"title": _("Add a note")},
    )


# Documents --------------------------------------------------------------------------------------


@permission_required("casework.change", _case)
def document_add(request: HttpRequest, obj: Case) -> HttpResponse:
    post = request.method == "POST"
    form = DocumentForm(request.POST if post else None, request.FILES if post else None)
    return _form_page(
        request,
        case=obj,
        form=form,
        save=lambda: services.document_add(
            request=request,
            membership=_membership(request),
            case=obj,
            upload=form.cleaned_data["attachment"],
            description=form.cleaned_data["description"],
        ),
        message=lambda document: _("Document added: %(name)s.") % {"name": document.original_name},
        section="documents",
        template="casework/document_form.jinja",
        context={"title": _("Add a document")},
    )


@permission_required("casework.view", _document)
def document_download(request: HttpRequest, obj: CaseDocument) -> FileResponse:
    """A document of the case file, never shown inline by the browser."""
    return core_download(
        request,
        file=obj.file,
        name=obj.original_name,
        content_type=obj.content_type,
        target=obj,
        detail={"case": str(obj.case.public_id)},
    )


# Wellbeing --------------------------------------------------------------------------------------


def _wellbeing_message(measure: WellbeingMeasure) -> str:
    scores = {"raw": measure.raw_score, "metric": measure.metric_score}
    if measure.stage == WellbeingStage.START:
        return (
            _(
                "Wellbeing at the start recorded: raw score %(raw)s out of 35, metric score "
                "%(metric)s."
            )
            % scores
        )
    return (
        _("Wellbeing at closure recorded: raw score %(raw)s out of 35, metric score %(metric)s.")
        % scores
    )


@permission_required("casework.change", _case)
def wellbeing_record(request: HttpRequest, obj: Case) -> HttpResponse:
    stage = request.resolver_match.kwargs["stage"]  # type: ignore[union-attr]
    if stage not in WellbeingStage.values:
        raise Http404
    earlier = selectors.wellbeing_of(obj).get(stage)
    form = WellbeingForm(_post(request), initial=earlier.answers if earlier else None)
    return _form_page(
        request,
        case=obj,
        form=form,
        save=lambda: services.wellbeing_record(
            request=request,
            membership=_membership(request),
            case=obj,
            stage=stage,
            answers=form.answers(),
        ),
        message=_wellbeing_message,
        section="wellbeing",
        template="casework/wellbeing_form.jinja",
        context={
            "title": _("Wellbeing at the start")
            if stage == WellbeingStage.START
            else _("Wellbeing at closure"),
            "earlier": earlier,
        },
    )


# Sharing with the referrer ----------------------------------------------------------------------


def _why_not_shareable(case: Case) -> tuple[str, bool]:
    """Why nothing can be shared from this case with a referrer (empty when it can be), and
    whether recording the client's consent would change that."""
    referral = case.referral
    if referral is None or referral.referring_organisation_id is None:
        return (
            _(
                "This case did not come from a professional's referral, so there is no referrer "
                "to share a summary with."
            ),
            False,
        )
    if selectors.feedback_consent_in_force(case) is None:
        return (
            _(
                "The client has not agreed to outcome feedback being sent to the referrer. "
                "Record their consent on the client's record first."
            ),
            True,
        )
    return "", False


@permission_required("casework.change", _case)
def summary_share(request: HttpRequest, obj: Case) -> HttpResponse:
    title = _("Share a summary with the referrer")
    blocked, consent_missing = _why_not_shareable(obj)
    if blocked:
        # No form is offered, and a post that arrives anyway is refused without a write.
        if request.method != "POST":
            audit_record(action=AuditAction.VIEW, request=request, target=obj)
        consent_href = (
            reverse("clients:consent_record", kwargs={"client_id": obj.client.public_id})
            if consent_missing and can(_membership(request), "clients.manage", obj.client)
            else ""
        )
        return render(
            request,
            "casework/share_form.jinja",
            {
                "title": title,
                "case": obj,
                "blocked": blocked,
                "consent_href": consent_href,
                "back_href": _case_url(obj, "shared"),
            },
            status=400 if request.method == "POST" else 200,
        )
    form = SummaryShareForm(_post(request))
    return _form_page(
        request,
        case=obj,
        form=form,
        save=lambda: services.summary_share(
            request=request,
            membership=_membership(request),
            case=obj,
            summary=form.cleaned_data["summary"],
        ),
        message=lambda saved: _("Summary shared. The referrer has been told it is there."),
        section="shared",
        template="casework/share_form.jinja",
        context={"title": title, "referral": obj.referral},
    )
