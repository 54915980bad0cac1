from django.core.management.base import BaseCommand

from members.services import roles_sync


class Command(BaseCommand):
    help = "Create or refresh the 'secretariat' and 'regional_office' groups and their permissions."

    def handle(self, *args, **options):
        result = roles_sync()
        self.stdout.write(f"Groups synchronised: {result}")
