"""Collaboration between health and advice professionals: medical-evidence requests,
consultations, feedback both ways, the log of what crossed between the two sides, and the
thresholds a coordinator sets for the collaboration analytics.

Everything that crosses from one organisation to the other crosses through one of these records,
under a named consent where it is about a client, and is written to the information-exchange log.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.casework.models import Case, CaseDocument, Deadline
from healthjustice.clients.models import Consent
from healthjustice.organisations.models import Organisation, Partnership, PublicIdModel, Team
from healthjustice.referrals.models import Referral, prefixed_reference


def new_evidence_reference() -> str:
    return prefixed_reference("EVR")


def new_consultation_reference() -> str:
    return prefixed_reference("CON")


# --- Medical-evidence requests -----------------------------------------------------------------


class EvidencePurpose(models.TextChoices):
    PIP = "pip", _("Personal Independence Payment (PIP)")
    WORK_CAPABILITY = (
        "work_capability",
        _("Work capability assessment (ESA or Universal Credit)"),
    )
    HOUSING_PRIORITY = "housing_priority", _("Housing priority on medical grounds")
    TRIBUNAL = "tribunal", _("Tribunal appeal")
    OTHER = "other", _("Other")


class EvidenceStatus(models.TextChoices):
    """Stored statuses. "Overdue" is not stored: a requested or accepted request whose due date
    has passed is shown as overdue, so it can never disagree with the calendar."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PROVIDED = "provided", _("Provided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_EVIDENCE_STATUSES = (EvidenceStatus.REQUESTED, EvidenceStatus.ACCEPTED)


class EvidenceTemplate(PublicIdModel):
    """An advice organisation's standard questions for one purpose; the product ships defaults."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evidence_templates"
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=EvidencePurpose.choices)
    questions = models.JSONField(_("questions"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["purpose"]
        verbose_name = _("evidence template")
        verbose_name_plural = _("evidence templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose"], name="evidence_template_once_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.organisation})"


class EvidenceRequest(PublicIdModel):
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_evidence_reference
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_requests")
    # The referral the case came from, when there is one: it names the health side's own record.
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_requests",
    )
    advice_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="evidence_requests_made"
    )
    health_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="evidence_requests_received",
        verbose_name=_("practice or health organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_requests",
        verbose_name=_("team"),
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_requests_received",
        verbose_name=_("clinician"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_requests_made"
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=EvidencePurpose.choices)
    questions = models.JSONField(_("questions"), default=list)
    # One answer per question, in the same order.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_requests",
        verbose_name=_("case deadline"),
    )
    due_date = models.DateField(_("due"))
    fee = models.DecimalField(
        _("fee offered (£)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Who the request is about, so the practice can find its patient: only what identifies them.
    client_details = models.JSONField(default=dict)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="evidence_requests")
    draft_letter = models.TextField(
        _("draft letter for the clinician to check and sign"), blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.REQUESTED,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    provided_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The reminder to both sides once the due date has passed: sent once, like the one before it.
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The structured answers as a PDF in the case file, once provided.
    answers_document = models.ForeignKey(
        CaseDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["health_organisation", "status", "due_date"]),
            models.Index(fields=["advice_organisation", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]
        verbose_name = _("evidence request")
        verbose_name_plural = _("evidence requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_EVIDENCE_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())


def _evidence_letter_path(instance: "EvidenceLetter", filename: str) -> str:
    return f"evidence/{instance.request.public_id}/{instance.public_id}"


class EvidenceLetter(PublicIdModel):
    """A signed letter the clinician uploaded in answer to a request."""

    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="letters")
    file = models.FileField(upload_to=_evidence_letter_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The advice organisation's own copy, in the case file.
    case_document = models.OneToOneField(
        CaseDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence letter")
        verbose_name_plural = _("evidence letters")

    def __str__(self) -> str:
        return self.original_name


# --- Consultations ------------------------------------------------------------------------------


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Consultation(PublicIdModel):
    """A professional-to-professional thread between the two sides of a partnership, about a
    client (through their referral, under the client's consent) or in general."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_consultation_reference
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="consultations"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultations_started"
    )
    from_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations_started"
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consultations_received",
        verbose_name=_("organisation"),
    )
    to_team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("about the client of referral"),
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    started_at = models.DateTimeField(default=timezone.now)
    # The first message from the other side: the response time is measured to it.
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["from_organisation", "status", "-started_at"]),
            models.Index(fields=["to_organisation", "status", "-started_at"]),
            models.Index(fields=["partnership", "started_at"]),
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.reference


class ConsultationMessage(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation} message {self.pk}"


# --- Feedback both ways -------------------------------------------------------------------------


class ServiceRating(models.IntegerChoices):
    VERY_POOR = 1, _("Very poor")
    POOR = 2, _("Poor")
    ADEQUATE = 3, _("Adequate")
    GOOD = 4, _("Good")
    EXCELLENT = 5, _("Excellent")


class ReferralRating(PublicIdModel):
    """The referrer's rating of how the advice service responded to their referral."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="rating")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=ServiceRating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating of the advice service")
        verbose_name_plural = _("ratings of the advice service")

    def __str__(self) -> str:
        return f"{self.referral} rated {self.rating}"


class NotAppropriateReason(models.TextChoices):
    NO_LEGAL_ISSUE = "no_legal_issue", _("No welfare-rights or legal issue to advise on")
    OUTSIDE_SCOPE = "outside_scope", _("Outside what this service advises on")
    BETTER_ELSEWHERE = "better_elsewhere", _("Another service would have been better placed")
    CLIENT_UNAWARE = "client_unaware", _("The client did not know about or want the referral")
    ALREADY_ADVISED = "already_advised", _("The client was already getting advice")
    MISSING_INFORMATION = "missing_information", _("Not enough information to act on")
    OTHER = "other", _("Other")


class ReferralLearning(PublicIdModel):
    """An adviser's note that a referral was not appropriate, and why: the referring team sees it
    as learning, never as a judgement on the client."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="learning")
    reason = models.CharField(_("reason"), max_length=24, choices=NotAppropriateReason.choices)
    explanation = models.TextField(_("what the referring team could do differently"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("referral not appropriate")
        verbose_name_plural = _("referrals not appropriate")

    def __str__(self) -> str:
        return f"{self.referral}: {self.reason}"


# --- Information-exchange log -------------------------------------------------------------------


class ExchangeKind(models.TextChoices):
    REFERRAL = "referral", _("Referral and the details the client agreed to share")
    REFERRAL_DOCUMENT = "referral_document", _("Document sent with a referral")
    PROGRESS_UPDATE = "progress_update", _("Progress update from the advice service")
    OUTCOME_FEEDBACK = "outcome_feedback", _("Outcome feedback from the advice service")
    EVIDENCE_REQUEST = "evidence_request", _("Medical-evidence request")
    EVIDENCE_PROVIDED = "evidence_provided", _("Medical evidence provided")
    CONSULTATION = "consultation", _("Consultation message")
    SERVICE_RATING = "service_rating", _("Rating of the advice service")
    REFERRAL_LEARNING = "referral_learning", _("Referral marked as not appropriate")


class InformationExchange(models.Model):
    """One item that crossed between the health and the advice side: what, from whom to whom,
    under which consent. Append-only; visible to those who hold the client's records."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="information_exchanges"
    )
    kind = models.CharField(_("what"), max_length=24, choices=ExchangeKind.choices)
    # The record that carried it (a referral, evidence request or consultation reference).
    record_reference = models.CharField(_("record"), max_length=32)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    # The health team on either end, for the collaboration analytics.
    health_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under consent"),
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="exchanges"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="exchanges"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "occurred_at"]),
            models.Index(fields=["health_team", "occurred_at"]),
        ]
        verbose_name = _("information exchange")
        verbose_name_plural = _("information exchanges")

    def __str__(self) -> str:
        return f"{self.kind} {self.record_reference}"


# --- Collaboration analytics --------------------------------------------------------------------


class EngagementThresholds(models.Model):
    """Where a partnership draws the lines between low, medium and high engagement: the number of
    the six collaboration activities a team took part in during a month."""

    DEFAULT_MEDIUM_FROM = 3
    DEFAULT_HIGH_FROM = 5

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="engagement_thresholds"
    )
    medium_from = models.PositiveSmallIntegerField(
        _("medium engagement from (activities)"), default=DEFAULT_MEDIUM_FROM
    )
    high_from = models.PositiveSmallIntegerField(
        _("high engagement from (activities)"), default=DEFAULT_HIGH_FROM
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("engagement thresholds")
        verbose_name_plural = _("engagement thresholds")

    def __str__(self) -> str:
        return f"{self.partnership}: {self.medium_from}/{self.high_from}"
