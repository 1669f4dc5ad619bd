"""Background tasks of the case file."""

import logging

from django_tasks import task

from healthjustice.casework import selectors, services

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders() -> int:
    """Remind advisers of the deadlines coming up; returns how many reminders were sent.

    Safe to run as often as wanted: each deadline is reminded once. One reminder that fails is
    logged (by the deadline's identifier only) and does not hold back the others; it is tried
    again on the next run.
    """
    sent = 0
    for deadline in selectors.deadlines_to_remind():
        try:
            if services.deadline_remind(deadline=deadline):
                sent += 1
        except Exception:
            logger.exception("Reminder for deadline %s failed", deadline.public_id)
    return sent
