"""Load or update a CeDS framework version from a JSON file (idempotent).

    python manage.py ceds_load_framework ceds/data/framework_v1.json [--draft] [--modules ceds/data/modules.json]
"""

from django.core.management.base import BaseCommand, CommandError

from ceds import services
from ceds.loading import FrameworkFileError


class Command(BaseCommand):
    help = "Load or update a CeDS framework version from a JSON file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--draft", action="store_true", help="Load as a draft (publish later in the admin).")
        parser.add_argument("--modules", help="Also load best-practice modules from this JSON file.")

    def handle(self, *args, path, draft, modules, **options):
        try:
            version = services.framework_load(path=path, publish=not draft)
        except (OSError, ValueError, FrameworkFileError) as exc:
            raise CommandError(f"Could not load {path}: {exc}") from exc
        self.stdout.write(
            f"Framework {version.version} ({version.get_status_display()}): "
            f"{version.indicators.count()} indicators, {version.system_items.count()} systems."
        )
        if modules:
            count = services.modules_load(path=modules)
            self.stdout.write(f"{count} modules loaded.")
