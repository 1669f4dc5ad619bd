import uuid
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    HEALTH = "health", _("Health")
    ADVICE = "advice", _("Advice")
    FUNDER = "funder", _("Funder")


class Role(models.TextChoices):
    REFERRER = "referrer", _("Referrer (clinician)")
    ADVISER = "adviser", _("Adviser")
    SUPERVISOR = "supervisor", _("Supervisor")
    COORDINATOR = "coordinator", _("Partnership coordinator")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    FUNDER_VIEWER = "funder_viewer", _("Funder viewer")


# Which roles make sense in which kind of organisation.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.HEALTH: frozenset({Role.REFERRER, Role.COORDINATOR, Role.ORGANISATION_ADMIN}),
    OrganisationKind.ADVICE: frozenset(
        {Role.ADVISER, Role.SUPERVISOR, Role.COORDINATOR, Role.ORGANISATION_ADMIN}
    ),
    OrganisationKind.FUNDER: frozenset({Role.FUNDER_VIEWER, Role.ORGANISATION_ADMIN}),
}


class AdviceTopic(models.TextChoices):
    BENEFITS = "benefits", _("Welfare benefits")
    DEBT = "debt", _("Debt")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    EDUCATION = "education", _("Education")
    COMMUNITY_CARE = "community_care", _("Community care")
    IMMIGRATION = "immigration", _("Immigration")


class IntegrationModel(models.TextChoices):
    CO_LOCATED = "co_located", _("Co-located in the health setting")
    REFERRAL = "referral", _("Referral-based")
    EMBEDDED = "embedded", _("Embedded in the care team")


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    EMAIL = "email", _("Email")


class HealthSetting(models.TextChoices):
    GP_PRACTICE = "gp_practice", _("GP practice")
    HOSPITAL = "hospital", _("Hospital")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SPECIALIST = "specialist", _("Specialist (for example oncology or HIV)")
    COMMUNITY = "community", _("Community health")
    ADVICE = "advice", _("Advice service")
    OTHER = "other", _("Other")


class PartnershipStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


def labels_for(values: list[str], choices: type[models.TextChoices]) -> list[str]:
    """Human labels, in the current language, of the choice values stored in a JSON list."""
    labels = dict(choices.choices)
    return [str(labels[value]) for value in values if value in labels]


class PublicIdModel(models.Model):
    """Records are addressed by opaque UUIDs in URLs, never by sequential ids."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Organisation(PublicIdModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    ods_code = models.CharField(
        _("NHS ODS code"),
        max_length=10,
        blank=True,
        help_text=_("Organisation Data Service code, for example Y02345."),
    )
    charity_number = models.CharField(_("charity number"), max_length=20, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Site(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    setting = models.CharField(
        _("setting"), max_length=20, choices=HealthSetting.choices, default=HealthSetting.OTHER
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("organisation"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("site"),
    )
    name = models.CharField(_("name"), max_length=200)
    setting = models.CharField(
        _("setting"), max_length=20, choices=HealthSetting.choices, default=HealthSetting.OTHER
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(PublicIdModel):
    """A user's place in one organisation, with the roles they hold there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    roles = models.JSONField(_("roles"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def role_labels(self) -> list[str]:
        return labels_for(self.roles, Role)

    def clean(self) -> None:
        unknown = set(self.roles) - set(Role.values)
        if unknown:
            raise ValidationError({"roles": _("Unknown role.")})
        if self.organisation_id and not set(self.roles) <= ROLES_BY_KIND[self.organisation.kind]:
            raise ValidationError(
                {"roles": _("One of these roles does not exist in this kind of organisation.")}
            )


MIN_CONTACT_DAYS, MAX_CONTACT_DAYS = 1, 30
MIN_CONTACT_ATTEMPTS, MAX_CONTACT_ATTEMPTS = 1, 10


def _contact_days_validators() -> list[MinValueValidator | MaxValueValidator]:
    return [
        MinValueValidator(
            MIN_CONTACT_DAYS,
            message=_("Enter at least %(limit_value)s working day."),
        ),
        MaxValueValidator(
            MAX_CONTACT_DAYS,
            message=_("Enter at most %(limit_value)s working days."),
        ),
    ]


class Service(PublicIdModel):
    """An advice service that an advice organisation offers and that pathways refer to."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("advice topics"), default=list)
    channels = models.JSONField(_("channels"), default=list)
    typical_wait_days = models.PositiveSmallIntegerField(
        _("typical wait (working days)"), null=True, blank=True
    )
    # Service levels: the target for first contact with the client, in working days after the
    # referral arrives, by its urgency; and how many unsuccessful attempts close a referral.
    urgent_contact_days = models.PositiveSmallIntegerField(
        _("urgent referrals: first contact within (working days)"),
        default=2,
        validators=_contact_days_validators(),
    )
    soon_contact_days = models.PositiveSmallIntegerField(
        _("soon referrals: first contact within (working days)"),
        default=3,
        validators=_contact_days_validators(),
    )
    routine_contact_days = models.PositiveSmallIntegerField(
        _("routine referrals: first contact within (working days)"),
        default=5,
        validators=_contact_days_validators(),
    )
    contact_attempts_limit = models.PositiveSmallIntegerField(
        _("unsuccessful contact attempts before closing"),
        default=3,
        validators=[
            MinValueValidator(
                MIN_CONTACT_ATTEMPTS,
                message=_("Allow at least %(limit_value)s contact attempt."),
            ),
            MaxValueValidator(
                MAX_CONTACT_ATTEMPTS,
                message=_("Allow at most %(limit_value)s contact attempts."),
            ),
        ],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("advice service")
        verbose_name_plural = _("advice services")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def topic_labels(self) -> list[str]:
        return labels_for(self.topics, AdviceTopic)

    def channel_labels(self) -> list[str]:
        return labels_for(self.channels, Channel)


class Partnership(PublicIdModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    coordinating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
        verbose_name=_("coordinating organisation"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="PartnershipMember",
        related_name="partnerships",
        verbose_name=_("organisations"),
    )
    integration_model = models.CharField(
        _("integration model"), max_length=20, choices=IntegrationModel.choices
    )
    channels = models.JSONField(_("channels"), default=list)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:partnership_detail", kwargs={"partnership_id": self.public_id}
        )

    def channel_labels(self) -> list[str]:
        return labels_for(self.channels, Channel)


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("partnership"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnership_memberships",
        verbose_name=_("organisation"),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnership_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class Pathway(PublicIdModel):
    """Which health team or site refers to which advice service, for which advice topics."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="pathways",
        verbose_name=_("partnership"),
    )
    from_team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pathways",
        verbose_name=_("referring team"),
    )
    from_site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pathways",
        verbose_name=_("referring site"),
    )
    to_service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="pathways",
        verbose_name=_("advice service"),
    )
    topics = models.JSONField(_("advice topics"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("referral pathway")
        verbose_name_plural = _("referral pathways")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(from_team__isnull=False, from_site__isnull=True)
                    | models.Q(from_team__isnull=True, from_site__isnull=False)
                ),
                name="pathway_from_team_or_site",
                violation_error_message=_("Choose either a referring team or a referring site."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_team or self.from_site} → {self.to_service}"

    @property
    def referrer_label(self) -> str:
        return str(self.from_team or self.from_site)

    def topic_labels(self) -> list[str]:
        return labels_for(self.topics, AdviceTopic)


class Funding(PublicIdModel):
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="fundings",
        verbose_name=_("partnership"),
    )
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="fundings",
        verbose_name=_("funder"),
    )
    amount = models.DecimalField(_("amount (£)"), max_digits=12, decimal_places=2)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-end_date"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="funding_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="funding_amount_positive",
                violation_error_message=_("Enter an amount greater than £0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: £{self.amount} for {self.partnership}"
