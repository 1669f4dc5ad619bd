"""Reads about accounts."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.accounts.models import User


def two_factor_pending_device(user: User) -> TOTPDevice | None:
    """The authenticator being set up and not yet confirmed with a code, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()
