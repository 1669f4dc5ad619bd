"""Form handling shared by every page that edits something."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from healthjustice.accounts.models import User
from healthjustice.core.models import AuditAction
from healthjustice.core.pagination import cursor_from


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_rule_errors(form: forms.BaseForm, rules: Callable[[], None]) -> None:
    """Run a service's validation rules inside a form's clean(), so that each error is shown on
    its own field. Fields that already failed their own validation keep just that error."""
    try:
        rules()
    except ValidationError as error:
        add_service_errors(form, error)


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, renamed: dict[str, str] | None = None
) -> None:
    """A service's refusal on the form: each error on the field it names (`renamed` maps the
    service's names to the form's where they differ), the rest above the form. Fields that
    already failed their own validation keep just that error."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for service_name, field_errors in error.message_dict.items():
        name = (renamed or {}).get(service_name, service_name)
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, field_errors)


def handle_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    on_valid: Callable[[dict[str, Any]], object],
    success_url: str | Callable[[Any], str],
    success_message: str,
    context: dict[str, Any],
    template: str = "core/form_page.jinja",
) -> HttpResponse:
    """Show `form`; when it is valid, call the service. Service errors land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(
        request,
        template,
        {"form": form, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


class AuditFilterForm(forms.Form):
    # People are chosen by opaque id: an email address in the query string would reach access logs.
    actor = forms.ModelChoiceField(
        label=_("Person"),
        required=False,
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Anyone"),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    object_id = forms.CharField(label=_("Record identifier"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = people  # type: ignore[attr-defined]
        self.fields["actor"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        data["after"] = cursor_from(
            self, _("This page link is not valid. Go back to the newest events.")
        )
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
