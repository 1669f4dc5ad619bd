"""Client records and consent, built directly where how they were made is not under test."""

from datetime import date
from typing import Any

import factory
from django.apps import apps
from django.urls import reverse

from healthjustice.clients.models import Client, Consent, ConsentMethod, ConsentScope
from healthjustice.core.models import AuditEvent
from tests.organisations.factories import OrganisationFactory
from tests.organisations.helpers import WRITES


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory, health=True)
    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = factory.Sequence(lambda n: f"Morgan{n}")
    date_of_birth = date(1970, 5, 17)
    address = "1 Mill Lane, Riverside"
    postcode = "RV1 2AB"
    phone = "01632 960001"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    scope = ConsentScope.SHARE_REFERRAL
    method = ConsentMethod.VERBAL
    recorded_by = None


def client_url(name: str, client: Client, **kwargs: Any) -> str:
    return reverse(f"clients:{name}", kwargs={"client_id": client.public_id, **kwargs})


def client_form(**change: Any) -> dict[str, Any]:
    """Everything the client form asks for, filled in as a clinician would."""
    return {
        "given_name": "Rhiannon",
        "family_name": "Evans",
        "date_of_birth": "1984-03-27",
        "nhs_number": "",
        "address": "4 Quay Street\nRiverside",
        "postcode": "rv1 3cd",
        "phone": "07700 900982",
        "email": "rhiannon@example.org",
        "safe_to_contact": ["voicemail", "letter"],
        "preferred_language": "Welsh",
        "interpreter_needed": "",
        "accessibility_needs": "Large print letters.",
        "representative_name": "Dylan Evans",
        "representative_relationship": "Son",
        "representative_phone": "07700 900123",
        **change,
    }


def client_state() -> dict[str, Any]:
    """Every row of every client model and the count of write events: equal before and after a
    refused request when nothing changed."""
    state: dict[str, Any] = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("clients").get_models()
    }
    state["writes"] = AuditEvent.objects.filter(action__in=WRITES).count()
    return state
