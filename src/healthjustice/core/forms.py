"""Form handling shared by every page that edits something."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(
        request,
        template,
        {"form": form, **context},
        status=400 if form.is_bound and form.errors else 200,
    )
