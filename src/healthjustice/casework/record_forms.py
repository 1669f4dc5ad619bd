"""Forms of the pages that add to a case file: issues, outcomes, notes, documents, wellbeing and
summaries shared with the referrer. The rules themselves live in the services; these forms only
turn what was typed into values and say clearly what could not be read."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from healthjustice.casework import taxonomy, wellbeing
from healthjustice.casework.models import (
    FINANCIAL_KINDS,
    AdviceLevel,
    IssueStatus,
    NoteKind,
    OutcomeKind,
)
from healthjustice.core.forms import DateInput

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

ADVICE_LEVEL_HINTS: "dict[str, StrPromise]" = {
    AdviceLevel.ADVICE: _("Information and advice on what the client can do next."),
    AdviceLevel.CASEWORK: _(
        "Acting for the client: writing letters, filling in forms, negotiating with the DWP, a "
        "landlord or creditors."
    ),
    AdviceLevel.REPRESENTATION: _("Representing the client at a tribunal, a court or a hearing."),
}

OUTCOME_HINTS: "dict[str, StrPromise]" = {
    OutcomeKind.NEW_AWARD: _("The weekly amount; reported as a yearly amount (× 52)."),  # noqa: RUF001
    OutcomeKind.ARREARS: _("The total paid once for past weeks or months."),
    OutcomeKind.LUMP_SUM: _("The total paid once."),
    OutcomeKind.DEBT_WRITTEN_OFF: _(
        "The total of the debt written off; counted separately from income."
    ),
    OutcomeKind.DEBT_MANAGED: _(
        "The total of the debt rescheduled or brought into a payment plan; counted separately "
        "from income."
    ),
}


class IssueForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the problem about?"),
        error_messages={
            "required": _("Choose a category from the list."),
            "invalid_choice": _("Choose a category from the list."),
        },
    )
    advice_level = forms.ChoiceField(
        label=_("Level of advice"),
        choices=AdviceLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the level of advice."),
            "invalid_choice": _("Choose the level of advice."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example which decision is challenged, or which creditor."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, in the reader's language, as plain strings: the page tells a group
        # from a single choice by its label being a string.
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", str(_("Choose a category"))),
            *taxonomy.choices(),
        ]


class IssueEditForm(IssueForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=IssueStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a status."),
            "invalid_choice": _("Choose a status."),
        },
    )


class PoundsField(forms.DecimalField):
    """An amount of money in pounds and pence, typed as people write it: "£1,200" or "95.5"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was the result?"),
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the result was."),
            "invalid_choice": _("Choose what the result was."),
        },
    )
    amount = PoundsField(
        label=_("Amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        help_text=_(
            "Money results only: in pounds and pence, like 95.50. For a new award or increase, "
            "the weekly amount."
        ),
        error_messages={
            "invalid": _("Enter the amount in pounds and pence, like 95.50."),
            "max_decimal_places": _(
                "Enter the amount in pounds and pence, with no more than 2 digits after the "
                "decimal point."
            ),
            "max_digits": _("Enter an amount smaller than £10,000,000,000."),
            "max_whole_digits": _("Enter an amount smaller than £10,000,000,000."),
        },
    )
    achieved_on = forms.DateField(
        label=_("Date achieved"),
        widget=DateInput(),
        help_text=_("The date of the decision or agreement, for example on the award letter."),
        error_messages={
            "required": _("Enter the date the result was achieved."),
            "invalid": _("Enter the date as a real date."),
        },
    )
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows the result, for example the DWP award letter, kept on file."),
    )

    def kind_groups(
        self,
    ) -> "list[tuple[StrPromise, list[tuple[str, StrPromise, StrPromise | None]]]]":
        """The outcome kinds as the page groups them: money first, then other results."""
        money: list[tuple[str, StrPromise, StrPromise | None]] = []
        other: list[tuple[str, StrPromise, StrPromise | None]] = []
        for value, label in OutcomeKind.choices:
            if value in FINANCIAL_KINDS:
                money.append((value, label, OUTCOME_HINTS.get(value)))
            else:
                other.append((value, label, None))
        return [(_("Money"), money), (_("Other results"), other)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of note is this?"),
        choices=NoteKind.choices,
        initial=NoteKind.NOTE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of note this is."),
            "invalid_choice": _("Choose what kind of note this is."),
        },
    )
    body = forms.CharField(
        label=_("Note"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the note.")},
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leave it empty if it happened just now."),
        error_messages={"invalid": _("Enter the date and time as a real date and time.")},
    )


class DocumentForm(forms.Form):
    # Named as the upload checks name their errors, so that each lands on this field.
    attachment = forms.FileField(
        label=_("Document"),
        help_text=_("A PDF, a photo (JPEG or PNG) or a Word document, smaller than 10 MB."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to upload."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        help_text=_("For example: PIP decision letter, 3 March."),
    )


class WellbeingForm(forms.Form):
    """The seven SWEMWBS statements, each answered from 1 (none of the time) to 5 (all of the
    time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, lazy_statement in wellbeing.ITEMS:
            statement = str(lazy_statement)
            self.fields[code] = forms.TypedChoiceField(
                label=statement,
                choices=wellbeing.ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer for “%(statement)s”.")
                    % {"statement": statement},
                    "invalid_choice": _("Choose one of the answers for “%(statement)s”.")
                    % {"statement": statement},
                },
            )

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code, _statement in wellbeing.ITEMS}


class SummaryShareForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the referrer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Write it for the referrer: what has happened and what happens next, in plain words. "
            "Do not include privileged advice, your case notes, or anything the client has not "
            "agreed to share."
        ),
        error_messages={"required": _("Write the summary to share.")},
    )
