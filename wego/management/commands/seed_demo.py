"""Create the demo world, app by app. Idempotent: a second run changes nothing."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Apps seed in dependency order (CeDS offers the Awards winners as modules, so awards come first);
# each app's demo.seed(stdout=…) creates what is missing only.
SEED_ORDER = ["members", "finance", "governance", "awards", "ceds", "feasibility", "training"]


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
        for app in SEED_ORDER:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                result = module.seed(stdout=self.stdout)
            if result:
                summary.append(f"{app}: {result}")
        for line in summary:
            self.stdout.write(line)
        if not quiet_accounts:
            from members.demo import print_accounts

            print_accounts(stdout=self.stdout)
