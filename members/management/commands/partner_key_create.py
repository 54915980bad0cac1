from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members.models import Partner
from members.services import partner_key_create


class Command(BaseCommand):
    help = "Issue an API key to a partner and print it once (it is stored hashed)."

    def add_arguments(self, parser):
        parser.add_argument("partner", help="The partner's name (or acronym), e.g. \"World Bank\".")
        parser.add_argument("--scope", action="append", default=[], help="A read scope; repeat for several.")
        parser.add_argument("--days", type=int, default=None, help="Expire the key after this many days.")
        parser.add_argument("--name", default="", help="A label for the key.")

    def handle(self, *args, partner, scope, days, name, **options):
        found = Partner.objects.filter(name__iexact=partner).first() or Partner.objects.filter(
            acronym__iexact=partner
        ).first()
        if found is None:
            known = ", ".join(Partner.objects.values_list("name", flat=True)[:20]) or "none yet"
            raise CommandError(f"No partner named {partner!r}. Known partners: {known}.")
        if days is not None and days <= 0:
            raise CommandError("--days must be a positive number of days.")
        expiry = timezone.now() + timedelta(days=days) if days else None
        key, raw = partner_key_create(partner=found, name=name, scopes=scope, expiry=expiry)
        self.stdout.write(f"API key for {found.name} (prefix {key.prefix}); it is shown only this once:")
        self.stdout.write(raw)
