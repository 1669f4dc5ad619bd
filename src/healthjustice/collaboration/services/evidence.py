"""Medical-evidence requests: an adviser asks a clinician for evidence for a client's claim, under
the client's consent to share health information; the clinician accepts, declines, or answers
(structured answers and/or a signed letter), and the answer goes into the case file.

Each write validates, changes state, audits, logs what crossed between the two sides, and
notifies, in one transaction. Notifications carry the request's reference and a link only.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case, Deadline
from healthjustice.casework.services import document_add
from healthjustice.collaboration import evidence_pdf
from healthjustice.collaboration.evidence_templates import MAX_QUESTION_LENGTH, MAX_QUESTIONS
from healthjustice.collaboration.models import (
    EvidenceLetter,
    EvidencePurpose,
    EvidenceRequest,
    EvidenceStatus,
    EvidenceTemplate,
    ExchangeKind,
)
from healthjustice.collaboration.selectors import evidence as selectors
from healthjustice.collaboration.services.exchanges import exchange_record
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction, NotificationKind
from healthjustice.core.notifications import EVIDENCE_OVERDUE, notify
from healthjustice.organisations.models import Membership, Organisation, Partnership, Role, Team
from healthjustice.referrals.attachments import checked_kind, safe_name

# Which status each can move to. Overdue is not a status: it is read from the due date.
TRANSITIONS: dict[str, frozenset[str]] = {
    EvidenceStatus.REQUESTED: frozenset(
        {
            EvidenceStatus.ACCEPTED,
            EvidenceStatus.DECLINED,
            EvidenceStatus.WITHDRAWN,
            EvidenceStatus.PROVIDED,
        }
    ),
    EvidenceStatus.ACCEPTED: frozenset(
        {EvidenceStatus.PROVIDED, EvidenceStatus.DECLINED, EvidenceStatus.WITHDRAWN}
    ),
    EvidenceStatus.DECLINED: frozenset(),
    EvidenceStatus.PROVIDED: frozenset(),
    EvidenceStatus.WITHDRAWN: frozenset(),
}
# The clinician's side accepts, declines and provides; the adviser's side withdraws.
HEALTH_MOVES = frozenset(
    {EvidenceStatus.ACCEPTED, EvidenceStatus.DECLINED, EvidenceStatus.PROVIDED}
)
ADVICE_MOVES = frozenset({EvidenceStatus.WITHDRAWN})

MAX_FEE = Decimal("999999.99")
MAX_DRAFT_LENGTH = 20000
MAX_ANSWER_LENGTH = 10000
MAX_LETTERS = 5
CLIENT_DETAILS = ("given_name", "family_name", "date_of_birth", "nhs_number", "postcode")


def consent_missing_message() -> str:
    return _(
        "The client has not agreed to their health information being shared, so medical "
        "evidence cannot be requested. Record the client's consent to share relevant health "
        "information on their record first."
    )


def consent_withdrawn_message() -> str:
    return _(
        "The client has withdrawn their consent to sharing health information, so this request "
        "can no longer be answered."
    )


def received_link(evidence: EvidenceRequest) -> str:
    return reverse("collaboration:evidence_received", kwargs={"evidence_id": evidence.public_id})


def made_link(evidence: EvidenceRequest) -> str:
    return reverse("collaboration:evidence_detail", kwargs={"evidence_id": evidence.public_id})


def _notify_and_email(
    evidence: EvidenceRequest,
    *,
    recipients: list[User],
    organisation: Organisation,
    kind: NotificationKind,
    link: str,
    status: str = "",
) -> None:
    """Tell one side about the request, by notification and by email, with its reference only."""
    notify(
        recipients=recipients,
        email_to=recipients,
        organisation=organisation,
        kind=kind,
        reference=evidence.reference,
        status=status,
        link=link,
    )


# Templates -------------------------------------------------------------------------------------


def _check_questions(questions: Sequence[str], field: str = "questions") -> list[str]:
    cleaned = [question.strip() for question in questions if question.strip()]
    if not cleaned:
        raise ValidationError({field: _("Enter at least one question.")})
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            {field: _("Ask at most %(most)s questions.") % {"most": MAX_QUESTIONS}}
        )
    if any(len(question) > MAX_QUESTION_LENGTH for question in cleaned):
        raise ValidationError(
            {
                field: _("Keep each question under %(most)s characters.")
                % {"most": MAX_QUESTION_LENGTH}
            }
        )
    return cleaned


@transaction.atomic
def evidence_template_save(
    *, request: HttpRequest, membership: Membership, purpose: str, questions: Sequence[str]
) -> EvidenceTemplate:
    """The organisation's own questions for `purpose`, replacing the product's defaults."""
    if purpose not in EvidencePurpose.values:
        raise ValidationError({"purpose": _("Choose what the evidence is for.")})
    cleaned = _check_questions(questions)
    template, created = EvidenceTemplate.objects.update_or_create(
        organisation_id=membership.organisation_id,
        purpose=purpose,
        defaults={"questions": cleaned, "updated_by": membership.user},
    )
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        request=request,
        target=template,
        detail={"fields": ["questions"]},
    )
    return template


@transaction.atomic
def evidence_template_reset(*, request: HttpRequest, membership: Membership, purpose: str) -> None:
    """Back to the product's questions for `purpose`."""
    template = EvidenceTemplate.objects.filter(
        organisation_id=membership.organisation_id, purpose=purpose
    ).first()
    if template is None:
        return
    audit_record(action=AuditAction.DELETE, request=request, target=template)
    template.delete()


# Making a request ------------------------------------------------------------------------------


def _check_recipient(
    membership: Membership,
    case: Case,
    health_organisation: Organisation,
    team: Team | None,
    clinician: User | None,
) -> dict[str, str]:
    allowed = {
        organisation.pk for organisation in selectors.evidence_organisations(membership, case)
    }
    if health_organisation.pk not in allowed:
        return {
            "recipient": _(
                "Choose the practice that referred the client or a health organisation in one "
                "of your partnerships."
            )
        }
    if team is not None and team.organisation_id != health_organisation.pk:
        return {"recipient": _("Choose a team of that health organisation.")}
    if clinician is not None and not selectors.is_referrer_of(clinician, health_organisation.pk):
        return {"recipient": _("Choose a clinician of that health organisation.")}
    return {}


def _check_fee(fee: Decimal | None) -> dict[str, str]:
    if fee is None:
        return {}
    if fee < 0:
        return {"fee": _("The fee cannot be less than £0.")}
    if fee > MAX_FEE:
        return {"fee": _("Enter a fee smaller than £1,000,000.")}
    if fee.as_tuple().exponent < -2:  # type: ignore[operator]
        return {"fee": _("Enter the fee in pounds and pence.")}
    return {}


def _due_date(
    case: Case, deadline: Deadline | None, due_date: date | None
) -> tuple[date | None, dict[str, str]]:
    today = timezone.localdate()
    if deadline is not None:
        if deadline.case_id != case.pk:
            return None, {"deadline": _("Choose one of this case's deadlines.")}
        if deadline.is_done or deadline.due_date <= today:
            return None, {"deadline": _("Choose a deadline that is still to come.")}
        return selectors.due_date_for_deadline(deadline, today=today), {}
    if due_date is None:
        return None, {
            "due_date": _("Enter the date the evidence is needed by, or link a deadline.")
        }
    if due_date <= today:
        return None, {"due_date": _("The date the evidence is needed by must be in the future.")}
    return due_date, {}


def evidence_client_details(case: Case) -> dict[str, str]:
    """Only what lets the practice find its patient."""
    client = case.client
    details = {name: str(getattr(client, name) or "") for name in CLIENT_DETAILS}
    details["date_of_birth"] = client.date_of_birth.isoformat()
    return {name: value for name, value in details.items() if value}


def _health_team(evidence: EvidenceRequest) -> Team | None:
    """The health team the exchange counts for: the one addressed, else the named clinician's,
    else the one that referred the client."""
    if evidence.team is not None:
        return evidence.team
    if evidence.clinician is not None:
        team = selectors.membership_team_of(evidence.clinician, evidence.health_organisation_id)
        if team is not None:
            return team
    return evidence.referral.referring_team if evidence.referral is not None else None


@transaction.atomic
def evidence_request_create(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    purpose: str,
    questions: Sequence[str],
    health_organisation: Organisation,
    team: Team | None = None,
    clinician: User | None = None,
    deadline: Deadline | None = None,
    due_date: date | None = None,
    fee: Decimal | None = None,
    draft_letter: str = "",
) -> EvidenceRequest:
    """Ask a health organisation (one of its teams, or a named clinician) for medical evidence.
    Refused, with nothing written, unless the client agreed to health information being shared.
    A linked case deadline sets the due date: a week before it, and never earlier than tomorrow."""
    if case.organisation_id != membership.organisation_id:
        raise ValidationError(_("This case is not one of your organisation's."))
    if case.is_closed:
        raise ValidationError(_("This case is closed."))
    consent = selectors.evidence_consent_in_force(case)
    if consent is None:
        raise ValidationError(consent_missing_message())
    errors: dict[str, str] = {}
    if purpose not in EvidencePurpose.values:
        errors["purpose"] = _("Choose what the evidence is for.")
    cleaned: list[str] = []
    try:
        cleaned = _check_questions(questions)
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    errors.update(_check_recipient(membership, case, health_organisation, team, clinician))
    due, due_errors = _due_date(case, deadline, due_date)
    errors.update(due_errors)
    errors.update(_check_fee(fee))
    if len(draft_letter) > MAX_DRAFT_LENGTH:
        errors["draft_letter"] = _("Keep the draft letter under %(most)s characters.") % {
            "most": MAX_DRAFT_LENGTH
        }
    referral = case.referral
    if referral is not None and referral.referring_organisation_id != health_organisation.pk:
        # The referral is the health side's own record only for the practice that made it.
        referral = None
    partnership = (
        referral.partnership
        if referral is not None
        else selectors.shared_partnership(membership.organisation_id, health_organisation.pk)
    )
    if partnership is None and "recipient" not in errors:
        errors["recipient"] = _("Your organisation is not in an active partnership with them.")
    # Without errors there is always a date and a partnership: the check says so to the types.
    if errors or due is None or partnership is None:
        raise ValidationError(errors)
    evidence = EvidenceRequest.objects.create(
        case=case,
        referral=referral,
        advice_organisation=membership.organisation,
        health_organisation=health_organisation,
        team=team,
        clinician=clinician,
        requested_by=membership.user,
        purpose=purpose,
        questions=cleaned,
        deadline=deadline,
        due_date=due,
        fee=fee,
        client_details=evidence_client_details(case),
        consent=consent,
        draft_letter=draft_letter.strip(),
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        target=evidence,
        detail={"shared_with": health_organisation.pk, "consent": str(consent.public_id)},
    )
    exchange_record(
        partnership=partnership,
        kind=ExchangeKind.EVIDENCE_REQUEST,
        record_reference=evidence.reference,
        from_organisation=membership.organisation,
        to_organisation=health_organisation,
        shared_by=membership.user,
        consent=consent,
        referral=referral,
        case=case,
        health_team=_health_team(evidence),
    )
    _notify_and_email(
        evidence,
        recipients=selectors.referrers_to_tell(evidence),
        organisation=health_organisation,
        kind=NotificationKind.EVIDENCE_REQUESTED,
        link=received_link(evidence),
    )
    return evidence


# Moving a request on ---------------------------------------------------------------------------


def _refusal(to_status: str) -> str:
    if to_status == EvidenceStatus.ACCEPTED:
        return _("Only a request that is waiting for an answer can be accepted.")
    if to_status == EvidenceStatus.DECLINED:
        return _("Only an open request can be declined.")
    if to_status == EvidenceStatus.PROVIDED:
        return _("Only an open request can be answered.")
    return _("Only an open request can be withdrawn.")


def _locked(evidence: EvidenceRequest) -> EvidenceRequest:
    return (
        EvidenceRequest.objects.select_for_update(of=("self",))
        .select_related(
            "case__adviser",
            "consent",
            "referral",
            "team",
            "clinician",
            "advice_organisation",
            "health_organisation",
            "answered_by",
            "requested_by",
        )
        .get(pk=evidence.pk)
    )


def _check_move(membership: Membership, evidence: EvidenceRequest, to_status: str) -> None:
    if to_status in HEALTH_MOVES:
        if evidence.health_organisation_id != membership.organisation_id or not (
            membership.has_role(Role.REFERRER)
        ):
            raise ValidationError(_("Only a clinician of the organisation asked can do this."))
    elif to_status in ADVICE_MOVES:
        if evidence.advice_organisation_id != membership.organisation_id:
            raise ValidationError(_("Only the organisation that asked can withdraw the request."))
    else:
        raise ValidationError(_("Choose what to do with the request."))
    if to_status not in TRANSITIONS[evidence.status]:
        raise ValidationError(_refusal(to_status))
    if to_status in (EvidenceStatus.ACCEPTED, EvidenceStatus.PROVIDED) and not (
        evidence.consent.in_force
    ):
        raise ValidationError(consent_withdrawn_message())


def _advisers(evidence: EvidenceRequest) -> list[User]:
    """The adviser who asked and, when the case has changed hands since, its adviser now."""
    return [
        person for person in (evidence.requested_by, evidence.case.adviser) if person is not None
    ]


def _tell_adviser(evidence: EvidenceRequest) -> None:
    _notify_and_email(
        evidence,
        recipients=_advisers(evidence),
        organisation=evidence.advice_organisation,
        kind=NotificationKind.EVIDENCE_RESPONDED,
        status=evidence.status,
        link=made_link(evidence),
    )


def _audit_status(request: HttpRequest, evidence: EvidenceRequest, fields: list[str]) -> None:
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=evidence,
        detail={"fields": fields, "status": evidence.status},
    )


@transaction.atomic
def evidence_accept(
    *, request: HttpRequest, membership: Membership, evidence: EvidenceRequest
) -> EvidenceRequest:
    """The clinician will provide the evidence: the adviser hears so."""
    locked = _locked(evidence)
    _check_move(membership, locked, EvidenceStatus.ACCEPTED)
    locked.status = EvidenceStatus.ACCEPTED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at", "updated_at"])
    _audit_status(request, locked, ["status"])
    _tell_adviser(locked)
    return locked


@transaction.atomic
def evidence_decline(
    *, request: HttpRequest, membership: Membership, evidence: EvidenceRequest, reason: str
) -> EvidenceRequest:
    """The clinician will not provide it, and says why (a fee, not their patient, …). Allowed
    even after the client withdrew consent, so that the request can be closed."""
    locked = _locked(evidence)
    _check_move(membership, locked, EvidenceStatus.DECLINED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are declining the request.")})
    locked.status = EvidenceStatus.DECLINED
    locked.status_reason = reason.strip()
    locked.responded_at = locked.responded_at or timezone.now()
    locked.save(update_fields=["status", "status_reason", "responded_at", "updated_at"])
    _audit_status(request, locked, ["status", "status_reason"])
    _tell_adviser(locked)
    return locked


@transaction.atomic
def evidence_withdraw(
    *, request: HttpRequest, membership: Membership, evidence: EvidenceRequest, reason: str
) -> EvidenceRequest:
    """The adviser no longer needs the evidence. The clinician's side sees the reason on the
    request."""
    locked = _locked(evidence)
    _check_move(membership, locked, EvidenceStatus.WITHDRAWN)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are withdrawing the request.")})
    locked.status = EvidenceStatus.WITHDRAWN
    locked.status_reason = reason.strip()
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    _audit_status(request, locked, ["status", "status_reason"])
    return locked


def _check_answers(evidence: EvidenceRequest, answers: Sequence[str]) -> list[str]:
    if len(answers) > len(evidence.questions):
        raise ValidationError(_("There are more answers than questions."))
    cleaned = [answer.strip() for answer in answers]
    cleaned += [""] * (len(evidence.questions) - len(cleaned))
    for index, answer in enumerate(cleaned):
        if len(answer) > MAX_ANSWER_LENGTH:
            raise ValidationError(
                {
                    f"answer_{index}": _("Keep each answer under %(most)s characters.")
                    % {"most": MAX_ANSWER_LENGTH}
                }
            )
    return cleaned


@transaction.atomic
def evidence_provide(
    *,
    request: HttpRequest,
    membership: Membership,
    evidence: EvidenceRequest,
    answers: Sequence[str] = (),
    letters: Sequence[UploadedFile] = (),
) -> EvidenceRequest:
    """The clinician's answer: structured answers (one per question) and/or signed letters. Each
    letter, and the answers as a PDF, go into the case file as documents; the adviser is told."""
    locked = _locked(evidence)
    _check_move(membership, locked, EvidenceStatus.PROVIDED)
    cleaned = _check_answers(locked, answers)
    if not any(cleaned) and not letters:
        raise ValidationError(_("Answer at least one question or upload a signed letter."))
    if len(letters) > MAX_LETTERS:
        raise ValidationError(
            {"attachment": _("Upload at most %(most)s files.") % {"most": MAX_LETTERS}}
        )
    kinds = [checked_kind(upload) for upload in letters]
    now = timezone.now()
    locked.status = EvidenceStatus.PROVIDED
    locked.answers = cleaned
    locked.provided_at = now
    locked.responded_at = locked.responded_at or now
    locked.answered_by = membership.user
    case = locked.case
    for upload, kind in zip(letters, kinds, strict=True):
        name = safe_name(upload.name or "")
        document = document_add(
            request=request,
            membership=membership,
            case=case,
            upload=upload,
            description=_("Medical evidence %(reference)s: letter from %(organisation)s")
            % {"reference": locked.reference, "organisation": locked.health_organisation.name},
        )
        letter = EvidenceLetter(
            request=locked,
            original_name=name,
            content_type=kind.content_type,
            size=upload.size or 0,
            uploaded_by=membership.user,
            case_document=document,
        )
        # The health organisation keeps its own copy of what it sent. Copied from the stored
        # document: a large upload's temporary file was moved into place, not copied.
        with document.file.open("rb") as stored:
            letter.file.save(name, File(stored, name=name), save=False)
        letter.save()
        audit_record(action=AuditAction.CREATE, request=request, target=letter)
    if any(cleaned):
        pdf = SimpleUploadedFile(
            f"{locked.reference} answers.pdf",
            evidence_pdf.answers_pdf(locked),
            content_type="application/pdf",
        )
        locked.answers_document = document_add(
            request=request,
            membership=membership,
            case=case,
            upload=pdf,
            description=_("Medical evidence %(reference)s: answers from %(organisation)s")
            % {"reference": locked.reference, "organisation": locked.health_organisation.name},
        )
    locked.save()
    _audit_status(request, locked, ["status", "answers"])
    exchange_record(
        partnership=_partnership(locked),
        kind=ExchangeKind.EVIDENCE_PROVIDED,
        record_reference=locked.reference,
        from_organisation=locked.health_organisation,
        to_organisation=locked.advice_organisation,
        shared_by=membership.user,
        consent=locked.consent,
        referral=locked.referral,
        case=case,
        health_team=_health_team(locked),
    )
    _tell_adviser(locked)
    return locked


def _partnership(evidence: EvidenceRequest) -> Partnership:
    if evidence.referral is not None:
        return evidence.referral.partnership
    partnership = selectors.shared_partnership(
        evidence.advice_organisation_id, evidence.health_organisation_id
    )
    if partnership is None:
        raise ValidationError(
            _("The two organisations are no longer in an active partnership together.")
        )
    return partnership


# Reminders -------------------------------------------------------------------------------------


@transaction.atomic
def evidence_remind(*, evidence: EvidenceRequest, overdue: bool = False) -> bool:
    """Remind the clinician's side that evidence is due soon, or both sides that it is overdue.
    Once each per request; False when already sent or the request is no longer open."""
    locked = _locked(evidence)
    sent_field = "overdue_reminder_sent_at" if overdue else "reminder_sent_at"
    if not locked.is_open or getattr(locked, sent_field) is not None:
        return False
    if overdue != locked.is_overdue():
        return False
    status = EVIDENCE_OVERDUE if overdue else ""
    _notify_and_email(
        locked,
        recipients=selectors.referrers_to_tell(locked),
        organisation=locked.health_organisation,
        kind=NotificationKind.EVIDENCE_DUE,
        status=status,
        link=received_link(locked),
    )
    if overdue:
        _notify_and_email(
            locked,
            recipients=_advisers(locked),
            organisation=locked.advice_organisation,
            kind=NotificationKind.EVIDENCE_DUE,
            status=status,
            link=made_link(locked),
        )
    setattr(locked, sent_field, timezone.now())
    locked.save(update_fields=[sent_field])
    return True
