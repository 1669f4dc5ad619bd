"""The client's own feedback on the help they got: offered by a link (or its QR code) when the case
closes, or recorded by the adviser for the client.

The public page is reached with the link's random token alone. It names the advice organisation
and nothing else: not the client, not the case. It is protected like the self-referral pages, with
per-address rate limits and the honeypot and time stamp of core.spam.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from healthjustice.accounts.models import User
from healthjustice.casework import selectors, services
from healthjustice.casework.feedback_forms import QUESTIONS, ClientFeedbackForm, answer_label
from healthjustice.casework.models import Case, ClientFeedback
from healthjustice.core import spam
from healthjustice.core.audit import audit_record, client_ip
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import permission_required
from healthjustice.core.qr import qr_svg
from healthjustice.core.ratelimit import PublicFormLimits, RateLimit

logger = logging.getLogger(__name__)

# Which feedback was sent from this browser just now: its page then says "thank you" rather than
# "already given".
SENT_SESSION_KEY = "client_feedback_sent"


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return selectors.case_get(request.membership, case_id)  # type: ignore[attr-defined]


def public_link(feedback: ClientFeedback) -> str:
    """The address the client is given: absolute, since it is printed and scanned."""
    path = reverse("casework:public_feedback", kwargs={"token": feedback.token})
    return settings.SITE_URL.rstrip("/") + path


def _submitted(
    request: HttpRequest,
    form: ClientFeedbackForm,
    feedback: ClientFeedback,
    *,
    recorded_by: User | None,
) -> bool:
    """Whether the answers were valid and stored; if not, the form holds the errors."""
    if not form.is_valid():
        return False
    try:
        services.client_feedback_submit(
            request=request,
            feedback=feedback,
            answers=form.answers(),
            comment=form.cleaned_data["comment"],
            recorded_by=recorded_by,
        )
    except ValidationError as error:
        # Per question (off the scale) or for the whole form (nothing answered, already given).
        form.add_error(None, error)
        return False
    return True


def _answer_rows(feedback: ClientFeedback) -> list[tuple[str, str]]:
    return [
        (str(text), str(answer_label(getattr(feedback, name)))) for name, text in QUESTIONS.items()
    ]


# The adviser's page ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("casework.change", _case)
def client_feedback(request: HttpRequest, obj: Case) -> HttpResponse:
    """The link and QR code to give the client, a form to record their answers for them, or the
    answers once given."""
    case = obj
    feedback = selectors.client_feedback_of(case) if case.is_closed else None
    if feedback is None or feedback.is_answered:
        # Nothing to record (not closed yet, or already answered): the page says which.
        status = 409 if request.method == "POST" else 200
        return _adviser_page(request, case, feedback, None, status=status)
    if request.method != "POST":
        return _adviser_page(request, case, feedback, ClientFeedbackForm(), status=200)

    form = ClientFeedbackForm(request.POST)
    if not _submitted(request, form, feedback, recorded_by=request.user):  # type: ignore[arg-type]
        return _adviser_page(request, case, feedback, form, status=400)
    messages.success(request, _("The client's feedback has been saved."))
    return redirect("casework:client_feedback", case_id=case.public_id)


def _adviser_page(
    request: HttpRequest,
    case: Case,
    feedback: ClientFeedback | None,
    form: ClientFeedbackForm | None,
    *,
    status: int,
) -> HttpResponse:
    audit_record(
        action=AuditAction.VIEW, request=request, target=case, detail={"page": "client_feedback"}
    )
    link = public_link(feedback) if feedback is not None and not feedback.is_answered else ""
    return render(
        request,
        "casework/client_feedback.jinja",
        {
            "case": case,
            "feedback": feedback,
            "form": form,
            "link": link,
            "qr_code": qr_svg(link) if link else "",
            "answer_rows": _answer_rows(feedback) if feedback and feedback.is_answered else [],
        },
        status=status,
    )


# The client's page (public) ---------------------------------------------------------------------


def _limits() -> PublicFormLimits:
    return PublicFormLimits.per_hour(
        "client_feedback",
        attempts=settings.SELF_REFERRAL_ATTEMPT_LIMIT,
        submissions=settings.SELF_REFERRAL_RATE_LIMIT,
    )


def form_purpose(feedback: ClientFeedback) -> str:
    """What the form token of this feedback form is for: a token from another form is refused."""
    return f"client_feedback:{feedback.public_id}"


def _public_form_page(
    request: HttpRequest, feedback: ClientFeedback, form: ClientFeedbackForm, *, status: int
) -> HttpResponse:
    return render(
        request,
        "casework/public_feedback.jinja",
        {
            "organisation": feedback.case.organisation.name,
            "form": form,
            # A new time stamp each time the form is shown, also after an error.
            "form_token": spam.form_token(form_purpose(feedback)),
            "honeypot_field": spam.HONEYPOT_FIELD,
            "token_field": spam.TOKEN_FIELD,
        },
        status=status,
    )


def _public_done_page(
    request: HttpRequest, feedback: ClientFeedback, *, just_sent: bool, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "casework/public_feedback_done.jinja",
        {"organisation": feedback.case.organisation.name, "just_sent": just_sent},
        status=status,
    )


def _too_many(request: HttpRequest, feedback: ClientFeedback, limit: RateLimit) -> HttpResponse:
    ends = limit.window_ends()
    response = render(
        request,
        "casework/public_feedback_limited.jinja",
        {"organisation": feedback.case.organisation.name, "try_again_at": timezone.localtime(ends)},
        status=429,
    )
    response["Retry-After"] = str(max(1, int((ends - timezone.now()).total_seconds())))
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def public_feedback(request: HttpRequest, token: str) -> HttpResponse:
    feedback = selectors.client_feedback_by_token(token)
    if feedback is None:
        raise Http404
    if feedback.is_answered:
        just_sent = request.session.pop(SENT_SESSION_KEY, None) == str(feedback.public_id)
        # Answers are given once: a second sending changes nothing.
        status = 409 if request.method == "POST" else 200
        return _public_done_page(request, feedback, just_sent=just_sent, status=status)
    if request.method != "POST":
        return _public_form_page(request, feedback, ClientFeedbackForm(), status=200)

    client = client_ip(request) or "unknown"
    limits = _limits()
    refused = limits.refusal(client)
    if refused is not None:
        logger.warning("Client feedback refused: the %s limit was reached.", refused.name)
        return _too_many(request, feedback, refused)

    # A copy without the honeypot, so that what a bot wrote there is not shown back.
    data = request.POST.copy()
    data.pop(spam.HONEYPOT_FIELD, None)
    form = ClientFeedbackForm(data)
    automated = spam.automated_reason(request.POST, purpose=form_purpose(feedback))
    if automated:
        logger.warning("Client feedback refused as automated: %s.", automated)
        form.is_valid()
        form.add_error(None, _("Sorry, we could not send this. Please try again."))
        return _public_form_page(request, feedback, form, status=400)

    if not _submitted(request, form, feedback, recorded_by=None):
        return _public_form_page(request, feedback, form, status=400)

    limits.submissions.hit(client)
    request.session[SENT_SESSION_KEY] = str(feedback.public_id)
    return redirect("casework:public_feedback", token=feedback.token)
