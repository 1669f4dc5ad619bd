"""The audit log page: organisation admins only, their own organisation only, with filters."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.organisations.models import Membership, Organisation
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")


def _event(
    object_id: str,
    *,
    organisation: Organisation | None,
    member: Membership | None = None,
    action: str = AuditAction.VIEW,
    when: datetime | None = None,
) -> AuditEvent:
    user = member.user if member else None
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        actor_email=user.email if user else "",
        organisation=organisation,
        object_type="organisations.site",
        object_id=object_id,
        occurred_at=when or timezone.now(),
    )


def _day(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize("role", ["referrer", "health_admin_of_other", "adviser", "coordinator"])
def test_only_organisation_admins_may_open_it(own: Tenant, other: Tenant, role: str) -> None:
    membership = {
        "referrer": own.referrer,
        "adviser": own.adviser,
        "coordinator": own.coordinator,
        "health_admin_of_other": other.health_admin,
    }[role]
    expected = 200 if role == "health_admin_of_other" else 403

    assert signed_in_client(membership).get(URL).status_code == expected


def test_shows_own_organisations_events_and_account_events_of_its_members(
    own: Tenant, other: Tenant
) -> None:
    _event("own-org-event", organisation=own.advice, member=own.adviser)
    _event("own-member-account-event", organisation=None, member=own.adviser)
    _event("other-org-event", organisation=other.advice, member=other.adviser)
    _event("other-member-account-event", organisation=None, member=other.adviser)
    _event("own-health-org-event", organisation=own.health, member=own.referrer)

    content = signed_in_client(own.admin).get(URL).content.decode()

    assert "own-org-event" in content
    assert "own-member-account-event" in content
    assert "other-org-event" not in content
    assert "other-member-account-event" not in content
    assert "own-health-org-event" not in content


@pytest.fixture
def filtered(own: Tenant) -> None:
    _event("by-adviser", organisation=own.advice, member=own.adviser, when=_day(3, 10))
    _event(
        "by-coordinator",
        organisation=own.advice,
        member=own.coordinator,
        action=AuditAction.CHANGE,
        when=_day(3, 20),
    )
    _event("in-april", organisation=own.advice, member=own.adviser, when=_day(4, 2))


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"actor": "coordinator"}, {"by-coordinator"}),
        ({"action": AuditAction.CHANGE}, {"by-coordinator"}),
        ({"object_id": "in-april"}, {"in-april"}),
        ({"date_from": "2026-03-15", "date_to": "2026-03-31"}, {"by-coordinator"}),
        ({"date_from": "2026-03-20"}, {"by-coordinator", "in-april"}),
        ({"date_to": "2026-03-10"}, {"by-adviser"}),
        ({"actor": "adviser", "date_from": "2026-04-01"}, {"in-april"}),
    ],
)
def test_filters(own: Tenant, filtered: None, query: dict[str, str], shown: set[str]) -> None:
    if "actor" in query:  # people are chosen by their opaque id, never by email in the URL
        query = {**query, "actor": str(getattr(own, query["actor"]).user.public_id)}
    response = signed_in_client(own.admin).get(URL, query)

    assert response.status_code == 200
    content = response.content.decode()
    for object_id in {"by-adviser", "by-coordinator", "in-april"}:
        assert (object_id in content) == (object_id in shown), object_id


def test_a_date_range_that_ends_before_it_starts_is_a_400_with_a_clear_error(
    own: Tenant, filtered: None
) -> None:
    client = signed_in_client(own.admin)
    before = AuditEvent.objects.count()

    response = client.get(URL, {"date_from": "2026-04-01", "date_to": "2026-03-01"})

    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_an_invalid_date_is_a_400(own: Tenant) -> None:
    response = signed_in_client(own.admin).get(URL, {"date_from": "31/02/2026"})

    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
