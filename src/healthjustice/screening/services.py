"""Writes of screening: recording a client's answers, importing and choosing questionnaires."""

import json
from collections.abc import Mapping
from typing import Any

import pydantic
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from healthjustice.clients.models import Client
from healthjustice.core.records import record_create, record_update
from healthjustice.organisations.models import Partnership
from healthjustice.screening.definitions import (
    Definition,
    DefinitionError,
    questionnaire_validate,
)
from healthjustice.screening.models import (
    PartnershipQuestionnaire,
    Questionnaire,
    QuestionnaireStatus,
    ScreeningResponse,
)
from healthjustice.screening.scoring import Answer, score

MAX_IMPORT_BYTES = 256 * 1024
# The longest values the model stores (the rest of the definition is JSON).
FIELD_LIMITS = {"url": 255, "version": 64, "title": 200}


def _user(request: HttpRequest | None) -> Any:
    if request is None or not request.user.is_authenticated:
        return None
    return request.user


def screening_record(
    *,
    request: HttpRequest | None,
    client: Client,
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
) -> ScreeningResponse:
    """Score the answers with the questionnaire's rules and keep them as a FHIR
    QuestionnaireResponse, validated before it is saved."""
    membership = getattr(request, "membership", None)
    if membership is not None and membership.organisation_id != client.organisation_id:
        raise PermissionDenied
    if questionnaire.status != QuestionnaireStatus.ACTIVE:
        raise ValidationError(_("This questionnaire is no longer in use. Start the screen again."))
    definition = questionnaire.definition
    _check_answers(definition, answers)
    result = score(definition.rules.rules, answers)
    screening = ScreeningResponse(
        client=client,
        organisation_id=client.organisation_id,
        questionnaire=questionnaire,
        needs=result.needs,
        urgency=result.urgency,
        urgency_reasons=result.reasons,
        team=membership.team if membership is not None else None,
        completed_by=_user(request),
        completed_at=timezone.now(),
    )
    screening.fhir = _response_resource(screening, definition, answers)
    return record_create(request=request, instance=screening)


def _check_answers(definition: Definition, answers: Mapping[str, Answer]) -> None:
    asked = {question.link_id: question for question in definition.questions}
    errors: dict[str, list[str]] = {}
    if set(answers) - set(asked):
        errors[NON_FIELD_ERRORS] = [
            _("An answer was given to a question not in the questionnaire.")
        ]
    for link_id, question in asked.items():
        if link_id not in answers:
            if question.required:
                errors.setdefault(link_id, []).append(_("Answer this question."))
        elif question.option_for(answers[link_id]) is None:
            errors.setdefault(link_id, []).append(_("Choose one of the answers."))
    if errors:
        raise ValidationError(errors)


def _response_resource(
    screening: ScreeningResponse, definition: Definition, answers: Mapping[str, Answer]
) -> dict[str, Any]:
    items = []
    for question in definition.questions:
        if question.link_id not in answers:
            continue
        value = answers[question.link_id]
        option = question.option_for(value)
        answer = (
            {"valueBoolean": value}
            if question.kind == "boolean"
            else {"valueCoding": dict(option.coding or {}) if option else {"code": value}}
        )
        items.append(
            {"linkId": question.link_id, "text": question.text.default, "answer": [answer]}
        )
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(screening.public_id),
        "questionnaire": screening.questionnaire.canonical,
        "status": "completed",
        "subject": {"reference": f"Patient/{screening.client.public_id}"},
        "authored": screening.completed_at.isoformat(),
        "item": items,
    }
    try:
        validated = QuestionnaireResponse.model_validate(resource)
    except pydantic.ValidationError as error:
        # The response is built from a validated questionnaire: failing here is a bug, not input.
        raise RuntimeError(f"QuestionnaireResponse not valid FHIR: {error}") from error
    result: dict[str, Any] = json.loads(validated.model_dump_json())
    return result


@transaction.atomic
def questionnaire_import(
    *, request: HttpRequest | None, partnership: Partnership, fhir_json: str | bytes
) -> Questionnaire:
    """Store a FHIR Questionnaire for the partnership, once it is known to be one this service can
    screen with. Every problem found is reported; nothing is stored unless there are none."""
    data = _parse_json(fhir_json)
    try:
        fhir = questionnaire_validate(data)
    except DefinitionError as error:
        raise ValidationError(error.problems) from error
    problems = [
        _("The %(element)s is longer than %(limit)s characters.")
        % {"element": name, "limit": limit}
        for name, limit in FIELD_LIMITS.items()
        if len(fhir[name]) > limit
    ]
    if problems:
        raise ValidationError(problems)
    if Questionnaire.objects.filter(url=fhir["url"], version=fhir["version"]).exists():
        raise ValidationError(
            _(
                "A questionnaire with the canonical address %(url)s and version %(version)s is "
                "already stored. Give this one a new version."
            )
            % {"url": fhir["url"], "version": fhir["version"]}
        )
    return record_create(
        request=request,
        instance=Questionnaire(
            url=fhir["url"],
            version=fhir["version"],
            title=fhir["title"],
            status=fhir["status"],
            fhir=fhir,
            partnership=partnership,
            created_by=_user(request),
        ),
    )


def _parse_json(fhir_json: str | bytes) -> Any:
    raw = fhir_json.encode("utf-8") if isinstance(fhir_json, str) else fhir_json
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The questionnaire is larger than %(limit)s KB.")
            % {"limit": MAX_IMPORT_BYTES // 1024}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not text encoded as UTF-8.")) from error
    if not text.strip():
        raise ValidationError(_("The questionnaire is empty."))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("This is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
            % {"problem": error.msg, "line": error.lineno, "column": error.colno}
        ) from error


@transaction.atomic
def partnership_questionnaire_choose(
    *, request: HttpRequest | None, partnership: Partnership, questionnaire: Questionnaire
) -> PartnershipQuestionnaire:
    """From now on the partnership's organisations screen with `questionnaire`."""
    if questionnaire.partnership_id not in (None, partnership.pk):
        raise ValidationError(_("This questionnaire belongs to another partnership."))
    if questionnaire.status != QuestionnaireStatus.ACTIVE:
        raise ValidationError(_("Only an active questionnaire can be used for screening."))
    existing = (
        PartnershipQuestionnaire.objects.select_for_update().filter(partnership=partnership).first()
    )
    if existing is None:
        return record_create(
            request=request,
            instance=PartnershipQuestionnaire(
                partnership=partnership, questionnaire=questionnaire, chosen_by=_user(request)
            ),
        )
    if existing.questionnaire_id == questionnaire.pk:
        return existing
    return record_update(
        request=request,
        instance=existing,
        data={
            "questionnaire": questionnaire,
            "chosen_by": _user(request),
            "chosen_at": timezone.now(),
        },
    )
