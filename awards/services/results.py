"""Results: frozen shortlists with recorded tie decisions, public voting by verified accounts, the winners."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import cast

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from .. import scoring
from ..models import (
    FINALISTS_PER_CATEGORY,
    Category,
    Edition,
    Entry,
    Finalist,
    Prize,
    Shortlist,
    TieDecision,
    Vote,
)
from ..selectors import category_ranking, vote_counts
from .editions import S, _lock_edition, _today

__all__ = [
    "tie_decision_record",
    "shortlist_publish",
    "user_is_verified",
    "vote_cast",
    "vote_void",
    "votes_void",
    "anomaly_review_record",
    "winners_decide",
]


def _shortlist_editable(category: Category) -> Edition:
    edition = _lock_edition(category.edition)
    if edition.status != S.SHORTLIST:
        raise ValidationError(_("Shortlists are decided after judging closes and before voting opens."))
    if Shortlist.objects.filter(category=category).exists():
        raise ValidationError(_("The shortlist of %(category)s is published and frozen.") % {"category": category.name})
    return edition


@transaction.atomic
def tie_decision_record(*, category: Category, chosen: Iterable[Entry], reason: str, by) -> TieDecision:
    """Record which of the entries tied at the shortlist boundary advance, and why."""
    _shortlist_editable(category)
    ranking = category_ranking(category=category)
    boundary = ranking.boundary
    if not boundary.has_tie:
        raise ValidationError(_("There is no tie at the boundary of %(category)s.") % {"category": category.name})
    chosen = list(chosen)
    chosen_ids = {e.pk for e in chosen}
    if not chosen_ids <= set(boundary.tied):
        raise ValidationError(_("Choose among the tied entries only."))
    if len(chosen_ids) != boundary.open_slots:
        raise ValidationError(
            _("Choose exactly %(n)s of the tied entries: that is how many places are left.") % {"n": boundary.open_slots}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Record the reason for the decision."))
    decision = TieDecision.objects.create(
        category=category, contenders=sorted(boundary.tied), boundary_score=cast(float, boundary.boundary_value),
        reason=reason, decided_by=by,
    )
    decision.chosen.set(chosen)
    audit_record(
        actor=by, action="awards.shortlist.tie_decided", target=category,
        data={"contenders": sorted(boundary.tied), "chosen": sorted(chosen_ids), "reason": reason,
              "score": boundary.boundary_value},
    )
    return decision


@transaction.atomic
def shortlist_publish(*, category: Category, by) -> Shortlist:
    """Publish the top five of a category as finalists. Frozen from then on.

    A tie at the boundary must first be settled by a recorded decision (`tie_decision_record`);
    it is never settled silently.
    """
    edition = _shortlist_editable(category)
    ranking = category_ranking(category=category)
    if not ranking.rows_ranked:
        raise ValidationError(_("No entry of %(category)s has submitted scores.") % {"category": category.name})
    boundary = ranking.boundary
    decision = None
    chosen: set[int] = set()
    if boundary.has_tie:
        decision = (
            TieDecision.objects.filter(category=category, contenders=sorted(boundary.tied))
            .prefetch_related("chosen")
            .order_by("-decided_at", "-pk")
            .first()
        )
        if decision is None or abs(decision.boundary_score - cast(float, boundary.boundary_value)) > 1e-6:
            titles = ", ".join(ranking.entry(e).title for e in boundary.tied)
            raise ValidationError(
                _("These entries are tied at %(score).2f for the last %(n)s place(s): %(titles)s. "
                  "Record a decision first.")
                % {"score": boundary.boundary_value, "n": boundary.open_slots, "titles": titles}
            )
        chosen = {e.pk for e in decision.chosen.all()}
    advancing = set(boundary.advancing) | chosen
    shortlist = Shortlist.objects.create(
        edition=edition, category=category, ranking_method=edition.ranking_method, tie_decision=decision,
        published_by=by,
    )
    position = 0
    finalists = []
    for row in ranking.rows_ranked:
        if row.entry.pk in advancing:
            position += 1
            finalists.append(
                Finalist(
                    shortlist=shortlist, entry=row.entry, position=position, judging_score=cast(float, row.value),
                    via_tie_decision=row.entry.pk in chosen,
                )
            )
    assert position <= FINALISTS_PER_CATEGORY
    Finalist.objects.bulk_create(finalists)
    audit_record(
        actor=by, action="awards.shortlist.published", target=shortlist,
        data={"finalists": [f.entry_id for f in finalists], "method": edition.ranking_method,
              "tie_decision": decision.pk if decision else None},
    )
    return shortlist


# --- Public voting ---------------------------------------------------------------------------------

def user_is_verified(user) -> bool:
    """An account with a verified email address (allauth)."""
    return bool(getattr(user, "is_authenticated", False)) and EmailAddress.objects.filter(
        user=user, verified=True
    ).exists()


def _ip_hash(ip: str) -> str:
    if not ip:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


@transaction.atomic
def vote_cast(*, user, entry: Entry, ip: str = "", today: dt.date | None = None) -> Vote:
    """Cast the user's one vote in the entry's category, for a finalist, while voting is open."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in to vote."))
    if not user_is_verified(user):
        raise ValidationError(_("Confirm your email address before voting: open the link we sent you."))
    finalist = Finalist.objects.select_related("shortlist__edition", "entry").filter(entry=entry).first()
    if finalist is None:
        raise ValidationError(_("Only finalists can receive votes."))
    edition = finalist.shortlist.edition
    today = _today(today)
    if not edition.open_for("voting", S.VOTING, today):
        raise ValidationError(_("Public voting of %(edition)s is not open.") % {"edition": edition})
    category_id = finalist.shortlist.category_id
    if Vote.objects.filter(user=user, category_id=category_id).exists():
        raise ValidationError(_("You have already voted in this category."))
    vote = Vote(
        edition=edition, category_id=category_id, entry=entry, user=user,
        email_domain=user.email.rsplit("@", 1)[-1].lower(), ip_hash=_ip_hash(ip),
    )
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        raise ValidationError(_("You have already voted in this category."))
    audit_record(actor=user, action="awards.vote.cast", target=vote, data={"category": category_id})
    return vote


@transaction.atomic
def vote_void(*, vote: Vote, reason: str, by) -> Vote:
    """Void a vote with a reason (kept and audited). Winners already decided must then be decided again."""
    vote = Vote.objects.select_for_update().select_related("edition").get(pk=vote.pk)
    edition = _lock_edition(vote.edition)
    if edition.status == S.ANNOUNCED:
        raise ValidationError(_("The results are published; votes can no longer be voided."))
    if vote.voided_at:
        raise ValidationError(_("This vote is already void."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for voiding the vote."))
    vote.voided_at = timezone.now()
    vote.voided_by = by
    vote.void_reason = reason
    vote.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(actor=by, action="awards.vote.voided", target=vote, data={"reason": reason, "entry": vote.entry_id})
    if edition.winners_decided_at:
        _winners_reset(edition, by=by, why="vote voided")
    return vote


def votes_void(*, votes: Iterable[Vote], reason: str, by) -> int:
    """Void several votes with one reason (e.g. a burst found by the anomaly report)."""
    count = 0
    with transaction.atomic():
        for vote in votes:
            if vote.voided_at is None:
                vote_void(vote=vote, reason=reason, by=by)
                count += 1
    return count


@transaction.atomic
def anomaly_review_record(*, edition: Edition, note: str, by) -> Edition:
    """The Secretariat records that it reviewed the anomaly report after voting closed."""
    edition = _lock_edition(edition)
    if edition.status != S.COUNTING:
        raise ValidationError(_("The anomaly report is reviewed after voting closes and before the results."))
    edition.anomalies_reviewed_at = timezone.now()
    edition.anomalies_reviewed_by = by
    edition.anomalies_note = (note or "").strip()
    edition.save(update_fields=["anomalies_reviewed_at", "anomalies_reviewed_by", "anomalies_note", "updated_at"])
    audit_record(actor=by, action="awards.votes.anomalies_reviewed", target=edition, data={"note": edition.anomalies_note})
    return edition


def _winners_reset(edition: Edition, *, by, why: str) -> None:
    Prize.objects.filter(edition=edition).delete()
    edition.winners_decided_at = None
    edition.save(update_fields=["winners_decided_at", "updated_at"])
    audit_record(actor=by, action="awards.prizes.reset", target=edition, data={"why": why})


@transaction.atomic
def winners_decide(*, edition: Edition, by) -> list[Prize]:
    """Give each category's Best (most valid votes) and Outstanding (second) prize.

    Equal votes are settled by the edition's recorded rule, and each prize decided by it says so.
    A finalist without any valid vote gets no prize. May be repeated until the results are published.
    """
    edition = _lock_edition(edition)
    if edition.status != S.COUNTING:
        raise ValidationError(_("Winners are decided after public voting closes and before the results are published."))
    if not edition.anomalies_reviewed_at:
        raise ValidationError(_("Review the anomaly report before deciding the winners."))
    Prize.objects.filter(edition=edition).delete()
    rule_label = edition.get_vote_tie_rule_display()
    prizes = []
    summary = {}
    for category, finalists in vote_counts(edition=edition):
        votes = {f.entry_id: f.valid_votes for f in finalists}  # type: ignore[attr-defined]  # annotated by vote_counts
        if not votes:
            continue
        placed = scoring.vote_order(
            votes,
            judging_position={f.entry_id: f.position for f in finalists},
            submitted_order={f.entry_id: f.entry.submitted_at.timestamp() if f.entry.submitted_at else 0
                             for f in finalists},
            rule=edition.vote_tie_rule,
        )
        titles = {f.entry_id: f.entry.title for f in finalists}
        summary[category.code] = {str(p.entry_id): p.votes for p in placed}
        for kind, place in zip((Prize.Kind.BEST, Prize.Kind.OUTSTANDING), placed, strict=False):
            if place.votes == 0:
                break
            note = ""
            if place.tied:
                note = _("Tied on %(votes)s votes with %(others)s; settled by the rule: %(rule)s") % {
                    "votes": place.votes, "others": ", ".join(titles[o] for o in place.tied_with), "rule": rule_label,
                }
            prizes.append(
                Prize(edition=edition, category=category, entry_id=place.entry_id, kind=kind, votes=place.votes,
                      tie_note=note, decided_by=by)
            )
    Prize.objects.bulk_create(prizes)
    edition.winners_decided_at = timezone.now()
    edition.save(update_fields=["winners_decided_at", "updated_at"])
    audit_record(
        actor=by, action="awards.prizes.decided", target=edition,
        data={"votes": summary, "rule": edition.vote_tie_rule,
              "prizes": [[p.category.code, p.kind, p.entry_id, p.tie_note] for p in prizes]},
    )
    return prizes
