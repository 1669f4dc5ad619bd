"""Who must use two-factor sign-in."""

from django.conf import settings
from django_otp import user_has_device

from healthjustice.accounts.models import User


def two_factor_required_for(user: User) -> bool:
    """Everyone once they have set up a device; with REQUIRE_2FA on, every member of staff."""
    if user_has_device(user, confirmed=True):
        return True
    return bool(settings.REQUIRE_2FA)


def two_factor_enabled_for(user: User) -> bool:
    return user_has_device(user, confirmed=True)
