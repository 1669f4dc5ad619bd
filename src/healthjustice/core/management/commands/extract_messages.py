from typing import Any

from babel.messages.pofile import read_po, write_po
from django.core.management.base import BaseCommand, CommandError

from healthjustice.core.translations import WELSH_CATALOGUE, extract_catalog


class Command(BaseCommand):
    help = "Extract every marked string and merge it into the Welsh catalogue (new ones empty)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not WELSH_CATALOGUE.exists():
            raise CommandError(f"{WELSH_CATALOGUE} does not exist")
        template = extract_catalog()
        with WELSH_CATALOGUE.open("rb") as po_file:
            catalog = read_po(po_file, locale="cy")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with WELSH_CATALOGUE.open("wb") as po_file:
            write_po(
                po_file, catalog, omit_header=False, no_location=True, sort_output=True, width=100
            )
        missing = [
            message.id
            for message in catalog
            if message.id
            and not (all(message.string) if isinstance(message.string, tuple) else message.string)
        ]
        self.stdout.write(
            f"{len(template)} strings extracted; {len(missing)} still need a Welsh translation."
        )
