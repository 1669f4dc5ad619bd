"""The client page runs a fixed number of SQL queries, however many consents and referrals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthjustice.clients.models import Client, ConsentScope
from healthjustice.referrals.models import ReferralStatus
from tests.clients.factories import ClientFactory, ConsentFactory, client_url
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db

BUDGET = 20
SCOPES = list(ConsentScope)


def _grow(tenant: Tenant, record: Client, count: int) -> None:
    for number in range(count):
        ConsentFactory(
            client=record, scope=SCOPES[number % len(SCOPES)], recorded_by=tenant.referrer.user
        )
        referral_for(tenant, client=record, status=ReferralStatus.ACCEPTED)


def test_the_client_page_costs_the_same_queries_with_2_or_10_consents_and_referrals(
    own: Tenant,
) -> None:
    record = ClientFactory(organisation=own.health)
    client = signed_in_client(own.referrer)
    url = client_url("client_detail", record)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    _grow(own, record, 2)
    client.get(url)
    few = queries()
    _grow(own, record, 8)
    many = queries()

    assert many == few, f"{few} queries with 2 consents and referrals, {many} with 10"
    assert many <= BUDGET
