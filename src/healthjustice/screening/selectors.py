"""Reads of questionnaires and screenings.

Questionnaires are not personal data: a partnership sees the built-in ones and its own imports.
Screenings are client records and are only ever found inside the client's organisation.
"""

from uuid import UUID

from django.db.models import Q, QuerySet

from healthjustice.clients.models import Client
from healthjustice.clients.selectors import client_get
from healthjustice.organisations.models import Membership, Partnership, PartnershipStatus
from healthjustice.organisations.selectors import get_in_scope
from healthjustice.screening.defaults import (
    default_questionnaire_fhir,
    ensure_default_questionnaire,
)
from healthjustice.screening.models import (
    PartnershipQuestionnaire,
    Questionnaire,
    QuestionnaireStatus,
    ScreeningResponse,
)


def default_questionnaire() -> Questionnaire:
    fhir = default_questionnaire_fhir()
    found = Questionnaire.objects.filter(
        url=fhir["url"], version=fhir["version"], partnership__isnull=True
    ).first()
    # A data migration stores it; a database emptied since (a flushed test database) gets it back
    # here, from the definition shipped with the code.
    return found or ensure_default_questionnaire()


def questionnaires_available_to(partnership: Partnership) -> QuerySet[Questionnaire]:
    """The built-in questionnaires and the partnership's own imports, built-in first."""
    return (
        Questionnaire.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership))
        .select_related("created_by")
        .order_by("partnership_id", "title", "-created_at")
    )


def questionnaires_choosable_by(partnership: Partnership) -> QuerySet[Questionnaire]:
    return questionnaires_available_to(partnership).filter(status=QuestionnaireStatus.ACTIVE)


def questionnaire_for_partnership(partnership: Partnership) -> Questionnaire:
    """The partnership's chosen questionnaire, or the built-in default when it has not chosen."""
    choice = (
        PartnershipQuestionnaire.objects.filter(partnership=partnership)
        .select_related("questionnaire")
        .first()
    )
    return choice.questionnaire if choice is not None else default_questionnaire()


def questionnaires_for_screening(membership: Membership) -> list[Questionnaire]:
    """What the membership's organisation screens with: the questionnaire of each active
    partnership it takes part in (the default where one has not chosen an active one), without
    repeats, in the order of the partnerships' names."""
    partnerships = (
        Partnership.objects.filter(
            members__organisation_id=membership.organisation_id,
            status=PartnershipStatus.ACTIVE,
        )
        .select_related("screening_choice__questionnaire")
        .order_by("name")
    )
    chosen: list[Questionnaire | None] = []
    for partnership in partnerships:
        choice = getattr(partnership, "screening_choice", None)
        if choice is not None and choice.questionnaire.status == QuestionnaireStatus.ACTIVE:
            chosen.append(choice.questionnaire)
        else:
            chosen.append(None)
    if not chosen or None in chosen:
        default = default_questionnaire()
        chosen = [questionnaire or default for questionnaire in chosen] or [default]
    found: list[Questionnaire] = []
    for questionnaire in chosen:
        if questionnaire is not None and questionnaire not in found:
            found.append(questionnaire)
    return found


def screenings_of(membership: Membership, client: Client) -> QuerySet[ScreeningResponse]:
    return (
        ScreeningResponse.objects.filter(
            organisation_id=membership.organisation_id, client_id=client.pk
        )
        .select_related("client", "questionnaire", "completed_by")
        .order_by("-completed_at")
    )


def screening_get(
    membership: Membership, client_id: UUID | str, screening_id: UUID | str
) -> ScreeningResponse:
    client = client_get(membership, client_id)
    return get_in_scope(screenings_of(membership, client), screening_id)
