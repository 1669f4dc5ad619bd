from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from healthjustice.core.forms import DateInput, add_rule_errors
from healthjustice.organisations.models import (
    MAX_CONTACT_ATTEMPTS,
    MAX_CONTACT_DAYS,
    MIN_CONTACT_ATTEMPTS,
    MIN_CONTACT_DAYS,
    ROLES_BY_KIND,
    AdviceTopic,
    Channel,
    Funding,
    Organisation,
    OrganisationKind,
    Partnership,
    Pathway,
    Role,
    Service,
    Site,
    Team,
)
from healthjustice.organisations.services import (
    funding_validate,
    pathway_validate,
    service_levels_validate,
)


def _checkboxes(label: Any, choices: Any, *, required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=required
    )


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "ods_code", "charity_number", "email", "phone", "website"]


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "setting", "address", "postcode"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "setting", "site"]

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["site"].empty_label = _("No particular site")  # type: ignore[attr-defined]


def _whole_number(
    label: Any,
    help_text: Any,
    *,
    required: Any,
    too_small: Any,
    too_big: Any,
    least: int,
    most: int,
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=least,
        max_value=most,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "required": required,
            "invalid": _("Enter a whole number, for example 3."),
            "min_value": too_small,
            "max_value": too_big,
        },
    )


def _contact_days(label: Any, help_text: Any, required: Any) -> forms.IntegerField:
    return _whole_number(
        label,
        help_text,
        required=required,
        too_small=_("The target must be at least %(limit_value)s working day."),
        too_big=_("The target can be at most %(limit_value)s working days."),
        least=MIN_CONTACT_DAYS,
        most=MAX_CONTACT_DAYS,
    )


SERVICE_LEVEL_FIELDS = [
    "urgent_contact_days",
    "soon_contact_days",
    "routine_contact_days",
    "contact_attempts_limit",
]


class ServiceForm(forms.ModelForm):
    topics = _checkboxes(_("Advice topics"), AdviceTopic.choices)
    channels = _checkboxes(_("How advice is given"), Channel.choices)
    urgent_contact_days = _contact_days(
        _("Urgent referrals: first contact within (working days)"),
        _(
            "Working days after the referral arrives, not counting weekends and bank holidays "
            "in England and Wales. From 1 to 30."
        ),
        _("Enter the target for first contact with urgent referrals."),
    )
    soon_contact_days = _contact_days(
        _("Referrals to be seen soon: first contact within (working days)"),
        _("From 1 to 30 working days."),
        _("Enter the target for first contact with referrals to be seen soon."),
    )
    routine_contact_days = _contact_days(
        _("Routine referrals: first contact within (working days)"),
        _("From 1 to 30 working days."),
        _("Enter the target for first contact with routine referrals."),
    )
    contact_attempts_limit = _whole_number(
        _("Unsuccessful contact attempts before a referral is closed"),
        _(
            "After this many attempts without reaching the client, the referral is closed as "
            "unable to contact and the referrer is told. From 1 to 10."
        ),
        required=_("Enter how many unsuccessful contact attempts close a referral."),
        too_small=_("Allow at least %(limit_value)s contact attempt."),
        too_big=_("Allow at most %(limit_value)s contact attempts."),
        least=MIN_CONTACT_ATTEMPTS,
        most=MAX_CONTACT_ATTEMPTS,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "topics",
            "channels",
            "typical_wait_days",
            *SERVICE_LEVEL_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new service starts from the usual service levels.
        if self.instance.pk is None:
            for name in SERVICE_LEVEL_FIELDS:
                self.initial.setdefault(name, getattr(self.instance, name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(self, lambda: service_levels_validate(data))
        return data


class RolesAndTeamForm(forms.Form):
    """A person's roles (those that exist in this kind of organisation) and team."""

    roles = _checkboxes(_("Roles"), [])
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(
        self, *args: Any, organisation: Organisation, teams: QuerySet[Team], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        allowed = ROLES_BY_KIND[organisation.kind]
        self.fields["roles"].choices = [c for c in Role.choices if c[0] in allowed]  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].empty_label = _("No team")  # type: ignore[attr-defined]


class MemberAddForm(RolesAndTeamForm):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    field_order = ["email", "full_name", "job_title", "roles", "team"]


class MembershipForm(RolesAndTeamForm):
    is_active = forms.BooleanField(
        label=_("Active member"),
        required=False,
        help_text=_("Deactivating a member ends all of their sessions at once."),
    )


class PartnershipForm(forms.ModelForm):
    channels = _checkboxes(_("How advice is given"), Channel.choices)

    class Meta:
        model = Partnership
        fields = ["name", "description", "integration_model", "channels", "start_date", "status"]
        widgets = {
            "start_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "integration_model": forms.RadioSelect,
            "status": forms.RadioSelect,
        }


class PartnershipMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class OrganisationRegisterForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        help_text=_("A funder does not join the partnership: add its funding afterwards."),
        widget=forms.RadioSelect,
    )
    admin_full_name = forms.CharField(label=_("Organisation admin's full name"), max_length=200)
    admin_email = forms.EmailField(
        label=_("Organisation admin's email address"),
        help_text=_("They will get an email with a link to choose a password."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "ods_code", "charity_number"]


class PathwayForm(forms.ModelForm):
    topics = _checkboxes(_("Advice topics"), AdviceTopic.choices)

    class Meta:
        model = Pathway
        fields = ["from_team", "from_site", "to_service", "topics", "is_active"]

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        teams: QuerySet[Team],
        sites: QuerySet[Site],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["from_team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["from_team"].help_text = _("Choose a team or a site, not both.")
        self.fields["from_site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["to_service"].queryset = services  # type: ignore[attr-defined]
        for name in ("from_team", "from_site", "to_service"):
            self.fields[name].label_from_instance = _with_organisation  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(self, lambda: pathway_validate(self.partnership, data))
        return data


def _with_organisation(obj: Team | Site | Service) -> str:
    return f"{obj.name} ({obj.organisation.name})"


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "amount", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, funders: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funders  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(self, lambda: funding_validate(data))
        return data
