from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from healthjustice.organisations.models import OrganisationKind
from healthjustice.organisations.services import organisation_create


class Command(BaseCommand):
    help = (
        "Create an organisation and its first organisation admin, who is emailed a link to choose "
        "a password. Use it for the first organisation of a new installation; after that, "
        "coordinators register organisations from a partnership's page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--ods-code", default="")
        parser.add_argument("--charity-number", default="")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = organisation_create(
                request=None,
                organisation_data={
                    "name": options["name"],
                    "kind": options["kind"],
                    "ods_code": options["ods_code"],
                    "charity_number": options["charity_number"],
                },
                admin_email=options["admin_email"],
                admin_full_name=options["admin_name"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Created {organisation.name}; an invitation was emailed to its organisation admin."
        )
