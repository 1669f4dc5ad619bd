from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from healthjustice.core.forms import DateInput, add_rule_errors
from healthjustice.organisations.models import (
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
from healthjustice.organisations.services import funding_validate, pathway_validate


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


class ServiceForm(forms.ModelForm):
    topics = _checkboxes(_("Advice topics"), AdviceTopic.choices)
    channels = _checkboxes(_("How advice is given"), Channel.choices)

    class Meta:
        model = Service
        fields = ["name", "description", "topics", "channels", "typical_wait_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


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
