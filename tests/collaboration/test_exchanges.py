"""The information-exchange log: written in the same transaction as each share across the two
sides, and shown to the holders of the client's records only."""

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework import services as casework
from healthjustice.casework.models import Case
from healthjustice.clients.models import ConsentScope
from healthjustice.collaboration.models import ExchangeKind, InformationExchange
from healthjustice.organisations.models import Membership, Service
from healthjustice.referrals.models import Referral
from healthjustice.referrals.services import (
    referral_create,
    referral_redirect,
    self_referral_create,
)
from tests.clients.factories import ClientFactory, ConsentFactory
from tests.collaboration.analytics_factories import exchange, referred_case
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipMemberFactory,
    ServiceFactory,
)
from tests.query_budgets import assert_flat
from tests.referrals.factories import consented_client, referral_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
SUMMARY = "We asked for a mandatory reconsideration of the PIP decision."


def _request(membership: Membership) -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership  # type: ignore[attr-defined]
    return request


def _rows(**filters: Any) -> list[tuple[Any, ...]]:
    return list(
        InformationExchange.objects.filter(**filters)
        .order_by("id")
        .values_list(
            "kind",
            "record_reference",
            "from_organisation__name",
            "to_organisation__name",
            "shared_by__email",
            "consent__scope",
            "health_team__name",
        )
    )


def _refer(tenant: Tenant, **change: Any) -> Referral:
    arguments: dict[str, Any] = {
        "request": _request(tenant.referrer),
        "membership": tenant.referrer,
        "client": consented_client(tenant),
        "pathway": tenant.pathway,
        "needs": ["benefits"],
        "urgency": "routine",
        "help_wanted": "Claiming the benefits they are entitled to.",
        "contact_channels": ["phone"],
        **change,
    }
    return referral_create(**arguments)


@pytest.fixture
def law_centre(own: Tenant) -> Service:
    """Another advice organisation of the partnership."""
    organisation = OrganisationFactory(name="Riverside Law Centre", advice=True)
    PartnershipMemberFactory(partnership=own.partnership, organisation=organisation)
    MembershipFactory(user__email="lawyer@riverside-law.example", organisation=organisation)
    return ServiceFactory(organisation=organisation, name="Housing advice", topics=["housing"])


# Written at each crossing point -----------------------------------------------------------------


def test_a_referral_and_its_document_are_logged_under_the_referral_consent(own: Tenant) -> None:
    referral = _refer(own, attachment=SimpleUploadedFile("PIP decision.pdf", PDF))

    row = (
        referral.reference,
        own.health.name,
        own.advice.name,
        own.referrer.user.email,
        ConsentScope.SHARE_REFERRAL,
        own.health_team.name,
    )
    assert _rows() == [(ExchangeKind.REFERRAL, *row), (ExchangeKind.REFERRAL_DOCUMENT, *row)]
    assert set(InformationExchange.objects.values_list("referral", flat=True)) == {referral.pk}


def test_a_referral_without_a_document_is_one_row(own: Tenant) -> None:
    _refer(own)
    assert [row[0] for row in _rows()] == [ExchangeKind.REFERRAL]


def test_a_refused_referral_logs_nothing(own: Tenant) -> None:
    with pytest.raises(ValidationError):
        _refer(own, client=ClientFactory(organisation=own.health))
    assert not InformationExchange.objects.exists()


def test_a_self_referral_is_not_a_health_to_advice_exchange(own: Tenant) -> None:
    request = RequestFactory().post("/")
    request.user = AnonymousUser()

    referral = self_referral_create(
        request=request,
        site=own.health_site,
        client_details={
            "given_name": "Sam",
            "family_name": "Jones",
            "date_of_birth": date(1984, 3, 15),
            "phone": "07700 900982",
        },
        needs=["benefits"],
        help_wanted="My PIP was stopped.",
        contact_channels=["phone"],
    )

    assert referral.pk is not None
    assert not InformationExchange.objects.exists()


def test_a_redirection_to_another_organisation_is_logged_from_the_advice_side(
    own: Tenant, law_centre: Service
) -> None:
    referral = _refer(own, attachment=SimpleUploadedFile("notice.pdf", PDF))

    new = referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=law_centre,
        reason="They advise on housing.",
    )

    row = (
        new.reference,
        own.advice.name,
        "Riverside Law Centre",
        own.adviser.user.email,
        ConsentScope.SHARE_REFERRAL,
        own.health_team.name,
    )
    assert _rows(referral=new) == [
        (ExchangeKind.REFERRAL, *row),
        (ExchangeKind.REFERRAL_DOCUMENT, *row),
    ]


def test_a_redirection_within_the_organisation_is_not_an_exchange(own: Tenant) -> None:
    referral = _refer(own)
    debt = ServiceFactory(organisation=own.advice, name="Debt advice", topics=["debt"])

    new = referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=debt,
        reason="Their debts come first.",
    )

    assert _rows(referral=new) == []


def _case_with_feedback_consent(tenant: Tenant) -> Case:
    case = referred_case(tenant)
    assert case.referral is not None
    ConsentFactory(
        client=case.referral.client,
        scope=ConsentScope.FEEDBACK_TO_REFERRER,
        recorded_by=tenant.referrer.user,
    )
    return case


def test_a_progress_update_is_logged_from_advice_to_health(own: Tenant) -> None:
    case = _case_with_feedback_consent(own)
    assert case.referral is not None

    casework.summary_share(
        request=_request(own.adviser), membership=own.adviser, case=case, summary=SUMMARY
    )

    assert _rows(case=case) == [
        (
            ExchangeKind.PROGRESS_UPDATE,
            case.referral.reference,
            own.advice.name,
            own.health.name,
            own.adviser.user.email,
            ConsentScope.FEEDBACK_TO_REFERRER,
            own.health_team.name,
        )
    ]


def test_closing_feedback_is_logged_as_outcome_feedback(own: Tenant) -> None:
    case = _case_with_feedback_consent(own)

    casework.case_close(
        request=_request(own.adviser),
        membership=own.adviser,
        case=case,
        reason="resolved",
        feedback_summary=SUMMARY,
        send_feedback=True,
    )

    assert [row[0] for row in _rows(case=case)] == [ExchangeKind.OUTCOME_FEEDBACK]


def test_closing_without_feedback_shares_nothing(own: Tenant) -> None:
    case = _case_with_feedback_consent(own)

    casework.case_close(
        request=_request(own.adviser), membership=own.adviser, case=case, reason="resolved"
    )

    assert _rows(case=case) == []


def test_a_share_refused_for_want_of_consent_logs_nothing(own: Tenant) -> None:
    case = referred_case(own)

    with pytest.raises(ValidationError, match="has not agreed to outcome feedback"):
        casework.summary_share(
            request=_request(own.adviser), membership=own.adviser, case=case, summary=SUMMARY
        )

    assert not InformationExchange.objects.exists()


# The pages --------------------------------------------------------------------------------------


def _text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def client_log(client: Any) -> str:
    return reverse("collaboration:exchanges_client", kwargs={"client_id": client.public_id})


def case_log(case: Case) -> str:
    return reverse("collaboration:exchanges_case", kwargs={"case_id": case.public_id})


def test_the_referrer_sees_what_was_shared_about_their_client_and_never_its_words(
    own: Tenant, law_centre: Service
) -> None:
    patient = consented_client(own, ConsentScope.SHARE_REFERRAL, ConsentScope.FEEDBACK_TO_REFERRER)
    referral = _refer(own, client=patient, attachment=SimpleUploadedFile("letter.pdf", PDF))
    # The advice service sends it on to the law centre, which opens a case and reports progress.
    new = referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=law_centre,
        reason="Housing.",
    )
    lawyer = Membership.objects.get(organisation=law_centre.organisation)
    case = Case.objects.create(
        organisation=law_centre.organisation,
        client=ClientFactory(organisation=law_centre.organisation),
        referral=new,
        source="referral",
        adviser=lawyer.user,
    )
    casework.summary_share(request=_request(lawyer), membership=lawyer, case=case, summary=SUMMARY)
    # Another client of the same practice: not on this client's page.
    _refer(own, help_wanted="Someone else entirely.")

    response = signed_in_client(own.referrer).get(client_log(patient))

    assert response.status_code == 200
    page = _text(response)
    assert page.count("Referral and the details the client agreed to share") == 2
    assert page.count("Document sent with a referral") == 2
    assert "Progress update from the advice service" in page
    assert referral.reference in page
    assert new.reference in page
    assert "Riverside Law Centre" in page
    assert "Share the referral and contact details with the advice service" in page
    assert "Send outcome feedback to the referrer" in page
    assert "In force" in page
    # Five rows: the referral and its document, both sent on, and the law centre's update.
    assert response.content.decode().count('<tr class="nhsuk-table__row">') == 1 + 5
    assert SUMMARY not in page
    assert "Someone else entirely" not in page


def test_a_withdrawn_consent_is_shown_as_withdrawn(own: Tenant) -> None:
    patient = consented_client(own)
    _refer(own, client=patient)
    consent = patient.consents.get()
    consent.withdrawn_at = timezone.now()
    consent.save()

    page = _text(signed_in_client(own.referrer).get(client_log(patient)))
    assert f"Withdrawn {timezone.localdate():%-d %B %Y}" in page


def test_the_adviser_sees_the_cases_log_and_not_the_earlier_services(
    own: Tenant, law_centre: Service
) -> None:
    case = _case_with_feedback_consent(own)
    assert case.referral is not None
    casework.summary_share(
        request=_request(own.adviser), membership=own.adviser, case=case, summary=SUMMARY
    )
    # A consultation message on the same referral between the practice and another advice
    # organisation is not this organisation's to see.
    exchange(
        own.partnership,
        own.health_team,
        case.referral.created_at,
        sender=own.health,
        recipient=law_centre.organisation,
        kind=ExchangeKind.CONSULTATION,
        referral=case.referral,
        record_reference="CON-HIDE-0001",
    )

    response = signed_in_client(own.adviser).get(case_log(case))

    assert response.status_code == 200
    page = _text(response)
    assert "Progress update from the advice service" in page
    assert "CON-HIDE-0001" not in page
    assert SUMMARY not in page


def test_the_advice_side_sees_its_clients_log_through_its_cases(own: Tenant) -> None:
    case = _case_with_feedback_consent(own)
    casework.summary_share(
        request=_request(own.adviser), membership=own.adviser, case=case, summary=SUMMARY
    )

    page = _text(signed_in_client(own.adviser).get(client_log(case.client)))
    assert "Progress update from the advice service" in page


def test_other_organisations_logs_are_not_found(own: Tenant, other: Tenant) -> None:
    patient = consented_client(own)
    _refer(own, client=patient)
    case = referred_case(own)

    assert signed_in_client(other.referrer).get(client_log(patient)).status_code == 404
    assert signed_in_client(other.adviser).get(case_log(case)).status_code == 404
    # The advice organisation holds no record of the practice's client, only its own.
    assert signed_in_client(own.adviser).get(client_log(patient)).status_code == 404
    # A coordinator works with no client: refused.
    assert signed_in_client(own.coordinator).get(case_log(case)).status_code == 403


def test_the_client_and_case_pages_link_to_the_log(own: Tenant) -> None:
    patient = consented_client(own)
    case = referred_case(own)

    client_page = signed_in_client(own.referrer).get(
        reverse("clients:client_detail", kwargs={"client_id": patient.public_id})
    )
    case_page = signed_in_client(own.adviser).get(
        reverse("casework:case_detail", kwargs={"case_id": case.public_id})
    )

    assert client_log(patient) in client_page.content.decode()
    assert case_log(case) in case_page.content.decode()


# Query budgets ----------------------------------------------------------------------------------

BUDGET = 20


def _assert_flat(client: Client, url: str, grow: Callable[[int], None]) -> None:
    assert_flat(client, url, grow, budget=BUDGET)


def _logged(tenant: Tenant, referral: Referral, case: Case | None = None) -> Callable[[int], None]:
    def grow(count: int) -> None:
        for _ in range(count):
            exchange(
                tenant.partnership,
                tenant.health_team,
                referral.created_at,
                sender=tenant.advice,
                recipient=tenant.health,
                kind=ExchangeKind.CONSULTATION,
                referral=referral,
                case=case,
                consent=ConsentFactory(client=referral.client),
                shared_by=MembershipFactory(organisation=tenant.advice).user,
            )

    return grow


def test_the_client_log_keeps_to_its_query_budget(own: Tenant) -> None:
    referral = referral_for(own)
    _assert_flat(
        signed_in_client(own.referrer), client_log(referral.client), _logged(own, referral)
    )


def test_the_case_log_keeps_to_its_query_budget(own: Tenant) -> None:
    case = referred_case(own)
    assert case.referral is not None
    _assert_flat(signed_in_client(own.adviser), case_log(case), _logged(own, case.referral, case))
