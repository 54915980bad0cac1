"""Shortlists (finalists), tie decisions, public votes and prizes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .editions import FINALISTS_PER_CATEGORY, Category, Edition
from .entries import Entry


class TieDecision(models.Model):
    """The Secretariat's recorded decision on entries tied at the shortlist boundary.

    `contenders` are the entries that were tied (ids), `chosen` those that advance; the reason is
    kept for the record. The latest decision matching the current tie is the one applied.
    """

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="tie_decisions")
    contenders = models.JSONField(_("tied entries"), default=list)
    boundary_score = models.FloatField(_("tied score"))
    chosen = models.ManyToManyField(Entry, verbose_name=_("entries that advance"), related_name="+")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("tie decision")
        verbose_name_plural = _("tie decisions")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.category} — {self.decided_at:%Y-%m-%d}"


class Shortlist(models.Model):
    """The published shortlist of a category. It exists only once published and is frozen."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="shortlists")
    category = models.OneToOneField(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="shortlist")
    ranking_method = models.CharField(_("ranking method"), max_length=20, choices=Edition.RankingMethod.choices)
    tie_decision = models.ForeignKey(
        TieDecision, verbose_name=_("tie decision applied"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["edition", "category__order"]

    def __str__(self) -> str:
        return f"{self.category} ({self.edition.year})"


class Finalist(models.Model):
    """An entry on a published shortlist: at most five per category (positions 1–5)."""

    shortlist = models.ForeignKey(Shortlist, verbose_name=_("shortlist"), on_delete=models.PROTECT, related_name="finalists")
    entry = models.OneToOneField(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="finalist")
    position = models.PositiveSmallIntegerField(_("position in the judging"))
    judging_score = models.FloatField(_("judging score"))
    via_tie_decision = models.BooleanField(_("advanced by a tie decision"), default=False)

    class Meta:
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        ordering = ["shortlist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "position"], name="awards_finalist_unique_position"),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=FINALISTS_PER_CATEGORY),
                name="awards_finalist_at_most_five",
            ),
        ]

    def __str__(self) -> str:
        return str(self.entry)


class Vote(models.Model):
    """A public vote: one per verified account per category. Voided votes stay, with their reason."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="votes")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="votes")
    entry = models.ForeignKey(Entry, verbose_name=_("finalist"), on_delete=models.PROTECT, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="award_votes"
    )
    email_domain = models.CharField(_("email domain"), max_length=255, db_index=True)
    ip_hash = models.CharField(_("network (hashed)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("cast"), default=timezone.now, db_index=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"],
                name="awards_vote_one_per_account_per_category",
                violation_error_message=_("You have already voted in this category."),
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="awards_vote_void_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["entry", "created_at"], name="awards_vote_entry_time_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.entry_id}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None


class Prize(models.Model):
    """A prize: the Best (most votes) and the Outstanding (second) e-Government Prize of a category."""

    class Kind(models.IntegerChoices):
        BEST = 1, _("Best e-Government Prize")
        OUTSTANDING = 2, _("Outstanding e-Government Prize")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="prizes")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="prizes")
    entry = models.OneToOneField(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="prize")
    kind = models.PositiveSmallIntegerField(_("prize"), choices=Kind.choices)
    votes = models.PositiveIntegerField(_("valid votes"))
    tie_note = models.TextField(_("tie settled"), blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["edition", "category__order", "kind"]
        constraints = [models.UniqueConstraint(fields=["category", "kind"], name="awards_prize_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.entry}"
