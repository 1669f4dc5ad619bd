"""Writes of client records and consent: validated, audited, one transaction each."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.clients.models import (
    Client,
    Consent,
    ConsentMethod,
    ConsentScope,
    normalise_nhs_number,
)
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction
from healthjustice.core.records import record_create, record_update
from healthjustice.organisations.models import Organisation


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    if "nhs_number" in cleaned:
        cleaned["nhs_number"] = normalise_nhs_number(cleaned["nhs_number"] or "")
    if "postcode" in cleaned:
        cleaned["postcode"] = " ".join((cleaned["postcode"] or "").upper().split())
    return cleaned


def client_create(
    *,
    request: HttpRequest | None,
    organisation: Organisation,
    created_by: User | None,
    data: dict[str, Any],
) -> Client:
    return record_create(
        request=request,
        instance=Client(organisation=organisation, created_by=created_by, **_clean(data)),
        organisation=organisation,
    )


def client_update(*, request: HttpRequest, client: Client, data: dict[str, Any]) -> Client:
    return record_update(request=request, instance=client, data=_clean(data))


@transaction.atomic
def consent_record(
    *,
    request: HttpRequest | None,
    client: Client,
    scopes: Sequence[str],
    method: str,
    recorded_by: User | None,
) -> list[Consent]:
    """Record what the client agreed to. A scope already in force is kept as it is."""
    if not scopes:
        raise ValidationError({"scopes": _("Choose what the client agreed to.")})
    if set(scopes) - set(ConsentScope.values):
        raise ValidationError({"scopes": _("Choose from the list.")})
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose how the client gave consent.")})
    in_force = set(client.consents.in_force().values_list("scope", flat=True))
    recorded = []
    for scope in scopes:
        if scope in in_force:
            continue
        consent = Consent.objects.create(
            client=client, scope=scope, method=method, recorded_by=recorded_by
        )
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=recorded_by,
            organisation=client.organisation,
            target=consent,
            detail={"scope": scope, "method": method},
        )
        recorded.append(consent)
    return recorded


@transaction.atomic
def consent_withdraw(*, request: HttpRequest, consent: Consent) -> None:
    """Withdrawal takes effect at once. Withdrawing consent to the referral cancels every referral
    that the advice service has not yet accepted; the other scopes are checked wherever they are
    used (feedback to the referrer, sharing health information), so nothing more is sent."""
    # Imported here: referrals build on clients, so clients cannot import them at load time.
    from healthjustice.referrals.services import referrals_cancel_for_withdrawn_consent

    if not consent.in_force:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = request.user if request.user.is_authenticated else None
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=consent,
        detail={"fields": ["withdrawn_at"], "scope": consent.scope},
    )
    if consent.scope == ConsentScope.SHARE_REFERRAL:
        referrals_cancel_for_withdrawn_consent(request=request, client=consent.client)
