import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.clients.models import (
    CLIENT_DETAIL_FIELDS,
    Client,
    ConsentMethod,
    ConsentScope,
    normalise_nhs_number,
    validate_nhs_number,
)
from healthjustice.core.forms import DateInput

# What the client form writes to the record, as the services take it.
# The "safe to contact" checkboxes and the record's flag behind each.
CONTACT_FLAGS = {
    "voicemail": "may_leave_voicemail",
    "text": "may_text",
    "letter": "may_write",
}
EARLIEST_BIRTH = date(1900, 1, 1)
PHONE = re.compile(r"^\+?[\d\s()-]+$")
# Staff type other people's details: the browser must not offer their own.
PERSONAL = {"autocomplete": "off", "spellcheck": "false"}


def clean_nhs_number(value: str) -> str:
    """Spaces and hyphens are allowed on input; the number is kept as 10 digits."""
    digits = normalise_nhs_number(value or "")
    if not digits:
        return ""
    if not digits.isdigit():
        raise ValidationError(
            _("An NHS number has only digits, like 485 777 3456."), code="invalid_nhs_number"
        )
    if len(digits) != 10:
        raise ValidationError(
            _("An NHS number has 10 digits. You entered %(count)s."),
            code="invalid_nhs_number",
            params={"count": len(digits)},
        )
    try:
        validate_nhs_number(digits)
    except ValidationError as error:
        raise ValidationError(
            _("This is not a valid NHS number. Check each digit against the patient's record."),
            code="invalid_nhs_number",
        ) from error
    return digits


def _nhs_number_field() -> forms.CharField:
    # Longer than the 10 digits kept: people type it with spaces, as it is printed.
    return forms.CharField(
        label=_("NHS number"),
        required=False,
        max_length=20,
        help_text=_("10 digits, like 485 777 3456."),
        widget=forms.TextInput(
            attrs={**PERSONAL, "inputmode": "numeric", "class": "nhsuk-input--width-10"}
        ),
    )


def _date_of_birth_field(*, required: bool) -> forms.DateField:
    return forms.DateField(
        label=_("Date of birth"),
        required=required,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the client's date of birth."),
            "invalid": _("Enter the date of birth as a real date."),
        },
    )


def _check_date_of_birth(value: date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("The date of birth must be in the past."))
    if value < EARLIEST_BIRTH:
        raise ValidationError(_("The date of birth must be after 1900."))


def _check_phone(value: str) -> str:
    digits = sum(character.isdigit() for character in value)
    if value and (not PHONE.match(value) or not 7 <= digits <= 15):
        raise ValidationError(_("Enter a phone number, like 01632 960 001 or +44 7700 900 982."))
    return value


class ClientFindForm(forms.Form):
    family_name = forms.CharField(
        label=_("Last name"), required=False, max_length=100, widget=forms.TextInput(attrs=PERSONAL)
    )
    date_of_birth = _date_of_birth_field(required=False)
    nhs_number = _nhs_number_field()

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        _check_date_of_birth(value)
        return value

    def clean_nhs_number(self) -> str:
        return clean_nhs_number(self.cleaned_data.get("nhs_number", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or data.get("nhs_number"):
            return data
        family_name, date_of_birth = data.get("family_name"), data.get("date_of_birth")
        if family_name and not date_of_birth:
            self.add_error("date_of_birth", _("Enter the date of birth as well as the last name."))
        elif date_of_birth and not family_name:
            self.add_error("family_name", _("Enter the last name as well as the date of birth."))
        elif not family_name:
            self.add_error(
                None, _("Enter the client's last name and date of birth, or their NHS number.")
            )
        return data


class ClientForm(forms.ModelForm):
    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs=PERSONAL),
        error_messages={"required": _("Enter the client's first name.")},
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs=PERSONAL),
        error_messages={"required": _("Enter the client's last name.")},
    )
    date_of_birth = _date_of_birth_field(required=True)
    nhs_number = _nhs_number_field()
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs=PERSONAL),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com.")
        },
    )
    safe_to_contact = forms.MultipleChoiceField(
        label=_("Is it safe to contact them in these ways?"),
        help_text=_("Tick each one the client agrees to. Leave them all unticked if none is safe."),
        choices=[
            ("voicemail", _("A voicemail may be left")),
            ("text", _("Text messages may be sent")),
            ("letter", _("Letters may be sent")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Client
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "nhs_number",
            "address",
            "postcode",
            "phone",
            "email",
            "preferred_language",
            "interpreter_needed",
            "accessibility_needs",
            "representative_name",
            "representative_relationship",
            "representative_phone",
        ]
        labels = {
            "address": _("Address"),
            "postcode": _("Postcode"),
            "phone": _("Phone number"),
            "preferred_language": _("Preferred language"),
            "interpreter_needed": _("Needs an interpreter"),
            "accessibility_needs": _("Accessibility needs"),
            "representative_name": _("Name"),
            "representative_relationship": _("Their relationship to the client"),
            "representative_phone": _("Their phone number"),
        }
        help_texts = {
            "preferred_language": _("Leave blank if it is English."),
            "accessibility_needs": _(
                "For example large print, step-free access or a British Sign Language interpreter."
            ),
            "representative_name": _(
                "A relative, carer or friend the client agrees may speak for them."
            ),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={**PERSONAL, "class": "nhsuk-input--width-10"}),
            "phone": forms.TextInput(attrs={**PERSONAL, "inputmode": "tel"}),
            "representative_name": forms.TextInput(attrs=PERSONAL),
            "representative_phone": forms.TextInput(attrs={**PERSONAL, "inputmode": "tel"}),
        }

    # How the page groups the fields, each group under its own heading.
    sections = [
        (_("About the client"), ["given_name", "family_name", "date_of_birth", "nhs_number"]),
        (
            _("Contact details"),
            ["address", "postcode", "phone", "email", "safe_to_contact"],
        ),
        (
            _("Language and access"),
            ["preferred_language", "interpreter_needed", "accessibility_needs"],
        ),
        (
            _("Someone who may speak for them"),
            ["representative_name", "representative_relationship", "representative_phone"],
        ),
    ]
    field_order = [name for _heading, names in sections for name in names]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "safe_to_contact",
            [way for way, flag in CONTACT_FLAGS.items() if getattr(self.instance, flag)],
        )

    def clean_nhs_number(self) -> str:
        return clean_nhs_number(self.cleaned_data.get("nhs_number", ""))

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        _check_date_of_birth(value)
        return value

    def clean_phone(self) -> str:
        return _check_phone(self.cleaned_data.get("phone", ""))

    def clean_representative_phone(self) -> str:
        return _check_phone(self.cleaned_data.get("representative_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ways = data.get("safe_to_contact") or []
        for way, flag in CONTACT_FLAGS.items():
            data[flag] = way in ways
        return data

    def client_data(self) -> dict[str, Any]:
        """The cleaned record fields, for the services."""
        return {name: self.cleaned_data[name] for name in CLIENT_DETAIL_FIELDS}


class ClientCreateForm(ClientForm):
    """The client form with the answer to "is this one of the possible matches?"."""

    not_a_match = forms.BooleanField(label=_("None of these is the same person"), required=False)


class ConsentForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("What does the client agree to?"),
        help_text=_("Read each one to the client. Tick only what they agree to."),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose what the client agreed to."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    method = forms.ChoiceField(
        label=_("How did the client give consent?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the client gave consent."),
            "invalid_choice": _("Choose how the client gave consent."),
        },
    )

    def __init__(self, *args: Any, in_force: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A consent already in force stays as it is: only the others can be given now.
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ConsentScope.choices if value not in in_force
        ]
