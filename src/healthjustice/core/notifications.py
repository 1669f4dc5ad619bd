"""In-app notifications, and emails that carry only a link to them (sent by a background task).

A notification names a record by its reference and links to it; no personal or case detail is
ever put in a notification or an email.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.core.models import Notification, NotificationKind
from healthjustice.core.tasks import send_notification_email
from healthjustice.organisations.models import Membership, Organisation
from healthjustice.referrals.models import ReferralStatus

# The status of an evidence reminder sent after the due date (the one before it has none).
EVIDENCE_OVERDUE = "overdue"


def notify(
    *,
    recipients: Iterable[User],
    organisation: Organisation,
    kind: NotificationKind,
    link: str,
    reference: str = "",
    status: str = "",
    email_to: Iterable[User] = (),
) -> list[Notification]:
    """Create the notifications now; email those in `email_to` once the transaction commits."""
    emailed = {user.pk for user in email_to}
    notifications = [
        Notification.objects.create(
            recipient=user,
            organisation=organisation,
            kind=kind,
            link=link,
            reference=reference,
            status=status,
        )
        for user in {user.pk: user for user in recipients}.values()
        if user.is_active
    ]
    for notification in notifications:
        if notification.recipient_id in emailed:
            transaction.on_commit(partial(_enqueue_email, notification.pk))
    return notifications


def _enqueue_email(notification_id: int) -> None:
    send_notification_email.enqueue(notification_id=notification_id)


def describe(notification: Notification) -> str:
    """The notification's text in the current language."""
    reference = {"reference": notification.reference}
    if notification.kind == NotificationKind.REFERRAL_RECEIVED:
        return _("New referral %(reference)s") % reference
    if notification.kind == NotificationKind.REFERRAL_FEEDBACK:
        return _("The advice service shared news of referral %(reference)s") % reference
    if notification.kind == NotificationKind.CASE_ASSIGNED:
        return _("Case %(reference)s is now yours") % reference
    if notification.kind == NotificationKind.DEADLINE_DUE:
        return _("A deadline on case %(reference)s is coming up") % reference
    if notification.kind == NotificationKind.EVIDENCE_REQUESTED:
        return _("Medical evidence requested: %(reference)s") % reference
    if notification.kind == NotificationKind.EVIDENCE_RESPONDED:
        return _("Medical-evidence request %(reference)s has an answer") % reference
    if notification.kind == NotificationKind.EVIDENCE_DUE:
        if notification.status == EVIDENCE_OVERDUE:
            return _("Medical evidence for %(reference)s is overdue") % reference
        return _("Medical evidence for %(reference)s is due soon") % reference
    if notification.kind == NotificationKind.CONSULTATION_MESSAGE:
        return _("New message in consultation %(reference)s") % reference
    if notification.kind == NotificationKind.REFERRAL_RATED:
        return _("The referrer rated the response to referral %(reference)s") % reference
    if notification.kind == NotificationKind.REFERRAL_LEARNING:
        return _("Referral %(reference)s was marked as not appropriate") % reference
    status = (
        ReferralStatus(notification.status).label
        if notification.status in ReferralStatus.values
        else notification.status
    )
    return _("Referral %(reference)s is now: %(status)s") % {
        "reference": notification.reference,
        "status": status,
    }


def notifications_for(user: User, organisation_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, organisation_id=organisation_id)


def unread_count(membership: Membership) -> int:
    return (
        notifications_for(membership.user, membership.organisation_id)
        .filter(read_at__isnull=True)
        .count()
    )


def notifications_mark_read(*, membership: Membership) -> int:
    return (
        notifications_for(membership.user, membership.organisation_id)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )
