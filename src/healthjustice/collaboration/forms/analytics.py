"""Forms of the collaboration analytics: which partnership and month to show, and the thresholds
of the engagement levels."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from healthjustice.collaboration.selectors.analytics import MONTHS_TO_CHOOSE_FROM, months_ending
from healthjustice.collaboration.services.analytics import check_thresholds
from healthjustice.core.forms import add_rule_errors
from healthjustice.organisations.models import Partnership


def month_key(month: date) -> str:
    return month.strftime("%Y-%m")


class MonthForm(forms.Form):
    """A month, read from the query string: one of the last two years', this month by default."""

    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args: Any, this_month: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.months = {
            month_key(month): month
            for month in reversed(months_ending(this_month, MONTHS_TO_CHOOSE_FROM))
        }
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (key, formats.date_format(month, "F Y")) for key, month in self.months.items()
        ]
        self.this_month = this_month

    def chosen_month(self) -> date:
        key = self.cleaned_data.get("month") if hasattr(self, "cleaned_data") else None
        return self.months.get(key or "", self.this_month)


class AnalyticsFilterForm(MonthForm):
    """A partnership (by opaque id) of the coordinator's, and a month."""

    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=None,
    )
    field_order = ["partnership", "month"]

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.order_fields(self.field_order)


def _activities_field(label: Any, help_text: Any) -> forms.IntegerField:
    # A text box for numbers, as the NHS.UK design system recommends; the range is checked by the
    # service's rule, whose messages say what to enter.
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        error_messages={"invalid": _("Enter a whole number of activities, like 3.")},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )


class ThresholdsForm(forms.Form):
    medium_from = _activities_field(
        _("Medium engagement from"),
        _("The number of activities, out of 6, from which a team's month is medium."),
    )
    high_from = _activities_field(
        _("High engagement from"),
        _("The number of activities, out of 6, from which a team's month is high."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}

        def rules() -> None:
            check_thresholds(medium_from=data.get("medium_from"), high_from=data.get("high_from"))

        add_rule_errors(self, rules)
        return data
