"""Background tasks of the collaboration between the two sides."""

import logging

from django_tasks import task

from healthjustice.collaboration.selectors import evidence as selectors
from healthjustice.collaboration.services import evidence as services

logger = logging.getLogger(__name__)


@task()
def send_evidence_reminders(days_before: int = selectors.DEFAULT_REMINDER_DAYS) -> int:
    """Remind the clinician's side of medical evidence due within `days_before` days, and both
    sides of evidence now overdue; returns how many reminders were sent.

    Safe to run as often as wanted: each request is reminded once before it is due and once when
    it is overdue. One reminder that fails is logged (by the request's identifier only) and does
    not hold back the others; it is tried again on the next run.
    """
    sent = 0
    reminders = [
        *((evidence, False) for evidence in selectors.evidence_due_soon(days_before=days_before)),
        *((evidence, True) for evidence in selectors.evidence_overdue_to_remind()),
    ]
    for evidence, overdue in reminders:
        try:
            if services.evidence_remind(evidence=evidence, overdue=overdue):
                sent += 1
        except Exception:
            logger.exception("Reminder for evidence request %s failed", evidence.public_id)
    return sent
