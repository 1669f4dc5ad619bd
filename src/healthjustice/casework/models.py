"""The advice organisation's case file: cases, issues, notes, documents, deadlines, outcomes,
wellbeing measures, what is shared back with the referrer, and the client's own feedback.

The case file is the advice organisation's own record, linked to the referral, never to the health
record. Notes are privileged: they live in their own table that no health-side read touches. What
the referrer may see is written separately, on purpose, as a `SharedUpdate`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.casework import taxonomy
from healthjustice.clients.models import Client
from healthjustice.organisations.models import Organisation, PublicIdModel, Service
from healthjustice.referrals.models import Referral, prefixed_reference


def new_case_reference() -> str:
    return prefixed_reference("CASE")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class CaseSource(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", _("Resolved: advice given and the matter concluded")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved: nothing more can be done")
    CLIENT_WITHDREW = "client_withdrew", _("The client withdrew")
    LOST_CONTACT = "lost_contact", _("Lost contact with the client")
    REFERRED_ON = "referred_on", _("Referred to another organisation")
    OTHER = "other", _("Other")


class AdviceLevel(models.TextChoices):
    """The Advice Quality Standard's levels of service."""

    ADVICE = "advice", _("Advice")
    CASEWORK = "casework", _("Casework")
    REPRESENTATION = "representation", _("Representation")


class Case(PublicIdModel):
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_case_reference
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    # The advice organisation's own client record, never the referring organisation's.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases")
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    source = models.CharField(_("how the client came to us"), max_length=16, choices=CaseSource)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_advised",
        verbose_name=_("adviser"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_supervised",
        verbose_name=_("supervisor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason, blank=True
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_at"]),
            models.Index(fields=["adviser", "status", "-opened_at"]),
            models.Index(fields=["client", "-opened_at"]),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONCLUDED = "concluded", _("Concluded")


class CaseIssue(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="issues")
    category = models.CharField(_("category"), max_length=64)
    advice_level = models.CharField(_("advice level"), max_length=16, choices=AdviceLevel)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IssueStatus, default=IssueStatus.OPEN
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.category

    @property
    def category_label(self) -> str:
        return str(taxonomy.category(self.category).label)

    @property
    def topic(self) -> str:
        return taxonomy.category(self.category).topic


class NoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    PHONE_CALL = "phone_call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter or email")
    ADVICE = "advice", _("Advice given")
    ACTION = "action", _("Action taken")


class CaseNote(PublicIdModel):
    """A privileged record of the casework: seen inside the advice organisation only, always."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind, default=NoteKind.NOTE)
    body = models.TextField(_("note"))
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    ASSIGNED = "assigned", _("Adviser or supervisor changed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ISSUE_ADDED = "issue_added", _("Issue added")
    ISSUE_CHANGED = "issue_changed", _("Issue changed")
    DEADLINE_ADDED = "deadline_added", _("Deadline added")
    DEADLINE_MOVED = "deadline_moved", _("Deadline moved: the statement of reasons arrived")
    DEADLINE_MET = "deadline_met", _("Deadline marked as done")
    OUTCOME_RECORDED = "outcome_recorded", _("Outcome recorded")
    WELLBEING_RECORDED = "wellbeing_recorded", _("Wellbeing measured")
    DOCUMENT_ADDED = "document_added", _("Document added")
    SUMMARY_SHARED = "summary_shared", _("Summary shared with the referrer")
    CLOSED = "closed", _("Case closed")
    REOPENED = "reopened", _("Case reopened")


class CaseEvent(models.Model):
    """What happened on the case, written by the service itself: the timeline beside the notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=CaseEventKind)
    # Plain values only (codes, dates, amounts): shown through labels, never free text.
    detail = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class SharedUpdateKind(models.TextChoices):
    UPDATE = "update", _("Progress update")
    CLOSING_FEEDBACK = "closing_feedback", _("Outcome feedback")


class SharedUpdate(PublicIdModel):
    """A summary the adviser chose to share with the referrer, written for them: the only words
    of the case file that cross to the health side, and only with the client's consent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shared_updates")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="shared_updates")
    kind = models.CharField(_("kind"), max_length=20, choices=SharedUpdateKind)
    summary = models.TextField(_("summary"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("shared summary")
        verbose_name_plural = _("shared summaries")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind}"


def _document_path(instance: "CaseDocument", filename: str) -> str:
    """A random name: the file's own name is kept in the database, never on disk or in URLs."""
    return f"cases/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class CaseDocument(PublicIdModel):
    """A document in the case file: privileged like the notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class DeadlineKind(models.TextChoices):
    MANDATORY_RECONSIDERATION = (
        "mandatory_reconsideration",
        _("Ask for a mandatory reconsideration"),
    )
    TRIBUNAL_APPEAL = "tribunal_appeal", _("Appeal to the tribunal (form SSCS1)")
    CUSTOM = "custom", _("Other deadline")


class Deadline(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    issue = models.ForeignKey(
        CaseIssue, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DeadlineKind)
    title = models.CharField(_("what is due"), max_length=200)
    due_date = models.DateField(_("due"))
    late_limit = models.DateField(_("latest date for a late request"), null=True, blank=True)
    # The dates the calculation started from, so anyone can check it: decision date, etc.
    basis = models.JSONField(default=dict)
    remind_days_before = models.PositiveSmallIntegerField(_("remind me (days before)"), default=5)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["completed_at", "due_date"])]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date})"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class OutcomeKind(models.TextChoices):
    # Financial.
    NEW_AWARD = "new_award", _("New award or increase (weekly amount)")
    ARREARS = "arrears", _("Arrears or backdating")
    LUMP_SUM = "lump_sum", _("One-off grant or lump sum")
    DEBT_WRITTEN_OFF = "debt_written_off", _("Debt written off")
    DEBT_MANAGED = "debt_managed", _("Debt rescheduled or managed")
    # Not financial.
    EVICTION_PREVENTED = "eviction_prevented", _("Eviction prevented")
    HOUSING_SECURED = "housing_secured", _("Housing secured")
    BENEFIT_REINSTATED = "benefit_reinstated", _("Benefit reinstated")
    RECONSIDERATION_WON = "reconsideration_won", _("Mandatory reconsideration won")
    RECONSIDERATION_LOST = "reconsideration_lost", _("Mandatory reconsideration lost")
    APPEAL_WON = "appeal_won", _("Appeal won")
    APPEAL_LOST = "appeal_lost", _("Appeal lost")
    JOB_KEPT = "job_kept", _("Job kept")
    IMMIGRATION_RESOLVED = "immigration_resolved", _("Immigration status resolved")
    OTHER = "other", _("Other outcome")


class CountingMethod(models.TextChoices):
    """How a financial figure was counted: stored with the figure, so reports can say."""

    WEEKLY_ANNUALISED = "weekly_x52", _("Weekly amount × 52 (annualised)")  # noqa: RUF001
    ONE_OFF = "one_off", _("Amount paid once")
    DEBT_TOTAL_WRITTEN_OFF = "debt_total_written_off", _("Total of the debt written off")
    DEBT_TOTAL_MANAGED = "debt_total_managed", _("Total of the debt rescheduled or managed")


# Which counting method each financial kind uses; other kinds carry no amount.
COUNTING_METHOD: dict[str, str] = {
    OutcomeKind.NEW_AWARD: CountingMethod.WEEKLY_ANNUALISED,
    OutcomeKind.ARREARS: CountingMethod.ONE_OFF,
    OutcomeKind.LUMP_SUM: CountingMethod.ONE_OFF,
    OutcomeKind.DEBT_WRITTEN_OFF: CountingMethod.DEBT_TOTAL_WRITTEN_OFF,
    OutcomeKind.DEBT_MANAGED: CountingMethod.DEBT_TOTAL_MANAGED,
}
FINANCIAL_KINDS = frozenset(COUNTING_METHOD)


class Outcome(PublicIdModel):
    issue = models.ForeignKey(CaseIssue, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=24, choices=OutcomeKind)
    # For a new award, the weekly amount; otherwise the sum. `annual_amount` only for awards.
    amount = models.DecimalField(
        _("amount (£)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    annual_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    counting_method = models.CharField(
        _("counting method"), max_length=24, choices=CountingMethod, blank=True
    )
    achieved_on = models.DateField(_("date"))
    evidence_note = models.CharField(_("evidence"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["achieved_on", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.kind

    @property
    def is_financial(self) -> bool:
        return self.kind in FINANCIAL_KINDS


class WellbeingStage(models.TextChoices):
    START = "start", _("At the start")
    CLOSE = "close", _("At closure")


class WellbeingMeasure(PublicIdModel):
    """SWEMWBS answered by the client at the start or the close of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="wellbeing")
    stage = models.CharField(_("when"), max_length=8, choices=WellbeingStage)
    answers = models.JSONField(default=dict)
    raw_score = models.PositiveSmallIntegerField()
    metric_score = models.DecimalField(max_digits=4, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="wellbeing_once_per_stage")
        ]
        verbose_name = _("wellbeing measure")
        verbose_name_plural = _("wellbeing measures")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.stage}"


def new_feedback_token() -> str:
    return secrets.token_urlsafe(24)


class ClientFeedback(PublicIdModel):
    """The client's own view of the service, against the partnership's four aims. The link is
    offered at closure; the answers may also be recorded by the adviser on the client's behalf."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="client_feedback")
    token = models.CharField(max_length=64, unique=True, default=new_feedback_token)
    # Each 1 (strongly disagree) to 5 (strongly agree); empty until answered.
    easy_to_get_help = models.PositiveSmallIntegerField(null=True, blank=True)
    staff_understood = models.PositiveSmallIntegerField(null=True, blank=True)
    comfortable_setting = models.PositiveSmallIntegerField(null=True, blank=True)
    helped_with_problem = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(_("anything else"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when the adviser recorded the answers; empty when the client gave them by the link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("client feedback")
        verbose_name_plural = _("client feedback")

    def __str__(self) -> str:
        return f"{self.case_id}: feedback"

    @property
    def is_answered(self) -> bool:
        return self.submitted_at is not None
