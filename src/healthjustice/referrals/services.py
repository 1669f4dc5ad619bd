"""Writes of referrals: creating them with consent, and moving them through the Task workflow."""

from datetime import datetime
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
from healthjustice.collaboration.models import ExchangeKind
from healthjustice.collaboration.services.exchanges import exchange_record
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
    Service,
    Site,
)
from healthjustice.organisations.selectors import pathways_for_referrer, people_with_role
from healthjustice.referrals.attachments import checked_kind, safe_name
from healthjustice.referrals.first_contact import unsuccessful_since_reached
from healthjustice.referrals.models import (
    BEFORE_WORK_STATUSES,
    NOTE_MAX_LENGTH,
    REASON_REQUIRED,
    TRANSITIONS,
    ContactAttempt,
    ContactChannel,
    ContactResult,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
    Urgency,
)
from healthjustice.referrals.selectors import (
    matching_pathway,
    redirect_services,
    self_referral_pathways,
)

# Reasons the service writes itself: stored in English, shown in the reader's language by the
# `translated` filter (free text typed by people is shown as it was typed).
CONSENT_WITHDRAWN = gettext_noop("The client withdrew consent to the referral.")
SAID_URGENT = gettext_noop("The person said it is urgent.")
# Reasons with a detail filled in: the presenters recognise them and show them translated.
UNABLE_TO_CONTACT = gettext_noop("We could not contact the client after %(count)s attempts.")
REDIRECTED_TO = gettext_noop("Redirected to %(service)s.")
REDIRECTED_FROM = gettext_noop("Redirected from %(service)s.")

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
    _log_shared(
        referral,
        from_organisation=membership.organisation,
        shared_by=membership.user,
        documents=0 if attachment is None else 1,
    )
    _notify_received(referral)
    return referral


def _log_shared(
    referral: Referral, *, from_organisation: Organisation, shared_by: User, documents: int
) -> None:
    """The information-exchange log: the referral, with the client details it carries, and each
    document sent with it, went to the advice organisation under the client's consent."""
    for kind in [ExchangeKind.REFERRAL] + [ExchangeKind.REFERRAL_DOCUMENT] * documents:
        exchange_record(
            partnership=referral.partnership,
            kind=kind,
            record_reference=referral.reference,
            from_organisation=from_organisation,
            to_organisation=referral.advice_organisation,
            shared_by=shared_by,
            consent=referral.consent,
            referral=referral,
        )


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


# First contact ----------------------------------------------------------------------------------


def _check_advice_side_before_work(referral: Referral, membership: Membership) -> None:
    if referral.advice_organisation_id != membership.organisation_id:
        raise ValidationError(
            _("Only the advice organisation the referral was made to can do this.")
        )
    if referral.status not in BEFORE_WORK_STATUSES:
        raise ValidationError(
            _(
                "This can only be done while the referral is requested or accepted, before the "
                "work starts. It is now %(status)s."
            )
            % {"status": referral.get_status_display().lower()}
        )


@transaction.atomic
def contact_attempt_record(
    *,
    request: HttpRequest | None,
    membership: Membership,
    referral: Referral,
    attempted_at: datetime,
    channel: str,
    result: str,
    note: str = "",
) -> ContactAttempt:
    """The advice side tried to reach the client. Reaching them is the referral's first contact
    (the earliest one counts); the service's limit of unsuccessful attempts since the client was
    last reached closes the referral at once as unable to contact, and the referrer is told."""
    if timezone.is_naive(attempted_at):
        raise ValueError("attempted_at must be timezone-aware")
    locked = Referral.objects.select_for_update().select_related("service").get(pk=referral.pk)
    _check_advice_side_before_work(locked, membership)
    note = note.strip()
    errors: dict[str, str] = {}
    if attempted_at > timezone.now():
        errors["attempted_at"] = _(
            "The time of the attempt cannot be in the future: enter when it was made."
        )
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose how you tried to contact the client.")
    if result not in ContactResult.values:
        errors["result"] = _("Choose what happened.")
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("The note must be %(max)s characters or fewer.") % {
            "max": NOTE_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    attempt = ContactAttempt.objects.create(
        referral=locked,
        attempted_at=attempted_at,
        channel=channel,
        result=result,
        note=note,
        recorded_by=membership.user,
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=membership.user,
        organisation=membership.organisation,
        target=attempt,
        detail={"referral": str(locked.public_id), "result": result},
    )
    if result == ContactResult.REACHED:
        if locked.first_contact_at is None or attempted_at < locked.first_contact_at:
            locked.first_contact_at = attempted_at
            locked.save(update_fields=["first_contact_at", "updated_at"])
        return attempt
    unsuccessful = unsuccessful_since_reached(
        locked.contact_attempts.order_by("attempted_at", "id").values_list("result", flat=True)
    )
    if unsuccessful >= locked.service.contact_attempts_limit:
        referral_transition(
            request=request,
            referral=locked,
            to_status=ReferralStatus.FAILED,
            reason=UNABLE_TO_CONTACT % {"count": unsuccessful},
            actor=membership.user,
            organisation=membership.organisation,
        )
    return attempt


@transaction.atomic
def referral_redirect(
    *,
    request: HttpRequest | None,
    membership: Membership,
    referral: Referral,
    to_service: Service | None,
    reason: str,
) -> Referral:
    """The advice side sends a referral it has not started work on to another advice service in
    the partnership: a new referral carries what was shared, and the original is closed with the
    reason (rejected while requested, cancelled once accepted, as the Task workflow allows)."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("partnership", "service", "consent")
        .get(pk=referral.pk)
    )
    _check_advice_side_before_work(locked, membership)
    errors: dict[str, str] = {}
    if to_service is None:
        errors["to_service"] = _("Choose the service to redirect the referral to.")
    elif to_service.pk == locked.service_id:
        errors["to_service"] = _(
            "Choose a different service from the one the referral was made to."
        )
    elif not redirect_services(locked).filter(pk=to_service.pk).exists():
        errors["to_service"] = _(
            "Choose an advice service of an advice organisation in this referral's partnership."
        )
    if not reason.strip():
        errors["reason"] = _("Say why you are redirecting the referral.")
    if errors or to_service is None:
        raise ValidationError(errors)
    if locked.consent is not None and not locked.consent.in_force:
        raise ValidationError(
            _("The client withdrew consent to share the referral: it cannot be sent on.")
        )
    redirected_to = REDIRECTED_TO % {
        "service": f"{to_service.name} ({to_service.organisation.name})"
    }
    referral_transition(
        request=request,
        referral=locked,
        to_status=ReferralStatus.REJECTED
        if locked.status == ReferralStatus.REQUESTED
        else ReferralStatus.CANCELLED,
        # The service's words on the first line, the adviser's after it: each shown as it should be.
        reason=f"{redirected_to}\n{reason.strip()}",
        actor=membership.user,
        organisation=membership.organisation,
    )
    redirected = Referral.objects.create(
        source=locked.source,
        client=locked.client,
        referring_organisation=locked.referring_organisation,
        referring_team=locked.referring_team,
        referred_by=locked.referred_by,
        site=locked.site,
        partnership=locked.partnership,
        pathway=matching_pathway(locked, to_service),
        service=to_service,
        advice_organisation=to_service.organisation,
        needs=locked.needs,
        urgency=locked.urgency,
        urgency_reason=locked.urgency_reason,
        help_wanted=locked.help_wanted,
        contact_channels=locked.contact_channels,
        best_times=locked.best_times,
        note_for_adviser=locked.note_for_adviser,
        health_information=locked.health_information,
        shared_details=locked.shared_details,
        consent=locked.consent,
        redirected_from=locked,
    )
    ReferralEvent.objects.create(
        referral=redirected,
        to_status=ReferralStatus.REQUESTED,
        reason=REDIRECTED_FROM
        % {"service": f"{locked.service.name} ({membership.organisation.name})"},
        actor=membership.user,
        actor_organisation=membership.organisation,
    )
    # The documents travel as new records of the same stored files.
    documents = 0
    for attachment in locked.attachments.all():
        ReferralAttachment.objects.create(
            referral=redirected,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=attachment.uploaded_by,
        )
        documents += 1
    # Sent on to another organisation, the client's details are shared again (with the consent
    # they were shared under); moved between two services of the same organisation, they are not.
    if to_service.organisation_id != membership.organisation_id:
        _log_shared(
            redirected,
            from_organisation=membership.organisation,
            shared_by=membership.user,
            documents=documents,
        )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=membership.user,
        organisation=membership.organisation,
        target=redirected,
        detail={"redirected_from": str(locked.public_id), "service": str(to_service.public_id)},
    )
    _notify_received(redirected)
    _notify_status_changed(redirected, actor=membership.user)
    return redirected


# Self-referral ----------------------------------------------------------------------------------


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
    # Not written to the information-exchange log: the person gave their details to the advice
    # organisation themselves, and its client record is its own, so nothing crossed from the
    # health side (the site only says where they saw the poster).
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
