"""Writes of referrals: creating them with consent, and moving them through the Task workflow."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthjustice.accounts.models import User
from healthjustice.clients.models import (
    CLIENT_DETAIL_FIELDS,
    Client,
    ConsentMethod,
    ConsentScope,
)
from healthjustice.clients.selectors import consent_in_force
from healthjustice.clients.services import client_create, consent_record
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction, NotificationKind
from healthjustice.core.notifications import notify
from healthjustice.organisations.models import (
    AdviceTopic,
    Channel,
    Membership,
    Organisation,
    Pathway,
    Role,
    Site,
)
from healthjustice.organisations.selectors import pathways_for_referrer, people_with_role
from healthjustice.referrals.attachments import checked_kind, safe_name
from healthjustice.referrals.models import (
    REASON_REQUIRED,
    TRANSITIONS,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
    Urgency,
)
from healthjustice.referrals.selectors import self_referral_pathways

# Reasons the service writes itself: stored in English, shown in the reader's language by the
# `translated` filter (free text typed by people is shown as it was typed).
CONSENT_WITHDRAWN = gettext_noop("The client withdrew consent to the referral.")
SAID_URGENT = gettext_noop("The person said it is urgent.")

# The client details a referral carries to the advice service under "share the referral": all of
# them but the NHS number, which identifies the person in health records only.
SHARED_CLIENT_FIELDS = [name for name in CLIENT_DETAIL_FIELDS if name != "nhs_number"]


def shared_details_of(client: Client) -> dict[str, Any]:
    details = {name: getattr(client, name) for name in SHARED_CLIENT_FIELDS}
    details["date_of_birth"] = client.date_of_birth.isoformat()
    return details


def _check_request(
    *,
    pathway: Pathway,
    needs: list[str],
    urgency: str,
    help_wanted: str,
    contact_channels: list[str],
) -> None:
    errors: dict[str, str] = {}
    if not needs:
        errors["needs"] = _("Choose at least one thing the client needs advice about.")
    elif set(needs) - set(AdviceTopic.values):
        errors["needs"] = _("Choose from the list.")
    elif not set(needs) & set(pathway.topics):
        errors["needs"] = _("This service does not give advice on any of the topics chosen.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent this is.")
    if not help_wanted.strip():
        errors["help_wanted"] = _("Say what the client wants help with.")
    if set(contact_channels) - set(Channel.values):
        errors["contact_channels"] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_create(
    *,
    request: HttpRequest,
    membership: Membership,
    client: Client,
    pathway: Pathway,
    needs: list[str],
    urgency: str,
    urgency_reason: str = "",
    help_wanted: str,
    contact_channels: list[str],
    best_times: str = "",
    note_for_adviser: str = "",
    health_information: str = "",
    attachment: UploadedFile | None = None,
) -> Referral:
    """A clinician refers their organisation's client along one of their pathways."""
    kind = checked_kind(attachment) if attachment is not None else None
    if client.organisation_id != membership.organisation_id:
        raise ValidationError(_("This client is not one of your organisation's."))
    if not pathways_for_referrer(membership).filter(pk=pathway.pk).exists():
        raise ValidationError({"pathway": _("Choose one of the services your team can refer to.")})
    consent = consent_in_force(client, ConsentScope.SHARE_REFERRAL)
    if consent is None:
        raise ValidationError(
            _("Record the client's consent to share the referral with the advice service first.")
        )
    if (
        health_information.strip()
        and consent_in_force(client, ConsentScope.SHARE_HEALTH_INFORMATION) is None
    ):
        raise ValidationError(
            {"health_information": _("The client has not agreed to share health information.")}
        )
    _check_request(
        pathway=pathway,
        needs=needs,
        urgency=urgency,
        help_wanted=help_wanted,
        contact_channels=contact_channels,
    )
    team = membership.team
    referral = Referral.objects.create(
        source=ReferralSource.CLINICIAN,
        client=client,
        referring_organisation=membership.organisation,
        referring_team=team,
        referred_by=membership.user,
        site=pathway.from_site or (team.site if team else None),
        partnership=pathway.partnership,
        pathway=pathway,
        service=pathway.to_service,
        advice_organisation=pathway.to_service.organisation,
        needs=needs,
        urgency=urgency,
        urgency_reason=urgency_reason,
        help_wanted=help_wanted.strip(),
        contact_channels=contact_channels,
        best_times=best_times.strip(),
        note_for_adviser=note_for_adviser.strip(),
        health_information=health_information.strip(),
        shared_details=shared_details_of(client),
        consent=consent,
    )
    ReferralEvent.objects.create(
        referral=referral,
        to_status=ReferralStatus.REQUESTED,
        actor=membership.user,
        actor_organisation=membership.organisation,
    )
    audit_record(action=AuditAction.CREATE, request=request, target=referral)
    if attachment is not None and kind is not None:
        ReferralAttachment.objects.create(
            referral=referral,
            file=attachment,
            original_name=safe_name(attachment.name or ""),
            content_type=kind.content_type,
            size=attachment.size or 0,
            uploaded_by=membership.user,
        )
    _notify_received(referral)
    return referral


# Which side may make each move: the referring side may only withdraw its request.
REFERRER_MOVES = frozenset({ReferralStatus.CANCELLED, ReferralStatus.ENTERED_IN_ERROR})
ADVICE_MOVES = frozenset(ReferralStatus.values) - {ReferralStatus.REQUESTED}


def allowed_moves(referral: Referral, organisation: Organisation) -> frozenset[str]:
    """The statuses this organisation may move the referral to now."""
    possible = TRANSITIONS[referral.status]
    if organisation.pk == referral.advice_organisation_id:
        return possible & ADVICE_MOVES
    if organisation.pk == referral.referring_organisation_id:
        moves = possible & REFERRER_MOVES
        # Once the advice service has taken the referral on, the referrer no longer withdraws it.
        return moves if referral.status == ReferralStatus.REQUESTED else frozenset()
    return frozenset()


@transaction.atomic
def referral_transition(
    *,
    request: HttpRequest | None,
    referral: Referral,
    to_status: str,
    reason: str = "",
    actor: User | None,
    organisation: Organisation | None,
) -> Referral:
    """Move a referral along the Task workflow; some moves need a reason."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if organisation is not None and to_status not in allowed_moves(locked, organisation):
        raise ValidationError(
            _("A referral that is %(status)s cannot be moved to %(new)s by your organisation.")
            % {
                "status": locked.get_status_display(),
                "new": ReferralStatus(to_status).label
                if to_status in ReferralStatus.values
                else to_status,
            }
        )
    if organisation is None and to_status not in TRANSITIONS[locked.status]:
        raise ValidationError(_("This referral can no longer be changed."))
    if to_status in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    from_status = locked.status
    locked.status = to_status
    locked.status_reason = reason.strip()
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    ReferralEvent.objects.create(
        referral=locked,
        from_status=from_status,
        to_status=to_status,
        reason=reason.strip(),
        actor=actor,
        actor_organisation=organisation,
    )
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        actor=actor,
        organisation=organisation,
        target=locked,
        detail={"fields": ["status"], "from": from_status, "to": to_status},
    )
    _notify_status_changed(locked, actor=actor)
    return locked


def referrals_cancel_for_withdrawn_consent(*, request: HttpRequest, client: Client) -> int:
    """The client withdrew consent to the referral: every referral of theirs that the advice
    service has not yet accepted is cancelled at once."""
    waiting = Referral.objects.filter(client=client, status=ReferralStatus.REQUESTED)
    count = 0
    for referral in waiting:
        referral_transition(
            request=request,
            referral=referral,
            to_status=ReferralStatus.CANCELLED,
            reason=CONSENT_WITHDRAWN,
            actor=request.user if request.user.is_authenticated else None,
            organisation=None,
        )
        count += 1
    return count


def _best_pathway(pathways: list[Pathway], needs: list[str]) -> Pathway | None:
    """The pathway whose service covers most of the needs (the first listed wins a tie)."""
    best, best_cover = None, 0
    for pathway in pathways:
        cover = len(set(needs) & set(pathway.topics))
        if cover > best_cover:
            best, best_cover = pathway, cover
    return best


@transaction.atomic
def self_referral_create(
    *,
    request: HttpRequest,
    site: Site,
    client_details: dict[str, Any],
    needs: list[str],
    help_wanted: str,
    contact_channels: list[str],
    best_times: str = "",
    urgent: bool = False,
    evaluation_consent: bool = False,
) -> Referral:
    """Someone who found the service on a poster at `site` refers themselves. The client record
    belongs to the advice organisation that receives it; consent is given electronically here."""
    pathway = _best_pathway(list(self_referral_pathways(site)), needs)
    if pathway is None:
        raise ValidationError(
            {"needs": _("No advice service here helps with that. Choose another topic.")}
        )
    advice_organisation = pathway.to_service.organisation
    client = client_create(
        request=request, organisation=advice_organisation, created_by=None, data=client_details
    )
    scopes = [ConsentScope.SHARE_REFERRAL] + (
        [ConsentScope.EVALUATION] if evaluation_consent else []
    )
    (consent, *_others) = consent_record(
        request=request,
        client=client,
        scopes=scopes,
        method=ConsentMethod.ELECTRONIC,
        recorded_by=None,
    )
    _check_request(
        pathway=pathway,
        needs=needs,
        urgency=Urgency.URGENT if urgent else Urgency.ROUTINE,
        help_wanted=help_wanted,
        contact_channels=contact_channels,
    )
    referral = Referral.objects.create(
        source=ReferralSource.SELF,
        client=client,
        site=site,
        partnership=pathway.partnership,
        pathway=pathway,
        service=pathway.to_service,
        advice_organisation=advice_organisation,
        needs=needs,
        urgency=Urgency.URGENT if urgent else Urgency.ROUTINE,
        urgency_reason=SAID_URGENT if urgent else "",
        help_wanted=help_wanted.strip(),
        contact_channels=contact_channels,
        best_times=best_times.strip(),
        shared_details=shared_details_of(client),
        consent=consent,
    )
    ReferralEvent.objects.create(referral=referral, to_status=ReferralStatus.REQUESTED)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=None,
        organisation=advice_organisation,
        target=referral,
        detail={"source": ReferralSource.SELF},
    )
    _notify_received(referral)
    return referral


def _notify_received(referral: Referral) -> None:
    """The advice organisation's advisers and supervisors hear of a new referral in the service
    and by an email that holds only a link."""
    team = people_with_role(referral.advice_organisation_id, Role.ADVISER, Role.SUPERVISOR)
    notify(
        recipients=team,
        email_to=team,
        organisation=referral.advice_organisation,
        kind=NotificationKind.REFERRAL_RECEIVED,
        reference=referral.reference,
        link=reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id}),
    )


def _notify_status_changed(referral: Referral, *, actor: User | None) -> None:
    """The referrer hears of every change made by someone else in the service, and by email if
    they asked for it."""
    referrer = referral.referred_by
    if referrer is None or referral.referring_organisation is None or referrer == actor:
        return
    notify(
        recipients=[referrer],
        email_to=[referrer] if referrer.email_on_referral_updates else [],
        organisation=referral.referring_organisation,
        kind=NotificationKind.REFERRAL_STATUS_CHANGED,
        reference=referral.reference,
        status=referral.status,
        link=reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id}),
    )
