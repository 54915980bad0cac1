"""Benchmark the fee run: price N synthetic members and report the time and the number of queries.

Everything it creates is rolled back at the end, so it can run against a real database.
"""

import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from finance import services
from finance.models import CountryEconomy, FeeRun, FeeSchedule
from members.models import Member
from members.regions import COUNTRY_REGION

YEAR = 2099


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time a fee run over N synthetic members (default 10,000); all data is rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, members, seed, **options):
        rng = random.Random(seed)
        countries = sorted(COUNTRY_REGION)[:120]
        try:
            with transaction.atomic():
                if not FeeSchedule.objects.filter(year=YEAR).exists():
                    services.fee_schedule_create_example(year=YEAR)
                CountryEconomy.objects.bulk_create(
                    [CountryEconomy(country=c, year=YEAR - 1, gdp_ppp_per_capita=Decimal(rng.randint(2000, 90000)),
                                    source="benchmark") for c in countries],
                    ignore_conflicts=True,
                )
                categories = ["full", "full", "associate", "friendship", "corporate"]
                Member.objects.bulk_create(
                    [Member(name=f"Benchmark city {i}", slug=f"benchmark-city-{i}", country=rng.choice(countries),
                            kind="city", category=rng.choice(categories), status="active",
                            population=rng.randint(20_000, 20_000_000)) for i in range(members)],
                    batch_size=2000,
                )
                run = FeeRun.objects.create(year=YEAR)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    run = services.fee_run_execute(run=run, notify=False)
                    elapsed = time.perf_counter() - started
                self.stdout.write(
                    f"{connection.vendor}: priced {run.total:,} members ({run.created_count:,} invoices, "
                    f"{len(run.unpriced):,} unpriced) in {elapsed:.2f} s with {len(queries.captured_queries)} queries"
                )
                raise Rollback
        except Rollback:
            self.stdout.write("benchmark data rolled back")
