"""Benchmark the CeDS at scale: N cities × 20 investigations over the full framework (PostgreSQL).

    DATABASE_URL=postgres://… python manage.py ceds_benchmark [--cities 1000] [--per-city 20]

Reports: one investigation's reports compute time (and queries), the full recompute time of every
investigation, and the dashboard time and query count at 10 cities and at N cities. Everything it
creates is rolled back at the end, so it can run against a real database.
"""

from __future__ import annotations

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ceds import services
from ceds.models import Investigation, Report, Score
from ceds.selectors import framework_current, framework_snapshot
from ceds.views.dashboard import dashboard
from members.models import Affiliation, Member, User
from members.regions import COUNTRY_REGION

YEARS = [2091, 2092, 2093, 2094, 2095]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time CeDS report computation and the dashboard over N cities × 20 investigations; rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=1000)
        parser.add_argument("--per-city", type=int, default=20, help="At most 20 (four a year over five years).")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, cities, per_city, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        per_city = min(per_city, 4 * len(YEARS))
        self.rng = random.Random(seed)
        self.version = framework_current()
        if self.version is None:
            raise CommandError("No framework version is published.")
        self.stdout.write(
            f"Framework {self.version.version}: {self.version.indicators.count()} indicators, "
            f"{self.version.system_items.count()} systems; {cities} cities × {per_city} investigations."
        )
        try:
            with transaction.atomic():
                self._run(cities, per_city)
                raise Rollback
        except Rollback:
            self.stdout.write("All benchmark data rolled back.")

    def _make_cities(self, start: int, count: int, per_city: int) -> list[int]:
        countries = sorted(COUNTRY_REGION)
        members = Member.objects.bulk_create(
            [
                Member(
                    name=f"Bench City {n:05d}", slug=f"bench-city-{n:05d}", kind=Member.Kind.CITY,
                    country=(c := self.rng.choice(countries)), region=COUNTRY_REGION[c],
                    population=self.rng.choice([200_000, 700_000, 2_000_000, 8_000_000]),
                    status=Member.Status.ACTIVE, category=Member.Category.FULL,
                )
                for n in range(start, start + count)
            ]
        )
        slots = [(year, slot) for year in YEARS for slot in range(1, 5)][:per_city]
        invs = Investigation.objects.bulk_create(
            [
                Investigation(member=m, version=self.version, year=year, slot=slot,
                              status=Investigation.Status.SUBMITTED)
                for m in members
                for year, slot in slots
            ],
            batch_size=5000,
        )
        ids = [i.pk for i in invs]
        # answers in set-based SQL: a deterministic pseudo-random level per (investigation, question)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO ceds_maturityanswer (investigation_id, indicator_id, level, note, updated_at)
                SELECT inv.id, ind.id, ((inv.id * 7919 + ind.id * 104729 + inv.member_id) %% 5), '', now()
                FROM ceds_investigation inv CROSS JOIN ceds_indicator ind
                WHERE inv.id = ANY(%s) AND ind.version_id = %s
                """,
                [ids, self.version.pk],
            )
            cursor.execute(
                """
                INSERT INTO ceds_systemanswer (investigation_id, item_id, value, note, updated_at)
                SELECT inv.id, it.id, ((inv.id * 6151 + it.id * 3571 + inv.member_id) %% 4), '', now()
                FROM ceds_investigation inv CROSS JOIN ceds_systemitem it
                WHERE inv.id = ANY(%s) AND it.version_id = %s
                """,
                [ids, self.version.pk],
            )
            cursor.execute("ANALYZE ceds_maturityanswer; ANALYZE ceds_systemanswer; ANALYZE ceds_investigation")
        return [m.pk for m in members]

    def _dashboard(self, member_id: int) -> tuple[float, int]:
        user = self.user
        factory = RequestFactory()
        timings = []
        queries = 0
        for _ in range(5):
            request = factory.get("/ceds/", {"member": member_id})
            request.user = User.objects.get(pk=user.pk)
            request.session = {}
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = dashboard(request)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
            queries = len(ctx)
        return statistics.median(timings) * 1000, queries

    def _run(self, cities: int, per_city: int) -> None:
        out = self.stdout.write
        started = time.perf_counter()
        first = self._make_cities(0, 10, per_city)
        self.user = User.objects.create_user(email="bench.official@example.org")
        Affiliation.objects.create(user=self.user, member_id=first[0], role=Affiliation.Role.FOCAL_POINT)
        services.reports_recompute_all()
        ms, queries = self._dashboard(first[0])
        out(f"Dashboard at 10 cities: {ms:.1f} ms (median of 5), {queries} queries.")

        self._make_cities(10, cities - 10, per_city)
        total = Investigation.objects.filter(member__slug__startswith="bench-city-").count()
        out(f"Created {cities} cities, {total} investigations and their answers in {time.perf_counter() - started:.1f} s.")

        started = time.perf_counter()
        count = services.reports_recompute_all()
        elapsed = time.perf_counter() - started
        out(f"Full recompute: {count} investigations in {elapsed:.1f} s ({elapsed / max(count, 1) * 1000:.2f} ms each); "
            f"{Report.objects.count()} reports, {Score.objects.count()} score rows.")

        sample = self.rng.sample(
            list(Investigation.objects.filter(member__slug__startswith="bench-city-").values_list("pk", flat=True)), 20
        )
        snapshot_started = time.perf_counter()
        framework_snapshot(version=self.version)
        snapshot_ms = (time.perf_counter() - snapshot_started) * 1000
        timings, query_counts = [], []
        for pk in sample:
            investigation = Investigation.objects.get(pk=pk)
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                services.reports_compute(investigation=investigation)
                timings.append((time.perf_counter() - t0) * 1000)
            query_counts.append(len(ctx))
        out(
            f"One investigation's reports (reports_compute, as the Celery task runs it): median "
            f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, {max(query_counts)} queries "
            f"(framework snapshot {snapshot_ms:.1f} ms of it)."
        )
        ms, queries = self._dashboard(first[0])
        out(f"Dashboard at {cities} cities: {ms:.1f} ms (median of 5), {queries} queries.")
