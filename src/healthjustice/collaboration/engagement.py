"""How engaged a health team is in collaboration, in the words of the research framework.

The study behind the product names six collaboration activities between health and advice staff
and four partnership aims; for each aim it says what low and high engagement mean (PRODUCT.md,
"Research framework"). A team's engagement in a month is the number of the six activities it took
part in at least once, classified against the partnership's thresholds. The meaning of a medium
level is this product's own wording: the study describes only the two ends.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Activity(models.TextChoices):
    """The six collaboration activities, in the study's order."""

    NEEDS_IDENTIFIED = "needs_identified", _("Needs identified")
    REFERRALS_MADE = "referrals_made", _("Referrals made")
    INFORMATION_EXCHANGED = "information_exchanged", _("Information exchanged")
    CONSULTATIONS = "consultations", _("Consultations")
    JOINT_CONTRIBUTIONS = "joint_contributions", _("Joint contributions")
    FEEDBACK = "feedback", _("Feedback")


ACTIVITY_COUNT = len(Activity.values)

# What counts as one event of each activity, as the pages and the user guide explain it.
ACTIVITY_DESCRIPTIONS: "dict[str, StrPromise]" = {
    Activity.NEEDS_IDENTIFIED: _("Screenings for legal needs done by the team."),
    Activity.REFERRALS_MADE: _(
        "Referrals the team made to an advice service of the partnership. Self-referrals, "
        "referrals entered in error and the new referral made when an advice service redirects "
        "one are not counted."
    ),
    Activity.INFORMATION_EXCHANGED: _(
        "Items shared between the team and an advice organisation of the partnership, as the "
        "information-exchange log records them: referrals and their documents, progress updates, "
        "outcome feedback, evidence requests and answers, consultation messages, ratings."
    ),
    Activity.CONSULTATIONS: _(
        "Consultations the team started, was sent, or wrote a message in. Each consultation "
        "counts once a month for a team."
    ),
    Activity.JOINT_CONTRIBUTIONS: _(
        "Medical-evidence requests answered with the evidence, by the team or one of its "
        "clinicians."
    ),
    Activity.FEEDBACK: _(
        "Feedback both ways: the team's ratings of the advice service, the team's referrals "
        "an adviser marked as not appropriate (learning for the team), and the outcome feedback "
        "the advice service sent the team when a case closed."
    ),
}


class EngagementLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


def engagement_level(active_activities: int, *, medium_from: int, high_from: int) -> str:
    """The level of a team that took part in `active_activities` of the six activities."""
    if active_activities >= high_from:
        return EngagementLevel.HIGH
    if active_activities >= medium_from:
        return EngagementLevel.MEDIUM
    return EngagementLevel.LOW


class Aim(models.TextChoices):
    """The four partnership aims."""

    TIMELY_ACCESS = "timely_access", _("Timely access to advice for people with legal needs")
    QUALITY_ADVICE = (
        "quality_advice",
        _("High-quality advice that resolves welfare-rights issues"),
    )
    SEAMLESS_SUPPORT = "seamless_support", _("Seamless support, positive patient experience")
    HEALTH_CAPACITY = (
        "health_capacity",
        _("Health service's capacity to respond to health inequality"),
    )


# What each level of engagement means for each aim: the study's words for low and high.
AIM_MEANINGS: "dict[str, dict[str, StrPromise]]" = {
    Aim.TIMELY_ACCESS: {
        EngagementLevel.LOW: _("Patients find the service themselves (posters, asking)."),
        EngagementLevel.MEDIUM: _(
            "Between the two: some patients are asked about their needs and referred, others "
            "still find the service themselves."
        ),
        EngagementLevel.HIGH: _(
            "Patients are proactively asked about needs, so they reach advice sooner and more "
            "consistently."
        ),
    },
    Aim.QUALITY_ADVICE: {
        EngagementLevel.LOW: _("Advisers work alone; medical evidence is hard to get."),
        EngagementLevel.MEDIUM: _(
            "Between the two: advisers get medical evidence and answers from the team some of "
            "the time, not yet as a matter of course."
        ),
        EngagementLevel.HIGH: _(
            "Advisers obtain medical evidence easily, improving claim success."
        ),
    },
    Aim.SEAMLESS_SUPPORT: {
        EngagementLevel.LOW: _("Advice is available at a time of need in a trusted setting."),
        EngagementLevel.MEDIUM: _(
            "Between the two: advice is available in a trusted setting, and staff hear about "
            "some patients' circumstances from the advice service."
        ),
        EngagementLevel.HIGH: _(
            "Staff are fully informed of the patient's circumstances; continuity of care."
        ),
    },
    Aim.HEALTH_CAPACITY: {
        EngagementLevel.LOW: _(
            "The advice service receives referrals when clinicians spot issues."
        ),
        EngagementLevel.MEDIUM: _(
            "Between the two: clinicians refer when they spot issues, and the team is starting "
            "to learn about welfare issues from the advice service."
        ),
        EngagementLevel.HIGH: _(
            "Health teams become better informed about welfare issues and patients' circumstances."
        ),
    },
}


def aim_meanings(level: str) -> "list[tuple[StrPromise, StrPromise]]":
    """Each aim and what `level` of engagement means for it, in the aims' order."""
    return [(Aim(aim).label, AIM_MEANINGS[aim][level]) for aim in Aim.values]
