"""Legal professional privilege: no health-side role reaches a privileged note or document.

Every route of the product (the permission matrix names them all) is requested by every role a
health organisation or a funder can hold, with every record identifier of both partnership worlds,
after the advice organisation has written a note and filed a document on a case opened from the
health organisation's own referral. The note's words and the document's name and contents must
never appear in anything they get back: pages, downloads, exports, notifications or emails.
"""

from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from healthjustice.accounts.models import User
from healthjustice.casework.models import CaseDocument, CaseNote, SharedUpdate
from healthjustice.core.models import Notification
from healthjustice.organisations.models import ROLES_BY_KIND, Membership, OrganisationKind, Role
from tests.test_permission_matrix import MATRIX, Tenant, _tenant, signed_in_as

NOTE_MARKER = "PRIVILEGED-NOTE-7Q4Z"
DOCUMENT_MARKER = "PRIVILEGED-DOCUMENT-K9W2"
KINDS = ("health", "advice", "funder")


@pytest.fixture
def worlds(db: None) -> list[Tenant]:
    worlds = [_tenant("Own"), _tenant("Other")]
    for tenant in worlds:
        assert tenant.case is not None
        assert tenant.referral is not None
        adviser = tenant.members[Role.ADVISER].user
        # The case was opened from the health organisation's referral: the closest the health
        # side ever gets to the case file.
        tenant.case.referral = tenant.referral
        tenant.case.save()
        CaseNote.objects.create(
            case=tenant.case, body=f"{NOTE_MARKER}: advice on the appeal", author=adviser
        )
        CaseDocument.objects.create(
            case=tenant.case,
            file=ContentFile(f"%PDF-1.7 {DOCUMENT_MARKER}".encode(), name="advice.pdf"),
            original_name=f"{DOCUMENT_MARKER}.pdf",
            content_type="application/pdf",
            size=30,
            uploaded_by=adviser,
        )
        SharedUpdate.objects.create(
            case=tenant.case,
            referral=tenant.referral,
            kind="update",
            summary="We have asked for a mandatory reconsideration.",
            shared_by=adviser,
        )
    return worlds


def _health_side_memberships(tenant: Tenant) -> list[Membership]:
    """Someone in every role a health organisation can hold, and the funder's viewer."""
    people = []
    for role in sorted(ROLES_BY_KIND[OrganisationKind.HEALTH]):
        user = User.objects.create_user(
            email=f"{role}@health-{tenant.health.pk}.example", full_name=f"Health {role}"
        )
        people.append(
            Membership.objects.create(user=user, organisation=tenant.health, roles=[role])
        )
    people.append(tenant.members[Role.FUNDER_VIEWER])
    return people


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _every_url(worlds: list[Tenant]) -> list[str]:
    urls = set()
    for name, route in MATRIX.items():
        if route.kwargs is None:
            urls.add(reverse(name))
            continue
        for tenant in worlds:
            for kind in KINDS:
                urls.add(reverse(name, kwargs=route.kwargs(tenant, kind)))
    return sorted(urls)


def _leaks(body: bytes) -> bool:
    return NOTE_MARKER.encode() in body or DOCUMENT_MARKER.encode() in body


def test_the_advice_organisation_does_see_its_own_note_and_document(worlds: list[Tenant]) -> None:
    """The markers are really there to be found, so the test below can fail."""
    tenant = worlds[0]
    assert tenant.case is not None
    adviser = signed_in_as(tenant.members[Role.ADVISER])
    page = _body(
        adviser.get(reverse("casework:case_detail", kwargs={"case_id": tenant.case.public_id}))
    )
    assert NOTE_MARKER.encode() in page
    assert DOCUMENT_MARKER.encode() in page
    document = CaseDocument.objects.get(case=tenant.case, original_name__startswith=DOCUMENT_MARKER)
    download = adviser.get(
        reverse(
            "casework:document_download",
            kwargs={"case_id": tenant.case.public_id, "document_id": document.public_id},
        )
    )
    assert DOCUMENT_MARKER.encode() in _body(download)


def test_no_health_side_role_reaches_a_privileged_note_or_document(worlds: list[Tenant]) -> None:
    urls = _every_url(worlds)
    people = [membership for tenant in worlds for membership in _health_side_memberships(tenant)]
    roles = {role for membership in people for role in membership.roles}
    assert roles == set(ROLES_BY_KIND[OrganisationKind.HEALTH]) | {Role.FUNDER_VIEWER}
    for membership in people:
        client = signed_in_as(membership)
        for url in urls:
            response = client.get(url)
            assert not _leaks(_body(response)), f"{membership.roles} read privilege at {url}"
    # Nor in anything sent to anyone.
    for notification in Notification.objects.all():
        assert not _leaks(f"{notification.reference} {notification.link}".encode())
    for message in mail.outbox:
        assert not _leaks(f"{message.subject} {message.body}".encode())


def test_the_referrer_sees_what_was_shared_and_nothing_else(worlds: list[Tenant]) -> None:
    tenant = worlds[0]
    assert tenant.referral is not None
    page = _body(
        signed_in_as(tenant.members[Role.REFERRER]).get(
            reverse("referrals:referral_detail", kwargs={"referral_id": tenant.referral.public_id})
        )
    )
    assert b"We have asked for a mandatory reconsideration." in page
    assert not _leaks(page)
