"""The API answers by its schema, for every input: schemathesis fuzzes every operation of /api/schema/.

Each operation gets positive and negative cases (query values of the wrong type or out of range, ids
that do not exist) and every answer must be no 5xx, a status code the schema declares, the content
type it declares, and a body that matches the declared schema. Throttles are off for this test only
(otherwise most cases would just be 429s). A little data is seeded so lists and details return real
objects: members, a call, a certified election, a program with a session, an edition with a winner,
a fee schedule, a CeDS framework with an investigation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 25

# Operations only a signed-in person may call: they are fuzzed with an official's session; every other
# operation with a partner key.
PERSON_PATHS = ("/api/v1/me/", "/api/v1/ceds/investigations/")

def seed_world() -> dict:
    """Members, a regional office, a partner with its MOU, a fee schedule, a certified election, a call with
    a published study, an announced Awards edition with prizes, a program with a session, a reported CeDS
    investigation."""
    from django.utils import timezone

    from awards.models import Edition, Prize
    from finance.services import fee_schedule_create_example
    from governance import services as governance
    from members.models import Affiliation, PartnerMOU
    from tests.factories import AffiliationFactory, MemberFactory, PartnerFactory, RegionalOfficeFactory
    from tests.factories.awards import make_edition, make_finalists
    from tests.factories.ceds import reported_investigation
    from tests.factories.feasibility import CallFactory
    from tests.factories.governance import close_and_tally, election_in_voting, staff_user, voters
    from tests.factories.training import SessionFactory
    from tests.feasibility.test_api import make_published_project

    office = RegionalOfficeFactory(name="Asia Regional Office")
    seoul = MemberFactory(name="Seoul", country="KR", regional_office=office)
    official = AffiliationFactory(member=seoul, role=Affiliation.Role.OFFICIAL).user
    un = PartnerFactory(name="United Nations", acronym="UN")
    PartnerMOU.objects.create(partner=un, signed_on=timezone.localdate(), title="MOU", scope="Training")
    fee_schedule_create_example(year=timezone.localdate().year)

    staff = staff_user()
    rows = voters(3, prefix="Voting City")
    election = election_in_voting(candidates=[m for m, _ in rows[:2]], by=staff, seats=1, title="Executive Committee")
    keys = [str(pk) for pk in election.candidacies.order_by("member__name").values_list("pk", flat=True)]
    for member, delegate in rows:
        governance.election_vote_cast(election=election, member=member, by=delegate, choices=[keys[0]])
    election = close_and_tally(election, by=staff)
    governance.election_certify(election=election, by=staff)

    call = CallFactory(year=2026)
    make_published_project(call, seoul, partner=un)

    edition = make_edition(status=Edition.Status.ANNOUNCED, year=2024)
    category = edition.categories.order_by("order").first()
    finalist = make_finalists(edition=edition, category=category, count=1)[0]
    Prize.objects.create(edition=edition, category=category, entry=finalist.entry, kind=Prize.Kind.BEST, votes=12)

    SessionFactory()
    investigation = reported_investigation(seoul, by=official)
    return {"official": official, "member": seoul, "election": election, "investigation": investigation}


@pytest.fixture
def no_throttles(monkeypatch):
    """A rate of None lets every request through (DRF's SimpleRateThrottle)."""
    from wego.api import throttling

    for cls in (throttling.PartnerRateThrottle, throttling.UserRateThrottle, throttling.AnonRateThrottle):
        monkeypatch.setattr(cls, "THROTTLE_RATES", {"partner": None, "user": None, "anon": None})


@pytest.fixture
def keep_connection():
    """Django closes the database connection when a request ends (`close_old_connections`); on PostgreSQL
    that would end the test's transaction with the first call. Django's own test client disconnects it
    the same way; schemathesis calls the real WSGI application."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, partner_key, client, keep_connection):
    """A small world, and how to call as a partner or as an official of Seoul."""
    people = seed_world()
    client.force_login(people["official"])
    return {"partner_key": partner_key, "sessionid": client.cookies["sessionid"].value, **people}


# The schema as the portal serves it (building it touches no table). schemathesis' lazy
# `from_fixture` loader does not run under pytest 9.2 (it reads a private node attribute), so the
# schema is loaded at import and each operation is its own test.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_by_its_schema(case, world, no_throttles):
    if case.path.startswith(PERSON_PATHS):
        case.call_and_validate(cookies={"sessionid": world["sessionid"]}, headers={"Authorization": ""}, checks=CHECKS)
    else:
        case.call_and_validate(headers={"Authorization": f"Api-Key {world['partner_key']}"}, checks=CHECKS)
