"""The collaboration analytics for partnership coordinators: every health team's month at a glance,
one team's trends, and the thresholds of the engagement levels."""

from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.collaboration import engagement
from healthjustice.collaboration.forms.analytics import (
    AnalyticsFilterForm,
    MonthForm,
    ThresholdsForm,
    month_key,
)
from healthjustice.collaboration.selectors import analytics as selectors
from healthjustice.collaboration.services.analytics import engagement_thresholds_set
from healthjustice.core.forms import handle_form
from healthjustice.core.permissions import permission_required
from healthjustice.organisations.models import Membership, Partnership


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _partnership(request: HttpRequest, partnership_id: str, **_kwargs: Any) -> Partnership:
    return selectors.analytics_partnership_get(_membership(request), partnership_id)


def _explained(thresholds: Any) -> dict[str, Any]:
    """What every analytics page shows to explain itself."""
    return {
        "thresholds": thresholds,
        "activities": [
            (engagement.Activity(activity).label, engagement.ACTIVITY_DESCRIPTIONS[activity])
            for activity in engagement.Activity.values
        ],
        "activity_count": engagement.ACTIVITY_COUNT,
        "levels": engagement.EngagementLevel,
        "aims": [
            (
                engagement.Aim(aim).label,
                [
                    engagement.AIM_MEANINGS[aim][level]
                    for level in engagement.EngagementLevel.values
                ],
            )
            for aim in engagement.Aim.values
        ],
    }


@permission_required("collaboration.view_analytics")
def analytics_overview(request: HttpRequest) -> HttpResponse:
    """Each health team of one partnership in one month: the six activities, the rates and
    response times, the engagement level, and the prompts that need the coordinator."""
    membership = _membership(request)
    partnerships = selectors.analytics_partnerships(membership)
    this_month = selectors.month_start(timezone.localdate())
    form = AnalyticsFilterForm(
        request.GET or None, partnerships=partnerships, this_month=this_month
    )
    valid = form.is_bound and form.is_valid()
    partnership = (form.cleaned_data.get("partnership") if valid else None) or partnerships.first()
    month = form.chosen_month() if valid else this_month
    context: dict[str, Any] = {"form": form, "partnership": partnership, "month": month}
    if partnership is not None:
        thresholds = selectors.engagement_thresholds_for(partnership)
        teams = list(selectors.health_teams_of(partnership))
        grid = selectors.team_months(
            partnership=partnership, teams=teams, months=[month], thresholds=thresholds
        )
        rows = [(team, grid[team.pk, month]) for team in teams]
        now = timezone.now()
        today = timezone.localdate()
        context.update(
            _explained(thresholds),
            rows=rows,
            level_counts=Counter(cell.level for _team, cell in rows),
            month_key=month_key(month),
            quiet_teams=selectors.prompt(selectors.quiet_teams(partnership, now=now)),
            overdue_evidence=selectors.prompt(
                selectors.overdue_evidence_requests(partnership, today=today)
            ),
            unanswered_consultations=selectors.prompt(
                selectors.unanswered_consultations(partnership, today=today)
            ),
            quiet_days=selectors.QUIET_TEAM_DAYS,
            unanswered_days=selectors.UNANSWERED_AFTER_WORKING_DAYS,
            today=today,
        )
    return render(
        request,
        "collaboration/analytics_overview.jinja",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required("collaboration.view_analytics", _partnership)
def analytics_team(request: HttpRequest, obj: Partnership) -> HttpResponse:
    """One team's twelve months up to the chosen one, and what its engagement means for each
    aim."""
    team = selectors.health_team_get(obj, request.resolver_match.kwargs["team_id"])  # type: ignore[union-attr]
    this_month = selectors.month_start(timezone.localdate())
    form = MonthForm(request.GET or None, this_month=this_month)
    last = form.chosen_month() if form.is_bound and form.is_valid() else this_month
    months = selectors.months_ending(last, selectors.TREND_MONTHS)
    thresholds = selectors.engagement_thresholds_for(obj)
    grid = selectors.team_months(
        partnership=obj, teams=[team], months=months, thresholds=thresholds
    )
    trend = [grid[team.pk, month] for month in reversed(months)]
    latest = trend[0]
    return render(
        request,
        "collaboration/analytics_team.jinja",
        {
            **_explained(thresholds),
            "partnership": obj,
            "team": team,
            "trend": trend,
            "latest": latest,
            "latest_meanings": engagement.aim_meanings(latest.level),
            "back_href": reverse("collaboration:analytics_overview")
            + f"?partnership={obj.public_id}&month={month_key(last)}",
        },
    )


@permission_required("collaboration.view_analytics", _partnership)
def analytics_thresholds(request: HttpRequest, obj: Partnership) -> HttpResponse:
    """Where medium and high engagement start, for the partnership: its coordinating
    organisation's coordinators change them; other coordinators read them."""
    membership = _membership(request)
    thresholds = selectors.engagement_thresholds_for(obj)
    overview = reverse("collaboration:analytics_overview") + f"?partnership={obj.public_id}"
    form = ThresholdsForm(
        request.POST if request.method == "POST" else None,
        initial={"medium_from": thresholds.medium_from, "high_from": thresholds.high_from},
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: engagement_thresholds_set(
            request=request,
            membership=membership,
            partnership=obj,
            medium_from=data["medium_from"],
            high_from=data["high_from"],
        ),
        success_url=overview,
        success_message=_("Engagement thresholds saved."),
        context={
            **_explained(thresholds),
            "partnership": obj,
            "may_change": selectors.may_change_thresholds(membership, obj),
            "back_href": overview,
        },
        template="collaboration/analytics_thresholds.jinja",
    )
