"""The collaboration analytics, checked against counts made by hand on a small fixture dataset.

The dataset is in March 2025 (with a few rows either side) in the Riverside partnership: three
health teams, every kind of event, and events that must not count. Each expected number is worked
out in a comment beside it.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from healthjustice.collaboration.engagement import (
    AIM_MEANINGS,
    Aim,
    EngagementLevel,
    aim_meanings,
    engagement_level,
)
from healthjustice.collaboration.models import (
    ConsultationStatus,
    EngagementThresholds,
    EvidenceStatus,
    ExchangeKind,
)
from healthjustice.collaboration.selectors.analytics import (
    TeamMonth,
    health_teams_of,
    months_ending,
    overdue_evidence_requests,
    quiet_teams,
    team_months,
    unanswered_consultations,
    unanswered_since,
)
from healthjustice.collaboration.services.analytics import engagement_thresholds_set
from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.core.working_days import working_days_between
from healthjustice.organisations.models import Membership, Organisation, Role, Team
from tests.collaboration.analytics_factories import (
    at,
    consultation,
    evidence_request,
    exchange,
    learning,
    message,
    rating,
    referral,
    referred_case,
    screening,
    shared_update,
    utc,
)
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipMemberFactory,
    TeamFactory,
)
from tests.query_budgets import queries

pytestmark = pytest.mark.django_db

FEB, MARCH, APRIL = date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)


def march(day: int, hour: int = 12) -> datetime:
    return at(date(2025, 3, day), hour)


@dataclass
class World:
    own: Tenant
    # Riverside GP team (the tenant's), Riverside nurses (same practice), Hillside GP team (another
    # practice of the partnership).
    gp: Team
    nurses: Team
    hillside: Team
    hillside_organisation: Organisation
    nurse: Membership
    hillside_gp: Membership


@pytest.fixture
def world(own: Tenant, other: Tenant) -> World:
    gp = own.health_team
    nurses = TeamFactory(organisation=own.health, name="Riverside nurses")
    hillside_organisation = OrganisationFactory(name="Hillside Surgery", health=True)
    PartnershipMemberFactory(partnership=own.partnership, organisation=hillside_organisation)
    hillside = TeamFactory(organisation=hillside_organisation, name="Hillside GP team")
    law_centre = OrganisationFactory(name="Riverside Law Centre", advice=True)
    PartnershipMemberFactory(partnership=own.partnership, organisation=law_centre)
    nurse = MembershipFactory(organisation=own.health, team=nurses)
    hillside_gp = MembershipFactory(organisation=hillside_organisation, team=hillside)
    partnership, health, advice = own.partnership, own.health, own.advice
    referrer = own.referrer.user

    # --- Riverside GP team ------------------------------------------------------------------
    # Needs identified: 4 screenings in March, 3 of them found a need.
    for day in (3, 10, 17):
        screening(gp, march(day))
    screening(gp, march(18), needs=[])
    # Referrals made: 2 in March.
    first = referral(own, gp, march(4))
    second = referral(own, gp, march(11))
    # Not counted: entered in error, the copy made by a redirection, a self-referral, and a
    # referral in another partnership.
    referral(own, gp, march(12), status="entered-in-error")
    referral(own, gp, march(13), redirected_from=first)
    referral(own, gp, march(14), source="self")
    elsewhere = referral(own, gp, march(15), partnership=other.partnership)
    # Information exchanged: 3 in March, 1 in February.
    for day in (4, 5, 6):
        exchange(partnership, gp, march(day), sender=health, recipient=advice)
    exchange(partnership, gp, at(date(2025, 2, 20)), sender=advice, recipient=health)
    # Not counted: sent on from one advice organisation to another, and another partnership's.
    exchange(partnership, gp, march(7), sender=advice, recipient=law_centre)
    exchange(other.partnership, gp, march(8), sender=health, recipient=other.advice)
    # Consultations: 6 in March (C1 to C6), 1 in February (C4).
    common: dict[str, Any] = {"started_by": referrer}
    # C1: the team asked; the adviser answered 4 hours later; a nurse joined in (nurses: 1).
    c1 = consultation(
        partnership, march(3, 9), sender=health, recipient=advice, from_team=gp,
        first_response=march(3, 13), **common,
    )  # fmt: skip
    message(c1, nurse.user, health, march(4, 9))
    # C2: the adviser asked the team; the GP answered 10 hours later (counted once, not twice).
    c2 = consultation(
        partnership, march(10, 9), sender=advice, recipient=health, to_team=gp,
        first_response=march(10, 19), **common,
    )  # fmt: skip
    message(c2, referrer, health, march(10, 19))
    # C3: sent to the practice as a whole; the GP answered, so it counts for the team. Its
    # response time is not the team's: the team neither started it nor was named.
    c3 = consultation(
        partnership, march(19, 9), sender=advice, recipient=health,
        first_response=march(19, 10), **common,
    )  # fmt: skip
    message(c3, referrer, health, march(19, 10))
    message(c3, own.adviser.user, advice, march(19, 11))
    # C4: started in February (answered after 24 hours), the team wrote again in March.
    c4 = consultation(
        partnership, at(date(2025, 2, 25), 9), sender=health, recipient=advice, from_team=gp,
        first_response=at(date(2025, 2, 26), 9), **common,
    )  # fmt: skip
    message(c4, referrer, health, march(2, 9))
    # C5: answered after 30 hours; C6: not answered.
    consultation(
        partnership, march(15, 9), sender=health, recipient=advice, from_team=gp,
        first_response=march(16, 15), **common,
    )  # fmt: skip
    consultation(partnership, march(20, 9), sender=health, recipient=advice, from_team=gp, **common)
    # Not counted: another partnership's.
    consultation(
        other.partnership, march(5), sender=health, recipient=other.advice, from_team=gp, **common
    )
    # Joint contributions: 2 provided in March (after 10 and 5 days), 1 in February (5 days).
    evidence_request(own, team=gp, requested=march(2), provided=march(12))
    evidence_request(own, clinician=referrer, requested=march(15), provided=march(20))
    evidence_request(own, team=gp, requested=at(date(2025, 1, 30)), provided=at(date(2025, 2, 4)))
    # Not counted: not provided; provided to an advice organisation outside the partnership.
    evidence_request(own, team=gp, requested=march(5))
    evidence_request(other, team=gp, health_organisation=health, requested=march(1),
                     provided=march(10))  # fmt: skip
    # Feedback: a rating, a referral found not appropriate, and outcome feedback: 3 in March.
    rating(first, referrer, march(5))
    learning(second, own.adviser.user, march(6))
    case = referred_case(own)
    shared_update(case, march(7))
    # Not counted: a progress update, and a rating in another partnership.
    shared_update(case, march(8), closing=False)
    rating(elsewhere, referrer, march(9))

    # --- Riverside nurses -------------------------------------------------------------------
    # A screening at 00:30 on 1 March (GMT): March. One at 23:30 UTC on 31 March is 00:30 on
    # 1 April in British Summer Time: April. One at 23:30 on 28 February (GMT): February.
    screening(nurses, utc(2025, 3, 1, 0, 30))
    screening(nurses, utc(2025, 3, 31, 23, 30))
    screening(nurses, utc(2025, 2, 28, 23, 30))
    referral(own, nurses, march(21))
    exchange(partnership, nurses, march(21), sender=advice, recipient=health,
             kind=ExchangeKind.PROGRESS_UPDATE)  # fmt: skip

    # --- Hillside GP team -------------------------------------------------------------------
    # Evidence provided by one of its clinicians (no team named), after 3 days.
    evidence_request(
        own,
        clinician=hillside_gp.user,
        health_organisation=hillside_organisation,
        requested=march(1),
        provided=march(4),
    )

    # --- Another partnership's team, which must not appear --------------------------------------
    screening(other.health_team, march(3))
    referral(other, other.health_team, march(3))
    return World(own, gp, nurses, hillside, hillside_organisation, nurse, hillside_gp)


def _grid(world: World, thresholds: EngagementThresholds | None = None) -> dict[Any, TeamMonth]:
    partnership = world.own.partnership
    return team_months(
        partnership=partnership,
        teams=list(health_teams_of(partnership)),
        months=[FEB, MARCH, APRIL],
        thresholds=thresholds or EngagementThresholds(partnership=partnership),
    )


def _counts(cell: TeamMonth) -> dict[str, Any]:
    return {
        "screenings": cell.screenings,
        "with_need": cell.screenings_with_need,
        "referrals": cell.referrals,
        "rate": cell.referral_rate,
        "exchanges": cell.exchanges,
        "consultations": cell.consultations,
        "response_hours": cell.consultation_response_hours,
        "evidence": cell.evidence_provided,
        "evidence_days": cell.evidence_days,
        "ratings": cell.ratings_given,
        "learning": cell.learning_received,
        "outcome_feedback": cell.outcome_feedback_received,
        "feedback": cell.feedback,
        "active": cell.active_activities,
        "level": cell.level,
    }


def test_the_teams_are_every_team_of_the_partnerships_health_organisations(world: World) -> None:
    # Ordered by organisation, then name; the advice organisations' teams and the other
    # partnership's team are not among them.
    assert list(health_teams_of(world.own.partnership)) == [
        world.hillside,
        world.gp,
        world.nurses,
    ]


def test_the_gp_teams_march_matches_the_hand_count(world: World) -> None:
    assert _counts(_grid(world)[world.gp.pk, MARCH]) == {
        "screenings": 4,  # 3, 10, 17 and 18 March
        "with_need": 3,  # the one on 18 March found none
        "referrals": 2,  # 4 and 11 March; not the error, the copy, the self-referral, elsewhere
        "rate": Decimal("0.67"),  # 2 referrals / 3 screenings that found a need
        "exchanges": 3,  # 4, 5, 6 March; not advice to advice, not another partnership's
        "consultations": 6,  # C1 C2 C3 C4 C5 C6, each once
        "response_hours": Decimal("10.0"),  # median of C1 4h, C2 10h, C5 30h
        "evidence": 2,  # provided 12 and 20 March
        "evidence_days": Decimal("7.5"),  # median of 10 and 5 days
        "ratings": 1,
        "learning": 1,
        "outcome_feedback": 1,  # the progress update is not feedback
        "feedback": 3,  # 1 + 1 + 1
        "active": 6,  # all six activities
        "level": EngagementLevel.HIGH,  # 6 ≥ 5
    }


def test_the_gp_teams_february_matches_the_hand_count(world: World) -> None:
    assert _counts(_grid(world)[world.gp.pk, FEB]) == {
        "screenings": 0,
        "with_need": 0,
        "referrals": 0,
        "rate": None,  # no screening found a need
        "exchanges": 1,  # 20 February
        "consultations": 1,  # C4, started 25 February
        "response_hours": Decimal("24.0"),  # C4 only
        "evidence": 1,  # provided 4 February
        "evidence_days": Decimal("5.0"),  # 30 January to 4 February
        "ratings": 0,
        "learning": 0,
        "outcome_feedback": 0,
        "feedback": 0,
        "active": 3,  # exchanges, consultations, evidence
        "level": EngagementLevel.MEDIUM,  # 3 ≤ 3 < 5
    }


def test_the_nurses_month_is_counted_in_the_services_time_zone(world: World) -> None:
    grid = _grid(world)
    assert _counts(grid[world.nurses.pk, MARCH]) == {
        "screenings": 1,  # 00:30 on 1 March; not the one at 00:30 BST on 1 April
        "with_need": 1,
        "referrals": 1,
        "rate": Decimal("1.00"),  # 1 / 1
        "exchanges": 1,  # the progress update they received
        "consultations": 1,  # the nurse wrote in C1
        "response_hours": None,  # they started none and were sent none
        "evidence": 0,
        "evidence_days": None,
        "ratings": 0,
        "learning": 0,
        "outcome_feedback": 0,
        "feedback": 0,
        "active": 4,  # needs, referrals, exchanges, consultations
        "level": EngagementLevel.MEDIUM,  # 3 ≤ 4 < 5
    }
    assert grid[world.nurses.pk, APRIL].screenings == 1
    assert grid[world.nurses.pk, FEB].screenings == 1  # 23:30 GMT on 28 February


def test_evidence_from_a_clinician_counts_for_their_team(world: World) -> None:
    cell = _grid(world)[world.hillside.pk, MARCH]
    assert (cell.evidence_provided, cell.evidence_days) == (1, Decimal("3.0"))
    assert (cell.active_activities, cell.level) == (1, EngagementLevel.LOW)  # 1 < 3


def test_other_partnerships_teams_are_not_in_the_grid(world: World, other: Tenant) -> None:
    assert {team_id for team_id, _month in _grid(world)} == {
        world.gp.pk,
        world.nurses.pk,
        world.hillside.pk,
    }


@pytest.mark.parametrize(
    ("medium_from", "high_from", "gp", "nurses", "hillside"),
    [
        # GP team: 6 activities; nurses: 4; Hillside: 1.
        (3, 5, "high", "medium", "low"),
        (5, 6, "high", "low", "low"),
        (2, 4, "high", "high", "low"),
        (1, 2, "high", "high", "medium"),
        (4, 6, "high", "medium", "low"),
    ],
)
def test_the_thresholds_move_the_levels(
    world: World, medium_from: int, high_from: int, gp: str, nurses: str, hillside: str
) -> None:
    thresholds = EngagementThresholds(
        partnership=world.own.partnership, medium_from=medium_from, high_from=high_from
    )
    grid = _grid(world, thresholds)
    assert [grid[team.pk, MARCH].level for team in (world.gp, world.nurses, world.hillside)] == [
        gp,
        nurses,
        hillside,
    ]


def test_engagement_level_is_the_count_of_activities_against_the_thresholds() -> None:
    levels = [engagement_level(count, medium_from=3, high_from=5) for count in range(7)]
    assert levels == ["low", "low", "low", "medium", "medium", "high", "high"]


def test_each_aim_has_a_meaning_for_each_level() -> None:
    assert set(AIM_MEANINGS) == set(Aim.values)
    for meanings in AIM_MEANINGS.values():
        assert set(meanings) == set(EngagementLevel.values)
    assert next(str(meaning) for _aim, meaning in aim_meanings(EngagementLevel.LOW)) == (
        "Patients find the service themselves (posters, asking)."
    )
    assert str(AIM_MEANINGS[Aim.QUALITY_ADVICE][EngagementLevel.HIGH]) == (
        "Advisers obtain medical evidence easily, improving claim success."
    )
    assert str(AIM_MEANINGS[Aim.SEAMLESS_SUPPORT][EngagementLevel.MEDIUM]).startswith(
        "Between the two:"
    )


def test_the_counts_take_the_same_queries_however_many_rows(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _grid(world)
        return len(captured)

    few = queries()
    for day in range(1, 20):
        screening(world.gp, march(day))
        referral(world.own, world.nurses, march(day))
    assert queries() == few


def test_months_ending_counts_back_across_a_year() -> None:
    assert months_ending(date(2025, 2, 17), 3) == [date(2024, 12, 1), date(2025, 1, 1), FEB]
    assert len(months_ending(MARCH, 12)) == 12


# Prompts ----------------------------------------------------------------------------------------


def test_a_team_quiet_for_30_days_is_prompted(world: World, other: Tenant) -> None:
    now = timezone.now()
    own = world.own
    referral(own, world.gp, now - timedelta(days=10))
    nurses_last = now - timedelta(days=31)
    referral(own, world.nurses, nurses_last)
    # A more recent referral by the nurses in another partnership does not help here.
    referral(own, world.nurses, now - timedelta(days=2), partnership=(own.partnership.pk and None)
             or world.own.partnership, source="self")  # fmt: skip

    quiet = {team.name: team.last_referral_at for team in quiet_teams(own.partnership, now=now)}

    # GP team referred 10 days ago (not quiet); the nurses 31 days ago; Hillside never (the
    # March 2025 referrals of the fixture are long past as well).
    assert quiet == {"Riverside nurses": nurses_last, "Hillside GP team": None}


def test_overdue_evidence_requests_are_prompted(own: Tenant, other: Tenant) -> None:
    today = timezone.localdate()
    now = timezone.now()
    late = evidence_request(own, requested=now - timedelta(days=20),
                            due_date=today - timedelta(days=1))  # fmt: skip
    later = evidence_request(
        own,
        requested=now - timedelta(days=20),
        due_date=today - timedelta(days=6),
        status=EvidenceStatus.ACCEPTED,
    )
    # Not overdue: due today; provided; declined; another partnership's.
    evidence_request(own, requested=now - timedelta(days=20), due_date=today)
    evidence_request(own, requested=now - timedelta(days=20), provided=now,
                     due_date=today - timedelta(days=3))  # fmt: skip
    evidence_request(own, requested=now - timedelta(days=20), status=EvidenceStatus.DECLINED,
                     due_date=today - timedelta(days=3))  # fmt: skip
    evidence_request(other, requested=now - timedelta(days=20),
                     due_date=today - timedelta(days=3))  # fmt: skip

    assert list(overdue_evidence_requests(own.partnership, today=today)) == [later, late]


def test_five_working_days_are_counted_without_weekends_and_bank_holidays() -> None:
    # Monday 15 June 2026: five working days back from it start after Monday 8 June.
    assert unanswered_since(date(2026, 6, 15)) == date(2026, 6, 8)
    # Tuesday 26 May 2026, after the spring bank holiday on Monday 25 May.
    assert unanswered_since(date(2026, 5, 26)) == date(2026, 5, 18)
    assert working_days_between(date(2026, 5, 18), date(2026, 5, 26)) == 5
    assert working_days_between(date(2026, 5, 19), date(2026, 5, 26)) == 4


def test_consultations_unanswered_after_five_working_days_are_prompted(own: Tenant) -> None:
    today = date(2026, 6, 15)
    common: dict[str, Any] = {
        "sender": own.health,
        "recipient": own.advice,
        "from_team": own.health_team,
        "started_by": own.referrer.user,
    }
    waiting = consultation(own.partnership, at(date(2026, 6, 8), 17), **common)
    # Not prompted: four working days only; answered; closed.
    consultation(own.partnership, at(date(2026, 6, 9), 9), **common)
    consultation(
        own.partnership,
        at(date(2026, 6, 1), 9),
        first_response=at(date(2026, 6, 12), 9),
        **common,
    )
    consultation(
        own.partnership, at(date(2026, 6, 1), 9), status=ConsultationStatus.CLOSED, **common
    )

    assert list(unanswered_consultations(own.partnership, today=today)) == [waiting]


# Thresholds -------------------------------------------------------------------------------------


def _request(membership: Membership) -> Any:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership
    return request


def test_the_coordinator_sets_the_thresholds_and_it_is_audited(own: Tenant) -> None:
    thresholds = engagement_thresholds_set(
        request=_request(own.coordinator),
        membership=own.coordinator,
        partnership=own.partnership,
        medium_from=2,
        high_from=4,
    )

    assert (thresholds.medium_from, thresholds.high_from) == (2, 4)
    assert thresholds.updated_by == own.coordinator.user
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type="collaboration.engagementthresholds"
    )
    assert event.detail["fields"] == ["high_from", "medium_from"]


@pytest.mark.parametrize(
    ("medium_from", "high_from", "field", "error"),
    [
        (0, 5, "medium_from", "from 1 to 5 for medium"),
        (6, 6, "medium_from", "from 1 to 5 for medium"),
        (3, 7, "high_from", "from 2 to 6 for high"),
        (3, 3, "high_from", "more activities than medium"),
        (4, 2, "high_from", "more activities than medium"),
        (None, 5, "medium_from", "from 1 to 5 for medium"),
    ],
)
def test_thresholds_out_of_order_or_range_are_refused(
    own: Tenant, medium_from: int | None, high_from: int | None, field: str, error: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        engagement_thresholds_set(
            request=_request(own.coordinator),
            membership=own.coordinator,
            partnership=own.partnership,
            medium_from=medium_from,
            high_from=high_from,
        )
    assert error in " ".join(refused.value.message_dict[field])
    assert not EngagementThresholds.objects.exists()


def test_only_the_coordinating_organisation_changes_the_thresholds(own: Tenant) -> None:
    health_coordinator = MembershipFactory(organisation=own.health, roles=[Role.COORDINATOR])
    with pytest.raises(ValidationError, match="Only the coordinators of Riverside Advice"):
        engagement_thresholds_set(
            request=_request(health_coordinator),
            membership=health_coordinator,
            partnership=own.partnership,
            medium_from=2,
            high_from=4,
        )
    assert not EngagementThresholds.objects.exists()


# Pages ------------------------------------------------------------------------------------------

OVERVIEW = reverse("collaboration:analytics_overview")


def _text(response: Any) -> str:
    """The page's words, without markup, as a reader gets them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _this_month(day: int = 1, hour: int = 9) -> datetime:
    """A moment in the current month (before or after now: the month is what counts)."""
    return at(timezone.localdate().replace(day=day), hour)


def _thresholds_url(tenant: Tenant) -> str:
    return reverse(
        "collaboration:analytics_thresholds",
        kwargs={"partnership_id": tenant.partnership.public_id},
    )


def _team_url(tenant: Tenant, team: Team) -> str:
    return reverse(
        "collaboration:analytics_team",
        kwargs={"partnership_id": tenant.partnership.public_id, "team_id": team.public_id},
    )


def test_the_overview_shows_each_team_its_level_and_the_prompts(own: Tenant) -> None:
    now = timezone.now()
    screening(own.health_team, now)
    referral(own, own.health_team, now)
    exchange(own.partnership, own.health_team, now, sender=own.health, recipient=own.advice)
    nurses = TeamFactory(organisation=own.health, name="Riverside nurses")

    page = _text(signed_in_client(own.coordinator).get(OVERVIEW))

    assert "Riverside partnership" in page
    # The GP team: 3 activities (medium); the nurses: none (low).
    assert "High engagement: 0. Medium: 1. Low: 1." in page
    assert "3 of 6" in page
    assert "0 of 6" in page
    assert "1 per screening with a need" not in page  # the rate is 1.00
    assert "1.00 per screening with a need" in page
    # The nurses have never referred.
    assert "1 team with no referrals in the last 30 days" in page
    assert f"{nurses.name} ({own.health.name}): no referrals yet" in page
    assert "Medium: 3 to 4 activities." in page
    assert str(AIM_MEANINGS[Aim.TIMELY_ACCESS][EngagementLevel.HIGH]) in page


def test_with_nothing_to_act_on_the_overview_says_so(own: Tenant) -> None:
    referral(own, own.health_team, timezone.now())

    page = _text(signed_in_client(own.coordinator).get(OVERVIEW))

    assert "Nothing today: every team referred in the last 30 days" in page
    assert "with no referrals in the last" not in page


def test_the_overview_shows_a_chosen_month(own: Tenant) -> None:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    screening(own.health_team, at(last_month.replace(day=10)))

    client = signed_in_client(own.coordinator)
    chosen = _text(client.get(OVERVIEW, {"month": last_month.strftime("%Y-%m")}))
    current = _text(client.get(OVERVIEW))

    assert "1 of 6" in chosen
    assert "1 of 6" not in current


def test_a_bad_filter_is_refused_with_an_error(own: Tenant, other: Tenant) -> None:
    response = signed_in_client(own.coordinator).get(
        OVERVIEW, {"partnership": str(other.partnership.public_id), "month": "1999-01"}
    )

    assert response.status_code == 400
    assert "There is a problem" in _text(response)
    # The coordinator's own partnership is shown instead; nothing of the other.
    assert "Valley" not in _text(response)


def test_a_coordinator_without_a_partnership_is_told(db: None) -> None:
    lonely = MembershipFactory(
        organisation=OrganisationFactory(advice=True), roles=[Role.COORDINATOR]
    )
    page = _text(signed_in_client(lonely).get(OVERVIEW))
    assert "does not take part in a partnership yet" in page


def test_the_team_page_shows_twelve_months_and_what_the_level_means(own: Tenant) -> None:
    screening(own.health_team, _this_month())
    referral(own, own.health_team, _this_month())
    exchange(own.partnership, own.health_team, _this_month(), sender=own.health,
             recipient=own.advice)  # fmt: skip

    page = _text(signed_in_client(own.coordinator).get(_team_url(own, own.health_team)))

    assert "Riverside GP team" in page
    assert "took part in 3 of the 6 collaboration activities" in page
    for aim in Aim.values:
        assert str(AIM_MEANINGS[aim][EngagementLevel.MEDIUM]) in page
    assert page.count("0 of 6") == 11  # the eleven months before this one


def test_a_team_outside_the_partnership_is_not_found(own: Tenant, other: Tenant) -> None:
    response = signed_in_client(own.coordinator).get(_team_url(own, other.health_team))
    assert response.status_code == 404


def test_the_thresholds_form_saves_and_the_levels_move(own: Tenant) -> None:
    screening(own.health_team, _this_month())
    referral(own, own.health_team, _this_month())
    client = signed_in_client(own.coordinator)
    # 2 activities: low with the defaults.
    assert "High engagement: 0. Medium: 0. Low: 1." in _text(client.get(OVERVIEW))

    response = client.post(_thresholds_url(own), {"medium_from": "1", "high_from": "2"})

    assert response.status_code == 302
    assert "High engagement: 1. Medium: 0. Low: 0." in _text(client.get(OVERVIEW))
    assert "High: 2 activities or more." in _text(client.get(_thresholds_url(own)))


def test_bad_thresholds_are_refused_and_nothing_changes(own: Tenant) -> None:
    client = signed_in_client(own.coordinator)

    response = client.post(_thresholds_url(own), {"medium_from": "4", "high_from": "4"})
    assert response.status_code == 400
    assert "High engagement must need more activities than medium engagement." in _text(response)

    response = client.post(_thresholds_url(own), {"medium_from": "three", "high_from": "5"})
    assert response.status_code == 400
    assert "Enter a whole number of activities, like 3." in _text(response)
    assert not EngagementThresholds.objects.exists()


def test_a_coordinator_of_another_member_reads_the_thresholds_only(own: Tenant) -> None:
    health_coordinator = MembershipFactory(organisation=own.health, roles=[Role.COORDINATOR])
    client = signed_in_client(health_coordinator)

    page = _text(client.get(_thresholds_url(own)))
    assert "Only the coordinators of Riverside Advice" in page
    assert "Save thresholds" not in page

    response = client.post(_thresholds_url(own), {"medium_from": "1", "high_from": "2"})
    assert response.status_code == 400
    assert not EngagementThresholds.objects.exists()


# Query budgets ----------------------------------------------------------------------------------

# A dozen grouped counts and three prompts, besides what every signed-in page costs: what matters
# is that the number does not grow with the data.
BUDGET = 35


def _grow(own: Tenant, count: int) -> None:
    """`count` more teams, each with every kind of event this month and every kind of prompt."""
    today = timezone.localdate()
    for _ in range(count):
        team = TeamFactory(organisation=own.health)
        member = MembershipFactory(organisation=own.health, team=team)
        screening(team, _this_month())
        made = referral(own, team, _this_month())
        exchange(own.partnership, team, _this_month(), sender=own.health, recipient=own.advice)
        asked = consultation(
            own.partnership,
            _this_month(),
            sender=own.health,
            recipient=own.advice,
            from_team=team,
            started_by=member.user,
            first_response=_this_month(hour=11),
        )
        message(asked, member.user, own.health, _this_month(hour=10))
        consultation(
            own.partnership,
            timezone.now() - timedelta(days=30),
            sender=own.advice,
            recipient=own.health,
            to_team=team,
            started_by=own.adviser.user,
        )
        evidence_request(own, team=team, requested=_this_month(), provided=_this_month(hour=15))
        evidence_request(own, team=team, requested=timezone.now() - timedelta(days=30),
                         due_date=today - timedelta(days=2))  # fmt: skip
        rating(made, member.user, _this_month())
        learning(made, own.adviser.user, _this_month())


def _assert_flat(own: Tenant, url: str) -> None:
    client = signed_in_client(own.coordinator)
    _grow(own, 2)
    client.get(url)
    few = queries(client, url)
    _grow(own, 25)  # more than the prompts show
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 teams, {many} with 27"
    assert many <= BUDGET


def test_the_overview_keeps_to_its_query_budget(own: Tenant) -> None:
    _assert_flat(own, OVERVIEW)


def test_the_team_page_keeps_to_its_query_budget(own: Tenant) -> None:
    _assert_flat(own, _team_url(own, own.health_team))


def test_the_thresholds_page_keeps_to_its_query_budget(own: Tenant) -> None:
    _assert_flat(own, _thresholds_url(own))
