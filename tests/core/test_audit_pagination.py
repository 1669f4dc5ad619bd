"""The audit log pages by position (keyset), newest first, whatever its length."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.core.views import AUDIT_PAGE_SIZE
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OLDER = re.compile(r'href="(\?[^"]*after=[^"]*)"')
RECORD = re.compile(r"organisations\.site (record-\d+)")


def _events(tenant: Tenant, count: int, *, same_time: bool = False) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.VIEW,
            actor=tenant.adviser.user,
            actor_email=tenant.adviser.user.email,
            organisation=tenant.advice,
            object_type="organisations.site",
            object_id=f"record-{number:03d}",
            occurred_at=START if same_time else START + timedelta(minutes=number),
        )
        for number in range(count)
    )


def _records(content: str) -> list[str]:
    return RECORD.findall(content)


def _older_link(content: str) -> str | None:
    found = OLDER.search(content)
    return unescape(found.group(1)) if found else None


def _walk(client, query: str = "") -> list[list[str]]:  # type: ignore[no-untyped-def]
    pages, url = [], f"{URL}{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        pages.append(_records(content))
        older = _older_link(content)
        url = f"{URL}{older}" if older else None
    return pages


def test_pages_run_newest_first_without_gaps_or_repeats(own: Tenant) -> None:
    _events(own, 2 * AUDIT_PAGE_SIZE + 7)
    pages = _walk(signed_in_client(own.admin), "?action=view")

    assert [len(page) for page in pages] == [AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, 7]
    shown = [record for page in pages for record in page]
    assert shown == [f"record-{n:03d}" for n in reversed(range(2 * AUDIT_PAGE_SIZE + 7))]


def test_rows_written_at_the_same_moment_are_split_by_id(own: Tenant) -> None:
    _events(own, AUDIT_PAGE_SIZE + 3, same_time=True)
    pages = _walk(signed_in_client(own.admin), "?action=view")

    shown = [record for page in pages for record in page]
    assert len(shown) == len(set(shown)) == AUDIT_PAGE_SIZE + 3


def test_the_older_link_keeps_the_filters_and_the_newest_link_drops_the_position(
    own: Tenant,
) -> None:
    _events(own, AUDIT_PAGE_SIZE + 1)
    client = signed_in_client(own.admin)
    first = client.get(URL, {"action": "view", "date_from": "2026-03-01"}).content.decode()
    older = _older_link(first)
    assert older is not None
    assert "action=view" in older
    assert "date_from=2026-03-01" in older

    second = client.get(f"{URL}{older}").content.decode()
    assert _records(second) == ["record-000"]
    assert 'href="?action=view&amp;date_from=2026-03-01"' in second
    assert "Newest events" in second


def test_a_page_deep_in_the_log_costs_the_same_queries_as_the_first(own: Tenant) -> None:
    _events(own, 3 * AUDIT_PAGE_SIZE)
    client = signed_in_client(own.admin)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as first:
        content = client.get(URL, {"action": "view"}).content.decode()
    older = _older_link(content)
    with CaptureQueriesContext(connection) as second:
        client.get(f"{URL}{older}")
    assert len(second) == len(first)
    audit_counts = [
        query["sql"]
        for query in second.captured_queries
        if "COUNT(" in query["sql"].upper() and "core_auditevent" in query["sql"]
    ]
    assert audit_counts == []


@pytest.mark.parametrize("after", ["yesterday", "2026-03-01T09:00:00~x", "2026-03-01T09:00:00~5"])
def test_a_damaged_page_link_is_a_clear_400(own: Tenant, after: str) -> None:
    response = signed_in_client(own.admin).get(URL, {"after": after})

    assert response.status_code == 400
    assert "This page link is not valid. Go back to the newest events." in (
        response.content.decode()
    )
