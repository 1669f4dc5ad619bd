"""Coordinators import questionnaires and choose the one their partnership screens with."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fhir.resources.R4B.questionnaire import Questionnaire as FHIRQuestionnaire

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.screening.models import PartnershipQuestionnaire, Questionnaire
from healthjustice.screening.selectors import (
    default_questionnaire,
    questionnaire_for_partnership,
    questionnaires_available_to,
)
from healthjustice.screening.services import MAX_IMPORT_BYTES
from tests.conftest import Tenant, signed_in_client
from tests.screening.factories import QuestionnaireFactory, local_screen

pytestmark = pytest.mark.django_db


def _url(name: str, tenant: Tenant) -> str:
    return reverse(name, kwargs={"partnership_id": tenant.partnership.public_id})


def _import(tenant: Tenant, **data: object) -> tuple[int, str]:
    response = signed_in_client(tenant.coordinator).post(
        _url("screening:questionnaire_import", tenant), data
    )
    return response.status_code, response.content.decode()


def _imported() -> int:
    return Questionnaire.objects.filter(partnership__isnull=False).count()


def test_the_list_shows_the_built_in_screen_in_use_by_default(own: Tenant) -> None:
    page = signed_in_client(own.coordinator).get(_url("screening:partnership_questionnaires", own))
    content = page.content.decode()
    assert page.status_code == 200
    assert "UK legal needs screen" in content
    assert "Built in" in content
    assert "In use" in content
    assert questionnaire_for_partnership(own.partnership) == default_questionnaire()


def test_a_pasted_questionnaire_is_validated_stored_and_audited(own: Tenant) -> None:
    status, _ = _import(own, fhir_json=json.dumps(local_screen()))
    assert status == 302
    stored = Questionnaire.objects.get(partnership=own.partnership)
    assert (stored.url, stored.version, stored.title, stored.status) == (
        "https://riverside.example/fhir/Questionnaire/cancer-care-screen",
        "2.1.0",
        "Cancer care money screen",
        "active",
    )
    assert stored.created_by == own.coordinator.user
    FHIRQuestionnaire.model_validate(stored.fhir)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(stored.public_id)
    ).exists()


def test_a_json_file_can_be_uploaded(own: Tenant) -> None:
    upload = SimpleUploadedFile(
        "screen.json", json.dumps(local_screen()).encode(), content_type="application/json"
    )
    status, _ = _import(own, file=upload)
    assert status == 302
    assert _imported() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"fhir_json": '{"resourceType": "Questionnaire",'}, "This is not valid JSON:"),
        ({"fhir_json": "{'single': 'quotes'}"}, "at line 1, column 2."),
        (
            {"fhir_json": json.dumps({"resourceType": "Patient"})},
            "This is a FHIR Patient, not a Questionnaire.",
        ),
        (
            {"fhir_json": json.dumps(local_screen(status=None))},
            "Not valid FHIR at Questionnaire.status: a value is required.",
        ),
        (
            {"fhir_json": json.dumps(local_screen(item=[{"linkId": "a", "type": "string"}]))},
            "Question a is of type string",
        ),
        ({}, "Paste the questionnaire&#39;s FHIR JSON or choose a file."),
        (
            {
                "file": SimpleUploadedFile(
                    "screen.xml", b"<Questionnaire/>", content_type="application/xml"
                )
            },
            "Choose a JSON file (ending .json).",
        ),
        (
            {
                "file": SimpleUploadedFile(
                    "big.json", b" " * (MAX_IMPORT_BYTES + 1), content_type="application/json"
                )
            },
            "The file is larger than 256 KB.",
        ),
        (
            {
                "fhir_json": json.dumps(local_screen()),
                "file": SimpleUploadedFile("s.json", b"{}", content_type="application/json"),
            },
            "Paste the questionnaire or choose a file, not both.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_saved(
    own: Tenant, data: dict[str, object], error: str
) -> None:
    status, page = _import(own, **data)
    assert status == 400
    assert "There is a problem" in page
    assert error in page
    assert _imported() == 0


def test_a_questionnaire_already_stored_is_refused(own: Tenant, other: Tenant) -> None:
    QuestionnaireFactory(partnership=other.partnership)
    status, page = _import(own, fhir_json=json.dumps(local_screen()))
    assert status == 400
    assert "is already stored. Give this one a new version." in page
    assert not Questionnaire.objects.filter(partnership=own.partnership).exists()


def test_the_built_in_screen_cannot_be_imported_over(own: Tenant) -> None:
    status, _ = _import(own, fhir_json=json.dumps(default_questionnaire().fhir))
    assert status == 400
    assert _imported() == 0


def test_choosing_a_questionnaire_changes_what_the_partnership_screens_with(own: Tenant) -> None:
    local = QuestionnaireFactory(partnership=own.partnership)
    browser = signed_in_client(own.coordinator)
    response = browser.post(
        _url("screening:partnership_questionnaire_choose", own),
        {"questionnaire": str(local.public_id)},
    )
    assert response.status_code == 302
    assert questionnaire_for_partnership(own.partnership) == local
    choice = PartnershipQuestionnaire.objects.get(partnership=own.partnership)
    assert choice.chosen_by == own.coordinator.user
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(choice.pk)).exists()

    browser.post(
        _url("screening:partnership_questionnaire_choose", own),
        {"questionnaire": str(default_questionnaire().public_id)},
    )
    assert questionnaire_for_partnership(own.partnership) == default_questionnaire()
    assert PartnershipQuestionnaire.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(choice.pk)).exists()


def test_each_partnership_chooses_for_itself(own: Tenant, other: Tenant) -> None:
    local = QuestionnaireFactory(partnership=own.partnership)
    signed_in_client(own.coordinator).post(
        _url("screening:partnership_questionnaire_choose", own),
        {"questionnaire": str(local.public_id)},
    )
    assert questionnaire_for_partnership(own.partnership) == local
    assert questionnaire_for_partnership(other.partnership) == default_questionnaire()
    assert local not in questionnaires_available_to(other.partnership)


def test_another_partnerships_questionnaire_cannot_be_chosen(own: Tenant, other: Tenant) -> None:
    theirs = QuestionnaireFactory(partnership=other.partnership)
    browser = signed_in_client(own.coordinator)
    response = browser.post(
        _url("screening:partnership_questionnaire_choose", own),
        {"questionnaire": str(theirs.public_id)},
        follow=True,
    )
    assert "Choose one of the questionnaires listed." in response.content.decode()
    assert not PartnershipQuestionnaire.objects.exists()


def test_a_draft_questionnaire_is_listed_but_cannot_be_chosen(own: Tenant) -> None:
    draft = QuestionnaireFactory(partnership=own.partnership, fhir=local_screen(status="draft"))
    browser = signed_in_client(own.coordinator)
    listing = browser.get(_url("screening:partnership_questionnaires", own)).content.decode()
    assert "Draft" in listing
    assert f'value="{draft.public_id}"' not in listing
    browser.post(
        _url("screening:partnership_questionnaire_choose", own),
        {"questionnaire": str(draft.public_id)},
    )
    assert questionnaire_for_partnership(own.partnership) == default_questionnaire()


def test_only_the_coordinating_organisations_managers_may_import_or_choose(own: Tenant) -> None:
    upload = json.dumps(local_screen())
    for membership in (own.referrer, own.health_admin, own.adviser, own.funder_viewer):
        browser = signed_in_client(membership)
        assert (
            browser.post(
                _url("screening:questionnaire_import", own), {"fhir_json": upload}
            ).status_code
            == 403
        )
    assert _imported() == 0
