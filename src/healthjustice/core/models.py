from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    SIGN_OUT = "sign_out", _("Signed out")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor sign-in set up")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    SESSIONS_ENDED = "sessions_ended", _("Sessions ended")
    ORGANISATION_SWITCHED = "organisation_switched", _("Switched organisation")
    PERMISSION_DENIED = "permission_denied", _("Access denied")
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")


class AuditEvent(models.Model):
    """One append-only line of the audit trail.

    A database trigger (migration 0002) refuses UPDATE and DELETE on this table, on PostgreSQL and
    on SQLite alike. Actor and organisation are kept as plain ids without foreign-key constraints so
    that deleting a user or organisation never has to touch, and so can never erase, its history.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"]),
            models.Index(fields=["actor", "-occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}"


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("New referral")
    REFERRAL_STATUS_CHANGED = "referral_status_changed", _("Referral updated")
    REFERRAL_FEEDBACK = "referral_feedback", _("News of a referral from the advice service")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
    DEADLINE_DUE = "deadline_due", _("Deadline coming up")
    EVIDENCE_REQUESTED = "evidence_requested", _("Medical evidence requested")
    EVIDENCE_RESPONDED = "evidence_responded", _("Answer to a medical-evidence request")
    EVIDENCE_DUE = "evidence_due", _("Medical evidence due soon")
    CONSULTATION_MESSAGE = "consultation_message", _("Consultation message")
    REFERRAL_RATED = "referral_rated", _("The referrer rated the service")
    REFERRAL_LEARNING = "referral_learning", _("A referral was marked as not appropriate")


class Notification(models.Model):
    """An in-app notice for one person. It names a record by its reference and links to it;
    it never carries a client's details."""

    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    reference = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=32, blank=True)
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} for {self.recipient_id}"
