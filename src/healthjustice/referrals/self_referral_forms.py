"""The public self-referral form: only what the advice service needs to contact the person and
know what about, in plain words."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from healthjustice.clients.forms import PHONE
from healthjustice.organisations.models import AdviceTopic, Channel

# The advice topics in the words people use for their problems.
PLAIN_TOPICS: dict[str, Promise] = {
    AdviceTopic.BENEFITS: _("Money and benefits"),
    AdviceTopic.DEBT: _("Debt"),
    AdviceTopic.HOUSING: _("Housing"),
    AdviceTopic.EMPLOYMENT: _("Work"),
    AdviceTopic.EDUCATION: _("School or college"),
    AdviceTopic.COMMUNITY_CARE: _("Care and support at home"),
    AdviceTopic.IMMIGRATION: _("Immigration"),
}
EARLIEST_BIRTH = date(1900, 1, 1)
YES, NO = "yes", "no"


class DateOfBirthWidget(forms.MultiWidget):
    """Day, month and year in three boxes, as NHS.UK asks for dates people know by heart."""

    def __init__(self) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(),
            "month": forms.TextInput(),
            "year": forms.TextInput(),
        }
        super().__init__(widgets=widgets)

    def decompress(self, value: date | None) -> list[Any]:
        return [value.day, value.month, value.year] if value else [None, None, None]

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the day box.
        return f"{id_}_day" if id_ else id_


class DateOfBirthField(forms.MultiValueField):
    widget = DateOfBirthWidget

    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list:
            return None
        try:
            day, month, year = (int(part.strip()) for part in data_list)
            if year < 1000:
                raise ValueError("a year has four digits")
            return date(year, month, day)
        except (TypeError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def _check_phone(value: str) -> str:
    digits = sum(character.isdigit() for character in value)
    if value and (not PHONE.match(value) or not 7 <= digits <= 15):
        raise ValidationError(_("Enter a phone number, like 01632 960 001 or 07700 900 982."))
    return value


class SelfReferralForm(forms.Form):
    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter your first name.")},
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Enter your last name.")},
    )
    date_of_birth = DateOfBirthField(
        label=_("Date of birth"),
        help_text=_("For example, 15 3 1984"),
        error_messages={
            "required": _("Enter your date of birth."),
            "incomplete": _("Enter your date of birth with a day, month and year."),
            "invalid": _("Enter your date of birth as a real date, like 15 3 1984."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com.")
        },
    )
    may_contact = forms.MultipleChoiceField(
        label=_("Is it safe to leave you a message?"),
        help_text=_(
            "Only tick what is safe. Leave both unticked if someone else might hear or read "
            "your messages."
        ),
        choices=[
            ("voicemail", _("Yes, the adviser can leave a voicemail")),
            ("text", _("Yes, the adviser can send a text message")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    best_times = forms.CharField(
        label=_("When is the best time to contact you?"),
        help_text=_("For example, weekday mornings or after 3pm."),
        required=False,
        max_length=200,
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        help_text=_("Tick all that apply."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one thing you need help with."),
            "invalid_choice": _("Tick at least one thing you need help with."),
        },
    )
    help_wanted = forms.CharField(
        label=_("Tell us a little about it"),
        help_text=_("A few sentences is enough. The adviser will ask you more when they call."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us a little about what you need help with."),
            "max_length": _("Keep it to 2000 characters or fewer."),
        },
    )
    urgent = forms.ChoiceField(
        label=_("Is it urgent?"),
        help_text=_("For example, you have a court date, an eviction notice or no money for food."),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether it is urgent."),
            "invalid_choice": _("Say whether it is urgent."),
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("Tick to agree, so that the advice service can contact you and help.")
        },
    )
    evaluation_consent = forms.BooleanField(
        label=_(
            "You may use my answers, without my name, in anonymous statistics about who the "
            "service helps."
        ),
        required=False,
    )

    # How the page groups the fields, each group under its own heading.
    sections = [
        (_("About you"), ["given_name", "family_name", "date_of_birth"]),
        (
            _("How to contact you"),
            ["phone", "email", "may_contact", "best_times"],
        ),
        (_("What you need help with"), ["needs", "help_wanted", "urgent"]),
        (_("Your agreement"), ["consent", "evaluation_consent"]),
    ]
    field_order = [name for _heading, names in sections for name in names]

    def __init__(self, *args: Any, topics: list[str], organisations: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [  # type: ignore[attr-defined]
            (topic, PLAIN_TOPICS[topic]) for topic in AdviceTopic.values if topic in topics
        ]
        self.fields["consent"].label = _(
            "I agree that %(organisations)s can contact me and keep what I write here to help me."
        ) % {"organisations": organisations}

    def clean_date_of_birth(self) -> date | None:
        value: date | None = self.cleaned_data.get("date_of_birth")
        if value is not None and value > timezone.localdate():
            raise ValidationError(_("Your date of birth must be in the past."))
        if value is not None and value < EARLIEST_BIRTH:
            raise ValidationError(_("Your date of birth must be after 1900."))
        return value

    def clean_phone(self) -> str:
        return _check_phone(self.cleaned_data.get("phone", "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "phone" in data and "email" in data and not (data["phone"] or data["email"]):
            self.add_error(
                "phone",
                _("Enter a phone number or an email address, so that the adviser can contact you."),
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What self_referral_create takes, from the cleaned answers."""
        data = self.cleaned_data
        ways = data["may_contact"]
        return {
            "client_details": {
                "given_name": data["given_name"].strip(),
                "family_name": data["family_name"].strip(),
                "date_of_birth": data["date_of_birth"],
                "phone": data["phone"],
                "email": data["email"],
                "may_leave_voicemail": "voicemail" in ways,
                "may_text": "text" in ways,
            },
            "needs": data["needs"],
            "help_wanted": data["help_wanted"],
            "contact_channels": [
                channel
                for channel, given in (
                    (Channel.PHONE, data["phone"]),
                    (Channel.EMAIL, data["email"]),
                )
                if given
            ],
            "best_times": data["best_times"],
            "urgent": data["urgent"] == YES,
            "evaluation_consent": data["evaluation_consent"],
        }
