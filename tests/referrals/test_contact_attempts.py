"""Contact attempts: recorded by the advice side only, never in the future; reaching the client is
the first contact; the service's limit of unsuccessful attempts closes the referral as unable to
contact and tells the referrer, who sees when attempts were made but not their notes."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from healthjustice.core.models import AuditAction, AuditEvent, Notification, NotificationKind
from healthjustice.organisations.models import Membership
from healthjustice.referrals import presenters
from healthjustice.referrals.first_contact import LONDON, unsuccessful_since_reached
from healthjustice.referrals.models import ContactAttempt, Referral, ReferralStatus
from healthjustice.referrals.services import contact_attempt_record
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import referral_for
from tests.referrals.helpers import detail_url, referral_state

pytestmark = pytest.mark.django_db

UNABLE = "We could not contact the client after 3 attempts."


def _url(referral: Referral) -> str:
    return reverse("referrals:contact_attempt_create", kwargs={"referral_id": referral.public_id})


def _request(membership: Membership) -> HttpRequest:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership  # type: ignore[attr-defined]
    return request


def _record(
    tenant: Tenant, referral: Referral, result: str, *, hours_ago: float = 1, **change: Any
) -> ContactAttempt:
    arguments: dict[str, Any] = {
        "request": _request(tenant.adviser),
        "membership": tenant.adviser,
        "referral": referral,
        "attempted_at": timezone.now() - timedelta(hours=hours_ago),
        "channel": "phone",
        "result": result,
        "note": "",
        **change,
    }
    return contact_attempt_record(**arguments)


def _form(when: datetime, **change: str) -> dict[str, str]:
    local = timezone.localtime(when, LONDON)
    return {
        "attempted_on": local.date().isoformat(),
        "attempted_time": local.strftime("%H:%M"),
        "channel": "phone",
        "result": "no_answer",
        "note": "",
        **change,
    }


def _attempts() -> dict[str, Any]:
    return {**referral_state(), "attempts": list(ContactAttempt.objects.values())}


def test_an_adviser_records_an_attempt_and_it_is_audited(own: Tenant) -> None:
    referral = referral_for(own)
    when = timezone.now() - timedelta(hours=2)

    response = signed_in_client(own.adviser).post(
        _url(referral), _form(when, result="left_message", note="Left a voicemail.")
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    attempt = ContactAttempt.objects.get()
    assert (attempt.referral, attempt.channel, attempt.result, attempt.note) == (
        referral,
        "phone",
        "left_message",
        "Left a voicemail.",
    )
    assert attempt.recorded_by == own.adviser.user
    assert abs(attempt.attempted_at - when) < timedelta(minutes=1)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(attempt.public_id), organisation=own.advice
    ).exists()
    referral.refresh_from_db()
    assert referral.first_contact_at is None
    assert referral.status == ReferralStatus.REQUESTED


def test_a_time_in_the_future_is_refused_clearly_and_changes_nothing(own: Tenant) -> None:
    referral = referral_for(own)
    before = _attempts()

    response = signed_in_client(own.adviser).post(
        _url(referral), _form(timezone.now() + timedelta(days=1))
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The time of the attempt cannot be in the future" in content
    assert _attempts() == before


def test_earlier_today_and_past_days_are_accepted(own: Tenant) -> None:
    referral = referral_for(own)

    _record(own, referral, "no_answer", hours_ago=0.1)
    _record(own, referral, "no_answer", hours_ago=24 * 3)

    assert ContactAttempt.objects.filter(referral=referral).count() == 2


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"channel": "pigeon"}, "Choose how you tried to contact the client."),
        ({"result": ""}, "Choose what happened."),
        ({"attempted_on": "2026-02-30"}, "Enter a real date"),
        ({"attempted_time": "25:00"}, "Enter a real time"),
        ({"note": "x" * 501}, "The note must be 500 characters or fewer."),
    ],
    ids=["unknown-channel", "no-result", "no-such-date", "no-such-time", "long-note"],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    own: Tenant, change: dict[str, str], error: str
) -> None:
    referral = referral_for(own)
    before = _attempts()

    response = signed_in_client(own.adviser).post(
        _url(referral), _form(timezone.now() - timedelta(hours=1), **change)
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert _attempts() == before


def test_only_the_advice_side_records_attempts(own: Tenant, other: Tenant) -> None:
    referral = referral_for(own)
    before = _attempts()

    assert (
        signed_in_client(own.referrer)
        .post(_url(referral), _form(timezone.now() - timedelta(hours=1)))
        .status_code
        == 403
    )
    assert (
        signed_in_client(other.adviser)
        .post(_url(referral), _form(timezone.now() - timedelta(hours=1)))
        .status_code
        == 404
    )
    with pytest.raises(ValidationError, match="Only the advice organisation"):
        _record(own, referral, "no_answer", membership=own.referrer)
    assert _attempts() == before


@pytest.mark.parametrize(
    "status",
    [ReferralStatus.IN_PROGRESS, ReferralStatus.REJECTED, ReferralStatus.CANCELLED],
)
def test_attempts_are_recorded_only_before_the_work_starts(own: Tenant, status: str) -> None:
    referral = referral_for(own, status=status)
    before = _attempts()

    with pytest.raises(ValidationError, match="only be done while the referral is requested"):
        _record(own, referral, "no_answer")
    response = signed_in_client(own.adviser).post(
        _url(referral), _form(timezone.now() - timedelta(hours=1))
    )

    assert response.status_code == 400
    assert "only be done while the referral is requested or accepted" in response.content.decode()
    assert _attempts() == before


def test_reaching_the_client_is_the_first_contact_and_the_earliest_counts(own: Tenant) -> None:
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)

    _record(own, referral, "no_answer", hours_ago=5)
    second = _record(own, referral, "reached", hours_ago=3)
    referral.refresh_from_db()
    assert referral.first_contact_at == second.attempted_at

    _record(own, referral, "reached", hours_ago=1)
    earlier = _record(own, referral, "reached", hours_ago=4)
    referral.refresh_from_db()
    assert referral.first_contact_at == earlier.attempted_at
    assert referral.status == ReferralStatus.ACCEPTED
    assert not referral.is_waiting_for_first_contact


def test_the_last_allowed_unsuccessful_attempt_closes_the_referral_and_tells_the_referrer(
    own: Tenant,
) -> None:
    referral = referral_for(own)
    _record(own, referral, "no_answer", hours_ago=30)
    _record(own, referral, "wrong_number", hours_ago=20)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED
    assert not Notification.objects.filter(recipient=own.referrer.user).exists()

    adviser = signed_in_client(own.adviser)
    page = adviser.get(detail_url(referral)).content.decode()
    assert (
        "This is attempt 3 of 3: if it is unsuccessful the referral will be closed as unable "
        "to contact." in page
    )
    response = adviser.post(
        _url(referral), _form(timezone.now() - timedelta(hours=1), result="left_message")
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.FAILED
    assert referral.status_reason == UNABLE
    event = referral.events.last()
    assert event is not None
    assert (event.from_status, event.to_status, event.reason, event.actor) == (
        ReferralStatus.REQUESTED,
        ReferralStatus.FAILED,
        UNABLE,
        own.adviser.user,
    )
    notice = Notification.objects.get(recipient=own.referrer.user)
    assert (notice.kind, notice.status, notice.reference) == (
        NotificationKind.REFERRAL_STATUS_CHANGED,
        ReferralStatus.FAILED,
        referral.reference,
    )
    assert "closed as unable to contact" in adviser.get(detail_url(referral)).content.decode()
    referrer_page = signed_in_client(own.referrer).get(detail_url(referral)).content.decode()
    assert "Failed" in referrer_page
    assert UNABLE in referrer_page


def test_each_service_sets_how_many_attempts_close_a_referral(own: Tenant) -> None:
    own.service.contact_attempts_limit = 1
    own.service.save()
    referral = referral_for(own, status=ReferralStatus.ACCEPTED)

    _record(own, referral, "no_answer")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.FAILED
    assert referral.status_reason == "We could not contact the client after 1 attempts."


def test_reaching_the_client_starts_the_count_again(own: Tenant) -> None:
    referral = referral_for(own)
    for hours_ago, result in [(50, "no_answer"), (40, "no_answer"), (30, "reached")]:
        _record(own, referral, result, hours_ago=hours_ago)
    _record(own, referral, "no_answer", hours_ago=20)
    _record(own, referral, "no_answer", hours_ago=10)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED
    assert "This is attempt 3 of 3" in (
        signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    )

    _record(own, referral, "other", hours_ago=1)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.FAILED


def test_the_count_follows_when_attempts_were_made_not_when_they_were_recorded() -> None:
    assert unsuccessful_since_reached([]) == 0
    assert unsuccessful_since_reached(["no_answer", "reached"]) == 0
    assert unsuccessful_since_reached(["reached", "no_answer", "left_message"]) == 2
    assert unsuccessful_since_reached(["no_answer", "reached", "other", "reached", "other"]) == 1


def test_the_referrer_sees_when_attempts_were_made_but_not_the_notes(own: Tenant) -> None:
    referral = referral_for(own)
    first = _record(own, referral, "no_answer", hours_ago=30, note="Sister answered the phone.")
    _record(own, referral, "reached", hours_ago=2, note="Lives with an abusive partner.")
    first_when = timezone.localtime(first.attempted_at, LONDON).strftime("%H:%M")

    referrer = signed_in_client(own.referrer).get(detail_url(referral)).content.decode()
    adviser = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()

    assert "The advice service has made 2 attempts to contact the client" in referrer
    assert first_when in referrer
    assert "The advice service first reached the client on" in referrer
    for private in ("Sister answered the phone.", "Lives with an abusive partner.", "No answer"):
        assert private not in referrer
        assert private in adviser


def test_the_detail_page_keeps_its_query_budget_with_attempts(own: Tenant) -> None:
    referral = referral_for(own)
    _record(own, referral, "no_answer")
    browsers = [signed_in_client(own.adviser), signed_in_client(own.referrer)]

    def queries() -> list[int]:
        counts = []
        for browser in browsers:
            with CaptureQueriesContext(connection) as captured:
                assert browser.get(detail_url(referral)).status_code == 200
            counts.append(len(captured))
        return counts

    queries()
    few = queries()
    for hours_ago in range(2, 12):
        ContactAttempt.objects.create(
            referral=referral,
            attempted_at=timezone.now() - timedelta(hours=hours_ago),
            channel="letter",
            result="other",
            recorded_by=own.adviser.user,
        )
    assert queries() == few


def test_a_reason_the_service_wrote_with_details_is_translated_with_them_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(presenters, "_", lambda text: f"[cy] {text}")

    assert (
        presenters.reason_text(UNABLE) == "[cy] We could not contact the client after 3 attempts."
    )
    assert (
        presenters.reason_text("Redirected to Debt clinic (Valley Advice).\nThey owe rent.")
        == "[cy] Redirected to Debt clinic (Valley Advice). They owe rent."
    )
    assert presenters.reason_text("We do not cover this postcode.\nSorry.") == (
        "We do not cover this postcode.\nSorry."
    )
    assert presenters.reason_text("") == ""
