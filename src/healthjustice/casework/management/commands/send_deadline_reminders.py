from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from healthjustice.casework.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Queue the task that reminds advisers of deadlines coming up (run it daily; a worker "
        "sends the reminders). With --now, send them here and say how many were sent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send the reminders now, without a worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = send_deadline_reminders.call()
            self.stdout.write(f"Deadline reminders sent: {sent}.")
            return
        result = send_deadline_reminders.enqueue()
        self.stdout.write(f"Deadline reminders queued (task {result.id}).")
