"""Forms for starting a consultation, writing in one, and finding them."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from healthjustice.collaboration.selectors.consultations import Recipient
from healthjustice.collaboration.services.consultations import (
    MESSAGE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)


def _subject_field() -> forms.CharField:
    return forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={
            "required": _("Enter a subject."),
            "max_length": _("Keep the subject to %(limit_value)d characters or fewer."),
        },
    )


def _body_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your message."),
            "max_length": _("Keep the message to %(limit_value)d characters or fewer."),
        },
    )


class ConsultationStartForm(forms.Form):
    """A general question: to an organisation on the other side of one of the member's
    partnerships, or to one of its teams. It names no client."""

    recipient = forms.ChoiceField(
        label=_("Who is the question for?"),
        error_messages={
            "required": _("Choose who the question is for."),
            "invalid_choice": _("Choose who the question is for."),
        },
    )
    subject = _subject_field()
    body = _body_field(
        _("Your question"),
        _(
            "Do not name or identify a patient or client. To ask about someone who has been "
            "referred, start from their referral: that needs their consent."
        ),
    )

    def __init__(self, *args: Any, recipients: list[Recipient], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recipients = {recipient.key: recipient for recipient in recipients}
        cast(forms.ChoiceField, self.fields["recipient"]).choices = [
            ("", _("Choose an organisation or team")),
            *((key, recipient.label) for key, recipient in self.recipients.items()),
        ]

    def chosen(self) -> Recipient:
        return self.recipients[self.cleaned_data["recipient"]]


class ConsultationAboutReferralForm(forms.Form):
    subject = _subject_field()
    body = _body_field(
        _("Your question"),
        _("Share only what the other professional needs to answer it."),
    )


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))


class ConsultationFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("open", _("Open consultations")),
            ("awaiting", _("Awaiting your reply")),
            ("closed", _("Closed consultations")),
            ("all", _("All consultations")),
        ],
    )
