"""Judges, their assignments (with conflicts) and their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .editions import Category, Criterion, Edition
from .entries import Entry


class Judge(models.Model):
    """A professional judge of one edition: a user with the city and country they come from.

    A judge is never assigned, and never shown, entries from their own city or country.
    """

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="award_judgeships"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("city (WeGO member)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The judge's own city or organisation, when it is a WeGO member."),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"))
    affiliation = models.CharField(_("position and organisation"), max_length=200, blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("categories judged"), related_name="judges", blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["edition", "user__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="awards_judge_once_per_edition")]

    def __str__(self) -> str:
        return f"{self.user} ({self.country.code})"


class Assignment(models.Model):
    """An entry given to a judge. The judge may declare a conflict (recusal) with a reason.

    The countries of both sides are copied here so that the database itself refuses an
    assignment of an entry to a judge from the same country.
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To score")
        SUBMITTED = "submitted", _("Scores submitted")
        RECUSED = "recused", _("Conflict declared")

    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="assignments")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="assignments")
    judge_country = models.CharField(max_length=2, editable=False)
    entry_country = models.CharField(max_length=2, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    recused_at = models.DateTimeField(_("conflict declared"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["judge", "entry__title"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="awards_assignment_once"),
            models.CheckConstraint(
                condition=~Q(judge_country=F("entry_country")),
                name="awards_assignment_never_own_country",
                violation_error_message=_("A judge is never assigned an entry from their own country."),
            ),
            models.CheckConstraint(
                condition=~Q(status="recused") | ~Q(conflict_reason=""),
                name="awards_assignment_recusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class Score(models.Model):
    """A judge's score (1–10) and comment on one criterion of one entry.

    Scores count once submitted (`submitted_at` set for all criteria at once); before that they
    are the judge's draft. One score per judge, entry and criterion.
    """

    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="scores")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entry", "judge", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry", "criterion"], name="awards_score_once_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=10),
                name="awards_score_between_1_and_10",
                violation_error_message=_("A score is between 1 (lowest) and 10 (highest)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry_id} · {self.criterion}: {self.score}"
