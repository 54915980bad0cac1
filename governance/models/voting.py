"""Votes of the General Assembly and the Executive Committee: elections and motions.

One `Election` row runs any vote: an election of the President City (one seat, absolute majority),
of the Executive Committee (N seats), of another office, or a `Motion` (yes / no / abstain, with a
threshold). Around it: the candidacies, the roll frozen before voting (`RollEntry`), the ballots
(`OpenBallot` with the member, or `SecretBallot` with no link to it), the `VoterRecord` that says only
that a member has voted, and the append-only, hash-chained `ElectionLogEntry`.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import statute


class Election(models.Model):
    """A vote put to the members, from nominations to publication (see governance.services.voting)."""

    class Kind(models.TextChoices):
        PRESIDENT = "president", _("President City")
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
        OFFICE = "office", _("Other office")
        MOTION = "motion", _("Motion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOMINATIONS = "nominations", _("Nominations open")
        ROLL_FROZEN = "roll_frozen", _("Roll frozen")
        VOTING = "voting", _("Voting open")
        CLOSED = "closed", _("Voting closed")
        TALLIED = "tallied", _("Tallied")
        CERTIFIED = "certified", _("Certified")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Secrecy(models.TextChoices):
        SECRET = "secret", _("Secret ballot")
        OPEN = "open", _("Open vote")

    class TieRule(models.TextChoices):
        RUNOFF = "runoff", _("A run-off between the tied candidates")
        LOTS = "lots", _("Drawing of lots (the random seed is recorded)")

    # Whom "more than one-third of the total members" counts (Statute, Part V): the rule is the Statute's
    # reading, so it is declared in governance.statute with its phrases.
    QuorumBase = statute.QuorumBase

    class Outcome(models.TextChoices):
        PENDING = "", _("Not tallied yet")
        ELECTED = "elected", _("Elected")
        RUNOFF = "runoff", _("Run-off needed")
        NOT_ELECTED = "not_elected", _("Nobody elected")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        NO_QUORUM = "no_quorum", _("No quorum")

    PUBLIC_STATUSES = (Status.CERTIFIED, Status.PUBLISHED)

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    office_name = models.CharField(_("office"), max_length=200, blank=True, help_text=_("For another office: its name."))
    description = models.TextField(_("description"), blank=True)
    general_assembly = models.ForeignKey(
        "governance.GeneralAssembly", verbose_name=_("General Assembly"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="elections",
    )
    meeting = models.ForeignKey(
        "governance.Meeting", verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="elections"
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    secrecy = models.CharField(_("ballot"), max_length=10, choices=Secrecy.choices, default=Secrecy.SECRET)
    tie_rule = models.CharField(_("tie rule"), max_length=10, choices=TieRule.choices, default=TieRule.RUNOFF)
    quorum_base_rule = models.CharField(
        _("quorum counted on"), max_length=20, choices=QuorumBase.choices, default=QuorumBase.ALL_MEMBERS,
        help_text=_("“A quorum of WeGO shall consist of more than one-third of the total members, which each full member "
                    "city shall have one vote.” (Statute, Part V) More than one third of these members must vote. "
                    "Fixed when the roll is frozen."),
    )
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    term_start = models.DateField(_("term of the elected starts"), null=True, blank=True)
    term_end = models.DateField(_("term of the elected ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    runoff_of = models.ForeignKey(
        "self", verbose_name=_("run-off of"), null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs"
    )

    # Roll (set once, at the freeze).
    roll_frozen_at = models.DateTimeField(_("roll frozen"), null=True, blank=True)
    standing_year = models.PositiveSmallIntegerField(_("good standing checked for year"), null=True, blank=True)
    roll_size = models.PositiveIntegerField(_("members on the roll"), null=True, blank=True)
    full_members_at_freeze = models.PositiveIntegerField(_("active Full members at the freeze"), null=True, blank=True)
    members_at_freeze = models.PositiveIntegerField(_("active members (all categories) at the freeze"), null=True, blank=True)
    members_in_good_standing_at_freeze = models.PositiveIntegerField(
        _("active members in good standing (all categories) at the freeze"), null=True, blank=True
    )
    quorum_base = models.PositiveIntegerField(_("quorum denominator"), null=True, blank=True)
    roll_hash = models.CharField(_("roll SHA-256"), max_length=64, blank=True)

    # Secret ballots: key of the receipt HMACs while voting runs; erased at the close.
    ballot_key = models.CharField(max_length=64, blank=True, editable=False)

    # Tally.
    voters_count = models.PositiveIntegerField(_("members who voted"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True, editable=False)
    result_hash = models.CharField(_("result SHA-256"), max_length=64, blank=True)
    tie_seed = models.CharField(_("seed of the drawing of lots"), max_length=64, blank=True)
    ballots_digest = models.CharField(_("SHA-256 of the counted ballots at the close"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The end of the election log, kept on the row by every append (services.voting.log_append): a log whose
    # last entries were deleted no longer ends at this head or holds this many entries. The head is also
    # published (results page, API, the phase-change mails), so that a reader who kept it can check it.
    log_length = models.PositiveIntegerField(_("entries in the election log"), default=0, editable=False)
    log_head_hash = models.CharField(_("hash of the last log entry"), max_length=64, blank=True, editable=False)
    tallied_at = models.DateTimeField(_("tallied"), null=True, blank=True)
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("certified by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    outcome_applied_at = models.DateTimeField(_("outcome applied"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("election or vote")
        verbose_name_plural = _("elections and votes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_at_least_one_seat"),
            models.CheckConstraint(
                condition=~Q(kind__in=["president", "motion"]) | Q(seats=1), name="election_president_and_motion_one_seat",
                violation_error_message=_("A President election and a motion have exactly one seat."),
            ),
            models.CheckConstraint(
                condition=Q(roll_frozen_at__isnull=True) | Q(quorum_base__isnull=False),
                name="election_frozen_roll_has_quorum_base",
                violation_error_message=_("A frozen roll records the quorum base it was frozen with."),
            ),
            models.CheckConstraint(
                condition=Q(voting_opens_at__isnull=True) | Q(voting_closes_at__isnull=True)
                | Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="election_window_closes_after_it_opens",
                violation_error_message=_("Voting must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:election", args=[self.pk])

    @property
    def quorum_line(self) -> str:
        """The quorum with its base and count, e.g. "Quorum: 41 of 120 members (more than one third of all
        members, statute Part V)"; before the freeze, the base without a count."""
        return statute.quorum_line(rule=self.quorum_base_rule, base=self.quorum_base)

    @property
    def quorum_base_frozen(self) -> bool:
        return self.roll_frozen_at is not None or self.status not in (self.Status.DRAFT, self.Status.NOMINATIONS)

    @property
    def is_motion(self) -> bool:
        return self.kind == self.Kind.MOTION

    @property
    def is_secret(self) -> bool:
        return self.secrecy == self.Secrecy.SECRET

    @property
    def results_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def max_choices(self) -> int:
        """How many options a ballot may mark: the seats (one for a President election or a motion)."""
        return 1 if self.kind in (self.Kind.PRESIDENT, self.Kind.MOTION) else self.seats

    def window_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.status == self.Status.VOTING
            and self.voting_opens_at and self.voting_closes_at
            and self.voting_opens_at <= now < self.voting_closes_at
        )


class Motion(models.Model):
    """A decision put to a vote, with its threshold. Its vote runs on the linked `Election` row."""

    class Kind(models.TextChoices):
        FULL_MEMBERSHIP = "full_membership", _("Approve the Full membership of a member")
        STATUTE_AMENDMENT = "statute_amendment", _("Amend the Statute")
        HOST_CONFIRMATION = "host_confirmation", _("Confirm the next host city")
        BUDGET = "budget", _("Approve the budget")
        OTHER = "other", _("Other decision")

    class Threshold(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of the votes cast")
        TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast")
        ABSOLUTE_MEMBERS = "absolute_members", _("Absolute majority of the members on the roll")

    election = models.OneToOneField(Election, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="motion")
    kind = models.CharField(_("kind of motion"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField(_("text of the motion"))
    threshold = models.CharField(_("threshold"), max_length=20, choices=Threshold.choices, default=Threshold.SIMPLE)
    subject_member = models.ForeignKey(
        "members.Member", verbose_name=_("member concerned"), null=True, blank=True, on_delete=models.PROTECT, related_name="motions",
        help_text=_("For a Full membership: the Associate member; for a host confirmation: the bidding member."),
    )
    host_bid = models.ForeignKey(
        "governance.HostBid", verbose_name=_("host bid"), null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem", verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        return self.election.title


class Candidacy(models.Model):
    """A member standing for election, filed by its focal point with a statement."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="candidacies")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="candidacies")
    statement = models.TextField(_("statement"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FILED)
    carried_from = models.ForeignKey(
        "self", verbose_name=_("carried over from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("In a run-off: the candidacy of the first round."),
    )

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["election", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], name="candidacy_once_per_member",
                violation_error_message=_("This member is already a candidate in this election."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.election}"


class RollEntry(models.Model):
    """A member entitled to vote, as frozen at the roll freeze. Never changed afterwards: the election's
    `roll_hash` is the SHA-256 of the whole roll and `election_verify` recomputes it."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="roll")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="roll_entries")
    member_name = models.CharField(_("name at the freeze"), max_length=200)
    region = models.CharField(_("region at the freeze"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll")
        ordering = ["election", "member_name"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="roll_once_per_member")]

    def __str__(self) -> str:
        return self.member_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("The roll cannot change after the freeze."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The roll cannot change after the freeze."))


class VoterRecord(models.Model):
    """Says only that a member has voted (when last, by which delegate, how many times).

    In a secret vote it holds `receipt_hash` = HMAC-SHA256(election.ballot_key, receipt of the member's
    counted ballot) while voting runs, so that a later ballot of the same member can supersede the earlier
    one ("the last ballot counts") without the ballot pointing to the member. Trade-off: while voting is
    open, whoever reads both the election row (the key) and this table could recompute the HMAC of every
    published receipt and link a ballot to its member — the Secretariat's database administrators, not
    the portal's users. At the close the key is erased and these hashes are blanked, after which no link
    exists anywhere. Ballots carry a random UUID key and no time, so neither their id order nor a
    timestamp correlates with `voted_at`; at the close they are also rewritten in random order, so that
    the database's own write order does not correlate either (services.voting._reshuffle_secret_ballots).
    """

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="voter_records")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="voter_records")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cast by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voted_at = models.DateTimeField(_("last voted"))
    ballot_version = models.PositiveIntegerField(_("ballots cast"), default=1)
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        ordering = ["election", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], name="voter_record_once_per_member",
                violation_error_message=_("This member has already voted."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} voted in {self.election}"


def new_receipt() -> str:
    """A receipt code such as K7QF-2M9X-PL4D: 80 random bits, unambiguous letters and digits."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class OpenBallot(models.Model):
    """A ballot of an open vote: who voted what is published with the result."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="open_ballots")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="open_ballots")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cast by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(_("cast"))
    receipt = models.CharField(_("receipt"), max_length=19, unique=True, default=new_receipt)
    choices = models.JSONField(_("choices"), default=list)
    counted = models.BooleanField(_("counted"), default=True, help_text=_("False once a later ballot of the member replaced it."))

    class Meta:
        verbose_name = _("open ballot")
        verbose_name_plural = _("open ballots")
        ordering = ["election", "member__name", "cast_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], condition=Q(counted=True), name="open_ballot_one_counted_per_member",
                violation_error_message=_("This member already has a counted ballot."),
            )
        ]

    def __str__(self) -> str:
        return self.receipt


class SecretBallot(models.Model):
    """A ballot of a secret vote: the election, the choices and a random receipt code — nothing else.

    No member, no user, no time, and a random UUID primary key (no insertion order). The delegate keeps
    the receipt and finds it in the published list of counted ballots.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="secret_ballots")
    receipt = models.CharField(_("receipt"), max_length=19, unique=True, default=new_receipt)
    choices = models.JSONField(_("choices"), default=list)
    counted = models.BooleanField(_("counted"), default=True, help_text=_("False once a later ballot replaced it."))

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        ordering = ["election", "receipt"]
        constraints = [
            models.UniqueConstraint(fields=["election", "receipt"], name="secret_ballot_unique_receipt"),
        ]

    def __str__(self) -> str:
        return self.receipt


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The election log is append-only."))

    def delete(self):
        raise ValidationError(_("The election log is append-only."))


class ElectionLogEntry(models.Model):
    """One step of an election, chained: `entry_hash` = SHA-256 over this entry and `prev_hash`, the
    previous entry's hash. Append-only: entries are never updated or deleted (`election_verify` checks)."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="log")
    seq = models.PositiveIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=60)
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("election log entry")
        verbose_name_plural = _("election log")
        ordering = ["election", "seq"]
        constraints = [models.UniqueConstraint(fields=["election", "seq"], name="election_log_unique_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("The election log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The election log is append-only."))
