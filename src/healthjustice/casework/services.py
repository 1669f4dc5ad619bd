"""Writes of the case file: each validates, changes state, adds to the case's timeline and the audit
log, and notifies, in one transaction."""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.casework import deadlines as statutory
from healthjustice.casework import taxonomy, wellbeing
from healthjustice.casework.models import (
    COUNTING_METHOD,
    FINANCIAL_KINDS,
    AdviceLevel,
    Case,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    CaseIssue,
    CaseNote,
    CaseSource,
    CaseStatus,
    ClientFeedback,
    ClosureReason,
    CountingMethod,
    Deadline,
    DeadlineKind,
    IssueStatus,
    NoteKind,
    Outcome,
    OutcomeKind,
    SharedUpdate,
    SharedUpdateKind,
    WellbeingMeasure,
    WellbeingStage,
)
from healthjustice.casework.selectors import MAX_REMINDER_DAYS, feedback_consent_in_force
from healthjustice.clients.models import Client
from healthjustice.clients.services import client_create
from healthjustice.collaboration.models import ExchangeKind
from healthjustice.collaboration.services.exchanges import exchange_record
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction, NotificationKind
from healthjustice.core.notifications import notify
from healthjustice.organisations.models import Membership, Organisation, Role, Service
from healthjustice.organisations.selectors import people_with_role
from healthjustice.referrals.attachments import checked_kind, safe_name
from healthjustice.referrals.models import TRANSITIONS, Referral, ReferralStatus
from healthjustice.referrals.services import SHARED_CLIENT_FIELDS, referral_transition

WEEKS_IN_A_YEAR = 52
# The client details a case can start from when the referral carried them.
_DATE_FIELDS = frozenset({"date_of_birth"})


def annualise(weekly: Decimal) -> Decimal:
    """A recurring award recorded as a weekly amount is reported as a year's worth: 52 times it."""
    return (weekly * WEEKS_IN_A_YEAR).quantize(Decimal("0.01"))


def _event(case: Case, event_kind: str, actor: User | None, **detail: Any) -> None:
    CaseEvent.objects.create(case=case, kind=event_kind, actor=actor, detail=detail)


def _case_link(case: Case) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.public_id})


def _check_staff(
    membership: Membership, *, adviser: User | None, supervisor: User | None
) -> dict[str, str]:
    """Errors for an adviser or supervisor who is not an active member of the organisation in
    that role."""
    errors: dict[str, str] = {}
    if adviser is not None and adviser not in people_with_role(
        membership.organisation_id, Role.ADVISER, Role.SUPERVISOR
    ):
        errors["adviser"] = _("Choose an adviser from your organisation.")
    if supervisor is not None and supervisor not in people_with_role(
        membership.organisation_id, Role.SUPERVISOR
    ):
        errors["supervisor"] = _("Choose a supervisor from your organisation.")
    return errors


def _notify_assigned(case: Case, adviser: User | None, actor: User) -> None:
    if adviser is None or adviser == actor:
        return
    notify(
        recipients=[adviser],
        email_to=[adviser],
        organisation=case.organisation,
        kind=NotificationKind.CASE_ASSIGNED,
        reference=case.reference,
        link=_case_link(case),
    )


def _new_case(
    *,
    request: HttpRequest,
    membership: Membership,
    client: Client,
    source: str,
    service: Service | None,
    adviser: User | None,
    supervisor: User | None,
    referral: Referral | None = None,
) -> Case:
    errors = _check_staff(membership, adviser=adviser, supervisor=supervisor)
    if source not in CaseSource.values:
        errors["source"] = _("Choose how the client came to you.")
    if service is not None and service.organisation_id != membership.organisation_id:
        errors["service"] = _("Choose one of your organisation's services.")
    if errors:
        raise ValidationError(errors)
    case = Case.objects.create(
        organisation=membership.organisation,
        client=client,
        referral=referral,
        service=service,
        source=source,
        adviser=adviser,
        supervisor=supervisor,
    )
    _event(case, CaseEventKind.OPENED, membership.user, source=source)
    audit_record(action=AuditAction.CREATE, request=request, target=case)
    _notify_assigned(case, adviser, membership.user)
    return case


@transaction.atomic
def case_open(
    *,
    request: HttpRequest,
    membership: Membership,
    client: Client,
    source: str,
    service: Service | None = None,
    adviser: User | None = None,
    supervisor: User | None = None,
) -> Case:
    """A case opened directly: a walk-in, a phone call, an email."""
    if client.organisation_id != membership.organisation_id:
        raise ValidationError(_("This client is not one of your organisation's."))
    if source == CaseSource.REFERRAL:
        raise ValidationError({"source": _("Open a case from a referral on the referral's page.")})
    return _new_case(
        request=request,
        membership=membership,
        client=client,
        source=source,
        service=service,
        adviser=adviser,
        supervisor=supervisor,
    )


def client_details_from_referral(referral: Referral) -> dict[str, Any]:
    """The client details the referral carried, ready to start the advice organisation's own
    client record from."""
    details: dict[str, Any] = {}
    for name in SHARED_CLIENT_FIELDS:
        if name in referral.shared_details:
            value = referral.shared_details[name]
            details[name] = date.fromisoformat(value) if name in _DATE_FIELDS else value
    return details


@transaction.atomic
def case_open_from_referral(
    *,
    request: HttpRequest,
    membership: Membership,
    referral: Referral,
    client: Client | None,
    adviser: User | None = None,
    supervisor: User | None = None,
) -> Case:
    """Take on a referral as a case. `client` is an existing client record of the advice
    organisation who is the same person; without one, a record is made from the details the
    referral shared. The referral moves to in progress."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.advice_organisation_id != membership.organisation_id:
        raise ValidationError(_("This referral was not made to your organisation."))
    if Case.objects.filter(referral=locked).exists():
        raise ValidationError(_("A case is already open for this referral."))
    if locked.status not in (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED):
        raise ValidationError(
            _("Only a referral that is requested or accepted can be opened as a case.")
        )
    if client is not None and client.organisation_id != membership.organisation_id:
        raise ValidationError({"client": _("Choose one of your organisation's clients.")})
    if client is None:
        if locked.client.organisation_id == membership.organisation_id:
            # A self-referral: the record is already the advice organisation's own.
            client = locked.client
        else:
            client = client_create(
                request=request,
                organisation=membership.organisation,
                created_by=membership.user,
                data=client_details_from_referral(locked),
            )
    for to_status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS):
        if locked.status != to_status and to_status in _next_statuses(locked):
            locked = referral_transition(
                request=request,
                referral=locked,
                to_status=to_status,
                actor=membership.user,
                organisation=membership.organisation,
            )
    return _new_case(
        request=request,
        membership=membership,
        client=client,
        source=CaseSource.REFERRAL,
        service=locked.service,
        adviser=adviser,
        supervisor=supervisor,
        referral=locked,
    )


def _next_statuses(referral: Referral) -> frozenset[str]:
    return TRANSITIONS[referral.status]


def _check_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed."))


@transaction.atomic
def case_assign(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    adviser: User | None,
    supervisor: User | None,
) -> Case:
    _check_open(case)
    errors = _check_staff(membership, adviser=adviser, supervisor=supervisor)
    if errors:
        raise ValidationError(errors)
    before = (case.adviser_id, case.supervisor_id)
    case.adviser, case.supervisor = adviser, supervisor
    if before == (case.adviser_id, case.supervisor_id):
        return case
    case.save(update_fields=["adviser", "supervisor", "updated_at"])
    _event(
        case,
        CaseEventKind.ASSIGNED,
        membership.user,
        adviser=adviser.full_name if adviser else "",
        supervisor=supervisor.full_name if supervisor else "",
    )
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=case,
        detail={"fields": ["adviser", "supervisor"]},
    )
    if adviser is not None and before[0] != adviser.pk:
        _notify_assigned(case, adviser, membership.user)
    return case


@transaction.atomic
def case_hold(
    *, request: HttpRequest, membership: Membership, case: Case, on_hold: bool, reason: str = ""
) -> Case:
    """Put an open case on hold (with a reason the referrer also sees on the referral) or take it
    off hold."""
    _check_open(case)
    to_status = CaseStatus.ON_HOLD if on_hold else CaseStatus.OPEN
    if case.status == to_status:
        return case
    if on_hold and not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    case.status = to_status
    case.save(update_fields=["status", "updated_at"])
    _event(case, CaseEventKind.STATUS_CHANGED, membership.user, status=to_status)
    audit_record(
        action=AuditAction.CHANGE, request=request, target=case, detail={"fields": ["status"]}
    )
    referral = case.referral
    if referral is not None:
        wanted = ReferralStatus.ON_HOLD if on_hold else ReferralStatus.IN_PROGRESS
        if referral.status != wanted and wanted in _next_statuses(referral):
            referral_transition(
                request=request,
                referral=referral,
                to_status=wanted,
                reason=reason,
                actor=membership.user,
                organisation=membership.organisation,
            )
    return case


def _check_issue(category: str, advice_level: str) -> None:
    errors: dict[str, str] = {}
    if category not in taxonomy.CODES:
        errors["category"] = _("Choose a category from the list.")
    if advice_level not in AdviceLevel.values:
        errors["advice_level"] = _("Choose the level of advice.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_add(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    category: str,
    advice_level: str,
    description: str = "",
) -> CaseIssue:
    _check_open(case)
    _check_issue(category, advice_level)
    issue = CaseIssue.objects.create(
        case=case, category=category, advice_level=advice_level, description=description.strip()
    )
    _event(case, CaseEventKind.ISSUE_ADDED, membership.user, category=category)
    audit_record(action=AuditAction.CREATE, request=request, target=issue)
    return issue


@transaction.atomic
def issue_update(
    *,
    request: HttpRequest,
    membership: Membership,
    issue: CaseIssue,
    category: str,
    advice_level: str,
    description: str,
    status: str,
) -> CaseIssue:
    _check_open(issue.case)
    _check_issue(category, advice_level)
    if status not in IssueStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    fields = [
        name
        for name, value in (
            ("category", category),
            ("advice_level", advice_level),
            ("description", description.strip()),
            ("status", status),
        )
        if getattr(issue, name) != value
    ]
    if not fields:
        return issue
    issue.category, issue.advice_level = category, advice_level
    issue.description, issue.status = description.strip(), status
    issue.save()
    _event(issue.case, CaseEventKind.ISSUE_CHANGED, membership.user, category=category)
    audit_record(
        action=AuditAction.CHANGE, request=request, target=issue, detail={"fields": fields}
    )
    return issue


def _not_in_future(moment: datetime | date, field: str) -> None:
    now = timezone.now()
    late = moment > now if isinstance(moment, datetime) else moment > timezone.localdate(now)
    if late:
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def note_add(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    kind: str,
    body: str,
    occurred_at: datetime | None = None,
) -> CaseNote:
    """A privileged note: stays inside the advice organisation."""
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose what kind of note this is.")})
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    occurred_at = occurred_at or timezone.now()
    _not_in_future(occurred_at, "occurred_at")
    note = CaseNote.objects.create(
        case=case, kind=kind, body=body.strip(), occurred_at=occurred_at, author=membership.user
    )
    # The audit names the note, never its words.
    audit_record(action=AuditAction.CREATE, request=request, target=note)
    return note


@transaction.atomic
def document_add(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    upload: UploadedFile,
    description: str = "",
) -> CaseDocument:
    kind = checked_kind(upload)
    document = CaseDocument.objects.create(
        case=case,
        file=upload,
        original_name=safe_name(upload.name or ""),
        description=description.strip(),
        content_type=kind.content_type,
        size=upload.size or 0,
        uploaded_by=membership.user,
    )
    _event(case, CaseEventKind.DOCUMENT_ADDED, membership.user)
    audit_record(action=AuditAction.CREATE, request=request, target=document)
    return document


def _share(
    *, request: HttpRequest, membership: Membership, case: Case, kind: str, summary: str
) -> SharedUpdate:
    referral = case.referral
    if referral is None or referral.referring_organisation_id is None:
        raise ValidationError(_("This case did not come from a professional's referral."))
    consent = feedback_consent_in_force(case)
    if consent is None:
        raise ValidationError(
            _(
                "The client has not agreed to outcome feedback being sent to the referrer. "
                "Record their consent on the client's record first."
            )
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Write the summary to share.")})
    update = SharedUpdate.objects.create(
        case=case, referral=referral, kind=kind, summary=summary.strip(), shared_by=membership.user
    )
    exchange_record(
        partnership=referral.partnership,
        kind=ExchangeKind.PROGRESS_UPDATE
        if kind == SharedUpdateKind.UPDATE
        else ExchangeKind.OUTCOME_FEEDBACK,
        record_reference=referral.reference,
        from_organisation=case.organisation,
        # A professional's referral, as checked above: it names the referring organisation.
        to_organisation=cast(Organisation, referral.referring_organisation),
        shared_by=membership.user,
        consent=consent,
        referral=referral,
        case=case,
    )
    _event(case, CaseEventKind.SUMMARY_SHARED, membership.user, kind=kind)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        target=update,
        detail={"shared_with": referral.referring_organisation_id},
    )
    referrer = referral.referred_by
    if referrer is not None and referral.referring_organisation is not None:
        notify(
            recipients=[referrer],
            email_to=[referrer] if referrer.email_on_referral_updates else [],
            organisation=referral.referring_organisation,
            kind=NotificationKind.REFERRAL_FEEDBACK,
            reference=referral.reference,
            link=reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id}),
        )
    return update


@transaction.atomic
def summary_share(
    *, request: HttpRequest, membership: Membership, case: Case, summary: str
) -> SharedUpdate:
    """Share a progress summary, written for the referrer, with the client's consent."""
    _check_open(case)
    return _share(
        request=request,
        membership=membership,
        case=case,
        kind=SharedUpdateKind.UPDATE,
        summary=summary,
    )


def _calculation(kind: str, dates: Mapping[str, date | None]) -> statutory.Calculation:
    try:
        if kind == DeadlineKind.MANDATORY_RECONSIDERATION:
            if dates.get("decision_date") is None:
                raise ValidationError({"decision_date": _("Enter the date of the decision.")})
            return statutory.mandatory_reconsideration(
                decision_date=dates["decision_date"],  # type: ignore[arg-type]
                statement_requested_on=dates.get("statement_requested_on"),
                statement_provided_on=dates.get("statement_provided_on"),
            )
        if dates.get("notice_date") is None:
            raise ValidationError(
                {"notice_date": _("Enter the date of the mandatory reconsideration notice.")}
            )
        return statutory.tribunal_appeal(reconsideration_notice_date=dates["notice_date"])  # type: ignore[arg-type]
    except ValueError as error:
        raise ValidationError(str(error)) from error


def deadline_calculate(kind: str, dates: Mapping[str, date | None]) -> statutory.Calculation:
    """The statutory calculation for a mandatory reconsideration or a tribunal appeal, with
    clear errors for missing or impossible dates."""
    if kind not in (DeadlineKind.MANDATORY_RECONSIDERATION, DeadlineKind.TRIBUNAL_APPEAL):
        raise ValidationError({"kind": _("Choose a deadline the calculator knows.")})
    for name, value in dates.items():
        if value is not None:
            _not_in_future(value, name)
    return _calculation(kind, dates)


@transaction.atomic
def deadline_add(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    kind: str,
    issue: CaseIssue | None = None,
    title: str = "",
    due_date: date | None = None,
    dates: Mapping[str, date | None] | None = None,
    remind_days_before: int = 5,
) -> Deadline:
    """A statutory deadline calculated from `dates`, or a custom one with its own `due_date`."""
    _check_open(case)
    if issue is not None and issue.case_id != case.pk:
        raise ValidationError({"issue": _("Choose one of this case's issues.")})
    if not 0 <= remind_days_before <= MAX_REMINDER_DAYS:
        raise ValidationError(
            {
                "remind_days_before": _("Choose between 0 and %(most)s days before the deadline.")
                % {"most": MAX_REMINDER_DAYS}
            }
        )
    late_limit = None
    basis: dict[str, str] = {}
    if kind == DeadlineKind.CUSTOM:
        if not title.strip():
            raise ValidationError({"title": _("Say what is due.")})
        if due_date is None:
            raise ValidationError({"due_date": _("Enter the date it is due.")})
    else:
        calculation = deadline_calculate(kind, dates or {})
        due_date, late_limit = calculation.due, calculation.late_limit
        basis = {name: value.isoformat() for name, value in (dates or {}).items() if value}
        basis["extended"] = "yes" if calculation.extended else ""
        basis["awaiting_statement"] = "yes" if calculation.awaiting_statement else ""
        title = title.strip() or str(DeadlineKind(kind).label)
    deadline = Deadline.objects.create(
        case=case,
        issue=issue,
        kind=kind,
        title=title.strip(),
        due_date=due_date,
        late_limit=late_limit,
        basis=basis,
        remind_days_before=remind_days_before,
    )
    _event(case, CaseEventKind.DEADLINE_ADDED, membership.user, kind=kind, due=due_date.isoformat())
    audit_record(action=AuditAction.CREATE, request=request, target=deadline)
    return deadline


def _basis_date(deadline: Deadline, name: str) -> date | None:
    value = deadline.basis.get(name)
    return date.fromisoformat(value) if value else None


@transaction.atomic
def deadline_statement_arrived(
    *, request: HttpRequest, membership: Membership, deadline: Deadline, provided_on: date
) -> Deadline:
    """The written statement of reasons that a mandatory reconsideration deadline was waiting for
    has arrived: the deadline moves to what the rules give now, and its reminder is due again."""
    _check_open(deadline.case)
    if deadline.is_done:
        raise ValidationError(_("This deadline is already done."))
    if (
        deadline.kind != DeadlineKind.MANDATORY_RECONSIDERATION
        or deadline.basis.get("awaiting_statement") != "yes"
    ):
        raise ValidationError(_("This deadline is not waiting for a statement of reasons."))
    dates = {
        "decision_date": _basis_date(deadline, "decision_date"),
        "statement_requested_on": _basis_date(deadline, "statement_requested_on"),
        "statement_provided_on": provided_on,
    }
    try:
        calculation = deadline_calculate(DeadlineKind.MANDATORY_RECONSIDERATION, dates)
    except ValidationError as error:
        # Every date but the arrival's was checked when the deadline was made.
        raise ValidationError({"provided_on": error.messages}) from error
    before = deadline.due_date
    deadline.due_date, deadline.late_limit = calculation.due, calculation.late_limit
    deadline.basis = {
        **deadline.basis,
        "statement_provided_on": provided_on.isoformat(),
        "awaiting_statement": "",
    }
    deadline.reminder_sent_at = None
    deadline.save()
    _event(
        deadline.case,
        CaseEventKind.DEADLINE_MOVED,
        membership.user,
        kind=deadline.kind,
        due=deadline.due_date.isoformat(),
    )
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=deadline,
        detail={"fields": ["due_date"], "from": before.isoformat()},
    )
    return deadline


@transaction.atomic
def deadline_complete(
    *, request: HttpRequest, membership: Membership, deadline: Deadline
) -> Deadline:
    if deadline.is_done:
        return deadline
    deadline.completed_at = timezone.now()
    deadline.completed_by = membership.user
    deadline.save(update_fields=["completed_at", "completed_by", "updated_at"])
    _event(deadline.case, CaseEventKind.DEADLINE_MET, membership.user, kind=deadline.kind)
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=deadline,
        detail={"fields": ["completed_at"]},
    )
    return deadline


@transaction.atomic
def deadline_remind(*, deadline: Deadline) -> bool:
    """Tell the case's adviser (or its supervisor, or the organisation's supervisors when nobody
    is assigned) that a deadline is coming up. Once per deadline; False when already sent."""
    locked = Deadline.objects.select_for_update().select_related("case").get(pk=deadline.pk)
    if locked.reminder_sent_at is not None or locked.is_done:
        return False
    case = locked.case
    recipients = [person for person in (case.adviser, case.supervisor) if person is not None]
    if not recipients:
        recipients = people_with_role(case.organisation_id, Role.SUPERVISOR)
    notify(
        recipients=recipients,
        email_to=recipients,
        organisation=case.organisation,
        kind=NotificationKind.DEADLINE_DUE,
        reference=case.reference,
        link=_case_link(case),
    )
    locked.reminder_sent_at = timezone.now()
    locked.save(update_fields=["reminder_sent_at"])
    return True


@transaction.atomic
def outcome_record(
    *,
    request: HttpRequest,
    membership: Membership,
    issue: CaseIssue,
    kind: str,
    achieved_on: date,
    amount: Decimal | None = None,
    evidence_note: str = "",
) -> Outcome:
    """An outcome of an issue. Financial outcomes carry an amount (a weekly amount for a new
    award, reported annualised), counted by the method stored with it."""
    _check_open(issue.case)
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Choose an outcome.")})
    if kind in FINANCIAL_KINDS:
        if amount is None:
            raise ValidationError({"amount": _("Enter the amount in pounds.")})
        if amount <= 0:
            raise ValidationError({"amount": _("The amount must be more than £0.")})
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValidationError({"amount": _("Enter the amount in pounds and pence.")})
    elif amount is not None:
        raise ValidationError({"amount": _("This outcome has no amount: leave it empty.")})
    _not_in_future(achieved_on, "achieved_on")
    method = COUNTING_METHOD.get(kind, "")
    outcome = Outcome.objects.create(
        issue=issue,
        kind=kind,
        amount=amount,
        annual_amount=annualise(amount)
        if method == CountingMethod.WEEKLY_ANNUALISED and amount is not None
        else None,
        counting_method=method,
        achieved_on=achieved_on,
        evidence_note=evidence_note.strip(),
        recorded_by=membership.user,
    )
    _event(
        issue.case,
        CaseEventKind.OUTCOME_RECORDED,
        membership.user,
        kind=kind,
        amount=str(amount) if amount is not None else "",
    )
    audit_record(action=AuditAction.CREATE, request=request, target=outcome)
    return outcome


@transaction.atomic
def wellbeing_record(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    stage: str,
    answers: Mapping[str, int],
) -> WellbeingMeasure:
    """The client's SWEMWBS answers at the start or the close, scored with the published
    conversion table. Recording a stage again replaces the earlier answers."""
    if stage not in WellbeingStage.values:
        raise ValidationError({"stage": _("Choose when the measure was taken.")})
    if stage == WellbeingStage.START:
        _check_open(case)
    try:
        raw = wellbeing.raw_score(answers)
    except ValueError as error:
        raise ValidationError(_("Answer all seven statements, each from 1 to 5.")) from error
    measure, created = WellbeingMeasure.objects.update_or_create(
        case=case,
        stage=stage,
        defaults={
            "answers": dict(answers),
            "raw_score": raw,
            "metric_score": wellbeing.metric_score(raw),
            "recorded_by": membership.user,
        },
    )
    _event(case, CaseEventKind.WELLBEING_RECORDED, membership.user, stage=stage)
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        request=request,
        target=measure,
    )
    return measure


@transaction.atomic
def case_close(
    *,
    request: HttpRequest,
    membership: Membership,
    case: Case,
    reason: str,
    feedback_summary: str = "",
    send_feedback: bool = False,
) -> Case:
    """Close the case. With the client's consent the adviser's feedback summary goes to the
    referrer; the referral is completed either way; a feedback link is made for the client."""
    _check_open(case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose why the case is closing.")})
    if send_feedback:
        _share(
            request=request,
            membership=membership,
            case=case,
            kind=SharedUpdateKind.CLOSING_FEEDBACK,
            summary=feedback_summary,
        )
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.closure_reason = reason
    case.save(update_fields=["status", "closed_at", "closure_reason", "updated_at"])
    _event(case, CaseEventKind.CLOSED, membership.user, reason=reason)
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=case,
        detail={"fields": ["status", "closure_reason"]},
    )
    ClientFeedback.objects.get_or_create(case=case)
    referral = case.referral
    if referral is not None:
        for to_status in (ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED):
            referral.refresh_from_db()
            if referral.status != to_status and to_status in _next_statuses(referral):
                referral_transition(
                    request=request,
                    referral=referral,
                    to_status=to_status,
                    actor=membership.user,
                    organisation=membership.organisation,
                )
    return case


FEEDBACK_QUESTIONS = (
    "easy_to_get_help",
    "staff_understood",
    "comfortable_setting",
    "helped_with_problem",
)


def _check_feedback(answers: Mapping[str, int | None]) -> dict[str, int | None]:
    cleaned: dict[str, int | None] = {}
    for name in FEEDBACK_QUESTIONS:
        value = answers.get(name)
        if value is not None and not 1 <= value <= 5:
            raise ValidationError({name: _("Choose one of the answers.")})
        cleaned[name] = value
    if all(value is None for value in cleaned.values()):
        raise ValidationError(_("Answer at least one question."))
    return cleaned


@transaction.atomic
def client_feedback_submit(
    *,
    request: HttpRequest,
    feedback: ClientFeedback,
    answers: Mapping[str, int | None],
    comment: str = "",
    recorded_by: User | None = None,
) -> ClientFeedback:
    """The client's answers, given by the link (once) or recorded by the adviser for them."""
    locked = ClientFeedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.is_answered:
        raise ValidationError(_("This feedback has already been given. Thank you."))
    for name, value in _check_feedback(answers).items():
        setattr(locked, name, value)
    locked.comment = comment.strip()[:2000]
    locked.submitted_at = timezone.now()
    locked.recorded_by = recorded_by
    locked.save()
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        actor=recorded_by,
        organisation=locked.case.organisation,
        target=locked,
        detail={"fields": ["answers"]},
    )
    return locked
