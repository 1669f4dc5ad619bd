"""The client's feedback: four statements, one for each of the partnership's four aims, answered on
an agreement scale, and a comment. The same questions in the same words whether the client answers
by the link or the adviser records their answers, so that the two can be counted together."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# In the order of the aims: timely access, high-quality advice (staff knew the circumstances),
# a positive experience in a trusted setting, and the result.
QUESTIONS: "dict[str, StrPromise]" = {
    "easy_to_get_help": _("It was easy and quick to get help from the advice service"),
    "staff_understood": _("The staff understood my circumstances"),
    "comfortable_setting": _("I felt comfortable where I got the advice"),
    "helped_with_problem": _("The advice helped with my problem"),
}

# Stored as 1 (strongly disagree) to 5 (strongly agree); offered from agreement downwards.
SCALE: "dict[int, StrPromise]" = {
    5: _("Strongly agree"),
    4: _("Agree"),
    3: _("Neither agree nor disagree"),
    2: _("Disagree"),
    1: _("Strongly disagree"),
}
# A radio cannot be unticked once ticked, so not answering is a choice of its own.
NO_ANSWER = "none"
COMMENT_MAX_LENGTH = 2000


def answer_label(value: int | None) -> "StrPromise":
    return SCALE[value] if value in SCALE else _("Not answered")


def _score(value: str) -> int | None:
    return None if value == NO_ANSWER else int(value)


class ClientFeedbackForm(forms.Form):
    comment = forms.CharField(
        label=_("Is there anything else you want to tell us?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Write no more than %(limit_value)d characters.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {
            name: forms.TypedChoiceField(
                label=text,
                choices=[*SCALE.items(), (NO_ANSWER, _("I would rather not say"))],
                coerce=_score,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the answers.")},
            )
            for name, text in QUESTIONS.items()
        }
        # The questions come before the comment.
        self.fields = {**questions, **self.fields}

    @property
    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in QUESTIONS]

    def answers(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in QUESTIONS}
