"""Import an IMF World Economic Outlook export (GDP per capita at PPP and population)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finance.services import economy_import
from finance.weo import WEOFormatError


class Command(BaseCommand):
    help = (
        "Import GDP per capita at PPP (PPPPC) and population (LP) per country and year from an IMF "
        "World Economic Outlook export (the tab-separated '.xls' file the IMF publishes). "
        "Re-importing updates; a malformed file is refused and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the WEO file, e.g. WEOOct2024all.xls")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}")
        try:
            result = economy_import(data=data, filename=path.name, by=None)
        except WEOFormatError as exc:
            raise CommandError(f"{path.name}: {exc} Nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"{result.filename}: {result.summary()}."))
        self.stdout.write(f"created: {result.created}")
        self.stdout.write(f"updated: {result.updated}")
        self.stdout.write(f"unchanged: {result.unchanged}")
        if result.skipped_iso:
            self.stdout.write(self.style.WARNING(f"skipped unknown ISO codes: {', '.join(result.skipped_iso)}"))
