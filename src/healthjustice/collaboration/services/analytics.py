"""Writes for the collaboration analytics: the thresholds behind the engagement levels."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from healthjustice.collaboration.engagement import ACTIVITY_COUNT
from healthjustice.collaboration.models import EngagementThresholds
from healthjustice.collaboration.selectors.analytics import may_change_thresholds
from healthjustice.core.audit import audit_record, changed_fields
from healthjustice.core.models import AuditAction
from healthjustice.organisations.models import Membership, Partnership


def check_thresholds(*, medium_from: int | None, high_from: int | None) -> tuple[int, int]:
    """1 ≤ medium from < high from ≤ 6: three levels, each reachable, none beyond the six
    activities. Returns the two thresholds."""
    errors: dict[str, str] = {}
    if medium_from is None or not 1 <= medium_from <= ACTIVITY_COUNT - 1:
        errors["medium_from"] = _(
            "Enter a number of activities from 1 to %(most)s for medium engagement."
        ) % {"most": ACTIVITY_COUNT - 1}
    if high_from is None or not 2 <= high_from <= ACTIVITY_COUNT:
        errors["high_from"] = _(
            "Enter a number of activities from 2 to %(most)s for high engagement."
        ) % {"most": ACTIVITY_COUNT}
    if errors or medium_from is None or high_from is None:
        raise ValidationError(errors)
    if high_from <= medium_from:
        raise ValidationError(
            {"high_from": _("High engagement must need more activities than medium engagement.")}
        )
    return medium_from, high_from


@transaction.atomic
def engagement_thresholds_set(
    *,
    request: HttpRequest | None,
    membership: Membership,
    partnership: Partnership,
    medium_from: int | None,
    high_from: int | None,
) -> EngagementThresholds:
    """The coordinating organisation's coordinator sets where medium and high engagement start."""
    if not may_change_thresholds(membership, partnership):
        raise ValidationError(
            _(
                "Only the coordinators of %(organisation)s, which coordinates this partnership, "
                "can change its engagement thresholds."
            )
            % {"organisation": partnership.coordinating_organisation.name}
        )
    medium, high = check_thresholds(medium_from=medium_from, high_from=high_from)
    thresholds = (
        EngagementThresholds.objects.select_for_update().filter(partnership=partnership).first()
    )
    created = thresholds is None
    if thresholds is None:
        thresholds = EngagementThresholds(partnership=partnership)
    before = {"medium_from": thresholds.medium_from, "high_from": thresholds.high_from}
    thresholds.medium_from = medium
    thresholds.high_from = high
    thresholds.updated_by = membership.user
    thresholds.save()
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        request=request,
        actor=membership.user,
        organisation=membership.organisation,
        target=thresholds,
        detail={
            "partnership": str(partnership.public_id),
            "fields": changed_fields(before, {"medium_from": medium, "high_from": high}),
        },
    )
    return thresholds
