from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from healthjustice.screening.definitions import Definition, Question
from healthjustice.screening.models import Questionnaire
from healthjustice.screening.scoring import Answer
from healthjustice.screening.services import MAX_IMPORT_BYTES

# What browsers send for a .json file; some send nothing more specific than these.
JSON_CONTENT_TYPES = {"application/json", "application/fhir+json", "application/octet-stream", ""}
YES, NO = "yes", "no"


class ScreeningForm(forms.Form):
    """One radio group per question, labelled in the interface's language. Yes/no questions post
    "yes" or "no"; choice questions post the answer's code."""

    prefix = "answer"

    def __init__(self, *args: Any, definition: Definition, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for question in definition.questions:
            self.fields[question.link_id] = forms.ChoiceField(
                label=question.text.in_language(language),
                choices=self._choices(question, language),
                widget=forms.RadioSelect,
                required=question.required,
                error_messages={
                    "required": gettext("Select an answer to: %(question)s")
                    % {"question": question.text.in_language(language)},
                    "invalid_choice": gettext("Select one of the answers given."),
                },
            )

    @staticmethod
    def _choices(question: Question, language: str) -> list[tuple[str, str]]:
        if question.kind == "boolean":
            return [(YES, gettext("Yes")), (NO, gettext("No"))]
        return [(str(option.value), option.label(language)) for option in question.options]

    def answers(self) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        for question in self.definition.questions:
            value = self.cleaned_data.get(question.link_id)
            if not value:
                continue
            answers[question.link_id] = value == YES if question.kind == "boolean" else value
        return answers


class QuestionnaireImportForm(forms.Form):
    fhir_json = forms.CharField(
        label=_("Paste the questionnaire's FHIR JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        max_length=MAX_IMPORT_BYTES,
    )
    file = forms.FileField(
        label=_("Or choose a JSON file"),
        help_text=_("A FHIR R4 Questionnaire, up to 256 KB."),
        required=False,
    )

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        if (
            not (upload.name or "").lower().endswith(".json")
            or (upload.content_type or "").split(";")[0] not in JSON_CONTENT_TYPES
        ):
            raise forms.ValidationError(_("Choose a JSON file (ending .json)."))
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s KB.") % {"limit": MAX_IMPORT_BYTES // 1024}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        text, upload = data.get("fhir_json", "").strip(), data.get("file")
        if text and upload:
            raise forms.ValidationError(_("Paste the questionnaire or choose a file, not both."))
        if not text and not upload:
            raise forms.ValidationError(_("Paste the questionnaire's FHIR JSON or choose a file."))
        data["content"] = upload.read() if upload else text
        return data


class QuestionnaireChooseForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.none(),
        to_field_name="public_id",
        error_messages={"invalid_choice": _("Choose one of the questionnaires listed.")},
    )

    def __init__(self, *args: Any, questionnaires: QuerySet[Questionnaire], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires  # type: ignore[attr-defined]
