"""The client (patient) record and the client's consent.

Each organisation is its own data controller: a client record belongs to the organisation that
created it and is seen only inside it. What crosses to another organisation crosses through an
explicit share (a referral) that carries exactly what the client consented to.
"""

import nhs_number
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.organisations.models import Organisation, PublicIdModel


def validate_nhs_number(value: str) -> None:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    if not (value.isdigit() and len(value) == 10 and nhs_number.is_valid(value)):
        raise ValidationError(
            _("Enter a valid NHS number: 10 digits, like 485 777 3456."), code="invalid_nhs_number"
        )


def normalise_nhs_number(value: str) -> str:
    return "".join(character for character in value if not character.isspace() and character != "-")


class Client(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    may_leave_voicemail = models.BooleanField(_("a voicemail may be left"), default=False)
    may_text = models.BooleanField(_("text messages may be sent"), default=False)
    may_write = models.BooleanField(_("letters may be sent"), default=False)
    preferred_language = models.CharField(_("preferred language"), max_length=60, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    representative_name = models.CharField(
        _("name of someone who may speak for them"), max_length=200, blank=True
    )
    representative_relationship = models.CharField(
        _("their relationship to the client"), max_length=100, blank=True
    )
    representative_phone = models.CharField(_("their phone number"), max_length=40, blank=True)
    # Nobody, for a self-referral: the person referred themselves from a public page.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["organisation", "family_name", "date_of_birth"]),
            models.Index(fields=["organisation", "nhs_number"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="client_nhs_number_unique_in_organisation",
                violation_error_message=_(
                    "Your organisation already has a client with this NHS number."
                ),
            )
        ]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


# The details of a client that people record and edit, in the order forms show them.
CLIENT_DETAIL_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "address",
    "postcode",
    "phone",
    "email",
    "may_leave_voicemail",
    "may_text",
    "may_write",
    "preferred_language",
    "interpreter_needed",
    "accessibility_needs",
    "representative_name",
    "representative_relationship",
    "representative_phone",
]


class ConsentScope(models.TextChoices):
    SHARE_REFERRAL = (
        "share_referral",
        _("Share the referral and contact details with the advice service"),
    )
    SHARE_HEALTH_INFORMATION = "share_health_information", _("Share relevant health information")
    FEEDBACK_TO_REFERRER = "feedback_to_referrer", _("Send outcome feedback to the referrer")
    EVALUATION = "evaluation", _("Use de-identified data for evaluation")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written")
    ELECTRONIC = "electronic", _("Electronic")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> "ConsentQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Consent(PublicIdModel):
    """One scope the client agreed to, how, to whom, and whether it has been withdrawn."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(
        _("what the client agreed to"), max_length=32, choices=ConsentScope.choices
    )
    method = models.CharField(
        _("how consent was given"), max_length=16, choices=ConsentMethod.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["client", "scope", "withdrawn_at"])]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.get_method_display()})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
