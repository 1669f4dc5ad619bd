"""Forms of medical-evidence requests. The rules live in the services; these forms turn what was
typed into values and say clearly what could not be read."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from healthjustice.accounts.models import User
from healthjustice.casework.models import Deadline
from healthjustice.casework.record_forms import PoundsField
from healthjustice.collaboration.evidence_templates import questions_from_text
from healthjustice.collaboration.models import EvidencePurpose, EvidenceRequest
from healthjustice.collaboration.selectors.evidence import Recipients
from healthjustice.core.forms import DateInput
from healthjustice.core.jinja2 import format_date
from healthjustice.organisations.models import Organisation, Team

QUESTIONS_HINT = _("One question per line. Each line becomes a question the clinician answers.")


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("What is the evidence for?"),
        choices=EvidencePurpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the evidence is for."),
            "invalid_choice": _("Choose what the evidence is for."),
        },
    )


class EvidenceRequestForm(forms.Form):
    """Who the request is for, the questions, when it is needed, the fee and a draft letter.
    The purpose was chosen on the page before and travels with the form."""

    purpose = forms.ChoiceField(choices=EvidencePurpose.choices, widget=forms.HiddenInput)
    recipient = forms.ChoiceField(
        label=_("Who is it for?"),
        help_text=_(
            "A named clinician, a team, or anyone at the health organisation. The practice that "
            "referred the client comes first."
        ),
        error_messages={
            "required": _("Choose who the request is for."),
            "invalid_choice": _("Choose who the request is for."),
        },
    )
    questions = forms.CharField(
        label=_("Questions"),
        help_text=QUESTIONS_HINT,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Enter at least one question.")},
    )
    deadline = forms.ChoiceField(
        label=_("Linked case deadline"),
        required=False,
        help_text=_(
            "The evidence will be asked for a week before the deadline (or tomorrow, if that is "
            "sooner), and the date below is not used."
        ),
        error_messages={"invalid_choice": _("Choose one of this case's deadlines.")},
    )
    due_date = forms.DateField(
        label=_("Needed by"),
        required=False,
        widget=DateInput(),
        help_text=_("When no deadline is linked: a date in the future."),
        error_messages={"invalid": _("Enter the date as a real date.")},
    )
    fee = PoundsField(
        label=_("Fee offered"),
        required=False,
        max_digits=8,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        help_text=_("In pounds and pence, like 25.00. Leave it empty if no fee is offered."),
        error_messages={
            "invalid": _("Enter the fee in pounds and pence, like 25.00."),
            "max_decimal_places": _("Enter the fee in pounds and pence, like 25.00."),
            "max_digits": _("Enter a fee smaller than £1,000,000."),
            "max_whole_digits": _("Enter a fee smaller than £1,000,000."),
        },
    )
    draft_letter = forms.CharField(
        label=_("Draft letter for the clinician to check and sign"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The clinician can download it as a PDF, headed with the client's details and with "
            "room to sign."
        ),
    )

    def __init__(
        self,
        *args: Any,
        recipients: Recipients,
        deadlines: list[Deadline],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organisations: dict[str, Organisation] = {}
        self._teams: dict[str, Team] = {}
        self._people: dict[str, tuple[Organisation, User]] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for organisation in recipients.organisations:
            options = [
                (f"organisation:{organisation.public_id}", str(_("Anyone at the organisation")))
            ]
            self._organisations[options[0][0]] = organisation
            for team in recipients.teams[organisation.pk]:
                value = f"team:{team.public_id}"
                self._teams[value] = team
                options.append((value, str(_("Team: %(team)s") % {"team": team.name})))
            for member in recipients.clinicians[organisation.pk]:
                value = f"person:{member.public_id}"
                self._people[value] = (organisation, member.user)
                label = member.user.full_name + (f" ({member.team.name})" if member.team else "")
                options.append((value, label))
            groups.append((organisation.name, options))
        self.fields["recipient"].choices = [("", str(_("Choose who it is for"))), *groups]  # type: ignore[attr-defined]
        self._deadlines = {str(deadline.public_id): deadline for deadline in deadlines}
        self.fields["deadline"].choices = [  # type: ignore[attr-defined]
            ("", str(_("No linked deadline"))),
            *(
                (key, f"{deadline.title} ({format_date(deadline.due_date)})")
                for key, deadline in self._deadlines.items()
            ),
        ]

    def chosen_recipient(self) -> tuple[Organisation, Team | None, User | None]:
        value = self.cleaned_data["recipient"]
        if value in self._teams:
            team = self._teams[value]
            return team.organisation, team, None
        if value in self._people:
            organisation, user = self._people[value]
            return organisation, None, user
        return self._organisations[value], None, None

    def chosen_deadline(self) -> Deadline | None:
        return self._deadlines.get(self.cleaned_data.get("deadline") or "")

    def question_list(self) -> list[str]:
        return questions_from_text(self.cleaned_data["questions"])

    @staticmethod
    def default_recipient(recipients: Recipients, team: Team | None) -> str:
        """The referring team when it is one of the choices, else the first organisation."""
        if team is not None and any(team in teams for teams in recipients.teams.values()):
            return f"team:{team.public_id}"
        if recipients.organisations:
            return f"organisation:{recipients.organisations[0].public_id}"
        return ""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason.")},
    )

    def __init__(
        self, *args: Any, label: Any, hint: Any, required_message: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = required_message


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ProvideForm(forms.Form):
    """One answer per question, each optional, and the signed letters: at least one of them."""

    # Named as the upload checks name their errors, so that each lands on this field.
    attachment = MultipleFileField(
        label=_("Signed letter"),
        required=False,
        help_text=_(
            "Optional. A PDF, a photo (JPEG or PNG) or a Word document, each smaller than 10 MB. "
            "You can choose more than one file."
        ),
        error_messages={
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to upload."),
        },
    )

    def __init__(self, *args: Any, evidence: EvidenceRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer_names = []
        for index, question in enumerate(evidence.questions):
            name = f"answer_{index}"
            self.fields[name] = forms.CharField(
                label=f"{index + 1}. {question}",
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.answer_names.append(name)
        self.order_fields([*self.answer_names, "attachment"])

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(name) or "" for name in self.answer_names]

    def letters(self) -> list[UploadedFile]:
        return list(self.cleaned_data.get("attachment") or [])


class TemplateForm(forms.Form):
    purpose = forms.ChoiceField(choices=EvidencePurpose.choices, widget=forms.HiddenInput)
    questions = forms.CharField(
        label=_("Questions"),
        help_text=QUESTIONS_HINT,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Enter at least one question.")},
    )

    def question_list(self) -> list[str]:
        return questions_from_text(self.cleaned_data["questions"])


STATUS_CHOICES = [
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("provided", _("Provided")),
    ("declined", _("Declined")),
    ("withdrawn", _("Withdrawn")),
    ("all", _("All")),
]


class EvidenceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )


class ReceivedFilterForm(EvidenceFilterForm):
    addressed = forms.ChoiceField(
        label=_("Addressed to"),
        required=False,
        choices=[
            ("", _("Anyone here (yours and your team's first)")),
            ("me", _("Me")),
            ("team", _("My team")),
        ],
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
