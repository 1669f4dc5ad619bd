from collections.abc import Iterator

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from healthjustice.accounts.models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. Both may be case-sensitive."
        ),
        "inactive": _("This account has been deactivated. Ask your organisation admin."),
    }


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Security code"),
        help_text=_("The 6-digit code shown in your authenticator app."),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class ResetPasswordForm(PasswordResetForm):
    """Also reaches people who were invited and have not chosen a password yet.

    Django skips accounts without a usable password; here every account signs in with a password,
    so an invitation that expired must not leave its recipient stuck.
    """

    def get_users(self, email: str) -> Iterator[User]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))
