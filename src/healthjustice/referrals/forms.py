from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from healthjustice.clients.models import ConsentMethod, ConsentScope
from healthjustice.core.forms import DateInput
from healthjustice.core.pagination import cursor_from
from healthjustice.organisations.models import AdviceTopic, Channel, Pathway, Service
from healthjustice.referrals.first_contact import LONDON
from healthjustice.referrals.models import (
    NOTE_MAX_LENGTH,
    REASON_REQUIRED,
    ContactChannel,
    ContactResult,
    ReferralStatus,
    Urgency,
)


def _checkboxes(label: Any, choices: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
    )


REFERRAL_CONSENT_NEEDED = _(
    "You can only refer when the client agrees to share the referral and their contact details "
    "with the advice service."
)


class ReferralForm(forms.Form):
    """A clinician's referral. When the client has not yet agreed to share the referral, the same
    page records their consent, so that screening, consent and referral take three pages at most.
    """

    still_refer = forms.BooleanField(
        label=_("I have checked these referrals and still want to refer"),
        required=False,
    )
    pathway = forms.ModelChoiceField(
        label=_("Advice service"),
        queryset=Pathway.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the advice service to refer to."),
            "invalid_choice": _("Choose one of the services your team can refer to."),
        },
    )
    needs = _checkboxes(
        _("What does the client need advice about?"),
        AdviceTopic.choices,
        error_messages={"required": _("Choose at least one thing the client needs advice about.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how urgent this is.")},
    )
    urgency_reason = forms.CharField(
        label=_("Why is it urgent?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example an eviction notice, a court date or no money for food."),
    )
    help_wanted = forms.CharField(
        label=_("What does the client want help with?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the client's own words, if you can."),
        error_messages={"required": _("Say what the client wants help with.")},
    )
    contact_channels = _checkboxes(
        _("Best ways to contact the client"),
        Channel.choices,
        error_messages={"required": _("Choose at least one way to contact the client.")},
    )
    best_times = forms.CharField(
        label=_("Best times to contact them"),
        required=False,
        max_length=200,
        help_text=_("For example weekday mornings, or not before 10am."),
    )
    note_for_adviser = forms.CharField(
        label=_("Note for the adviser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scopes = _checkboxes(_("What the client agreed to"), [], required=False)
    method = forms.ChoiceField(
        label=_("How the client gave consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    attachment = forms.FileField(
        label=_("A document for the adviser"),
        required=False,
        help_text=_(
            "For example a benefit decision letter or a court notice: a PDF, a photo (JPEG or "
            "PNG) or a Word document, smaller than 10 MB."
        ),
    )
    health_information = forms.CharField(
        label=_("Relevant health information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what helps the adviser, for example a condition that affects the client's "
            "ability to work. It is shared only when the client agreed to share health information."
        ),
    )

    def __init__(
        self,
        *args: Any,
        pathways: QuerySet[Pathway],
        scopes_in_force: set[str],
        has_recent_referrals: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scopes_in_force = scopes_in_force
        self.has_recent_referrals = has_recent_referrals
        self.fields["pathway"].queryset = pathways  # type: ignore[attr-defined]
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            choice for choice in ConsentScope.choices if choice[0] not in scopes_in_force
        ]
        if self.needs_consent:
            self.fields["scopes"].required = True
            self.fields["scopes"].error_messages["required"] = REFERRAL_CONSENT_NEEDED
            self.fields["scopes"].help_text = _(
                "The client must agree to share the referral and their contact details with the "
                "advice service. The other agreements are optional."
            )
            self.fields["method"].required = True
            self.fields["method"].error_messages["required"] = _(
                "Choose how the client gave consent."
            )
        else:
            self.fields["scopes"].label = _("Anything else the client agrees to")
        if not has_recent_referrals:
            del self.fields["still_refer"]
        if not self.fields["scopes"].choices:  # type: ignore[attr-defined]
            del self.fields["scopes"]
            del self.fields["method"]

    @property
    def needs_consent(self) -> bool:
        return ConsentScope.SHARE_REFERRAL not in self.scopes_in_force

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("scopes", [])
        if self.has_recent_referrals and not data.get("still_refer"):
            self.add_error(
                "still_refer",
                _("Check the client's recent referrals and confirm you still want to refer them."),
            )
        scopes = set(data["scopes"])
        refused_consent = ConsentScope.SHARE_REFERRAL not in scopes and not self.errors.get(
            "scopes"
        )
        if self.needs_consent and "scopes" in self.fields and refused_consent:
            self.add_error("scopes", REFERRAL_CONSENT_NEEDED)
        if scopes and not data.get("method") and not self.errors.get("method"):
            self.add_error("method", _("Choose how the client gave consent."))
        health_consent = (
            ConsentScope.SHARE_HEALTH_INFORMATION in self.scopes_in_force
            or ConsentScope.SHARE_HEALTH_INFORMATION in scopes
        )
        if data.get("health_information", "").strip() and not health_consent:
            self.add_error(
                "health_information",
                _(
                    "The client has not agreed to share health information. Leave this empty, "
                    "or record that they agree."
                ),
            )
        return data


SORTS = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("urgency", _("Most urgent first")),
    ("status", _("Status")),
]


class ReferralFilterForm(forms.Form):
    """Filters and sorting of a referral list. None of these carries personal data, so the form
    is sent by GET and a filtered list can be bookmarked."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            ("open", _("Open (not yet finished)")),
            *ReferralStatus.choices,
        ],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    service = forms.ChoiceField(label=_("Advice service"), required=False)
    contact = forms.ChoiceField(
        label=_("First contact"),
        required=False,
        choices=[
            ("", _("Any")),
            ("waiting", _("Waiting for first contact")),
            ("overdue", _("Overdue for first contact")),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(
        self, *args: Any, services: list[Service], contact_filters: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            ("", _("Any service")),
            *((str(service.public_id), service.name) for service in services),
        ]
        # First contact is the advice side's work: the referring side filters by status.
        if not contact_filters:
            del self.fields["contact"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["after"] = cursor_from(
            self, _("This page link is not valid. Go back to the first page.")
        )
        return data


# What each move is called on the button that makes it.
ACTION_LABELS = {
    ReferralStatus.ACCEPTED: _("Accept the referral"),
    ReferralStatus.REJECTED: _("Reject the referral"),
    ReferralStatus.IN_PROGRESS: _("Start work"),
    ReferralStatus.ON_HOLD: _("Put on hold"),
    ReferralStatus.COMPLETED: _("Mark as completed"),
    ReferralStatus.FAILED: _("Mark as failed (the client could not be helped)"),
    ReferralStatus.CANCELLED: _("Cancel the referral"),
    ReferralStatus.ENTERED_IN_ERROR: _("Mark as entered in error"),
}
ACTION_ORDER = list(ACTION_LABELS)


class TransitionForm(forms.Form):
    """Moves a referral along. Every status is accepted here: whether this organisation may make
    the move now is the service's rule, and its refusal is shown as a clear error."""

    to_status = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=ReferralStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what to do with the referral."),
            "invalid_choice": _("Choose what to do with the referral."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed to reject or cancel the referral, put it on hold or mark it as failed. "
            "The other organisation will see it."
        ),
    )

    def __init__(self, *args: Any, moves: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = [
            (status, ACTION_LABELS[ReferralStatus(status)])
            for status in ACTION_ORDER
            if status in moves
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to_status = data.get("to_status")
        if to_status in REASON_REQUIRED and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Give a reason: the other organisation needs to know why it is %(status)s.")
                % {"status": ReferralStatus(to_status).label.lower()},
            )
        return data


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ContactAttemptForm(forms.Form):
    """An attempt to reach the client. The service refuses a time in the future."""

    attempted_on = forms.DateField(
        label=_("Date of the attempt"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the attempt."),
            "invalid": _("Enter a real date, for example 27 March 2026."),
        },
    )
    attempted_time = forms.TimeField(
        label=_("Time of the attempt"),
        widget=TimeInput(),
        help_text=_("For example 14:30."),
        error_messages={
            "required": _("Enter the time of the attempt."),
            "invalid": _("Enter a real time, for example 14:30."),
        },
    )
    channel = forms.ChoiceField(
        label=_("How did you try to contact the client?"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you tried to contact the client."),
            "invalid_choice": _("Choose how you tried to contact the client."),
        },
    )
    result = forms.ChoiceField(
        label=_("What happened?"),
        choices=ContactResult.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened."),
            "invalid_choice": _("Choose what happened."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only your organisation sees it. 500 characters at most."),
        error_messages={"max_length": _("The note must be 500 characters or fewer.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("attempted_on") and data.get("attempted_time"):
            data["attempted_at"] = datetime.combine(
                data["attempted_on"], data["attempted_time"], tzinfo=LONDON
            )
        return data


class RedirectForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label=_("Which service should the referral go to?"),
        queryset=Service.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the service to redirect the referral to."),
            "invalid_choice": _("Choose one of the services listed."),
        },
    )
    reason = forms.CharField(
        label=_("Why are you redirecting the referral?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The referrer will see this."),
        error_messages={"required": _("Say why you are redirecting the referral.")},
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_service"].queryset = services  # type: ignore[attr-defined]
        self.fields["to_service"].label_from_instance = (  # type: ignore[attr-defined]
            lambda service: f"{service.name} ({service.organisation.name})"
        )
