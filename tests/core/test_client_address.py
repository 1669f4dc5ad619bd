"""The client's address behind reverse proxies, as the audit trail and the lockout see it.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
client is TRUSTED_PROXY_COUNT entries from the right; anything further left could be forged.
"""

import axes.utils
import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from healthjustice.core.audit import client_ip
from healthjustice.core.models import AuditAction, AuditEvent
from tests.accounts.factories import PASSWORD
from tests.conftest import Tenant

SIGN_IN = reverse("accounts:sign_in")
PROXY = "10.0.0.1"
FORWARDED = "203.0.113.9, 198.51.100.7"

CASES = [
    (0, FORWARDED, PROXY),
    (1, FORWARDED, "198.51.100.7"),
    (2, FORWARDED, "203.0.113.9"),
    (3, FORWARDED, PROXY),
    (1, "", PROXY),
    (2, "198.51.100.7", PROXY),
    (1, " 203.0.113.9 ,  198.51.100.7 ", "198.51.100.7"),
    (2, "203.0.113.9,,198.51.100.7", "203.0.113.9"),
    (2, "<script>, 198.51.100.7", PROXY),
]
CASE_IDS = [
    "no-proxy-ignores-header",
    "one-proxy-rightmost",
    "two-proxies-second-from-right",
    "more-proxies-than-entries",
    "one-proxy-no-header",
    "spoofed-short-header",
    "spaces",
    "empty-entry",
    "not-an-address",
]


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), CASES, ids=CASE_IDS)
def test_client_ip(proxies: int, forwarded: str, expected: str) -> None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)

    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


def test_client_ip_without_a_request_or_an_address() -> None:
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert client_ip(None) is None
    assert client_ip(request) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [CASES[0], CASES[1], CASES[2], CASES[5]],
    ids=[CASE_IDS[0], CASE_IDS[1], CASE_IDS[2], CASE_IDS[5]],
)
def test_sign_in_is_audited_with_the_client_address(
    own: Tenant, proxies: int, forwarded: str, expected: str
) -> None:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        response = client.post(SIGN_IN, {"username": own.adviser.user.email, "password": PASSWORD})

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.actor == own.adviser.user
    assert event.ip_address == expected


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=2)
def test_the_lockout_counts_failures_per_client_behind_the_proxy(own: Tenant) -> None:
    axes.utils.reset()
    email = own.adviser.user.email
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.44")

    statuses = [
        attacker.post(SIGN_IN, {"username": email, "password": "wrong-password-entirely"})
        for _ in range(2)
    ]

    assert [response.status_code for response in statuses] == [400, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    failed = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).first()
    assert failed is not None
    assert failed.ip_address == "198.51.100.7"
    assert colleague.post(SIGN_IN, {"username": email, "password": PASSWORD}).status_code == 302
