"""Consultations: professional-to-professional threads between the health and the advice side of
a partnership, in either direction.

A general consultation names no client: it goes to an organisation on the other side of one of the
member's partnerships, or to one of its teams. A consultation about a client is tied to a referral
both organisations hold, and needs the client's consent to relevant health information being
shared, given on the referral's client record; once that consent is withdrawn, the thread takes no
more messages. Every message is written to the information-exchange log in the same transaction,
and the other side is told by an in-app notification that carries the reference and a link only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.clients.models import Consent
from healthjustice.collaboration.models import (
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    ExchangeKind,
)
from healthjustice.collaboration.selectors.consultations import (
    CONSULTING_ROLES,
    OTHER_SIDE,
    health_consent_for,
    referral_can_be_consulted_on,
)
from healthjustice.collaboration.services.exchanges import exchange_record
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction, NotificationKind
from healthjustice.core.notifications import notify
from healthjustice.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipStatus,
    Team,
)
from healthjustice.organisations.selectors import people_with_role
from healthjustice.referrals.models import Referral

SUBJECT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000


def consent_missing_message() -> str:
    return _(
        "The client has not agreed to relevant health information being shared, so you cannot "
        "consult about them. Their consent is recorded on the referrer's record of the client. "
        "You can ask a general question instead, without naming or identifying them."
    )


def no_one_to_consult_message() -> str:
    return _(
        "There is no professional on the other side of this referral to consult: it came from "
        "the client themselves, or was entered in error."
    )


def consent_withdrawn_message() -> str:
    return _(
        "The client has withdrawn their consent to relevant health information being shared, so "
        "this consultation can take no more messages. The messages already sent stay here."
    )


def _check_text(subject: str | None, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if subject is not None:
        if not subject.strip():
            errors["subject"] = _("Enter a subject.")
        elif len(subject.strip()) > SUBJECT_MAX_LENGTH:
            errors["subject"] = _("Keep the subject to %(limit)s characters or fewer.") % {
                "limit": SUBJECT_MAX_LENGTH
            }
    if not body.strip():
        errors["body"] = _("Write your message.")
    elif len(body.strip()) > MESSAGE_MAX_LENGTH:
        errors["body"] = _("Keep the message to %(limit)s characters or fewer.") % {
            "limit": MESSAGE_MAX_LENGTH
        }
    return errors


def _consultation_link(consultation: Consultation) -> str:
    return reverse(
        "collaboration:consultation_detail", kwargs={"consultation_id": consultation.public_id}
    )


def _health_team(consultation: Consultation) -> Team | None:
    """The health-side team involved, for the collaboration analytics: the referring team of the
    referral, else whichever end of the thread is on the health side."""
    if consultation.referral is not None:
        return consultation.referral.referring_team
    if consultation.from_organisation.kind == OrganisationKind.HEALTH:
        return consultation.from_team
    return consultation.to_team


def _consulting_people(organisation: Organisation) -> list[User]:
    return people_with_role(organisation.pk, *CONSULTING_ROLES.get(organisation.kind, ()))


def _recipients(consultation: Consultation, author_organisation: Organisation) -> list[User]:
    """Who hears of a new message, on the side that did not write it: those there who have
    written in the thread (the starter, for replies to them); failing those, for a referral's
    client, the referrer who made it; then the members of the team it was sent to; then everyone
    in that organisation who consults (referrers, or advisers and supervisors). Only people
    still active there in a role that consults."""
    if author_organisation.pk == consultation.from_organisation_id:
        other = consultation.to_organisation
    else:
        other = consultation.from_organisation
    eligible = {user.pk: user for user in _consulting_people(other)}
    written = set(
        consultation.messages.filter(organisation=other).values_list("author_id", flat=True)
    )
    if other.pk == consultation.from_organisation_id:
        written.add(consultation.started_by_id)
    chosen = [eligible[pk] for pk in written if pk in eligible]
    if chosen:
        return chosen
    referral = consultation.referral
    if (
        referral is not None
        and other.pk == referral.referring_organisation_id
        and referral.referred_by_id in eligible
    ):
        chosen.append(eligible[referral.referred_by_id])
    team = consultation.to_team if other.pk == consultation.to_organisation_id else None
    if team is not None:
        in_team = set(
            team.memberships.filter(is_active=True, organisation=other).values_list(
                "user_id", flat=True
            )
        )
        chosen.extend(eligible[pk] for pk in in_team if pk in eligible)
    return chosen or list(eligible.values())


def _other_organisation(consultation: Consultation, organisation: Organisation) -> Organisation:
    if organisation.pk == consultation.from_organisation_id:
        return consultation.to_organisation
    return consultation.from_organisation


def _post(
    *,
    request: HttpRequest,
    membership: Membership,
    consultation: Consultation,
    body: str,
) -> ConsultationMessage:
    """Add a message, log what crossed, tell the other side."""
    now = timezone.now()
    organisation = membership.organisation
    message = ConsultationMessage.objects.create(
        consultation=consultation,
        author=membership.user,
        organisation=organisation,
        body=body.strip(),
        sent_at=now,
    )
    if (
        organisation.pk != consultation.from_organisation_id
        and consultation.first_response_at is None
    ):
        consultation.first_response_at = now
        consultation.save(update_fields=["first_response_at", "updated_at"])
    # The audit names the message, never its words.
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        target=message,
        detail={"consultation": str(consultation.public_id)},
    )
    to_organisation = _other_organisation(consultation, organisation)
    exchange_record(
        partnership=consultation.partnership,
        kind=ExchangeKind.CONSULTATION,
        record_reference=consultation.reference,
        from_organisation=organisation,
        to_organisation=to_organisation,
        shared_by=membership.user,
        consent=consultation.consent,
        referral=consultation.referral,
        health_team=_health_team(consultation),
    )
    recipients = [
        user for user in _recipients(consultation, organisation) if user.pk != membership.user_id
    ]
    notify(
        recipients=recipients,
        organisation=to_organisation,
        kind=NotificationKind.CONSULTATION_MESSAGE,
        reference=consultation.reference,
        link=_consultation_link(consultation),
    )
    return message


def _side_of(membership: Membership) -> str:
    kind = membership.organisation.kind
    if kind not in OTHER_SIDE:
        raise ValidationError(_("Only health and advice organisations take part in consultations."))
    return kind


@transaction.atomic
def consultation_start(
    *,
    request: HttpRequest,
    membership: Membership,
    partnership: Partnership,
    to_organisation: Organisation,
    to_team: Team | None = None,
    subject: str,
    body: str,
) -> Consultation:
    """A general question to the other side of one of the member's partnerships: no client."""
    side = _side_of(membership)
    errors = _check_text(subject, body)
    in_partnership = set(partnership.members.values_list("organisation_id", flat=True))
    if (
        partnership.status != PartnershipStatus.ACTIVE
        or membership.organisation_id not in in_partnership
        or to_organisation.pk not in in_partnership
        or to_organisation.kind != OTHER_SIDE[side]
    ):
        errors["recipient"] = _(
            "Choose an organisation on the other side of one of your active partnerships."
        )
    elif to_team is not None and to_team.organisation_id != to_organisation.pk:
        errors["recipient"] = _("Choose one of that organisation's teams.")
    if errors:
        raise ValidationError(errors)
    consultation = Consultation.objects.create(
        partnership=partnership,
        from_organisation=membership.organisation,
        from_team=membership.team,
        started_by=membership.user,
        to_organisation=to_organisation,
        to_team=to_team,
        subject=subject.strip(),
    )
    audit_record(action=AuditAction.CREATE, request=request, target=consultation)
    _post(request=request, membership=membership, consultation=consultation, body=body)
    return consultation


@transaction.atomic
def consultation_start_about_referral(
    *,
    request: HttpRequest,
    membership: Membership,
    referral: Referral,
    subject: str,
    body: str,
) -> Consultation:
    """A question about a referral's client, to the other organisation of the referral: from the
    referrer's organisation to the advice service, or back. Needs the client's consent to relevant
    health information being shared, which the consultation then stands under."""
    org_id = membership.organisation_id
    to_organisation: Organisation | None
    to_team: Team | None
    if org_id == referral.referring_organisation_id:
        to_organisation, to_team = referral.advice_organisation, None
    elif org_id == referral.advice_organisation_id:
        to_organisation, to_team = referral.referring_organisation, referral.referring_team
    else:
        raise ValidationError(_("This referral was not made by or to your organisation."))
    if not referral_can_be_consulted_on(referral) or to_organisation is None:
        raise ValidationError(no_one_to_consult_message())
    errors = _check_text(subject, body)
    if errors:
        raise ValidationError(errors)
    consent = health_consent_for(referral)
    if consent is None:
        raise ValidationError(consent_missing_message())
    consultation = Consultation.objects.create(
        partnership=referral.partnership,
        from_organisation=membership.organisation,
        from_team=membership.team,
        started_by=membership.user,
        to_organisation=to_organisation,
        to_team=to_team,
        subject=subject.strip(),
        referral=referral,
        consent=consent,
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        target=consultation,
        detail={"referral": str(referral.public_id)},
    )
    _post(request=request, membership=membership, consultation=consultation, body=body)
    return consultation


def _locked(consultation: Consultation, membership: Membership) -> Consultation:
    locked = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related(
            "from_organisation",
            "to_organisation",
            "to_team",
            "from_team",
            "partnership",
            "consent",
            "referral__referring_team",
        )
        .get(pk=consultation.pk)
    )
    if membership.organisation_id not in (locked.from_organisation_id, locked.to_organisation_id):
        raise ValidationError(_("This consultation is not your organisation's."))
    return locked


def consent_withdrawn(consultation: Consultation) -> bool:
    """A consultation about a client whose consent has since been withdrawn."""
    consent: Consent | None = consultation.consent
    return consent is not None and not consent.in_force


@transaction.atomic
def consultation_reply(
    *, request: HttpRequest, membership: Membership, consultation: Consultation, body: str
) -> ConsultationMessage:
    """A message from either side. The first from the organisation it was sent to records the
    response time."""
    locked = _locked(consultation, membership)
    if locked.status != ConsultationStatus.OPEN:
        raise ValidationError(_("This consultation is closed. Reopen it to write again."))
    if consent_withdrawn(locked):
        raise ValidationError(consent_withdrawn_message())
    errors = _check_text(None, body)
    if errors:
        raise ValidationError(errors)
    return _post(request=request, membership=membership, consultation=locked, body=body)


def _set_status(
    *, request: HttpRequest, membership: Membership, consultation: Consultation, status: str
) -> Consultation:
    locked = _locked(consultation, membership)
    if locked.status == status:
        return locked
    locked.status = status
    locked.closed_at = timezone.now() if status == ConsultationStatus.CLOSED else None
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=locked,
        detail={"fields": ["status"], "status": status},
    )
    return locked


@transaction.atomic
def consultation_close(
    *, request: HttpRequest, membership: Membership, consultation: Consultation
) -> Consultation:
    """Either side closes the thread when the question is answered."""
    return _set_status(
        request=request,
        membership=membership,
        consultation=consultation,
        status=ConsultationStatus.CLOSED,
    )


@transaction.atomic
def consultation_reopen(
    *, request: HttpRequest, membership: Membership, consultation: Consultation
) -> Consultation:
    return _set_status(
        request=request,
        membership=membership,
        consultation=consultation,
        status=ConsultationStatus.OPEN,
    )
