"""Consent recorded with its scopes and method, shown on the client page, and withdrawn at once:
withdrawing consent to share the referral cancels the referrals not yet accepted."""

import pytest
from django.urls import reverse

from healthjustice.clients.models import Consent, ConsentMethod, ConsentScope
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.models import ReferralStatus
from tests.clients.factories import ClientFactory, ConsentFactory, client_state, client_url
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import referral_for

pytestmark = pytest.mark.django_db


def _withdraw_url(consent: Consent) -> str:
    return client_url("consent_withdraw", consent.client, consent_id=consent.public_id)


def test_consent_is_recorded_with_its_scopes_method_and_recorder(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)

    response = signed_in_client(own.referrer).post(
        client_url("consent_record", record),
        {"scopes": ["share_referral", "evaluation"], "method": "written"},
    )

    assert response.status_code == 302
    assert response["Location"] == client_url("client_detail", record)
    consents = Consent.objects.filter(client=record)
    assert {consent.scope for consent in consents} == {"share_referral", "evaluation"}
    assert {consent.method for consent in consents} == {ConsentMethod.WRITTEN}
    assert {consent.recorded_by for consent in consents} == {own.referrer.user}
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="clients.consent")
    assert created.count() == 2


def test_the_consent_page_explains_each_scope_and_offers_only_those_not_in_force(
    own: Tenant,
) -> None:
    record = ClientFactory(organisation=own.health)
    ConsentFactory(client=record, scope=ConsentScope.SHARE_REFERRAL)

    response = signed_in_client(own.referrer).get(client_url("consent_record", record))

    content = response.content.decode()
    assert 'value="share_referral"' not in content
    assert 'value="share_health_information"' in content
    assert "reports about how well the partnership works" in content
    assert 'value="electronic"' in content


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"method": "verbal"}, "Choose what the client agreed to."),
        ({"scopes": ["share_referral"]}, "Choose how the client gave consent."),
        ({"scopes": ["share_referral"], "method": "telepathy"}, "Choose how the client gave"),
        ({"scopes": ["sell_data"], "method": "verbal"}, "Choose from the list."),
    ],
    ids=["no-scope", "no-method", "unknown-method", "unknown-scope"],
)
def test_bad_consent_is_refused_and_nothing_recorded(
    own: Tenant, data: dict[str, object], error: str
) -> None:
    record = ClientFactory(organisation=own.health)
    before = client_state()

    response = signed_in_client(own.referrer).post(client_url("consent_record", record), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert error in content
    assert client_state() == before


def test_the_withdrawal_page_says_how_many_referrals_will_be_cancelled(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)
    consent = ConsentFactory(client=record, scope=ConsentScope.SHARE_REFERRAL)
    referral_for(own, client=record, status=ReferralStatus.REQUESTED)
    referral_for(own, client=record, status=ReferralStatus.ACCEPTED)

    response = signed_in_client(own.referrer).get(_withdraw_url(consent))

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 referral that the advice service has not yet accepted will be cancelled." in content
    assert Consent.objects.get(pk=consent.pk).in_force


def test_withdrawing_the_referral_share_cancels_only_referrals_not_yet_accepted(
    own: Tenant,
) -> None:
    record = ClientFactory(organisation=own.health)
    consent = ConsentFactory(client=record, scope=ConsentScope.SHARE_REFERRAL)
    waiting = referral_for(own, client=record, status=ReferralStatus.REQUESTED)
    accepted = referral_for(own, client=record, status=ReferralStatus.ACCEPTED)
    client = signed_in_client(own.referrer)

    response = client.post(_withdraw_url(consent))

    assert response.status_code == 302
    assert response["Location"] == client_url("client_detail", record)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == own.referrer.user
    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.status == ReferralStatus.CANCELLED
    assert accepted.status == ReferralStatus.ACCEPTED
    page = client.get(response["Location"]).content.decode()
    assert "1 referral not yet accepted was cancelled." in page
    assert "Withdrawn" in page
    assert _withdraw_url(consent) not in page


def test_withdrawing_another_scope_leaves_referrals_alone(own: Tenant) -> None:
    record = ClientFactory(organisation=own.health)
    ConsentFactory(client=record, scope=ConsentScope.SHARE_REFERRAL)
    evaluation = ConsentFactory(client=record, scope=ConsentScope.EVALUATION)
    waiting = referral_for(own, client=record, status=ReferralStatus.REQUESTED)

    signed_in_client(own.referrer).post(_withdraw_url(evaluation))

    evaluation.refresh_from_db()
    waiting.refresh_from_db()
    assert evaluation.withdrawn_at is not None
    assert waiting.status == ReferralStatus.REQUESTED


def test_a_consent_is_withdrawn_only_once(own: Tenant) -> None:
    consent = ConsentFactory(client=ClientFactory(organisation=own.health))
    client = signed_in_client(own.referrer)
    client.post(_withdraw_url(consent))
    consent.refresh_from_db()
    before = client_state()

    response = client.post(_withdraw_url(consent), follow=True)

    assert "This consent has already been withdrawn." in response.content.decode()
    assert client_state() == before


def test_a_consent_of_another_client_is_not_found(own: Tenant, other: Tenant) -> None:
    mine = ClientFactory(organisation=own.health)
    theirs = ConsentFactory(client=ClientFactory(organisation=other.health))
    url = reverse(
        "clients:consent_withdraw",
        kwargs={"client_id": mine.public_id, "consent_id": theirs.public_id},
    )

    response = signed_in_client(own.referrer).post(url)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.in_force
