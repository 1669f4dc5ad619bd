"""Reading a FHIR Questionnaire: validation, the questions in either language, the scoring rules.

The service screens with yes/no (`boolean`) and single-choice (`choice`) questions. What an answer
means travels with the questionnaire, so an imported one carries its own rules:

- on a `choice` question's answer option, or on a `boolean` question (meaning the answer "yes"),
  the extension `NEED_URL` (valueCode: an advice topic) says which advice topic the answer shows a
  need for; it may be repeated;
- the extension `URGENCY_URL` says the answer is urgent or soon: sub-extension `level` (valueCode
  `urgent` or `soon`) and `reason` (valueCoding). A reason from `REASON_SYSTEM` is one of the
  built-in reasons; any other is labelled with its display.

Welsh (or any other language) travels in the standard translation extension on `_text`, `_title`
and an answer's `_display`.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic
from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire as FHIRQuestionnaire

from healthjustice.organisations.models import AdviceTopic
from healthjustice.referrals.models import Urgency
from healthjustice.screening.models import QuestionnaireStatus, UrgencyReason
from healthjustice.screening.scoring import Answer, Rule

TRANSLATION_URL = "http://hl7.org/fhir/StructureDefinition/translation"
# The canonical base of this service's own FHIR definitions.
FHIR_BASE = "https://healthjustice.example/fhir"
NEED_URL = f"{FHIR_BASE}/StructureDefinition/screening-need"
URGENCY_URL = f"{FHIR_BASE}/StructureDefinition/screening-urgency"
REASON_SYSTEM = f"{FHIR_BASE}/CodeSystem/screening-urgency-reason"

SUPPORTED_TYPES = ("boolean", "choice")
MAX_QUESTIONS = 30
MAX_PROBLEMS = 10
LINK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class DefinitionError(Exception):
    """Everything wrong with a questionnaire, each problem a sentence for the person importing."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems[:MAX_PROBLEMS]


@dataclass(frozen=True)
class Text:
    default: str
    translations: Mapping[str, str] = field(default_factory=dict)

    def in_language(self, language: str | None) -> str:
        primary = (language or "").split("-")[0].lower()
        return self.translations.get(primary) or self.default


@dataclass(frozen=True)
class Option:
    value: Answer
    # Empty for a yes/no question: its labels are the interface's own "Yes" and "No".
    text: Text | None = None
    coding: Mapping[str, str] | None = None

    def label(self, language: str | None) -> str:
        if self.text is None:
            return _("Yes") if self.value is True else _("No")
        return self.text.in_language(language)


@dataclass(frozen=True)
class Question:
    link_id: str
    kind: str
    text: Text
    required: bool
    options: tuple[Option, ...]

    def option_for(self, value: Answer) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class ScoringRules:
    rules: tuple[Rule, ...]
    # Reasons the questionnaire names itself (not from REASON_SYSTEM), by code.
    reason_names: Mapping[str, Text]


@dataclass(frozen=True)
class Definition:
    url: str
    version: str
    status: str
    title: Text
    questions: tuple[Question, ...]
    rules: ScoringRules


def questionnaire_validate(data: Any) -> dict[str, Any]:
    """Validate parsed JSON as a FHIR R4 Questionnaire this service can screen with; return it
    as `fhir.resources` serialises it."""
    if not isinstance(data, dict) or "resourceType" not in data:
        raise DefinitionError(
            [_('This is not a FHIR resource: expected an object with "resourceType".')]
        )
    if data["resourceType"] != "Questionnaire":
        raise DefinitionError(
            [
                _("This is a FHIR %(type)s, not a Questionnaire.")
                % {"type": str(data["resourceType"])[:40]}
            ]
        )
    try:
        resource = FHIRQuestionnaire.model_validate(data)
    except pydantic.ValidationError as error:
        raise DefinitionError(_fhir_problems(error)) from error
    normalised: dict[str, Any] = json.loads(resource.model_dump_json())
    parse_definition(normalised)
    return normalised


def _fhir_problems(error: pydantic.ValidationError) -> list[str]:
    problems = []
    for detail in error.errors()[:MAX_PROBLEMS]:
        kind = detail["type"]
        if kind.endswith("missing"):
            problem = _("a value is required.")
        elif kind == "extra_forbidden":
            problem = _("this is not an element of a FHIR R4 Questionnaire.")
        else:
            problem = detail["msg"]
        problems.append(
            _("Not valid FHIR at %(path)s: %(problem)s")
            % {"path": _fhir_path(detail["loc"]), "problem": problem}
        )
    return problems


def _fhir_path(location: tuple[int | str, ...]) -> str:
    path = "Questionnaire"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def parse_definition(fhir: Mapping[str, Any]) -> Definition:
    """The questions and rules of a Questionnaire already valid as FHIR, or every reason this
    service cannot screen with it."""
    problems: list[str] = []
    for name, message in (
        ("url", _("Give the questionnaire a canonical address (url).")),
        ("version", _("Give the questionnaire a version.")),
        ("title", _("Give the questionnaire a title.")),
    ):
        if not fhir.get(name):
            problems.append(message)
    if fhir.get("status") not in QuestionnaireStatus.values:
        problems.append(_("The questionnaire's status must be draft, active or retired."))
    items = fhir.get("item") or []
    if not items:
        problems.append(_("The questionnaire has no questions."))
    if len(items) > MAX_QUESTIONS:
        problems.append(
            _("The questionnaire has %(count)s questions; a screen may have at most %(limit)s.")
            % {"count": len(items), "limit": MAX_QUESTIONS}
        )
    questions: list[Question] = []
    rules: list[Rule] = []
    reason_names: dict[str, Text] = {}
    seen: set[str] = set()
    for item in items[:MAX_QUESTIONS]:
        question = _question(item, problems, rules, reason_names)
        if question is None:
            continue
        if question.link_id in seen:
            problems.append(
                _("The linkId %(link_id)s is used by more than one question.")
                % {"link_id": question.link_id}
            )
        seen.add(question.link_id)
        questions.append(question)
    if problems:
        raise DefinitionError(problems)
    return Definition(
        url=fhir["url"],
        version=fhir["version"],
        status=fhir["status"],
        title=_text(fhir, "title"),
        questions=tuple(questions),
        rules=ScoringRules(rules=tuple(rules), reason_names=reason_names),
    )


def _question(
    item: Mapping[str, Any],
    problems: list[str],
    rules: list[Rule],
    reason_names: dict[str, Text],
) -> Question | None:
    link_id = str(item.get("linkId", ""))
    kind = item.get("type")
    if not LINK_ID.match(link_id):
        problems.append(
            _(
                "The linkId %(link_id)s is not usable: use up to 64 letters, digits, dots, "
                "hyphens or underscores."
            )
            % {"link_id": link_id[:70]}
        )
        return None
    if kind not in SUPPORTED_TYPES:
        problems.append(
            _(
                "Question %(link_id)s is of type %(type)s: only yes/no (boolean) and single-choice "
                "(choice) questions are supported."
            )
            % {"link_id": link_id, "type": kind}
        )
        return None
    unsupported = [
        (
            item.get("item"),
            _("Question %(link_id)s contains other questions: nesting is not supported."),
        ),
        (
            item.get("enableWhen"),
            _("Question %(link_id)s is conditional (enableWhen): conditions are not supported."),
        ),
        (
            item.get("repeats"),
            _("Question %(link_id)s allows several answers (repeats): give it one answer only."),
        ),
    ]
    for present, message in unsupported:
        if present:
            problems.append(message % {"link_id": link_id})
    if not item.get("text"):
        problems.append(_("Question %(link_id)s has no text.") % {"link_id": link_id})
    text = _text(item, "text")
    required = bool(item.get("required"))
    if kind == "boolean":
        _add_rules(link_id, True, item.get("extension") or [], problems, rules, reason_names)
        options = (Option(value=True), Option(value=False))
        return Question(link_id, kind, text, required, options)
    if item.get("extension") and _effects_present(item["extension"]):
        problems.append(
            _(
                "Question %(link_id)s has needs or urgency on the question itself: put them on its "
                "answer options."
            )
            % {"link_id": link_id}
        )
    choices: list[Option] = []
    for answer in item.get("answerOption") or []:
        coding = answer.get("valueCoding") or {}
        code = coding.get("code")
        if not code:
            problems.append(
                _("Each answer option of question %(link_id)s needs a code (valueCoding.code).")
                % {"link_id": link_id}
            )
            continue
        if any(option.value == code for option in choices):
            problems.append(
                _("Question %(link_id)s offers the answer %(code)s more than once.")
                % {"link_id": link_id, "code": code}
            )
            continue
        _add_rules(link_id, code, answer.get("extension") or [], problems, rules, reason_names)
        choices.append(
            Option(
                value=code,
                text=_text(coding, "display", fallback=code),
                coding={key: coding[key] for key in ("system", "code", "display") if key in coding},
            )
        )
    if not item.get("answerOption"):
        problems.append(
            _("Question %(link_id)s needs its answers listed in the questionnaire (answerOption).")
            % {"link_id": link_id}
        )
    return Question(link_id, kind, text, required, tuple(choices))


def _effects_present(extensions: list[Mapping[str, Any]]) -> bool:
    return any(extension.get("url") in {NEED_URL, URGENCY_URL} for extension in extensions)


def _add_rules(
    link_id: str,
    answer: Answer,
    extensions: list[Mapping[str, Any]],
    problems: list[str],
    rules: list[Rule],
    reason_names: dict[str, Text],
) -> None:
    """Read what an answer means from its extensions."""
    where = {"link_id": link_id, "answer": "yes" if answer is True else answer}
    needs = [
        extension.get("valueCode") for extension in extensions if extension.get("url") == NEED_URL
    ]
    for need in needs:
        if need not in AdviceTopic.values:
            problems.append(
                _(
                    "The answer %(answer)s to question %(link_id)s names an unknown advice topic "
                    "%(topic)s. Use one of: %(topics)s."
                )
                % {**where, "topic": need, "topics": ", ".join(AdviceTopic.values)}
            )
    urgencies = [extension for extension in extensions if extension.get("url") == URGENCY_URL]
    if len(urgencies) > 1:
        problems.append(
            _("The answer %(answer)s to question %(link_id)s has more than one urgency.") % where
        )
    level = reason = None
    if urgencies:
        parts = {part.get("url"): part for part in urgencies[0].get("extension") or []}
        level = parts.get("level", {}).get("valueCode")
        coding = parts.get("reason", {}).get("valueCoding") or {}
        reason = coding.get("code")
        if level not in (Urgency.URGENT, Urgency.SOON):
            problems.append(
                _(
                    "The urgency of answer %(answer)s to question %(link_id)s must have the level "
                    "urgent or soon."
                )
                % where
            )
        if not reason:
            problems.append(
                _("The urgency of answer %(answer)s to question %(link_id)s needs a reason code.")
                % where
            )
        elif coding.get("system") == REASON_SYSTEM:
            if reason not in UrgencyReason.values:
                problems.append(
                    _("%(reason)s is not one of the built-in urgency reasons.") % {"reason": reason}
                )
        else:
            reason_names[reason] = _text(coding, "display", fallback=reason)
    if needs or urgencies:
        rules.append(
            Rule(
                link_id=link_id,
                answer=answer,
                needs=tuple(need for need in needs if need in AdviceTopic.values),
                urgency=level,
                reason=reason,
            )
        )


def _text(element: Mapping[str, Any], name: str, fallback: str = "") -> Text:
    """A string element and its translations (the standard translation extension)."""
    translations: dict[str, str] = {}
    for extension in (element.get(f"_{name}") or {}).get("extension") or []:
        if extension.get("url") != TRANSLATION_URL:
            continue
        parts = {part.get("url"): part for part in extension.get("extension") or []}
        language = str(parts.get("lang", {}).get("valueCode") or "").split("-")[0].lower()
        content = parts.get("content", {})
        value = content.get("valueString") or content.get("valueMarkdown")
        if language and value:
            translations[language] = value
    return Text(default=element.get(name) or fallback, translations=translations)
