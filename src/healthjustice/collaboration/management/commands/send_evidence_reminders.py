from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from healthjustice.collaboration.selectors.evidence import DEFAULT_REMINDER_DAYS
from healthjustice.collaboration.tasks import send_evidence_reminders

MAX_DAYS = 60


class Command(BaseCommand):
    help = (
        "Queue the task that reminds clinicians of medical evidence due soon, and both sides of "
        "evidence overdue (run it daily; a worker sends the reminders). With --now, send them "
        "here and say how many were sent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send the reminders now, without a worker"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_REMINDER_DAYS,
            help=f"remind this many days before the due date (default {DEFAULT_REMINDER_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 0 and {MAX_DAYS}.")
        if options["now"]:
            sent = send_evidence_reminders.call(days_before=days)
            self.stdout.write(f"Evidence reminders sent: {sent}.")
            return
        result = send_evidence_reminders.enqueue(days_before=days)
        self.stdout.write(f"Evidence reminders queued (task {result.id}).")
