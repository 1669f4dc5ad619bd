"""Feedback both ways about a referral.

- The referrer rates how the advice service responded (1 to 5, with a comment), once the service
  has acted on it: see `RATEABLE_STATUSES`. A referrer of the referring organisation may change
  the rating later; the advice organisation sees it on the referral and is told.
- An adviser or supervisor of the advice organisation marks a referral as not appropriate, with a
  reason and what the referring team could do differently. The referring team sees it as learning,
  on the referral and on its "Learning from referrals" page, and the referrer is told. Only what
  the adviser writes here crosses: never the case file or its privileged notes.

Each is written to the information-exchange log, in the same transaction, every time it changes.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case
from healthjustice.collaboration.models import (
    ExchangeKind,
    NotAppropriateReason,
    ReferralLearning,
    ReferralRating,
    ServiceRating,
)
from healthjustice.collaboration.selectors.feedback import (
    can_be_marked_not_appropriate,
    is_rateable,
)
from healthjustice.collaboration.services.exchanges import exchange_record
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction, NotificationKind
from healthjustice.core.notifications import notify
from healthjustice.organisations.models import Membership, Organisation, Role
from healthjustice.organisations.selectors import people_with_role
from healthjustice.referrals.models import Referral

COMMENT_MAX_LENGTH = 2000

_Feedback = TypeVar("_Feedback", ReferralRating, ReferralLearning)


def not_rateable_message() -> str:
    return _(
        "You can rate the response once the advice service has acted on the referral: "
        "accepted or declined it, or tried to reach the client."
    )


def no_referring_team_message() -> str:
    return _(
        "There is no referring team to share learning with: the referral came from the client "
        "themselves, or was entered in error."
    )


def _referral_link(referral: Referral) -> str:
    return reverse("referrals:referral_detail", kwargs={"referral_id": referral.public_id})


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related(
            "referring_organisation", "referring_team", "advice_organisation", "partnership"
        )
        .get(pk=referral.pk)
    )


def _check_length(field: str, text: str) -> None:
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {field: _("Write no more than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )


def _advice_recipients(referral: Referral) -> list[User]:
    """Who at the advice organisation hears of a rating: the adviser and supervisor of the case
    opened from the referral, else the organisation's supervisors, else its advisers."""
    organisation_id = referral.advice_organisation_id
    staff = {
        user.pk: user for user in people_with_role(organisation_id, Role.ADVISER, Role.SUPERVISOR)
    }
    case = (
        Case.objects.filter(referral=referral, organisation_id=organisation_id)
        .order_by("-opened_at")
        .first()
    )
    if case is not None:
        on_case = [staff[pk] for pk in (case.adviser_id, case.supervisor_id) if pk in staff]
        if on_case:
            return on_case
    return people_with_role(organisation_id, Role.SUPERVISOR) or list(staff.values())


def _referring_recipients(referral: Referral) -> list[User]:
    """Who at the referring organisation hears of learning: the referrer who made the referral,
    else the referrers of the referring team, else the organisation's referrers."""
    organisation_id = referral.referring_organisation_id
    assert organisation_id is not None  # noqa: S101 (checked by the caller)
    referrers = {user.pk: user for user in people_with_role(organisation_id, Role.REFERRER)}
    if referral.referred_by_id in referrers:
        return [referrers[referral.referred_by_id]]
    if referral.referring_team_id is not None:
        team_members = set(
            Membership.objects.filter(
                organisation_id=organisation_id, team_id=referral.referring_team_id
            ).values_list("user_id", flat=True)
        )
        in_team = [user for pk, user in referrers.items() if pk in team_members]
        if in_team:
            return in_team
    return list(referrers.values())


def _feedback_save(
    *,
    request: HttpRequest,
    membership: Membership,
    locked: Referral,
    model: type[_Feedback],
    values: dict[str, object],
    by_field: str,
    at_field: str,
    exchange_kind: ExchangeKind,
    to_organisation: Organisation,
    recipients: Callable[[Referral], list[User]],
    notification_kind: NotificationKind,
) -> _Feedback:
    """Save the referral's one piece of feedback of this kind, or change it; unchanged is a no-op.
    Audited, written to the exchange log and notified to the other side, all in the caller's
    transaction."""
    existing = model.objects.filter(referral=locked).first()
    if existing is not None and all(
        getattr(existing, field) == value for field, value in values.items()
    ):
        return existing
    if existing is None:
        saved = model.objects.create(referral=locked, **values, **{by_field: membership.user})
    else:
        for field, value in values.items():
            setattr(existing, field, value)
        setattr(existing, by_field, membership.user)
        setattr(existing, at_field, timezone.now())
        existing.save()
        saved = existing
    audit_record(
        action=AuditAction.CREATE if existing is None else AuditAction.CHANGE,
        request=request,
        target=saved,
        detail={"referral": str(locked.public_id), "fields": list(values)},
    )
    exchange_record(
        partnership=locked.partnership,
        kind=exchange_kind,
        record_reference=locked.reference,
        from_organisation=membership.organisation,
        to_organisation=to_organisation,
        shared_by=membership.user,
        referral=locked,
    )
    notify(
        recipients=recipients(locked),
        organisation=to_organisation,
        kind=notification_kind,
        reference=locked.reference,
        link=_referral_link(locked),
    )
    return saved


@transaction.atomic
def referral_rate(
    *,
    request: HttpRequest,
    membership: Membership,
    referral: Referral,
    rating: int,
    comment: str = "",
) -> ReferralRating:
    """Rate, or change the rating of, the advice service's response to a referral."""
    locked = _locked(referral)
    if locked.referring_organisation_id != membership.organisation_id or not membership.has_role(
        Role.REFERRER
    ):
        raise ValidationError(
            _(
                "Only a referrer of the organisation that made the referral can rate the "
                "response to it."
            )
        )
    if not is_rateable(locked):
        raise ValidationError(not_rateable_message())
    if rating not in ServiceRating.values:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    comment = comment.strip()
    _check_length("comment", comment)
    return _feedback_save(
        request=request,
        membership=membership,
        locked=locked,
        model=ReferralRating,
        values={"rating": rating, "comment": comment},
        by_field="rated_by",
        at_field="rated_at",
        exchange_kind=ExchangeKind.SERVICE_RATING,
        to_organisation=locked.advice_organisation,
        recipients=_advice_recipients,
        notification_kind=NotificationKind.REFERRAL_RATED,
    )


@transaction.atomic
def referral_mark_not_appropriate(
    *,
    request: HttpRequest,
    membership: Membership,
    referral: Referral,
    reason: str,
    explanation: str = "",
) -> ReferralLearning:
    """Mark a referral the organisation received as not appropriate, or change why. It does not
    change the referral's status: declining it is a separate step."""
    locked = _locked(referral)
    if locked.advice_organisation_id != membership.organisation_id or not membership.has_role(
        Role.ADVISER, Role.SUPERVISOR
    ):
        raise ValidationError(
            _("Only an adviser of the organisation the referral was made to can mark it.")
        )
    if not can_be_marked_not_appropriate(locked) or locked.referring_organisation is None:
        raise ValidationError(no_referring_team_message())
    if reason not in NotAppropriateReason.values:
        raise ValidationError({"reason": _("Choose why the referral was not appropriate.")})
    explanation = explanation.strip()
    _check_length("explanation", explanation)
    if reason == NotAppropriateReason.OTHER and not explanation:
        raise ValidationError(
            {"explanation": _("Say what the referring team could do differently next time.")}
        )
    return _feedback_save(
        request=request,
        membership=membership,
        locked=locked,
        model=ReferralLearning,
        values={"reason": reason, "explanation": explanation},
        by_field="marked_by",
        at_field="marked_at",
        exchange_kind=ExchangeKind.REFERRAL_LEARNING,
        to_organisation=locked.referring_organisation,
        recipients=_referring_recipients,
        notification_kind=NotificationKind.REFERRAL_LEARNING,
    )
