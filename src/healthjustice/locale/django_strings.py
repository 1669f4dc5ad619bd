"""Django's own strings that our pages show but Django's Welsh catalogue does not translate.

Django 5.2 ships no Welsh for its password validators and two password-form messages (its `cy`
catalogue still has the older, straight-apostrophe msgids or empty translations). Listing them
here puts them into the extraction, so `make messages` keeps them in our Welsh catalogue, which
takes precedence over Django's. Nothing imports this module; the msgids must stay exactly as in
Django's source (curly apostrophes written as \u2019). Remove an entry once Django translates it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

DJANGO_STRINGS_WITHOUT_WELSH = [
    # django.contrib.auth.password_validation
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    _("The password is too similar to the %(verbose_name)s."),
    _("Your password can\u2019t be too similar to your other personal information."),
    _("This password is too common."),
    _("Your password can\u2019t be a commonly used password."),
    _("This password is entirely numeric."),
    _("Your password can\u2019t be entirely numeric."),
    # django.contrib.auth.forms.SetPasswordMixin
    _("The two password fields didn\u2019t match."),
    _("Enter the same password as before, for verification."),
    # django.core.validators.ProhibitNullCharactersValidator (every CharField)
    _("Null characters are not allowed."),
]
