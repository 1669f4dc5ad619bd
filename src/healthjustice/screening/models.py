"""Screening questionnaires (FHIR Questionnaire JSON) and clients' answers to them.

A definition is stored exactly as the validated FHIR resource, so it can be exported unchanged; a
screening keeps the FHIR QuestionnaireResponse it produced next to the needs and urgency worked out
from it. Urgency reasons are stored as stable codes and labelled at display time, in the
interface's language.
"""

from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from healthjustice.clients.models import Client
from healthjustice.organisations.models import (
    AdviceTopic,
    Organisation,
    Partnership,
    PublicIdModel,
    Team,
    labels_for,
)
from healthjustice.referrals.models import Urgency

if TYPE_CHECKING:
    from healthjustice.screening.definitions import Definition


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class UrgencyReason(models.TextChoices):
    """The reasons the built-in screen gives; imported questionnaires may name their own."""

    EVICTION = "eviction", _("Eviction or possession notice")
    COURT_DATE = "court_date", _("Court or tribunal date")
    NO_MONEY = "no_money", _("No money for food or heating")
    BENEFIT_STOPPED = "benefit_stopped", _("Benefit stopped, reduced or sanctioned")
    IMMIGRATION_DEADLINE = "immigration_deadline", _("Immigration deadline")
    RISK_OF_HARM = "risk_of_harm", _("Risk of harm")
    DEADLINE_WITHIN_MONTH = "deadline_within_month", _("Deadline within a month")
    BAILIFFS = "bailiffs", _("Debt with bailiffs (enforcement agents)")


class Questionnaire(PublicIdModel):
    """One version of a screening questionnaire. `partnership` is empty for the built-in ones,
    which every partnership may use; an imported one belongs to the partnership that imported it."""

    url = models.CharField(_("canonical address"), max_length=255)
    version = models.CharField(_("version"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.ACTIVE,
    )
    fhir = models.JSONField(_("FHIR Questionnaire"))
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening_questionnaires",
        verbose_name=_("partnership"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "version"]
        verbose_name = _("screening questionnaire")
        verbose_name_plural = _("screening questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["url", "version"],
                name="questionnaire_url_version_unique",
                violation_error_message=_(
                    "A questionnaire with this canonical address and version is already stored."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_built_in(self) -> bool:
        return self.partnership_id is None

    @property
    def canonical(self) -> str:
        return f"{self.url}|{self.version}"

    @cached_property
    def definition(self) -> "Definition":
        from healthjustice.screening.definitions import parse_definition

        return parse_definition(self.fhir)

    def display_title(self) -> str:
        return self.definition.title.in_language(get_language())


class PartnershipQuestionnaire(models.Model):
    """The questionnaire a partnership screens with. Without one, it uses the built-in default."""

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        related_name="screening_choice",
        verbose_name=_("partnership"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="chosen_by",
        verbose_name=_("questionnaire"),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("partnership questionnaire")
        verbose_name_plural = _("partnership questionnaires")

    def __str__(self) -> str:
        return f"{self.partnership}: {self.questionnaire}"


class ScreeningResponse(PublicIdModel):
    """A client's answers to a questionnaire and what they mean: needs and urgency, with why."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="screenings")
    # The client's organisation: every read is scoped by it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="screenings"
    )
    # The screening team, for the partnership's collaboration analytics (needs identified).
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="screenings"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    fhir = models.JSONField(_("FHIR QuestionnaireResponse"))
    needs = models.JSONField(_("advice topics"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    urgency_reasons = models.JSONField(_("why"), default=list, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]
        indexes = [models.Index(fields=["organisation", "client", "-completed_at"])]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.client_id}: {self.urgency}"

    def need_labels(self) -> list[str]:
        return labels_for(self.needs, AdviceTopic)

    def reason_labels(self) -> list[str]:
        """Reasons a questionnaire names itself, as it names them; built-in reasons in the
        interface's language."""
        named = self.questionnaire.definition.rules.reason_names
        language = get_language()
        built_in = dict(UrgencyReason.choices)
        return [
            named[code].in_language(language) if code in named else str(built_in.get(code, code))
            for code in self.urgency_reasons
        ]
