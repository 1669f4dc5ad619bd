"""An adviser asks for medical evidence from a case: only with the client's consent to share
health information, to a clinician, team or practice the advice organisation works with, with
questions from the organisation's templates and a due date taken from a case deadline."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework.models import CaseStatus, Deadline, DeadlineKind
from healthjustice.clients.models import ConsentScope
from healthjustice.collaboration.evidence_templates import default_questions
from healthjustice.collaboration.models import (
    EvidenceLetter,
    EvidencePurpose,
    EvidenceRequest,
    EvidenceStatus,
    EvidenceTemplate,
    ExchangeKind,
    InformationExchange,
)
from healthjustice.collaboration.selectors import evidence as selectors
from healthjustice.collaboration.services import evidence as services
from healthjustice.core.models import AuditAction, AuditEvent, Notification, NotificationKind
from healthjustice.organisations.models import Membership
from tests.casework.factories import case_for, case_url, supervisor_of
from tests.clients.factories import ConsentFactory
from tests.collaboration.factories import consented_case, referred_case
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    TeamFactory,
)
from tests.organisations.helpers import WRITES

pytestmark = pytest.mark.django_db

CONSENT_MESSAGE = "consent to share relevant health information on their record first"


def _request_for(membership: Membership) -> Any:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership
    return request


def _create(tenant: Tenant, case: Any, **change: Any) -> EvidenceRequest:
    values: dict[str, Any] = {
        "request": _request_for(tenant.adviser),
        "membership": tenant.adviser,
        "case": case,
        "purpose": EvidencePurpose.PIP,
        "questions": ["How far can the patient walk?"],
        "health_organisation": tenant.health,
        "due_date": timezone.localdate() + timedelta(days=14),
    }
    return services.evidence_request_create(**{**values, **change})


def _create_url(case: Any) -> str:
    return reverse("collaboration:evidence_request_create", kwargs={"case_id": case.public_id})


def _form(tenant: Tenant, **change: Any) -> dict[str, Any]:
    return {
        "purpose": "pip",
        "recipient": f"team:{tenant.health_team.public_id}",
        "questions": "What conditions does the patient have?\nHow far can they walk?",
        "deadline": "",
        "due_date": (timezone.localdate() + timedelta(days=21)).isoformat(),
        "fee": "",
        "draft_letter": "",
        **change,
    }


def _state() -> dict[str, int]:
    return {
        "requests": EvidenceRequest.objects.count(),
        "letters": EvidenceLetter.objects.count(),
        "exchanges": InformationExchange.objects.count(),
        "notifications": Notification.objects.count(),
        "writes": AuditEvent.objects.filter(action__in=WRITES).count(),
    }


# Consent ---------------------------------------------------------------------------------------


def test_without_consent_the_service_refuses_with_a_clear_message_and_creates_nothing(
    own: Tenant,
) -> None:
    case = case_for(own)
    before = _state()

    with pytest.raises(ValidationError) as refused:
        _create(own, case)

    assert CONSENT_MESSAGE in " ".join(refused.value.messages)
    assert _state() == before


def test_without_consent_the_page_says_so_offers_to_record_it_and_a_post_changes_nothing(
    own: Tenant,
) -> None:
    case = case_for(own)
    # Consent to other things does not count.
    ConsentFactory(client=case.client, scope=ConsentScope.FEEDBACK_TO_REFERRER)
    adviser = signed_in_client(own.adviser)

    page = adviser.get(_create_url(case))
    assert page.status_code == 200
    text = page.content.decode()
    assert CONSENT_MESSAGE in text
    assert reverse("clients:consent_record", kwargs={"client_id": case.client.public_id}) in text
    assert 'name="questions"' not in text

    before = _state()
    refused = adviser.post(_create_url(case), _form(own))
    assert refused.status_code == 400
    assert CONSENT_MESSAGE in refused.content.decode()
    assert _state() == before


def test_withdrawn_consent_does_not_count(own: Tenant) -> None:
    case = consented_case(own)
    case.client.consents.update(withdrawn_at=timezone.now())

    with pytest.raises(ValidationError, match="consent"):
        _create(own, case)
    assert not EvidenceRequest.objects.exists()


def test_consent_given_at_the_referring_practice_counts_and_the_referral_is_named(
    own: Tenant,
) -> None:
    case, referral = referred_case(own)

    evidence = _create(own, case)

    assert evidence.consent.client == referral.client
    assert evidence.consent.scope == ConsentScope.SHARE_HEALTH_INFORMATION
    assert evidence.referral == referral
    [exchange] = InformationExchange.objects.all()
    assert exchange.health_team == own.health_team
    assert exchange.referral == referral


# Asking from the case page ---------------------------------------------------------------------


def test_an_adviser_requests_evidence_from_the_case_page(own: Tenant) -> None:
    case = consented_case(own, nhs_number="4857773456")
    adviser = signed_in_client(own.adviser)

    case_page = adviser.get(case_url("case_detail", case)).content.decode()
    assert "Medical evidence" in case_page
    assert _create_url(case) in case_page

    choose = adviser.get(_create_url(case))
    assert choose.status_code == 200
    assert "What is the evidence for?" in choose.content.decode()
    form = adviser.get(_create_url(case) + "?purpose=pip").content.decode()
    # The organisation's questions (the product's, until a supervisor changes them).
    assert "Moving around: about how far can the patient walk" in form
    assert own.health.name in form
    assert own.health_team.name in form

    response = adviser.post(
        _create_url(case),
        _form(own, fee="£35", draft_letter="I write in support of my patient."),
    )

    assert response.status_code == 302
    assert response["Location"] == case_url("case_detail", case) + "#evidence"
    evidence = EvidenceRequest.objects.get()
    assert evidence.case == case
    assert evidence.status == EvidenceStatus.REQUESTED
    assert evidence.health_organisation == own.health
    assert evidence.team == own.health_team
    assert evidence.questions == [
        "What conditions does the patient have?",
        "How far can they walk?",
    ]
    assert evidence.fee == Decimal("35.00")
    assert evidence.requested_by == own.adviser.user
    assert evidence.consent.client == case.client
    # Only what lets the practice find its patient.
    assert evidence.client_details == {
        "given_name": "Rhiannon",
        "family_name": "Evans",
        "date_of_birth": case.client.date_of_birth.isoformat(),
        "nhs_number": "4857773456",
        "postcode": case.client.postcode,
    }
    [exchange] = InformationExchange.objects.all()
    assert exchange.kind == ExchangeKind.EVIDENCE_REQUEST
    assert (exchange.from_organisation, exchange.to_organisation) == (own.advice, own.health)
    assert exchange.consent == evidence.consent
    assert exchange.case == case
    assert exchange.health_team == own.health_team
    assert exchange.record_reference == evidence.reference
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(evidence.public_id)
    ).exists()
    listed = adviser.get(case_url("case_detail", case)).content.decode()
    assert evidence.reference in listed


def test_the_practice_is_told_with_a_link_and_no_personal_data(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    case = consented_case(own, nhs_number="4857773456")
    with django_capture_on_commit_callbacks(execute=True):
        evidence = _create(own, case, team=own.health_team)

    [notification] = Notification.objects.all()
    assert notification.recipient == own.referrer.user
    assert notification.organisation == own.health
    assert notification.kind == NotificationKind.EVIDENCE_REQUESTED
    assert notification.reference == evidence.reference
    assert notification.link == reverse(
        "collaboration:evidence_received", kwargs={"evidence_id": evidence.public_id}
    )
    [email] = mail.outbox
    for private in ("Rhiannon", "Evans", "4857773456", case.client.postcode, "walk"):
        assert private not in email.body
        assert private not in email.subject
        assert private not in notification.link


def test_a_named_clinician_is_told_else_the_team_else_the_organisation(own: Tenant) -> None:
    other_team = TeamFactory(organisation=own.health, name="Nursing team")
    colleague = MembershipFactory(organisation=own.health, team=other_team)
    case = consented_case(own)

    named = _create(own, case, clinician=colleague.user)
    assert selectors.referrers_to_tell(named) == [colleague.user]
    team = _create(own, case, team=own.health_team)
    assert selectors.referrers_to_tell(team) == [own.referrer.user]
    anyone = _create(own, case)
    assert set(selectors.referrers_to_tell(anyone)) == {own.referrer.user, colleague.user}
    # A team without referrers falls back to the whole organisation.
    empty = _create(own, case, team=TeamFactory(organisation=own.health, name="Reception"))
    assert set(selectors.referrers_to_tell(empty)) == {own.referrer.user, colleague.user}


def test_the_referring_team_is_chosen_by_default(own: Tenant) -> None:
    case, _referral = referred_case(own)
    page = signed_in_client(own.adviser).get(_create_url(case) + "?purpose=tribunal")
    text = page.content.decode()
    assert f'value="team:{own.health_team.public_id}" selected' in text
    assert "The tribunal can only consider the situation at that date." in text


# Where the request may go ------------------------------------------------------------------------


def test_an_organisation_outside_the_partnerships_is_refused(own: Tenant, other: Tenant) -> None:
    case = consented_case(own)
    with pytest.raises(ValidationError) as refused:
        _create(own, case, health_organisation=other.health)
    assert "recipient" in refused.value.message_dict
    with pytest.raises(ValidationError) as wrong_team:
        _create(own, case, team=other.health_team)
    assert "recipient" in wrong_team.value.message_dict
    with pytest.raises(ValidationError) as not_a_clinician:
        _create(own, case, clinician=own.adviser.user)
    assert "recipient" in not_a_clinician.value.message_dict
    assert not EvidenceRequest.objects.exists()


def test_a_recipient_not_offered_is_refused_on_the_page(own: Tenant, other: Tenant) -> None:
    case = consented_case(own)
    response = signed_in_client(own.adviser).post(
        _create_url(case), _form(own, recipient=f"team:{other.health_team.public_id}")
    )
    assert response.status_code == 400
    assert "Choose who the request is for." in response.content.decode()
    assert not EvidenceRequest.objects.exists()


def test_a_direct_case_can_ask_any_practice_in_the_advice_organisations_partnerships(
    own: Tenant,
) -> None:
    case = consented_case(own)
    evidence = _create(own, case)
    assert evidence.referral is None
    assert InformationExchange.objects.get().partnership == own.partnership


def test_asking_another_practice_than_the_referring_one_does_not_name_the_referral(
    own: Tenant,
) -> None:
    case, _referral = referred_case(own)
    second = OrganisationFactory(name="Hillside Surgery", health=True)
    PartnershipFactory(coordinating_organisation=own.advice, members=[second])

    evidence = _create(own, case, health_organisation=second)

    assert evidence.referral is None
    exchange = InformationExchange.objects.get()
    assert exchange.referral is None
    assert exchange.to_organisation == second


def test_a_closed_case_cannot_ask(own: Tenant) -> None:
    case = consented_case(own, status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        _create(own, case)


# Due date and fee --------------------------------------------------------------------------------


def _deadline(case: Any, in_days: int, **fields: Any) -> Deadline:
    return Deadline.objects.create(
        case=case,
        kind=DeadlineKind.TRIBUNAL_APPEAL,
        title="Appeal to the tribunal",
        due_date=timezone.localdate() + timedelta(days=in_days),
        **fields,
    )


def test_a_linked_deadline_sets_the_due_date_a_week_before_it(own: Tenant) -> None:
    case = consented_case(own)
    deadline = _deadline(case, 30)

    evidence = _create(own, case, deadline=deadline, due_date=None)

    assert evidence.deadline == deadline
    assert evidence.due_date == deadline.due_date - timedelta(days=7)


def test_a_deadline_less_than_a_week_away_sets_tomorrow(own: Tenant) -> None:
    case = consented_case(own)
    evidence = _create(own, case, deadline=_deadline(case, 3), due_date=None)
    assert evidence.due_date == timezone.localdate() + timedelta(days=1)


def test_the_linked_deadline_wins_over_a_typed_date_on_the_page(own: Tenant) -> None:
    case = consented_case(own)
    deadline = _deadline(case, 40)
    response = signed_in_client(own.adviser).post(
        _create_url(case), _form(own, deadline=str(deadline.public_id))
    )
    assert response.status_code == 302
    assert EvidenceRequest.objects.get().due_date == deadline.due_date - timedelta(days=7)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_date": None}, "due_date"),
        ({"due_date": "today"}, "due_date"),
        ({"fee": Decimal("-1.00")}, "fee"),
        ({"fee": Decimal("1.005")}, "fee"),
        ({"questions": ["", "  "]}, "questions"),
        ({"purpose": "wish"}, "purpose"),
    ],
)
def test_bad_input_is_refused_field_by_field(
    own: Tenant, change: dict[str, Any], field: str
) -> None:
    case = consented_case(own)
    if change.get("due_date") == "today":
        change["due_date"] = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        _create(own, case, **change)
    assert field in refused.value.message_dict
    assert not EvidenceRequest.objects.exists()


def test_a_done_or_passed_deadline_cannot_set_the_date(own: Tenant) -> None:
    case = consented_case(own)
    done = _deadline(case, 20, completed_at=timezone.now())
    passed = _deadline(case, 0)
    for deadline in (done, passed):
        with pytest.raises(ValidationError) as refused:
            _create(own, case, deadline=deadline, due_date=None)
        assert "deadline" in refused.value.message_dict
    other_case = consented_case(own)
    with pytest.raises(ValidationError):
        _create(own, case, deadline=_deadline(other_case, 20), due_date=None)


def test_the_page_shows_each_error_on_its_field(own: Tenant) -> None:
    case = consented_case(own)
    response = signed_in_client(own.adviser).post(
        _create_url(case),
        _form(own, due_date=timezone.localdate().isoformat(), fee="-5"),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "The date the evidence is needed by must be in the future." in text
    assert "The fee cannot be less than £0." in text
    empty = signed_in_client(own.adviser).post(_create_url(case), _form(own, questions=" "))
    assert "Enter at least one question." in empty.content.decode()
    assert not EvidenceRequest.objects.exists()


def test_an_unknown_purpose_asks_again(own: Tenant) -> None:
    case = consented_case(own)
    response = signed_in_client(own.adviser).get(_create_url(case) + "?purpose=wish")
    assert response.status_code == 400
    assert "Choose what the evidence is for." in response.content.decode()


# Templates ---------------------------------------------------------------------------------------


def test_each_purpose_has_default_questions_and_reading_them_writes_nothing(own: Tenant) -> None:
    supervisor = supervisor_of(own)
    for purpose in EvidencePurpose.values:
        assert default_questions(purpose)
    page = signed_in_client(supervisor).get(reverse("collaboration:evidence_templates"))
    assert page.status_code == 200
    for _value, label in EvidencePurpose.choices:
        assert str(label) in page.content.decode()
    assert not EvidenceTemplate.objects.exists()


def test_a_supervisor_changes_the_questions_and_new_requests_start_from_them(own: Tenant) -> None:
    supervisor = supervisor_of(own)
    edit = reverse("collaboration:evidence_template_edit") + "?purpose=housing_priority"
    browser = signed_in_client(supervisor)
    assert "damp or mould" in browser.get(edit).content.decode()

    saved = browser.post(
        edit,
        {
            "purpose": "housing_priority",
            "questions": "Is the home damp?\n\nCan they climb stairs?\n",
        },
    )

    assert saved.status_code == 302
    template = EvidenceTemplate.objects.get()
    assert template.organisation == own.advice
    assert template.questions == ["Is the home damp?", "Can they climb stairs?"]
    assert template.updated_by == supervisor.user
    case = consented_case(own)
    form = signed_in_client(own.adviser).get(_create_url(case) + "?purpose=housing_priority")
    assert "Is the home damp?\nCan they climb stairs?" in form.content.decode()

    browser.post(edit, {"purpose": "housing_priority", "reset": "1"})
    assert not EvidenceTemplate.objects.exists()


def test_empty_questions_are_refused_and_advisers_cannot_change_templates(own: Tenant) -> None:
    edit = reverse("collaboration:evidence_template_edit")
    refused = signed_in_client(supervisor_of(own)).post(
        edit, {"purpose": "pip", "questions": "  \n "}
    )
    assert refused.status_code == 400
    assert "Enter at least one question." in refused.content.decode()
    adviser = signed_in_client(own.adviser)
    assert adviser.post(edit, {"purpose": "pip", "questions": "Q?"}).status_code == 403
    assert not EvidenceTemplate.objects.exists()


def test_templates_are_each_organisations_own(own: Tenant, other: Tenant) -> None:
    services.evidence_template_save(
        request=_request_for(supervisor_of(other)),
        membership=supervisor_of(other),
        purpose="pip",
        questions=["Only the Valley question?"],
    )
    assert selectors.template_questions(own.advice.pk, "pip") == default_questions("pip")
    case = consented_case(own)
    page = signed_in_client(own.adviser).get(_create_url(case) + "?purpose=pip")
    assert "Only the Valley question?" not in page.content.decode()


def test_a_case_without_any_partner_practice_cannot_ask(own: Tenant) -> None:
    own.partnership.status = "ended"
    own.partnership.save()
    case = consented_case(own)
    response = signed_in_client(own.adviser).get(_create_url(case))
    assert "not in an active partnership" in response.content.decode()


def test_the_template_page_asks_which_purpose_first(own: Tenant) -> None:
    browser = signed_in_client(supervisor_of(own))
    edit = reverse("collaboration:evidence_template_edit")
    assert "Which questions do you want to change?" in browser.get(edit).content.decode()
    assert browser.get(edit + "?purpose=wish").status_code == 400
    assert browser.post(edit, {"purpose": "wish", "questions": "Q?"}).status_code == 400
    assert not EvidenceTemplate.objects.exists()


def test_a_named_clinician_is_chosen_on_the_page_and_counts_for_their_team(own: Tenant) -> None:
    case = consented_case(own)
    response = signed_in_client(own.adviser).post(
        _create_url(case), _form(own, recipient=f"person:{own.referrer.public_id}")
    )
    assert response.status_code == 302
    evidence = EvidenceRequest.objects.get()
    assert (evidence.clinician, evidence.team) == (own.referrer.user, None)
    assert InformationExchange.objects.get().health_team == own.health_team
    assert Notification.objects.get().recipient == own.referrer.user
