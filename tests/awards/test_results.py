"""Shortlists (exactly five, ties settled by a recorded decision, frozen), votes, anomalies, winners."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards import selectors, services
from awards.models import Edition, Finalist, Prize, Shortlist, TieDecision, Vote
from tests.factories import UserFactory
from tests.factories.awards import make_edition, make_entry, make_finalists, make_judge, score_entry
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Edition.Status


def scored_category(values, *, status=S.SHORTLIST):
    """An edition whose 'services' entries got these judges' scores (one judge, raw mean = value)."""
    edition = make_edition(status=status, ranking_method="raw_mean")
    category = edition.categories.get(code="services")
    judge = make_judge(edition=edition, country="US")
    entries = []
    for i, value in enumerate(values):
        entry = make_entry(edition=edition, category=category, country="KR", title=f"E{i + 1}")
        score_entry(judge, entry, value)
        entries.append(entry)
    return edition, category, entries


# --- shortlist ------------------------------------------------------------------------------------

def test_exactly_five_advance(secretariat):
    edition, category, entries = scored_category([9, 8, 7, 6, 5, 4, 3])
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    finalists = list(shortlist.finalists.order_by("position"))
    assert [f.entry.title for f in finalists] == ["E1", "E2", "E3", "E4", "E5"]
    assert [f.position for f in finalists] == [1, 2, 3, 4, 5]
    assert not any(f.via_tie_decision for f in finalists)


def test_a_tie_at_the_boundary_blocks_publication_until_decided(secretariat):
    edition, category, entries = scored_category([9, 8, 8, 7, 6, 6, 5])
    ranking = selectors.category_ranking(category=category)
    assert ranking.boundary.tied == (entries[4].pk, entries[5].pk)
    with pytest.raises(ValidationError, match="tied at 6.00 for the last 1 place"):
        services.shortlist_publish(category=category, by=secretariat)
    assert not Shortlist.objects.exists()
    with pytest.raises(ValidationError, match="exactly 1"):
        services.tie_decision_record(category=category, chosen=entries[4:6], reason="x", by=secretariat)
    with pytest.raises(ValidationError, match="among the tied"):
        services.tie_decision_record(category=category, chosen=[entries[6]], reason="x", by=secretariat)
    with pytest.raises(ValidationError, match="reason"):
        services.tie_decision_record(category=category, chosen=[entries[5]], reason=" ", by=secretariat)
    services.tie_decision_record(
        category=category, chosen=[entries[5]], reason="Higher mean score on Services, the criterion of this category.", by=secretariat
    )
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    titles = list(shortlist.finalists.order_by("position").values_list("entry__title", "via_tie_decision"))
    assert titles == [("E1", False), ("E2", False), ("E3", False), ("E4", False), ("E6", True)]
    assert shortlist.tie_decision.reason == "Higher mean score on Services, the criterion of this category."
    assert AuditEntry.objects.filter(action="awards.shortlist.tie_decided").exists()


def test_a_tie_spanning_several_places(secretariat):
    edition, category, entries = scored_category([9, 8, 7, 7, 7, 7, 2])
    services.tie_decision_record(category=category, chosen=[entries[2], entries[4], entries[5]],
                                 reason="Drawn by lot before witnesses.", by=secretariat)
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    assert sorted(shortlist.finalists.values_list("entry__title", flat=True)) == ["E1", "E2", "E3", "E5", "E6"]


def test_a_stale_tie_decision_is_not_applied(secretariat):
    edition, category, entries = scored_category([9, 8, 7, 6, 5, 5])
    services.tie_decision_record(category=category, chosen=[entries[4]], reason="first", by=secretariat)
    # The ranking changes afterwards (a late submission breaks the tie into a new three-way tie):
    late = make_entry(edition=edition, category=category, country="KR", title="E7")
    score_entry(make_judge(edition=edition, country="GB"), late, 5)
    with pytest.raises(ValidationError, match="Record a decision first"):
        services.shortlist_publish(category=category, by=secretariat)


def test_ties_inside_the_top_five_need_no_decision(secretariat):
    edition, category, entries = scored_category([9, 9, 8, 8, 7, 6])
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    assert shortlist.finalists.count() == 5


def test_fewer_than_five_all_advance(secretariat):
    edition, category, entries = scored_category([6, 6, 3])
    assert services.shortlist_publish(category=category, by=secretariat).finalists.count() == 3


def test_the_published_shortlist_is_frozen(secretariat):
    edition, category, entries = scored_category([9, 8, 7, 6, 5, 5])
    services.tie_decision_record(category=category, chosen=[entries[4]], reason="r", by=secretariat)
    services.shortlist_publish(category=category, by=secretariat)
    with pytest.raises(ValidationError, match="published and frozen"):
        services.shortlist_publish(category=category, by=secretariat)
    with pytest.raises(ValidationError, match="published and frozen"):
        services.tie_decision_record(category=category, chosen=[entries[5]], reason="r", by=secretariat)
    shortlist = Shortlist.objects.get(category=category)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finalist.objects.create(shortlist=shortlist, entry=entries[5], position=6, judging_score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finalist.objects.create(shortlist=shortlist, entry=entries[5], position=5, judging_score=5)


def test_shortlists_are_published_only_while_shortlisting(secretariat):
    edition, category, entries = scored_category([9, 8], status=S.JUDGING)
    with pytest.raises(ValidationError, match="after judging closes"):
        services.shortlist_publish(category=category, by=secretariat)


def test_normalised_method_decides_who_advances(secretariat):
    """The ranking method of the edition is the one applied to the shortlist."""
    edition = make_edition(status=S.SHORTLIST, ranking_method="normalised")
    category = edition.categories.get(code="services")
    lenient, harsh = make_judge(edition=edition, country="US"), make_judge(edition=edition, country="GB")
    entries = [make_entry(edition=edition, category=category, country="KR", title=f"N{i}") for i in range(7)]
    for i, entry in enumerate(entries[:4]):
        score_entry(lenient, entry, [10, 9, 8, 7][i])
    for i, entry in enumerate(entries[3:]):
        score_entry(harsh, entry, [5, 4, 2, 1][i])
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    assert shortlist.ranking_method == "normalised"
    assert shortlist.finalists.count() == 5


# --- voting ---------------------------------------------------------------------------------------

@pytest.fixture
def voting():
    edition = make_edition(status=S.VOTING)
    finalists = make_finalists(edition=edition, category=edition.categories.get(code="services"))
    other = make_finalists(edition=edition, category=edition.categories.get(code="open-city"), count=2)
    return edition, finalists, other


def test_one_vote_per_verified_account_per_category(voting, user):
    edition, finalists, other = voting
    services.vote_cast(user=user, entry=finalists[0].entry, ip="203.0.113.5")
    with pytest.raises(ValidationError, match="already voted in this category"):
        services.vote_cast(user=user, entry=finalists[1].entry)
    services.vote_cast(user=user, entry=other[0].entry)  # another category: fine
    vote = Vote.objects.get(user=user, category=finalists[0].shortlist.category)
    assert vote.email_domain == "example.org" and len(vote.ip_hash) == 32 and "203" not in vote.ip_hash


def test_the_database_allows_one_vote_per_account_per_category(voting, user):
    edition, finalists, _other = voting
    category = finalists[0].shortlist.category
    Vote.objects.create(edition=edition, category=category, entry=finalists[0].entry, user=user, email_domain="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(edition=edition, category=category, entry=finalists[1].entry, user=user, email_domain="x")


def test_unverified_accounts_cannot_vote(voting):
    edition, finalists, _other = voting
    unverified = UserFactory(verified=False)
    with pytest.raises(ValidationError, match="Confirm your email"):
        services.vote_cast(user=unverified, entry=finalists[0].entry)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False, primary=True)
    with pytest.raises(ValidationError, match="Confirm your email"):
        services.vote_cast(user=unverified, entry=finalists[0].entry)
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    services.vote_cast(user=unverified, entry=finalists[0].entry)


def test_voting_window_is_enforced(voting, user):
    edition, finalists, _other = voting
    with pytest.raises(ValidationError, match="not open"):
        services.vote_cast(user=user, entry=finalists[0].entry, today=edition.voting_end + dt.timedelta(days=1))
    Edition.objects.filter(pk=edition.pk).update(status=S.COUNTING)
    with pytest.raises(ValidationError, match="not open"):
        services.vote_cast(user=user, entry=finalists[0].entry)
    Edition.objects.filter(pk=edition.pk).update(status=S.SHORTLIST)
    with pytest.raises(ValidationError, match="not open"):
        services.vote_cast(user=user, entry=finalists[0].entry)


def test_only_finalists_receive_votes(voting, user):
    edition, _finalists, _other = voting
    with pytest.raises(ValidationError, match="Only finalists"):
        services.vote_cast(user=user, entry=make_entry(edition=edition))


def test_finalists_are_shuffled_per_visitor_but_stable(voting):
    edition, finalists, _other = voting
    def order(seed):
        return [
            [f.entry_id for f in group]
            for _c, group in selectors.finalists_by_category(edition=edition, seed=seed)
        ]
    assert order("visitor-a") == order("visitor-a")
    orders = {tuple(order(f"visitor-{i}")[0]) for i in range(20)}
    assert len(orders) > 3
    assert sorted(order("x")[0]) == sorted(f.entry_id for f in finalists)


def test_voiding_a_vote_needs_a_reason_and_is_audited(voting, user, secretariat):
    edition, finalists, _other = voting
    vote = services.vote_cast(user=user, entry=finalists[0].entry)
    with pytest.raises(ValidationError, match="reason"):
        services.vote_void(vote=vote, reason="", by=secretariat)
    services.vote_void(vote=vote, reason="Part of a burst from one network.", by=secretariat)
    vote.refresh_from_db()
    assert vote.voided_at and vote.voided_by == secretariat
    entry = AuditEntry.objects.get(action="awards.vote.voided")
    assert entry.actor == secretariat and entry.data["reason"] == "Part of a burst from one network."
    with pytest.raises(ValidationError, match="already void"):
        services.vote_void(vote=vote, reason="again", by=secretariat)
    with pytest.raises(ValidationError, match="already voted"):
        services.vote_cast(user=user, entry=finalists[1].entry)  # a voided vote is not a second chance


# --- anomalies ------------------------------------------------------------------------------------

def _vote(edition, finalist, *, at, domain="example.org", joined=None):
    user = UserFactory(email=f"v{Vote.objects.count()}-{at.timestamp()}@{domain}")
    if joined:
        type(user).objects.filter(pk=user.pk).update(date_joined=joined)
    return Vote.objects.create(
        edition=edition, category=finalist.shortlist.category, entry=finalist.entry, user=user,
        email_domain=domain, created_at=at,
    )


def test_anomaly_report_finds_bursts_and_new_account_domains(voting):
    edition, finalists, _other = voting
    base = timezone.now() - dt.timedelta(days=3)
    old = base - dt.timedelta(days=400)
    for i in range(12):  # a steady trickle: one every hour
        _vote(edition, finalists[0], at=base + dt.timedelta(hours=i), joined=old)
    for i in range(16):  # a burst: 16 votes in 8 minutes, from fresh accounts of one domain
        _vote(edition, finalists[1], at=base + dt.timedelta(seconds=30 * i), domain="mail.example.net",
              joined=base - dt.timedelta(hours=1))
    report = selectors.anomaly_report(edition=edition, window_minutes=10, burst_threshold=15, domain_threshold=10)
    assert len(report.bursts) == 1
    burst = report.bursts[0]
    assert burst.entry_id == finalists[1].entry_id and burst.votes == 16
    assert [(d.domain, d.accounts) for d in report.domains] == [("mail.example.net", 16)]
    assert report.domains[0].entries == [(finalists[1].entry.title, 16)]
    votes = selectors.votes_in_burst(edition=edition, entry_id=burst.entry_id, start=burst.start, end=burst.end)
    assert votes.count() == 16
    quiet = selectors.anomaly_report(edition=edition, burst_threshold=20, domain_threshold=20)
    assert quiet.clean


# --- winners --------------------------------------------------------------------------------------

def counting_with_votes(counts, *, rule="judging", category_code="services"):
    edition = make_edition(status=S.VOTING, vote_tie_rule=rule)
    finalists = make_finalists(edition=edition, category=edition.categories.get(code=category_code),
                               count=len(counts))
    t = timezone.now() - dt.timedelta(days=2)
    for finalist, n in zip(finalists, counts, strict=True):
        for _i in range(n):
            _vote(edition, finalist, at=t)
    Edition.objects.filter(pk=edition.pk).update(status=S.COUNTING)
    edition.refresh_from_db()
    return edition, finalists


def test_winners_need_the_anomaly_review_first(secretariat):
    edition, finalists = counting_with_votes([3, 5, 1])
    with pytest.raises(ValidationError, match="Review the anomaly report"):
        services.winners_decide(edition=edition, by=secretariat)
    services.anomaly_review_record(edition=edition, note="Nothing unusual.", by=secretariat)
    prizes = services.winners_decide(edition=edition, by=secretariat)
    assert [(p.kind, p.entry_id, p.votes, p.tie_note) for p in prizes] == [
        (Prize.Kind.BEST, finalists[1].entry_id, 5, ""),
        (Prize.Kind.OUTSTANDING, finalists[0].entry_id, 3, ""),
    ]


def test_tie_for_best_settled_by_the_judging_position(secretariat):
    edition, finalists = counting_with_votes([4, 6, 6, 1])
    services.anomaly_review_record(edition=edition, note="", by=secretariat)
    best, outstanding = services.winners_decide(edition=edition, by=secretariat)
    # Finalists 2 and 3 tie on 6: position 2 was ranked higher by the judges.
    assert best.entry_id == finalists[1].entry_id and outstanding.entry_id == finalists[2].entry_id
    assert "Tied on 6 votes" in best.tie_note and finalists[2].entry.title in best.tie_note
    assert "judges" in best.tie_note


def test_tie_for_outstanding_settled_by_the_submission_rule(secretariat):
    edition, finalists = counting_with_votes([9, 2, 2], rule="submission")
    from awards.models import Entry

    Entry.objects.filter(pk=finalists[1].entry_id).update(submitted_at=timezone.now())
    Entry.objects.filter(pk=finalists[2].entry_id).update(submitted_at=timezone.now() - dt.timedelta(days=30))
    services.anomaly_review_record(edition=edition, note="", by=secretariat)
    best, outstanding = services.winners_decide(edition=edition, by=secretariat)
    assert best.entry_id == finalists[0].entry_id and not best.tie_note
    assert outstanding.entry_id == finalists[2].entry_id and "earlier submitted" in outstanding.tie_note


def test_no_prize_without_votes_and_voiding_resets_the_decision(secretariat):
    edition, finalists = counting_with_votes([2, 0, 0])
    services.anomaly_review_record(edition=edition, note="", by=secretariat)
    prizes = services.winners_decide(edition=edition, by=secretariat)
    assert [p.kind for p in prizes] == [Prize.Kind.BEST]
    services.vote_void(vote=Vote.objects.first(), reason="Duplicate person.", by=secretariat)
    edition.refresh_from_db()
    assert edition.winners_decided_at is None and not Prize.objects.exists()


def test_results_are_published_on_the_announcement_date_and_then_final(secretariat):
    edition, finalists = counting_with_votes([3, 1])
    services.anomaly_review_record(edition=edition, note="", by=secretariat)
    services.winners_decide(edition=edition, by=secretariat)
    assert not selectors.winner_list(year=edition.year).exists()
    with pytest.raises(ValidationError, match="announcement date"):
        services.edition_transition(edition=edition, transition="announce", by=secretariat)
    services.edition_transition(edition=edition, transition="announce", by=secretariat, today=edition.announcement_on)
    assert selectors.winner_list(year=edition.year).count() == 2
    assert selectors.winner_list(year=edition.year, category="services").count() == 2
    assert selectors.winner_list(year=edition.year, category="efficiency").count() == 0
    with pytest.raises(ValidationError, match="published"):
        services.vote_void(vote=Vote.objects.first(), reason="late", by=secretariat)
    with pytest.raises(ValidationError):
        services.winners_decide(edition=edition, by=secretariat)


def test_the_database_allows_one_prize_of_each_kind_per_category(secretariat):
    edition, finalists = counting_with_votes([3, 1, 1])
    services.anomaly_review_record(edition=edition, note="", by=secretariat)
    services.winners_decide(edition=edition, by=secretariat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prize.objects.create(edition=edition, category=finalists[0].shortlist.category, entry=finalists[2].entry,
                             kind=Prize.Kind.BEST, votes=1)


def test_tie_decisions_are_kept_as_history(secretariat):
    edition, category, entries = scored_category([9, 8, 7, 6, 5, 5])
    services.tie_decision_record(category=category, chosen=[entries[4]], reason="first", by=secretariat)
    services.tie_decision_record(category=category, chosen=[entries[5]], reason="revised", by=secretariat)
    assert TieDecision.objects.filter(category=category).count() == 2
    shortlist = services.shortlist_publish(category=category, by=secretariat)
    assert shortlist.tie_decision.reason == "revised"
    assert shortlist.finalists.filter(entry=entries[5]).exists()
