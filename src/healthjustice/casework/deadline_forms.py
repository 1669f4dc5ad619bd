"""The deadline form: one page for every kind, so that it works without JavaScript. The fields of
each kind are all in the page; only those of the chosen kind are read."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from healthjustice.casework import services
from healthjustice.casework.deadlines import Calculation
from healthjustice.casework.models import CaseIssue, DeadlineKind
from healthjustice.core.forms import DateInput, add_service_errors

YES, NO = "yes", "no"
STATEMENT_DATES = ("statement_requested_on", "statement_provided_on")


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is the deadline for?"),
        choices=DeadlineKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the deadline is for.")},
    )
    issue = forms.ModelChoiceField(
        label=_("Which issue is it about?"),
        required=False,
        queryset=CaseIssue.objects.none(),
        to_field_name="public_id",
        empty_label=_("Not about one issue"),
        error_messages={"invalid_choice": _("Choose one of this case's issues.")},
    )
    # A mandatory reconsideration.
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=DateInput(),
        help_text=_("The date on the decision letter, not the day it arrived."),
    )
    statement_requested = forms.ChoiceField(
        label=_("Did the client ask for a written statement of the reasons for the decision?"),
        choices=[(NO, _("No")), (YES, _("Yes"))],
        widget=forms.RadioSelect,
        required=False,
        initial=NO,
    )
    statement_requested_on = forms.DateField(
        label=_("Date the client asked for the statement"),
        required=False,
        widget=DateInput(),
        help_text=_("Only if they asked for one."),
    )
    statement_provided_on = forms.DateField(
        label=_("Date the statement arrived"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave this empty if it has not arrived yet: the deadline moves when it does."),
    )
    # An appeal to the tribunal.
    notice_date = forms.DateField(
        label=_("Date of the mandatory reconsideration notice"),
        required=False,
        widget=DateInput(),
        help_text=_("The date the notice was sent, printed on the letter."),
    )
    # Any other deadline.
    title = forms.CharField(label=_("What is due"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Date it is due"), required=False, widget=DateInput())
    remind_days_before = forms.IntegerField(
        label=_("Remind me this many days before it is due"),
        initial=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}),
        help_text=_(
            "The adviser on the case is sent a reminder. Enter 0 to be reminded on the day."
        ),
        error_messages={
            "required": _("Enter how many days before the deadline to be reminded."),
            "invalid": _("Enter a whole number of days, like 5."),
        },
    )

    def __init__(self, *args: Any, issues: QuerySet[CaseIssue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["issue"]  # type: ignore[assignment]
        field.queryset = issues
        field.label_from_instance = _issue_label  # type: ignore[method-assign, assignment]
        self.calculation: Calculation | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        data["dates"] = {}
        if kind == DeadlineKind.MANDATORY_RECONSIDERATION:
            data["dates"] = self._reconsideration_dates(data)
        elif kind == DeadlineKind.TRIBUNAL_APPEAL:
            data["dates"] = {"notice_date": data.get("notice_date")}
        elif kind == DeadlineKind.CUSTOM:
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Say what is due."))
            if data.get("due_date") is None and "due_date" not in self.errors:
                self.add_error("due_date", _("Enter the date it is due."))
        if kind in (DeadlineKind.MANDATORY_RECONSIDERATION, DeadlineKind.TRIBUNAL_APPEAL) and not (
            self.errors
        ):
            try:
                self.calculation = services.deadline_calculate(kind, data["dates"])
            except ValidationError as error:
                add_service_errors(self, error)
        return data

    def _reconsideration_dates(self, data: dict[str, Any]) -> dict[str, date | None]:
        """The dates the calculator needs, with each impossible one named on its own field."""
        decision = data.get("decision_date")
        requested_on = data.get("statement_requested_on")
        provided_on = data.get("statement_provided_on")
        if data.get("statement_requested") != YES:
            if requested_on or provided_on:
                self.add_error(
                    "statement_requested",
                    _("You entered dates for a written statement: choose Yes, or clear the dates."),
                )
            return {"decision_date": decision}
        if requested_on is None:
            if "statement_requested_on" not in self.errors:
                self.add_error(
                    "statement_requested_on",
                    _("Enter the date the client asked for the statement."),
                )
        elif decision is not None and requested_on < decision:
            self.add_error(
                "statement_requested_on",
                _("The statement cannot have been asked for before the date of the decision."),
            )
        elif provided_on is not None and provided_on < requested_on:
            self.add_error(
                "statement_provided_on",
                _("The statement cannot have arrived before the client asked for it."),
            )
        return {
            "decision_date": decision,
            "statement_requested_on": requested_on,
            "statement_provided_on": provided_on,
        }


def _issue_label(issue: CaseIssue) -> str:
    if not issue.description:
        return issue.category_label
    summary = issue.description if len(issue.description) <= 60 else issue.description[:59] + "…"
    return f"{issue.category_label}: {summary}"


class StatementArrivedForm(forms.Form):
    provided_on = forms.DateField(
        label=_("When did the written statement of reasons arrive?"),
        help_text=_("The date on the statement, or the day it reached the client if later."),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date the statement arrived."),
            "invalid": _("Enter a real date, like 27 3 2026."),
        },
    )
