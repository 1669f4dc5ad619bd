"""Redirecting a referral to another advice service of the partnership: a new referral carries
what was shared, the original is closed with the reason, both advice services and the referrer
hear of it; services outside the partnership are refused and nothing changes."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse

from healthjustice.clients.models import ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent, Notification, NotificationKind
from healthjustice.organisations.models import Membership, Pathway, Service
from healthjustice.referrals.models import Referral, ReferralAttachment, ReferralStatus
from healthjustice.referrals.services import referral_redirect
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipMemberFactory,
    PathwayFactory,
    ServiceFactory,
)
from tests.referrals.factories import consented_client, referral_for
from tests.referrals.helpers import MINE, detail_url, referral_state

pytestmark = pytest.mark.django_db

REASON = "The client's main problem is an eviction notice."


def _url(referral: Referral) -> str:
    return reverse("referrals:referral_redirect", kwargs={"referral_id": referral.public_id})


def _request(membership: Membership) -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership  # type: ignore[attr-defined]
    return request


@pytest.fixture
def law_centre(own: Tenant) -> Service:
    """Another advice organisation of the partnership, with a housing service and an adviser."""
    organisation = OrganisationFactory(name="Riverside Law Centre", advice=True)
    PartnershipMemberFactory(partnership=own.partnership, organisation=organisation)
    MembershipFactory(user__email="lawyer@riverside-law.example", organisation=organisation)
    return ServiceFactory(organisation=organisation, name="Housing advice", topics=["housing"])


def _referral(own: Tenant, **fields: Any) -> Referral:
    patient = consented_client(
        own,
        ConsentScope.SHARE_REFERRAL,
        ConsentScope.SHARE_HEALTH_INFORMATION,
        given_name="Maya",
        family_name="Okoro",
    )
    referral = referral_for(
        own,
        client=patient,
        urgency="urgent",
        urgency_reason="Eviction notice.",
        best_times="After 2pm",
        note_for_adviser="Prefers afternoons.",
        health_information="COPD.",
        **fields,
    )
    ReferralAttachment.objects.create(
        referral=referral,
        file=ContentFile(b"%PDF-1.7 notice", name="notice.pdf"),
        original_name="Section 21 notice.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=own.referrer.user,
    )
    return referral


def test_the_form_offers_the_partnerships_other_advice_services_only(
    own: Tenant, other: Tenant, law_centre: Service
) -> None:
    debt = ServiceFactory(organisation=own.advice, name="Debt clinic")
    outsider = ServiceFactory(name="Not in the partnership")
    referral = _referral(own)

    content = signed_in_client(own.adviser).get(_url(referral)).content.decode()

    for service in (law_centre, debt):
        assert f'value="{service.public_id}"' in content
    for service in (own.service, other.service, outsider):
        assert f'value="{service.public_id}"' not in content
    detail = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    assert _url(referral) in detail
    assert (
        _url(referral)
        not in signed_in_client(own.referrer).get(detail_url(referral)).content.decode()
    )


def test_a_redirected_referral_carries_what_was_shared_to_the_other_service(
    own: Tenant, law_centre: Service
) -> None:
    pathway = PathwayFactory(
        partnership=own.partnership,
        from_team=own.health_team,
        to_service=law_centre,
        topics=["housing"],
    )
    referral = _referral(own)

    response = signed_in_client(own.adviser).post(
        _url(referral), {"to_service": str(law_centre.public_id), "reason": REASON}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REJECTED
    assert referral.status_reason == (
        f"Redirected to Housing advice (Riverside Law Centre).\n{REASON}"
    )
    new = Referral.objects.get(redirected_from=referral)
    copied = [
        "source",
        "client_id",
        "referring_organisation_id",
        "referring_team_id",
        "referred_by_id",
        "site_id",
        "partnership_id",
        "needs",
        "urgency",
        "urgency_reason",
        "help_wanted",
        "contact_channels",
        "best_times",
        "note_for_adviser",
        "health_information",
        "shared_details",
        "consent_id",
    ]
    assert {name: getattr(new, name) for name in copied} == {
        name: getattr(referral, name) for name in copied
    }
    assert (new.service, new.advice_organisation, new.pathway) == (
        law_centre,
        law_centre.organisation,
        pathway,
    )
    assert new.status == ReferralStatus.REQUESTED
    assert new.reference != referral.reference
    (original_file,) = referral.attachments.all()
    (copy,) = new.attachments.all()
    assert (copy.file.name, copy.original_name, copy.content_type, copy.size) == (
        original_file.file.name,
        original_file.original_name,
        original_file.content_type,
        original_file.size,
    )
    assert copy.pk != original_file.pk
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(new.public_id), organisation=own.advice
    ).exists()


def test_without_a_pathway_to_the_service_the_new_referral_has_none(
    own: Tenant, law_centre: Service
) -> None:
    referral = _referral(own)

    new = referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=law_centre,
        reason=REASON,
    )

    assert new.pathway is None
    assert not Pathway.objects.filter(to_service=law_centre).exists()


def test_everyone_concerned_hears_of_the_redirection(own: Tenant, law_centre: Service) -> None:
    referral = _referral(own)

    signed_in_client(own.adviser).post(
        _url(referral), {"to_service": str(law_centre.public_id), "reason": REASON}
    )

    new = Referral.objects.get(redirected_from=referral)
    received = Notification.objects.get(kind=NotificationKind.REFERRAL_RECEIVED)
    assert (received.organisation, received.reference) == (law_centre.organisation, new.reference)
    told = Notification.objects.filter(recipient=own.referrer.user)
    assert {(notice.reference, notice.status) for notice in told} == {
        (referral.reference, ReferralStatus.REJECTED),
        (new.reference, ReferralStatus.REQUESTED),
    }
    referrer = signed_in_client(own.referrer)
    original_page = referrer.get(detail_url(referral)).content.decode()
    assert "Redirected to Housing advice (Riverside Law Centre)." in original_page
    assert "eviction notice" in original_page
    assert new.reference in referrer.get(MINE).content.decode()
    new_page = referrer.get(detail_url(new)).content.decode()
    assert "Redirected from" in new_page
    assert own.service.name in new_page


def test_the_new_service_sees_the_new_referral_and_the_old_one_does_not(
    own: Tenant, law_centre: Service
) -> None:
    referral = _referral(own)
    new = referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=law_centre,
        reason=REASON,
    )
    lawyer = Membership.objects.get(organisation=law_centre.organisation)

    page = signed_in_client(lawyer).get(detail_url(new)).content.decode()

    for shared in ("Maya Okoro", "Eviction notice.", "COPD.", "Section 21 notice.pdf"):
        assert shared in page
    assert signed_in_client(lawyer).get(detail_url(referral)).status_code == 404
    assert signed_in_client(own.adviser).get(detail_url(new)).status_code == 404


def test_an_accepted_referral_is_cancelled_as_it_is_redirected(
    own: Tenant, law_centre: Service
) -> None:
    referral = _referral(own, status=ReferralStatus.ACCEPTED)

    referral_redirect(
        request=_request(own.adviser),
        membership=own.adviser,
        referral=referral,
        to_service=law_centre,
        reason=REASON,
    )

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CANCELLED
    assert referral.status_reason.startswith("Redirected to Housing advice")


def _state() -> dict[str, Any]:
    return {
        **referral_state(),
        "attachments": list(ReferralAttachment.objects.order_by("pk").values()),
        "notifications": Notification.objects.count(),
    }


@pytest.mark.parametrize(
    "where", ["another-partnership", "not-a-member", "same-service", "paused-partnership"]
)
def test_a_service_outside_the_partnership_is_refused_clearly_and_nothing_changes(
    own: Tenant, other: Tenant, law_centre: Service, where: str
) -> None:
    referral = _referral(own)
    target = {
        "another-partnership": other.service,
        "not-a-member": ServiceFactory(name="Elsewhere advice"),
        "same-service": own.service,
        "paused-partnership": law_centre,
    }[where]
    if where == "paused-partnership":
        own.partnership.status = "paused"
        own.partnership.save()
    before = _state()

    with pytest.raises(ValidationError) as refused:
        referral_redirect(
            request=_request(own.adviser),
            membership=own.adviser,
            referral=referral,
            to_service=target,
            reason=REASON,
        )

    assert refused.value.message_dict["to_service"] == [
        "Choose a different service from the one the referral was made to."
        if where == "same-service"
        else "Choose an advice service of an advice organisation in this referral's partnership."
    ]
    response = signed_in_client(own.adviser).post(
        _url(referral), {"to_service": str(target.public_id), "reason": REASON}
    )
    assert response.status_code == 400
    assert _state() == before


def test_a_reason_is_required(own: Tenant, law_centre: Service) -> None:
    referral = _referral(own)
    before = _state()

    response = signed_in_client(own.adviser).post(
        _url(referral), {"to_service": str(law_centre.public_id), "reason": "  "}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Say why you are redirecting the referral." in content
    assert _state() == before


@pytest.mark.parametrize("status", [ReferralStatus.IN_PROGRESS, ReferralStatus.REJECTED])
def test_only_a_referral_not_yet_started_is_redirected(
    own: Tenant, law_centre: Service, status: str
) -> None:
    referral = _referral(own, status=status)
    before = _state()

    with pytest.raises(ValidationError, match="only be done while the referral is requested"):
        referral_redirect(
            request=_request(own.adviser),
            membership=own.adviser,
            referral=referral,
            to_service=law_centre,
            reason=REASON,
        )
    response = signed_in_client(own.adviser).post(
        _url(referral), {"to_service": str(law_centre.public_id), "reason": REASON}
    )

    assert response.status_code == 400
    assert "before the work starts" in response.content.decode()
    assert _state() == before


def test_the_referring_side_cannot_redirect(
    own: Tenant, other: Tenant, law_centre: Service
) -> None:
    referral = _referral(own)
    before = _state()

    assert signed_in_client(own.referrer).get(_url(referral)).status_code == 403
    assert (
        signed_in_client(other.adviser)
        .post(_url(referral), {"to_service": str(law_centre.public_id), "reason": REASON})
        .status_code
        == 404
    )
    with pytest.raises(ValidationError, match="Only the advice organisation"):
        referral_redirect(
            request=_request(own.referrer),
            membership=own.referrer,
            referral=referral,
            to_service=law_centre,
            reason=REASON,
        )
    assert _state() == before
