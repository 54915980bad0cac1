"""The governance demo data: assemblies, officers, a certified past election and open votes; idempotent."""

import io

import pytest

from governance.models import Election, ExecutiveCommitteeSeat, GeneralAssembly, OfficeTerm
from governance.verification import verify_election

pytestmark = pytest.mark.django_db


def test_demo_seeds_once_and_verifies(settings):
    from governance import demo as governance_demo
    from members import demo as members_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    members_demo.seed(stdout=io.StringIO())
    first = governance_demo.seed(stdout=io.StringIO())
    assert "5 assemblies created" in first
    assert [(ga.number, ga.year, ga.host.name) for ga in GeneralAssembly.objects.order_by("number")] == [
        (1, 2010, "Seoul"), (2, 2012, "Barcelona"), (3, 2014, "Chengdu"), (4, 2017, "Ulyanovsk Region"),
        (5, 2020, "Hanoi"),
    ]
    assert OfficeTerm.objects.get(office="president", term_end__isnull=True).member.name == "Seoul"
    assert OfficeTerm.objects.filter(office="executive_vice_president").count() == 4
    assert OfficeTerm.objects.filter(office="vice_president").count() == 5
    past = Election.objects.get(title__startswith="Executive Committee 2017")
    assert past.status == "published" and past.quorum_met and verify_election(past) == []
    assert ExecutiveCommitteeSeat.objects.filter(election=past).count() == 12
    open_ec = Election.objects.get(title__startswith="Executive Committee: mid-term")
    assert open_ec.status == "voting" and open_ec.window_open()
    assert open_ec.roll.filter(member__name="Seoul").exists()
    assert Election.objects.get(title="Full membership of Pokhara").status == "voting"
    counts = (Election.objects.count(), OfficeTerm.objects.count(), ExecutiveCommitteeSeat.objects.count())
    second = governance_demo.seed(stdout=io.StringIO())
    assert "0 assemblies created, 0 terms created, 0 elections created" in second
    assert counts == (Election.objects.count(), OfficeTerm.objects.count(), ExecutiveCommitteeSeat.objects.count())
