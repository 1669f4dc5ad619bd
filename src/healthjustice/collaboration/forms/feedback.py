"""Forms for feedback both ways: the referrer's rating of the response, and the adviser's note that
a referral was not appropriate."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from healthjustice.collaboration.models import NotAppropriateReason, ServiceRating
from healthjustice.collaboration.services.feedback import COMMENT_MAX_LENGTH

_TOO_LONG = _("Write no more than %(limit_value)d characters.")


def rating_choices() -> list[tuple[int, Any]]:
    """Best first, each with its number, so the scale reads the same in both languages."""
    return [
        (value, _("%(number)s: %(label)s") % {"number": value, "label": label})
        for value, label in reversed(ServiceRating.choices)
    ]


def _choice_errors(message: Any) -> dict[str, Any]:
    """The same message whether no choice was made or one that is not offered."""
    return {"required": message, "invalid_choice": message}


def _feedback_text(*, label: Any, help_text: Any, rows: int) -> forms.CharField:
    """An optional free-text answer, no longer than the service accepts."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _TOO_LONG},
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did the advice service respond to this referral?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Choose a rating from 1 to 5.")),
    )
    comment = _feedback_text(
        label=_("Comment"),
        help_text=_(
            "What went well, or what could be better: for example how quickly they reached the "
            "patient, or how they kept you informed."
        ),
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = rating_choices()  # type: ignore[attr-defined]


class NotAppropriateForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why was this referral not a good fit?"),
        choices=NotAppropriateReason.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Choose why the referral was not appropriate.")),
    )
    explanation = _feedback_text(
        label=_("What could the referring team do differently next time?"),
        help_text=_(
            "The referring team sees this as learning. Write it constructively, about referrals "
            "in general. Do not include your case notes, the advice you gave or anything the "
            "client told you in confidence. Needed when the reason is Other."
        ),
        rows=5,
    )
