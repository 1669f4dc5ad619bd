from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from healthjustice.accounts.models import User
from healthjustice.accounts.services import user_two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator and end their sessions, after checking who they are by "
        "another channel. They set up a new authenticator when they next sign in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError("No account uses that email address.")
        user_two_factor_reset(user=user)
        self.stdout.write("Two-factor sign-in reset; every session of this account has ended.")
