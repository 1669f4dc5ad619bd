from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po translation catalogues to .mo (pure Python; no gettext tools needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, locale=po_path.parts[-3])
                errors = [(message.id, err) for message, errs in catalog.check() for err in errs]
                if errors:
                    raise CommandError(f"{po_path}: {errors[:5]}")
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                compiled += 1
        self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
