"""The awards demo: 2012 (47 applications) and 2014 (68) complete with winners, a current edition open."""

import io

import pytest

from awards import demo
from awards.models import Edition, Entry, Finalist, Prize, Score, Vote
from members import demo as members_demo
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Edition, Entry, Score, Vote, Finalist, Prize, AuditEntry)}


def test_demo_editions_are_complete_and_seeding_is_idempotent():
    out = io.StringIO()
    members_demo.seed(stdout=out)
    summary = demo.seed(stdout=out)
    assert "2012" in summary and "2014" in summary
    first = counts()
    e2012, e2014 = Edition.objects.get(year=2012), Edition.objects.get(year=2014)
    assert e2012.entries.count() == 47 and e2014.entries.count() == 68
    assert e2012.status == e2014.status == Edition.Status.ANNOUNCED
    for edition in (e2012, e2014):
        assert Finalist.objects.filter(shortlist__edition=edition).count() == 25
        assert edition.prizes.count() == 10
        assert edition.entries.filter(member__isnull=True).exists() and edition.entries.filter(member__isnull=False).exists()
    # Judges never scored entries of their own country:
    assert not Score.objects.filter(entry__country=models_F("judge__country")).exists()
    # The 2014 burst was found and voided, with a reason:
    assert Vote.objects.filter(edition=e2014, voided_at__isnull=False, email_domain="quickmail.example").count() == 25
    current = Edition.objects.get(status=Edition.Status.APPLICATION)
    assert current.accepts_applications and current.entries.count() == 4
    assert demo.seed(stdout=out) == ""
    assert counts() == first


def models_F(name):
    from django.db.models import F

    return F(name)
