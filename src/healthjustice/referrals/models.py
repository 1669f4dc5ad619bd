"""Referrals from a health team (or the public) to an advice service, followed to an outcome.

The status follows the FHIR Task workflow used by the Gravity SDOH Clinical Care guide. A referral
is the explicit share between two organisations: it carries a copy of exactly the client details
the client agreed to share, so the advice organisation never reads the health record itself.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.clients.models import Client, Consent
from healthjustice.organisations.models import (
    Channel,
    Organisation,
    Partnership,
    Pathway,
    PublicIdModel,
    Service,
    Site,
    Team,
)


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in-progress", _("In progress")
    ON_HOLD = "on-hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")


S = ReferralStatus
# The one table of allowed moves (FHIR Task states as the Gravity SDOH guide uses them).
TRANSITIONS: dict[str, frozenset[str]] = {
    # Failed straight from requested: the client could not be contacted to take the referral on.
    S.REQUESTED: frozenset({S.ACCEPTED, S.REJECTED, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.ON_HOLD, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.ON_HOLD, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR}),
    S.ON_HOLD: frozenset({S.IN_PROGRESS, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR}),
    S.REJECTED: frozenset(),
    S.COMPLETED: frozenset(),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
    S.ENTERED_IN_ERROR: frozenset(),
}
REASON_REQUIRED = frozenset({S.REJECTED, S.CANCELLED, S.ON_HOLD, S.FAILED})
OPEN_STATUSES = frozenset({S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD})
# Open and not yet underway: the advice service is still to reach the client and take it on.
BEFORE_WORK_STATUSES = frozenset({S.REQUESTED, S.ACCEPTED})


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    ROUTINE = "routine", _("Routine")


class ReferralSource(models.TextChoices):
    CLINICIAN = "clinician", _("Referred by a professional")
    SELF = "self", _("Self-referral")


# Unambiguous characters only: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def prefixed_reference(prefix: str) -> str:
    """A reference people can read out: the prefix and eight unambiguous characters."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def new_reference() -> str:
    return prefixed_reference("HJP")


class Referral(PublicIdModel):
    reference = models.CharField(_("reference"), max_length=16, unique=True, default=new_reference)
    source = models.CharField(
        _("source"), max_length=16, choices=ReferralSource.choices, default=ReferralSource.CLINICIAN
    )
    # Who referred: for a self-referral the client record is the advice organisation's own.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    referring_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    referring_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals_made"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    # Where to.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="referrals")
    pathway = models.ForeignKey(
        Pathway, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    advice_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    # What for.
    needs = models.JSONField(_("advice topics"), default=list)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    urgency_reason = models.TextField(_("why"), blank=True)
    help_wanted = models.TextField(_("what the client wants help with"))
    contact_channels = models.JSONField(_("best ways to contact"), default=list)
    best_times = models.CharField(_("best times to contact"), max_length=200, blank=True)
    note_for_adviser = models.TextField(_("note for the adviser"), blank=True)
    health_information = models.TextField(_("relevant health information"), blank=True)
    # The client details shared under consent: the advice side reads these, never the record.
    shared_details = models.JSONField(default=dict)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    # Where it stands.
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # When the advice service first reached the client (the earliest successful contact attempt).
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    # The referral this one replaces, when an advice service sent it on to another service.
    redirected_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="redirected_to"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["advice_organisation", "status", "-created_at"]),
            models.Index(fields=["referring_organisation", "-created_at"]),
            models.Index(fields=["referring_team", "-created_at"]),
            models.Index(fields=["referred_by", "-created_at"]),
            models.Index(fields=["client", "-created_at"]),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_waiting_for_first_contact(self) -> bool:
        return self.status in BEFORE_WORK_STATUSES and self.first_contact_at is None


class ReferralEvent(models.Model):
    """Each change of status, who made it and why: the referral's history."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


def _attachment_path(instance: "ReferralAttachment", filename: str) -> str:
    """A random name: the person's file name is kept in the database, never on disk or in URLs."""
    return f"referrals/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class ReferralAttachment(PublicIdModel):
    """A document sent with a referral (a letter, a decision notice), seen by both sides."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ContactChannel(models.TextChoices):
    """How the advice service tried to reach the client: the ways advice is given, and two more."""

    FACE_TO_FACE = Channel.FACE_TO_FACE.value, Channel.FACE_TO_FACE.label
    PHONE = Channel.PHONE.value, Channel.PHONE.label
    VIDEO = Channel.VIDEO.value, Channel.VIDEO.label
    EMAIL = Channel.EMAIL.value, Channel.EMAIL.label
    LETTER = "letter", _("Letter")
    TEXT_MESSAGE = "text_message", _("Text message")


class ContactResult(models.TextChoices):
    REACHED = "reached", _("Reached the client")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message")
    WRONG_NUMBER = "wrong_number", _("Wrong number or address")
    OTHER = "other", _("Not reached, for another reason")


NOTE_MAX_LENGTH = 500


class ContactAttempt(PublicIdModel):
    """One try by the advice service to reach the client about a referral. Its note stays inside
    the advice organisation; the referrer sees only that an attempt was made, and when."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    attempted_at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("how"), max_length=20, choices=ContactChannel.choices)
    result = models.CharField(_("result"), max_length=20, choices=ContactResult.choices)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["attempted_at", "id"]
        indexes = [models.Index(fields=["referral", "attempted_at"])]
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.attempted_at:%Y-%m-%d %H:%M}: {self.result}"

    @property
    def reached(self) -> bool:
        return self.result == ContactResult.REACHED
