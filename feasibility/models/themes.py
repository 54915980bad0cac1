"""Thematic priorities: the Secretariat asks members to rank themes; the winner sets the year's call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme a feasibility study may take (civic participation systems, m-Government, SDI …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField("wego.Topic", blank=True, related_name="+", verbose_name=_("topics"))

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ThemeSurvey(models.Model):
    """A survey of thematic priorities: draft → open → closed → decided (a theme chosen)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year of the call"))
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="surveys")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    chosen_theme = models.ForeignKey(
        Theme, verbose_name=_("chosen theme"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("thematic priorities survey")
        verbose_name_plural = _("thematic priorities surveys")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="decided") | models.Q(chosen_theme__isnull=False),
                name="survey_decided_has_theme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def accepts_rankings(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and (self.closes_at is None or now < self.closes_at)


class ThemeRanking(models.Model):
    """One member's ranking of a survey's themes, given once by its focal point."""

    survey = models.ForeignKey(ThemeSurvey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="rankings")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="theme_rankings"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("theme ranking")
        verbose_name_plural = _("theme rankings")
        ordering = ["survey", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"], name="ranking_one_per_member_per_survey",
                violation_error_message=_("This member has already ranked the themes of this survey."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.survey}"


class ThemeRankingEntry(models.Model):
    """A theme's place (1 = most wanted) in one member's ranking."""

    ranking = models.ForeignKey(ThemeRanking, verbose_name=_("ranking"), on_delete=models.CASCADE, related_name="entries")
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="ranking_entries")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("ranked theme")
        verbose_name_plural = _("ranked themes")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "theme"], name="ranking_entry_theme_once"),
            models.UniqueConstraint(fields=["ranking", "position"], name="ranking_entry_position_once"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="ranking_entry_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.theme}"
