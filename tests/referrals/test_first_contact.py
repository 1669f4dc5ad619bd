"""The service level for first contact: counted in England-and-Wales working days from the day a
referral arrived in London, set per service and urgency, shown in the inbox and on the referral,
filtered on in SQL, and at a cost that does not grow with the inbox."""

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import holidays
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from healthjustice.core.working_days import is_working_day
from healthjustice.referrals import selectors, views
from healthjustice.referrals.first_contact import (
    LONDON,
    ContactDue,
    ContactState,
    contact_due,
    earliest_within_target,
    received_on,
    target_days,
)
from healthjustice.referrals.models import ContactAttempt, Referral, ReferralStatus, Urgency
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import PathwayFactory, ServiceFactory
from tests.referrals.factories import referral_for
from tests.referrals.helpers import detail_url

INBOX = reverse("referrals:inbox")
CHRISTMAS_EVE = date(2026, 12, 24)
BUDGET = 20


def test_the_christmas_bank_holidays_of_2026_are_what_the_dates_below_assume() -> None:
    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])

    assert CHRISTMAS_EVE.strftime("%A") == "Thursday"
    assert {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)} <= set(bank_holidays)
    assert date(2026, 12, 24) not in bank_holidays
    assert not is_working_day(date(2026, 12, 28))


@pytest.mark.parametrize(
    ("days", "due"),
    [
        # Friday 25 (Christmas Day), the weekend and Monday 28 (Boxing Day, observed) do not count.
        (2, date(2026, 12, 30)),
        (3, date(2026, 12, 31)),
        # Friday 1 January 2027 is New Year's Day.
        (5, date(2027, 1, 5)),
    ],
)
def test_the_due_date_skips_weekends_and_bank_holidays(days: int, due: date) -> None:
    assert contact_due(received=CHRISTMAS_EVE, days=days, today=CHRISTMAS_EVE).due == due


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 24), ContactDue(date(2026, 12, 30), ContactState.WITHIN_TARGET)),
        (date(2026, 12, 29), ContactDue(date(2026, 12, 30), ContactState.WITHIN_TARGET)),
        (date(2026, 12, 30), ContactDue(date(2026, 12, 30), ContactState.DUE_TODAY)),
        (date(2026, 12, 31), ContactDue(date(2026, 12, 30), ContactState.OVERDUE, 1)),
        # New Year's Day and the weekend: still one working day late until Monday's work is done.
        (date(2027, 1, 1), ContactDue(date(2026, 12, 30), ContactState.OVERDUE, 1)),
        (date(2027, 1, 3), ContactDue(date(2026, 12, 30), ContactState.OVERDUE, 1)),
        (date(2027, 1, 4), ContactDue(date(2026, 12, 30), ContactState.OVERDUE, 2)),
    ],
)
def test_an_urgent_referral_from_christmas_eve_is_within_target_due_then_overdue(
    today: date, expected: ContactDue
) -> None:
    assert contact_due(received=CHRISTMAS_EVE, days=2, today=today) == expected


def test_the_day_of_arrival_is_the_day_in_london_not_on_the_servers_clock() -> None:
    # 23:30 UTC on Thursday 4 June 2026 is 00:30 on Friday 5 June in British Summer Time.
    arrived = datetime.fromisoformat("2026-06-04T23:30:00+00:00")

    assert received_on(arrived) == date(2026, 6, 5)
    assert contact_due(received=received_on(arrived), days=2, today=date(2026, 6, 5)).due == date(
        2026, 6, 9
    )


def test_the_overdue_cut_off_agrees_with_the_due_date_for_every_arrival_day() -> None:
    """The inbox filters in SQL by arrival before a cut-off: it must pick exactly the referrals
    the indicator calls overdue."""
    for today in (date(2026, 12, 20) + timedelta(days=n) for n in range(25)):
        for days in range(1, 8):
            cut_off = earliest_within_target(days=days, today=today)
            for received in (today - timedelta(days=n) for n in range(20)):
                overdue = contact_due(received=received, days=days, today=today).state
                assert (received < cut_off) == (overdue == ContactState.OVERDUE), (
                    today,
                    days,
                    received,
                )


def test_each_service_sets_its_own_targets_by_urgency(own: Tenant) -> None:
    quick = ServiceFactory(
        organisation=own.advice, urgent_contact_days=1, soon_contact_days=2, routine_contact_days=4
    )

    assert [target_days(own.service, urgency) for urgency in Urgency.values] == [2, 3, 5]
    assert [target_days(quick, urgency) for urgency in Urgency.values] == [1, 2, 4]


# In the inbox and on the referral -----------------------------------------------------------


def _on(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    for module in (views, selectors):
        monkeypatch.setattr(module, "london_today", lambda: today)


def _arrived(referral: Referral, when: str) -> Referral:
    moment = datetime.fromisoformat(when).replace(tzinfo=LONDON)
    Referral.objects.filter(pk=referral.pk).update(created_at=moment)
    referral.refresh_from_db()
    return referral


def _row(content: str, referral: Referral) -> str:
    rows = [row for row in content.split("<tr") if f">{referral.reference}</a>" in row]
    assert len(rows) == 1, referral.reference
    return " ".join(re.sub(r"<[^>]+>", " ", rows[0]).split())


def _references(client: Client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return set(re.findall(r">(HJP-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", response.content.decode()))


@pytest.fixture
def inbox(own: Tenant, monkeypatch: pytest.MonkeyPatch) -> dict[str, Referral]:
    """Wednesday 30 December 2026 in the inbox, with one referral in each state."""
    _on(monkeypatch, date(2026, 12, 30))
    quick = ServiceFactory(organisation=own.advice, name="Crisis line", urgent_contact_days=1)
    slow = ServiceFactory(organisation=own.advice, name="Outreach", urgent_contact_days=5)
    quick_pathway = PathwayFactory(
        partnership=own.partnership, from_team=own.health_team, to_service=quick
    )
    slow_pathway = PathwayFactory(
        partnership=own.partnership, from_team=own.health_team, to_service=slow
    )
    urgent = Urgency.URGENT
    return {
        "due_today": _arrived(referral_for(own, urgency=urgent), "2026-12-24T10:00"),
        "overdue": _arrived(referral_for(own, urgency=urgent), "2026-12-22T16:00"),
        "within": _arrived(referral_for(own, urgency=Urgency.ROUTINE), "2026-12-24T09:00"),
        "reached": _arrived(
            referral_for(
                own,
                urgency=urgent,
                status=ReferralStatus.ACCEPTED,
                first_contact_at=datetime(2026, 12, 23, 11, 0, tzinfo=LONDON),
            ),
            "2026-12-22T09:00",
        ),
        "started": _arrived(
            referral_for(own, urgency=urgent, status=ReferralStatus.IN_PROGRESS),
            "2026-12-01T09:00",
        ),
        "quick_overdue": _arrived(
            referral_for(own, urgency=urgent, service=quick, pathway=quick_pathway),
            "2026-12-24T09:00",
        ),
        "slow_within": _arrived(
            referral_for(own, urgency=urgent, service=slow, pathway=slow_pathway),
            "2026-12-24T09:00",
        ),
    }


@pytest.mark.django_db
def test_the_inbox_shows_each_referrals_service_level_in_words(
    own: Tenant, inbox: dict[str, Referral]
) -> None:
    content = signed_in_client(own.adviser).get(INBOX).content.decode()

    assert "nhsuk-tag--yellow" in content
    assert "Due today" in _row(content, inbox["due_today"])
    assert "Overdue by 2 working days" in _row(content, inbox["overdue"])
    assert "Within target (due 5 January 2027)" in _row(content, inbox["within"])
    assert "Reached 23 December 2026" in _row(content, inbox["reached"])
    for name in ("reached", "started"):
        row = _row(content, inbox[name])
        assert "Overdue" not in row
        assert "Within target" not in row
    # Each service's own targets: one working day (Tuesday 29) is past, five are not.
    assert "Overdue by 1 working day" in _row(content, inbox["quick_overdue"])
    assert "Within target (due 5 January 2027)" in _row(content, inbox["slow_within"])


@pytest.mark.django_db
def test_the_inbox_filters_waiting_and_overdue_referrals_most_urgent_first(
    own: Tenant, inbox: dict[str, Referral]
) -> None:
    adviser = signed_in_client(own.adviser)
    waiting = {
        inbox[name].reference
        for name in ("due_today", "overdue", "within", "quick_overdue", "slow_within")
    }

    assert _references(adviser, f"{INBOX}?contact=waiting") == waiting
    assert _references(adviser, f"{INBOX}?contact=overdue") == {
        inbox["overdue"].reference,
        inbox["quick_overdue"].reference,
    }
    page = adviser.get(f"{INBOX}?contact=waiting").content.decode()
    listed = re.findall(r">(HJP-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", page)
    assert listed[-1] == inbox["within"].reference, "routine comes after urgent"
    assert listed.index(inbox["overdue"].reference) < listed.index(inbox["due_today"].reference)


@pytest.mark.django_db
def test_the_referring_side_has_no_first_contact_filter(own: Tenant) -> None:
    response = signed_in_client(own.referrer).get(reverse("referrals:my_referrals"))

    assert 'name="contact"' not in response.content.decode()
    assert 'name="contact"' in signed_in_client(own.adviser).get(INBOX).content.decode()


@pytest.mark.django_db
def test_the_referral_shows_the_advice_side_its_service_level(
    own: Tenant, inbox: dict[str, Referral]
) -> None:
    referral = inbox["overdue"]

    adviser = signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    referrer = signed_in_client(own.referrer).get(detail_url(referral)).content.decode()

    assert "Overdue by 2 working days" in adviser
    assert "nhsuk-tag--red" in adviser
    assert "Overdue by" not in referrer


# Query budget -----------------------------------------------------------------------------------


def _assert_flat(client: Client, url: str, grow: Callable[[int], Any]) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    grow(3)
    client.get(url)
    few = queries()
    grow(27)
    many = queries()
    assert many == few, f"{url}: {few} queries with 3 rows, {many} with 30"
    assert many <= BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?contact=waiting", "?contact=overdue", "?sort=newest", "?sort=oldest"]
)
def test_the_inbox_keeps_its_query_budget_with_service_levels_and_attempts(
    own: Tenant, query: str
) -> None:
    second = ServiceFactory(organisation=own.advice, urgent_contact_days=1)
    second_pathway = PathwayFactory(
        partnership=own.partnership, from_team=own.health_team, to_service=second
    )

    def grow(count: int) -> None:
        for index in range(count):
            on_second = {"service": second, "pathway": second_pathway} if index % 2 else {}
            referral = referral_for(
                own,
                urgency=[Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE][index % 3],
                days_ago=10 + index % 12,
                **on_second,
            )
            for _ in range(index % 3):
                ContactAttempt.objects.create(
                    referral=referral, channel="phone", result="no_answer"
                )

    _assert_flat(signed_in_client(own.adviser), f"{INBOX}{query}", grow)
