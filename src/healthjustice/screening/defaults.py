"""The built-in UK legal-needs screen, shipped as FHIR Questionnaire JSON with the package."""

import json
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import models

DEFAULT_QUESTIONNAIRE_PATH = (
    Path(__file__).resolve().parent / "questionnaires" / "uk-legal-needs.json"
)
# Built-in questionnaires have the same public id on every installation: derived from url|version.
NAMESPACE = uuid.UUID("0c9a4e7e-3a56-4f55-8b0a-6f3e2d1c9b71")


def builtin_public_id(url: str, version: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{url}|{version}")


@lru_cache(maxsize=1)
def default_questionnaire_fhir() -> dict[str, Any]:
    from healthjustice.screening.definitions import questionnaire_validate

    return questionnaire_validate(json.loads(DEFAULT_QUESTIONNAIRE_PATH.read_text("utf-8")))


def default_questionnaire_id() -> uuid.UUID:
    fhir = default_questionnaire_fhir()
    return builtin_public_id(fhir["url"], fhir["version"])


def ensure_default_questionnaire(model: type[models.Model] | None = None) -> Any:
    """Store the built-in questionnaire unless it is there already. `model` is the historical
    model when a migration calls this."""
    if model is None:
        from healthjustice.screening.models import Questionnaire

        model = Questionnaire
    fhir = default_questionnaire_fhir()
    questionnaire, _created = model._default_manager.get_or_create(
        url=fhir["url"],
        version=fhir["version"],
        defaults={
            "public_id": default_questionnaire_id(),
            "title": fhir["title"],
            "status": fhir["status"],
            "fhir": fhir,
            "partnership": None,
        },
    )
    return questionnaire
