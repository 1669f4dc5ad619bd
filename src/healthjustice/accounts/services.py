"""Writes about accounts and sign-in: each one audited."""

from django.contrib.auth import login, logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.accounts.models import User, UserSession
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction
from healthjustice.core.records import record_update
from healthjustice.core.tenancy import active_memberships_of, set_acting_membership
from healthjustice.organisations.models import Membership

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"


def user_sign_in(*, request: HttpRequest, user: User) -> None:
    """Start a fresh session (new key), remember it so it can be ended, and audit it."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = timezone.now()
    request.session[SIGNED_IN_AT] = now.isoformat()
    request.session[LAST_SEEN_AT] = now.isoformat()
    request.session.save()
    # Forget sessions of this user that have since expired on their own.
    UserSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key")
    ).delete()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user, "started_at": now}
    )
    memberships = active_memberships_of(user)
    if memberships:
        set_acting_membership(request, memberships[0])
    audit_record(action=AuditAction.SIGN_IN, request=request, actor=user, organisation=None)


def user_sign_in_failed(*, request: HttpRequest, email: str) -> None:
    user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor=user,
        detail={"reason": "wrong_password" if user else "unknown_account"},
    )


def user_locked_out(*, request: HttpRequest, email: str) -> None:
    user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    audit_record(action=AuditAction.LOCKED_OUT, request=request, actor=user)


def user_sign_out(*, request: HttpRequest, reason: str = "user") -> None:
    if request.user.is_authenticated:
        audit_record(action=AuditAction.SIGN_OUT, request=request, detail={"reason": reason})
    key = request.session.session_key
    logout(request)
    if key:
        UserSession.objects.filter(session_key=key).delete()


@transaction.atomic
def user_sessions_end(*, user: User, request: HttpRequest | None = None, reason: str) -> int:
    """End every session of `user` at once (deactivation, or an organisation admin's action)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    audit_record(
        action=AuditAction.SESSIONS_ENDED,
        request=request,
        target=user,
        detail={"reason": reason, "count": len(keys)},
    )
    return len(keys)


def user_deactivate(*, user: User, request: HttpRequest | None = None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        action=AuditAction.CHANGE, request=request, target=user, detail={"fields": ["is_active"]}
    )
    user_sessions_end(user=user, request=request, reason="user_deactivated")


def organisation_switch(*, request: HttpRequest, membership: Membership) -> None:
    set_acting_membership(request, membership)
    audit_record(action=AuditAction.ORGANISATION_SWITCHED, request=request)


def two_factor_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device to show as a QR code; replaced each time setup starts."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def two_factor_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        audit_record(action=AuditAction.TWO_FACTOR_FAILED, request=request)
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(action=AuditAction.TWO_FACTOR_ENABLED, request=request)
    return True


def two_factor_verify(*, request: HttpRequest, token: str) -> bool:
    for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    audit_record(action=AuditAction.TWO_FACTOR_FAILED, request=request)
    return False


@transaction.atomic
def user_two_factor_reset(*, user: User, request: HttpRequest | None = None) -> None:
    """Forget a lost authenticator: the person sets up a new one at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=user,
        detail={"fields": ["two_factor_device"], "reason": "authenticator_reset"},
    )
    user_sessions_end(user=user, request=request, reason="authenticator_reset")


def user_preferences_update(
    *, request: HttpRequest, user: User, email_on_referral_updates: bool
) -> None:
    record_update(
        request=request,
        instance=user,
        data={"email_on_referral_updates": email_on_referral_updates},
    )


def password_changed(*, request: HttpRequest, user: User) -> None:
    audit_record(action=AuditAction.PASSWORD_CHANGED, request=request, actor=user, target=user)


def password_reset_requested(*, request: HttpRequest, email: str) -> None:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    audit_record(
        action=AuditAction.PASSWORD_RESET_REQUESTED,
        request=request,
        actor=user,
        detail={"known_account": user is not None},
    )
