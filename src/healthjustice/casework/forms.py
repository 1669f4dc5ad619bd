"""Forms for opening, assigning, holding and closing cases, and for finding them."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from healthjustice.accounts.models import User
from healthjustice.casework.models import CaseSource, CaseStatus, ClosureReason
from healthjustice.clients.models import Client
from healthjustice.organisations.models import Service


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _person_field(label: Any, people: list[User], empty: Any) -> _PersonChoice:
    # People are chosen by opaque id, never by email address.
    return _PersonChoice(
        label=label,
        required=False,
        queryset=User.objects.filter(pk__in=[person.pk for person in people]).order_by("full_name"),
        to_field_name="public_id",
        empty_label=empty,
    )


class AssignmentFields(forms.Form):
    def __init__(
        self, *args: Any, advisers: list[User], supervisors: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"] = _person_field(_("Adviser"), advisers, _("Nobody yet"))
        self.fields["supervisor"] = _person_field(_("Supervisor"), supervisors, _("Nobody yet"))


class CaseOpenForm(AssignmentFields):
    source = forms.ChoiceField(
        label=_("How did the client come to you?"),
        choices=[item for item in CaseSource.choices if item[0] != CaseSource.REFERRAL],
        widget=forms.RadioSelect,
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Not a particular service"),
    )
    field_order = ["source", "service", "adviser", "supervisor"]

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.order_fields(self.field_order)


NEW_CLIENT = "new"


class OpenFromReferralForm(AssignmentFields):
    """Which of the organisation's own client records the referred person is: one found by the
    same last name and date of birth, or a new record from the details the referral shared."""

    client = forms.ChoiceField(label=_("Client record"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, matches: list[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = {str(client.public_id): client for client in matches}
        cast(forms.ChoiceField, self.fields["client"]).choices = [
            *(
                (
                    key,
                    _("%(name)s, born %(born)s, already one of your clients")
                    % {"name": client.full_name, "born": client.date_of_birth.strftime("%d/%m/%Y")},
                )
                for key, client in self.matches.items()
            ),
            (NEW_CLIENT, _("A new client record, from the details the referral shared")),
        ]
        self.fields["client"].initial = NEW_CLIENT
        self.order_fields(["client", "adviser", "supervisor"])

    def chosen_client(self) -> Client | None:
        return self.matches.get(self.cleaned_data["client"])


class AssignForm(AssignmentFields):
    pass


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case on hold?"),
        help_text=_("The referrer sees this reason on the referral."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the case closing?"), choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    send_feedback = forms.BooleanField(
        label=_("Send this summary to the referrer"),
        required=False,
    )
    feedback_summary = forms.CharField(
        label=_("Summary for the referrer"),
        help_text=_(
            "Drafted from the outcomes you recorded. Plain language, no advice or case notes: "
            "the referrer's organisation keeps it in its own records."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, can_send: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_send:
            del self.fields["send_feedback"]
            del self.fields["feedback_summary"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("send_feedback") and not (data.get("feedback_summary") or "").strip():
            self.add_error("feedback_summary", _("Write the summary to send, or do not send one."))
        return data


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open or on hold")), *CaseStatus.choices, ("", _("Any status"))],
    )
    adviser = forms.ChoiceField(label=_("Adviser"), required=False)

    def __init__(self, *args: Any, advisers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["adviser"]).choices = [
            ("", _("Anyone")),
            ("none", _("Nobody yet")),
            *((str(person.public_id), person.full_name) for person in advisers),
        ]
