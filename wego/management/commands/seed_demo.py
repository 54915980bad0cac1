"""Create the demo world, app by app. Idempotent: a second run changes nothing.

Each app registers its demo loader in wego.registry.demo_loaders (AppConfig.ready()) with an order:
the apps seed in dependency order (finance bills the members; CeDS offers the Awards winners as
modules, so awards come first); each loader creates what is missing only.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wego.registry import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data (regional offices, member cities, officials, partners …). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, quiet_accounts=False, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates demo accounts with a known password; it does not run in production.")
        # Demo organisations must not receive mail: notifications raised while seeding are dropped.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        summary = []
        for loader in demo_loaders:
            with transaction.atomic():
                result = loader(stdout=self.stdout)
            if result:
                summary.append(f"{loader.name}: {result}")
        for line in summary:
            self.stdout.write(line)
        if not quiet_accounts:
            for loader in demo_loaders:
                accounts = loader.get("accounts")
                if accounts is not None:
                    accounts(stdout=self.stdout)
