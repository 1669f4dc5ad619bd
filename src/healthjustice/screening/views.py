from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.clients.models import Client
from healthjustice.clients.selectors import client_get
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import permission_required
from healthjustice.organisations.models import Membership, Partnership
from healthjustice.organisations.selectors import partnership_get
from healthjustice.screening import presenters, selectors, services
from healthjustice.screening.forms import (
    QuestionnaireChooseForm,
    QuestionnaireImportForm,
    ScreeningForm,
)
from healthjustice.screening.models import ScreeningResponse


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: str, **_kwargs: Any) -> Client:
    return client_get(_membership(request), client_id)


def _screening(request: HttpRequest, client_id: str, screening_id: str) -> ScreeningResponse:
    return selectors.screening_get(_membership(request), client_id, screening_id)


def _partnership(request: HttpRequest, partnership_id: str, **_kwargs: Any) -> Partnership:
    return partnership_get(_membership(request), partnership_id)


@permission_required("screening.screen", _client)
def screen(request: HttpRequest, obj: Client) -> HttpResponse:
    questionnaires = selectors.questionnaires_for_screening(_membership(request))
    wanted = request.POST.get("questionnaire") or request.GET.get("questionnaire")
    questionnaire = next(
        (q for q in questionnaires if str(q.public_id) == wanted), questionnaires[0]
    )
    form = ScreeningForm(
        request.POST if request.method == "POST" else None,
        definition=questionnaire.definition,
        language=get_language(),
    )
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=obj)
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.screening_record(
            request=request, client=obj, questionnaire=questionnaire, answers=form.answers()
        ),
        success_url=lambda screening: reverse(
            "screening:result",
            kwargs={"client_id": obj.public_id, "screening_id": screening.public_id},
        ),
        success_message=_("Screening saved."),
        context={
            "client": obj,
            "questionnaire": questionnaire,
            "questionnaires": questionnaires,
            "back_href": reverse("clients:client_detail", kwargs={"client_id": obj.public_id}),
        },
        template="screening/screen.jinja",
    )


@permission_required("screening.screen", _screening)
def result(request: HttpRequest, obj: ScreeningResponse) -> HttpResponse:
    audit_record(action=AuditAction.VIEW, request=request, target=obj)
    client = obj.client
    referral_url = reverse("referrals:referral_create", kwargs={"client_id": client.public_id})
    return render(
        request,
        "screening/result.jinja",
        {
            "screening": obj,
            "client": client,
            "answers": presenters.answer_rows(obj, get_language()),
            "tag_colour": presenters.urgency_tag_colour(obj),
            "safeguarding": presenters.needs_safeguarding(obj),
            "referral_url": f"{referral_url}?screening={obj.public_id}",
            "client_url": reverse("clients:client_detail", kwargs={"client_id": client.public_id}),
        },
    )


@permission_required("partnerships.manage", _partnership)
def partnership_questionnaires(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return render(
        request,
        "screening/partnership_questionnaires.jinja",
        {
            "partnership": obj,
            "questionnaires": selectors.questionnaires_available_to(obj),
            "in_use": selectors.questionnaire_for_partnership(obj),
        },
    )


@require_POST
@permission_required("partnerships.manage", _partnership)
def partnership_questionnaire_choose(request: HttpRequest, obj: Partnership) -> HttpResponse:
    form = QuestionnaireChooseForm(
        request.POST, questionnaires=selectors.questionnaires_choosable_by(obj)
    )
    if not form.is_valid():
        messages.error(
            request, " ".join(str(error) for error in form.errors.get("questionnaire", []))
        )
    else:
        questionnaire = form.cleaned_data["questionnaire"]
        try:
            services.partnership_questionnaire_choose(
                request=request, partnership=obj, questionnaire=questionnaire
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The partnership now screens with %(title)s (version %(version)s).")
                % {"title": questionnaire.display_title(), "version": questionnaire.version},
            )
    return redirect("screening:partnership_questionnaires", partnership_id=obj.public_id)


@permission_required("partnerships.manage", _partnership)
def questionnaire_import(request: HttpRequest, obj: Partnership) -> HttpResponse:
    is_post = request.method == "POST"
    form = QuestionnaireImportForm(
        request.POST if is_post else None, request.FILES if is_post else None
    )
    listing = reverse(
        "screening:partnership_questionnaires", kwargs={"partnership_id": obj.public_id}
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.questionnaire_import(
            request=request, partnership=obj, fhir_json=data["content"]
        ),
        success_url=listing,
        success_message=_("Questionnaire imported. Choose it to use it for screening."),
        context={"partnership": obj, "back_href": listing},
        template="screening/questionnaire_import.jinja",
    )
