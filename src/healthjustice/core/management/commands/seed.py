from typing import Any

from django.core.management.base import BaseCommand

from healthjustice.core.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the fictional demonstration partnerships and users (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_data()
        self.stdout.write("Demo data loaded.")
